"""The calendar's and the archive's cards, rendered once and kept in the cache.

A card shows only what the activity's row, its venue, groups and themes say, plus its sign-up
state and places left. The state and places are part of the key, so a new sign-up or a passed
deadline shows at once; everything else changes only through a save that clears the page cache
(signals.py and the other apps' signals), and core/fragments.py keys every piece by that
cache's generation. Rendering twenty cards was half the time of a calendar page that the page
cache does not serve (members are never served from it).
"""

from werkplaats.core.fragments import render_each

from . import selectors

TEMPLATE = "activities/includes/card.html"


def with_cards(activities, *, heading_level=3, show_outcome=False):
    """Set `card_html` on each activity of a list prepared by selectors.with_states (one cache
    read for all; the missing cards rendered and stored in one write). Returns the list."""
    pieces = render_each(
        activities,
        TEMPLATE,
        key=lambda a: f"{a.pk}:{a.state}:{a.places_left}:{heading_level}:{int(show_outcome)}",
        context=lambda a: {
            "activity": a,
            "heading_level": heading_level,
            "show_outcome": show_outcome,
        },
        prepare=selectors.prefetch_card_relations,
    )
    for activity, html in zip(activities, pieces, strict=True):
        activity.card_html = html
    return activities
