"""DRF-wide pieces of the API: pagination, permissions, ordering, filters and error bodies."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import SAFE_METHODS, BasePermission

CURATOR_GROUP = "curator"
MAX_PAGE_SIZE = 200
# The largest id PostgreSQL's bigint holds; larger ids in filters are refused, not crashed on.
MAX_ID = 2**63 - 1


class Pagination(PageNumberPagination):
    """Page numbers with a client-chosen page size, refused outside 1..MAX_PAGE_SIZE."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise exceptions.ValidationError(
                {"page_size": [f"Must be a whole number from 1 to {self.max_page_size}."]}
            )
        return size

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
        params = request.query_params.get(self.ordering_param)
        if params:
            fields = [param.strip() for param in params.split(",") if param.strip()]
            valid = {
                name for name, _ in self.get_valid_fields(queryset, view, {"request": request})
            }
            unknown = [f for f in fields if f.lstrip("-") not in valid]
            if unknown or not fields:
                raise exceptions.ValidationError(
                    {
                        self.ordering_param: [
                            f"Unknown ordering {', '.join(unknown) or params!r}; "
                            f"choose from {', '.join(sorted(valid))}, each optionally "
                            "preceded by '-'."
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
        choices = [p for f in fields for p in (f, f"-{f}")]
        for parameter in parameters:
            if choices:
                parameter["schema"] = {"type": "string", "enum": choices}
                parameter["description"] = (
                    "Order by one field; '-' reverses. Ties are broken by id, newest first."
                )
        return parameters


class IdFilter(filters.NumberFilter):
    """An id: a whole number within the range the database can hold."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class StrictBooleanField(forms.Field):
    """ "true"/"false" (or 1/0); anything else is an error rather than being ignored."""

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


def api_exception_handler(exc, context):
    """DRF's handler, plus JSON bodies for Django's own validation errors."""
    # Imported here: rest_framework.views reads the settings that name this module.
    from rest_framework.views import exception_handler

    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = exceptions.ValidationError(detail)
    return exception_handler(exc, context)


def api_not_found(request, *args, **kwargs):
    """A JSON 404 for paths under /api/ that name no resource."""
    return JsonResponse({"detail": "No such API resource."}, status=404)
