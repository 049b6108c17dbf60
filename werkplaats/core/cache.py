"""A whole-page cache for anonymous visitors, cleared whenever published content changes.

Correctness rules:
- only GET/HEAD requests without a session cookie (so never a signed-in person's page);
- only 200 responses that set no cookie (a page with a CSRF token, like the contact form,
  sets one and is never cached) and are not marked private or no-store;
- the key holds the scheme, the host, the full path with query string and the interface
  language;
- the key also holds the generation number the page was rendered under; publishing,
  unpublishing, moving or deleting a page and saving site settings bump it, so all cached
  pages go stale at once (see the apps' signals.py).

A hit is served by PageCacheApplication (werkplaats/wsgi.py) before Django handles the request
at all; the middleware serves it where no such wrapper runs (the test client, runserver). Each
process keeps the pages it served lately ready to send (ProcessPages), so a hit costs neither a
round trip to the shared cache nor building Django's request.
"""

import contextvars
import functools
import hashlib
import os
import secrets
import threading
import time
from http.client import responses
from pathlib import Path

from django.conf import settings
from django.core.cache import cache, caches
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import setting_changed
from django.db import connection, transaction
from django.dispatch import receiver
from django.http import HttpResponse
from django.http.cookie import parse_cookie
from django.utils.cache import patch_cache_control

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


def _read_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _first_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def current_generation():
    memo = _request_memo.get()
    if memo is not None and "generation" in memo:
        return memo["generation"]
    heard = _watch().value
    generation = heard if heard is not None else _read_generation()
    if memo is not None:
        memo["generation"] = generation
    return generation


def _next_generation():
    try:
        generation = cache.incr(GENERATION_KEY)
    except ValueError:
        generation = _first_generation()
        cache.set(GENERATION_KEY, generation, timeout=None)
    memo = _request_memo.get()
    if memo is not None:
        memo.pop("generation", None)
    _watch().told(generation)


def _redis_client():
    """The Redis client behind the shared cache, or None when the cache is not Redis."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend == "django_redis.cache.RedisCache":
        return cache.client.get_client(write=True)
    if backend == "django.core.cache.backends.redis.RedisCache":
        return cache._cache.get_client(write=True)
    return None


class GenerationWatch:
    """The generation as this process last heard it from Redis, so that reading it costs no
    round trip: a kept page is answered from this process's memory without asking Redis.

    Every bump is published on a channel (`told`); a thread of each process listens, and on
    each message, and every RECHECK_SECONDS in any case (a connection that died unnoticed),
    reads the generation again. `value` is None until the thread is listening, and whenever
    its connection fails: then every read asks the cache, as without Redis. A bump reaches
    the other processes within milliseconds: a request they answer in between is answered as
    if it had come just before the publish.
    """

    RECHECK_SECONDS = 2
    RETRY_SECONDS = 1

    def __init__(self, client):
        self.value = None
        self.client = client
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.listen, name="page-cache-watch", daemon=True)
        self.thread.start()

    def told(self, generation):
        """After a bump: this process knows the number at once, the others by the message."""
        if self.value is not None:
            self.value = generation
        self.client.publish(GENERATION_KEY, generation)

    def stop(self):
        self.stopped.set()  # the thread ends within RECHECK_SECONDS

    def listen(self):
        while not self.stopped.is_set():
            try:
                with self.client.pubsub() as channel:
                    channel.subscribe(GENERATION_KEY)
                    while not channel.get_message(timeout=self.RECHECK_SECONDS):
                        pass  # the subscription's confirmation: only now read the number
                    while not self.stopped.is_set():
                        self.value = _read_generation()
                        channel.get_message(timeout=self.RECHECK_SECONDS)
            except Exception:  # noqa: BLE001 - Redis unreachable or restarting: ask it per read
                self.value = None
                self.stopped.wait(self.RETRY_SECONDS)
        self.value = None


@receiver(setting_changed)
def _forget_watches(setting, **kwargs):
    """Tests that put the cache in Redis (or back) get a watch of that cache."""
    if setting == "CACHES":
        _forget_watch(stop=True)


class _NoWatch:
    """Without Redis (the file cache, memory in tests): every read asks the cache."""

    value = None

    def told(self, generation):
        pass


_this_process = None
_starting = threading.Lock()


def _watch():
    """This process's watch on the generation, started on first use (by one thread)."""
    global _this_process
    if _this_process is None:
        with _starting:
            if _this_process is None:
                client = _redis_client()
                _this_process = GenerationWatch(client) if client is not None else _NoWatch()
    return _this_process


