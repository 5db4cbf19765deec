"""The /healthz check for load balancers, and the 500 handler that knows a database outage."""

import sys

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from kbase.middleware import (
    RETRY_AFTER_SECONDS,
    drop_broken_connections,
    is_database_unavailable,
    unavailable_response,
)


@never_cache
@require_safe
def healthz(request):
    """200 {"database": "ok"} when a query gets an answer, else 503 {"database": "unavailable"}."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        drop_broken_connections()
        response = JsonResponse({"database": "unavailable"}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return JsonResponse({"database": "ok"})


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """Django's 500 page, except a database outage outside any view still answers 503."""
    if is_database_unavailable(sys.exc_info()[1]):
        drop_broken_connections()
        return unavailable_response(request)
    return defaults.server_error(request, template_name)
