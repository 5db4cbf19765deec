"""The statements a topic page reads its charted claims, contradictions and claims table with."""

import functools

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connections, router
from django.db.models import BooleanField, Case, F, Func, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from claims.charted import (
    LINK_QUERY_COLUMNS,
    ChartedClaim,
    KeyedStatement,
    claim_columns,
    claims_of_rows,
)
from claims.models import Claim, ClaimLink, ReviewStatus, Topic
from sources.models import Origin

# Topics of at most this many claims have their contradictions read from their claims.
BY_CLAIM_UP_TO = 5000


# Every column of a topic, of its best claim and of that claim's origin, as
# select_related("best_claim__origin") reads them.
_TOPIC = [f.attname for f in Topic._meta.concrete_fields]
_BEST = [f.attname for f in Claim._meta.concrete_fields]
_ORIGIN = [f.attname for f in Origin._meta.concrete_fields]


def topics_with_best_claims(kind: str, place: str | None) -> list[Topic]:
    """A kind's topics about a place (or about any), most claims first, each with its best
    claim and that claim's origin, as select_related would load them.

    Compiled once, not for every page: through the ORM the statement took 0.8 ms of a page's
    CPU to build and compile, and building its 15 instances 0.5 ms more.
    """
    rows = _TOPICS_OF_KIND.rows(kind) if place is None else _TOPICS_OF_PLACE.rows(kind, place)
    db = router.db_for_read(Topic)
    best, origin = len(_TOPIC), len(_TOPIC) + len(_BEST)
    topics = []
    for row in rows:
        topic = Topic.from_db(db, _TOPIC, row[:best])
        if row[best] is not None:
            claim = Claim.from_db(db, _BEST, row[best:origin])
            has_origin = row[origin] is not None
            claim.origin = Origin.from_db(db, _ORIGIN, row[origin:]) if has_origin else None
            topic.best_claim = claim
        topics.append(topic)
    return topics


def _topics(kind: str, place: str | None = None):
    topics = Topic.objects.filter(kind=kind)
    if place is not None:
        topics = topics.filter(place=place)
    return topics.order_by("-claim_count", "label").values_list(
        *_TOPIC,
        *(f"best_claim__{name}" for name in _BEST),
        *(f"best_claim__origin__{name}" for name in _ORIGIN),
    )


class TopicTable:
    """Every claim of a topic, newest-dated first, as light rows with their link counts and
    superseded marks: counted and sliced as a queryset is, so a Paginator pages it."""

    def __init__(self, key: str):
        self.key = key

    def count(self) -> int:
        return Claim.objects.for_topic(self.key).count()

    def __getitem__(self, index: slice) -> list[ChartedClaim]:
        return claims_of_rows(TABLE.rows(self.key, start=index.start or 0, stop=index.stop))


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


def contradictions_of(topic: Topic, limit: int) -> KeyedStatement:
    """How to read a topic's `limit` strongest contradictions, judged from its summary (both
    ways give the same rows).

    In score order, the reading stops at the topic's `limit`-th contradiction: about limit /
    (the topic's contradictions) of the corpus's are read, all of them when the topic has fewer
    (160 ms for a sanctions topic at 1M claims). From the topic's claims, each claim is probed:
    the way for a topic of few claims or few contradictions, not for the largest (4 ms in score
    order, 120 ms by claim at 1M).
    """
    few = topic.claim_count <= BY_CLAIM_UP_TO or topic.open_contradictions < limit
    return CONTRADICTIONS_BY_CLAIM if few else CONTRADICTIONS


def _table(key: str):
    return (
        Claim.objects.for_topic(key)
        .with_link_counts()
        .annotate(superseded=_superseded_mark())
        .order_by("-as_of", "-id")
        .values_list(*claim_columns(marks=3))
    )


_TOPICS_OF_KIND = KeyedStatement(Topic, _topics)
_TOPICS_OF_PLACE = KeyedStatement(Topic, _topics, keys=2)
CHARTED = KeyedStatement(Claim, _charted)
CONTRADICTIONS = KeyedStatement(ClaimLink, _contradictions)
CONTRADICTIONS_BY_CLAIM = KeyedStatement(ClaimLink, _contradictions_by_claim)
TABLE = KeyedStatement(Claim, _table)


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
