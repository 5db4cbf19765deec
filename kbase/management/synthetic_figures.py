"""Figures for synthetic claims: per-topic true values, noise, and how a text states them."""

import bisect
import itertools
import math
import random
from decimal import Decimal

from kbase.management import synthetic_vocab as vocab


class Weighted:
    """A weighted choice, drawn with one random number (random.choices is slow in a hot loop)."""

    __slots__ = ("_cumulative", "_items", "_total")

    def __init__(self, pairs: list[tuple[str, int]]):
        self._items = [item for item, _ in pairs]
        self._cumulative = list(itertools.accumulate(w for _, w in pairs))
        self._total = self._cumulative[-1]

    def __call__(self, rng: random.Random) -> str:
        return self._items[bisect.bisect_right(self._cumulative, rng.random() * self._total)]


OUTLIER_SHARE = 0.05
NOISE_SIGMA = 0.06
_QUALIFIERS = Weighted(
    [
        ("exact", 25),
        ("approximately", 35),
        ("more_than", 6),
        ("at_least", 3),
        ("up_to", 5),
        ("less_than", 2),
        ("range", 10),
    ]
)
VAGUE_SHARE = 0.06
_WORDS = {
    "approximately": ["about ", "around ", "some ", "roughly "],
    "more_than": ["more than "],
    "at_least": ["at least "],
    "up_to": ["as many as ", "up to "],
    "less_than": ["less than "],
}
_VAGUE_COUNTS = [(10_000, "tens of thousands of"), (1_000, "thousands of"), (100, "hundreds of")]
_SYMBOLS = {"USD": ("$", ""), "EUR": ("€", ""), "CNY": ("", " yuan")}
_PERIOD_WORDS = {"month": "a month", "year": "a year", "week": "a week"}
_NOUNS = ["workers", "laborers", "labourers", "workers"]


def round_sig(value: float, digits: int) -> int:
    """`value` rounded to `digits` significant figures, as a whole number (at least 1)."""
    if value < 1:
        return 1
    scale = 10 ** max(0, math.floor(math.log10(value)) - digits + 1)
    return max(1, round(value / scale) * scale)


