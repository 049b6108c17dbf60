from functools import cache

from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from . import selectors


def navigation(request):
    """Main menu and footer links from the page tree, computed only when a template uses them."""

    @cache
    def site_root():
        site = Site.find_for_request(request)
        return site.root_page if site else None

    return {
        "site_root": SimpleLazyObject(site_root),
        "menu_pages": SimpleLazyObject(lambda: selectors.menu_pages(site_root())),
        "footer_pages": SimpleLazyObject(lambda: selectors.footer_pages(site_root())),
        "newsletter_page": SimpleLazyObject(lambda: selectors.newsletter_page(site_root())),
    }
