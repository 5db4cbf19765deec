"""Admin for claims: the list, each claim's quote in context, review and the review queue."""

from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Exists, OuterRef
from django.urls import path, reverse

from claims.admin.display import admin_link, quote_in_context, value_text
from claims.models import Claim, ClaimLink, ReviewStatus
from claims.services import claim_correct, claim_review, links_update_for_claims
from claims.services.review import CORRECTABLE_FIELDS, MAX_FIGURE
from sources.admin.history import HistoryAdmin
from sources.models import Outlet

BOTH = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]


class PlaceFilter(admin.SimpleListFilter):
    title = "place"
    parameter_name = "place"

    def lookups(self, request, model_admin):
        places = Claim.objects.exclude(place="").order_by("place").values_list("place", flat=True)
        return [(p, p) for p in places.distinct()]

    def queryset(self, request, queryset):
        return queryset.filter(place=self.value()) if self.value() else queryset


class ContradictedFilter(admin.SimpleListFilter):
    title = "open contradiction"
    parameter_name = "contradicted"

    def lookups(self, request, model_admin):
        return [("yes", "contradicted by another source")]

    def queryset(self, request, queryset):
        return queryset.with_contradictions() if self.value() == "yes" else queryset


class SuggestedLinkFilter(admin.SimpleListFilter):
    title = "links to decide"
    parameter_name = "suggested_links"

    def lookups(self, request, model_admin):
        return [("yes", "has suggested links")]

    def queryset(self, request, queryset):
        if self.value() != "yes":
            return queryset
        suggested = ClaimLink.objects.filter(decision=ClaimLink.Decision.SUGGESTED)
        return queryset.filter(
            Exists(suggested.filter(from_claim=OuterRef("pk")))
            | Exists(suggested.filter(to_claim=OuterRef("pk")))
        )


class OutletKindFilter(admin.SimpleListFilter):
    title = "outlet kind"
    parameter_name = "outlet_kind"

    def lookups(self, request, model_admin):
        return Outlet.Kind.choices

    def queryset(self, request, queryset):
        return queryset.filter(article__outlet__kind=self.value()) if self.value() else queryset