def _forget_watch(stop=False):
    global _this_process
    if stop and isinstance(_this_process, GenerationWatch):
        _this_process.stop()
    _this_process = None


# A forked process (a gunicorn worker) has no thread of its parent's: it starts a watch of its
# own on first use.
os.register_at_fork(after_in_child=_forget_watch)


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


def _address(request):
    """The part of a page's key that tells pages apart: the interface language and the URL."""
    language = language_from_request(request)
    # The scheme too: a plain-http request must reach the redirect to https, not a page.
    # Hashed: a URL may be any length and hold any character; memcached takes neither.
    url = hashlib.sha256(
        f"{request.scheme}://{request.get_host()}{request.get_full_path()}".encode()
    )
    return f"{language}:{url.hexdigest()}"


def _is_cacheable_request(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(SKIP_PREFIXES)
    )


def keeps_page(request):
    """Whether the anonymous page cache keeps the page `request` asks for, when it is answered
    with a 200 and no cookie: a view need not keep a part of that page apart as well."""
    return _is_cacheable_request(request)


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


class KeptPage:
    """A kept page, ready to send: as WSGI wants it and as Django's response wants it."""

    __slots__ = ("content", "expires", "headers", "status", "status_line", "wsgi_headers")

    def __init__(self, status, content, headers, seconds):
        self.status, self.content, self.headers = status, content, headers
        self.status_line = f"{status} {responses.get(status, 'Unknown')}"
        self.wsgi_headers = [*headers.items(), ("X-Cache", "hit")]
        self.expires = time.monotonic() + seconds


# The environ values a page's address (and whether it is kept at all) is derived from, besides
# the settings and two cookies (_cookies_that_count): the same values give the same address.
_ADDRESS_INPUTS = (
    "REQUEST_METHOD",
    "wsgi.url_scheme",
    "HTTP_HOST",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "SERVER_NAME",
    "SERVER_PORT",
    "SCRIPT_NAME",
    "SCRIPT_URL",
    "REDIRECT_URL",
    "PATH_INFO",
    "QUERY_STRING",
)


def _cookies_that_count(header):
    """Of a request's cookies, what its page's address depends on: the chosen language and
    whether it has a session (then no page is kept). Other cookies (a CSRF token from the
    contact form) make no other page."""
    if not header:
        return None
    cookies = parse_cookie(header)
    return (
        cookies.get(settings.LANGUAGE_COOKIE_NAME),
        settings.SESSION_COOKIE_NAME in cookies,
    )


