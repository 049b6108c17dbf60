"""What each process keeps in its own memory is bounded in bytes, not only in entries: the
copies of kept values (CACHES["local"], core/memory_cache.py) and the pages kept ready to send
(core/cache.ProcessPages). The least recently used go first."""

import pickle

import pytest
from django.core.cache import caches

from werkplaats.core.cache import ProcessPages
from werkplaats.core.memory_cache import ProcessMemoryCache


def pickled_size(value):
    return len(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))


@pytest.fixture
def small_cache(request):
    """A local memory cache of 10,000 bytes and plenty of entries."""
    cache = ProcessMemoryCache(
        f"bounded-{request.node.name}",
        {"OPTIONS": {"MAX_ENTRIES": 1000, "MAX_BYTES": 10_000}, "TIMEOUT": 300},
    )
    yield cache
    cache.clear()


def test_the_site_s_own_local_cache_is_bounded_in_bytes():
    assert caches["local"]._max_bytes == 16 * 1024 * 1024


def test_values_are_kept_until_they_would_take_more_than_the_bytes_allowed(small_cache):
    piece = "x" * 2_000  # about a fifth of what is allowed
    for number in range(4):
        small_cache.set(f"piece-{number}", piece)

    assert small_cache.get_many([f"piece-{n}" for n in range(4)]) == {
        f"piece-{n}": piece for n in range(4)
    }
    assert small_cache.size == 4 * pickled_size(piece)


def test_the_least_recently_used_go_first(small_cache):
    piece = "x" * 2_000
    for number in range(4):
        small_cache.set(f"piece-{number}", piece)
    small_cache.get("piece-0")  # read lately: kept

    small_cache.set("large", "y" * 5_000)

    kept = small_cache.get_many(["piece-0", "piece-1", "piece-2", "piece-3", "large"])
    assert set(kept) == {"piece-0", "piece-3", "large"}
    assert small_cache.size <= 10_000
    assert small_cache.size == 2 * pickled_size(piece) + pickled_size("y" * 5_000)


def test_a_value_larger_than_everything_allowed_is_not_kept_and_drops_nothing(small_cache):
    small_cache.set("piece", "x" * 2_000)

    small_cache.set("huge", "z" * 20_000)

    assert small_cache.get("huge") is None
    assert small_cache.get("piece") == "x" * 2_000
    assert small_cache.size == pickled_size("x" * 2_000)


def test_replacing_deleting_and_clearing_keep_the_count_right(small_cache):
    small_cache.set("a", "x" * 3_000)
    small_cache.set("a", "x" * 1_000)
    small_cache.set("b", 41)
    small_cache.incr("b")
    small_cache.set("c", "x" * 500)
    small_cache.delete("c")

    assert small_cache.size == pickled_size("x" * 1_000) + pickled_size(42)

    small_cache.clear()

    assert small_cache.size == 0


@pytest.fixture
def pages(monkeypatch):
    monkeypatch.setattr(ProcessPages, "MAX_BYTES", 100_000)
    return ProcessPages()


def keep(pages, key, size):
    return pages.keep(key, 200, b"x" * size, {"Content-Type": "text/html"}, seconds=60)


def test_pages_are_kept_until_their_content_would_take_more_than_the_bytes_allowed(pages):
    for number in range(4):
        keep(pages, f"page-{number}", 30_000)

    assert [pages.get(f"page-{n}") is not None for n in range(4)] == [False, True, True, True]
    assert pages.size == 90_000


def test_a_page_kept_again_is_counted_once(pages):
    keep(pages, "home", 30_000)
    keep(pages, "home", 40_000)

    assert pages.size == 40_000
    assert pages.get("home").content == b"x" * 40_000


def test_a_page_larger_than_everything_allowed_is_served_but_not_kept(pages):
    keep(pages, "home", 30_000)

    huge = keep(pages, "calendar", 200_000)

    assert huge.content == b"x" * 200_000  # the request that rendered it still gets it
    assert pages.get("calendar") is None
    assert pages.get("home") is not None
    assert pages.size == 30_000
