"""A whole-page cache for anonymous visitors, cleared whenever published content changes.

Correctness rules:
- only GET/HEAD requests without a session cookie (so never a signed-in person's page);
- only 200 responses that set no cookie (a page with a CSRF token, like the contact form,
  sets one and is never cached) and are not marked private or no-store;
- the key holds the scheme, the host, the full path with query string and the interface
  language;
- every kept page carries the generation number it was rendered under; publishing,
  unpublishing, moving or deleting a page and saving site settings bump it, so all cached
  pages go stale at once (see apps.py).

A hit is served by PageCacheApplication (werkplaats/wsgi.py) before Django handles the request
at all; the middleware serves it where no such wrapper runs (the test client, runserver).
"""

import contextvars
import functools
import hashlib
import secrets
from http.client import responses
from pathlib import Path

from django.conf import settings
from django.core.cache import cache, caches
from django.core.handlers.wsgi import WSGIRequest
from django.db import connection, transaction
from django.http import HttpResponse
from django.utils.cache import patch_response_headers

from .locale import language_from_request


def tree_hash(root):
    """A hash of every file under `root` (names and contents), Python's caches left out."""
    digest = hashlib.sha256()
    for path in sorted(Path(root).rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@functools.cache
def code_version():
    """A hash of every file of the project (code, templates, translations, static files).

    Part of the generation's key: a deploy that changes how pages look starts a generation of
    its own, so nothing rendered by the code before it is served again. Identical in every
    process of one deploy, so they share what they keep.
    """
    return tree_hash(Path(__file__).resolve().parent.parent)


GENERATION_KEY = f"pagecache:generation:{code_version()}"
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


# Within one request the generation is read from the cache once (a page asks for it for the
# site, its chrome, its cards...): set to a dict when a request starts, None when it ends
# (core/apps.py connects both), so outside requests (tasks, commands) it is always read afresh.
_request_memo = contextvars.ContextVar("page_cache_request_memo", default=None)


def start_request_memo(**kwargs):
    _request_memo.set({})


def end_request_memo(**kwargs):
    _request_memo.set(None)


def _first_generation():
    """A random start: after the shared cache was emptied (Redis restarted), the numbers
    cannot meet those that processes still keep values under in their own memory."""
    return secrets.randbits(48)


def current_generation():
    memo = _request_memo.get()
    if memo is not None and "generation" in memo:
        return memo["generation"]
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _first_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    if memo is not None:
        memo["generation"] = generation
    return generation


def _next_generation():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, _first_generation(), timeout=None)
    memo = _request_memo.get()
    if memo is not None:
        memo.pop("generation", None)


def clear_page_cache(**kwargs):
    """Make every cached page stale. Connected to content-changing signals.

    At once, and again when the change's transaction commits: until then other requests still
    read the old content, and what they render in between would otherwise be kept under the
    new generation. One bump per transaction, however many signals fire in it.
    """
    _next_generation()
    if connection.in_atomic_block and not any(
        func is _next_generation for _savepoints, func, _robust in connection.run_on_commit
    ):
        transaction.on_commit(_next_generation)


def remember(name, build, timeout=3600):
    """A value derived from published content, built once and kept until the next publish.

    Stored under the current generation, so whatever clears the page cache makes it stale
    too, in every process sharing the cache. `timeout` only bounds a change no signal saw.
    """
    key = f"derived:{current_generation()}:{name}"
    value = kept_many([key]).get(key)
    if value is None:
        value = build()
        if value is not None:  # nothing found is not kept: made-up addresses fill nothing
            keep_many({key: value}, timeout)
    return value


# What is kept under a generation never changes while that generation lasts: each process
# also keeps what it read in its own memory ("local" in CACHES, a copy per read like the
# shared cache), so a page asks the shared cache only for the generation and what this
# process has not seen yet. Kept locally for at most LOCAL_SECONDS, which bounds a value's
# life beyond its own timeout (the upcoming activities' five minutes).
LOCAL_SECONDS = 300


def _local():
    return caches["local"] if "local" in settings.CACHES else None


def kept_many(keys):
    """{key: value} of the generation-keyed values found, locally or in the shared cache."""
    local = _local()
    found = local.get_many(keys) if local is not None else {}
    missing = [key for key in keys if key not in found]
    if missing:
        shared = cache.get_many(missing)
        if shared and local is not None:
            local.set_many(shared, LOCAL_SECONDS)
        found.update(shared)
    return found


def keep_many(values, timeout):
    """Keep generation-keyed values in the shared cache and this process's memory."""
    cache.set_many(values, timeout)
    local = _local()
    if local is not None:
        local.set_many(values, min(timeout, LOCAL_SECONDS))


def _cache_key(request):
    language = language_from_request(request)
    # The scheme too: a plain-http request must reach the redirect to https, not a page.
    # Hashed: a URL may be any length and hold any character; memcached takes neither.
    address = hashlib.sha256(
        f"{request.scheme}://{request.get_host()}{request.get_full_path()}".encode()
    )
    return f"pagecache:{language}:{address.hexdigest()}"


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


def cached_page(request):
    """(status, content, headers) of the page kept for this request, or None.

    One round trip to the cache: the generation and the page together. A page kept under an
    older generation is stale (something was published since) and counts as a miss.
    """
    if not _is_cacheable_request(request):
        return None
    key = _cache_key(request)
    found = cache.get_many([GENERATION_KEY, key])
    generation, kept = found.get(GENERATION_KEY), found.get(key)
    memo = _request_memo.get()
    if memo is not None and generation is not None:
        memo["generation"] = generation  # a miss renders under it: no second read
    if kept is None or kept[0] != generation:
        return None
    return kept[1:]


class AnonymousPageCacheMiddleware:
    """Serves and keeps whole pages. First in MIDDLEWARE, so a kept page holds the headers
    every other middleware added (security headers among them) and a hit runs none of them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_cacheable_request(request):
            return self.get_response(request)
        if not request.META.get(MISSED):
            kept = cached_page(request)
            if kept is not None:
                status, content, headers = kept
                response = HttpResponse(content, status=status, headers=headers)
                response["X-Cache"] = "hit"
                return response
        # Read before rendering: a publish during the render leaves this copy stale.
        generation = current_generation()
        response = self.get_response(request)
        if _is_cacheable_response(response):
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            # Browsers and proxies may keep it briefly; our own copy lives until a publish.
            patch_response_headers(response, cache_timeout=60)
            # Store plain data, not the response object: cheaper to pickle and to rebuild.
            headers = {k: v for k, v in response.items() if k.lower() != "x-cache"}
            cache.set(
                _cache_key(request),
                (generation, response.status_code, response.content, headers),
                settings.PAGE_CACHE_SECONDS,
            )
            response["X-Cache"] = "miss"
        return response


# Set in the WSGI environ by PageCacheApplication when it found no page, so the middleware
# does not ask the cache a second time.
MISSED = "werkplaats.page_cache_missed"


class PageCacheApplication:
    """WSGI in front of Django: a kept page is answered without Django's request handling.

    The middleware above decides what is kept and keeps it; this only serves what it kept,
    under the same key and rules, with the same headers. A miss goes on to Django untouched.
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        try:
            kept = cached_page(WSGIRequest(environ))
        except Exception:  # noqa: BLE001 - a host not allowed, the cache unreachable...
            kept = None  # ...Django answers it, with its own 400 or 500 page
        if kept is None:
            environ[MISSED] = True
            return self.application(environ, start_response)
        status, content, headers = kept
        start_response(
            f"{status} {responses.get(status, 'Unknown')}",
            [*headers.items(), ("X-Cache", "hit")],
        )
        return [content]
