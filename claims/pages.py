"""What every analyst page shares: read access, pagination, JSON-LD embedding."""

import json
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Page, Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

PAGE_SIZE = 25
# Characters that could end a <script> element or open a comment inside one.
# str.replace, once a character, is many times faster than str.translate on a long text.
_SCRIPT_ESCAPES = (("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026"))


def reads_allowed(view):
    """Let anyone read, unless KBASE["REQUIRE_LOGIN_FOR_READS"] asks for a login first."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if settings.KBASE.get("REQUIRE_LOGIN_FOR_READS") and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


def paginate(request, items, *, param: str = "page", per_page: int = PAGE_SIZE) -> Page:
    """One page of `items`; a page number out of range or not a number gives the nearest page."""
    page = Paginator(items, per_page).get_page(request.GET.get(param))
    page.urls = page_urls(request, page, param)
    return page


def page_urls(request, page: Page, param: str) -> dict[str, str]:
    """Links to the first, previous, next and last pages, other parameters kept."""

    def url(number: int) -> str:
        query = request.GET.copy()
        query[param] = number
        return f"?{query.urlencode()}"

    urls = {"first": url(1), "last": url(page.paginator.num_pages)}
    if page.has_previous():
        urls["previous"] = url(page.previous_page_number())
    if page.has_next():
        urls["next"] = url(page.next_page_number())
    return urls


def jsonld_script(data: dict) -> SafeString:
    """A <script type="application/ld+json"> block that no string in `data` can break out of."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    for character, escaped in _SCRIPT_ESCAPES:
        text = text.replace(character, escaped)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def site_urls(request) -> Callable[[str], str]:
    """request.build_absolute_uri for many site paths, the scheme and host read once: a topic's
    JSON-LD names hundreds of articles."""
    base = request.build_absolute_uri("/").removesuffix("/")
    return lambda path: base + path if path.startswith("/") else request.build_absolute_uri(path)
