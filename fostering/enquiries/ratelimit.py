"""A small per-address rate limiter on Django's cache framework.

No rate-limiting library is installed (dependencies are locked by uv), so this counts
requests in fixed windows in the default cache: ``LocMemCache`` in development (one
process), and whatever shared cache (Redis, Memcached, database) production configures
so every worker sees the same counts. The client address is REMOTE_ADDR: behind a proxy,
the proxy must set it (e.g. gunicorn's ``--forwarded-allow-ips``); we never trust a raw
X-Forwarded-For header a client could forge.

Settings: ``ENQUIRY_RATE_LIMIT`` — how many enquiries one address may send per
``ENQUIRY_RATE_WINDOW_SECONDS`` (default 5 per hour); ``ENQUIRY_STEP_RATE_LIMIT`` — form
posts of any step per window (default 200), which stops scripted hammering of the
postcode lookup.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


def _key(bucket: str, address: str, window: int) -> str:
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    return f"ratelimit:{bucket}:{digest}:{int(time.time() // window)}"


def hit(request, bucket: str, limit: int, window: int) -> bool:
    """Count one request from the client's address; False when it is over ``limit`` in this window."""
    key = _key(bucket, client_address(request), window)
    if cache.add(key, 1, timeout=window + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window + 1)
            count = 1
    return count <= limit


def window_seconds() -> int:
    return int(getattr(settings, "ENQUIRY_RATE_WINDOW_SECONDS", 3600))


def enquiry_allowed(request) -> bool:
    return hit(request, "enquiry", int(getattr(settings, "ENQUIRY_RATE_LIMIT", 5)), window_seconds())


def step_allowed(request) -> bool:
    return hit(request, "enquiry-step", int(getattr(settings, "ENQUIRY_STEP_RATE_LIMIT", 200)), window_seconds())
