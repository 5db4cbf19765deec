"""Read-only rows of the claims and contradictions a topic page charts, read as tuples."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from django.db import connections, router
from django.db.models import Model, QuerySet

from kbase.reversing import pk_urls

# A topic page draws 400 claims and 50 contradictions: as model instances with their articles,
# outlets and origins they cost three times what their rows cost to fetch. These rows carry the
# attributes the chart, the summary, the JSON-LD and the display filters read of a Claim.
# Not frozen: a frozen dataclass of 25 fields takes seven times as long to build (3 us more a
# row, 2.5 ms a topic page); nothing writes to them all the same. Compared by identity.


@dataclass(frozen=True, slots=True)
class Named:
    """An outlet, as far as a topic page shows it."""

    name: str


@dataclass(frozen=True, slots=True)
class ChartedOrigin:
    """An origin, as far as a topic page shows it: its name, and its page in the claims table."""

    pk: int
    name: str
    url_path: str

    def get_absolute_url(self) -> str:
        return self.url_path


@dataclass(slots=True, eq=False)
class ChartedArticle:
    pk: int
    title: str
    url: str
    author: str
    published: date | None
    published_precision: str
    outlet: Named
    url_path: str

    def get_absolute_url(self) -> str:
        return self.url_path


@dataclass(slots=True, eq=False)
class ChartedClaim:
    pk: int
    kind: str
    measure: str
    quote: str
    value_low: Decimal | None
    value_high: Decimal | None
    qualifier: str
    unit: str
    period: str
    place: str
    as_of: date | None
    as_of_precision: str
    attributed_to: str
    instrument: str
    provision: str
    subject_key: str
    review_status: str
    confidence: float
    orphaned: bool
    origin_id: int | None
    origin: ChartedOrigin | None
    url_path: str
    article_id: int | None = None
    article: ChartedArticle | None = None
    # Read only where the queryset annotates them (MARK_COLUMNS): the chart's superseded marks,
    # the claims table's marks and link counts.
    superseded: bool = False
    agree_count: int = 0
    contradict_count: int = 0

    @property
    def id(self) -> int:
        return self.pk

    def get_absolute_url(self) -> str:
        return self.url_path


@dataclass(slots=True, eq=False)
class ChartedLink:
    pk: int
    relation: str
    score: float
    rationale: str
    decision: str
    from_claim: ChartedClaim
    to_claim: ChartedClaim


# The claim's own columns, in ChartedClaim's order up to origin_id, then the origin's name.
_NAMES = [f.name for f in fields(ChartedClaim)]
CLAIM_COLUMNS = (
    "id",
    *_NAMES[1 : _NAMES.index("origin_id") + 1],
    "origin__name",
)
ARTICLE_COLUMNS = (
    "article_id",
    "article__title",
    "article__url",
    "article__author",
    "article__published",
    "article__published_precision",
    "article__outlet__name",
)
LINK_COLUMNS = ("id", "relation", "score", "rationale", "decision")
# Annotations a row may carry, in ChartedClaim's order.
MARK_COLUMNS = ("superseded", "agree_count", "contradict_count")
_OWN = len(CLAIM_COLUMNS) - 1


class _Urls:
    """Object URLs from patterns reversed once, and each origin and outlet built once."""

    def __init__(self):
        self.claim = pk_urls("claims:claim")
        self.article = pk_urls("sources:article")
        self._origin = pk_urls("sources:origin")
        self.origins: dict[int, ChartedOrigin] = {}
        self.outlets: dict[str, Named] = {}

    def origin(self, pk: int, name: str) -> ChartedOrigin:
        origin = self.origins.get(pk)
        if origin is None:
            origin = self.origins[pk] = ChartedOrigin(pk, name, self._origin(pk))
        return origin

    def outlet(self, name: str) -> Named:
        outlet = self.outlets.get(name)
        if outlet is None:
            outlet = self.outlets[name] = Named(name)
        return outlet


def _claim(row, urls: _Urls, article: ChartedArticle | None = None, marks=()) -> ChartedClaim:
    origin = urls.origin(row[_OWN - 1], row[_OWN]) if row[_OWN - 1] is not None else None
    return ChartedClaim(
        *row[:_OWN],
        origin,
        urls.claim(row[0]),
        article.pk if article is not None else None,
        article,
        *marks,
    )


def claim_columns(marks: int = 0) -> tuple[str, ...]:
    """What a charted claim is read from: its columns, its article's, and the first `marks`
    MARK_COLUMNS, which the queryset annotates."""
    return (*CLAIM_COLUMNS, *ARTICLE_COLUMNS, *MARK_COLUMNS[:marks])


# What a charted link is read from: its columns, then both claims'.
LINK_QUERY_COLUMNS = (
    *LINK_COLUMNS,
    *(f"{end}__{column}" for end in ("from_claim", "to_claim") for column in CLAIM_COLUMNS),
)


def charted_claims(queryset, *, marks: int = 0) -> list[ChartedClaim]:
    """The claims of a queryset with their articles, outlets and origins, as light rows."""
    return claims_of_rows(queryset.values_list(*claim_columns(marks)))


def claims_of_rows(rows: Iterable[tuple]) -> list[ChartedClaim]:
    """Charted claims from rows of claim_columns()."""
    claims = []
    articles: dict[int, ChartedArticle] = {}
    urls = _Urls()
    width = len(CLAIM_COLUMNS) + len(ARTICLE_COLUMNS)
    for row in rows:
        extra = row[len(CLAIM_COLUMNS) : width]
        article = articles.get(extra[0])
        if article is None:
            article = articles[extra[0]] = ChartedArticle(
                *extra[:-1], urls.outlet(extra[-1]), urls.article(extra[0])
            )
        claims.append(_claim(row, urls, article, row[width:]))
    return claims


def charted_links(queryset) -> list[ChartedLink]:
    """Links with both their claims and their claims' origins (no articles), as light rows."""
    return links_of_rows(queryset.values_list(*LINK_QUERY_COLUMNS))


