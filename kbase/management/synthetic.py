"""A deterministic generator of synthetic articles with anchored claims (pure Python)."""

import datetime
import random
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal

from claims.anchoring import context_at
from claims.linking.keys import subject_key
from kbase.management import synthetic_vocab as vocab
from kbase.management.synthetic_figures import Figures, Weighted
from sources.hashing import text_sha256
from sources.keys import name_key, slug_key

URL_ROOT = "https://synthetic.kbase.invalid"
EXTRACTOR_VERSION = "synthetic-1"
FIRST_DAY, LAST_DAY = datetime.date(2010, 1, 1), datetime.date(2025, 12, 31)
RELAY_SHARE = 0.08
_KINDS = Weighted([("worker_count", 60), ("remittance", 30), ("sanctions_clause", 10)])
_COUNT_MEASURES = Weighted(
    [("stock", 55), ("repatriated", 12), ("incident", 10), ("visas", 10), ("forecast", 13)]
)
_MONEY_MEASURES = Weighted([("per_worker", 45), ("total", 40), ("share", 15)])
_REVIEW = Weighted([("proposed", 85), ("accepted", 12), ("rejected", 3)])


@dataclass(slots=True)
class OutletSpec:
    name: str
    key: str
    kind: str
    country: str


@dataclass(slots=True)
class ClaimSpec:
    kind: str
    measure: str
    quote: str
    start: int
    end: int
    value_low: Decimal | None
    value_high: Decimal | None
    qualifier: str
    unit: str
    period: str
    place: str
    as_of: datetime.date | None
    as_of_precision: str
    attributed_to: str
    origin_key: str
    instrument: str
    provision: str
    subject_key: str
    confidence: float
    review_status: str
    prefix: str = ""
    suffix: str = ""


@dataclass(slots=True)
class ArticleSpec:
    index: int
    title: str
    text: str
    url: str
    outlet_key: str
    published: datetime.date
    author: str
    wire: str
    claims: list[ClaimSpec] = field(default_factory=list)
    is_wire_story: bool = False
    relays: str = ""  # the url of the wire story this article carries

    @property
    def sha256(self) -> str:
        return text_sha256(self.text)


def make_outlets() -> list[OutletSpec]:
    outlets = [OutletSpec(n, name_key(n), k, c) for n, k, c in vocab.OTHER_OUTLETS]
    first, second = vocab.OUTLET_WORDS
    for i, (a, b) in enumerate((a, b) for a in first for b in second):
        if i % 2 == 0:  # 32 newspapers
            country = vocab.NEWSPAPER_COUNTRIES[i % len(vocab.NEWSPAPER_COUNTRIES)]
            outlets.append(
                OutletSpec(f"The {a} {b}", name_key(f"The {a} {b}"), "newspaper", country)
            )
    return outlets


def make_origins() -> list[str]:
    names = list(vocab.INTERNATIONAL_ORIGINS)
    for country, _, _ in vocab.COUNTRIES.values():
        bare = country.removeprefix("the ")
        names += [body.format(Country=bare) for body in vocab.ORIGIN_BODIES]
    names += [f"{first} {last}" for first in vocab.FIRST_NAMES for last in vocab.LAST_NAMES]
    unique = {}
    for name in names:
        unique.setdefault(name_key(name), name)
    return list(unique.values())