class ProcessPages:
    """The pages this process served lately, ready to send, and the addresses of the requests
    it saw.

    A request's address is derived once per distinct request (its environ values that Django
    reads for the scheme, host, path and query, _ADDRESS_INPUTS, and of its cookies only the
    language and whether there is a session: Django's own request decides, and the same values
    give the same answer), then looked up. Addresses longer than MAX_REMEMBERED characters
    are derived each time, so what is remembered stays small. Pages are kept under their full
    key, generation and all, for at most LOCAL_SECONDS, the MAX_PAGES latest that together
    hold at most MAX_BYTES of content. Cleared when a setting changes (tests).
    """

    MAX_PAGES = 300
    MAX_BYTES = 16 * 1024 * 1024
    MAX_ADDRESSES = 10_000
    MAX_REMEMBERED = 1_000

    def __init__(self):
        self.addresses = {}
        self.pages = {}
        self.size = 0  # bytes of the pages' content
        self.lock = threading.Lock()

    def address(self, environ):
        """The address of the request's page, or None when no page is kept for it. Raises
        what Django raises for a request it refuses (a host not allowed)."""
        inputs = _ADDRESS_INPUTS
        if settings.SECURE_PROXY_SSL_HEADER:  # the proxy's word on the scheme
            inputs = (*inputs, settings.SECURE_PROXY_SSL_HEADER[0])
        values = (*map(environ.get, inputs), _cookies_that_count(environ.get("HTTP_COOKIE")))
        address = self.addresses.get(values)
        if address is None:
            request = WSGIRequest(environ)
            address = _address(request) if _is_cacheable_request(request) else ""
            if sum(len(value) for value in values if isinstance(value, str)) <= self.MAX_REMEMBERED:
                if len(self.addresses) >= self.MAX_ADDRESSES:
                    self.addresses.clear()  # unusual addresses by the thousand: start over
                self.addresses[values] = address
        return address or None

    def get(self, key):
        page = self.pages.get(key)
        return page if page is not None and page.expires > time.monotonic() else None

    def keep(self, key, status, content, headers, seconds):
        page = KeptPage(status, content, headers, min(seconds, LOCAL_SECONDS))
        if len(content) > self.MAX_BYTES:
            return page  # served, not kept
        with self.lock:
            self._forget(key)
            while self.pages and (
                len(self.pages) >= self.MAX_PAGES or self.size + len(content) > self.MAX_BYTES
            ):
                self._forget(next(iter(self.pages)))  # the longest kept
            self.pages[key] = page
            self.size += len(content)
        return page

    def _forget(self, key):
        page = self.pages.pop(key, None)
        if page is not None:
            self.size -= len(page.content)

    def clear(self):
        with self.lock:
            self.addresses.clear()
            self.pages.clear()
            self.size = 0


process_pages = ProcessPages()


@receiver(setting_changed)
def _forget_process_pages(**kwargs):
    process_pages.clear()


def kept_page(address):
    """The page kept for `address` under the current generation, or None: from this
    process's memory, else from the shared cache (and then kept in memory too). With Redis the
    generation is known without asking (GenerationWatch), so a page this process served
    before costs no round trip at all."""
    key = f"pagecache:{current_generation()}:{address}"
    page = process_pages.get(key)
    if page is None:
        kept = cache.get(key)
        if kept is not None:
            page = process_pages.keep(key, *kept, seconds=LOCAL_SECONDS)
    return page


def keep_page(address, generation, response):
    key = f"pagecache:{generation}:{address}"
    headers = {k: v for k, v in response.items() if k.lower() != "x-cache"}
    # Store plain data, not the response object: cheaper to pickle and to rebuild.
    kept = (response.status_code, response.content, headers)
    cache.set(key, kept, settings.PAGE_CACHE_SECONDS)
    process_pages.keep(key, *kept, seconds=settings.PAGE_CACHE_SECONDS)


class AnonymousPageCacheMiddleware:
    """Serves and keeps whole pages. First in MIDDLEWARE, so a kept page holds the headers
    every other middleware added (security headers among them) and a hit runs none of them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_cacheable_request(request):
            return self.get_response(request)
        address = _address(request)
        if not request.META.get(MISSED):
            page = kept_page(address)
            if page is not None:
                response = HttpResponse(page.content, status=page.status, headers=page.headers)
                response["X-Cache"] = "hit"
                return response
        # Read before rendering: a publish during the render leaves this copy stale.
        generation = current_generation()
        response = self.get_response(request)
        if _is_cacheable_response(response):
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            # Browsers and proxies may keep it briefly; our own copy lives until a publish.
            # max-age only: an Expires date would be sent unchanged with every copy served
            # later, long past.
            patch_cache_control(response, max_age=60)
            keep_page(address, generation, response)
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
            address = process_pages.address(environ)
            page = kept_page(address) if address is not None else None
        except Exception:  # noqa: BLE001 - a host not allowed, the cache unreachable...
            page = None  # ...Django answers it, with its own 400 or 500 page
        if page is None:
            environ[MISSED] = True
            return self.application(environ, start_response)
        start_response(page.status_line, list(page.wsgi_headers))
        return [page.content]
