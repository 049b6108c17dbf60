"""Database queries per public page: within budget, and not growing with the number of items.

Measured on a page-cache miss (PAGE_CACHE_SECONDS=0), after one warm-up request that makes the
image renditions and the site chrome, as a visitor after a publish would meet it. Of each
budget, Wagtail spends four to five queries on finding the site, routing the path (one lookup,
see HomePage.route) and checking view restrictions (one, see get_view_restrictions). The menu,
footer, settings and partner logos come from the cache (chrome.py). The issue's target is ten
on any public page. The search finds, counts and ranks everything in one statement (library/
search.py), then loads the shown results: one query per kind, and one per page type among the
shown pages for their snippets.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from werkplaats.website.models import ThemePage

from .factories import NewsPageFactory

pytestmark = pytest.mark.django_db

# Page -> the most queries a page-cache miss may take.
BUDGETS = {
    "/": 3,
    "/nieuws/": 10,
    "/nieuws/?thema=armoede&jaar=2018": 10,
    "/nieuws/het-hart-van-de-werkplaats/": 10,
    "/themas/": 7,
    "/themas/armoede/": 9,
    "/over/werkgroepen-2016-2017/": 6,
    "/contact/": 7,
    "/zoeken/?q=werkteams": 10,
    "/groepen/": 10,
    "/partners/": 10,
    "/nieuws/feed/": 5,
    "/nieuws/feed/rss/": 5,
    "/sitemap.xml": 10,
}


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def count_queries(client, url):
    assert client.get(url).status_code == 200  # warm-up: renditions, content types
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_news(count):
    armoede = ThemePage.objects.get(slug="armoede")
    for number in range(count):
        NewsPageFactory(
            date=datetime.date(2019, 1, 1) + datetime.timedelta(days=number),
            themes=[armoede],
        )


@pytest.mark.parametrize("url", BUDGETS)
def test_page_stays_within_its_query_budget(client, django_assert_max_num_queries, url):
    client.get(url)  # warm-up

    with django_assert_max_num_queries(BUDGETS[url]):
        response = client.get(url)

    assert response.status_code == 200


LISTS = [
    "/",
    "/nieuws/",
    "/nieuws/?thema=armoede",
    "/nieuws/?pagina=3",
    "/themas/armoede/",
    "/nieuws/feed/",
    "/nieuws/feed/rss/",
]


def test_list_pages_query_count_does_not_grow_with_the_number_of_news_items(client):
    with_three = {url: count_queries(client, url) for url in LISTS}

    add_news(27)
    with_thirty = {url: count_queries(client, url) for url in LISTS}

    assert with_thirty == with_three


def test_search_query_count_does_not_grow_with_the_number_of_results(client):
    url = "/zoeken/?q=werkteams"  # every factory item has 'werkteams' in its title
    with_few_results = count_queries(client, url)

    add_news(27)
    with_many_results = count_queries(client, url)

    # Results are loaded per page type, so a page of ten news items may take fewer queries.
    assert with_many_results <= with_few_results
