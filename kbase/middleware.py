"""Answer 503 while the database is unreachable, and drop broken connections so the app recovers."""

import logging

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.template import loader

logger = logging.getLogger("kbase.faults")

# Errors that mean "the database cannot be reached or cannot answer now", not "this request is
# wrong": a refused or dropped connection, a server restarting, SQLite's "database is locked".
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
_FALLBACK_HTML = (
    "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
    "<title>Temporarily unavailable · kbase</title></head><body>"
    "<h1>Temporarily unavailable</h1><p>kbase cannot reach its database just now. "
    "Nothing you sent was saved; please try again in a minute.</p></body></html>"
)


def wants_json(request) -> bool:
    """API paths and clients preferring JSON get JSON; browsers get a page."""
    if request.path.startswith("/api/"):
        return True
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


def unavailable_response(request) -> HttpResponse:
    """The 503 answered while the database is away, as JSON or as a standalone page."""
    if wants_json(request):
        response = JsonResponse(
            {
                "detail": "The database is unavailable; nothing was saved. Try again shortly.",
                "code": "database_unavailable",
            },
            status=503,
        )
    else:
        try:
            # No request context: its lazy user would query the database that is away.
            html = loader.render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS})
        except Exception:  # A broken template or missing static manifest must not turn 503 to 500.
            logger.exception("could not render 503.html")
            html = _FALLBACK_HTML
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def drop_broken_connections() -> None:
    """Close connections that no longer work, so the next request opens a fresh one."""
    for connection in connections.all(initialized_only=True):
        # Closing inside a transaction would only mark it for rollback; the outer block ends it.
        if connection.in_atomic_block:
            continue
        try:
            connection.close_if_unusable_or_obsolete()
        except Exception:  # An error handler must not raise: drop the connection whatever failed.
            connection.close()


def is_database_unavailable(exc: BaseException | None) -> bool:
    return isinstance(exc, DATABASE_UNAVAILABLE)


class DatabaseUnavailableMiddleware:
    """Turn an unreachable database into a 503 with Retry-After instead of a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_unavailable(exception):
            return None
        logger.warning(
            "database unavailable during %s %s: %s", request.method, request.path, exception
        )
        drop_broken_connections()
        return unavailable_response(request)