def links_of_rows(rows: Iterable[tuple]) -> list[ChartedLink]:
    """Charted links from rows of LINK_QUERY_COLUMNS."""
    width, own = len(CLAIM_COLUMNS), len(LINK_COLUMNS)
    urls = _Urls()
    return [
        ChartedLink(
            *row[:own],
            from_claim=_claim(row[own : own + width], urls),
            to_claim=_claim(row[own + width :], urls),
        )
        for row in rows
    ]


class KeyedStatement:
    """A values_list queryset of one subject key (or a few keys: a kind and a place), its SQL
    compiled once per process and database, then run for any key and any slice.

    Building and compiling a topic page's statements through the ORM (48 columns joined over
    five tables, five subqueries a row) cost 8 ms of CPU a request at 1M claims, more than
    PostgreSQL took to run them; from one topic or page to the next only the key and the slice
    change. The rows go through the ORM's converters, as the queryset's own would.
    """

    def __init__(self, model: type[Model], build: Callable[..., QuerySet], *, keys: int = 1):
        self.model = model
        self.build = build
        # No key is one of these: they stand for the keys while the statement compiles.
        self._markers = tuple(f"\x00key {i}\x00" for i in range(keys))
        self._compiled: dict[tuple[str, str], tuple] = {}

    def rows(self, *keys: str, start: int = 0, stop: int | None = None) -> list[tuple]:
        if stop is not None and stop <= start:
            return []  # LIMIT 0 is written as no limit at all
        alias = router.db_for_read(self.model)
        connection = connections[alias]
        compiled = self._compiled.get((alias, connection.vendor))
        if compiled is None:
            compiled = self._compiled[alias, connection.vendor] = self._compile(alias)
        compiler, sql, params, converters = compiled
        values = dict(zip(self._markers, keys, strict=True))
        params = [values.get(value, value) if isinstance(value, str) else value for value in params]
        if start or stop is not None:
            sql = f"{sql} {connection.ops.limit_offset_sql(start, stop)}"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:
            return [tuple(row) for row in compiler.apply_converters(rows, converters)]
        return rows

    def _compile(self, alias: str) -> tuple:
        queryset = self.build(*self._markers)
        if queryset.query.is_sliced:
            raise ValueError("slice the rows, not the queryset: its limits would be compiled in")
        compiler = queryset.query.get_compiler(alias)
        sql, params = compiler.as_sql()
        if not all(marker in params for marker in self._markers):
            raise ValueError("the statement must take every key as a parameter")
        # What results_iter() would work out again for every run.
        columns = [column for column, *_ in compiler.select[: compiler.col_count]]
        if compiler.has_composite_fields(columns):
            raise ValueError("composite fields are not read back")
        return compiler, sql, tuple(params), compiler.get_converters(columns)
