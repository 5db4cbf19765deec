"""Pure-Python linking of comparable claims (no Django imports)."""

from claims.linking.compare import comparable, describe, interval, relate, same_time
from claims.linking.facts import (
    LITTLE_WORDS,
    ClaimFacts,
    LinkFacts,
    ProposedLink,
    loose_key,
    source_key,
)
from claims.linking.keys import subject_key
from claims.linking.propose import LINKS_PER_CLAIM, LinkPlan, propose_links, reconcile
from claims.linking.topics import (
    TopicSummary,
    corroboration,
    independent_sources,
    summarise_topic,
    summary_extended,
    topic_label,
)

__all__ = [
    "LINKS_PER_CLAIM",
    "LITTLE_WORDS",
    "ClaimFacts",
    "LinkFacts",
    "LinkPlan",
    "ProposedLink",
    "TopicSummary",
    "comparable",
    "corroboration",
    "describe",
    "independent_sources",
    "interval",
    "loose_key",
    "propose_links",
    "reconcile",
    "relate",
    "same_time",
    "source_key",
    "subject_key",
    "summarise_topic",
    "summary_extended",
    "topic_label",
]
