"""Template tags of the site search."""

import datetime
from html import escape

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

register = template.Library()

_OPTION = (
    '<li><input type="checkbox" id="{id}" name="{parameter}" value="{value}"{checked}>'
    ' <label for="{id}">{label} <span class="search-facet__count">({count:d})</span></label></li>'
)


@register.simple_tag
def facet_options(facet):
    """A checkbox with its label per option of a facet (site_search.facets), every text
    escaped. Built here, not by a loop in the template: a page of results has some forty
    options, and the template's loop was a third of the time a new search took to render."""
    name, parameter = escape(facet["name"]), escape(facet["parameter"])
    return mark_safe(
        "\n".join(
            _OPTION.format(
                id=f"facet-{name}-{number}",
                parameter=parameter,
                value=escape(str(option["value"])),
                checked=" checked" if option["checked"] else "",
                label=escape(str(capfirst(option["label"]))),
                count=option["count"],
            )
            for number, option in enumerate(facet["options"], start=1)
        )
    )


_HIT = (
    '<li class="search-result">\n'
    '<h2><a href="{url}">{title}</a></h2>\n'
    '<p class="meta">{details}</p>\n'
    "{snippet}</li>"
)


def _date(value):
    """The date as the template's date filter shows it, in the site's time zone."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    shown = escape(date_format(value, "j F Y"))
    return f'<time datetime="{date_format(value, "Y-m-d")}">{shown}</time>'


@register.simple_tag
def search_hits(hits):
    """The list items of a page of results (site_search.search: each hit's `result`), every
    text escaped but the title and snippet, which site_search highlighted and escaped.
    Built here for the reason facet_options is: the template's loop over ten results was a
    third of the time their HTML took."""
    items = []
    for hit in hits:
        result = hit.result
        details = [escape(str(capfirst(result["type"])))]
        if result["date"]:
            details.append(_date(result["date"]))
        details += [escape(str(item)) for item in result["meta"]]
        snippet = result["snippet"]
        items.append(
            _HIT.format(
                url=escape(result["url"]),
                title=result["title"],
                details=" · ".join(details),
                snippet=f'<p class="search-result__snippet">{snippet}</p>\n' if snippet else "",
            )
        )
    return mark_safe("\n".join(items))
