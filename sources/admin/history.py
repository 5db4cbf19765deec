"""Admin base with change history, a list of deleted records, and restore from history."""

from django.contrib import messages
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from simple_history.admin import SimpleHistoryAdmin

from kbase.cache import content_changed
from sources.restoring import RestoreError, deleted_records, record_restore, restore_plan


def _is_id(object_id) -> bool:
    # ASCII only: str.isdigit() also takes '²', which int() and the database refuse.
    text = str(object_id)
    return text.isascii() and text.isdigit()


class HistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin (history with diffs, revert) plus deleted records and restore."""

    change_list_template = "admin/kbase/change_list.html"
    object_history_template = "admin/kbase/object_history.html"
    # A copy of simple-history's list without its inline style, which the CSP blocks.
    object_history_list_template = "admin/kbase/object_history_list.html"
    deleted_per_page = 50

    class Media:
        css = {"all": ["kbase/admin.css"]}

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        own = [
            path(
                "deleted/",
                self.admin_site.admin_view(self.deleted_view),
                name="{}_{}_deleted".format(*info),
            ),
            path(
                "deleted/<int:pk>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name="{}_{}_restore".format(*info),
            ),
        ]
        return own + super().get_urls()

    def _url(self, name: str, *args) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}", args=args)

    def has_restore_permission(self, request) -> bool:
        # Restoring adds the record back, so it takes the model's add permission (checked
        # directly: some admins here refuse adding through the form).
        codename = get_permission_codename("add", self.opts)
        return request.user.has_perm(f"{self.opts.app_label}.{codename}")

    # Edits, reverts and deletions here change what pages show: outdate their cached parts.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        content_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        content_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        content_changed()

    def changelist_view(self, request, extra_context=None):
        extra = {"deleted_url": self._url("deleted"), **(extra_context or {})}
        return super().changelist_view(request, extra)

    def history_view(self, request, object_id, extra_context=None):
        if not _is_id(object_id):
            # simple_history would filter by it and crash: every pk here is a whole number.
            raise Http404("No such record.")
        extra = dict(extra_context or {})
        if not self.model._base_manager.filter(pk=object_id).exists():
            extra["restore_url"] = self._url("restore", int(object_id))
        return super().history_view(request, object_id, extra)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not _is_id(object_id):
            raise Http404("No such record.")
        # Reverting a deleted record through its old form would skip what was deleted with it.
        if not self.model._base_manager.filter(pk=object_id).exists():
            return HttpResponseRedirect(self._url("restore", int(object_id)))
        return super().history_form_view(request, object_id, version_id, extra_context)

    def deleted_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        page = Paginator(deleted_records(self.model), self.deleted_per_page).get_page(
            request.GET.get("p")
        )
        rows = [
            {
                "record": record,
                "label": str(record.history_object),
                "restore_url": self._url("restore", record.id),
                "history_url": self._url("history", record.id),
            }
            for record in page
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Deleted {self.opts.verbose_name_plural}",
            "page_obj": page,
            "rows": rows,
            "can_restore": self.has_restore_permission(request),
            "changelist_url": self._url("changelist"),
        }
        return TemplateResponse(request, "admin/kbase/deleted_list.html", context)

    def restore_view(self, request, pk: int):
        if not self.has_view_permission(request):
            raise PermissionDenied
        can_restore = self.has_restore_permission(request)
        if request.method == "POST" and not can_restore:
            raise PermissionDenied
        try:
            plan = restore_plan(model=self.model, pk=pk)
        except RestoreError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(self._url("deleted"))
        if request.method == "POST" and not plan.problems:
            try:
                counts = record_restore(model=self.model, pk=pk, user=request.user)
            except RestoreError as error:
                self.message_user(request, str(error), messages.ERROR)
                return HttpResponseRedirect(request.get_full_path())
            self.message_user(request, restored_message(self.opts, pk, counts), messages.SUCCESS)
            return HttpResponseRedirect(self._url("change", pk))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Restore {self.opts.verbose_name} #{pk}",
            "plan": plan,
            "label": str(plan.record.history_object),
            "can_restore": can_restore,
            "deleted_url": self._url("deleted"),
            "history_url": self._url("history", pk),
        }
        return TemplateResponse(request, "admin/kbase/restore_confirmation.html", context)


def restored_message(opts, pk: int, counts: dict) -> str:
    parts = [f"Restored {opts.verbose_name} #{pk}"]
    if counts.get("claims"):
        parts.append(f"{counts['claims']} claims deleted with it")
    if counts.get("links"):
        parts.append(f"{counts['links']} links")
    if counts.get("reattached"):
        parts.append(f"{counts['reattached']} claims attributed to it again")
    return ", ".join(parts) + "; links recomputed."
