"""Propose links between comparable claims and keep topic summaries current."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import fields

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from claims.linking import (
    ClaimFacts,
    LinkFacts,
    LinkPlan,
    TopicSummary,
    propose_links,
    reconcile,
    summarise_topic,
)
from claims.models import Claim, ClaimLink, Topic
from claims.services.locks import subject_keys_lock
from kbase.cache import content_changed
from sources.models import Article

# Claim columns read for linking, with the ClaimFacts field each one fills.
_FACT_COLUMNS = {
    "id": "id",
    "article_id": "article_id",
    "kind": "kind",
    "subject_key": "subject_key",
    "measure": "measure",
    "value_low": "value_low",
    "value_high": "value_high",
    "qualifier": "qualifier",
    "unit": "unit",
    "period": "period",
    "place": "place",
    "as_of": "as_of",
    "as_of_precision": "as_of_precision",
    "origin__key": "origin_key",
    "article__wire": "wire_key",
    "article__outlet__key": "outlet_key",
    "article__published": "published",
    "instrument": "instrument",
    "provision": "provision",
    "confidence": "confidence",
    "review_status": "review_status",
    "orphaned": "orphaned",
}
assert list(_FACT_COLUMNS.values()) == [f.name for f in fields(ClaimFacts) if f.init]
_ORIGIN, _WIRE, _OUTLET = (
    list(_FACT_COLUMNS.values()).index(name) for name in ("origin_key", "wire_key", "outlet_key")
)
_LINK_UPDATE_FIELDS = ["from_claim", "to_claim", "relation", "score", "rationale", "updated"]
_TOPIC_FIELDS = [
    "kind",
    "measure",
    "place",
    "unit",
    "instrument",
    "provision",
    "label",
    "claim_count",
    "independent_origins",
    "open_contradictions",
    "best_claim_id",
    "spread_low",
    "spread_high",
    "first_as_of",
    "last_as_of",
]
RECOMPUTE_BATCH_KEYS = 200
# bulk_update writes one CASE per field, evaluated per row: cost grows with the square of a batch.
UPDATE_BATCH = 200
INSERT_BATCH = 2000


def link_tolerance() -> float:
    """The relative tolerance under which two figures agree (settings.KBASE["LINK_TOLERANCE"])."""
    return float(settings.KBASE.get("LINK_TOLERANCE", 0.10))


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
def links_update_for_article(*, article: Article) -> dict:
    """Link an article's claims with the stored claims sharing their subject keys.

    The work done and the queries made depend on the article and its subject keys, not on the
    size of the corpus. Returns counts {"created", "updated", "deleted", "unchanged", "curated",
    "topics"}.
    """
    return _update(Q(article=article))


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
        facts = _facts(Claim.objects.filter(subject_key__in=batch))
        stored, _ = _stored_links(
            Q(from_claim__subject_key__in=batch) | Q(to_claim__subject_key__in=batch)
        )
        linked = {link.pair for link in stored}
        plan = reconcile(propose_links(facts, [], tolerance, linked=linked), stored)
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


@transaction.atomic
def topics_refresh(*, keys: Iterable[str]) -> int:
    """Recompute the Topic summary of each key in bulk; a key with no live claim loses its topic.

    Returns the number of topics written.
    """
    return _topics_refresh(keys, known={})


def _topics_refresh(keys: Iterable[str], *, known: dict[str, list[ClaimFacts]]) -> int:
    """topics_refresh, given the current claims of some keys already (`known`), read only once."""
    content_changed()
    keys = sorted({k for k in keys if k})
    if not keys:
        return 0
    by_key: dict[str, list[ClaimFacts]] = defaultdict(list)
    by_key.update((k, known[k]) for k in keys if k in known)
    missing = [k for k in keys if k not in known]
    if missing:
        for fact in _facts(Claim.objects.filter(subject_key__in=missing)):
            by_key[fact.subject_key].append(fact)
    links_by_key: dict[str, list[LinkFacts]] = defaultdict(list)
    for key, link in _links_of_keys(keys):
        links_by_key[key].append(link)
    summaries = {}
    for key in keys:
        summary = summarise_topic(key, by_key.get(key, ()), links_by_key.get(key, ()))
        if summary is not None:
            summaries[key] = summary

    stored = {t.key: t for t in Topic.objects.filter(key__in=keys)}
    now = timezone.now()
    to_create, to_update = [], []
    for key, summary in summaries.items():
        topic = stored.get(key) or Topic(key=key)
        for name in _TOPIC_FIELDS:
            setattr(topic, name, getattr(summary, name))
        topic.updated = now
        (to_update if topic.pk else to_create).append(topic)
    if to_create:
        Topic.objects.bulk_create(to_create, batch_size=INSERT_BATCH)
    if to_update:
        Topic.objects.bulk_update(to_update, [*_TOPIC_FIELDS, "updated"], batch_size=UPDATE_BATCH)
    empty = [stored[k].pk for k in stored if k not in summaries]
    if empty:
        Topic.objects.filter(pk__in=empty).delete()
    return len(to_create) + len(to_update)


def topic_summary(*, key: str) -> TopicSummary | None:
    """The summary topics_refresh would store for one key, read in two queries, nothing written."""
    facts = _facts(Claim.objects.filter(subject_key=key))
    return summarise_topic(key, facts, [link for _, link in _links_of_keys([key])])


def _update(which: Q) -> dict:
    """Link the claims matching `which` against their subject keys' other claims."""
    tolerance = link_tolerance()
    new = _facts(Claim.objects.filter(which))
    if not new:
        return _counts(LinkPlan(), topics=0)
    ids = [f.id for f in new]
    keys = {f.subject_key for f in new if f.subject_key}
    subject_keys_lock(keys=keys)
    peers = _facts(Claim.objects.filter(subject_key__in=keys).exclude(pk__in=ids)) if keys else []
    stored, link_keys = _stored_links(Q(from_claim_id__in=ids) | Q(to_claim_id__in=ids))
    linked = {link.pair for link in stored}
    plan = reconcile(propose_links(new, peers, tolerance, linked=linked), stored)
    _apply(plan, reason="linking: updated")
    # The claims of these keys were all read above (linking writes links, not claims).
    known: dict[str, list[ClaimFacts]] = {key: [] for key in keys}
    for fact in (*new, *peers):
        if fact.subject_key in known:
            known[fact.subject_key].append(fact)
    # A deleted link may have counted in another key's topic (a claim whose key changed).
    for link_id in plan.delete:
        keys.update(k for k in link_keys[link_id] if k)
    return _counts(plan, topics=_topics_refresh(keys, known=known))


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


