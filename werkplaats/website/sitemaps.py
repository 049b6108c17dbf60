"""sitemap.xml: every live, public page of the site."""

from wagtail.contrib.sitemaps import Sitemap

from . import selectors

# What a page's sitemap entry needs (Page.get_sitemap_urls): its address and when it changed.
ENTRY_FIELDS = ("id", "path", "depth", "url_path", "locale_id", "last_published_at")
ENTRY_FIELDS += ("latest_revision_created_at", "content_type_id", "live", "alias_of_id")


class PublicPagesSitemap(Sitemap):
    """Wagtail's sitemap, with the pages read as plain pages in one query.

    Wagtail's own reads every page as its specific type: a query per type per hundred pages,
    so the count grows with the site. No page type here adds URLs of its own to the sitemap.
    """

    def items(self):
        root = self.get_wagtail_site().root_page
        pages = root.get_descendants(inclusive=True).live().order_by("path")
        return selectors.public(pages).only(*ENTRY_FIELDS)
