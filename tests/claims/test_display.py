"""Figures, places and dates in plain words, as the analyst pages show them."""

import datetime
from decimal import Decimal

import pytest

from claims.display import (
    count_independent,
    format_date,
    format_value,
    period_bounds,
    place_name,
    source_key,
    topic_label,
)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {
                "value_low": 6000,
                "value_high": 6000,
                "qualifier": "approximately",
                "unit": "workers",
            },
            "about 6,000 workers",
        ),
        (
            {"value_low": 6120, "value_high": 6120, "qualifier": "exact", "unit": "workers"},
            "6,120 workers",
        ),
        ({"value_low": 1, "value_high": 1, "qualifier": "exact", "unit": "workers"}, "1 worker"),
        (
            {"value_low": 50000, "value_high": 50000, "qualifier": "more_than", "unit": "workers"},
            "more than 50,000 workers",
        ),
        (
            {"value_low": 10000, "value_high": 99999, "qualifier": "vague", "unit": "workers"},
            "10,000–99,999 workers (vague)",
        ),
        (
            {"value_low": 20000, "value_high": 30000, "qualifier": "range", "unit": "workers"},
            "20,000–30,000 workers",
        ),
        (
            {"value_low": 1000, "value_high": 1000, "unit": "USD", "period": "month"},
            "$1,000 a month",
        ),
        (
            {
                "value_low": 500,
                "value_high": 500,
                "qualifier": "approximately",
                "unit": "EUR",
                "period": "month",
            },
            "about €500 a month",
        ),
        (
            {
                "value_low": 2_000_000_000,
                "value_high": 2_000_000_000,
                "unit": "USD",
                "period": "year",
            },
            "$2 billion a year",
        ),
        (
            {
                "value_low": 100_000_000,
                "value_high": 999_999_999,
                "qualifier": "vague",
                "unit": "USD",
                "period": "year",
            },
            "$100 million–$1 billion a year (vague)",
        ),
        ({"value_low": 1_234_567, "value_high": 1_234_567, "unit": "USD"}, "$1,234,567"),
        (
            {
                "value_low": "0.5",
                "value_high": "0.5",
                "qualifier": "approximately",
                "unit": "fraction",
            },
            "about 50%",
        ),
        ({"value_low": "0.6667", "value_high": "0.6667", "unit": "fraction"}, "66.7%"),
        (
            {"value_low": 3000, "value_high": 3000, "unit": "CNY", "period": "month"},
            "3,000 CNY a month",
        ),
        ({"value_low": None, "value_high": 400, "unit": "workers"}, "at most 400 workers"),
        ({"value_low": None, "value_high": None}, "no figure"),
    ],
)
def test_format_value(fields, expected):
    for bound in ("value_low", "value_high"):
        if fields.get(bound) is not None:
            fields[bound] = Decimal(str(fields[bound]))
    assert format_value(**fields) == expected


def test_dates_say_only_what_is_known():
    day = datetime.date(2017, 8, 10)
    assert format_date(day, "day") == "10 Aug 2017"
    assert format_date(day, "month") == "Aug 2017"
    assert format_date(day, "year") == "2017"
    assert format_date(None, "day") == ""
    assert period_bounds(datetime.date(2017, 12, 1), "month") == (
        datetime.date(2017, 12, 1),
        datetime.date(2017, 12, 31),
    )
    assert period_bounds(datetime.date(2016, 2, 1), "month")[1] == datetime.date(2016, 2, 29)
    assert period_bounds(datetime.date(2019, 6, 1), "year") == (
        datetime.date(2019, 1, 1),
        datetime.date(2019, 12, 31),
    )


def test_places_and_topics_have_readable_names():
    assert place_name("KW") == "Kuwait"
    assert place_name("RU") == "Russia"
    assert place_name("world") == "worldwide"
    assert place_name("gulf") == "the Gulf states"
    assert place_name("") == ""
    assert place_name("ZZ") == "ZZ"
    assert (
        topic_label(kind="worker_count", measure="stock", place="KW") == "Workers present · Kuwait"
    )
    assert (
        topic_label(
            kind="sanctions_clause", instrument="UNSCR 2371", provision="cap_work_authorizations"
        )
        == "UNSCR 2371 · cap on work authorizations"
    )


def test_independent_sources_merge_shared_keys_and_known_repeats():
    sources = {1: "origin:a", 2: "origin:a", 3: "origin:a-variant", 4: "wire:gws", 5: "outlet:x"}
    assert count_independent(sources, []) == 4
    assert count_independent(sources, [(3, 1)]) == 3
    assert count_independent(sources, [(3, 1), (5, 4), (9, 1)]) == 2
    assert count_independent({}, []) == 0


def test_source_keys_meet_as_linking_and_topics_count_them():
    of = source_key(origin_key="public authority of manpower")
    assert of == source_key(origin_key="public authority for manpower")
    assert of != source_key(origin_key="ministry of manpower")
    # A wire's own story and a relay of it are one report; an origin outranks the report.
    assert source_key(wire="gulf-wire-service", outlet_key="kuwait times") == source_key(
        outlet_key="gulf wire service"
    )
    assert source_key(origin_key="pam", wire="gulf-wire-service") == source_key(origin_key="pam")
    assert source_key(article_id=3) != source_key(article_id=4)
