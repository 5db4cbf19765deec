"""Propose links between comparable claims and keep topic summaries current."""

from collections.abc import Callable, Iterable, Sequence

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from claims.linking import (
    LINKS_PER_CLAIM,
    ClaimFacts,
    LinkFacts,
    LinkPlan,
    ProposedLink,
    propose_links,
    reconcile,
)
from claims.models import Claim, ClaimLink, Topic
from claims.services.candidates import (
    FULL_READ_CLAIMS,
    nearest_claim_ids,
    origin_ids_by_loose_key,
)
from claims.services.facts import claim_facts
from claims.services.locks import subject_keys_lock
from claims.services.topics import (
    topics_extend,
    topics_refresh,
    topics_refresh_known,
)
from kbase.bulk import INSERT_BATCH, in_ids, insert_rows
from sources.models import Article

_LINK_UPDATE_FIELDS = ["from_claim", "to_claim", "relation", "score", "rationale", "updated"]
_NEW_LINK_FIELDS = (
    "from_claim_id",
    "to_claim_id",
    "relation",
    "score",
    "rationale",
)
RECOMPUTE_BATCH_KEYS = 200
# bulk_update writes one CASE per field, evaluated per row: cost grows with the square of a batch.
UPDATE_BATCH = 200


def link_tolerance() -> float:
    """The relative tolerance under which two figures agree (settings.KBASE["LINK_TOLERANCE"])."""
    return float(settings.KBASE.get("LINK_TOLERANCE", 0.10))


def links_per_claim() -> int:
    """Links a new claim gets at most in a large topic (settings.KBASE["LINKS_PER_CLAIM"])."""
    return max(2, int(settings.KBASE.get("LINKS_PER_CLAIM", LINKS_PER_CLAIM)))


@transaction.atomic
def links_update_for_claims(*, claims: Iterable[Claim]) -> dict:
    """Link these claims with every comparable claim sharing their subject keys.

    Suggested links of these claims that the rules no longer propose are removed; links a curator
    decided or made are left alone. Refreshes the topics of the keys touched. Returns counts.
    """
    ids = [c.pk for c in claims]
    if not ids:
        return _counts(LinkPlan(), topics=0)
    return _update(Q(pk__in=ids))


@transaction.atomic
def links_update_for_article(*, article: Article, uncounted: bool = False) -> dict:
    """Link an article's claims with the stored claims sharing their subject keys.

    `uncounted`: every claim of the article was created in this transaction (see _update).

    The work done and the queries made depend on the article and its subject keys, not on the
    size of the corpus. Returns counts {"created", "updated", "deleted", "unchanged", "curated",
    "topics"}.
    """
    return _update(Q(article=article), uncounted=uncounted)


@transaction.atomic
def links_update_for_articles(*, article_ids: Sequence[int], uncounted: bool = False) -> dict:
    """links_update_for_article for many articles at once: each subject key is read, locked
    and summarised once for all of them. Returns the counts of all of them together."""
    return _update(Q(article_id__any_of=list(article_ids)), uncounted=uncounted)


