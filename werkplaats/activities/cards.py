"""The calendar's and the archive's cards, rendered once and kept in the cache.

A card shows only what the activity's row, its venue, groups and themes say, plus its sign-up
state and places left. The state and places are part of the key, so a new sign-up or a passed
deadline shows at once; everything else changes only through a save that clears the page cache
(signals.py and the other apps' signals), and the key holds that cache's generation. Rendering
twenty cards was half the time of a calendar page that the page cache does not serve (members
are never served from it).
"""

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from werkplaats.core.cache import current_generation

from . import selectors

TEMPLATE = "activities/includes/card.html"
# Bounds what no signal sees (a municipality renamed); a day is plenty.
TIMEOUT = 24 * 3600


def _key(generation, language, activity, heading_level, show_outcome):
    return (
        f"activity-card:{generation}:{language}:{activity.pk}:{activity.state}:"
        f"{activity.places_left}:{heading_level}:{int(show_outcome)}"
    )


def with_cards(activities, *, heading_level=3, show_outcome=False):
    """Set `card_html` on each activity of a list prepared by selectors.with_states (one cache
    read for all; the missing cards rendered and stored in one write). Returns the list."""
    generation, language = current_generation(), get_language()
    keys = {
        activity.pk: _key(generation, language, activity, heading_level, show_outcome)
        for activity in activities
    }
    cached = cache.get_many(list(keys.values()))
    missing = [activity for activity in activities if keys[activity.pk] not in cached]
    if missing:
        selectors.prefetch_card_relations(missing)
    fresh = {}
    for activity in activities:
        key = keys[activity.pk]
        html = cached.get(key)
        if html is None:
            html = render_to_string(
                TEMPLATE,
                {
                    "activity": activity,
                    "heading_level": heading_level,
                    "show_outcome": show_outcome,
                },
            )
            fresh[key] = html
        activity.card_html = mark_safe(html)  # rendered by our own template, escaped there
    if fresh:
        cache.set_many(fresh, TIMEOUT)
    return activities