@admin.register(Claim)
class ClaimAdmin(HistoryAdmin):
    list_display = [
        "id",
        "kind",
        "measure",
        "value",
        "place",
        "as_of",
        "quote_context",
        "source",
        "origin",
        "confidence",
        "review_status",
        "orphaned",
    ]
    queue_list_display = [
        "id",
        "quote_context",
        "value",
        "kind",
        "measure",
        "place",
        "as_of",
        "source",
        "origin",
        "confidence",
        "created",
    ]
    list_display_links = ["id"]
    list_filter = [
        "review_status",
        "kind",
        "measure",
        PlaceFilter,
        ContradictedFilter,
        SuggestedLinkFilter,
        "method",
        "orphaned",
        OutletKindFilter,
    ]
    list_select_related = ["article__outlet", "origin"]
    search_fields = ["quote", "attributed_to", "subject_key", "article__title", "origin__name"]
    date_hierarchy = "as_of"
    autocomplete_fields = ["origin"]
    fieldsets = [
        (None, {"fields": ["quote_in_article", "article_link", "kind", "review_status"]}),
        (
            "Figure",
            {
                "fields": [
                    "measure",
                    ("value_low", "value_high"),
                    "qualifier",
                    "unit",
                    "period",
                    "place",
                    ("as_of", "as_of_precision"),
                    ("instrument", "provision"),
                ],
                "description": "A correction marks the claim accepted and recomputes its links.",
            },
        ),
        ("Source", {"fields": ["attributed_to", "origin"]}),
        (
            "Record",
            {
                "classes": ["collapse"],
                "fields": [
                    "subject_key",
                    ("start", "end"),
                    "orphaned",
                    ("method", "extractor_version", "confidence"),
                    ("reviewed_by", "reviewed_at"),
                    ("created", "updated"),
                ],
            },
        ),
    ]
    readonly_fields = [
        "quote_in_article",
        "article_link",
        "kind",
        "subject_key",
        "start",
        "end",
        "orphaned",
        "method",
        "extractor_version",
        "confidence",
        "reviewed_by",
        "reviewed_at",
        "created",
        "updated",
    ]
    actions = ["accept", "reject", "return_to_queue", "recompute_links"]

    # -- the review queue: proposed claims, oldest first, at admin/claims/claim/review/ --

    def get_urls(self):
        queue = path(
            "review/",
            self.admin_site.admin_view(self.review_queue_view),
            name="claims_claim_review",
        )
        return [queue, *super().get_urls()]

    def review_queue_view(self, request):
        request.kbase_review_queue = True
        return self.changelist_view(
            request,
            {
                "title": "Review queue: proposed claims, oldest first",
                "subtitle": None,
                "deleted_url": None,
            },
        )

    def changelist_view(self, request, extra_context=None):
        tools = []
        if not _in_queue(request):
            waiting = Claim.objects.filter(review_status=ReviewStatus.PROPOSED).count()
            tools.append(
                {"url": reverse("admin:claims_claim_review"), "label": f"Review queue ({waiting})"}
            )
        return super().changelist_view(
            request, {"extra_object_tools": tools, **(extra_context or {})}
        )

    def get_queryset(self, request):
        qs = super().get_queryset(request).defer("article__text")
        if _in_queue(request):
            qs = qs.filter(review_status=ReviewStatus.PROPOSED)
        return qs

    def get_ordering(self, request):
        return ["created", "id"] if _in_queue(request) else ["-id"]

    def get_list_display(self, request):
        return self.queue_list_display if _in_queue(request) else self.list_display

    def get_list_filter(self, request):
        if _in_queue(request):
            return [f for f in self.list_filter if f != "review_status"]
        return self.list_filter

    def has_add_permission(self, request):
        # Claims come from extraction; a curator corrects, accepts or rejects them.
        return False

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        # claim_correct refuses figures its topic could not store once converted per year.
        if db_field.name in ("value_low", "value_high"):
            field.validators += [MinValueValidator(0), MaxValueValidator(MAX_FIGURE)]
        return field

    # -- columns and read-only fields --

    @admin.display(description="value")
    def value(self, obj):
        return value_text(obj)

    @admin.display(description="quote in context")
    def quote_context(self, obj):
        return quote_in_context(obj)

    @admin.display(description="quote in its article")
    def quote_in_article(self, obj):
        return quote_in_context(obj, obj.article.text)

    @admin.display(description="source", ordering="article__published")
    def source(self, obj):
        article = obj.article
        return admin_link(article, f"{article.outlet} · {article.published or 'undated'}")

    @admin.display(description="article")
    def article_link(self, obj):
        return admin_link(obj.article)

    # -- writes go through the review services --

    def save_model(self, request, obj, form, change):
        initial_status = form.initial.get("review_status")
        changes = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name in CORRECTABLE_FIELDS
        }
        status = obj.review_status
        obj.review_status = initial_status
        if changes:
            claim_correct(claim=obj, changes=changes, user=request.user)
        # A correction accepts the claim; a status the curator chose as well still wins.
        if "review_status" in form.changed_data and status != obj.review_status:
            claim_review(claims=obj, status=status, user=request.user)

    def _review(self, request, queryset, status: str, verb: str):
        changed = claim_review(claims=list(queryset), status=status, user=request.user)
        self.message_user(
            request, f"{verb} {changed} claim{'s' if changed != 1 else ''}.", messages.SUCCESS
        )

    @admin.action(description="Accept selected claims", permissions=["change"], location=BOTH)
    def accept(self, request, queryset):
        self._review(request, queryset, ReviewStatus.ACCEPTED, "Accepted")

    @admin.action(description="Reject selected claims", permissions=["change"], location=BOTH)
    def reject(self, request, queryset):
        self._review(request, queryset, ReviewStatus.REJECTED, "Rejected")

    @admin.action(description="Return selected claims to the review queue", permissions=["change"])
    def return_to_queue(self, request, queryset):
        self._review(request, queryset, ReviewStatus.PROPOSED, "Returned to the queue")

    @admin.action(description="Recompute links of selected claims", permissions=["change"])
    def recompute_links(self, request, queryset):
        claims = list(queryset)
        counts = links_update_for_claims(claims=claims)
        summary = ", ".join(
            f"{n} {what}" for what, n in (counts or {}).items() if isinstance(n, int)
        )
        self.message_user(
            request,
            f"Recomputed the links of {len(claims)} claim{'s' if len(claims) != 1 else ''}"
            + (f": {summary}." if summary else "."),
            messages.SUCCESS,
        )


def _in_queue(request) -> bool:
    return getattr(request, "kbase_review_queue", False)
