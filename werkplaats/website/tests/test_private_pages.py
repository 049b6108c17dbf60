"""Pages an editor made private (Wagtail's view restrictions) stay out of every public list."""

import feedparser
import pytest
from wagtail.models import PageViewRestriction

from werkplaats.website.models import NewsPage, StandardPage

from .html import card_titles, footer_links, main, main_menu, text

pytestmark = pytest.mark.django_db

PRIVATE = "Het hart van de Werkplaats"


@pytest.fixture
def private_news():
    page = NewsPage.objects.get(title=PRIVATE)
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    return page


def test_private_news_item_is_not_shown_to_visitors(client, private_news):
    response = client.get(private_news.url)

    assert response.status_code == 302
    assert PRIVATE.encode() not in response.content


@pytest.mark.parametrize("url", ["/", "/nieuws/", "/themas/armoede/"])
def test_private_news_item_is_left_out_of_lists(client, private_news, url):
    assert PRIVATE not in card_titles(client.get(url))


def test_private_news_item_is_left_out_of_the_feed(client, private_news):
    feed = feedparser.parse(client.get("/nieuws/feed/").content)

    assert PRIVATE not in [entry.title for entry in feed.entries]


def search_titles(client, query):
    response = client.get("/zoeken/", {"q": query})
    return [text(h) for h in main(response).select("ol.results h2")]


def test_private_news_item_is_not_found_by_search(client, private_news):
    assert PRIVATE not in search_titles(client, "hart")


def test_making_a_page_private_hides_it_at_once_despite_the_page_cache(client):
    page = NewsPage.objects.get(title=PRIVATE)
    for url in (page.url, "/nieuws/", "/zoeken/?q=hart"):
        client.get(url)  # all three now in the page cache, showing the item
    assert PRIVATE in search_titles(client, "hart")

    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    assert client.get(page.url).status_code == 302
    assert PRIVATE not in card_titles(client.get("/nieuws/"))
    assert PRIVATE not in search_titles(client, "hart")


def test_making_a_private_page_public_again_shows_it_at_once(client, private_news):
    client.get("/nieuws/")

    PageViewRestriction.objects.filter(page=private_news).delete()

    assert PRIVATE in card_titles(client.get("/nieuws/"))


def test_private_section_leaves_menu_and_footer_with_everything_below_it(client):
    about = StandardPage.objects.get(slug="over")
    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
    StandardPage.objects.filter(slug="werkgroepen-2016-2017").update(show_in_footer=True)

    response = client.get("/")

    assert "Over de Werkplaats" not in main_menu(response)
    assert "Over de Werkplaats" not in footer_links(response)
    assert "Werkgroepen 2016-2017" not in footer_links(response)
    assert "Privacyverklaring" in footer_links(response)


def test_page_below_a_private_section_asks_visitors_to_sign_in(client):
    about = StandardPage.objects.get(slug="over")
    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)

    response = client.get("/over/werkgroepen-2016-2017/")

    assert response.status_code == 302
    assert "Werkgroepen 2016-2017" not in response.content.decode()


def test_restriction_on_one_page_leaves_its_siblings_public(client, private_news):
    sibling = NewsPage.objects.live().exclude(pk=private_news.pk).first()

    response = client.get(sibling.url)

    assert response.status_code == 200
    assert sibling.title in text(main(response))


@pytest.mark.parametrize("page_cache_seconds", [0, 600])
def test_restriction_on_a_parent_guards_a_page_served_before(client, settings, page_cache_seconds):
    """The restrictions over a page are kept with the page cache's content (models.py)."""
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    page = NewsPage.objects.get(title=PRIVATE)
    assert client.get(page.url).status_code == 200

    restriction = PageViewRestriction.objects.create(
        page=page.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    assert client.get(page.url).status_code == 302

    restriction.delete()
    assert client.get(page.url).status_code == 200
