"""The news index at /nieuws/: pages of ten, filters by theme and year, forgiving of bad input."""

import datetime

import pytest

from werkplaats.website.models import ThemePage

from .factories import NewsPageFactory
from .html import card_titles, main, soup, text

pytestmark = pytest.mark.django_db


def status_line(response):
    return text(main(response).select_one('p[role="status"]'))


def pagination(response):
    nav = main(response).select_one("nav.pagination")
    return text(nav) if nav else ""


@pytest.fixture
def fifteen_news():
    """Twelve items more than the demo's three, all newer than the demo's."""
    return [NewsPageFactory(date=datetime.date(2020, 1, day)) for day in range(1, 13)]


def test_first_page_shows_ten_newest_items_and_a_next_link(client, fifteen_news):
    response = client.get("/nieuws/")

    assert response.status_code == 200
    newest_first = sorted(fifteen_news, key=lambda p: p.date, reverse=True)
    assert card_titles(response) == [p.title for p in newest_first[:10]]
    assert status_line(response) == "15 berichten"
    assert pagination(response) == "Pagina 1 van 2 Volgende"
    assert main(response).find("a", rel="next")["href"] == "?pagina=2"


def test_second_page_shows_the_rest_and_a_previous_link(client, fifteen_news):
    response = client.get("/nieuws/?pagina=2")

    assert response.status_code == 200
    titles = card_titles(response)
    assert len(titles) == 5
    assert titles[-1] == "De impact en inspiratie van leerkringen in Rotterdam"
    assert pagination(response) == "Vorige Pagina 2 van 2"


@pytest.mark.parametrize("number", ["99", "0", "-1"])
def test_page_number_out_of_range_shows_the_last_page(client, fifteen_news, number):
    response = client.get(f"/nieuws/?pagina={number}")

    assert response.status_code == 200
    assert "Pagina 2 van 2" in pagination(response)


@pytest.mark.parametrize("number", ["x", "", "1.5", "%00"])
def test_malformed_page_number_shows_the_first_page(client, fifteen_news, number):
    response = client.get(f"/nieuws/?pagina={number}")

    assert response.status_code == 200
    assert "Pagina 1 van 2" in pagination(response)


def test_three_items_need_no_pagination(client):
    response = client.get("/nieuws/")

    assert len(card_titles(response)) == 3
    assert main(response).select_one("nav.pagination") is None


def test_filter_by_theme_shows_only_that_themes_news(client):
    response = client.get("/nieuws/?thema=armoede")

    assert response.status_code == 200
    assert card_titles(response) == ["Het hart van de Werkplaats"]
    assert status_line(response) == "1 bericht · Armoede"
    selected = main(response).select_one("#filter-theme option[selected]")
    assert selected["value"] == "armoede"
    assert main(response).find("a", string="Filters wissen")["href"] == "/nieuws/"


def test_filter_by_year_shows_only_that_years_news(client):
    response = client.get("/nieuws/?jaar=2017")

    assert response.status_code == 200
    assert card_titles(response) == ["Lerend van jaar 1... op naar jaar 2!"]
    assert status_line(response) == "1 bericht · 2017"
    assert main(response).select_one("#filter-year option[selected]")["value"] == "2017"


def test_filter_by_theme_and_year_combines_both(client):
    response = client.get("/nieuws/?thema=doorontwikkeling-sociale-wijkteams&jaar=2016")

    assert card_titles(response) == ["De impact en inspiratie van leerkringen in Rotterdam"]


def test_year_filter_offers_only_years_with_news(client):
    options = [o["value"] for o in soup(client.get("/nieuws/")).select("#filter-year option")]

    assert options == ["", "2018", "2017", "2016"]


def test_theme_filter_offers_every_live_theme_alphabetically(client):
    options = [text(o) for o in soup(client.get("/nieuws/")).select("#filter-theme option")][1:]

    assert options == sorted(options)
    assert len(options) == ThemePage.objects.live().count() == 6


def test_filter_without_matches_explains_how_to_go_on(client):
    response = client.get("/nieuws/?jaar=1999")

    assert response.status_code == 200
    assert card_titles(response) == []
    empty = text(main(response).select_one(".empty-state"))
    assert "Geen nieuws bij deze filters." in empty


@pytest.mark.parametrize(
    "query",
    [
        "thema=bestaat-niet",
        "thema=%27%20OR%201%3D1%20--",
        "jaar=abc",
        "jaar=99999",
        "jaar=0",
        "jaar=-2017",
        "jaar=²",
        "jaar=" + "9" * 400,
        "thema=&jaar=",
        "thema=armoede&thema=zingeving&jaar=2018&jaar=abc",
    ],
)
def test_unknown_filter_values_are_ignored_without_error(client, query):
    response = client.get(f"/nieuws/?{query}")

    assert response.status_code == 200
    assert len(card_titles(response)) >= 1


def test_unknown_theme_shows_all_news(client):
    response = client.get("/nieuws/?thema=bestaat-niet")

    assert len(card_titles(response)) == 3
    assert status_line(response) == "3 berichten"


def test_pagination_keeps_the_active_filters(client):
    armoede = ThemePage.objects.get(slug="armoede")
    for day in range(1, 11):
        NewsPageFactory(date=datetime.date(2021, 3, day), themes=[armoede])

    response = client.get("/nieuws/?thema=armoede")

    assert status_line(response) == "11 berichten · Armoede"
    assert main(response).find("a", rel="next")["href"] == "?thema=armoede&pagina=2"
    assert card_titles(client.get("/nieuws/?thema=armoede&pagina=2")) == [
        "Het hart van de Werkplaats"
    ]


def test_unpublished_news_is_not_listed(client):
    NewsPageFactory(title="Nog niet gepubliceerd", date=datetime.date(2030, 1, 1), publish=False)

    assert "Nog niet gepubliceerd" not in card_titles(client.get("/nieuws/"))
