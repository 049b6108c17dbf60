from django.http.request import split_domain_port
from wagtail.models import Site

from werkplaats.core.cache import remember


def _site_with_root(request):
    site = Site.find_for_request(request)
    if site is not None:
        # Loaded now and kept with the site in the cache: the root page, and its specific
        # form, which Wagtail's routing asks for on every request (Page.route_for_request).
        site.root_page.localized.specific  # noqa: B018
    return site


class KnownSiteMiddleware:
    """Give Wagtail the request's site from the cache instead of a query on every request.

    The answer changes only when someone edits the sites in /beheer/, which clears the page
    cache and everything kept with it (see signals.py). The host is validated first
    (ALLOWED_HOSTS), so no visitor can fill the cache with made-up host names.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        hostname = split_domain_port(request.get_host())[0]
        site = remember(f"site:{hostname}:{request.get_port()}", lambda: _site_with_root(request))
        if site is not None:
            request._wagtail_site = site
        return self.get_response(request)
