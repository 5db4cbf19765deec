"""Bounded reads of a large topic: the claims new ones are compared with, and their sources."""

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db import connection

from claims.linking import ClaimFacts, loose_key
from claims.models import Claim, ReviewStatus
from sources.models import Article, Origin, Outlet

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
) -> set[int]:
    """Ids of the stored claims nearest each new claim in its topic, for linking to compare.

    For each new claim: up to `per_side` claims of its own origin (by loose key) on either side
    of its date, the same of any origin, and the topic's latest undated claims. Each arm is an
    index range scan (claim_subject_origin, claim_subject_live), so the cost does not grow with
    the topic.
    """
    table = Claim._meta.db_table
    arms: list[tuple[str, list]] = []
    undated_keys = set()

    def nearest(where: str, params: list, day) -> None:
        if day is None:
            arms.append((f"{where} ORDER BY as_of DESC, id DESC", params))
            return
        arms.append((f"{where} AND as_of >= %s ORDER BY as_of, id", [*params, day]))
        arms.append((f"{where} AND as_of < %s ORDER BY as_of DESC, id DESC", [*params, day]))

    for claim in new:
        if not claim.subject_key:
            continue
        day = claim.when
        nearest("subject_key = %s", [claim.subject_key], day)
        same = sorted(origins.get(loose_key(claim.origin_key), ())) if claim.origin_key else []
        if same:
            marks = ", ".join(["%s"] * len(same))
            nearest(f"subject_key = %s AND origin_id IN ({marks})", [claim.subject_key, *same], day)
        undated_keys.add(claim.subject_key)
    for key in sorted(undated_keys):
        arms.append(("subject_key = %s AND as_of IS NULL ORDER BY id DESC", [key]))

    found: set[int] = set()
    for start in range(0, len(arms), ARMS_PER_STATEMENT):
        batch = arms[start : start + ARMS_PER_STATEMENT]
        sql = " UNION ALL ".join(
            f"SELECT id FROM (SELECT id FROM {table} WHERE {where} LIMIT {per_side}) AS arm{i}"
            for i, (where, _) in enumerate(batch)
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [p for _, params in batch for p in params])
            found.update(row[0] for row in cursor.fetchall())
    return found


def sources_present(
    checks: Iterable[tuple[str, str]],
    *,
    exclude: Iterable[int],
    origins: dict[str, set[int]],
) -> set[tuple[str, str]]:
    """Which (subject key, source key) pairs a live claim other than `exclude` already has.

    Source keys are spelled as ClaimFacts.source_key spells them: "origin:<loose key>" or
    "report:<wire, outlet or article>". One statement of EXISTS arms, each stopping at the first
    claim found.
    """
    checks = sorted(set(checks))
    if not checks:
        return set()
    excluded = sorted(set(exclude)) or [0]
    claims, articles = Claim._meta.db_table, Article._meta.db_table
    outlets = _outlet_ids_by_report_key()
    live = f"c.review_status <> %s AND NOT c.orphaned AND c.id NOT IN ({_marks(excluded)})"
    live_params = [ReviewStatus.REJECTED, *excluded]
    arms: list[tuple[str, list]] = []
    for i, (subject, source) in enumerate(checks):
        kind, _, name = source.partition(":")
        if kind == "origin":
            ids = sorted(origins.get(name, ())) or [0]
            where = f"c.origin_id IN ({_marks(ids)})"
            params = ids
        elif name.startswith("article-") and name[8:].isdigit():
            where, params = "c.origin_id IS NULL AND c.article_id = %s", [int(name[8:])]
        else:
            ids = sorted(outlets.get(name, ())) or [0]
            where = (
                f"c.origin_id IS NULL AND (a.wire = %s OR (a.wire = '' AND a.outlet_id IN "
                f"({_marks(ids)})))"
            )
            params = [name, *ids]
        arms.append(
            (
                f"SELECT {i} AS n WHERE EXISTS (SELECT 1 FROM {claims} c JOIN {articles} a "
                f"ON a.id = c.article_id WHERE c.subject_key = %s AND {where} AND {live})",
                [subject, *params, *live_params],
            )
        )
    present = set()
    for start in range(0, len(arms), ARMS_PER_STATEMENT):
        batch = arms[start : start + ARMS_PER_STATEMENT]
        with connection.cursor() as cursor:
            cursor.execute(
                " UNION ALL ".join(sql for sql, _ in batch), [p for _, ps in batch for p in ps]
            )
            present.update(checks[row[0]] for row in cursor.fetchall())
    return present


def _outlet_ids_by_report_key() -> dict[str, set[int]]:
    """Outlets under the report key their own stories carry (linking.facts.report_key)."""
    ids: dict[str, set[int]] = defaultdict(set)
    for pk, key in Outlet.objects.order_by().values_list("id", "key"):
        if key:
            ids[key.replace(" ", "-")].add(pk)
    return ids


def _marks(values: list) -> str:
    return ", ".join(["%s"] * len(values))
