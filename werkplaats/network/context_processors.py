from django.utils.functional import SimpleLazyObject

from . import selectors


def partners(request):
    """The current partners with their logos for the footer, queried only when a page shows it."""
    return {"footer_partners": SimpleLazyObject(selectors.footer_partners)}
