"""Admin for outlets and origins, with merging of duplicates."""

from django.contrib import admin
from django.db.models import Count

from sources.admin.history import HistoryAdmin
from sources.admin.merges import merge_action
from sources.merging import origins_merge, outlets_merge
from sources.models import Origin, Outlet


@admin.register(Outlet)
class OutletAdmin(HistoryAdmin):
    list_display = ["name", "kind", "country", "article_count", "homepage", "updated"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "key", "homepage"]
    date_hierarchy = "created"
    readonly_fields = ["key", "created", "updated"]
    fields = ["name", "key", "kind", "country", "homepage", "notes", "created", "updated"]
    actions = ["merge_outlets"]
    # Explicit: a query with an aggregate leaves Meta.ordering out (autocomplete pages it).
    ordering = ["name", "id"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, obj):
        return obj.article_count

    @admin.action(description="Merge selected outlets…", permissions=["change", "delete"])
    def merge_outlets(self, request, queryset):
        return merge_action(self, request, queryset, service=outlets_merge)


@admin.register(Origin)
class OriginAdmin(HistoryAdmin):
    list_display = ["name", "key", "claim_count", "updated"]
    search_fields = ["name", "key"]
    date_hierarchy = "created"
    readonly_fields = ["created", "updated"]
    fields = ["name", "key", "notes", "created", "updated"]
    actions = ["merge_origins"]
    ordering = ["name", "id"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_count=Count("claims"))

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, obj):
        return obj.claim_count

    @admin.action(description="Merge selected origins…", permissions=["change", "delete"])
    def merge_origins(self, request, queryset):
        return merge_action(self, request, queryset, service=origins_merge)
