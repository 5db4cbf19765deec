"""Serializers of outlets, origins and articles for the API."""

import copy
import datetime
from collections.abc import Mapping
from functools import partial

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import ISO_8601, serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject
from rest_framework.settings import api_settings

from sources.models import Article, DatePrecision, Origin, Outlet


class RejectUnknownFieldsMixin:
    """A field the serializer does not know is an error, not silently dropped: a misspelt
    correction must not look as if it were saved."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            unknown = sorted(str(name) for name in data if name not in self.fields)
            if unknown:
                known = ", ".join(self.fields)
                raise serializers.ValidationError(
                    {name: [f"Unknown field; the fields are {known}."] for name in unknown}
                )
        return super().to_internal_value(data)


class StrictCharField(serializers.CharField):
    """Text only: numbers and booleans are not silently turned into strings."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


# For model serializers that take input: text fields take text only.
STRICT_FIELD_MAPPING = {
    **serializers.ModelSerializer.serializer_field_mapping,
    models.CharField: StrictCharField,
    models.TextField: StrictCharField,
}


class ModelOutputSerializer(serializers.ModelSerializer):
    """A read-only model serializer whose schema admits the blanks and nulls the model does.

    DRF drops allow_blank from read-only fields, which would make the schema promise an enum
    value where a blank choice is stored.
    """

    def get_fields(self):
        """The fields, built once per class and copied for each serializer.

        DRF builds every field anew for every serializer (deep copies of the declared ones and
        model introspection for the rest): four serializers a claim list request, a tenth of its
        CPU. Plain fields are copied shallowly, having no state but what binding sets on the
        copy; nested serializers are deep-copied, as DRF does, since a list serializer's child
        is bound to it.
        """
        cls = type(self)
        prototypes = cls.__dict__.get("_field_prototypes")
        if prototypes is None:
            prototypes = self._built_fields()
            cls._field_prototypes = prototypes
        return {
            name: copy.deepcopy(field)
            if isinstance(field, serializers.BaseSerializer)
            else _shallow_copy(field)
            for name, field in prototypes.items()
        }

    def _built_fields(self):
        fields = super().get_fields()
        meta = self.Meta.model._meta
        for name, field in fields.items():
            source = field.source if field.source not in (None, "*") else name
            try:
                model_field = meta.get_field(source)
            except FieldDoesNotExist:
                continue
            if isinstance(field, serializers.ChoiceField) and model_field.blank:
                field.allow_blank = True
            if model_field.null:
                field.allow_null = True
        return fields

    def to_representation(self, instance):
        """DRF's representation, its per-field lookups planned once per serializer.

        A list serializer reuses its child for every row, and DRF's generic lookup per field and
        row (source walking, callable checks) cost more than the database for a page of 50.
        """
        plan = self.__dict__.get("_output_plan")
        if plan is None:
            plan = self._output_plan = [
                _field_plan(field, self.Meta.model) for field in self._readable_fields
            ]
        out = {}
        for name, attribute, stored, represent in plan:
            if attribute is None:
                value = represent(instance)
                if value is not _SKIP:
                    out[name] = value
                continue
            value = getattr(instance, attribute)
            # A text, number or flag stored as its field represents it goes out as it is.
            out[name] = value if value is None or type(value) is stored else represent(value)
        return out


def _shallow_copy(field):
    """copy.copy of a field, without its generic reduce protocol (a third of its cost)."""
    new = object.__new__(type(field))
    new.__dict__.update(field.__dict__)
    return new


_SKIP = object()
# Fields whose to_representation returns a stored value of the model field's own type as it is.
_AS_STORED = {
    serializers.CharField: str,
    StrictCharField: str,
    serializers.ChoiceField: str,
    serializers.IntegerField: int,
    serializers.BooleanField: bool,
}


def _field_plan(field, model) -> tuple:
    """(name, attribute, stored, represent): a concrete model field or a nested serializer read
    straight from its attribute, and sent as it is when its value's type is `stored`; anything
    else the way DRF reads it (represent then takes the instance)."""
    attrs = field.source_attrs
    plain = len(attrs) == 1 and not isinstance(
        field, serializers.RelatedField | serializers.ManyRelatedField
    )
    if plain:
        try:
            model_field = model._meta.get_field(attrs[0])
        except FieldDoesNotExist:
            # An annotation, property or method: DRF calls a method, and leaves out a read-only
            # field whose attribute is missing.
            plain = False
        else:
            plain = model_field.concrete and not model_field.many_to_many
    if not plain:
        return field.field_name, None, None, partial(_as_drf_does, field)
    stored = _AS_STORED.get(type(field), _NEVER)
    if type(field) is serializers.DateTimeField:
        output = getattr(field, "format", api_settings.DATETIME_FORMAT)
        zone = field.timezone if hasattr(field, "timezone") else field.default_timezone()
        if isinstance(output, str) and output.lower() == ISO_8601 and zone is not None:
            return field.field_name, attrs[0], stored, partial(_aware_iso, zone, field)
    return field.field_name, attrs[0], stored, field.to_representation


