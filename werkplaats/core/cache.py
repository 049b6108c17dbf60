"""A whole-page cache for anonymous visitors, cleared whenever published content changes.

Correctness rules:
- only GET/HEAD requests without a session cookie (so never a signed-in person's page);
- only 200 responses that set no cookie (a page with a CSRF token, like the contact form,
  sets one and is never cached) and are not marked private or no-store;
- the key holds the host, the full path with query string and the interface language;
- every key carries a generation number; publishing, unpublishing, moving or deleting a page
  and saving site settings bump it, so all cached pages go stale at once (see apps.py).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_response_headers

from .locale import language_from_request

GENERATION_KEY = "pagecache:generation"
SKIP_PREFIXES = (
    "/beheer/",
    "/static/",
    "/media/",
    "/documenten/",
    "/taal/",
    "/mijn/",
    "/account/",
    "/uitnodiging/",
    # Personal links (a sign-up, a private calendar feed) are never shared.
    "/activiteiten/aanmelding/",
    "/activiteiten/agenda/",
    "/nieuwsbrief/bevestigen/",
    "/nieuwsbrief/afmelden/",
    "/nieuwsbrief/voorkeuren/",
)


def current_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    return generation


def clear_page_cache(**kwargs):
    """Make every cached page stale. Connected to content-changing signals."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def remember(name, build, timeout=3600):
    """A value derived from published content, built once and kept until the next publish.

    Stored under the current generation, so whatever clears the page cache makes it stale
    too, in every process sharing the cache. `timeout` only bounds a change no signal saw.
    """
    key = f"derived:{current_generation()}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout)
    return value


def _cache_key(request, generation):
    language = language_from_request(request)
    # Hashed: a URL may be any length and hold any character; memcached takes neither.
    address = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode())
    return f"pagecache:{generation}:{language}:{address.hexdigest()}"


def _is_cacheable_request(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(SKIP_PREFIXES)
    )


def _is_cacheable_response(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.cookies
        and not getattr(response, "streaming", False)
        and "private" not in cache_control
        and "no-store" not in cache_control
        and "no-cache" not in cache_control
    )


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_cacheable_request(request):
            return self.get_response(request)
        key = _cache_key(request, current_generation())
        cached = cache.get(key)
        if cached is not None:
            status, content, headers = cached
            response = HttpResponse(content, status=status, headers=headers)
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _is_cacheable_response(response):
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            # Browsers and proxies may keep it briefly; our own copy lives until a publish.
            patch_response_headers(response, cache_timeout=60)
            # Store plain data, not the response object: cheaper to pickle and to rebuild.
            headers = {k: v for k, v in response.items() if k.lower() != "x-cache"}
            cache.set(
                key,
                (response.status_code, response.content, headers),
                settings.PAGE_CACHE_SECONDS,
            )
            response["X-Cache"] = "miss"
        return response
