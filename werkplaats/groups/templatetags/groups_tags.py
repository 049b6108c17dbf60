"""Template tags of learning groups, also used by other apps' templates (website's theme pages
list the groups working on a theme without the website app importing groups)."""

from django import template

from .. import permissions, selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def can_manage_group(context, group):
    """{% can_manage_group group as can_manage %}: lead of the group or coordinator."""
    request = context.get("request")
    return bool(request) and permissions.can_manage_group(request.user, group)


@register.simple_tag
def groups_for_theme(theme):
    """{% groups_for_theme page as groups %}: the groups working on a theme, current first."""
    return selectors.groups_for_theme(theme)


@register.inclusion_tag("groups/includes/theme_groups.html")
def theme_groups_section(theme):
    """{% theme_groups_section page %}: a section listing the groups of a theme (none: nothing)."""
    return {"theme_groups": selectors.groups_for_theme(theme)}
