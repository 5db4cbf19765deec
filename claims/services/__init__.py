"""Writes with rules or side effects for claims, links and topics."""

from claims.services.anchoring import claims_reanchor
from claims.services.extraction import claims_extract, claims_extract_new
from claims.services.linking import (
    links_recompute_all,
    links_update_for_article,
    links_update_for_articles,
    links_update_for_claims,
)
from claims.services.review import claim_correct, claim_review, link_create_manual, link_decide
from claims.services.topics import topic_summary, topics_refresh

__all__ = [
    "claim_correct",
    "claim_review",
    "claims_extract",
    "claims_extract_new",
    "claims_reanchor",
    "link_create_manual",
    "link_decide",
    "links_recompute_all",
    "links_update_for_article",
    "links_update_for_articles",
    "links_update_for_claims",
    "topic_summary",
    "topics_refresh",
]
