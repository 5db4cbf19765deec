"""Admin for outlets, origins and articles."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from sources.models import Article, Merge, Origin, Outlet


@admin.register(Outlet)
class OutletAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "country", "homepage"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "key"]


@admin.register(Origin)
class OriginAdmin(SimpleHistoryAdmin):
    list_display = ["name", "key"]
    search_fields = ["name", "key"]


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "outlet", "published", "url", "created"]
    list_filter = ["outlet__kind", "published_precision", "language"]
    list_select_related = ["outlet"]
    search_fields = ["title", "url"]
    date_hierarchy = "published"
    autocomplete_fields = ["outlet"]
    readonly_fields = ["sha256", "created", "updated"]


@admin.register(Merge)
class MergeAdmin(admin.ModelAdmin):
    list_display = ["model", "survivor_id", "merged_by", "merged_at", "undone_at"]
    list_filter = ["model"]
