"""The OpenAPI schema and its Swagger UI and ReDoc pages, working under the strict CSP."""

from django.conf import settings
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

# ReDoc writes its styles into <style> elements; they carry the page's nonce, never 'unsafe-inline'.
DOCS_CSP = {
    **settings.SECURE_CSP,
    "style-src": [*settings.SECURE_CSP.get("style-src", [CSP.SELF]), CSP.NONCE],
    # ReDoc's search index runs in a worker built from a blob.
    "worker-src": [CSP.SELF, "blob:"],
}


class SwaggerView(SpectacularSwaggerSplitView):
    """Swagger UI whose start-up script is a separate same-origin request, not inline."""

    template_name = "api/swagger_ui.html"


class RedocView(SpectacularRedocView):
    template_name = "api/redoc.html"


schema_view = SpectacularAPIView.as_view()
swagger_view = csp_override(DOCS_CSP)(SwaggerView.as_view(url_name="api-schema"))
redoc_view = csp_override(DOCS_CSP)(RedocView.as_view(url_name="api-schema"))
