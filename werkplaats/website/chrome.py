"""What every public page shows of the whole site: menu, footer links, settings, partner logos.

These come from the page tree, the site settings and the network, and are the same on every
page of a site. Built once (five queries) and kept in the cache as plain data under the page
cache's generation number, so a publish, a settings change or a partner change (everything that
clears the page cache, see the apps' signals.py) shows on the next page, in every process.
The date is in the key too: a partnership that ends today leaves the footer tonight.
"""

from typing import NamedTuple

from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from werkplaats.core.cache import remember


class Link(NamedTuple):
    pk: int
    path: str
    title: str
    url: str


class Partner(NamedTuple):
    name: str
    website: str
    logo: str  # the <img> element of the logo's rendition, or "" without a logo


class Chrome(NamedTuple):
    settings: object  # website.SiteSettings of the site
    menu: list[Link]
    footer: list[Link]
    newsletter_url: str
    partners: list[Partner]


def _link(page, request):
    return Link(page.pk, page.path, page.title, page.get_url(request) or "")


def _partner(organisation):
    logo = ""
    if organisation.logo:
        rendition = organisation.logo.get_rendition("max-240x96|format-webp")
        logo = rendition.img_tag({"alt": organisation.name, "loading": "lazy"})
    return Partner(organisation.name, organisation.website, logo)


def build(site, request):
    from werkplaats.network.selectors import footer_partners

    from . import selectors
    from .models import SiteSettings

    root = site.root_page if site else None
    return Chrome(
        settings=SiteSettings.for_site(site) if site else SiteSettings(),
        menu=[_link(page, request) for page in selectors.menu_pages(root)],
        footer=[_link(page, request) for page in selectors.footer_pages(root)],
        # The newsletter app's view (reversed by name: website imports no app below it).
        newsletter_url=reverse("newsletter:subscribe"),
        partners=[_partner(organisation) for organisation in footer_partners()],
    )


def site_chrome(request):
    site = Site.find_for_request(request)
    name = f"chrome:{site.pk if site else 0}:{timezone.localdate()}"
    return remember(name, lambda: build(site, request))
