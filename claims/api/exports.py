"""Streamed CSV and JSON Lines exports of claims, one row at a time."""

import csv
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.http import StreamingHttpResponse
from rest_framework.renderers import BaseRenderer

CHUNK_SIZE = 2000
COLUMNS = [
    "id",
    "kind",
    "measure",
    "quote",
    "value_low",
    "value_high",
    "qualifier",
    "unit",
    "period",
    "place",
    "as_of",
    "as_of_precision",
    "attributed_to",
    "origin_id",
    "origin",
    "instrument",
    "provision",
    "subject_key",
    "review_status",
    "confidence",
    "orphaned",
    "start",
    "end",
    "agree_count",
    "contradict_count",
    "article_id",
    "article_title",
    "article_url",
    "outlet_id",
    "outlet",
    "published",
]
# Spreadsheets run cells starting with these as formulas; such text cells get a leading quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_COLUMNS = {"quote", "attributed_to", "origin", "instrument", "article_title", "outlet"}


class CSVRenderer(BaseRenderer):
    """Names the CSV format for content negotiation; the view streams the body itself."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class JSONLinesRenderer(BaseRenderer):
    media_type = "application/x-ndjson"
    format = "jsonl"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


EXPORT_RENDERERS = {renderer.format: renderer for renderer in (CSVRenderer, JSONLinesRenderer)}


def claim_row(claim) -> dict:
    """A flat record of a claim, its origin, article and outlet (loaded with with_sources)."""
    article = claim.article
    return {
        "id": claim.pk,
        "kind": claim.kind,
        "measure": claim.measure,
        "quote": claim.quote,
        "value_low": claim.value_low,
        "value_high": claim.value_high,
        "qualifier": claim.qualifier,
        "unit": claim.unit,
        "period": claim.period,
        "place": claim.place,
        "as_of": claim.as_of.isoformat() if claim.as_of else None,
        "as_of_precision": claim.as_of_precision,
        "attributed_to": claim.attributed_to,
        "origin_id": claim.origin_id,
        "origin": claim.origin.name if claim.origin_id else None,
        "instrument": claim.instrument,
        "provision": claim.provision,
        "subject_key": claim.subject_key,
        "review_status": claim.review_status,
        "confidence": claim.confidence,
        "orphaned": claim.orphaned,
        "start": claim.start,
        "end": claim.end,
        "agree_count": getattr(claim, "agree_count", None),
        "contradict_count": getattr(claim, "contradict_count", None),
        "article_id": article.pk,
        "article_title": article.title,
        "article_url": article.url,
        "outlet_id": article.outlet_id,
        "outlet": article.outlet.name,
        "published": article.published.isoformat() if article.published else None,
    }


class _Echo:
    """A file-like object whose write returns the line, for csv.writer to stream through."""

    def write(self, value: str) -> str:
        return value


def _csv_cell(column: str, value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return _plain_number(value)
    if column in TEXT_COLUMNS and isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_lines(claims: Iterable) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(COLUMNS)
    for claim in claims:
        row = claim_row(claim)
        yield writer.writerow([_csv_cell(column, row[column]) for column in COLUMNS])


def _plain_number(value: Decimal) -> str:
    """6000.0000 as "6000", 0.5000 as "0.5": the figure as a reader would write it."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _json_default(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def jsonl_lines(claims: Iterable) -> Iterator[str]:
    for claim in claims:
        yield json.dumps(claim_row(claim), default=_json_default, ensure_ascii=False) + "\n"


def export_response(queryset, fmt: str, filename: str = "claims") -> StreamingHttpResponse:
    """Stream the queryset in chunks so the rows never sit in memory together."""
    rows = queryset.iterator(chunk_size=CHUNK_SIZE)
    if fmt == "jsonl":
        response = StreamingHttpResponse(
            jsonl_lines(rows), content_type="application/x-ndjson; charset=utf-8"
        )
    else:
        response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