class CorpusGenerator:
    """Articles one after another, the same for the same seed whatever the batch size."""

    def __init__(self, *, seed: int = 1, claims_per_article: int = 10):
        self.seed = seed
        self.claims_per_article = claims_per_article
        self.rng = random.Random(seed)
        self.outlets = make_outlets()
        self.origins = make_origins()
        self._wires = [o for o in self.outlets if o.kind == "wire"]
        self._others = [o for o in self.outlets if o.kind != "wire"]
        self._places = Weighted([(c, w) for c, (_, _, w) in vocab.COUNTRIES.items()])
        self._regions = Weighted([(r, w) for r, (_, w) in vocab.REGIONS.items()])
        self._origin_keys = {name: name_key(name) for name in self.origins}
        self._subject_keys: dict[tuple, str] = {}
        self.figures = Figures(self.rng, seed)
        self._recent_wires: deque[tuple[ArticleSpec, str, int]] = deque(maxlen=300)
        self._days = (LAST_DAY - FIRST_DAY).days

    def rng_for(self, *parts) -> random.Random:
        """A random stream of its own, for work beside the articles (linking samples)."""
        return random.Random(":".join(str(p) for p in (self.seed, *parts)))

    def url_prefix(self) -> str:
        return f"{URL_ROOT}/{self.seed}/"

    def articles(self, count: int, start: int = 0) -> Iterator[ArticleSpec]:
        for index in range(start, start + count):
            rng = self.rng
            if self._recent_wires and rng.random() < RELAY_SHARE:
                yield self._relay(index)
            else:
                yield self._original(index)

    def article_records(self, count: int, start: int = 0) -> Iterator[dict]:
        """The articles as import records: the fields of an article in a .jsonl file."""
        outlets = {o.key: o for o in self.outlets}
        for spec in self.articles(count, start=start):
            outlet = outlets[spec.outlet_key]
            yield {
                "title": spec.title,
                "text": spec.text,
                "url": spec.url,
                "outlet": outlet.name,
                "outlet_kind": outlet.kind,
                "published": spec.published.isoformat(),
                "author": spec.author,
                "wire": spec.wire,
            }

    # Articles

    def _original(self, index: int) -> ArticleSpec:
        rng = self.rng
        wire = rng.random() < 0.15
        outlet = rng.choice(self._wires if wire else self._others)
        published = FIRST_DAY + datetime.timedelta(days=rng.randrange(self._days))
        place = self._places(rng)
        country, capital, _ = vocab.COUNTRIES[place]
        bare = country.removeprefix("the ")
        title = rng.choice(vocab.HEADLINES).format(Country=country)
        title = title[0].upper() + title[1:]
        sentences: list[tuple[str, str, str, ClaimSpec | None]] = []
        for _ in range(self.claims_per_article):
            here = place if rng.random() < 0.7 else self._other_place()
            sentences.append(self._claim_sentence(here, published))
            if rng.random() < 0.5:
                filler = rng.choice(vocab.FILLER).format(Country=bare, capital=capital)
                sentences.append(("", filler, "", None))
        head = f"{capital.upper()} — "
        body, claims = self._compose(head, sentences)
        article = ArticleSpec(
            index=index,
            title=title,
            text=body + self._footer(index),
            url=f"{self.url_prefix()}{slug_key(outlet.name)}/{index}",
            outlet_key=outlet.key,
            published=published,
            author=self._author(),
            wire="",
            claims=claims,
            is_wire_story=wire,
        )
        self._anchor(article)
        if wire:
            self._recent_wires.append((article, outlet.name, len(body)))
        return article

    def _relay(self, index: int) -> ArticleSpec:
        """Another outlet carrying a wire report: the same text and claims, credited."""
        rng = self.rng
        source, wire_name, body_length = rng.choice(self._recent_wires)
        outlet = rng.choice(self._others)
        credit = f"({wire_name}) "
        body = credit + source.text[:body_length]
        shift = len(credit)
        claims = [
            replace(c, start=c.start + shift, end=c.end + shift, confidence=c.confidence)
            for c in source.claims
        ]
        article = ArticleSpec(
            index=index,
            title=source.title,
            text=body + self._footer(index),
            url=f"{self.url_prefix()}{slug_key(outlet.name)}/{index}",
            outlet_key=outlet.key,
            published=min(LAST_DAY, source.published + datetime.timedelta(days=rng.randrange(3))),
            author="",
            wire=slug_key(wire_name),
            claims=claims,
            relays=source.url,
        )
        self._anchor(article)
        return article

    def _footer(self, index: int) -> str:
        return f"\n\n(Synthetic report {self.seed}-{index}, generated for kbase load tests.)"

    def _author(self) -> str:
        rng = self.rng
        if rng.random() < 0.2:
            return ""
        return f"{rng.choice(vocab.FIRST_NAMES)} {rng.choice(vocab.LAST_NAMES)}"

    def _other_place(self) -> str:
        rng = self.rng
        return (self._regions if rng.random() < 0.4 else self._places)(rng)

    @staticmethod
    def _compose(head, sentences) -> tuple[str, list[ClaimSpec]]:
        """Join sentences into paragraphs of one to three, placing each claim's offsets."""
        parts, length, claims = [head], len(head), []
        for i, (lead, quote, tail, claim) in enumerate(sentences):
            if i:
                sep = "\n\n" if i % 3 == 0 else " "
                parts.append(sep)
                length += len(sep)
            if claim is not None:
                claim.start = length + len(lead)
                claim.end = claim.start + len(quote)
                claims.append(claim)
            sentence = lead + quote + tail
            parts.append(sentence)
            length += len(sentence)
        return "".join(parts), claims

    @staticmethod
    def _anchor(article: ArticleSpec) -> None:
        for claim in article.claims:
            assert article.text[claim.start : claim.end] == claim.quote
            claim.prefix, claim.suffix = context_at(article.text, claim.start, claim.end)

    # Claims

    def _claim_sentence(self, place: str, published: datetime.date):
        rng = self.rng
        kind = _KINDS(rng)
        as_of, precision, when = self._as_of(published)
        origin = rng.choice(self.origins) if rng.random() < 0.88 else ""
        source = origin or rng.choice(["officials", "diplomats", "people familiar with the matter"])
        if kind == "sanctions_clause":
            adopted = [s for s in vocab.SANCTIONS if datetime.date(*s[2]) <= published]
            if adopted:
                return self._sanctions(rng.choice(adopted), published, place, origin, source)
            kind = "worker_count"  # No resolution yet: the article counts workers instead.
        year = (as_of or published).year
        if kind == "worker_count":
            measure = _COUNT_MEASURES(rng)
            unit, period = "workers", ""
            value = self.figures.observed(kind, measure, place, unit, year)
            figure, low, high, qualifier = self.figures.count_figure(value)
            if qualifier == "less_than":
                figure = "fewer" + figure.removeprefix("less")
            quote = self.figures.count_quote(measure, figure, place)
        else:
            measure = _MONEY_MEASURES(rng)
            unit = self.figures.currency(place) if measure != "share" else "fraction"
            period = "" if measure == "share" else rng.choice(["month", "year", "year"])
            if measure == "per_worker":
                period = "month" if rng.random() < 0.75 else "year"
            value = self.figures.observed(kind, measure, place, unit, year)
            if period == "month" and measure == "total":
                value /= 12
            if period == "year" and measure == "per_worker":
                value *= 12
            figure, low, high, qualifier = self.figures.money_figure(value, unit)
            quote = self.figures.money_quote(measure, figure, place, period)
        quote = quote[0].upper() + quote[1:]
        tail = f", {source} said{when}."
        claim = ClaimSpec(
            kind=kind,
            measure=measure,
            quote=quote,
            start=0,
            end=0,
            value_low=low,
            value_high=high,
            qualifier=qualifier,
            unit=unit,
            period=period,
            place=place,
            as_of=as_of,
            as_of_precision=precision,
            attributed_to=origin or source,
            origin_key=self._origin_keys[origin] if origin else "",
            instrument="",
            provision="",
            subject_key=self._subject_key(kind, measure, place, unit),
            confidence=round(rng.uniform(0.55, 0.99), 2),
            review_status=_REVIEW(rng),
        )
        return "", quote, tail, claim

    def _sanctions(self, sanction, published, place, origin, source):
        rng = self.rng
        instrument, provision, day, clause = sanction
        claim_place = ""
        national = instrument in ("UNSCR 2375", "UNSCR 2397") and place in vocab.COUNTRIES
        if national and rng.random() < 0.3:
            country = vocab.COUNTRIES[place][0].removeprefix("the ")
            clause = rng.choice(vocab.NATIONAL_MEASURES).format(Country=country)
            provision, claim_place = "national_measure", place
        as_of = datetime.date(*day) if provision != "national_measure" else published
        claim = ClaimSpec(
            kind="sanctions_clause",
            measure="",
            quote=clause,
            start=0,
            end=0,
            value_low=None,
            value_high=None,
            qualifier="",
            unit="",
            period="",
            place=claim_place,
            as_of=as_of,
            as_of_precision="day" if provision != "national_measure" else "month",
            attributed_to=origin or source,
            origin_key=self._origin_keys[origin] if origin else "",
            instrument=instrument,
            provision=provision,
            subject_key=subject_key(
                kind="sanctions_clause", instrument=instrument, provision=provision
            ),
            confidence=round(rng.uniform(0.7, 0.99), 2),
            review_status="proposed",
        )
        return "", clause, f", according to {source}.", claim

    def _subject_key(self, kind: str, measure: str, place: str, unit: str) -> str:
        found = self._subject_keys.get((kind, measure, place, unit))
        if found is None:
            found = subject_key(kind=kind, measure=measure, place=place, unit=unit)
            self._subject_keys[(kind, measure, place, unit)] = found
        return found

    def _as_of(self, published: datetime.date):
        """When the figure applies, and how the sentence says so."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.15:
            return None, "", ""
        day = max(FIRST_DAY, published - datetime.timedelta(days=rng.randrange(400)))
        month = vocab.MONTHS[day.month - 1]
        if roll < 0.40:
            return datetime.date(day.year, 1, 1), "year", f" in {day.year}"
        if roll < 0.50:
            return day, "day", f" on {day.day} {month} {day.year}"
        return day.replace(day=1), "month", f", citing figures from {month} {day.year}"
