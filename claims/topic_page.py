"""What a topic page shows: the topics of a kind and place, one topic's figures and its chart."""

import functools
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection, connections, router
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    Func,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse

from claims.charted import (
    LINK_QUERY_COLUMNS,
    ChartedClaim,
    ChartedLink,
    KeyedStatement,
    claim_columns,
    claims_of_rows,
    links_of_rows,
)
from claims.charts import ChartPoint, figure_chart
from claims.display import (
    PERIOD_WORDS,
    claim_value,
    format_date,
    per_year,
    period_bounds,
    source_name,
    topic_label,
)
from claims.models import Claim, ClaimLink, Kind, ReviewStatus, Topic

# Most figures one chart draws; the table below lists every claim.
CHART_LIMIT = 400
CONTRADICTION_LIMIT = 50
# Topics of at most this many claims have their contradictions read from their claims.
BY_CLAIM_UP_TO = 5000


def topic_url(*, kind: str, place: str, key: str = "") -> str:
    url = reverse("claims:topic", args=[kind, place or "-"])
    return f"{url}?key={key}" if key else url


def claim_topic_url(claim) -> str:
    """The topic page of a claim's subject, or "" when it has none."""
    if not claim.subject_key:
        return ""
    place = "-" if claim.kind == Kind.SANCTIONS_CLAUSE else claim.place
    return topic_url(kind=claim.kind, place=place, key=claim.subject_key)


def topics_for(kind: str, place: str) -> list[Topic]:
    """The topics of one kind and place (all sanctions topics for sanctions clauses).

    Subjects whose summary has not been computed yet appear as unsaved stand-ins built from
    their claims, so a page never hides claims because a refresh is pending.
    """
    # The best claim's figure, date and source are shown, never its article: two joins fewer.
    topics = Topic.objects.filter(kind=kind).select_related("best_claim__origin")
    sanctions = kind == Kind.SANCTIONS_CLAUSE
    if not sanctions:
        topics = topics.filter(place=place)
    found = list(topics.order_by("-claim_count", "label"))
    # Probe the index for the keys rather than group every claim of the place (or kind).
    missing = subject_keys(kind, None if sanctions else place) - {t.key for t in found}
    pending = _pending_topics(kind, place, missing) if missing else []
    topics = found + sorted(pending, key=lambda t: (-t.claim_count, t.label))
    if sanctions:
        topics.sort(key=lambda t: (t.instrument or "~", t.provision, t.key))
    return topics


def _pending_topics(kind: str, place: str, keys: set[str]) -> list[Topic]:
    """Unsaved stand-ins for subjects whose summary is not computed yet, from their claims."""
    claims = Claim.objects.filter(kind=kind, subject_key__in=keys)
    if kind != Kind.SANCTIONS_CLAUSE:
        claims = claims.filter(place=place)
    rows = (
        claims.order_by()
        .values("subject_key", "measure", "unit", "instrument", "provision", "place")
        .annotate(n=Count("pk"))
        .order_by("subject_key", "-n")
    )
    pending = {}
    for row in rows:
        key = row["subject_key"]
        if key in pending:
            pending[key].claim_count += row["n"]
            continue
        fields = {f: row[f] for f in ("measure", "unit", "instrument", "provision")}
        pending[key] = Topic(
            key=key,
            kind=kind,
            place=row["place"] if kind != Kind.SANCTIONS_CLAUSE else "",
            label=topic_label(kind=kind, place=row["place"], **fields),
            claim_count=row["n"],
            **fields,
        )
    return list(pending.values())


