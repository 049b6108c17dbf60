"""Pieces of pages rendered once and kept in the cache: cards and list items that show only
published content.

Each piece is kept under the page cache's generation (core/cache.py) and the interface
language, so whatever clears the page cache (a publish, an activity saved, an image replaced:
see the apps' signals.py) makes every piece stale at once, in every process. Unlike the page
cache they serve signed-in members too, and pages that are never kept whole (a calendar page,
the news index with a filter nobody asked for before).
"""

import hashlib

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .cache import code_version, current_generation, keep_many, kept_many

# Bounds a change no signal saw (a municipality renamed); a day is plenty.
TIMEOUT = 24 * 3600


def render_each(
    items, template_name, *, key, context, prepare=None, timeout=TIMEOUT, published=True
):
    """The HTML of `template_name` for each item, in order.

    key(item): what the HTML depends on besides published content (its pk, a state);
    context(item): the template's context, or None to leave the item out (it is gone). One
    cache read for all items; the missing ones are passed to `prepare` (to load them or their
    relations in a few queries), rendered and stored in one write.

    published=False: the HTML depends on nothing but what key(item) says (every value the
    template reads, hashed: see content_key) and the code, so it is kept apart from the
    generation and no publish makes it stale; a deploy does.
    """
    generation = current_generation() if published else f"content-{code_version()}"
    prefix = f"fragment:{template_name}:{generation}:{get_language()}"
    keys = [f"{prefix}:{key(item)}" for item in items]
    kept = kept_many(keys)
    missing = [item for item, k in zip(items, keys, strict=True) if k not in kept]
    if missing and prepare is not None:
        prepare(missing)
    fresh = {}
    pieces = []
    for item, k in zip(items, keys, strict=True):
        html = kept.get(k)
        if html is None:
            values = context(item)
            if values is None:
                continue
            html = fresh[k] = render_to_string(template_name, values)
        pieces.append(mark_safe(html))  # rendered by our own templates, escaped there
    if fresh:
        keep_many(fresh, timeout)
    return pieces


def render_one(template_name, *, key, context, timeout=TIMEOUT):
    """One piece: `key` (a string) as for render_each, `context()` called only when the piece
    has to be rendered."""
    [html] = render_each(
        [key], template_name, key=str, context=lambda _: context(), timeout=timeout
    )
    return html


def content_key(*values):
    """A short key for everything a piece shows: the repr of `values` hashed. Two states that
    would render differently must differ in some value."""
    return hashlib.sha256(repr(values).encode()).hexdigest()
