"""The library's entry cards (library/includes/entry_card.html), rendered once and kept in the
cache.

A card shows an entry's kind, title, summary, live themes, year or group, visibility and
cover: what a save of the entry or its group, a theme page published or an image replaced
clears the page cache for (signals.py and the other apps' signals), so core/fragments.py keeps
it until then. It is the same for every viewer: who may see an entry is decided by the list
(selectors.library_entries), never by the card. Loading twenty entries with their covers,
renditions and theme pages and rendering their cards was most of a library page's time.
"""

from werkplaats.core.fragments import render_each

from . import selectors

TEMPLATE = "library/includes/entry_card.html"


def entry_cards(rows, *, heading_level):
    """The card HTML of each row ((type, pk, date) from selectors.LibraryRows), in order. The
    entries whose card is not kept are loaded in a few queries; one that is gone is left out."""
    loaded = {}

    def entry(row):
        return loaded.get((row[0], row[1]))

    return render_each(
        rows,
        TEMPLATE,
        key=lambda row: f"{row[0]}:{row[1]}:{heading_level}",
        context=lambda row: (
            {"entry": entry(row), "heading_level": heading_level} if entry(row) else None
        ),
        prepare=lambda missing: loaded.update(selectors.entries_by_row(missing)),
    )
