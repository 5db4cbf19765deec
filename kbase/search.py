"""Full-text search that uses PostgreSQL's text search and falls back to LIKE elsewhere."""

import re

from django.db import connections
from django.db.models import F, FloatField, Q, QuerySet, Value

SEARCH_CONFIG = "english"
_WORD = re.compile(r"\w+", re.UNICODE)


def search_terms(q: str) -> list[str]:
    return _WORD.findall(q or "")[:12]


def uses_postgres(qs: QuerySet) -> bool:
    return connections[qs.db].vendor == "postgresql"


def full_text_search(
    qs: QuerySet, q: str, fields: tuple[str, ...], vector_fields: tuple | None = None
) -> QuerySet:
    """Filter `qs` to rows matching `q` in `fields`, annotated with a `rank` (higher is better).

    On PostgreSQL the vector expression matches the GIN index built by the migrations,
    so the planner can use it; on other databases every word must occur (case-insensitive).
    `vector_fields` (default `fields`) may bound long texts, as tsvectors are limited to 1 MB.
    """
    terms = search_terms(q)
    if not terms:
        # Ranked like a search, so ordering by relevance works on it too.
        return qs.none().annotate(rank=Value(0.0, output_field=FloatField()))
    if uses_postgres(qs):
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector(*(vector_fields or fields), config=SEARCH_CONFIG)
        query = SearchQuery(" ".join(terms), config=SEARCH_CONFIG, search_type="plain")
        return (
            qs.alias(_vector=vector)
            .filter(_vector=query)
            .annotate(rank=SearchRank(F("_vector"), query))
        )
    condition = Q()
    for term in terms:
        term_q = Q()
        for field in fields:
            term_q |= Q(**{f"{field}__icontains": term})
        condition &= term_q
    return qs.filter(condition).annotate(rank=Value(1.0, output_field=FloatField()))
