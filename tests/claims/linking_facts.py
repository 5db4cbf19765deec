"""Claim facts for the pure linking tests: a worker count in Kuwait unless told otherwise."""

import itertools
from datetime import date
from decimal import Decimal

from claims.linking import ClaimFacts, subject_key

_ids = itertools.count(1)


def fact(value=None, high=None, **kwargs) -> ClaimFacts:
    """A worker count in Kuwait in August 2017 from its own article and origin, unless told."""
    n = next(_ids)
    fields = {
        "id": n,
        "article_id": 1000 + n,
        "kind": "worker_count",
        "measure": "stock",
        "unit": "workers",
        "place": "KW",
        "qualifier": "exact",
        "as_of": date(2017, 8, 1),
        "as_of_precision": "month",
        "origin_key": f"origin {n}",
        "outlet_key": f"outlet {n}",
        "published": date(2017, 8, 10),
    } | kwargs
    if value is not None:
        fields["value_low"] = Decimal(value)
        fields["value_high"] = Decimal(high if high is not None else value)
    fields.setdefault(
        "subject_key",
        subject_key(
            kind=fields["kind"],
            measure=fields.get("measure"),
            place=fields.get("place"),
            unit=fields.get("unit"),
            instrument=fields.get("instrument"),
            provision=fields.get("provision"),
        ),
    )
    return ClaimFacts(**fields)


def money(value, high=None, **kwargs) -> ClaimFacts:
    defaults = {"kind": "remittance", "measure": "total", "unit": "USD", "place": "world"}
    return fact(value, high, **(defaults | {"period": "year"} | kwargs))


def clause(**kwargs) -> ClaimFacts:
    defaults = {
        "kind": "sanctions_clause",
        "measure": "",
        "unit": "",
        "place": "",
        "qualifier": "",
        "instrument": "UNSCR 2371",
        "provision": "cap_work_authorizations",
    }
    return fact(**(defaults | kwargs))