class _NEVER:
    """The type no value has: a field whose values always go through its to_representation."""


def _aware_iso(zone, field, value):
    """DRF's ISO 8601 of an aware datetime, with the current time zone looked up once a
    serializer rather than once a value (a quarter of a claim list's serializing)."""
    if type(value) is not datetime.datetime or value.utcoffset() is None:
        return field.to_representation(value)
    try:
        text = value.astimezone(zone).isoformat()
    except OverflowError:
        return field.to_representation(value)
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _as_drf_does(field, instance):
    try:
        attribute = field.get_attribute(instance)
    except SkipField:
        return _SKIP
    check = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
    return None if check is None else field.to_representation(attribute)


def _web_address(help_text: str) -> serializers.CharField:
    # Not a URLField in the schema: a blank address is allowed and is no URI.
    return serializers.CharField(read_only=True, help_text=help_text)


class OutletSummarySerializer(ModelOutputSerializer):
    class Meta:
        model = Outlet
        fields = ["id", "name", "kind"]
        read_only_fields = fields


class OutletSerializer(ModelOutputSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="outlet-detail")
    homepage = _web_address("the outlet's home page, or empty")
    article_count = serializers.IntegerField(read_only=True)
    claim_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Outlet
        fields = [
            "id",
            "url",
            "name",
            "key",
            "kind",
            "country",
            "homepage",
            "notes",
            "article_count",
            "claim_count",
            "created",
            "updated",
        ]
        read_only_fields = fields


class OriginSummarySerializer(ModelOutputSerializer):
    class Meta:
        model = Origin
        fields = ["id", "name", "key"]
        read_only_fields = fields


class OriginSerializer(ModelOutputSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="origin-detail")
    claim_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Origin
        fields = ["id", "url", "name", "key", "notes", "claim_count", "created", "updated"]
        read_only_fields = fields


class ArticleSummarySerializer(ModelOutputSerializer):
    """What a claim says about the article it comes from."""

    outlet = OutletSummarySerializer(read_only=True)
    url = _web_address("the article's address on the web, or empty")

    class Meta:
        model = Article
        fields = ["id", "title", "url", "outlet", "published"]
        read_only_fields = fields


class ArticleSerializer(ModelOutputSerializer):
    api_url = serializers.HyperlinkedIdentityField(view_name="article-detail")
    page_url = serializers.SerializerMethodField()
    url = _web_address("the article's address on the web, or empty")
    outlet = OutletSummarySerializer(read_only=True)
    claim_count = serializers.IntegerField(read_only=True)
    claims_url = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "id",
            "api_url",
            "page_url",
            "title",
            "url",
            "outlet",
            "author",
            "published",
            "published_precision",
            "language",
            "wire",
            "sha256",
            "claim_count",
            "claims_url",
            "created",
            "updated",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField())
    def get_page_url(self, article: Article) -> str:
        return _absolute(self.context, article.get_absolute_url())

    @extend_schema_field(serializers.CharField())
    def get_claims_url(self, article: Article) -> str:
        return claims_url(self.context, article.pk)


class ArticleDetailSerializer(ArticleSerializer):
    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "text"]
        read_only_fields = fields


class ArticleCreateSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    """The JSON an article is posted as: checked for shape here, then by the ingest's rules."""

    title = StrictCharField(max_length=500)
    text = StrictCharField(help_text="the article's plain text", trim_whitespace=False)
    url = StrictCharField(
        max_length=1000,
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text="the article's http(s) address, or empty; one article per address",
    )
    outlet = StrictCharField(
        max_length=200,
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text="the outlet's name; outlets are matched by name and created when new",
    )
    outlet_kind = serializers.ChoiceField(
        choices=Outlet.Kind.choices, required=False, allow_blank=True, allow_null=True
    )
    published = StrictCharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text="YYYY-MM-DD, YYYY-MM, YYYY or an ISO 8601 date-time",
    )
    published_precision = serializers.ChoiceField(
        choices=DatePrecision.choices, required=False, allow_blank=True, allow_null=True
    )
    author = StrictCharField(max_length=300, required=False, allow_blank=True, allow_null=True)
    wire = StrictCharField(
        max_length=200,
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text="the wire report this article relays, if any",
    )
    language = StrictCharField(
        max_length=12, required=False, allow_blank=True, allow_null=True, help_text="e.g. en"
    )
    retrieved = serializers.DateTimeField(
        required=False, allow_null=True, help_text="when it was fetched, ISO 8601"
    )


class ArticleIngestResultSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=["imported", "updated", "unchanged"], help_text="what the ingest did"
    )
    detail = serializers.CharField(help_text="why an article was left unchanged, if it was")
    article = ArticleSerializer()
    claims_url = serializers.CharField(help_text="where this article's claims appear")


def claims_url(context: dict, article_id: int) -> str:
    return _absolute(context, f"{reverse('claim-list')}?article={article_id}")


def _absolute(context: dict, path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path
