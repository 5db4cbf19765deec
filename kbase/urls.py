"""URL routes of kbase."""

from django.contrib import admin
from django.urls import include, path, re_path

from kbase.api import router
from kbase.api_docs import redoc_view, schema_view, swagger_view
from kbase.api_support import api_not_found
from kbase.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/schema/", schema_view, name="api-schema"),
    path("api/v1/docs/", swagger_view, name="api-docs"),
    path("api/v1/redoc/", redoc_view, name="api-redoc"),
    path("api/v1/", include(router.urls)),
    re_path(r"^api/", api_not_found),
    path("", include("claims.urls")),
    path("", include("sources.urls")),
]

# A database outage outside any view still answers 503, not 500.
handler500 = "kbase.health.server_error"
