"""The page cache with the shared cache in Redis, as in production: each process hears of a
publish from Redis (core/cache.GenerationWatch), so a kept page is answered from its own memory
without a round trip, and a publish in another process still reaches it.

Runs against the Redis server of this machine (REDIS_TEST_URL, by default database 15 of
127.0.0.1:6379), every key under a prefix of this test run's own.
"""

import os
import subprocess
import sys
import time

import pytest
from django.core.cache import cache

from werkplaats.core import cache as page_cache
from werkplaats.website.tests.factories import NewsPageFactory

from .test_page_cache import WSGI

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")


def redis_caches():
    from django.conf import settings

    return {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"test-{os.getpid()}",
        },
    }


@pytest.fixture
def redis_cache(settings):
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        reason = f"no Redis at {REDIS_URL}: {error}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason} (CI=true: the Redis tests must run, not skip)", pytrace=False)
        pytest.skip(reason)
    settings.CACHES = redis_caches()
    yield cache
    cache.delete_pattern("*")  # this run's keys only: the prefix is part of the pattern


def eventually(condition, seconds=10):
    """Polls: what the watch hears arrives on its own thread."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def listening_watch():
    watch = page_cache._watch()
    assert isinstance(watch, page_cache.GenerationWatch)
    assert eventually(lambda: watch.value is not None), "the watch never started listening"
    return watch


def bump_in_another_process():
    """What a publish in another gunicorn worker or a task worker does to the generation."""
    script = (
        "import django; django.setup()\n"
        "from django.test.utils import override_settings\n"
        f"with override_settings(CACHES={redis_caches()!r}):\n"
        "    from werkplaats.core.cache import clear_page_cache\n"
        "    clear_page_cache()\n"
    )
    subprocess.run(
        [sys.executable, "-c", script],
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "werkplaats.settings.test"},
    )


def test_this_process_knows_the_generation_without_asking(redis_cache):
    watch = listening_watch()

    assert page_cache.current_generation() == watch.value == cache.get(page_cache.GENERATION_KEY)


def test_a_publish_in_another_process_is_heard_here(redis_cache):
    watch = listening_watch()
    before = watch.value

    bump_in_another_process()

    assert eventually(lambda: watch.value == cache.get(page_cache.GENERATION_KEY) != before)


def test_a_publish_in_this_process_is_known_here_at_once(redis_cache):
    watch = listening_watch()
    before = watch.value

    page_cache.clear_page_cache()

    assert page_cache.current_generation() == cache.get(page_cache.GENERATION_KEY) != before


def test_a_lost_connection_is_made_again_and_no_publish_is_missed(redis_cache):
    import redis

    watch = listening_watch()
    before = watch.value
    killed = redis.Redis.from_url(REDIS_URL).client_kill_filter(_type="pubsub", skipme=True)
    assert killed >= 1

    bump_in_another_process()

    assert eventually(lambda: watch.value == cache.get(page_cache.GENERATION_KEY) != before)


def test_a_page_this_process_served_is_answered_from_its_memory(redis_cache):
    listening_watch()
    wsgi = WSGI()
    _, first, body = wsgi.get("/nieuws/")
    cache.delete_pattern("pagecache:*")  # Redis's copy: not needed while nothing is published

    _, headers, again = wsgi.get("/nieuws/")

    assert (first["X-Cache"], headers["X-Cache"]) == ("miss", "hit")
    assert again == body
    assert wsgi.reached_django == 1


def test_a_publish_in_another_process_makes_the_next_visit_render_again(redis_cache):
    watch = listening_watch()
    wsgi = WSGI()
    wsgi.get("/nieuws/")
    assert wsgi.get("/nieuws/")[1]["X-Cache"] == "hit"

    bump_in_another_process()
    assert eventually(lambda: watch.value == cache.get(page_cache.GENERATION_KEY))

    assert wsgi.get("/nieuws/")[1]["X-Cache"] == "miss"
    assert wsgi.reached_django == 2


def test_a_publish_here_is_shown_on_the_next_visit(redis_cache):
    listening_watch()
    wsgi = WSGI()
    wsgi.get("/")

    NewsPageFactory(title="Kenniscafé over armoede")
    _, headers, body = wsgi.get("/")

    assert headers["X-Cache"] == "miss"
    assert "Kenniscafé over armoede" in body.decode()


def test_a_forked_worker_listens_for_itself(redis_cache):
    """gunicorn forks its workers from a process that may have a watch already: its thread
    does not come along, so each worker must start a watch of its own."""
    parent = listening_watch()
    pid = os.fork()
    if pid == 0:  # the worker
        try:
            watch = page_cache._watch()
            heard = watch is not parent and eventually(lambda: watch.value is not None)
            os._exit(0 if heard else 1)
        except BaseException:
            os._exit(2)
    _, status = os.waitpid(pid, 0)

    assert os.waitstatus_to_exitcode(status) == 0
    assert page_cache._watch() is parent
