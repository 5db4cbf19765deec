"""Topic summaries: recomputed from a topic's claims, or extended by new claims alone."""

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db import connection, transaction
from django.utils import timezone

from claims.linking import (
    ClaimFacts,
    LinkFacts,
    ProposedLink,
    TopicSummary,
    summarise_topic,
    summary_extended,
)
from claims.linking.facts import REJECTED, SUPERSEDES
from claims.models import Claim, ClaimLink, Topic, TopicSource
from claims.services.facts import claim_facts
from kbase.bulk import INSERT_BATCH, array_literal
from kbase.cache import content_changed

TOPIC_FIELDS = [
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
# bulk_update writes one CASE per field, evaluated per row: cost grows with the square of a batch.
UPDATE_BATCH = 25


@transaction.atomic
def topics_refresh(*, keys: Iterable[str]) -> int:
    """Recompute the Topic summary of each key in bulk; a key with no live claim loses its topic.

    Returns the number of topics written.
    """
    return topics_refresh_known(keys, known={})


def topics_refresh_known(keys: Iterable[str], *, known: dict[str, list[ClaimFacts]]) -> int:
    """topics_refresh, given the current claims of some keys already (`known`), read only once."""
    content_changed()
    keys = sorted({k for k in keys if k})
    if not keys:
        return 0
    by_key: dict[str, list[ClaimFacts]] = defaultdict(list)
    by_key.update((k, known[k]) for k in keys if k in known)
    missing = [k for k in keys if k not in known]
    if missing:
        for fact in claim_facts(Claim.objects.filter(subject_key__in=missing)):
            by_key[fact.subject_key].append(fact)
    links_by_key: dict[str, list[LinkFacts]] = defaultdict(list)
    for key, link in links_of_keys(keys):
        links_by_key[key].append(link)
    summaries, sources = {}, {}
    for key in keys:
        summary = summarise_topic(key, by_key.get(key, ()), links_by_key.get(key, ()))
        if summary is not None:
            summaries[key] = summary
            sources[key] = {c.source_key for c in by_key[key] if c.subject_key == key and c.live}
    return _write(summaries, keys, sources=sources)


def topic_summary(*, key: str) -> TopicSummary | None:
    """The summary topics_refresh would store for one key, read in two queries, nothing written."""
    facts = claim_facts(Claim.objects.filter(subject_key=key))
    return summarise_topic(key, facts, [link for _, link in links_of_keys([key])])


def topics_extend(
    topics: Sequence[Topic],
    *,
    new: Sequence[ClaimFacts],
    peers: Sequence[ClaimFacts],
    links: Sequence[ProposedLink],
) -> set[str]:
    """Extend stored topics by claims counted in none yet and their new links, reading only
    around them; returns the keys whose summary only a full refresh can give (left unwritten).

    Call with the topics' subject keys locked, in the transaction that stored the claims.
    """
    if not topics:
        return set()
    content_changed()
    # Topics stored before their sources were kept have none: only a full refresh can tell.
    with_sources = set(
        TopicSource.objects.filter(topic__in=topics).values_list("topic_id", flat=True).distinct()
    )
    refresh = {t.key for t in topics if t.pk not in with_sources}
    topics = [t for t in topics if t.pk in with_sources]
    claims = {c.id: c for c in (*peers, *new)}
    # A small topic's best claim was read with the topic for linking; only the others are read.
    best_ids = {t.best_claim_id for t in topics}
    bests = {i: claims[i] for i in best_ids if i in claims}
    unread = best_ids - set(bests) - {None}
    if unread:
        bests.update((f.id, f) for f in claim_facts(Claim.objects.filter(pk__any_of=unread)))
    superseded = _superseded_among(bests)
    by_key = {t.key: t for t in topics}
    added = _sources_added(
        {(by_key[c.subject_key], c.source_key) for c in new if c.subject_key in by_key and c.live}
    )
    new_by_key, links_by_key = defaultdict(list), defaultdict(list)
    for claim in new:
        new_by_key[claim.subject_key].append(claim)
    for link in links:
        links_by_key[claims[link.from_id].subject_key].append(link)
    summaries = {}
    for topic in topics:
        best = bests.get(topic.best_claim_id)
        extended = None
        if best is not None:
            mine = {c.source_key for c in new_by_key[topic.key] if c.live}
            extended = summary_extended(
                _summary_of(topic),
                best=best,
                best_superseded=best.id in superseded,
                new=new_by_key[topic.key],
                links=links_by_key[topic.key],
                claims=claims,
                known_sources={s for s in mine if (topic.key, s) not in added},
            )
        if extended is None:
            refresh.add(topic.key)
        else:
            summaries[topic.key] = extended
    _write(summaries, sorted(summaries), stored={k: by_key[k] for k in summaries})
    return refresh


def _summary_of(topic: Topic) -> TopicSummary:
    return TopicSummary(key=topic.key, **{name: getattr(topic, name) for name in TOPIC_FIELDS})


def _superseded_among(bests: dict[int, ClaimFacts]) -> set[int]:
    """Those of these claims a standing link from a live claim of their own topic supersedes."""
    rows = (
        ClaimLink.objects.filter(to_claim_id__any_of=list(bests), relation=SUPERSEDES)
        .exclude(decision=REJECTED)
        .exclude(from_claim__review_status=REJECTED)
        .filter(from_claim__orphaned=False)
        .order_by()
        .values_list("to_claim_id", "from_claim__subject_key")
    )
    return {to_id for to_id, key in rows if key == bests[to_id].subject_key}


def _write(
    summaries: dict[str, TopicSummary],
    keys: list[str],
    *,
    sources: dict[str, set[str]] | None = None,
    stored: dict[str, Topic] | None = None,
) -> int:
    """Store the summaries of these keys in bulk; a key without one loses its topic.

    With `sources` (each key's source keys), the topics' TopicSource rows are replaced by them.
    `stored` are the keys' Topic rows when the caller has read them already.
    """
    if stored is None:
        stored = {t.key: t for t in Topic.objects.filter(key__in=keys)}
    now = timezone.now()
    to_create, to_update = [], []
    for key, summary in summaries.items():
        topic = stored.get(key) or Topic(key=key)
        for name in TOPIC_FIELDS:
            setattr(topic, name, getattr(summary, name))
        topic.updated = now
        (to_update if topic.pk else to_create).append(topic)
    if to_create:
        Topic.objects.bulk_create(to_create, batch_size=INSERT_BATCH)
    if to_update:
        _update_rows(to_update, [*TOPIC_FIELDS, "updated"])
    empty = [stored[k].pk for k in stored if k not in summaries]
    if empty:
        Topic.objects.filter(pk__in=empty).delete()
    if sources is not None:
        written = [*to_create, *to_update]
        TopicSource.objects.filter(topic__in=[t.pk for t in to_update]).delete()
        TopicSource.objects.bulk_create(
            [TopicSource(topic=t, source_key=s) for t in written for s in sorted(sources[t.key])],
            batch_size=INSERT_BATCH,
        )
    return len(to_create) + len(to_update)


def _update_rows(topics: list[Topic], names: list[str]) -> None:
    """Write these fields of stored topics: on PostgreSQL one UPDATE from arrays per
    INSERT_BATCH topics; elsewhere bulk_update, whose CASE per field and row costs Python more
    than the update itself once hundreds of topics change together."""
    if connection.vendor != "postgresql":
        Topic.objects.bulk_update(topics, names, batch_size=UPDATE_BATCH)
        return
    fields = [Topic._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(f.column)} = v.{quote(f.column)}" for f in fields)
    arrays = ", ".join(["%s::bigint[]", *(f"%s::{f.db_type(connection)}[]" for f in fields)])
    columns = ", ".join(["id", *(quote(f.column) for f in fields)])
    sql = (
        f"UPDATE {Topic._meta.db_table} AS t SET {sets} "
        f"FROM unnest({arrays}) AS v ({columns}) WHERE t.id = v.id"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(topics), INSERT_BATCH):
            batch = topics[start : start + INSERT_BATCH]
            values = [array_literal(t.pk for t in batch)]
            for f in fields:
                values.append(
                    array_literal(
                        f.get_db_prep_save(getattr(t, f.attname), connection) for t in batch
                    )
                )
            cursor.execute(sql, values)


def _sources_added(pairs: set[tuple[Topic, str]]) -> set[tuple[str, str]]:
    """Add these (topic, source key) rows where missing; returns the (key, source) added."""
    table = TopicSource._meta.db_table
    pairs = sorted(pairs, key=lambda pair: (pair[0].pk, pair[1]))
    keys = {topic.pk: topic.key for topic, _ in pairs}
    added = set()
    with connection.cursor() as cursor:
        for start in range(0, len(pairs), INSERT_BATCH):
            batch = pairs[start : start + INSERT_BATCH]
            cursor.execute(
                f"INSERT INTO {table} (topic_id, source_key) VALUES "
                + ", ".join(["(%s, %s)"] * len(batch))
                + " ON CONFLICT (topic_id, source_key) DO NOTHING RETURNING topic_id, source_key",
                [value for topic, source in batch for value in (topic.pk, source)],
            )
            added.update((keys[topic_id], source) for topic_id, source in cursor.fetchall())
    return added


def links_of_keys(keys: list[str]) -> list[tuple[str, LinkFacts]]:
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
