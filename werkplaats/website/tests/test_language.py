"""The interface language: Dutch, unless the visitor picks English with the language switch."""

import pytest

from werkplaats.website.models import SiteSettings

from .html import main, soup, text

pytestmark = pytest.mark.django_db


def headings(response):
    return [text(h) for h in main(response).find_all("h2")]


def test_interface_is_dutch_by_default_even_if_the_browser_prefers_english(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")

    assert soup(response).html["lang"] == "nl"
    assert "Laatste nieuws" in headings(response)


def test_language_switch_sets_english_and_returns_to_the_page(client):
    response = client.get("/taal/en/", {"next": "/nieuws/"})

    assert response.status_code == 302
    assert response["Location"] == "/nieuws/"
    cookie = response.cookies["django_language"]
    assert cookie.value == "en"
    assert cookie["samesite"] == "Lax"
    english = client.get("/")
    assert soup(english).html["lang"] == "en"
    assert "Latest news" in headings(english)
    # The content stays Dutch: it is written in Dutch.
    assert text(main(english).find("h1")) == "Werkplaats Sociaal Domein Zuid-Holland Zuid"


def test_language_switch_back_to_dutch(client):
    client.get("/taal/en/")

    client.get("/taal/nl/")

    assert soup(client.get("/")).html["lang"] == "nl"


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""]
)
def test_language_switch_never_redirects_to_another_site(client, next_url):
    response = client.get("/taal/en/", {"next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_language_switch_ignores_unknown_languages(client):
    response = client.get("/taal/xx/", {"next": "/nieuws/"})

    assert response.status_code == 302
    assert "django_language" not in response.cookies
    assert soup(client.get("/")).html["lang"] == "nl"


def test_phone_link_uses_the_international_number():
    site_settings = SiteSettings(phone="010 794 5676")

    assert site_settings.phone_href == "tel:+31107945676"


def test_phone_link_drops_the_trunk_zero_of_an_international_number():
    assert SiteSettings(phone="+31 (0)10-794 5676").phone_href == "tel:+31107945676"


def test_kept_footer_links_its_language_switch_to_each_page_itself(client, settings):
    """The footer is rendered once and kept (website_tags.site_footer); its switch is not."""
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/nieuws/")

    footer = soup(client.get("/over/")).footer
    switch = footer.select_one(".language-switch a[hreflang=en]")

    assert switch["href"] == "/taal/en/?next=/over/"
    assert footer.select_one("#footer-contact") is not None
    assert len(soup(client.get("/over/")).select(".language-switch")) == 1
