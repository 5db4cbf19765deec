"""Store an article's extracted claims."""

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from claims.extraction import EXTRACTOR_VERSION, extract
from claims.linking import LITTLE_WORDS, loose_key, subject_key
from claims.models import Claim, ClaimLink, ReviewStatus
from claims.services.locks import origin_keys_lock, subject_keys_lock
from kbase.bulk import insert_rows
from sources.keys import origin_key
from sources.models import Article, Origin

# Characters of context kept on each side of a quote (W3C TextQuoteSelector prefix and suffix).
CONTEXT_CHARS = 32

_CHAR_FIELDS = ("measure", "qualifier", "unit", "period", "place", "attributed_to", "instrument")
_UPDATED_FIELDS = (
    "quote",
    "prefix",
    "suffix",
    "measure",
    "value_low",
    "value_high",
    "qualifier",
    "unit",
    "period",
    "place",
    "as_of",
    "as_of_precision",
    "attributed_to",
    "origin",
    "instrument",
    "provision",
    "subject_key",
    "extractor_version",
    "confidence",
    "orphaned",
)

# What _claim_fields gives, in the order of claims_extract_new's rows.
_ITEM_FIELDS = (
    *_CHAR_FIELDS,
    "quote",
    "start",
    "end",
    "prefix",
    "suffix",
    "value_low",
    "value_high",
    "as_of",
    "as_of_precision",
    "origin_id",
    "provision",
    "subject_key",
    "extractor_version",
    "confidence",
    "orphaned",
)
_NEW_CLAIM_FIELDS = ("article_id", "kind", *_ITEM_FIELDS)
_SUBJECT_KEY = _NEW_CLAIM_FIELDS.index("subject_key")


@transaction.atomic
def claims_extract(*, article: Article, first_time: bool = False) -> dict:
    """Run the extractor over the article and store its claims idempotently.

    A claim the extractor finds again at the same span and kind is updated in place (its id and
    links survive); other proposed claims of an older or equal extractor version are removed.
    Accepted, rejected and manual claims, claims a curator has decided a link of, and claims of
    a newer extractor are kept, and nothing is added at their span and kind.
    Returns counts {"created", "updated", "unchanged", "kept", "removed"}.
    """
    text = article.text
    extracted = extract(text, published=article.published)
    # An article created in this transaction has no claims to compare with yet.
    current = [] if first_time else _current_claims(article)
    replaceable, kept = [], []
    for claim in current:
        (replaceable if _is_replaceable(claim) else kept).append(claim)
    kept_spans = {(c.start, c.end, c.kind) for c in kept}
    by_span = {(c.start, c.end, c.kind): c for c in replaceable}

    origins = origins_for(x.attributed_to for x in extracted)
    to_create, to_update, matched = [], [], set()
    unchanged = 0
    seen = set()
    for item in extracted:
        span = (item.start, item.end, item.kind)
        if span in kept_spans or span in seen:
            continue
        seen.add(span)
        fields = _claim_fields(item, text=text, origins=origins)
        old = by_span.get(span)
        if old is None:
            to_create.append(Claim(article=article, kind=item.kind, **fields))
            continue
        matched.add(old.pk)
        changed = False
        for name, value in fields.items():
            if getattr(old, name) != value:
                setattr(old, name, value)
                changed = True
        if changed:
            to_update.append(old)
        else:
            unchanged += 1

    stale = [c for c in replaceable if c.pk not in matched]
    removed_keys = {c.subject_key for c in stale if c.subject_key}
    # The keys the article's claims will have, which linking them locks next: taken now, and
    # all at once, before any claim is created (see subject_keys_lock).
    live_keys = {c.subject_key for c in [*to_create, *to_update, *kept]} | {
        c.subject_key for c in replaceable if c.pk in matched
    }
    subject_keys_lock(keys=live_keys)
    if stale:
        Claim.objects.filter(pk__in=[c.pk for c in stale]).delete()
    if to_update:
        now = timezone.now()
        for claim in to_update:
            claim.updated = now
        Claim.objects.bulk_update(to_update, [*_UPDATED_FIELDS, "updated"], batch_size=200)
    if to_create:
        Claim.objects.bulk_create(to_create)

    # Topics of keys this article no longer has would otherwise keep counting removed claims.
    orphan_keys = removed_keys - live_keys
    if orphan_keys:
        from claims.services.topics import topics_refresh

        topics_refresh(keys=orphan_keys)
    return {
        "created": len(to_create),
        "updated": len(to_update),
        "unchanged": unchanged,
        "kept": len(kept),
        "removed": len(stale),
    }


@transaction.atomic
def claims_extract_new(*, extracted: Sequence[tuple[Article, list]]) -> list[dict]:
    """Store the claims of articles created in this transaction, extracted beforehand.

    `extracted` pairs each new article with what `extract` found in its text. What
    `claims_extract(first_time=True)` would store for each, in one origins lookup and one insert
    for them all. Returns each article's counts, in order.
    """
    origins = origins_for(x.attributed_to for _, items in extracted for x in items)
    rows, counts = [], []
    for article, items in extracted:
        text, seen = article.text, set()
        for item in items:
            span = (item.start, item.end, item.kind)
            if span not in seen:
                seen.add(span)
                fields = _claim_fields(item, text=text, origins=origins)
                rows.append((article.pk, item.kind, *map(fields.__getitem__, _ITEM_FIELDS)))
        counts.append({"created": len(seen), "updated": 0, "unchanged": 0, "kept": 0, "removed": 0})
    # Claims of one subject are stored in the order they are linked in (see subject_keys_lock).
    subject_keys_lock(keys={row[_SUBJECT_KEY] for row in rows})
    # Every other field takes its default: by the extractor, unreviewed.
    insert_rows(Claim, _NEW_CLAIM_FIELDS, rows)
    return counts


