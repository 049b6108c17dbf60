"""Doing a thing at most once per key, for background tasks that workers may run twice."""

from django.core.cache import cache

# A done mark is kept this long: longer than any retry of a task takes.
DONE_MARK_SECONDS = 7 * 24 * 3600


def once(key, action):
    """Run `action` unless it ran for `key` before; True when it ran now.

    The mark is set after the action, so an action that fails is tried again by a retry; one
    that succeeded is not repeated (a second mail to the same person, for instance).
    """
    if cache.get(key):
        return False
    action()
    cache.set(key, True, DONE_MARK_SECONDS)
    return True