class Figures:
    """The figures one generator states; shares its random stream, so a seed fixes them all."""

    def __init__(self, rng: random.Random, seed: int):
        self.rng = rng
        self.seed = seed
        self._bases: dict[str, float] = {}

    def truth(self, kind: str, measure: str, place: str, unit: str, year: int) -> float:
        """The figure the world would report for a topic in a year: one base per topic (its own
        random stream, so it does not depend on article order), then a trend over the years."""
        key = f"{kind}.{measure}.{place}.{unit}"
        base = self._bases.get(key)
        if base is None:
            topic = random.Random(f"{self.seed}:{key}")
            big = place in ("world", "RU", "CN")
            stock = (
                topic.uniform(50_000, 150_000)
                if place == "world"
                else (topic.uniform(20_000, 60_000) if big else math.exp(topic.uniform(6, 9.6)))
            )
            base = {
                "stock": stock,
                "repatriated": stock * topic.uniform(0.2, 0.8),
                "incident": math.exp(topic.uniform(1.5, 5.7)),
                "visas": stock * topic.uniform(0.1, 0.5),
                "forecast": stock * topic.uniform(1.0, 1.5),
                "per_worker": topic.uniform(300, 1500) * (7 if unit == "CNY" else 1),
                "total": stock * topic.uniform(3_000, 8_000) * (7 if unit == "CNY" else 1),
                "share": topic.uniform(0.3, 0.9),
            }[measure]
            self._bases[key] = base
        if measure in ("share", "incident"):
            return base
        if measure == "per_worker":
            return base * 1.03 ** (year - 2010)
        if measure == "repatriated":
            return base if year >= 2018 else base * 0.2
        grown = base * 1.04 ** (min(year, 2017) - 2010)
        return grown * max(0.25, 1 - 0.35 * max(0, year - 2017))

    def observed(self, kind, measure, place, unit, year) -> float:
        """The true figure as one source reports it: noisy, sometimes far off."""
        rng = self.rng
        value = self.truth(kind, measure, place, unit, year) * rng.lognormvariate(0, NOISE_SIGMA)
        if rng.random() < OUTLIER_SHARE:
            value *= rng.choice([0.3, 0.4, 2.5, 3.0])
        return min(value, 0.95) if measure == "share" else value

    def currency(self, place: str) -> str:
        rng = self.rng
        if place in vocab.EUROPEAN and rng.random() < 0.4:
            return "EUR"
        if place == "CN" and rng.random() < 0.3:
            return "CNY"
        return "USD"

    def _qualified(self, value: float, render) -> tuple[str, Decimal, Decimal, str]:
        rng = self.rng
        qualifier = _QUALIFIERS(rng)
        if qualifier == "range":
            low, high = render(value * 0.85, 2), render(value * 1.15, 2)
            if low[1] != high[1]:
                return f"between {low[0]} and {high[0]}", low[1], high[1], qualifier
            qualifier = "approximately"
        if qualifier == "exact":
            text, number = render(value, 4)
            return text, number, number, qualifier
        text, number = render(value, 2)
        return rng.choice(_WORDS[qualifier]) + text, number, number, qualifier

    def count_figure(self, value: float):
        if self.rng.random() < VAGUE_SHARE:
            for floor, words in _VAGUE_COUNTS:
                if value >= floor:
                    return words, Decimal(floor), Decimal(floor * 10 - 1), "vague"

        def render(v, digits):
            n = round_sig(v, digits)
            return f"{n:,}", Decimal(n)

        return self._qualified(value, render)

    def money_figure(self, value: float, unit: str):
        if unit == "fraction":

            def render(v, digits):
                percent = min(99, max(1, round(v * 100)))
                return f"{percent} percent", Decimal(percent) / 100

            return self._qualified(value, render)
        before, after = _SYMBOLS[unit]
        if unit == "USD" and value >= 1e8 and self.rng.random() < VAGUE_SHARE:
            return "hundreds of millions of dollars", Decimal(10**8), Decimal(10**9 - 1), "vague"

        def render(v, digits):
            for scale, word in ((10**9, " billion"), (10**6, " million")):
                if v >= scale:
                    shown = round(v / scale, 1) if v < 10 * scale else round_sig(v / scale, 2)
                    number = Decimal(str(shown)) * scale
                    return f"{before}{shown:g}{word}{after}", number.quantize(Decimal(1))
            n = round_sig(v, min(digits, 3))
            return f"{before}{n:,}{after}", Decimal(n)

        return self._qualified(value, render)

    def _place_words(self, place: str) -> str:
        if place in vocab.REGIONS:
            return vocab.REGIONS[place][0]
        return f"in {vocab.COUNTRIES[place][0]}"

    def count_quote(self, measure: str, figure: str, place: str) -> str:
        noun = self.rng.choice(_NOUNS)
        where = self._place_words(place)
        return {
            "stock": f"{figure} North Korean {noun} were working {where}",
            "repatriated": f"{figure} North Korean {noun} were sent home from jobs {where}",
            "incident": f"{figure} North Korean {noun} stopped work at one site {where}",
            "visas": f"{figure} work permits were issued to North Koreans {where}",
            "forecast": f"{figure} more North Korean {noun} were expected {where}",
        }[measure]

    def money_quote(self, measure: str, figure: str, place: str, period: str) -> str:
        where = self._place_words(place)
        every = _PERIOD_WORDS.get(period, "")
        return {
            "per_worker": f"each North Korean worker {where} earned {figure} {every}",
            "total": f"North Korean workers {where} sent {figure} {every} to Pyongyang",
            "share": f"the state took {figure} of the pay of North Korean workers {where}",
        }[measure]