def _current_claims(article: Article) -> list[Claim]:
    """The article's claims, each marked with whether a curator has decided one of its links."""
    curated = ClaimLink.objects.filter(
        Q(from_claim=OuterRef("pk")) | Q(to_claim=OuterRef("pk")),
        Q(method=ClaimLink.Method.MANUAL) | ~Q(decision=ClaimLink.Decision.SUGGESTED),
    )
    return list(Claim.objects.filter(article=article).annotate(has_decided_link=Exists(curated)))


def _is_replaceable(claim: Claim) -> bool:
    return (
        claim.method == Claim.Method.EXTRACTOR
        and claim.review_status == ReviewStatus.PROPOSED
        and not getattr(claim, "has_decided_link", False)
        and version_key(claim.extractor_version) <= version_key(EXTRACTOR_VERSION)
    )


def version_key(version: str) -> tuple:
    """Order extractor versions: "1.10" after "1.9"; a blank or unknown version sorts first."""
    parts = re.findall(r"\d+|[A-Za-z]+", version or "")
    return tuple((1, int(p), "") if p.isdigit() else (0, 0, p.lower()) for p in parts)


def origins_for(names: Iterable[str | None]) -> dict[str, Origin]:
    """Get or create the origins of these names in bulk: at most two reads and one insert.

    A name missing from the stored keys takes an origin whose key differs only in little words
    ("Public Authority for Manpower" joins "Public Authority of Manpower"), else a new one.
    """
    wanted: dict[str, str] = {}
    for name in names:
        key = origin_key(name or "")
        if key and key not in wanted:
            wanted[key] = (name or "").strip()[:200]
    if not wanted:
        return {}
    found = {o.key: o for o in Origin.objects.filter(key__in=wanted)}
    unknown = [k for k in wanted if k not in found]
    if not unknown:
        return found
    # Variants are looked for once no other transaction can be creating one.
    origin_keys_lock(loose_keys={loose_key(k) for k in unknown})
    variants = _origin_variants(unknown)
    found.update({k: variants[loose_key(k)] for k in wanted if loose_key(k) in variants})
    # Variants among the new names themselves share the origin of the first of them.
    first_of: dict[str, str] = {}
    for k in wanted:
        if k not in found:
            first_of.setdefault(loose_key(k), k)
    missing = [Origin(name=wanted[k], key=k) for k in first_of.values()]
    if missing:
        try:
            with transaction.atomic():
                created = Origin.objects.bulk_create(missing)
        except IntegrityError:
            # Another writer created some of them meanwhile: take theirs.
            Origin.objects.bulk_create(missing, ignore_conflicts=True)
            created = Origin.objects.filter(key__in=[o.key for o in missing])
        found.update({o.key: o for o in created})
        found.update({k: found[first_of[loose_key(k)]] for k in wanted if k not in found})
    return found


def _origin_variants(keys: list[str]) -> dict[str, Origin]:
    """Stored origins whose keys are spelling variants of these, by loose key; one query.

    The oldest origin of a loose key wins.
    """
    variants: dict[str, Origin] = {}
    for origin in origins_of_loose_keys({loose_key(k) for k in keys}).order_by("pk"):
        variants.setdefault(loose_key(origin.key), origin)
    return variants


def origins_of_loose_keys(loose: Iterable[str]):
    """The stored origins whose keys reduce to one of these loose keys (linking.loose_key).

    The origins table is small (one row per body or person named), so a regular expression
    over its keys costs little.
    """
    loose = sorted({k for k in loose if k})
    if not loose:
        return Origin.objects.none()
    little = "|".join(sorted(LITTLE_WORDS))
    gap = f"(?: (?:{little}))*"
    shapes = [f"{gap} ".join(re.escape(word) for word in key.split(" ")) for key in loose]
    pattern = f"^(?:(?:{little}) )*(?:{'|'.join(shapes)}){gap}$"
    return Origin.objects.filter(key__regex=pattern)


def _claim_fields(item, *, text: str, origins: dict[str, Origin]) -> dict:
    values = {name: _char(getattr(item, name, None), name) for name in _CHAR_FIELDS}
    as_of, precision = item.as_of_date()
    provision = item.provision or ""
    return {
        **values,
        "quote": item.quote,
        "start": item.start,
        "end": item.end,
        "prefix": text[max(0, item.start - CONTEXT_CHARS) : item.start],
        "suffix": text[item.end : item.end + CONTEXT_CHARS],
        "value_low": _decimal(item.value_low),
        "value_high": _decimal(item.value_high),
        "as_of": as_of,
        "as_of_precision": precision or "",
        "origin_id": getattr(origins.get(origin_key(item.attributed_to or "")), "pk", None),
        "provision": provision,
        "subject_key": subject_key(
            kind=item.kind,
            measure=item.measure,
            place=item.place,
            unit=item.unit,
            instrument=item.instrument,
            provision=provision,
        ),
        "extractor_version": EXTRACTOR_VERSION[:20],
        "confidence": min(1.0, max(0.0, float(item.confidence))),
        "orphaned": False,
    }


def _char(value: str | None, field: str) -> str:
    return (value or "")[: Claim._meta.get_field(field).max_length]


def _decimal(value) -> Decimal | None:
    if value is None:
        return None
    # Stored with four decimal places; compare as stored so a re-run sees no change.
    return Decimal(value).quantize(Decimal("0.0001"))
