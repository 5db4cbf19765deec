"""Transaction locks that let concurrent workers store and link claims of one subject in turn."""

import hashlib
from collections.abc import Iterable

from django.db import connection

# The first half of every advisory lock id kbase takes, so other users of advisory locks on the
# same database cannot collide with these.
SUBJECT_KEY_LOCKS = 0x6B62  # "kb"


def subject_keys_lock(*, keys: Iterable[str]) -> None:
    """Hold these subject keys until the current transaction ends; call inside one.

    Two workers linking claims of one key would each miss the other's uncommitted claims (and
    both insert its topic); with the lock the second one waits, then reads what the first
    committed. It is taken before claims are created, too: in a large topic a claim is linked
    among the claims numbered before it, so claims of one key must be numbered in the order
    they are linked (a later worker must not store and link its claims while an earlier one's,
    numbered lower, wait to be linked). On PostgreSQL: transaction-level advisory locks, taken
    in one statement in a fixed order so two transactions never wait on each other (a
    transaction that takes more keys later may wait, and PostgreSQL breaks any deadlock that
    makes). SQLite needs none: its transactions (`transaction_mode` IMMEDIATE) already run one
    at a time.
    """
    _lock(keys)


def origin_keys_lock(*, loose_keys: Iterable[str]) -> None:
    """Hold these origins' loose keys (linking.loose_key) until the current transaction ends.

    Taken before looking for an origin's spelling variants and creating what is missing: two
    workers meeting "Ministry of Labour" and "Ministry for Labour" at once would otherwise each
    create one, where one after the other share the first. Otherwise as subject_keys_lock.
    """
    _lock(f"origin {key}" for key in loose_keys if key)


def _lock(keys: Iterable[str]) -> None:
    if connection.vendor != "postgresql":
        return
    ids = sorted({_lock_id(k) for k in keys if k})
    if not ids:
        return
    with connection.cursor() as cursor:
        # unnest yields the array in order, and the locks are taken row by row in that order.
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, k) FROM unnest(%s::integer[]) AS k",
            [SUBJECT_KEY_LOCKS, ids],
        )


def _lock_id(key: str) -> int:
    """A stable signed 32-bit number for a key; two keys sharing one merely wait for each other."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=4).digest(), "big", signed=True)