def subject_keys(kind: str, place: str | None) -> set[str]:
    """The distinct subject keys of a kind's claims about a place, or about any place.

    A loose index scan on claim_kind_place_subject: one probe for the next key after each key
    found, so a place of 100k claims and 6 keys costs 7 probes, not a scan of the 100k. For any
    place, the scan steps to the next place when a place has no more keys (the sanctions
    clauses of 1M claims: 41 places, 92 keys in all, some 300 probes instead of reading 57,000).
    """
    table = connection.ops.quote_name(Claim._meta.db_table)
    if place is not None:
        step = (
            f"SELECT MIN(subject_key) FROM {table} "
            "WHERE kind = %s AND place = %s AND subject_key > "
        )
        sql = (
            f"WITH RECURSIVE found(key) AS (SELECT ({step} '') "
            f"UNION ALL SELECT ({step} found.key) FROM found WHERE found.key IS NOT NULL) "
            "SELECT key FROM found WHERE key IS NOT NULL"
        )
        params = [kind, place, kind, place]
    else:
        # Rows (place, key), and (next place, '') when a place's keys are done.
        key_after = (
            f"SELECT MIN(subject_key) FROM {table} "
            "WHERE kind = %s AND place = found.place AND subject_key > found.key"
        )
        place_after = f"SELECT MIN(place) FROM {table} WHERE kind = %s AND place > found.place"
        sql = (
            f"WITH RECURSIVE found(place, key) AS ("
            f"SELECT (SELECT MIN(place) FROM {table} WHERE kind = %s), '' "
            f"UNION ALL SELECT CASE WHEN ({key_after}) IS NULL THEN ({place_after}) "
            f"ELSE found.place END, COALESCE(({key_after}), '') "
            "FROM found WHERE found.place IS NOT NULL) "
            "SELECT key FROM found WHERE key <> ''"
        )
        params = [kind] * 4
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


def choose_topic(topics: list[Topic], params) -> Topic | None:
    """The topic the query string asks for (key, else measure/unit/instrument/provision)."""
    if not topics:
        return None
    key = params.get("key")
    if key:
        return next((t for t in topics if t.key == key), None)
    wanted = {name: params.get(name) for name in ("measure", "unit", "instrument", "provision")}
    wanted = {name: value for name, value in wanted.items() if value}
    matching = [t for t in topics if all(getattr(t, n) == v for n, v in wanted.items())]
    return matching[0] if matching else None


@dataclass
class TopicFigures:
    """One topic's live claims for the chart and summary, and its open contradictions."""

    topic: Topic
    live: list[ChartedClaim]
    superseded: set[int]
    contradictions: list[ChartedLink]
    summary_pending: bool
    best: Claim | ChartedClaim | None = None
    spread: tuple[Decimal | None, Decimal | None] = (None, None)
    # Money spreads are in the best claim's period: "a month".
    spread_period: str = ""
    independent: int = 0
    plotted: int = 0
    not_plotted: int = 0
    chart: str = ""
    axis: str = ""
    notes: list[str] = field(default_factory=list)


def topic_figures(topic: Topic) -> TopicFigures:
    key = topic.key
    live = claims_of_rows(_CHARTED.rows(key, 0, CHART_LIMIT))
    superseded = {claim.pk for claim in live if claim.superseded}
    contradictions = links_of_rows(_contradictions_of(topic).rows(key, 0, CONTRADICTION_LIMIT))
    figures = TopicFigures(
        topic=topic,
        live=live,
        superseded=superseded,
        contradictions=contradictions,
        summary_pending=topic.pk is None,
    )
    if topic.pk is not None:
        figures.best = topic.best_claim
        figures.spread = (topic.spread_low, topic.spread_high)
        figures.independent = topic.independent_origins
    else:
        _summarise(figures)
    if figures.best is not None and figures.spread[0] is not None:
        figures.spread_period = PERIOD_WORDS.get(figures.best.period, figures.best.period)
    if topic.kind != Kind.SANCTIONS_CLAUSE:
        _chart(figures)
    return figures


class TopicTable:
    """Every claim of a topic, newest-dated first, as light rows with their link counts and
    superseded marks: counted and sliced as a queryset is, so a Paginator pages it."""

    def __init__(self, key: str):
        self.key = key

    def count(self) -> int:
        return Claim.objects.for_topic(self.key).count()

    def __getitem__(self, index: slice) -> list[ChartedClaim]:
        return claims_of_rows(_TABLE.rows(self.key, index.start or 0, index.stop))


