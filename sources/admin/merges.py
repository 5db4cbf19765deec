"""Merging duplicate outlets or origins from the admin, and the merge records with their undo."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import ActionLocation
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from sources.merging import MergeError, merge_preview, merge_undo
from sources.models import Merge, Outlet

MAX_MERGE = 50


class SurvivorForm(forms.Form):
    survivor = forms.TypedChoiceField(coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args, records, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].choices = [(r.pk, str(r)) for r in records]


def merge_action(model_admin, request, queryset, *, service):
    """The merge action: a confirmation page to choose the survivor, then the merge."""
    opts = model_admin.opts
    records = list(queryset.order_by("pk")[: MAX_MERGE + 1])
    if len(records) < 2:
        model_admin.message_user(
            request, f"Select two or more {opts.verbose_name_plural} to merge.", messages.WARNING
        )
        return None
    if len(records) > MAX_MERGE:
        model_admin.message_user(
            request,
            f"Merge at most {MAX_MERGE} {opts.verbose_name_plural} at once.",
            messages.ERROR,
        )
        return None
    form = SurvivorForm(request.POST if "apply" in request.POST else None, records=records)
    if form.is_valid():
        by_id = {r.pk: r for r in records}
        survivor = by_id[form.cleaned_data["survivor"]]
        others = [r for r in records if r.pk != survivor.pk]
        try:
            merge = service(survivor=survivor, others=others, user=request.user)
        except MergeError as error:
            model_admin.message_user(request, str(error), messages.ERROR)
            return None
        moved = merge_totals(merge)
        model_admin.message_user(
            request,
            f"Merged {len(others)} {plural(len(others), opts)}"
            f" into “{survivor}”: {moved['articles']} articles and {moved['claims']} claims moved,"
            f" their links recomputed. Undo it from merge #{merge.pk}.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:sources_merge_change", args=[merge.pk]))
    preview = merge_preview(model=type(records[0]), ids=[r.pk for r in records])
    # The record with the most attached wins by default, the oldest on a tie.
    default = max(records, key=lambda r: (sum(preview[r.pk].values()), -r.pk)).pk
    rows = [{"record": r, **preview[r.pk], "default": r.pk == default} for r in records]
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "title": f"Merge {opts.verbose_name_plural}",
        "rows": rows,
        "form": form,
        "action": request.POST.get("action", ""),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "changelist_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        "moves": "articles (and their claims)" if opts.model is Outlet else "claims",
    }
    return TemplateResponse(request, "admin/sources/merge_confirmation.html", context)


def plural(n: int, opts) -> str:
    return opts.verbose_name if n == 1 else opts.verbose_name_plural


def merge_totals(merge: Merge) -> dict:
    records = merge.merged.get("records", [])
    return {
        "articles": sum(len(r.get("articles", [])) for r in records),
        "claims": sum(len(r.get("claims", [])) for r in records),
    }


class UndoneFilter(admin.SimpleListFilter):
    title = "undone"
    parameter_name = "undone"

    def lookups(self, request, model_admin):
        return [("no", "standing"), ("yes", "undone")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(undone_at__isnull=self.value() == "no")
        return queryset


@admin.register(Merge)
class MergeAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "model",
        "survivor",
        "merged_names",
        "moved",
        "merged_by",
        "merged_at",
        "undone_at",
        "undone_by",
    ]
    list_filter = ["model", UndoneFilter]
    list_select_related = ["merged_by", "undone_by"]
    search_fields = ["merged"]
    date_hierarchy = "merged_at"
    fields = [
        "model",
        "survivor",
        "merged_records",
        "merged_by",
        "merged_at",
        "undone_at",
        "undone_by",
    ]
    readonly_fields = fields
    actions = ["undo_merges"]

    class Media:
        css = {"all": ["kbase/admin.css"]}

    def has_add_permission(self, request):
        return False  # merges are made by the merge action of outlets and origins

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Every field is read-only: the page offers the undo action, not a save.
        extra = {"show_save": False, "show_save_and_continue": False, **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra)

    def has_delete_permission(self, request, obj=None):
        return False  # the record is what makes a merge undoable

    @admin.display(description="survivor")
    def survivor(self, obj):
        survivor = obj.merged.get("survivor", {})
        model = "outlet" if obj.model == Merge.Model.OUTLET else "origin"
        url = reverse(f"admin:sources_{model}_change", args=[obj.survivor_id])
        return format_html(
            '<a href="{}">#{} {}</a>', url, obj.survivor_id, survivor.get("name", "")
        )

    @admin.display(description="merged")
    def merged_names(self, obj):
        return ", ".join(
            f"#{r['id']} {r['fields'].get('name', '')}" for r in obj.merged.get("records", [])
        )

    @admin.display(description="moved")
    def moved(self, obj):
        totals = merge_totals(obj)
        return f"{totals['articles']} articles, {totals['claims']} claims"

    @admin.display(description="merged records")
    def merged_records(self, obj):
        rows = format_html_join(
            "",
            "<tr><td>#{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    r["id"],
                    r["fields"].get("name", ""),
                    ", ".join(f"#{a}" for a in r.get("articles", [])) or "—",
                    ", ".join(f"#{c}" for c in r.get("claims", [])) or "—",
                )
                for r in obj.merged.get("records", [])
            ),
        )
        undo = obj.merged.get("undo")
        note = (
            format_html(
                "<p>Undo moved back {} and skipped {} that had moved or gone since.</p>",
                undo.get("moved_back", 0),
                undo.get("skipped", 0),
            )
            if undo
            else ""
        )
        return format_html(
            '<table class="kbase-merged"><thead><tr><th>id</th><th>name</th><th>articles moved</th>'
            "<th>claims moved</th></tr></thead><tbody>{}</tbody></table>{}",
            rows,
            note,
        )

    @admin.action(
        description="Undo selected merges…",
        permissions=["change"],
        location=[ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM],
    )
    def undo_merges(self, request, queryset):
        merges = list(queryset.select_related("merged_by"))
        standing = [m for m in merges if m.undone_at is None]
        if not standing:
            self.message_user(request, "The selected merges are already undone.", messages.WARNING)
            return None
        if request.POST.get("post") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": "Undo merges",
                "merges": [(m, self.merged_records(m)) for m in standing],
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "changelist_url": reverse("admin:sources_merge_changelist"),
            }
            return TemplateResponse(request, "admin/sources/merge_undo_confirmation.html", context)
        undone, failed = 0, []
        for merge in standing:
            try:
                merge_undo(merge=merge, user=request.user)
            except MergeError as error:
                failed.append(f"merge #{merge.pk}: {error}")
            else:
                undone += 1
        if undone:
            self.message_user(
                request,
                f"Undid {undone} merge{'s' if undone > 1 else ''}: the merged records are back "
                "under their old ids with what had moved, and links are recomputed.",
                messages.SUCCESS,
            )
        for message in failed:
            self.message_user(request, message, messages.ERROR)
        return None
