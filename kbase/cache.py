"""Page data cached per content generation, a number every write of content moves on."""

import hashlib
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "kbase:content-generation"
# Entries of past generations are never read again; this only bounds how long they take space.
TIMEOUT = 3600
_MISSING = object()
logger = logging.getLogger("kbase.cache")


def enabled() -> bool:
    """Whether page data is cached (settings.KBASE["CONTENT_CACHE"]).

    Only a cache every process shares (Redis) can be told of writes made by workers and
    commands; with a per-process cache (local memory) caching is off unless forced.
    """
    return bool(settings.KBASE.get("CONTENT_CACHE"))


def content_generation() -> int:
    """The current content generation; cache keys include it, so a write outdates them all."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # First use, or the key was evicted: start far from any generation used before, so
        # entries stored under an old number are never taken for current.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def content_changed() -> None:
    """Claims, links, topics or articles changed: outdate cached page data once this commits.

    Called by the write services; outside a transaction the generation moves at once.
    """
    if enabled():
        # robust: the data is committed by then; a cache outage must not turn that into an error.
        transaction.on_commit(_bump, robust=True)


def cached[T](name: str, compute: Callable[[], T], *parts: object) -> T:
    """compute(), stored under `name`, the current generation and `parts` (any values)."""
    if not enabled():
        return compute()
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    try:
        key = f"kbase:{name}:{content_generation()}:{digest}"
        value = cache.get(key, _MISSING)
    except Exception:
        # The cache is down (Redis unreachable): pages are still served, computed each time.
        logger.warning("cache unreachable; %s computed without it", name, exc_info=True)
        return compute()
    if value is _MISSING:
        value = compute()
        try:
            cache.set(key, value, TIMEOUT)
        except Exception:
            logger.warning("cache unreachable; %s not stored", name, exc_info=True)
    return value


def _bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        # No generation yet (or evicted): any fresh start outdates what was stored.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
