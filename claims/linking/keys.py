"""Subject keys: claims sharing one are comparable."""

import re

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def _part(value: str | None) -> str:
    return _UNSAFE.sub("-", (value or "").strip()).strip("-") or "-"


def subject_key(
    *,
    kind: str,
    measure: str | None = None,
    place: str | None = None,
    unit: str | None = None,
    instrument: str | None = None,
    provision: str | None = None,
) -> str:
    """Return the URL-safe key of a claim's subject.

    Worker counts compare by place and measure ("worker_count.stock.KW"); money figures by
    place, measure and currency, periods being normalised when compared
    ("remittance.per_worker.world.USD"); sanctions clauses by instrument and provision
    ("sanctions_clause.UNSCR-2371.cap_work_authorizations").
    """
    if kind == "worker_count":
        parts = [kind, measure, place]
    elif kind == "remittance":
        parts = [kind, measure, place, unit]
    elif kind == "sanctions_clause":
        parts = [kind, instrument, provision]
    else:
        parts = [kind, measure, place, unit, instrument, provision]
    return ".".join(_part(p) for p in parts)
