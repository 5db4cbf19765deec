"""schema.org ClaimReview and Claim JSON-LD for a claim and for a topic."""

from collections.abc import Callable, Iterable
from decimal import Decimal

import pycountry

CONTEXT = "https://schema.org"
PUBLISHER = {"@type": "Organization", "name": "kbase"}
# Places that are not ISO 3166-1 countries but appear in subject keys.
PLACE_NAMES = {"world": "the world", "gulf": "the Gulf states"}
REVIEW_NAMES = {
    "proposed": "Not yet reviewed",
    "accepted": "Accepted by a curator",
    "rejected": "Rejected by a curator",
}
# What kbase's review means: the source says this, not that the figure is true.
REVIEW_EXPLANATION = (
    "kbase records what its sources say, not whether it is true: an accepted claim is one a "
    "curator has checked against the quoted text."
)


def claim_jsonld(claim, *, absolute: Callable[[str], str] | None = None) -> dict:
    """Return a ClaimReview of one claim, its article being the claim's appearance.

    Reads only the claim, its article, the article's outlet and its origin (load them with
    `Claim.objects.with_sources()`); link counts are included when annotated
    (`with_link_counts()`). `absolute` turns a site path into an absolute URL.
    """
    absolute = absolute or _same
    appearance = _appearance(claim.article, absolute)
    item = {
        "@type": "Claim",
        "text": claim.quote,
        "appearance": [appearance],
        "firstAppearance": appearance,
        **_claim_subject(claim),
    }
    author = _claim_author(claim)
    if author:
        item["author"] = author
    if claim.article.published:
        item["datePublished"] = claim.article.published.isoformat()
    review = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "@id": absolute(claim.get_absolute_url()),
        "url": absolute(claim.get_absolute_url()),
        "claimReviewed": claim.quote,
        "itemReviewed": item,
        "author": PUBLISHER,
        "reviewRating": _rating(claim),
    }
    reviewed_at = claim.reviewed_at or claim.created
    if reviewed_at:
        review["datePublished"] = reviewed_at.date().isoformat()
    return review


def topic_jsonld(topic, claims: Iterable, *, absolute: Callable[[str], str] | None = None) -> dict:
    """Return a ClaimReview of a topic's figure: every article carrying it is an appearance.

    `claims` are the topic's claims with their sources loaded; the earliest published article
    is the first appearance, and the topic's best claim (when among them) gives the text.
    """
    absolute = absolute or _same
    claims = list(claims)
    articles = {}
    for claim in claims:
        articles.setdefault(claim.article_id, claim.article)
    ordered = sorted(
        articles.values(),
        key=lambda a: (a.published is None, a.published or "", a.pk),
    )
    appearances = [_appearance(article, absolute) for article in ordered]
    best = next((c for c in claims if c.pk == topic.best_claim_id), claims[0] if claims else None)
    item = {"@type": "Claim", "name": topic.label, "appearance": appearances}
    if best is not None:
        item["text"] = best.quote
        item.update(_claim_subject(best))
    if appearances:
        item["firstAppearance"] = appearances[0]
    origins = {}
    for claim in claims:
        author = _claim_author(claim)
        if author:
            origins.setdefault(author["name"], author)
    if origins:
        item["author"] = list(origins.values())
    review = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "@id": absolute(topic.get_absolute_url()),
        "url": absolute(topic.get_absolute_url()),
        "name": topic.label,
        "claimReviewed": best.quote if best is not None else topic.label,
        "itemReviewed": item,
        "author": PUBLISHER,
        "reviewRating": {
            "@type": "Rating",
            "alternateName": _topic_verdict(topic),
            "ratingExplanation": REVIEW_EXPLANATION,
        },
    }
    if topic.updated:
        review["dateModified"] = topic.updated.date().isoformat()
    spread = _quantity(topic.spread_low, topic.spread_high, topic.unit)
    if spread:
        review["about"] = spread
    return review


def _same(path: str) -> str:
    return path


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _quantity(low, high, unit: str) -> dict | None:
    if low is None and high is None:
        return None
    quantity = {"@type": "QuantitativeValue"}
    if low is not None:
        quantity["minValue"] = _number(low)
    if high is not None:
        quantity["maxValue"] = _number(high)
    if low is not None and low == high:
        quantity["value"] = _number(low)
    if unit:
        quantity["unitText"] = unit
    return quantity


def _as_of(claim) -> str | None:
    if claim.as_of is None:
        return None
    iso = claim.as_of.isoformat()
    return {"year": iso[:4], "month": iso[:7]}.get(claim.as_of_precision, iso)


def _place(code: str) -> dict | None:
    if not code:
        return None
    if code in PLACE_NAMES:
        return {"@type": "Place", "name": PLACE_NAMES[code]}
    country = pycountry.countries.get(alpha_2=code.upper())
    return {
        "@type": "Place",
        "name": country.name if country else code,
        "address": {"@type": "PostalAddress", "addressCountry": code.upper()},
    }


def _claim_subject(claim) -> dict:
    """The figure, place and date a claim is about, as far as it says."""
    subject = {}
    quantity = _quantity(claim.value_low, claim.value_high, claim.unit)
    if quantity:
        if claim.qualifier:
            quantity["valueReference"] = {
                "@type": "PropertyValue",
                "name": "qualifier",
                "value": claim.qualifier,
            }
        subject["about"] = quantity
    place = _place(claim.place)
    if place:
        subject["spatialCoverage"] = place
    as_of = _as_of(claim)
    if as_of:
        subject["temporalCoverage"] = as_of
    if claim.instrument:
        subject["isBasedOn"] = {"@type": "Legislation", "name": claim.instrument}
    return subject


def _claim_author(claim) -> dict | None:
    name = claim.origin.name if claim.origin_id and claim.origin else claim.attributed_to
    if not name:
        return None
    return {"@type": "Organization", "name": name}


def _appearance(article, absolute: Callable[[str], str]) -> dict:
    work = {
        "@type": "NewsArticle",
        "@id": absolute(article.get_absolute_url()),
        "headline": article.title,
        "publisher": {"@type": "Organization", "name": article.outlet.name},
    }
    if article.url:
        work["url"] = article.url
    if article.published:
        work["datePublished"] = article.published.isoformat()
    if article.author:
        work["author"] = {"@type": "Person", "name": article.author}
    return work


def _rating(claim) -> dict:
    rating = {
        "@type": "Rating",
        "alternateName": REVIEW_NAMES.get(claim.review_status, claim.review_status),
        "ratingExplanation": REVIEW_EXPLANATION,
    }
    agrees = getattr(claim, "agree_count", None)
    contradicts = getattr(claim, "contradict_count", None)
    if agrees is not None and contradicts is not None:
        rating["ratingExplanation"] += (
            f" {agrees} other source(s) agree with this figure; {contradicts} contradict it."
        )
    return rating


def _topic_verdict(topic) -> str:
    origins = topic.independent_origins
    verdict = f"{topic.claim_count} claim(s) from {origins} independent origin(s)"
    if topic.open_contradictions:
        verdict += f", {topic.open_contradictions} open contradiction(s)"
    return verdict
