"""The project's demo corpus in the database: its articles, and its gold claims, linked."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

from simple_history.utils import bulk_create_with_history

from claims.linking import subject_key
from claims.models import Claim
from claims.services import links_recompute_all
from sources.keys import name_key
from sources.models import Article, Origin, Outlet
from sources.validation import article_input_from_mapping


def _as_of(value: str | None) -> tuple[datetime.date | None, str]:
    if not value:
        return None, ""
    parts = [int(p) for p in value.split("-")]
    precision = {1: "year", 2: "month", 3: "day"}[len(parts)]
    parts += [1] * (3 - len(parts))
    return datetime.date(*parts), precision


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def seed_demo(demo_dir: Path) -> dict[str, Article]:
    """Store the demo articles and their analysts' (gold) claims, then link them.

    The extractor is not involved, so pages can be shown and tested with known claims.
    Returns the articles by URL.
    """
    articles = {}
    for line in (demo_dir / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        data = article_input_from_mapping(json.loads(line))
        outlet = Outlet.objects.filter(key=name_key(data.outlet)).first() or Outlet.objects.create(
            name=data.outlet, kind=data.outlet_kind or Outlet.Kind.UNKNOWN
        )
        articles[data.url] = Article.objects.create(
            outlet=outlet,
            title=data.title,
            url=data.url,
            author=data.author,
            published=data.published,
            published_precision=data.published_precision,
            language=data.language,
            text=data.text,
            wire=data.wire,
        )
    claims = []
    for line in (demo_dir / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line) if line.strip() else {}
        if not row or row.get("role") == "trap" or row.get("file") not in articles:
            continue
        origin = None
        if row.get("attributed_to"):
            key = name_key(row["attributed_to"])
            origin = Origin.objects.filter(key=key).first() or Origin.objects.create(
                name=row["attributed_to"], key=key
            )
        as_of, precision = _as_of(row.get("as_of"))
        fields = {
            name: row.get(name) or ""
            for name in (
                "measure",
                "qualifier",
                "unit",
                "period",
                "place",
                "instrument",
                "provision",
            )
        }
        claims.append(
            Claim(
                article=articles[row["file"]],
                kind=row["kind"],
                quote=row["quote"],
                start=row["start"],
                end=row["end"],
                value_low=_decimal(row.get("value_low")),
                value_high=_decimal(row.get("value_high")),
                as_of=as_of,
                as_of_precision=precision,
                attributed_to=row.get("attributed_to") or "",
                origin=origin,
                subject_key=subject_key(
                    kind=row["kind"],
                    **{
                        k: fields[k]
                        for k in ("measure", "place", "unit", "instrument", "provision")
                    },
                ),
                method=Claim.Method.MANUAL,
                extractor_version="gold",
                **fields,
            )
        )
    bulk_create_with_history(claims, Claim, default_change_reason="demo: gold claims")
    links_recompute_all()
    return articles