def _charted(key: str):
    # Marks for the charted claims only: a topic of 46,000 claims holds some 18,000 superseded.
    return (
        Claim.objects.for_topic(key)
        .live()
        .annotate(superseded=_superseded_mark())
        .order_by("-as_of", "-id")
        .values_list(*claim_columns(marks=1))
    )


def _contradictions(key: str):
    return (
        _live_links()
        .filter(relation=ClaimLink.Relation.CONTRADICTS, from_claim__subject_key=key)
        .order_by("-score", "-id")
        .values_list(*LINK_QUERY_COLUMNS)
    )


def _contradictions_by_claim(key: str):
    """The same links as _contradictions, found from the topic's live claims: an index probe a
    claim instead of reading the corpus's contradictions in score order."""
    claims = Claim.objects.for_topic(key).live().order_by().values("pk")
    if connections[router.db_for_read(ClaimLink)].vendor == "postgresql":
        # An array, not IN (subquery): PostgreSQL hashes every contradiction of the corpus
        # against a subquery (31 ms for a topic of 3,800 claims at 1M, against 8 ms).
        of_claims = _AnyOf(F("from_claim_id"), ArraySubquery(claims))
    else:
        of_claims = Q(from_claim_id__in=claims)
    return (
        _live_links()
        .filter(of_claims, relation=ClaimLink.Relation.CONTRADICTS)
        .order_by("-score", "-id")
        .values_list(*LINK_QUERY_COLUMNS)
    )


