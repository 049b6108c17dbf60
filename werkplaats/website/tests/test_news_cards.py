"""News cards come from the cache (website/cards.py), and never show anything out of date."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model

from werkplaats.website.models import NewsPage

from .factories import NewsPageFactory, SuperuserFactory
from .html import card_titles, main, soup

pytestmark = pytest.mark.django_db


def card_query(query):
    return "wagtailimages_" in query["sql"] or "website_newspage_themes" in query["sql"]


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0  # the cards' own cache is what is tested


def test_second_render_takes_the_cards_from_the_cache(client):
    NewsPageFactory(title="Kenniscafé over eenzaamheid")
    with CaptureQueriesContext(connection) as first:
        client.get("/nieuws/")
    NewsPage.objects.filter(title="Kenniscafé over eenzaamheid").update(intro="Stil veranderd.")

    with CaptureQueriesContext(connection) as second:
        response = client.get("/nieuws/")

    # No queries for the cards' images and themes, and a change no signal saw (a bulk update)
    # does not show: the card came from the cache.
    assert any(card_query(q) for q in first.captured_queries)
    assert not any(card_query(q) for q in second.captured_queries)
    assert "Stil veranderd." not in main(response).get_text()
    assert card_titles(response)[0] == "Kenniscafé over eenzaamheid"


def test_a_published_change_shows_at_once_on_every_list(client):
    item = NewsPageFactory(title="Kenniscafé over eenzaamheid")
    theme = item.themes.first()
    for url in ("/", "/nieuws/", theme.url):
        assert "Kenniscafé over eenzaamheid" in card_titles(client.get(url)), url

    item.title = "Kenniscafé over armoede"
    item.save_revision().publish()

    for url in ("/", "/nieuws/", theme.url):
        titles = card_titles(client.get(url))
        assert "Kenniscafé over armoede" in titles, url
        assert "Kenniscafé over eenzaamheid" not in titles, url


def test_a_replaced_lead_image_shows_at_once(client):
    item = NewsPageFactory()
    old_src = main(client.get("/nieuws/")).select_one("article.card img")["src"]
    other = get_image_model().objects.create(
        title="Ander beeld", file=item.lead_image.file.name, width=10, height=10
    )

    item.lead_image = other
    item.save_revision().publish()

    new_src = main(client.get("/nieuws/")).select_one("article.card img")["src"]
    assert new_src != old_src


def test_cards_follow_the_interface_language(client):
    NewsPageFactory(title="Werkconferentie")
    assert "Thema's" in str(main(client.get("/nieuws/")).select_one("article.card ul.tags"))

    client.get("/taal/en/")

    assert "Themes" in str(main(client.get("/nieuws/")).select_one("article.card ul.tags"))


def test_a_signed_in_editor_gets_the_same_cards():
    NewsPageFactory(title="Kenniscafé over eenzaamheid")
    visitor = soup(Client().get("/nieuws/")).select("article.card")
    editor = Client()
    editor.force_login(SuperuserFactory())

    cards = soup(editor.get("/nieuws/")).select("article.card")

    assert [str(card) for card in cards] == [str(card) for card in visitor]
