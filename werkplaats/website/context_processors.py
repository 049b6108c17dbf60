from django.utils.functional import SimpleLazyObject

from .chrome import site_chrome


def navigation(request):
    """Menu, footer, site settings and partner logos (see chrome.py), read only when a template
    uses them."""
    return {"chrome": SimpleLazyObject(lambda: site_chrome(request))}
