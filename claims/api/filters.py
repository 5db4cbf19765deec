"""Filters of the claim, link and topic lists."""

from decimal import ROUND_CEILING, ROUND_FLOOR

from django.db.models import Q
from django_filters import rest_framework as filters

from claims.models import Claim, ClaimLink, Kind, Measure, Provision, ReviewStatus, Topic
from kbase.api_support import (
    FigureFilter,
    IdFilter,
    StrictBooleanFilter,
    StrictFilterSet,
    TextFilter,
)


class ClaimFilter(StrictFilterSet):
    kind = filters.ChoiceFilter(choices=Kind.choices)
    measure = filters.ChoiceFilter(choices=Measure.choices)
    place = TextFilter(help_text="ISO 3166-1 alpha-2 code (KW), or world or gulf")
    origin = IdFilter(field_name="origin", help_text="the origin's id")
    outlet = IdFilter(field_name="article__outlet", help_text="the outlet's id")
    article = IdFilter(field_name="article", help_text="the article's id")
    topic = TextFilter(field_name="subject_key", help_text="the topic's key")
    review_status = filters.ChoiceFilter(choices=ReviewStatus.choices)
    instrument = TextFilter(help_text="e.g. UNSCR 2397")
    provision = filters.ChoiceFilter(choices=Provision.choices)
    as_of_after = filters.DateFilter(
        field_name="as_of", lookup_expr="gte", help_text="applies on or after (YYYY-MM-DD)"
    )
    as_of_before = filters.DateFilter(
        field_name="as_of", lookup_expr="lte", help_text="applies on or before (YYYY-MM-DD)"
    )
    # Rounded outwards to the stored 4 decimal places, which keeps the comparisons exact.
    value_min = FigureFilter(
        method="filter_value_min",
        rounding=ROUND_CEILING,
        help_text="the figure's range reaches at least this (value_high >= value_min)",
    )
    value_max = FigureFilter(
        method="filter_value_max",
        rounding=ROUND_FLOOR,
        help_text="the figure's range reaches at most this (value_low <= value_max)",
    )
    has_contradictions = StrictBooleanFilter(
        method="filter_has_contradictions",
        help_text="true: only claims with a contradicting link not rejected; false: none",
    )
    live = StrictBooleanFilter(
        method="filter_live",
        help_text="true: only claims not rejected and still anchored in their text",
    )
    q = TextFilter(
        method="filter_q",
        help_text="words in the quote (PostgreSQL full-text search; every word elsewhere)",
    )

    class Meta:
        model = Claim
        fields = []

    def filter_value_min(self, queryset, name, value):
        return queryset.filter(Q(value_high__gte=value) | Q(value_high=None, value_low__gte=value))

    def filter_value_max(self, queryset, name, value):
        return queryset.filter(Q(value_low__lte=value) | Q(value_low=None, value_high__lte=value))

    def filter_has_contradictions(self, queryset, name, value):
        contradicted = queryset.with_contradictions()
        if value:
            return contradicted
        return queryset.exclude(pk__in=contradicted.values("pk"))

    def filter_live(self, queryset, name, value):
        live = queryset.live()
        return live if value else queryset.exclude(pk__in=live.values("pk"))

    def filter_q(self, queryset, name, value):
        return queryset.search(value)


class ClaimLinkFilter(StrictFilterSet):
    relation = filters.ChoiceFilter(choices=ClaimLink.Relation.choices)
    decision = filters.ChoiceFilter(choices=ClaimLink.Decision.choices)
    method = filters.ChoiceFilter(choices=ClaimLink.Method.choices)
    claim = IdFilter(method="filter_claim", help_text="links of this claim, on either side")

    class Meta:
        model = ClaimLink
        fields = []

    def filter_claim(self, queryset, name, value):
        return queryset.filter(Q(from_claim=value) | Q(to_claim=value))


class TopicFilter(StrictFilterSet):
    kind = filters.ChoiceFilter(choices=Kind.choices)
    measure = filters.ChoiceFilter(choices=Measure.choices)
    place = TextFilter()
    instrument = TextFilter()
    has_contradictions = StrictBooleanFilter(
        method="filter_has_contradictions", help_text="true: only topics with open contradictions"
    )

    class Meta:
        model = Topic
        fields = []

    def filter_has_contradictions(self, queryset, name, value):
        if value:
            return queryset.filter(open_contradictions__gt=0)
        return queryset.filter(open_contradictions=0)
