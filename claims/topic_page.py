"""What a topic page shows: the topics of a kind and place, one topic's figures and its chart."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Count
from django.urls import reverse

from claims.charted import ChartedClaim, ChartedLink, claims_of_rows, links_of_rows
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
from claims.models import Claim, Kind, Topic
from claims.topic_reads import CHARTED, contradictions_of, topics_with_best_claims

# Most figures one chart draws; the table below lists every claim.
CHART_LIMIT = 400
CONTRADICTION_LIMIT = 50


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
    sanctions = kind == Kind.SANCTIONS_CLAUSE
    # The best claim's figure, date and source are shown, never its article.
    found = topics_with_best_claims(kind, None if sanctions else place)
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
    live = claims_of_rows(CHARTED.rows(key, stop=CHART_LIMIT))
    superseded = {claim.pk for claim in live if claim.superseded}
    reads = contradictions_of(topic, CONTRADICTION_LIMIT)
    contradictions = links_of_rows(reads.rows(key, stop=CONTRADICTION_LIMIT))
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
