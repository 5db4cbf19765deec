"""DRF-wide pieces of the API: pagination, permissions, ordering, filters and error bodies."""

import copy
import re
from decimal import ROUND_CEILING, Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import SAFE_METHODS, BasePermission

from kbase.reversing import URL_MARK, pk_url

CURATOR_GROUP = "curator"
MAX_PAGE_SIZE = 200
# The largest id PostgreSQL's bigint holds; larger ids in filters are refused, not crashed on.
MAX_ID = 2**63 - 1
ONCE = "Give this parameter once."


def single_param(request, name: str) -> str | None:
    """The one value of a query parameter, None when absent; a repeated one is a 400."""
    values = request.query_params.getlist(name)
    if len(values) > 1:
        raise exceptions.ValidationError({name: [ONCE]})
    return values[0] if values else None


class Pagination(PageNumberPagination):
    """Page numbers with a client-chosen page size, refused outside 1..MAX_PAGE_SIZE."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    # Page numbers only: "last" would be a string where the schema promises an integer.
    last_page_strings = ()

    def get_page_size(self, request):
        raw = single_param(request, self.page_size_query_param)
        if raw is None:
            return self.page_size
        size = int(raw) if raw.isascii() and raw.isdigit() else 0
        if not 1 <= size <= self.max_page_size:
            raise exceptions.ValidationError(
                {"page_size": [f"Must be a whole number from 1 to {self.max_page_size}."]}
            )
        return size

    def get_page_number(self, request, paginator):
        raw = single_param(request, self.page_query_param)
        if raw is None:
            return 1
        if not (raw.isascii() and raw.isdigit()):
            raise exceptions.NotFound("Invalid page.")
        return raw

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            schema = parameter["schema"]
            schema["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                schema["maximum"] = self.max_page_size
                schema["default"] = self.page_size
        return parameters


def is_curator(user) -> bool:
    if not user or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=CURATOR_GROUP).exists()


class ReadOpenWriteCurator(BasePermission):
    """Reads for anyone (or any signed-in user when KBASE["REQUIRE_LOGIN_FOR_READS"]); writes
    for curators only."""

    message = "Only curators may change the knowledge base."

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            if settings.KBASE.get("REQUIRE_LOGIN_FOR_READS"):
                return bool(request.user and request.user.is_authenticated)
            return True
        return is_curator(request.user)


class StableOrderingFilter(OrderingFilter):
    """Ordering by listed fields only (others are a 400), always ending in a unique tiebreaker."""

    tiebreaker = "-id"

    def get_ordering(self, request, queryset, view):
        raw = single_param(request, self.ordering_param)
        if raw is not None:
            fields = [param.strip() for param in raw.split(",")]
            context = {"request": request}
            valid = {name for name, _ in self.get_valid_fields(queryset, view, context)}
            unknown = [f for f in fields if f.removeprefix("-") not in valid]
            if unknown:
                raise exceptions.ValidationError(
                    {
                        self.ordering_param: [
                            f"Unknown ordering {', '.join(map(repr, unknown))}; choose from "
                            f"{', '.join(sorted(valid))}, each optionally preceded by '-', "
                            "separated by commas."
                        ]
                    }
                )
            ordering = fields
        elif "rank" in queryset.query.annotations:
            # A full-text search with no ordering asked for lists the best matches first.
            ordering = ["-rank"]
        else:
            ordering = list(self.get_default_ordering(view) or ())
        return self._with_tiebreaker(ordering)

    def _with_tiebreaker(self, ordering: list[str]) -> list[str]:
        if not any(field.lstrip("-") in {"id", "pk"} for field in ordering):
            ordering.append(self.tiebreaker)
        return ordering

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        fields = [f for f in getattr(view, "ordering_fields", ()) if f != "__all__"]
        if not fields:
            return parameters
        one = "-?(?:" + "|".join(re.escape(f) for f in fields) + ")"
        for parameter in parameters:
            parameter["schema"] = {"type": "string", "pattern": f"^{one}(?:,{one})*$"}
            parameter["description"] = (
                f"Order by {', '.join(fields)}; '-' reverses, commas separate several. "
                "Ties are broken by id, newest first."
            )
        return parameters


class _FilterCopies(dict):
    """A filter set's base filters, copied one by one rather than deeply for each request.

    django-filter deep-copies every filter (and all it refers to) for each request, which cost
    a claim list more than its SQL; a filter's own attributes are all a request changes.
    """

    def __deepcopy__(self, memo):
        copies = {}
        for name, original in self.items():
            clone = copy.copy(original)
            if getattr(original, "_method", None) is not None:
                # The setter binds a fresh FilterMethod to the clone, not the original.
                clone.method = original._method
            copies[name] = clone
        return copies


class StrictFilterSet(filters.FilterSet):
    """Filters whose typed parameters may not be blank, and no parameter may come twice."""

    def __init__(self, *args, **kwargs):
        cls = type(self)
        if not isinstance(cls.__dict__.get("base_filters"), _FilterCopies):
            cls.base_filters = _FilterCopies(cls.base_filters)
        super().__init__(*args, **kwargs)

    def get_form_class(self):
        """The form class, built once per filter set: django-filter builds a field for every
        filter and a class of them for each request (half of filtering's CPU). A form copies
        its class's fields when made, as for any Django form, and the fields depend on nothing
        a request sets (one language; no request-dependent choices)."""
        cls = type(self)
        form_class = cls.__dict__.get("_form_class")
        if form_class is None:
            form_class = cls._form_class = super().get_form_class()
        return form_class

    def is_valid(self):
        form = self.form
        valid = form.is_valid()
        getlist = getattr(self.data, "getlist", None)
        for name, filter_ in self.filters.items():
            if name not in self.data:
                continue
            values = getlist(name) if getlist else [self.data[name]]
            if len(values) > 1:
                form.add_error(name, ONCE)
            elif not isinstance(filter_, filters.CharFilter) and not str(values[0]).strip():
                form.add_error(name, "May not be blank.")
        return valid and not form.errors


# Text without NUL characters, which no stored text holds and PostgreSQL cannot take.
NO_NUL = {"type": "string", "pattern": "^[^\\u0000]*$"}


@extend_schema_field(NO_NUL)
class TextFilter(filters.CharFilter):
    """A text parameter; a NUL character in it is a 400 (Django's forms refuse it)."""


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(filters.NumberFilter):
    """An id: a whole number within the range the database can hold."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class FigureField(forms.Field):
    """A finite number, rounded outwards to the 4 decimal places figures are stored with."""

    LIMIT = Decimal("1e16")

    def __init__(self, *args, rounding: str = ROUND_CEILING, **kwargs):
        self.rounding = rounding
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in (None, ""):
            return None
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise forms.ValidationError("Enter a number.") from None
        if not number.is_finite():
            raise forms.ValidationError("Enter a finite number.")
        # Stored figures stay within ±10^16, so a larger bound selects the same rows.
        number = max(-self.LIMIT, min(self.LIMIT, number))
        return number.quantize(Decimal("0.0001"), rounding=self.rounding)


@extend_schema_field(OpenApiTypes.NUMBER)
class FigureFilter(filters.Filter):
    field_class = FigureField


class StrictBooleanField(forms.Field):
    """true/false (or 1/0); anything else is an error rather than being ignored."""

    TRUE = {"true", "1"}
    FALSE = {"false", "0"}

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise forms.ValidationError("Must be true or false.")


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(filters.Filter):
    field_class = StrictBooleanField


class JSONErrorsMixin:
    """Errors are JSON even from views whose success is another media type (JSON-LD), and a
    blank or repeated ?format= is an error rather than the default."""

    def perform_content_negotiation(self, request, force=False):
        if not force:
            fmt = single_param(request, "format")
            if fmt is not None and not fmt.strip():
                raise exceptions.NotFound("Unknown format ''.")
        return super().perform_content_negotiation(request, force)

    def handle_exception(self, exc):
        from rest_framework.renderers import JSONRenderer

        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)


class RequestTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "request_too_large"


def api_exception_handler(exc, context):
    """DRF's handler, plus JSON bodies for Django's own validation errors and oversized bodies."""
    # Imported here: rest_framework.views reads the settings that name this module.
    from rest_framework.views import exception_handler

    if isinstance(exc, RequestDataTooBig):
        # Django refuses the body unread; left to Django it would be an HTML 400 (a 500 in tests).
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        exc = RequestTooLarge(f"The request body is over the limit of {limit:,} bytes.")
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = exceptions.ValidationError(detail)
    return exception_handler(exc, context)


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    """A JSON 404 for paths under /api/ that name no resource, whatever the method."""
    return JsonResponse({"detail": "No such API resource."}, status=404)


def object_url(context: dict, view_name: str, pk: int) -> str:
    """The absolute URL of one object's view. A list of 50 rows builds the absolute address
    once per view name, not once per row (the serializer context lives for one response)."""
    templates = context.setdefault("_object_url_templates", {})
    template = templates.get(view_name)
    if template is None:
        path = pk_url(view_name, URL_MARK)
        request = context.get("request")
        template = request.build_absolute_uri(path) if request is not None else path
        templates[view_name] = template
    return template.replace(str(URL_MARK), str(pk))


@extend_schema_field(OpenApiTypes.URI)
class ObjectURLField(serializers.Field):
    """A read-only absolute URL of the object's `view_name` (see object_url)."""

    def __init__(self, view_name: str, **kwargs):
        self.view_name = view_name
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        return object_url(self.context, self.view_name, value.pk)
