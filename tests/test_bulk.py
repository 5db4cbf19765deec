"""Bulk inserts from rows, and PostgreSQL arrays given as text, keep every value exactly."""

import datetime
import math
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from claims.models import Claim, ClaimLink
from kbase.bulk import array_literal, insert_rows
from tests.factories import ClaimFactory

HOSTILE = [
    "",
    "NULL",
    "plain",
    'a "quoted" word',
    "back\\slash and \\\\ two",
    "{braces}, commas, and } alone",
    "tab\tand\nnewline",
    "émigré 北朝鮮 عمال",
    "  spaces around  ",
    None,
]


def test_array_literal_quotes_every_value_but_none():
    assert array_literal([]) == "{}"
    assert array_literal([3, 1, 2]) == "{3,1,2}"
    assert array_literal([1, None, "a"]) == '{"1",NULL,"a"}'
    assert array_literal(['say "hi"', "a\\b"]) == '{"say \\"hi\\"","a\\\\b"}'
    assert array_literal([True, False]) == "{t,f}"
    assert array_literal([0.1, math.inf, -math.inf]) == '{"0.1","Infinity","-Infinity"}'
    assert array_literal([math.nan]) == '{"NaN"}'


@pytest.mark.django_db
def test_arrays_as_text_read_back_exactly_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("array parameters are PostgreSQL's")
    moment = timezone.now()
    cases = {
        "text[]": HOSTILE,
        "bigint[]": [1, -2, 2**62, None],
        "float8[]": [0.1, 1 / 3, 1e-300, 123456.789, -0.0, math.inf, None],
        "numeric(20, 4)[]": [Decimal("6000.0000"), Decimal("0.3333"), Decimal("-1.5"), None],
        "date[]": [datetime.date(2017, 8, 10), datetime.date(1, 1, 1), None],
        "timestamptz[]": [moment, None],
        "boolean[]": [True, False, None],
    }
    with connection.cursor() as cursor:
        for kind, values in cases.items():
            cursor.execute(f"SELECT %s::{kind}", [array_literal(values)])
            assert cursor.fetchone()[0] == values, kind
        cursor.execute("SELECT 'NaN'::float8 = ANY(%s::float8[])", [array_literal([math.nan])])
        assert cursor.fetchone()[0]


@pytest.mark.django_db
def test_insert_rows_stores_each_row_with_the_fixed_values_and_returns_ids_in_order():
    a, b, c = ClaimFactory.create_batch(3)
    now = timezone.now()
    rows = [(a.pk, b.pk, "agrees", 0.125, HOSTILE[3]), (b.pk, c.pk, "contradicts", 1 / 3, "")]
    ids = insert_rows(
        ClaimLink,
        ("from_claim_id", "to_claim_id", "relation", "score", "rationale"),
        rows,
        fixed={"method": "auto", "decision": "suggested", "created": now, "updated": now},
        returning=True,
    )
    stored = ClaimLink.objects.in_bulk(ids)
    assert [
        (s.from_claim_id, s.to_claim_id, s.relation, s.score, s.rationale)
        for s in (stored[i] for i in ids)
    ] == rows
    assert {(s.method, s.decision) for s in stored.values()} == {("auto", "suggested")}
    assert insert_rows(ClaimLink, ("from_claim_id",), []) == []


@pytest.mark.django_db
def test_insert_rows_keeps_hostile_text_exactly():
    article = ClaimFactory().article
    now = timezone.now()
    names = ("article_id", "kind", "quote", "start", "end", "attributed_to", "subject_key")
    rows = [
        (article.pk, "worker_count", text or "-", 0, 1, text or "", f"key-{n}")
        for n, text in enumerate(HOSTILE)
    ]
    fixed = {"created": now, "updated": now, "value_low": None}
    insert_rows(Claim, names, rows, fixed=fixed)
    stored = Claim.objects.filter(subject_key__startswith="key-").order_by("subject_key")
    assert sorted((c.quote, c.attributed_to) for c in stored) == sorted(
        (text or "-", text or "") for text in HOSTILE
    )
