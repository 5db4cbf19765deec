"""Object URLs from each view's pattern reversed once, not once per object on a page."""

from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# An id no real object has, standing in for the id in a reversed URL.
URL_MARK = 918273645


def pk_url(view_name: str, pk: int) -> str:
    """reverse(view_name, args=[pk]) for a view taking one id; a page of hundreds of objects
    would otherwise spend more time reversing than rendering."""
    return pk_urls(view_name)(pk)


def pk_urls(view_name: str) -> Callable[[int], str]:
    """pk_url for many ids: the URL conf and script prefix are looked up once."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    before, after = _pattern(view_name, get_script_prefix(), urlconf)
    return lambda pk: f"{before}{int(pk)}{after}"


@lru_cache(maxsize=128)
def _pattern(view_name: str, prefix: str, urlconf: str) -> tuple[str, str]:
    before, mark, after = reverse(view_name, args=[URL_MARK], urlconf=urlconf).partition(
        str(URL_MARK)
    )
    assert mark, view_name
    return before, after
