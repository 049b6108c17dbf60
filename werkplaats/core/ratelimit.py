"""Counting requests per client (or per e-mail address) in a time window, in the shared cache.

Only a keyed hash of the address is kept, and only for the window. Used by every anonymous form
that sends mail (contact, activity sign-up), each with its own budget.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def client_address(request):
    # Behind a proxy, CLIENT_IP_HEADER names the header it puts the client's address in.
    return request.META.get(settings.CLIENT_IP_HEADER) or request.META.get("REMOTE_ADDR", "")


def over_limit(scope, identity, *, limit, window):
    """Count one more use of `scope` by `identity`; True when it exceeds `limit` per `window`
    seconds."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{identity}".encode()).hexdigest()[:32]
    key = f"{scope}-rate:{digest}"
    if cache.add(key, 1, timeout=window):
        return limit < 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return limit < 1
    return count > limit


def client_over_limit(request, scope, *, limit, window):
    return over_limit(scope, client_address(request), limit=limit, window=window)