@transaction.atomic
def links_recompute_all(
    *,
    batch_keys: int = RECOMPUTE_BATCH_KEYS,
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    """Recompute every automatic link and topic after a rule change, a batch of keys at a time.

    Curators' links (confirmed, rejected or manual) survive untouched and their pairs are not
    proposed again. `progress(done, total)` is called after each batch with key counts.
    """
    tolerance = link_tolerance()
    keys = list(
        Claim.objects.exclude(subject_key="")
        .order_by("subject_key")
        .values_list("subject_key", flat=True)
        .distinct()
    )
    total = _zero_counts()
    for start in range(0, len(keys), batch_keys):
        batch = keys[start : start + batch_keys]
        facts = claim_facts(Claim.objects.filter(subject_key__in=batch))
        stored, _ = _stored_links(
            Q(from_claim__subject_key__in=batch) | Q(to_claim__subject_key__in=batch)
        )
        linked = {link.pair for link in stored}
        proposed = propose_links(facts, [], tolerance, linked=linked, limit=links_per_claim())
        plan = reconcile(proposed, stored)
        _apply(plan, reason="linking: recomputed")
        _add(total, _counts(plan, topics=topics_refresh(keys=batch)))
        if progress is not None:
            progress(min(start + batch_keys, len(keys)), len(keys))

    # Claims without a subject key are comparable with none: drop their suggested links.
    keyless = list(
        ClaimLink.objects.filter(
            method=ClaimLink.Method.AUTO, decision=ClaimLink.Decision.SUGGESTED
        )
        .filter(Q(from_claim__subject_key="") | Q(to_claim__subject_key=""))
        .values_list("pk", flat=True)
    )
    _delete_links(keyless, reason="linking: recomputed")
    total["deleted"] += len(keyless)
    gone = Topic.objects.filter(~Exists(Claim.objects.filter(subject_key=OuterRef("key"))))
    total["topics_deleted"] = gone.delete()[0]
    total["keys"] = len(keys)
    return total


def _update(which: Q, *, uncounted: bool = False) -> dict:
    """Link the claims matching `which` against their subject keys' other claims.

    A topic of up to FULL_READ_CLAIMS claims is read whole; in a larger one each claim is
    compared with the stored claims nearest it (candidates.nearest_claim_ids). `uncounted` says
    the claims were created in this transaction and no topic counts them yet: stored topics are
    then extended by them rather than summarised again from all their claims and links.
    """
    tolerance, limit = link_tolerance(), links_per_claim()
    new = claim_facts(Claim.objects.filter(which))
    if not new:
        return _counts(LinkPlan(), topics=0)
    ids = [f.id for f in new]
    keys = {f.subject_key for f in new if f.subject_key}
    subject_keys_lock(keys=keys)
    topics = {t.key: t for t in Topic.objects.filter(key__in=keys)}
    large = {k for k, t in topics.items() if t.claim_count > FULL_READ_CLAIMS}
    small = keys - large
    # Claims created in this transaction have no links yet.
    stored, link_keys = (
        ([], {})
        if uncounted
        else _stored_links(Q(from_claim_id__any_of=ids) | Q(to_claim_id__any_of=ids))
    )
    linked = {link.pair for link in stored}
    others = Claim.objects.exclude(pk__any_of=ids)
    peers = claim_facts(others.filter(subject_key__in=small)) if small else []
    origins = origin_ids_by_loose_key() if large else {}
    nearest = None
    if large:
        nearest = nearest_claim_ids(
            [f for f in new if f.subject_key in large],
            per_side=limit // 2,
            origins=origins,
        )
        near = {i for ids in nearest.values() for i in ids}
        near.update(i for link in stored for i in (link.from_id, link.to_id))
        peers += claim_facts(others.filter(pk__any_of=near, subject_key__in=large))
    proposed = propose_links(new, peers, tolerance, linked=linked, limit=limit, nearest=nearest)
    plan = reconcile(proposed, stored)
    _apply(plan, reason="linking: updated")
    # The claims of the small keys were all read above (linking writes links, not claims).
    known: dict[str, list[ClaimFacts]] = {key: [] for key in small}
    for fact in (*new, *peers):
        if fact.subject_key in known:
            known[fact.subject_key].append(fact)
    written = 0
    if uncounted and not stored:
        # Every stored topic, small or large, is extended: that reads neither its links nor,
        # for a large one, its claims. A new subject's topic is summarised from its claims.
        stored_keys = set(topics)
        declined = topics_extend(
            [topics[k] for k in sorted(stored_keys)], new=new, peers=peers, links=plan.create
        )
        written = len(stored_keys) - len(declined)
        keys = (keys - stored_keys) | declined
    # A deleted link may have counted in another key's topic (a claim whose key changed).
    for link_id in plan.delete:
        keys.update(k for k in link_keys[link_id] if k)
    return _counts(plan, topics=written + topics_refresh_known(keys, known=known))


def _stored_links(which: Q) -> tuple[list[LinkFacts], dict[int, tuple[str, str]]]:
    """One query: the stored links matching `which`, and the subject keys of their two claims."""
    rows = (
        ClaimLink.objects.filter(which)
        .order_by()
        .values_list(
            "id",
            "from_claim_id",
            "to_claim_id",
            "relation",
            "score",
            "rationale",
            "method",
            "decision",
            "from_claim__subject_key",
            "to_claim__subject_key",
        )
    )
    links, keys = [], {}
    for i, f, t, relation, score, rationale, method, decision, from_key, to_key in rows:
        links.append(LinkFacts(i, f, t, relation, score, rationale, method, decision))
        keys[i] = (from_key, to_key)
    return links, keys


def _apply(plan: LinkPlan, *, reason: str) -> None:
    """Write the plan in bulk, recording each change in the links' history in bulk too."""
    now = timezone.now()
    if plan.delete:
        _delete_links(plan.delete, reason=reason)
    if plan.update:
        by_id = _full_links([link_id for link_id, _ in plan.update])
        changed = []
        for link_id, proposal in plan.update:
            link = by_id[link_id]
            link.from_claim_id, link.to_claim_id = proposal.from_id, proposal.to_id
            link.relation, link.score = proposal.relation, proposal.score
            link.rationale, link.updated = proposal.rationale, now
            changed.append(link)
        ClaimLink.objects.bulk_update(changed, _LINK_UPDATE_FIELDS, batch_size=UPDATE_BATCH)
        _record_history(list(by_id), kind="~", reason=reason, when=now)
    if plan.create:
        ids = _create_links(plan.create, when=now)
        _record_history(ids, kind="+", reason=reason, when=now)


def _create_links(proposals: list[ProposedLink], *, when) -> list[int]:
    """Insert suggested automatic links; returns their ids."""
    rows = [(p.from_id, p.to_id, p.relation, p.score, p.rationale) for p in proposals]
    # Automatic and suggested by default; stamped with the time of their history rows.
    fixed = {"created": when, "updated": when}
    return insert_rows(ClaimLink, _NEW_LINK_FIELDS, rows, fixed=fixed, returning=True)


def _record_history(ids: list[int], *, kind: str, reason: str, when) -> None:
    """Copy the links' current rows into their history in the database, INSERT_BATCH at a time.

    kind is simple_history's history_type: "+" created, "~" changed, "-" about to be deleted.
    """
    history = ClaimLink.history.model
    columns = [f.column for f in history.tracked_fields]
    listed = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        for start in range(0, len(ids), INSERT_BATCH):
            where, params = in_ids("id", ids[start : start + INSERT_BATCH])
            cursor.execute(
                f"INSERT INTO {history._meta.db_table} ({listed}, history_date, "
                "history_change_reason, history_type, history_user_id) "
                f"SELECT {listed}, %s, %s, %s, NULL FROM {ClaimLink._meta.db_table} "
                f"WHERE {where}",
                [when, reason[:100], kind, *params],
            )


def _full_links(ids: list[int]) -> dict[int, ClaimLink]:
    """The links with every field, for writes; one query per INSERT_BATCH."""
    found = {}
    for start in range(0, len(ids), INSERT_BATCH):
        found.update(ClaimLink.objects.in_bulk(ids[start : start + INSERT_BATCH]))
    return found


def _delete_links(ids: list[int], *, reason: str) -> None:
    """Delete automatic links, their last state kept in their history."""
    if not ids:
        return
    _record_history(ids, kind="-", reason=reason, when=timezone.now())
    # Nothing references a link, so a raw delete loses nothing; Model.delete() would write one
    # history row per link.
    for start in range(0, len(ids), INSERT_BATCH):
        batch = ClaimLink.objects.filter(pk__in=ids[start : start + INSERT_BATCH])
        batch._raw_delete(ClaimLink.objects.db)


def _counts(plan: LinkPlan, *, topics: int) -> dict:
    return {**plan.counts(), "topics": topics}


def _zero_counts() -> dict:
    return _counts(LinkPlan(), topics=0)


def _add(total: dict, counts: dict) -> None:
    for name, value in counts.items():
        total[name] = total.get(name, 0) + value
