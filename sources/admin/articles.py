"""Admin for articles: their claims inline, edits through the ingest rules, re-extraction."""

from dataclasses import replace

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q

from claims.admin.display import admin_link, quote_snippet, value_text
from claims.models import Claim, ReviewStatus
from claims.services import claims_reanchor, links_update_for_article
from sources.admin.history import HistoryAdmin
from sources.hashing import text_sha256
from sources.models import Article, DatePrecision
from sources.services import article_analyse, article_ingest, articles_delete
from sources.validation import ArticleInputError, article_input_from_mapping

# Fields linking reads: the outlet and the wire relayed (independence), the publication date (the
# time of an undated figure).
_LINKING_FIELDS = {"outlet", "wire", "published", "published_precision"}

# The form fields the ingest validation checks, under its names.
_VALIDATED = ("title", "text", "url", "published", "author", "wire", "language", "retrieved")


class ArticleForm(forms.ModelForm):
    """Checks the fields by the same rules as every other entry point (sources.validation)."""

    class Meta:
        model = Article
        fields = [
            "title",
            "outlet",
            "url",
            "author",
            "published",
            "published_precision",
            "wire",
            "language",
            "retrieved",
            "text",
        ]

    def clean(self):
        data = super().clean()
        mapping = {name: data.get(name) for name in _VALIDATED if data.get(name) not in (None, "")}
        if data.get("published_precision"):
            mapping["published_precision"] = data["published_precision"]
        try:
            self.validated = article_input_from_mapping(mapping)
        except ArticleInputError as error:
            for field, problems in error.errors.items():
                target = field if field in self.fields else None
                for problem in problems:
                    self.add_error(target, problem)
            return data
        # Store the values as the ingest normalises them (NFC, line ends, wire key...).
        for name in ("title", "text", "url", "author", "wire", "language"):
            data[name] = getattr(self.validated, name)
        same = Article.objects.filter(sha256=text_sha256(self.validated.text))
        same = same.exclude(pk=self.instance.pk).only("pk").first()
        if same is not None:
            self.add_error("text", f"Article #{same.pk} has exactly this text already.")
        return data


class ClaimInline(admin.TabularInline):
    """The article's claims, read-only: they change through review and re-extraction."""

    model = Claim
    fields = ["claim", "kind", "value", "quote", "review_status", "orphaned"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = False
    ordering = ["start", "id"]
    verbose_name_plural = "claims (review them from the review queue or each claim's page)"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="claim")
    def claim(self, obj):
        return admin_link(obj, f"#{obj.pk}")

    @admin.display(description="value")
    def value(self, obj):
        return value_text(obj)

    @admin.display(description="quote")
    def quote(self, obj):
        return quote_snippet(obj)


