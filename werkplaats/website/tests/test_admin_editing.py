"""Editors at work in /beheer/: a news item written and published in Wagtail's editor reaches the
public site, and the site settings change the footer of every page."""

import pytest
from django.test import Client
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from werkplaats.website.models import NewsIndexPage, NewsPage, SiteSettings, ThemePage

from .factories import SuperuserFactory
from .html import card_titles, footer, main, text

pytestmark = pytest.mark.django_db

TITLE = "Kenniscafé over zingeving in de wijk"


@pytest.fixture
def editor_client():
    client = Client()
    client.force_login(SuperuserFactory())
    return client


@pytest.fixture
def visitor():
    """A separate anonymous browser, so the editor's session does not bypass the page cache."""
    return Client()


def news_form_data(**overrides):
    data = {
        "title": TITLE,
        "slug": "kenniscafe-zingeving",
        "date": "2024-03-14",
        "author": "Redactie",
        "tags": "kenniscafés, zingeving",
        "intro": "Op 14 maart spraken dertig professionals over zingeving.",
        "body": streamfield(
            [
                ("heading", "Wat we leerden"),
                ("paragraph", rich_text("<p>Zingeving verdient een vaste plek.</p>")),
            ]
        ),
        "comments": inline_formset([]),
        "seo_title": "",
        "search_description": "",
        "action-publish": "action-publish",
    }
    data.update(overrides)
    form = nested_form_data(data)
    # A multiple choice: nested_form_data would turn a list into 'themes-0'.
    form["themes"] = [str(ThemePage.objects.get(slug="zingeving").pk)]
    return form


def add_news_url():
    return f"/beheer/pages/add/website/newspage/{NewsIndexPage.objects.get().pk}/"


def test_editor_publishes_news_item_through_the_admin(editor_client):
    response = editor_client.post(add_news_url(), news_form_data())

    assert response.status_code == 302, response.context and response.context["form"].errors
    page = NewsPage.objects.get(slug="kenniscafe-zingeving")
    assert page.live
    assert [t.slug for t in page.themes.all()] == ["zingeving"]
    assert [block.block_type for block in page.body] == ["heading", "paragraph"]


def test_published_news_item_is_readable_by_visitors(editor_client, visitor):
    editor_client.post(add_news_url(), news_form_data())

    response = visitor.get("/nieuws/kenniscafe-zingeving/")

    assert response.status_code == 200
    article = main(response)
    assert text(article.find("h1")) == TITLE
    assert "Zingeving verdient een vaste plek." in text(article)
    assert text(article.select_one(".meta")) == "14 maart 2024 · door Redactie"


def test_published_news_item_leads_the_news_index_and_home_page(editor_client, visitor):
    # Visitors saw (and the page cache kept) both pages before the publish.
    assert TITLE not in card_titles(visitor.get("/nieuws/"))
    assert TITLE not in card_titles(visitor.get("/"))

    editor_client.post(add_news_url(), news_form_data())

    assert card_titles(visitor.get("/nieuws/"))[0] == TITLE
    assert card_titles(visitor.get("/"))[0] == TITLE
    assert TITLE in card_titles(visitor.get("/themas/zingeving/"))


def test_saved_draft_is_not_shown_to_visitors(editor_client, visitor):
    data = news_form_data()
    del data["action-publish"]

    response = editor_client.post(add_news_url(), data)

    assert response.status_code == 302
    assert not NewsPage.objects.get(slug="kenniscafe-zingeving").live
    assert visitor.get("/nieuws/kenniscafe-zingeving/").status_code == 404
    assert TITLE not in card_titles(visitor.get("/nieuws/"))


def test_news_item_without_date_is_refused_with_a_message(editor_client):
    response = editor_client.post(add_news_url(), news_form_data(date=""))

    assert response.status_code == 200
    assert "date" in response.context["form"].errors
    assert not NewsPage.objects.filter(slug="kenniscafe-zingeving").exists()


def test_anonymous_visitor_cannot_add_pages(visitor):
    response = visitor.post(add_news_url(), news_form_data())

    assert response.status_code == 302
    assert response["Location"].startswith("/beheer/login/")
    assert not NewsPage.objects.filter(slug="kenniscafe-zingeving").exists()


def settings_url():
    return f"/beheer/settings/website/sitesettings/{SiteSettings.objects.get().site_id}/"


def test_editor_changes_phone_number_and_footer_shows_it(editor_client, visitor):
    assert "010 794 5676" in text(footer(visitor.get("/over/")))  # now in the page cache
    form = querydict_from_html(
        editor_client.get(settings_url()).content.decode(), form_id="w-editor-form"
    )
    form["phone"] = "078 123 4567"

    response = editor_client.post(settings_url(), form)

    assert response.status_code == 302
    page_footer = footer(visitor.get("/over/"))
    assert "Telefoon: 078 123 4567" in text(page_footer)
    assert page_footer.find("a", href="tel:+31781234567") is not None
    assert "010 794 5676" not in text(page_footer)
