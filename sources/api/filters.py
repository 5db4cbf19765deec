"""Filters of the outlet, origin and article lists."""

from django_filters import rest_framework as filters

from kbase.api_support import IdFilter, StrictFilterSet, TextFilter
from sources.models import Article, Origin, Outlet


class OutletFilter(StrictFilterSet):
    kind = filters.ChoiceFilter(choices=Outlet.Kind.choices)
    country = TextFilter(help_text="ISO 3166-1 alpha-2 code")
    name = TextFilter(field_name="name", lookup_expr="icontains", help_text="part of the name")

    class Meta:
        model = Outlet
        fields = ["kind", "country", "name"]


class OriginFilter(StrictFilterSet):
    name = TextFilter(field_name="name", lookup_expr="icontains", help_text="part of the name")
    key = TextFilter(help_text="the normalised name, exactly")

    class Meta:
        model = Origin
        fields = ["name", "key"]


class ArticleFilter(StrictFilterSet):
    outlet = IdFilter(field_name="outlet", help_text="the outlet's id")
    published_after = filters.DateFilter(
        field_name="published", lookup_expr="gte", help_text="published on or after (YYYY-MM-DD)"
    )
    published_before = filters.DateFilter(
        field_name="published", lookup_expr="lte", help_text="published on or before (YYYY-MM-DD)"
    )
    wire = TextFilter(help_text="key of the relayed wire report")
    q = TextFilter(
        method="filter_q",
        help_text="words in the title or text (PostgreSQL full-text search; every word elsewhere)",
    )

    class Meta:
        model = Article
        fields = ["outlet", "published_after", "published_before", "wire", "q"]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)
