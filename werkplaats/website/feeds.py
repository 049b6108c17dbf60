"""The news feed at /nieuws/feed/ (Atom) and /nieuws/feed/rss/ (RSS 2.0)."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from . import selectors
from .models import SiteSettings


class NewsRssFeed(Feed):
    description = _("News and blogs of the Werkplaats")
    items_per_feed = 20

    def get_object(self, request):
        self.request = request
        return Site.find_for_request(request)

    def title(self, site):
        return SiteSettings.for_site(site).organisation_name if site else _("News")

    def link(self, site):
        return "/nieuws/"

    def items(self, site):
        return selectors.latest_news(limit=self.items_per_feed)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro or item.search_description

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_author_name(self, item):
        return item.author or None

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(9)))

    def item_updateddate(self, item):
        return item.last_published_at or self.item_pubdate(item)

    def item_categories(self, item):
        return [theme.title for theme in item.themes.all()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    subtitle = NewsRssFeed.description
