"""The extractor's output: one frozen record per claim."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

KINDS = ("worker_count", "remittance", "sanctions_clause")

# The fields of to_dict(), in order: the JSON output of the extractor uses exactly these names.
FIELDS = (
    "kind",
    "measure",
    "quote",
    "start",
    "end",
    "value_low",
    "value_high",
    "qualifier",
    "unit",
    "period",
    "place",
    "as_of",
    "attributed_to",
    "instrument",
    "provision",
)


def json_number(value: Decimal | int | float | None) -> int | float | None:
    """A number as JSON wants it: int when integral, else float; None stays None."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise TypeError("a bool is not a number here")
    if isinstance(value, int):
        return value
    dec = value if isinstance(value, Decimal) else Decimal(str(value))
    if dec == dec.to_integral_value():
        return int(dec)
    return float(dec)


def parse_as_of(value: str | None) -> tuple[datetime.date | None, str | None]:
    """Split "YYYY", "YYYY-MM" or "YYYY-MM-DD" into (first day it covers, precision)."""
    if not value:
        return None, None
    parts = [int(p) for p in value.split("-")]
    precision = {1: "year", 2: "month", 3: "day"}[len(parts)]
    while len(parts) < 3:
        parts.append(1)
    return datetime.date(*parts), precision


@dataclass(frozen=True, slots=True)
class ExtractedClaim:
    """One checkable statement found in a text, anchored at text[start:end] == quote.

    value_low/value_high are Decimals (None for sanctions clauses); as_of is "YYYY",
    "YYYY-MM" or "YYYY-MM-DD" (or None); confidence is between 0 and 1.
    """

    kind: str
    quote: str
    start: int
    end: int
    measure: str | None = None
    value_low: Decimal | None = None
    value_high: Decimal | None = None
    qualifier: str | None = None
    unit: str | None = None
    period: str | None = None
    place: str | None = None
    as_of: str | None = None
    attributed_to: str | None = None
    instrument: str | None = None
    provision: str | None = None
    confidence: float = 1.0

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}")
        if self.end - self.start != len(self.quote) or self.start < 0:
            raise ValueError("start/end do not fit the quote")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError("confidence must be between 0 and 1")
        if (
            self.value_low is not None
            and self.value_high is not None
            and self.value_low > self.value_high
        ):
            raise ValueError("value_low is above value_high")

    def to_dict(self) -> dict:
        """The claim as JSON-ready data with exactly the fields of FIELDS."""
        return {
            "kind": self.kind,
            "measure": self.measure,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
            "value_low": json_number(self.value_low),
            "value_high": json_number(self.value_high),
            "qualifier": self.qualifier,
            "unit": self.unit,
            "period": self.period,
            "place": self.place,
            "as_of": self.as_of,
            "attributed_to": self.attributed_to,
            "instrument": self.instrument,
            "provision": self.provision,
        }

    def as_of_date(self) -> tuple[datetime.date | None, str | None]:
        """(first day the as_of covers, "day" | "month" | "year") or (None, None)."""
        return parse_as_of(self.as_of)
