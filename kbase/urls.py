"""URL routes of kbase."""

from django.contrib import admin
from django.urls import include, path

from kbase.api import router

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include(router.urls)),
    path("", include("claims.urls")),
    path("", include("sources.urls")),
]
