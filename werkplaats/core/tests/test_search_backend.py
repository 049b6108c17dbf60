"""The Dutch search backend (core/search.py): Snowball stems on SQLite, PostgreSQL's 'dutch'
configuration on PostgreSQL, and the same stems from both."""

import re
import sys
import threading

import pytest
from django.db import connection
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from werkplaats.core.search import _stem_word, stem_text
from werkplaats.website.models import NewsPage


@pytest.mark.parametrize(
    ("text", "stemmed"),
    [
        ("leerkringen", "leerkring"),
        ("leerkring", "leerkring"),
        ("werkteams", "werkteam"),
        ("gemeenten gemeente", "gemeent gemeent"),
        ("ontmoeting", "ontmoet"),
    ],
)
def test_stem_text_reduces_dutch_word_forms_to_one_stem(text, stemmed):
    assert stem_text(text) == stemmed


def test_stem_text_gives_each_thread_the_right_stems():
    """Web servers with threads (gunicorn's gthread) stem in several threads at once: a stemmer
    shared between them mixed up its words and failed with an IndexError now and then."""
    words = [
        f"{stem}{ending}{n}"
        for n in range(150)
        for stem in ("leerkring", "wijkteam", "ontmoeting", "samenwerking")
        for ending in ("en", "s", "")
    ]
    expected = [stem_text(word) for word in words]  # one thread: the stems to expect
    _stem_word.cache_clear()  # so the threads stem, not look up
    results, errors = {}, []

    def stem_all(number):
        try:
            results[number] = [stem_text(word) for word in reversed(words)][::-1]
        except Exception as error:  # noqa: BLE001 - any failure is the finding
            errors.append(error)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns within a word, as under load
    try:
        threads = [threading.Thread(target=stem_all, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert errors == []
    assert all(found == expected for found in results.values())


def test_stem_text_lower_cases():
    assert stem_text("Leerkringen LEERKRING") == "leerkring leerkring"


def test_stem_text_drops_punctuation_and_keeps_words_apart():
    assert stem_text('"leerkringen" (werkteams), e-mail*') == "leerkring werkteam e mail"


def test_stem_text_folds_diaereses_like_postgresql():
    assert stem_text("coördinatoren Coördinator") == "coordinator coordinator"


def test_stem_text_of_nothing_is_empty():
    assert stem_text("") == ""
    assert stem_text(None) == ""
    assert stem_text(" * -- \" ' ") == ""


def test_stem_text_keeps_digits():
    assert stem_text("Werkgroepen 2016-2017") == "werkgroep 2016 2017"


def _indexed_words(page):
    """The words the search index holds for a page, as the database stored them."""
    entry = IndexEntry.objects.get(content_type__model="newspage", object_id=str(page.pk))
    if connection.vendor == "postgresql":
        # A tsvector reads like "'leerkring':3,7 'rotterdam':5".
        return set(re.findall(r"'([^']+)':", str(entry.title) + " " + str(entry.body)))
    return set(entry.title.split()) | set(entry.body.split())


@pytest.mark.django_db
def test_index_holds_dutch_stems_not_word_forms():
    page = NewsPage.objects.get(slug="impact-en-inspiratie-van-leerkringen-in-rotterdam")

    words = _indexed_words(page)

    assert "leerkring" in words
    assert "leerkringen" not in words
    assert "transformatieler" in words  # 'transformatieleren', body only


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgresql_backend_uses_the_dutch_text_search_configuration():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = 'dutch'")
        assert cursor.fetchone() == (1,)
        cursor.execute("SELECT to_tsvector('dutch', 'leerkringen')::text")
        assert cursor.fetchone() == ("'leerkring':1",)

    assert get_search_backend().config == "dutch"


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_snowball_stems_equal_postgresql_dutch_stems():
    sample = "leerkringen werkteams gemeenten ontmoeting coördinatoren kenniscafés wijkbewoners"
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('dutch', %s)::text", [sample])
        postgres_stems = set(re.findall(r"'([^']+)':", cursor.fetchone()[0]))

    assert set(stem_text(sample).split()) == postgres_stems


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["werkteams", "leerkring wijk", "armoede"])
def test_a_page_of_results_is_ranked_as_the_whole_list(query):
    """On SQLite a page of results is ranked in one pass (search.py, _ranked_page); the whole,
    unsliced list goes through modelsearch's own ranking. Both must agree."""
    from wagtail.models import Page

    from werkplaats.website.tests.factories import NewsPageFactory

    for number in range(12):
        NewsPageFactory(title=f"Werkteams en leerkringen {number}", intro="armoede in de wijk")
    results = Page.objects.live().public().specific().search(query)

    whole = [page.pk for page in results]
    assert whole, "the query should find pages"
    assert [page.pk for page in results[:5]] == whole[:5]
    assert [page.pk for page in results[5:10]] == whole[5:10]
    assert results.count() == len(whole)
