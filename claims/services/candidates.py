"""Bounded reads of a large topic: the stored claims new claims are compared with."""

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date

from django.db import connection

from claims.linking import ClaimFacts, loose_key
from claims.models import Claim
from kbase.bulk import array_literal
from sources.models import Origin

# A topic of up to this many claims is read whole; a larger one only around its new claims.
FULL_READ_CLAIMS = 200
# Statements are cut at this many arms: SQLite refuses compound selects of more than 500.
ARMS_PER_STATEMENT = 400


def origin_ids_by_loose_key() -> dict[str, set[int]]:
    """Every stored origin's id under its loose key (spelling variants of one body meet).

    The origins table is small (one row per body or person named) and the reduction is Python's.
    """
    ids: dict[str, set[int]] = defaultdict(set)
    for pk, key in Origin.objects.order_by().values_list("id", "key"):
        ids[loose_key(key)].add(pk)
    return ids


def nearest_claim_ids(
    new: Sequence[ClaimFacts], *, per_side: int, origins: dict[str, set[int]]
) -> dict[int, set[int]]:
    """For each new claim, the ids of the stored claims nearest it in its topic, stored before it.

    Up to `per_side` claims of its own origin (by loose key) on either side of its date, the
    same of any origin, and the topic's latest undated claims, all of lower ids (a claim is
    linked to claims before it; see propose_links). Each arm is an index range scan
    (claim_subject_origin, claim_subject_live), so the cost does not grow with the topic.
    """
    table = Claim._meta.db_table
    arms: list[tuple[str, list, list[int]]] = []  # (where, params, the new claims it serves)

    def nearest(where: str, params: list, claim: ClaimFacts) -> None:
        served, day = [claim.id], claim.when
        if day is None:
            arms.append((f"{where} ORDER BY as_of DESC, id DESC", params, served))
            return
        arms.append((f"{where} AND as_of >= %s ORDER BY as_of, id", [*params, day], served))
        arms.append(
            (f"{where} AND as_of < %s ORDER BY as_of DESC, id DESC", [*params, day], served)
        )

    for claim in new:
        if not claim.subject_key:
            continue
        nearest("subject_key = %s AND id < %s", [claim.subject_key, claim.id], claim)
        same = sorted(origins.get(loose_key(claim.origin_key), ())) if claim.origin_key else []
        # An arm per origin: with several in one, the index no longer gives the date order.
        for origin_id in same:
            nearest(
                "subject_key = %s AND origin_id = %s AND id < %s",
                [claim.subject_key, origin_id, claim.id],
                claim,
            )
        # In date order, as the index holds them: ordered by id alone, PostgreSQL may walk the
        # whole table backwards by primary key looking for a topic's undated claims.
        where = "subject_key = %s AND as_of IS NULL AND id < %s ORDER BY as_of DESC, id DESC"
        arms.append((where, [claim.subject_key, claim.id], [claim.id]))

    found: dict[int, set[int]] = defaultdict(set)
    read = _arm_rows_lateral if connection.vendor == "postgresql" else _arm_rows_union
    for arm, claim_id in read(table, arms, per_side):
        for new_id in arms[arm][2]:
            found[new_id].add(claim_id)
    return found


def _arm_rows_union(table: str, arms: list, per_side: int) -> Iterator[tuple[int, int]]:
    """(arm, id) rows, the arms as subqueries of UNION ALL statements."""
    for start in range(0, len(arms), ARMS_PER_STATEMENT):
        batch = arms[start : start + ARMS_PER_STATEMENT]
        sql = " UNION ALL ".join(
            f"SELECT {start + i} AS arm, id FROM (SELECT id FROM {table} WHERE {where} "
            f"LIMIT {per_side}) AS arm{i}"
            for i, (where, _, _) in enumerate(batch)
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [p for _, params, _ in batch for p in params])
            yield from cursor.fetchall()


def _array_type(value) -> str:
    for kind, name in ((str, "text[]"), (int, "bigint[]"), (date, "date[]")):
        if isinstance(value, kind):
            return name
    raise TypeError(f"no array type for {value!r}")


def _arm_rows_lateral(table: str, arms: list, per_side: int) -> Iterator[tuple[int, int]]:
    """(arm, id) rows, one statement per shape of arm: its parameters unnested as rows, each
    joined laterally to its index range scan. Planning 400 arms of a UNION ALL took longer
    than running them."""
    shapes: dict[str, list[int]] = defaultdict(list)
    for i, (where, _, _) in enumerate(arms):
        shapes[where].append(i)
    for where, members in shapes.items():
        width = len(arms[members[0]][1])
        columns = [[arms[i][1][n] for i in members] for n in range(width)]
        arrays = "".join(f", %s::{_array_type(column[0])}" for column in columns)
        aliases = "".join(f", a{n}" for n in range(width))
        condition = where % tuple(f"p.a{n}" for n in range(width))
        sql = (
            f"SELECT p.arm, c.id FROM unnest(%s::int[]{arrays}) AS p(arm{aliases}) "
            f"CROSS JOIN LATERAL (SELECT id FROM {table} WHERE {condition} "
            f"LIMIT {per_side}) AS c"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [array_literal(members), *map(array_literal, columns)])
            yield from cursor.fetchall()
