"""The cache backend of each process's own copy of kept values (CACHES["local"])."""

from collections import OrderedDict

from django.core.cache.backends import locmem
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache


class _Measured(OrderedDict):
    """LocMemCache's store of pickled values, counting their bytes."""

    size = 0

    def __setitem__(self, key, value):
        old = self.get(key)
        if old is not None:
            self.size -= len(old)
        super().__setitem__(key, value)
        self.size += len(value)

    def __delitem__(self, key):
        self.size -= len(self[key])
        super().__delitem__(key)

    def popitem(self, last=True):
        key, value = super().popitem(last)
        self.size -= len(value)
        return key, value

    def clear(self):
        super().clear()
        self.size = 0


class ProcessMemoryCache(LocMemCache):
    """Django's LocMemCache, bounded in bytes as well as entries, without memcached's key check.

    OPTIONS["MAX_BYTES"]: the pickled values kept take at most this many bytes; the least
    recently used go first. Entries alone do not bound a process's memory: a thousand pieces
    of a page are small, a thousand pages of search results are not.

    Every key kept here is one of ours and short (hashed addresses, template names, numbers),
    and memcached's key check walks each key's characters in Python: for the twenty pieces of a
    page that was half the cost of reading them.
    """

    def __init__(self, name, params):
        # One store per name, shared by the instances of every thread (as LocMemCache's).
        locmem._caches.setdefault(name, _Measured())
        super().__init__(name, params)
        if not isinstance(self._cache, _Measured):
            raise TypeError(f"local memory cache {name!r} is also configured as LocMemCache")
        self._max_bytes = int(params.get("OPTIONS", {}).get("MAX_BYTES", 0)) or None

    @property
    def size(self):
        """The bytes of the pickled values kept."""
        return self._cache.size

    def _set(self, key, value, timeout=DEFAULT_TIMEOUT):
        if self._max_bytes is not None and len(value) > self._max_bytes:
            self._delete(key)  # larger than everything allowed: not kept (nor an older value)
            return
        super()._set(key, value, timeout)
        while self._max_bytes is not None and self._cache.size > self._max_bytes:
            oldest, _value = self._cache.popitem()  # the least recently used
            del self._expire_info[oldest]

    def validate_key(self, key):
        pass
