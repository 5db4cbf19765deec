"""Read claims as ClaimFacts, the values linking and topic summaries work on."""

from dataclasses import fields

from claims.linking import ClaimFacts

# Claim columns read for linking, with the ClaimFacts field each one fills.
_FACT_COLUMNS = {
    "id": "id",
    "article_id": "article_id",
    "kind": "kind",
    "subject_key": "subject_key",
    "measure": "measure",
    "value_low": "value_low",
    "value_high": "value_high",
    "qualifier": "qualifier",
    "unit": "unit",
    "period": "period",
    "place": "place",
    "as_of": "as_of",
    "as_of_precision": "as_of_precision",
    "origin__key": "origin_key",
    "article__wire": "wire_key",
    "article__outlet__key": "outlet_key",
    "article__published": "published",
    "instrument": "instrument",
    "provision": "provision",
    "confidence": "confidence",
    "review_status": "review_status",
    "orphaned": "orphaned",
}
assert list(_FACT_COLUMNS.values()) == [f.name for f in fields(ClaimFacts) if f.init]
_ORIGIN, _WIRE, _OUTLET = (
    list(_FACT_COLUMNS.values()).index(name) for name in ("origin_key", "wire_key", "outlet_key")
)


def claim_facts(queryset) -> list[ClaimFacts]:
    """One query: the claims with their article's dates, wire and outlet, and origin's key."""
    facts = []
    # Columns come in ClaimFacts' field order (checked above), so rows are passed as they are.
    for row in queryset.order_by().values_list(*_FACT_COLUMNS):
        if row[_ORIGIN] is None or row[_WIRE] is None or row[_OUTLET] is None:
            blanks = (row[_ORIGIN] or "", row[_WIRE] or "", row[_OUTLET] or "")
            row = (*row[:_ORIGIN], *blanks, *row[_OUTLET + 1 :])
        facts.append(ClaimFacts(*row))
    return facts
