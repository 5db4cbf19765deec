"""Admin for links between claims (confirm, reject, set by hand) and topic summaries."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.core.exceptions import ValidationError

from claims.admin.display import admin_link, claim_label, quote_in_context
from claims.models import ClaimLink, Topic
from claims.services import link_create_manual, link_decide, topics_refresh
from sources.admin.history import HistoryAdmin

BOTH = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]


class ClaimLinkForm(forms.ModelForm):
    class Meta:
        model = ClaimLink
        fields = ["from_claim", "to_claim", "relation", "rationale", "decision"]

    def clean(self):
        data = super().clean()
        if data.get("from_claim") and data.get("from_claim") == data.get("to_claim"):
            self.add_error("to_claim", "A claim cannot be linked to itself.")
        return data

    def validate_constraints(self):
        # A link set by hand replaces the automatic link of the same pair (link_create_manual),
        # so the one-link-per-pair constraint is the service's to keep, not the form's; the
        # self-link constraint is checked in clean().
        exclude = self._get_validation_exclusions() | {"from_claim", "to_claim"}
        try:
            self.instance.validate_constraints(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)


@admin.register(ClaimLink)
class ClaimLinkAdmin(HistoryAdmin):
    form = ClaimLinkForm
    list_display = [
        "id",
        "from_summary",
        "relation",
        "to_summary",
        "score",
        "decision",
        "method",
        "decided_by",
        "created",
    ]
    list_filter = ["decision", "relation", "method", "from_claim__kind"]
    list_select_related = [
        "from_claim__article__outlet",
        "to_claim__article__outlet",
        "decided_by",
    ]
    search_fields = ["rationale", "from_claim__quote", "to_claim__quote", "from_claim__subject_key"]
    date_hierarchy = "created"
    autocomplete_fields = ["from_claim", "to_claim"]
    readonly_fields = [
        "from_quote",
        "to_quote",
        "score",
        "method",
        "decided_by",
        "decided_at",
        "created",
        "updated",
    ]
    actions = ["confirm", "reject", "return_to_suggested"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .defer("from_claim__article__text", "to_claim__article__text")
        )

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["from_claim", "to_claim", "relation", "rationale"]
        return [
            "from_quote",
            "relation",
            "to_quote",
            "rationale",
            "decision",
            ("score", "method"),
            ("decided_by", "decided_at"),
            ("created", "updated"),
        ]

    @admin.display(description="from (newer, for supersedes)")
    def from_summary(self, obj):
        return admin_link(obj.from_claim, claim_label(obj.from_claim))

    @admin.display(description="to")
    def to_summary(self, obj):
        return admin_link(obj.to_claim, claim_label(obj.to_claim))

    @admin.display(description="from claim")
    def from_quote(self, obj):
        return admin_link(obj.from_claim, claim_label(obj.from_claim)) + quote_in_context(
            obj.from_claim
        )

    @admin.display(description="to claim")
    def to_quote(self, obj):
        return admin_link(obj.to_claim, claim_label(obj.to_claim)) + quote_in_context(obj.to_claim)

    def save_model(self, request, obj, form, change):
        """A new or re-related link is a manual one; a new decision goes through link_decide."""
        by_hand = not change or {"relation", "rationale"} & set(form.changed_data)
        decision = obj.decision
        if by_hand:
            link = link_create_manual(
                from_claim=obj.from_claim,
                to_claim=obj.to_claim,
                relation=obj.relation,
                rationale=obj.rationale,
                user=request.user,
            )
            # The service replaces the pair's link: carry on (history, redirect) with the new one.
            for field in ClaimLink._meta.concrete_fields:
                setattr(obj, field.attname, getattr(link, field.attname))
            obj._state.adding = False
        else:
            obj.decision = form.initial.get("decision")
        if change and "decision" in form.changed_data and decision != obj.decision:
            link_decide(links=obj, decision=decision, user=request.user)

    def _decide(self, request, queryset, decision: str, verb: str):
        changed = link_decide(links=list(queryset), decision=decision, user=request.user)
        self.message_user(
            request, f"{verb} {changed} link{'s' if changed != 1 else ''}.", messages.SUCCESS
        )

    @admin.action(description="Confirm selected links", permissions=["change"], location=BOTH)
    def confirm(self, request, queryset):
        self._decide(request, queryset, ClaimLink.Decision.CONFIRMED, "Confirmed")

    @admin.action(description="Reject selected links", permissions=["change"], location=BOTH)
    def reject(self, request, queryset):
        self._decide(request, queryset, ClaimLink.Decision.REJECTED, "Rejected")

    @admin.action(description="Return selected links to suggested", permissions=["change"])
    def return_to_suggested(self, request, queryset):
        self._decide(request, queryset, ClaimLink.Decision.SUGGESTED, "Returned to suggested")


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    """Topics are summaries the linking keeps; they are read here and can be refreshed."""

    list_display = [
        "label",
        "key",
        "claim_count",
        "independent_origins",
        "open_contradictions",
        "spread",
        "first_as_of",
        "last_as_of",
        "best",
        "updated",
    ]
    list_filter = ["kind", "measure"]
    list_select_related = ["best_claim__article__outlet"]
    search_fields = ["label", "key"]
    date_hierarchy = "last_as_of"
    actions = ["refresh"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("best_claim__article__text")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # The refresh action needs it for the list; a topic's own page is read-only.
        return obj is None and super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Topic._meta.concrete_fields]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="spread")
    def spread(self, obj):
        if obj.spread_low is None:
            return "—"
        high = obj.spread_high if obj.spread_high is not None else obj.spread_low
        return f"{obj.spread_low.normalize():,f} – {high.normalize():,f} {obj.unit}".strip()

    @admin.display(description="best claim")
    def best(self, obj):
        return admin_link(obj.best_claim, claim_label(obj.best_claim)) if obj.best_claim else "—"

    @admin.action(description="Refresh selected topics", permissions=["change"])
    def refresh(self, request, queryset):
        keys = list(queryset.values_list("key", flat=True))
        topics_refresh(keys=keys)
        self.message_user(
            request,
            f"Refreshed {len(keys)} topic{'s' if len(keys) != 1 else ''}.",
            messages.SUCCESS,
        )
