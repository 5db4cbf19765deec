"""Subject-key locks: held by one transaction until it ends, in a fixed order, PostgreSQL only."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from claims.services.locks import SUBJECT_KEY_LOCKS, _lock_id, subject_keys_lock

KEY = "worker_count.stock.KW"


def held_elsewhere(key: str) -> bool:
    """Whether another session fails to take the key's lock (and so some transaction holds it)."""
    import psycopg2

    s = connection.settings_dict
    other = psycopg2.connect(
        dbname=s["NAME"], user=s["USER"], host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432
    )
    try:
        with other, other.cursor() as cursor:
            cursor.execute(
                "SELECT pg_try_advisory_xact_lock(%s, %s)", [SUBJECT_KEY_LOCKS, _lock_id(key)]
            )
            return not cursor.fetchone()[0]
    finally:
        other.close()


@pytest.mark.django_db(transaction=True)
def test_a_key_is_held_until_the_transaction_ends():
    if connection.vendor != "postgresql":
        pytest.skip("advisory locks are PostgreSQL's; SQLite runs one write at a time")
    with transaction.atomic():
        subject_keys_lock(keys=[KEY, "", "remittance.total.world.USD"])
        assert held_elsewhere(KEY)
        assert not held_elsewhere("worker_count.stock.QA")
    assert not held_elsewhere(KEY)


@pytest.mark.django_db
def test_one_statement_for_any_number_of_keys_and_none_without_keys():
    with CaptureQueriesContext(connection) as many:
        subject_keys_lock(keys=[f"worker_count.stock.X{i}" for i in range(50)])
    with CaptureQueriesContext(connection) as none:
        subject_keys_lock(keys=["", ""])
    assert len(many) == (1 if connection.vendor == "postgresql" else 0)
    assert len(none) == 0


def test_lock_ids_are_stable_32_bit_numbers():
    assert _lock_id(KEY) == _lock_id(KEY)
    assert all(-(2**31) <= _lock_id(f"k{i}") < 2**31 for i in range(1000))
