"""Light rows for a list's output serializer: the columns it reads, read as named tuples."""

from collections import namedtuple
from operator import itemgetter

from django.core.exceptions import FieldDoesNotExist
from rest_framework import serializers

from kbase.api_support import ObjectURLField


class _Level:
    """One object of a row (the claim, its article, the article's outlet...): its columns'
    places in the flat row, the objects nested in it, and the tuple class it is built as."""

    def __init__(self, model, name: str, path: str, columns: list[str]):
        self.model, self.name, self.path, self.columns = model, name, path, columns
        self.names: list[str] = []
        self.places: list[int] = []
        self.nested: list[_Level] = []
        self.pk_place = self.add(model._meta.pk.name)

    def add(self, name: str, column: str | None = None) -> int:
        if name in self.names:
            return self.places[self.names.index(name)]
        self.columns.append(column or f"{self.path}{name}")
        self.names.append(name)
        self.places.append(len(self.columns) - 1)
        return self.places[-1]

    def finish(self) -> None:
        fields = [*self.names, *(level.name for level in self.nested)]
        base = namedtuple(f"{self.model.__name__}Row", fields)
        pk = self.names.index(self.model._meta.pk.name)
        self.row_class = type(
            base.__name__, (base,), {"__slots__": (), "pk": property(itemgetter(pk))}
        )
        self.own = itemgetter(*self.places) if len(self.places) > 1 else None
        for level in self.nested:
            level.finish()

    def build(self, row: tuple):
        if row[self.pk_place] is None:
            return None
        own = self.own(row) if self.own is not None else (row[self.pk_place],)
        return self.row_class(*own, *(level.build(row) for level in self.nested))


class ListRows:
    """The rows of a list serializer's objects read as flat tuples and built into named tuples
    that answer every attribute the serializer reads, in place of model instances.

    A page of 50 claims built about 200 model instances (claims, articles, outlets, origins,
    each with Django's init signals) in a third of the request's CPU; the serializer reads a
    dozen columns of each. Only what the output serializers here use is supported (concrete
    fields, queryset annotations, nested model serializers, slug relations, object URLs);
    anything else fails when the reader is made, not when a request reads a row.
    """

    def __init__(self, serializer_class: type[serializers.ModelSerializer]):
        self.columns: list[str] = []
        self.root = _Level(serializer_class.Meta.model, "", "", self.columns)
        self._walk(serializer_class(), self.root, top=True)
        self.root.finish()

    def _walk(self, serializer, level: _Level, *, top: bool) -> None:
        meta = level.model._meta
        for field in serializer.fields.values():
            if field.write_only:
                continue
            if isinstance(field, ObjectURLField):
                continue  # it reads the pk, which every level has
            if field.source == "*" or len(field.source_attrs) != 1:
                raise TypeError(f"{type(field).__name__} {field.field_name!r} reads no column")
            name = field.source_attrs[0]
            try:
                model_field = meta.get_field(name)
            except FieldDoesNotExist:
                if not top or isinstance(
                    field, serializers.BaseSerializer | serializers.RelatedField
                ):
                    raise TypeError(
                        f"{field.field_name!r} is not a field of {meta.label}"
                    ) from None
                level.add(name, name)  # an annotation of the queryset
                continue
            if isinstance(field, serializers.ModelSerializer):
                nested = _Level(
                    model_field.related_model, name, f"{level.path}{name}__", self.columns
                )
                self._walk(field, nested, top=False)
                level.nested.append(nested)
            elif isinstance(field, serializers.SlugRelatedField):
                nested = _Level(
                    model_field.related_model, name, f"{level.path}{name}__", self.columns
                )
                nested.add(field.slug_field)
                level.nested.append(nested)
            elif isinstance(field, serializers.RelatedField | serializers.BaseSerializer):
                raise TypeError(f"{type(field).__name__} {field.field_name!r} is not supported")
            elif model_field.concrete and not model_field.is_relation:
                level.add(name)
            else:
                raise TypeError(f"{field.field_name!r} of {meta.label} is no column")

    def of(self, queryset) -> "RowPages":
        """The queryset's objects as rows, counted and sliced as a paginator pages them."""
        return RowPages(self, queryset)

    def build(self, rows) -> list:
        build = self.root.build
        return [build(row) for row in rows]


class RowPages:
    def __init__(self, reader: ListRows, queryset):
        self.reader, self.queryset = reader, queryset

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, index: slice) -> list:
        return self.reader.build(self.queryset.values_list(*self.reader.columns)[index])
