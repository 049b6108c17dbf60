"""The site search's own index (library/search_index.py) follows every change at once: an edit,
a changed theme, a deleted entry, a renamed venue or group, a new revision of a page; and
`manage.py rebuild_search_index` repairs what bulk writes left out.

Runs on SQLite here and on PostgreSQL in CI: each has its own full-text index.
"""

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from werkplaats.activities.tests.factories import ActivityFactory, VenueFactory
from werkplaats.groups.tests.factories import LearningGroupFactory
from werkplaats.library.models import Product, ProductKind, SearchEntry, Visibility
from werkplaats.website.models import ThemePage
from werkplaats.website.tests.factories import StandardPageFactory

from .factories import PracticeItemFactory, ProductFactory
from .test_search import facet_options, search, titles

pytestmark = pytest.mark.django_db


def found(client, query, **params):
    cache.clear()  # a visitor's search page may be kept by the page cache
    return titles(search(client, query, **params))


def test_an_edited_title_is_found_by_its_new_words_only(client):
    product = ProductFactory(title="Handreiking huisbezoek")
    product.title = "Handreiking keukentafelgesprek"
    product.save()

    assert "Handreiking keukentafelgesprek" in found(client, "keukentafelgesprek")
    assert "Handreiking huisbezoek" not in found(client, "huisbezoek")
    assert "Handreiking keukentafelgesprek" not in found(client, "huisbezoek")


def test_changed_themes_change_the_facets_at_once(client):
    armoede = ThemePage.objects.get(slug="armoede")
    product = ProductFactory(title="Wijkaanpak in kaart")
    assert "armoede" not in facet_options(search(client, "wijkaanpak"), "thema")

    product.themes.add(armoede)
    assert facet_options(search(client, "wijkaanpak"), "thema")["armoede"][1] == 1

    product.themes.clear()
    cache.clear()
    assert "armoede" not in facet_options(search(client, "wijkaanpak"), "thema")


def test_a_deleted_entry_is_gone_from_the_index(client):
    item = PracticeItemFactory(title="Gouden tip: het gesprek", visibility=Visibility.PUBLIC)
    assert "Gouden tip: het gesprek" in found(client, "gesprek")

    item.delete()
    assert "Gouden tip: het gesprek" not in found(client, "gesprek")
    assert not SearchEntry.objects.filter(source="practice", object_id=item.pk).exists()


def test_a_renamed_venue_finds_its_activities_by_the_new_name(client):
    venue = VenueFactory(name="Buurthuis De Kameleon")
    ActivityFactory(title="Kenniscafé armoede", venue=venue)
    venue.name = "Wijkcentrum Het Klooster"
    venue.save()

    assert found(client, "klooster") == ["Kenniscafé armoede"]


def test_a_renamed_group_finds_its_practice_knowledge_by_the_new_name(client):
    group = LearningGroupFactory(name="Werkteam Noord")
    PracticeItemFactory(group=group, title="Dilemma: de sleutel", visibility=Visibility.PUBLIC)
    group.name = "Werkteam Zuidplein"
    group.save()

    assert "Dilemma: de sleutel" in found(client, "zuidplein")


def test_a_new_revision_of_a_page_is_found_by_its_new_title(client):
    page = StandardPageFactory(title="Werkwijze van de leerkringen")
    page.title = "Werkwijze van de werkteams"
    page.save_revision().publish()

    assert "Werkwijze van de werkteams" in found(client, "werkteams")
    assert "Werkwijze van de leerkringen" not in found(client, "leerkringen")


def test_a_change_that_is_rolled_back_leaves_no_entry(client):
    with pytest.raises(RuntimeError), transaction.atomic():
        ProductFactory(title="Nooit bewaarde handreiking")
        raise RuntimeError("the request failed")

    assert found(client, "handreiking") == []
    assert not SearchEntry.objects.filter(title="Nooit bewaarde handreiking").exists()


def test_rebuild_finds_what_was_written_in_bulk_and_drops_what_is_gone(client):
    Product.objects.bulk_create(  # in bulk: no signal, no entry
        [
            Product(
                title="Literatuurverkenning zingeving",
                slug="literatuurverkenning-zingeving",
                summary="Wat de literatuur zegt.",
                kind=ProductKind.LITERATURE,
                year=2018,
                visibility=Visibility.PUBLIC,
            )
        ]
    )
    # An entry whose product is gone (deleted while the index was being restored, say).
    SearchEntry.objects.create(
        source="product", object_id=987654, title="Verdwenen", title_stems=" verdwen ", type="x"
    )
    assert "Literatuurverkenning zingeving" not in found(client, "zingeving")

    call_command("rebuild_search_index", "product", verbosity=0)

    assert "Literatuurverkenning zingeving" in found(client, "zingeving")
    assert not SearchEntry.objects.filter(source="product", object_id=987654).exists()


def test_rebuild_refuses_an_unknown_kind():
    with pytest.raises(CommandError, match="Unknown kind"):
        call_command("rebuild_search_index", "producten", verbosity=0)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 table")
def test_the_full_text_row_goes_with_its_entry_on_sqlite():
    product = ProductFactory(title="Werkboek genogrammen")
    entry = SearchEntry.objects.get(source="product", object_id=product.pk)
    product.delete()

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM library_searchentry_fts WHERE rowid = %s", [entry.pk])
        assert cursor.fetchone() == (0,)


def test_saving_a_group_without_renaming_it_leaves_its_practice_entries_alone():
    from django.test.utils import CaptureQueriesContext

    group = LearningGroupFactory(name="Werkteam Noord")
    PracticeItemFactory(group=group, visibility=Visibility.PUBLIC)
    group.description = "Een nieuwe beschrijving."

    with CaptureQueriesContext(connection) as queries:
        group.save()

    written = [q["sql"] for q in queries if "library_searchentry" in q["sql"]]
    # The group's own entry only; its practice items' entries are not rewritten.
    assert written and all("practice" not in sql for sql in written)
