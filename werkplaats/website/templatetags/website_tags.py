from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def breadcrumb_pages(page):
    return selectors.breadcrumbs(page)


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (for pagination and filters)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.simple_tag
def nav_current(item, page):
    """aria-current value for a menu item: 'page' on the item itself, 'true' inside it."""
    if page is None or not hasattr(page, "path"):
        return ""
    if page.pk == item.pk:
        return "page"
    if page.path.startswith(item.path):
        return "true"
    return ""


@register.filter
def described_field(field):
    """Render a form field's widget linked to its help text and errors for screen readers."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_help")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    attrs = {}
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)