class ClaimsToReviewFilter(admin.SimpleListFilter):
    title = "claims to review"
    parameter_name = "to_review"

    def lookups(self, request, model_admin):
        return [("yes", "some proposed claims"), ("no", "none")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(claims__review_status=ReviewStatus.PROPOSED).distinct()
        if self.value() == "no":
            return queryset.exclude(claims__review_status=ReviewStatus.PROPOSED)
        return queryset


class RelaysWireFilter(admin.SimpleListFilter):
    title = "relays a wire report"
    parameter_name = "relays"

    def lookups(self, request, model_admin):
        return [("yes", "yes"), ("no", "no")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.exclude(wire="") if self.value() == "yes" else queryset.filter(wire="")
        return queryset


@admin.register(Article)
class ArticleAdmin(HistoryAdmin):
    form = ArticleForm
    list_display = [
        "title",
        "outlet",
        "published",
        "claim_count",
        "proposed_count",
        "wire",
        "language",
        "created",
    ]
    list_filter = [
        ClaimsToReviewFilter,
        "outlet__kind",
        RelaysWireFilter,
        "language",
        "published_precision",
    ]
    list_select_related = ["outlet"]
    search_fields = ["title", "url", "author", "wire", "outlet__name"]
    date_hierarchy = "published"
    autocomplete_fields = ["outlet"]
    readonly_fields = ["sha256", "created", "updated"]
    fieldsets = [
        (
            None,
            {"fields": ["title", "outlet", "url", "author", "published", "published_precision"]},
        ),
        (
            "Provenance",
            {"fields": ["wire", "language", "retrieved", "sha256", "created", "updated"]},
        ),
        (
            "Text",
            {
                "fields": ["text"],
                "description": "Changing the text moves the claims onto the new text by their "
                "quotes and runs extraction again.",
            },
        ),
    ]
    inlines = [ClaimInline]
    actions = ["reextract"]
    ordering = ["-published", "-id"]

    def get_queryset(self, request):
        qs = (
            super()
            .get_queryset(request)
            .annotate(
                claim_count=Count("claims"),
                proposed_count=Count(
                    "claims", filter=Q(claims__review_status=ReviewStatus.PROPOSED)
                ),
            )
        )
        match = request.resolver_match
        if match is not None and match.url_name and match.url_name.endswith("_changelist"):
            # Lists show no text, and texts can be megabytes each.
            qs = qs.defer("text")
        return qs

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, obj):
        return obj.claim_count

    @admin.display(description="to review", ordering="proposed_count")
    def proposed_count(self, obj):
        return obj.proposed_count

    def save_model(self, request, obj, form, change):
        """New articles go through the ingest service; a changed text re-anchors the claims."""
        if not change:
            data = replace(
                form.validated,
                outlet=obj.outlet.name,
                outlet_kind=obj.outlet.kind,
                published_precision=obj.published_precision or DatePrecision.DAY,
            )
            result = article_ingest(data=data)
            obj.pk = result.article.pk
            obj._state.adding = False
            self._report(request, result.claims, result.links)
            return
        old_text = form.initial.get("text", "")
        super().save_model(request, obj, form, change)
        if obj.text != old_text:
            anchoring = claims_reanchor(article=obj, old_text=old_text)
            counts = article_analyse(article=obj)
            self.message_user(
                request,
                f"Claims moved onto the new text: {anchoring.get('moved', 0)} moved, "
                f"{anchoring.get('orphaned', 0)} orphaned.",
                messages.INFO,
            )
            self._report(request, counts["claims"], counts["links"])
        elif _LINKING_FIELDS & set(form.changed_data):
            # Who carries the report and when decide independence and time: relink the claims.
            counts = links_update_for_article(article=obj)
            self.message_user(
                request,
                "Links of its claims recomputed: "
                + ", ".join(f"{n} {what}" for what, n in counts.items() if isinstance(n, int)),
                messages.INFO,
            )

    # Deletions go through the service, which refreshes the topics that counted the claims.
    def delete_model(self, request, obj):
        articles_delete(articles=[obj])

    def delete_queryset(self, request, queryset):
        articles_delete(articles=queryset)

    def _report(self, request, claims: dict, links: dict):
        if claims:
            self.message_user(
                request,
                "Extraction: "
                + ", ".join(f"{n} {what}" for what, n in claims.items() if isinstance(n, int)),
                messages.INFO,
            )

    @admin.action(description="Re-run extraction and linking", permissions=["change"])
    def reextract(self, request, queryset):
        totals: dict[str, int] = {}
        articles = list(queryset.select_related(None).only("pk"))
        for article in articles:
            # One transaction per article, as the ingest does: a failure keeps the others.
            counts = article_analyse(article=article)
            for what, n in counts["claims"].items():
                if isinstance(n, int):
                    totals[what] = totals.get(what, 0) + n
        summary = ", ".join(f"{n} {what}" for what, n in totals.items()) or "nothing found"
        self.message_user(
            request,
            f"Extracted and linked {len(articles)} article{'s' if len(articles) != 1 else ''}: "
            f"{summary}.",
            messages.SUCCESS,
        )