class _AnyOf(Func):
    """`column = ANY(array)`, as a condition: PostgreSQL probes an index once an element."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        (column, column_params), (array, array_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        return f"{column} = ANY({array})", (*column_params, *array_params)


def _contradictions_of(topic: Topic) -> KeyedStatement:
    """How to read a topic's strongest contradictions, judged from its summary (both ways give
    the same rows).

    In score order, the reading stops at the topic's 50th contradiction: about 50 / (the
    topic's contradictions) of the corpus's are read, all of them when the topic has fewer than
    50 (160 ms for a sanctions topic at 1M). From the topic's claims, each claim is probed: the
    way for a topic of few claims or few contradictions, not for the largest (4 ms in score
    order, 120 ms by claim at 1M).
    """
    few = topic.claim_count <= BY_CLAIM_UP_TO or topic.open_contradictions < CONTRADICTION_LIMIT
    return _CONTRADICTIONS_BY_CLAIM if few else _CONTRADICTIONS


def _table(key: str):
    return (
        Claim.objects.for_topic(key)
        .with_link_counts()
        .annotate(superseded=_superseded_mark())
        .order_by("-as_of", "-id")
        .values_list(*claim_columns(marks=3))
    )


_CHARTED = KeyedStatement(Claim, _charted)
_CONTRADICTIONS = KeyedStatement(ClaimLink, _contradictions)
_CONTRADICTIONS_BY_CLAIM = KeyedStatement(ClaimLink, _contradictions_by_claim)
_TABLE = KeyedStatement(Claim, _table)


@functools.cache
def _superseded_mark():
    """Whether a standing link from a live claim supersedes the claim, itself live: a column,
    not a query of its own.

    A scalar subquery stopping at the first link, not EXISTS: PostgreSQL may plan an EXISTS as
    a hash of every supersession of the corpus (870 ms at 1M claims) where a page's 400 index
    probes take a millisecond. Whether the claim is live is read from its own row, not from a
    join back to it; the links' default ordering would sort each claim's links. Built once, as
    the link counts are: annotating resolves a copy.
    """
    superseding = (
        ClaimLink.objects.standing()
        .filter(
            relation=ClaimLink.Relation.SUPERSEDES,
            to_claim=OuterRef("pk"),
            from_claim__orphaned=False,
        )
        .exclude(from_claim__review_status=ReviewStatus.REJECTED)
        .order_by()
        .values(found=Value(True))[:1]
    )
    return Case(
        When(
            Q(orphaned=False) & ~Q(review_status=ReviewStatus.REJECTED),
            then=Coalesce(Subquery(superseding), Value(False)),
        ),
        default=Value(False),
        output_field=BooleanField(),
    )


def _live_links():
    # Only links between live claims count, as in the stored summary: a link a curator confirmed
    # stays when one of its claims is later rejected, but a rejected claim disputes nothing.
    return (
        ClaimLink.objects.standing()
        .filter(from_claim__orphaned=False, to_claim__orphaned=False)
        .exclude(
            Q(from_claim__review_status=ReviewStatus.REJECTED)
            | Q(to_claim__review_status=ReviewStatus.REJECTED)
        )
    )


def _summarise(figures: TopicFigures) -> None:
    """A provisional summary for a subject whose Topic row is not computed yet: the one
    topics_refresh will store, computed now."""
    from claims.services import topic_summary

    summary = topic_summary(key=figures.topic.key)
    if summary is None:
        figures.topic.claim_count = figures.topic.open_contradictions = 0
        return
    figures.spread = (summary.spread_low, summary.spread_high)
    figures.independent = summary.independent_origins
    by_id = {c.pk: c for c in figures.live}
    best = by_id.get(summary.best_claim_id)
    if best is None and summary.best_claim_id is not None:
        best = Claim.objects.with_sources().filter(pk=summary.best_claim_id).first()
    figures.best = best
    figures.topic.claim_count = summary.claim_count
    figures.topic.open_contradictions = summary.open_contradictions
    figures.topic.independent_origins = summary.independent_origins
    figures.topic.first_as_of, figures.topic.last_as_of = summary.first_as_of, summary.last_as_of


def _chart(figures: TopicFigures) -> None:
    live = figures.live
    periods = {c.period for c in live if c.value_low is not None or c.value_high is not None}
    yearly = len(periods) > 1
    unit = figures.topic.unit or next((c.unit for c in live if c.unit), "")
    period = "year" if yearly else next(iter(periods), "")
    axis = {"workers": "workers", "fraction": "share of pay"}.get(unit, unit)
    if period:
        axis = f"{axis} {PERIOD_WORDS.get(period, period)}".strip()
    if yearly:
        figures.notes.append("Sums per month, week or day are shown as sums per year.")
    points = []
    for claim in live:
        low = claim.value_low if claim.value_low is not None else claim.value_high
        high = claim.value_high if claim.value_high is not None else claim.value_low
        when, precision, undated = claim.as_of, claim.as_of_precision, False
        if when is None:
            when, precision = claim.article.published, claim.article.published_precision
            undated = True
        if low is None or when is None:
            figures.not_plotted += 1
            continue
        if yearly:
            low, high = per_year(low, claim.period), per_year(high, claim.period)
        start, end = period_bounds(when, precision)
        faded = claim.pk in figures.superseded
        source = source_name(claim)
        label = (
            f"{claim_value(claim)} · "
            f"{format_date(when, precision)}{' (publication date; none stated)' if undated else ''}"
            f" · {source} · {claim.article.outlet.name}"
            f"{' · superseded' if faded else ''} · claim {claim.pk}"
        )
        # By position: keywords cost a third of building the point.
        points.append(
            ChartPoint(
                claim.pk,
                claim.get_absolute_url(),
                start,
                end,
                float(low),
                float(high),
                source,
                label,
                claim.qualifier,
                faded,
                undated,
            )
        )
    figures.plotted = len(points)
    figures.axis = axis
    figures.chart = figure_chart(
        points,
        title=figures.topic.label,
        unit=unit,
        axis_label=axis,
        chart_id=f"chart-{figures.topic.key}".replace(".", "-"),
    )
