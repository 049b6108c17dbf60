"""Database queries per public list page: within budget, and not growing with the number of items.

Measured on a page-cache miss (PAGE_CACHE_SECONDS=0), after one warm-up request that makes the
image renditions, as a visitor after a publish would meet it. Of each budget, Wagtail itself
spends five to seven queries on finding the site, routing the path and checking view
restrictions; the site settings, menu, footer pages, partner logos and newsletter link cost six
more on every page (see selectors.py and context_processors.py). A search results page adds one
query per page type among its results.
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
    "/": 15,
    "/nieuws/": 19,
    "/nieuws/?thema=armoede&jaar=2018": 20,
    "/nieuws/het-hart-van-de-werkplaats/": 18,
    "/themas/": 14,
    "/themas/armoede/": 18,
    "/over/werkgroepen-2016-2017/": 15,
    "/contact/": 14,
    "/zoeken/?q=werkteams": 16,
    "/nieuws/feed/": 5,
    "/nieuws/feed/rss/": 5,
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
