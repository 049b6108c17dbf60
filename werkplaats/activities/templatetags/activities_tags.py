"""Template tags other apps' pages use to show activities: the next public activities on the
home page, on a theme's page and on a group's page."""

from django import template

from werkplaats.core.fragments import render_each

from .. import selectors

register = template.Library()


@register.inclusion_tag("activities/includes/upcoming_section.html")
def upcoming_activities_section(theme=None, group=None, limit=3, heading_level=2):
    """{% upcoming_activities_section theme=page %}: the next public activities (of a theme or
    a group, or all), with a link to the calendar; nothing when there are none."""
    activities = selectors.upcoming_public(theme=theme, group=group, limit=limit)
    return {
        # Each item rendered once and kept (core/fragments.py): what it shows changes only
        # through a save that clears the page cache (signals.py).
        "items": render_each(
            activities,
            "activities/includes/upcoming_item.html",
            key=lambda activity: activity.pk,
            context=lambda activity: {"activity": activity},
        ),
        "more_query": f"?thema={theme.slug}" if theme is not None else "",
        "group": group,
        "heading_level": heading_level,
    }
