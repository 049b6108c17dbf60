"""Site search at /zoeken/?q=: Dutch word forms find each other, on SQLite and on PostgreSQL
alike (run the suite with DATABASE_URL=postgres://… for the latter); odd input never breaks it.

Pages are indexed by a django-tasks task; the test settings run tasks immediately, so a page
is searchable as soon as it is published.
"""

import pytest

from .factories import NewsPageFactory, StandardPageFactory
from .html import main, soup, text

pytestmark = pytest.mark.django_db

LEERKRINGEN_NEWS = "De impact en inspiratie van leerkringen in Rotterdam"


def result_titles(response):
    return [text(h) for h in main(response).select("ol.results h2")]


def status(response):
    element = main(response).select_one('p[role="status"]')
    return text(element) if element else ""


def test_singular_finds_page_with_plural(client):
    response = client.get("/zoeken/", {"q": "leerkring"})

    assert response.status_code == 200
    assert LEERKRINGEN_NEWS in result_titles(response)


def test_plural_finds_page_with_only_singular(client):
    StandardPageFactory(
        title="Startbijeenkomst in Dordrecht",
        intro="Een nieuwe leerkring begint in mei.",
        body=[{"type": "paragraph", "value": "<p>Iedere leerkring telt acht deelnemers.</p>"}],
    )

    response = client.get("/zoeken/", {"q": "leerkringen"})

    assert "Startbijeenkomst in Dordrecht" in result_titles(response)


def test_search_ignores_case(client):
    assert LEERKRINGEN_NEWS in result_titles(client.get("/zoeken/", {"q": "LEERKRINGEN"}))


def test_search_finds_words_in_the_body_not_only_the_title(client):
    # 'transformatieleren' appears only in the body of the leerkringen item.
    response = client.get("/zoeken/", {"q": "transformatieleren"})

    assert LEERKRINGEN_NEWS in result_titles(response)


def test_newly_published_page_is_found_at_once(client):
    NewsPageFactory(title="Kenniscafé in de buurtkamers", intro="Over buurtkamers.")

    response = client.get("/zoeken/", {"q": "buurtkamer"})

    assert result_titles(response) == ["Kenniscafé in de buurtkamers"]


def test_unpublished_page_is_not_found(client):
    page = NewsPageFactory(title="Vertrouwelijk verslag over buurtkamers")
    page.unpublish()

    response = client.get("/zoeken/", {"q": "buurtkamers"})

    assert result_titles(response) == []


def test_result_shows_page_type_date_and_intro(client):
    response = client.get("/zoeken/", {"q": "leerkring"})

    item = next(li for li in main(response).select("ol.results li") if LEERKRINGEN_NEWS in text(li))
    assert "nieuwsbericht · 30 juni 2016" in text(item).lower()
    assert item.find("a")["href"] == "/nieuws/impact-en-inspiratie-van-leerkringen-in-rotterdam/"


def test_results_count_and_query_are_announced(client):
    NewsPageFactory(title="Eén mantelzorgbijeenkomst")

    response = client.get("/zoeken/", {"q": "mantelzorgbijeenkomst"})

    assert status(response) == "1 resultaat voor “mantelzorgbijeenkomst”"
    assert soup(response).title.get_text().startswith("Zoeken: mantelzorgbijeenkomst")


def test_search_without_results_says_nothing_was_found_and_suggests_themes(client):
    response = client.get("/zoeken/", {"q": "xyzzy"})

    assert response.status_code == 200
    assert result_titles(response) == []
    assert "Niets gevonden." in text(main(response))
    assert main(response).find("a", href="/themas/armoede/") is not None


def test_empty_query_shows_the_search_form_without_results(client):
    response = client.get("/zoeken/", {"q": "   "})

    assert response.status_code == 200
    assert result_titles(response) == []
    assert "Zoek in nieuws, thema's en pagina's van de Werkplaats." in text(main(response))
    assert "Niets gevonden." not in text(main(response))


def test_query_of_more_than_200_characters_is_refused_with_a_message(client):
    query = "leerkring " * 20 + "x"  # 201 characters

    response = client.get("/zoeken/", {"q": query})

    assert response.status_code == 200
    error = main(response).find(id="search-error")
    assert text(error) == "Je zoekopdracht is te lang. Gebruik hoogstens 200 tekens."
    assert main(response).find("input", id="search-q")["aria-invalid"] == "true"
    assert result_titles(response) == []


def test_query_of_exactly_200_characters_is_searched(client):
    query = ("leerkring " * 20)[:200]

    response = client.get("/zoeken/", {"q": query})

    assert main(response).find(id="search-error") is None
    assert LEERKRINGEN_NEWS in result_titles(response)


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"leerkring',
        "*",
        "leer*",
        "(",
        "(leerkring",
        ")",
        "AND",
        "OR",
        "NOT",
        "leerkring AND",
        "AND leerkring OR",
        "' OR 1=1 --",
        "'; DROP TABLE wagtailcore_page; --",
        "a:b",
        "leerkring:*",
        "!",
        "&",
        "|",
        "<->",
        "\\",
        "%",
        "_",
        "^",
        "-",
        "--",
        "NEAR(leerkring werkteam)",
        "title:leerkring",
        "café coördinatie ë",
        "🤝 samenwerking",
        "中文",
        "ﬁ",
        "\u200b",
        "\x00",
        "leerkring\x00",
    ],
)
def test_special_characters_never_break_search(client, query):
    response = client.get("/zoeken/", {"q": query})

    assert response.status_code == 200
    assert text(main(response).find("h1")) == "Zoeken"


def test_special_characters_around_a_word_still_find_it(client):
    for query in ['"leerkringen"', "(leerkring)", "leerkring*", "leerkring!"]:
        assert LEERKRINGEN_NEWS in result_titles(client.get("/zoeken/", {"q": query})), query


def test_search_results_are_paginated_by_ten(client):
    for number in range(12):
        NewsPageFactory(title=f"Verslag mantelzorgbijeenkomst {number}")

    first = client.get("/zoeken/", {"q": "mantelzorgbijeenkomst"})
    second = client.get("/zoeken/", {"q": "mantelzorgbijeenkomst", "pagina": "2"})

    assert len(result_titles(first)) == 10
    assert len(result_titles(second)) == 2
    assert status(first) == "12 resultaten voor “mantelzorgbijeenkomst”"
    next_link = main(first).find("a", rel="next")["href"]
    assert next_link == "?q=mantelzorgbijeenkomst&pagina=2"