def _facts(queryset) -> list[ClaimFacts]:
    """One query: the claims with their article's dates, wire and outlet, and origin's key."""
    facts = []
    # Columns come in ClaimFacts' field order (checked below), so rows are passed as they are.
    for row in queryset.order_by().values_list(*_FACT_COLUMNS):
        if row[_ORIGIN] is None or row[_WIRE] is None or row[_OUTLET] is None:
            blanks = (row[_ORIGIN] or "", row[_WIRE] or "", row[_OUTLET] or "")
            row = (*row[:_ORIGIN], *blanks, *row[_OUTLET + 1 :])
        facts.append(ClaimFacts(*row))
    return facts


def _links_of_keys(keys: list[str]) -> list[tuple[str, LinkFacts]]:
    """Links whose from-claim has one of these keys (a topic counts only links inside it)."""
    rows = (
        ClaimLink.objects.filter(from_claim__subject_key__in=keys)
        .order_by()
        .values_list(
            "from_claim__subject_key",
            "id",
            "from_claim_id",
            "to_claim_id",
            "relation",
            "method",
            "decision",
        )
    )
    return [
        (key, LinkFacts(id=i, from_id=f, to_id=t, relation=r, method=m, decision=d))
        for key, i, f, t, r, m, d in rows
    ]


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
        ClaimLink.history.bulk_history_create(
            changed,
            update=True,
            default_change_reason=reason,
            default_date=now,
            batch_size=INSERT_BATCH,
        )
    if plan.create:
        created = ClaimLink.objects.bulk_create(
            [
                ClaimLink(
                    from_claim_id=p.from_id,
                    to_claim_id=p.to_id,
                    relation=p.relation,
                    score=p.score,
                    rationale=p.rationale,
                )
                for p in plan.create
            ],
            batch_size=INSERT_BATCH,
        )
        ClaimLink.history.bulk_history_create(
            created, default_change_reason=reason, default_date=now, batch_size=INSERT_BATCH
        )


def _full_links(ids: list[int]) -> dict[int, ClaimLink]:
    """The links with every field, for writes and their history; one query per INSERT_BATCH."""
    found = {}
    for start in range(0, len(ids), INSERT_BATCH):
        found.update(ClaimLink.objects.in_bulk(ids[start : start + INSERT_BATCH]))
    return found


def _delete_links(ids: list[int], *, reason: str) -> None:
    """Delete automatic links: read them, write their history rows, then delete the rows."""
    if not ids:
        return
    links = list(_full_links(ids).values())
    history = ClaimLink.history.model
    now = timezone.now()
    fields = [f.attname for f in history.tracked_fields]
    history.objects.bulk_create(
        [
            history(
                history_date=now,
                history_type="-",
                history_change_reason=reason,
                **{name: getattr(link, name) for name in fields},
            )
            for link in links
        ],
        batch_size=INSERT_BATCH,
    )
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
