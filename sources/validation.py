"""Validate an article's fields, from any entry point, into one ArticleInput."""

import datetime
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from sources.keys import slug_key
from sources.models import DatePrecision, Outlet

FIELDS = (
    "title",
    "text",
    "url",
    "outlet",
    "outlet_kind",
    "published",
    "published_precision",
    "author",
    "wire",
    "language",
    "retrieved",
)
# Longest value of each one-line field, as the models store them.
MAX_LENGTHS = {
    "title": 500,
    "url": 1000,
    "outlet": 200,
    "author": 300,
    "wire": 200,
    "language": 12,
}
DATE_FORMATS_HELP = "YYYY-MM-DD, YYYY-MM, YYYY or an ISO 8601 date-time"
_URL = URLValidator(schemes=["http", "https"])
# C0 and C1 controls other than tab and newline, and unpaired surrogates.
_BAD_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """An article's fields, validated and normalised, ready for `article_ingest`."""

    title: str
    text: str
    url: str = ""
    outlet: str = ""
    outlet_kind: str = ""
    published: datetime.date | None = None
    published_precision: str = DatePrecision.DAY
    author: str = ""
    wire: str = ""
    language: str = "en"
    retrieved: datetime.datetime | None = None


class ArticleInputError(ValueError):
    """Bad article fields; `errors` maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__(self.summary())

    def summary(self) -> str:
        """All the messages on one line, each prefixed by its field."""
        return "; ".join(
            f"{field}: {message}" for field, messages in self.errors.items() for message in messages
        )


def article_input_from_mapping(
    data: Mapping,
    *,
    defaults: Mapping | None = None,
    overrides: Mapping | None = None,
    max_bytes: int | None = None,
) -> ArticleInput:
    """Validate a mapping of article fields (as parsed from a file or posted as JSON).

    `defaults` fill fields that `data` leaves missing or blank; `overrides` replace them.
    Raises ArticleInputError listing every bad field, so nothing half-valid is stored.
    """
    if not isinstance(data, Mapping):
        raise ArticleInputError(
            {"non_field_errors": [f"expected an object of fields, got {_type_name(data)}"]}
        )
    errors: dict[str, list[str]] = {}
    unknown = sorted(str(k) for k in data if k not in FIELDS)
    for key in unknown:
        errors.setdefault(key, []).append(f"unknown field (the fields are: {', '.join(FIELDS)})")
    merged: dict[str, Any] = {}
    for key in FIELDS:
        candidates = [(overrides or {}).get(key), data.get(key), (defaults or {}).get(key)]
        # The first non-blank value wins; a blank one in data is kept for its error message.
        merged[key] = next((v for v in candidates if not _blank(v)), data.get(key))
    limit = settings.KBASE["MAX_ARTICLE_BYTES"] if max_bytes is None else max_bytes

    def clean(field: str, function, *args):
        try:
            return function(merged.get(field), *args)
        except ValueError as exc:
            errors.setdefault(field, []).append(str(exc))
            return None

    title = clean("title", _line, "title", True)
    text = clean("text", _text, limit)
    url = clean("url", _url)
    outlet = clean("outlet", _line, "outlet", False)
    outlet_kind = clean("outlet_kind", _outlet_kind)
    published = clean("published", _date)
    precision = clean("published_precision", _precision)
    author = clean("author", _line, "author", False)
    wire = clean("wire", _line, "wire", False)
    language = clean("language", _language)
    retrieved = clean("retrieved", _datetime)
    if errors:
        raise ArticleInputError(errors)
    published_date, derived_precision = published or (None, DatePrecision.DAY)
    return ArticleInput(
        title=title,
        text=text,
        url=url,
        outlet=outlet,
        outlet_kind=outlet_kind,
        published=published_date,
        published_precision=str(precision or derived_precision),
        author=author,
        wire=slug_key(wire)[: MAX_LENGTHS["wire"]] if wire else "",
        language=language,
        retrieved=retrieved,
    )


def parse_date(value: Any) -> tuple[datetime.date, str]:
    """Read a publication date and its precision from YYYY-MM-DD, YYYY-MM, YYYY or ISO 8601."""
    if isinstance(value, datetime.datetime):
        return value.date(), DatePrecision.DAY
    if isinstance(value, datetime.date):
        return value, DatePrecision.DAY
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"expected a date ({DATE_FORMATS_HELP}), got {_type_name(value)}")
    raw = value.strip()
    parts = raw.split("-")
    try:
        if len(parts) == 1 and len(raw) == 4 and raw.isdigit():
            return _checked(datetime.date(int(raw), 1, 1)), DatePrecision.YEAR
        if len(parts) == 2 and len(parts[0]) == 4 and len(parts[1]) == 2 and raw[5:].isdigit():
            return _checked(datetime.date(int(parts[0]), int(parts[1]), 1)), DatePrecision.MONTH
        if len(raw) == 10:
            return _checked(datetime.date.fromisoformat(raw)), DatePrecision.DAY
        return _checked(datetime.datetime.fromisoformat(raw).date()), DatePrecision.DAY
    except ValueError as exc:
        detail = "" if "Invalid isoformat" in str(exc) else f" ({exc})"
        raise ValueError(
            f"cannot read {raw!r} as a date{detail}; use {DATE_FORMATS_HELP}"
        ) from None


def _checked(day: datetime.date) -> datetime.date:
    if day.year < 1800:
        raise ValueError(f"year {day.year} is implausibly early")
    return day


def _date(value: Any) -> tuple[datetime.date, str] | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_date(value)


def _precision(value: Any) -> str:
    if value is None or value == "":
        return ""
    if value not in DatePrecision.values:
        raise ValueError(f"must be one of {', '.join(DatePrecision.values)}, not {value!r}")
    return value


def _datetime(value: Any) -> datetime.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = datetime.datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"cannot read {value!r} as an ISO 8601 date-time") from None
    else:
        raise ValueError(f"expected an ISO 8601 date-time, got {_type_name(value)}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment


def _string(value: Any, field: str, required: bool) -> str:
    if value is None:
        if required:
            raise ValueError("is required")
        return ""
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {_type_name(value)}")
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    _check_characters(value)
    if required and not value.strip():
        raise ValueError("is empty" if not value else "is only whitespace")
    return value


def _line(value: Any, field: str, required: bool) -> str:
    """A one-line field: runs of whitespace, newlines included, become one space."""
    text = " ".join(_string(value, field, required).split())
    limit = MAX_LENGTHS[field]
    if len(text) > limit:
        raise ValueError(f"is {len(text)} characters long, over the limit of {limit}")
    return text


def _text(value: Any, limit: int) -> str:
    text = _string(value, "text", True).strip()
    size = len(text.encode("utf-8"))
    if size > limit:
        raise ValueError(f"is {size:,} bytes of UTF-8, over the limit of {limit:,} bytes")
    return text


def _url(value: Any) -> str:
    url = _line(value, "url", False)
    if url:
        try:
            _URL(url)
        except ValidationError:
            raise ValueError(f"{url!r} is not a valid http(s) URL") from None
    return url


def _outlet_kind(value: Any) -> str:
    if value is None or value == "":
        return ""
    if not isinstance(value, str) or value.strip().lower() not in Outlet.Kind.values:
        raise ValueError(f"must be one of {', '.join(Outlet.Kind.values)}, not {value!r}")
    return value.strip().lower()


def _language(value: Any) -> str:
    if value is None or value == "":
        return "en"
    code = _line(value, "language", False)
    if not all(part.isascii() and part.isalnum() for part in code.split("-")):
        raise ValueError(f"{code!r} is not a language tag such as en or pt-BR")
    return code


def _check_characters(value: str) -> None:
    match = _BAD_CHARACTER.search(value)
    if match is None:
        return
    char, offset = match.group(), match.start()
    if char == "\x00":
        raise ValueError(f"contains a NUL byte at character {offset}; is it binary data?")
    if "\ud800" <= char <= "\udfff":
        raise ValueError(f"contains an unpaired surrogate U+{ord(char):04X} at character {offset}")
    raise ValueError(f"contains the control character U+{ord(char):04X} at character {offset}")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _type_name(value: Any) -> str:
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "an object",
    }.get(type(value), type(value).__name__)
