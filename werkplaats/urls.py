from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from werkplaats.library.views import search as search_views
from werkplaats.website import views as website_views
from werkplaats.website.feeds import NewsAtomFeed, NewsRssFeed
from werkplaats.website.sitemaps import PublicPagesSitemap

urlpatterns = [
    path("beheer/", include(wagtailadmin_urls)),
    path("documenten/", include(wagtaildocs_urls)),
    path("taal/<str:language>/", website_views.set_language, name="set_language"),
    # One search over pages, news, the library, groups and activities (library/search.py).
    path("zoeken/", search_views.search, name="search"),
    path("nieuws/feed/", NewsAtomFeed(), name="news_feed"),
    path("nieuws/feed/rss/", NewsRssFeed(), name="news_feed_rss"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PublicPagesSitemap}}, name="sitemap"),
    path("robots.txt", website_views.robots_txt, name="robots_txt"),
    path("favicon.ico", website_views.favicon, name="favicon"),
    # Sign-in, password reset, e-mail verification (django-allauth).
    path("account/", include("allauth.urls")),
    # The member area /mijn/ is shared: accounts (dashboard, invitations), network (profile,
    # notifications, people, partners) and groups (public group pages, workspaces).
    path("", include("werkplaats.accounts.urls")),
    path("", include("werkplaats.network.urls")),
    path("", include("werkplaats.groups.urls")),
    path("", include("werkplaats.activities.urls")),
    path("", include("werkplaats.library.urls")),
    path("", include("werkplaats.newsletter.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "werkplaats.website.views.page_not_found"
handler500 = "werkplaats.website.views.server_error"
