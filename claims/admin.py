"""Admin for claims, links and topics."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from claims.models import Claim, ClaimLink, Topic


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    list_display = [
        "id",
        "kind",
        "measure",
        "value_low",
        "value_high",
        "unit",
        "place",
        "as_of",
        "article",
        "review_status",
    ]
    list_filter = ["kind", "review_status", "method", "orphaned", "place"]
    list_select_related = ["article"]
    search_fields = ["quote", "attributed_to"]
    autocomplete_fields = ["article", "origin"]
    raw_id_fields = ["reviewed_by"]


@admin.register(ClaimLink)
class ClaimLinkAdmin(SimpleHistoryAdmin):
    list_display = ["id", "from_claim", "relation", "to_claim", "score", "decision", "method"]
    list_filter = ["relation", "decision", "method"]
    list_select_related = ["from_claim", "to_claim"]
    raw_id_fields = ["from_claim", "to_claim", "decided_by"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["label", "claim_count", "independent_origins", "open_contradictions"]
    list_filter = ["kind"]
    search_fields = ["label", "key"]
