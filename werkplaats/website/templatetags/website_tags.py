from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from werkplaats.core.fragments import render_one

from .. import selectors

register = template.Library()

FOOTER = "components/footer.html"
# Stands in for the language switch in the kept footer: the switch links back to the
# request's own address, the rest is the same on every page.
LANGUAGE_SWITCH = "<!--language-switch-->"


@register.simple_tag(takes_context=True)
def site_footer(context):
    """The footer of every page, rendered once per day (the partners shown change with the
    date, like the site chrome's key) and kept until the next publish (core/fragments.py)."""
    request = context.get("request")
    switch = render_to_string("components/language_switch.html", {"request": request})
    if "chrome" not in context or request is None:  # a page rendered without its site
        return render_to_string(FOOTER, {**context.flatten(), "language_switch": switch})
    with_form = not context.get("newsletter_page")
    footer = render_one(
        FOOTER,
        key=f"{timezone.localdate()}:{int(with_form)}",
        context=lambda: {
            "chrome": context["chrome"],
            "newsletter_page": not with_form,
            "language_switch": mark_safe(LANGUAGE_SWITCH),
        },
    )
    return mark_safe(footer.replace(LANGUAGE_SWITCH, switch, 1))


@register.simple_tag(takes_context=True)
def page_breadcrumbs(context, page):
    """The breadcrumbs of a page, rendered once and kept until the next publish or move
    (core/fragments.py)."""
    return render_one(
        "components/breadcrumbs.html",
        key=str(page.pk),
        context=lambda: {
            "page": page,
            "crumbs": selectors.breadcrumbs(page),
            "request": context.get("request"),
        },
    )


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
