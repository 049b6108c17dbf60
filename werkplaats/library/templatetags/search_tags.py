"""Template tags of the site search."""

from html import escape

from django import template
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
