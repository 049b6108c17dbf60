"""The site search at /zoeken/: one list over pages, news, products, practice knowledge, groups
and activities, ranked, highlighted and faceted, showing only what the searcher may see.

Runs on SQLite here and on PostgreSQL in CI (DATABASE_URL=postgres://…): the Dutch word forms
and the ranking must agree on both.
"""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import capfirst
from wagtail.models import Page

from werkplaats.activities.models import Activity, Audience, Venue
from werkplaats.activities.tests.factories import ActivityFactory, VenueFactory
from werkplaats.core.testing import t
from werkplaats.groups.models import LearningGroup
from werkplaats.groups.tests.factories import (
    LearningGroupFactory,
    LearningQuestionFactory,
    MembershipFactory,
)
from werkplaats.library.models import (
    PracticeItem,
    PracticeKind,
    Product,
    ProductFile,
    ProductKind,
    SearchEntry,
    Visibility,
)
from werkplaats.library.search import MAX_QUERY_LENGTH, best_snippet, highlight, query_stems
from werkplaats.network.tests.factories import CoordinatorFactory, MunicipalityFactory
from werkplaats.website.models import HomePage, NewsPage, StandardPage, ThemePage
from werkplaats.website.tests.factories import NewsPageFactory, StandardPageFactory
from werkplaats.website.tests.html import main, soup, text

from .factories import PracticeItemFactory, ProductFactory

pytestmark = pytest.mark.django_db


def results(response):
    """[(title, href)] of the results, in order."""
    return [
        (" ".join(h.get_text().split()), h.find("a")["href"])
        for h in main(response).select("ol.results li.search-result h2")
    ]


def titles(response):
    return [title for title, _href in results(response)]


def search(client, q, **params):
    response = client.get("/zoeken/", {"q": q, **params})
    assert response.status_code == 200
    return response


def status(response):
    element = main(response).select_one('p[role="status"]')
    return text(element) if element else ""


def facet_options(response, parameter):
    """{value: (label text, count, checked)} of one facet's checkboxes."""
    options = {}
    for box in main(response).select(f'input[type="checkbox"][name="{parameter}"]'):
        label = main(response).find("label", attrs={"for": box["id"]})
        count = int(text(label.select_one(".search-facet__count")).strip("()"))
        options[box["value"]] = (text(label), count, box.has_attr("checked"))
    return options


@pytest.fixture
def group():
    return LearningGroupFactory(name="Werkteam Zwijndrecht")


@pytest.fixture
def other_group():
    return LearningGroupFactory(name="Werkteam Schiedam")


def member_of(group):
    return MembershipFactory(group=group).person


@pytest.fixture
def member(group):
    return member_of(group)


@pytest.fixture
def outsider(other_group):
    """A member of the Werkplaats, but of another group."""
    return member_of(other_group)


# --- ranking and Dutch word forms -------------------------------------------------------------


def test_title_match_comes_before_a_match_in_the_text(client):
    PracticeItemFactory(
        title="Dilemma over de buurtkamer",
        body="In de wijk helpt het samenspel tussen vrijwilligers en professionals.",
        visibility=Visibility.PUBLIC,
    )
    ProductFactory(title="Op weg naar samenspel", summary="Een bundel over formeel en informeel.")
    ActivityFactory(title="Werkconferentie", description="Over samenspel in de wijk.")

    response = search(client, "samenspel")

    assert titles(response)[0] == "Op weg naar samenspel"
    assert set(titles(response)) >= {"Dilemma over de buurtkamer", "Werkconferentie"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mantelzorgers workshop", "Workshop genogrammen voor mantelzorgers"),
        ("armoede bundel", "Bundel armoede in de wijk"),
        ("kenniscafé eenzaamheid", "Kenniscafé over eenzaamheid"),
    ],
)
def test_dutch_queries_find_the_expected_entry_first(client, query, expected):
    ProductFactory(
        title="Workshop genogrammen voor mantelzorgers",
        kind=ProductKind.WORKSHOP,
        summary="Materiaal voor een workshop.",
    )
    ProductFactory(title="Bundel armoede in de wijk", summary="Verhalen uit Dordrecht.")
    ActivityFactory(title="Kenniscafé over eenzaamheid", summary="Een avond in de buurt.")
    PracticeItemFactory(
        title="Tip: vraag naar de mantelzorger",
        body="Eenzaamheid en armoede gaan vaak samen; een genogram helpt.",
        visibility=Visibility.PUBLIC,
    )

    assert titles(search(client, query))[0] == expected


def test_singular_finds_plural_in_every_kind_of_content(client):
    ProductFactory(title="Leerkringen in de wijk")
    PracticeItemFactory(
        title="Praktijkvoorbeeld Dordrecht",
        body="Twee leerkringen deelden hun casuïstiek.",
        visibility=Visibility.PUBLIC,
    )
    LearningGroupFactory(name="Themaleerkring", summary="Eén van de leerkringen over armoede.")
    ActivityFactory(title="Slotbijeenkomst", description="Alle leerkringen presenteren.")
    NewsPageFactory(title="Terugblik op het jaar", intro="Wat de leerkringen opleverden.")

    found = titles(search(client, "leerkring"))

    assert {
        "Leerkringen in de wijk",
        "Praktijkvoorbeeld Dordrecht",
        "Themaleerkring",
        "Slotbijeenkomst",
        "Terugblik op het jaar",
    } <= set(found)


def test_plural_finds_singular(client):
    ActivityFactory(title="Startbijeenkomst nieuwe leerkring")

    assert "Startbijeenkomst nieuwe leerkring" in titles(search(client, "leerkringen"))


@pytest.mark.parametrize(
    ("query", "title"),
    [
        # Forms the Dutch stemmer keeps apart: a doubled consonant, v for f, z for s.
        ("genogram", "Workshop genogrammen"),
        ("genogrammen", "Werken met een genogram"),
        ("bewonersinitiatief", "Drie bewonersinitiatieven in Schiedam"),
        ("bewonersinitiatieven", "Een bewonersinitiatief in Vlaardingen"),
        ("huis", "Huizen van de wijk"),
    ],
)
def test_word_forms_the_stemmer_keeps_apart_find_each_other(client, query, title):
    ProductFactory(title=title, kind=ProductKind.WORKSHOP)

    found = titles(search(client, query))

    assert found[0] == title


def test_stop_words_do_not_find_everything(client):
    ProductFactory(title="Workshop genogrammen")
    ProductFactory(title="Bundel armoede in de wijk")

    found = titles(search(client, "het genogram van de familie"))

    assert "Workshop genogrammen" in found
    assert "Bundel armoede in de wijk" not in found
    assert t("Nothing holds all your words: these results hold some of them.") in text(
        main(search(client, "het genogram van de familie"))
    )


def test_every_word_must_occur_when_something_holds_them_all(client):
    ProductFactory(title="Kookclub in de buurtmoestuin")
    ProductFactory(title="Kookclub voor ouderen")
    ProductFactory(title="Buurtmoestuin open")

    response = search(client, "kookclub buurtmoestuin")

    assert titles(response) == ["Kookclub in de buurtmoestuin"]
    assert status(response).startswith("1 resultaat voor")
    assert t("Nothing holds all your words: these results hold some of them.") not in text(
        main(response)
    )


def test_without_an_entry_holding_every_word_those_with_some_are_shown(client):
    ProductFactory(title="Kookclub voor ouderen")
    ProductFactory(title="Buurtmoestuin open")
    ProductFactory(title="Bundel armoede")

    response = search(client, "kookclub buurtmoestuin")

    assert set(titles(response)) == {"Kookclub voor ouderen", "Buurtmoestuin open"}
    assert t("Nothing holds all your words: these results hold some of them.") in text(
        main(response)
    )


def test_without_every_word_those_missing_only_one_come_before_those_with_one(client):
    ProductFactory(title="Kookclub in de buurtmoestuin")
    ProductFactory(title="Kookclub voor ouderen")
    ProductFactory(title="Buurtmoestuin open")

    response = search(client, "kookclub buurtmoestuin jongeren")

    assert titles(response) == ["Kookclub in de buurtmoestuin"]
    assert t("Nothing holds all your words: these results hold some of them.") in text(
        main(response)
    )
    assert set(titles(search(client, "kookclub buurtmoestuin tuinbank"))) == {
        "Kookclub in de buurtmoestuin"
    }
    assert set(titles(search(client, "kookclub ouderen buurtmoestuin"))) == {
        "Kookclub in de buurtmoestuin",
        "Kookclub voor ouderen",
    }


def test_without_two_of_three_words_together_those_with_one_are_shown(client):
    ProductFactory(title="Kookclub voor iedereen")
    ProductFactory(title="Buurtmoestuin open")

    response = search(client, "kookclub buurtmoestuin tuinbank")

    assert set(titles(response)) == {"Kookclub voor iedereen", "Buurtmoestuin open"}
    assert t("Nothing holds all your words: these results hold some of them.") in text(
        main(response)
    )


def test_a_query_of_only_stop_words_still_searches(client):
    ProductFactory(title="Wat doen we met de vraag?")

    assert "Wat doen we met de vraag?" in titles(search(client, "wat doen"))


def test_group_is_found_by_its_learning_questions(client):
    group = LearningGroupFactory(name="Werkteam Barendrecht")
    LearningQuestionFactory(group=group, question="Hoe bereiken we jonge mantelzorgers?")
    group.save()  # the index holds the questions as they were at the group's last save

    assert "Werkteam Barendrecht" in titles(search(client, "mantelzorgers"))


def test_text_extracted_from_a_product_file_is_found_and_shown(client):
    product = ProductFactory(title="Presentatie werkconferentie", kind=ProductKind.PRESENTATION)
    ProductFile.objects.create(
        product=product,
        file="library/products/presentatie.pdf",
        original_name="presentatie.pdf",
        content_type="application/pdf",
        size=1000,
        extracted_text="Dia 4: de keukentafelgesprekken met wethouders.",
    )
    product.save()  # what text extraction does when it is done

    response = search(client, "keukentafelgesprek")

    (result,) = [
        li for li in main(response).select("li.search-result") if "Presentatie" in text(li)
    ]
    snippet = result.select_one(".search-result__snippet")
    assert "Dia 4: de keukentafelgesprekken met wethouders." in text(snippet)
    assert snippet.find("mark").get_text() == "keukentafelgesprekken"


def test_results_link_to_each_entry(client):
    product = ProductFactory(title="Visual ontmoetingsplekken")
    activity = ActivityFactory(title="Uitwisseling ontmoetingsplekken")
    group = LearningGroupFactory(name="Werkgroep ontmoetingsplekken")

    hrefs = dict(results(search(client, "ontmoetingsplekken")))

    assert hrefs["Visual ontmoetingsplekken"] == product.get_absolute_url()
    assert hrefs["Uitwisseling ontmoetingsplekken"] == activity.get_absolute_url()
    assert hrefs["Werkgroep ontmoetingsplekken"] == group.get_absolute_url()


# --- visibility -----------------------------------------------------------------------------


@pytest.fixture
def private_entries(group):
    """Three entries nobody outside their audience may find, all with the word 'zorgboerderij'."""
    PracticeItemFactory(
        title="Casus zorgboerderij",
        kind=PracticeKind.CASE,
        group=group,
        visibility=Visibility.GROUP,
    )
    ProductFactory(title="Verslag zorgboerderij", visibility=Visibility.MEMBERS, groups=[group])
    ActivityFactory(title="Bezoek zorgboerderij", audience=Audience.MEMBERS)
    ActivityFactory(title="Teamoverleg zorgboerderij", audience=Audience.GROUP, groups=[group])


def test_visitor_finds_none_of_the_private_entries(client, private_entries):
    response = search(client, "zorgboerderij")

    assert titles(response) == []
    assert b"zorgboerderij</mark>" not in response.content


def test_member_of_the_group_finds_all_of_them(client, private_entries, member):
    client.force_login(member.user)

    assert set(titles(search(client, "zorgboerderij"))) == {
        "Casus zorgboerderij",
        "Verslag zorgboerderij",
        "Bezoek zorgboerderij",
        "Teamoverleg zorgboerderij",
    }


def test_member_of_another_group_finds_only_what_all_members_see(client, private_entries, outsider):
    client.force_login(outsider.user)

    assert set(titles(search(client, "zorgboerderij"))) == {
        "Verslag zorgboerderij",
        "Bezoek zorgboerderij",
    }


def test_coordinator_finds_everything(client, private_entries):
    client.force_login(CoordinatorFactory())

    assert len(titles(search(client, "zorgboerderij"))) == 4


def test_a_former_member_no_longer_finds_the_groups_private_entry(client, private_entries, group):
    membership = MembershipFactory(group=group, ended_on="2018-01-01")
    client.force_login(membership.person.user)

    assert "Casus zorgboerderij" not in titles(search(client, "zorgboerderij"))


def test_facet_counts_leave_out_what_the_visitor_may_not_see(client, private_entries):
    ProductFactory(title="Publieke bundel zorgboerderij")

    response = search(client, "zorgboerderij")

    assert titles(response) == ["Publieke bundel zorgboerderij"]
    assert facet_options(response, "soort") == {
        "product-publicatie": (f"{capfirst(t('publication / collection'))} (1)", 1, False)
    }


def test_members_results_are_never_served_to_visitors_from_the_page_cache(
    client, private_entries, member, settings
):
    settings.PAGE_CACHE_SECONDS = 600
    client.force_login(member.user)
    assert len(titles(search(client, "zorgboerderij"))) == 4

    client.logout()
    client.cookies.clear()
    visitor = search(client, "zorgboerderij")
    assert titles(visitor) == []
    assert search(client, "zorgboerderij")["X-Cache"] == "hit"

    client.force_login(member.user)
    member_again = search(client, "zorgboerderij")
    assert len(titles(member_again)) == 4
    assert "private" in member_again["Cache-Control"]


def test_kept_results_show_a_new_entry_at_once(client):
    assert titles(search(client, "waterschap")) == []

    ProductFactory(title="Waterschap en wijk")

    assert titles(search(client, "waterschap")) == ["Waterschap en wijk"]


def test_kept_results_are_kept_per_searcher(client, private_entries, member, outsider):
    client.force_login(member.user)
    assert len(titles(search(client, "zorgboerderij"))) == 4
    client.force_login(outsider.user)
    assert len(titles(search(client, "zorgboerderij"))) == 2
    client.logout()
    assert titles(search(client, "zorgboerderij")) == []
    client.force_login(CoordinatorFactory())
    assert len(titles(search(client, "zorgboerderij"))) == 4


def test_leaving_the_group_hides_its_entry_from_kept_results(client, private_entries, member):
    client.force_login(member.user)
    assert "Casus zorgboerderij" in titles(search(client, "zorgboerderij"))

    membership = member.memberships.get()
    membership.ended_on = "2018-01-01"
    membership.save()

    assert "Casus zorgboerderij" not in titles(search(client, "zorgboerderij"))


@pytest.mark.parametrize(
    "make, hide, show",
    [
        (
            lambda: ProductFactory(title="Verslag zorgboerderij"),
            {"visibility": Visibility.GROUP},
            {"visibility": Visibility.PUBLIC},
        ),
        (
            lambda: PracticeItemFactory(title="Casus zorgboerderij", visibility=Visibility.PUBLIC),
            {"visibility": Visibility.MEMBERS},
            {"visibility": Visibility.PUBLIC},
        ),
        (
            lambda: ActivityFactory(title="Bezoek zorgboerderij", audience=Audience.PUBLIC),
            {"audience": Audience.MEMBERS},
            {"audience": Audience.PUBLIC},
        ),
    ],
    ids=["product", "practice", "activity"],
)
def test_an_entry_leaves_and_joins_visitors_results_with_its_audience(client, make, hide, show):
    """What visitors see is marked in the search index: the mark follows every change."""
    entry = make()
    title = entry.title
    assert titles(search(client, "zorgboerderij")) == [title]

    for field, value in hide.items():
        setattr(entry, field, value)
    entry.save()
    assert titles(search(client, "zorgboerderij")) == []
    client.force_login(CoordinatorFactory())
    assert titles(search(client, "zorgboerderij")) == [title]
    client.logout()

    for field, value in show.items():
        setattr(entry, field, value)
    entry.save()
    assert titles(search(client, "zorgboerderij")) == [title]


def test_what_a_visitor_may_see_is_each_models_public_part():
    """The search index marks `public()` as what visitors see; `visible_to` must agree."""
    from django.contrib.auth.models import AnonymousUser

    from werkplaats.activities.models import Activity
    from werkplaats.library.models import PracticeItem, Product

    for visibility in Visibility.values:
        ProductFactory(visibility=visibility)
        PracticeItemFactory(visibility=visibility)
    for audience in Audience.values:
        ActivityFactory(audience=audience)
    visitor = AnonymousUser()
    for visible, public in (
        (Product.objects.visible_to(visitor), Product.objects.public()),
        (PracticeItem.objects.visible_to(visitor), PracticeItem.objects.public()),
        (Activity.objects.visible_to(None), Activity.objects.public()),
    ):
        assert set(visible) == set(public)
        assert public.exists() and public.model.objects.not_public().exists()


# --- facets ---------------------------------------------------------------------------------


@pytest.fixture
def faceted():
    armoede = ThemePage.objects.get(slug="armoede")
    dordrecht = MunicipalityFactory(name="Dordrecht")
    schiedam = MunicipalityFactory(name="Schiedam")
    first = ProductFactory(title="Wijkaanpak één", year=2017)
    first.themes.set([armoede])
    first.municipalities.set([dordrecht])
    second = ProductFactory(title="Wijkaanpak twee", year=2019, kind=ProductKind.BLOG)
    second.municipalities.set([schiedam])
    item = PracticeItemFactory(
        title="Wijkaanpak: gouden tip", kind=PracticeKind.TIP, visibility=Visibility.PUBLIC
    )
    item.themes.set([armoede])
    activity = ActivityFactory(
        title="Wijkaanpak in de praktijk",
        venue=VenueFactory(name="Buurthuis", municipality=schiedam),
    )
    activity.themes.set([armoede])
    return {"theme": armoede, "dordrecht": dordrecht, "schiedam": schiedam}


def test_facets_count_every_type_theme_municipality_and_year(client, faceted):
    response = search(client, "wijkaanpak")

    assert status(response).startswith("4 ")
    types = {value: count for value, (_l, count, _c) in facet_options(response, "soort").items()}
    assert types == {"product-publicatie": 1, "product-blog": 1, "kennis-tip": 1, "activiteit": 1}
    assert facet_options(response, "thema")["armoede"][1] == 3
    municipalities = facet_options(response, "gemeente")
    assert municipalities["dordrecht"][1] == 1
    assert municipalities["schiedam"][1] == 2
    years = facet_options(response, "jaar")
    assert years["2017"][1] == 1
    assert years["2019"][1] == 1


def test_every_match_is_counted_not_only_the_shown_page(client, faceted, monkeypatch):
    from werkplaats.library import search as site_search

    monkeypatch.setattr(site_search, "PER_PAGE", 1)
    response = search(client, "wijkaanpak")
    assert status(response).startswith("4 resultaten voor “wijkaanpak”")
    assert len(titles(response)) == 1
    assert sum(count for _l, count, _c in facet_options(response, "soort").values()) == 4


def test_ticking_a_theme_filters_the_results(client, faceted):
    response = search(client, "wijkaanpak", thema="armoede")

    assert set(titles(response)) == {
        "Wijkaanpak één",
        "Wijkaanpak: gouden tip",
        "Wijkaanpak in de praktijk",
    }
    assert facet_options(response, "thema")["armoede"][2] is True


def test_facets_combine_and_each_counts_over_the_others(client, faceted):
    response = client.get(
        "/zoeken/",
        {"q": "wijkaanpak", "gemeente": "schiedam", "soort": ["activiteit", "product-blog"]},
    )

    assert set(titles(response)) == {"Wijkaanpak twee", "Wijkaanpak in de praktijk"}
    # The type facet counts over Schiedam only; the municipality facet over the two types.
    types = facet_options(response, "soort")
    assert types["activiteit"][1] == 1 and types["product-blog"][1] == 1
    assert "product-publicatie" not in types
    assert facet_options(response, "gemeente")["schiedam"][1] == 2


def test_year_filter(client, faceted):
    assert titles(search(client, "wijkaanpak", jaar="2017")) == ["Wijkaanpak één"]


def test_unknown_facet_values_are_ignored(client, faceted):
    response = client.get(
        "/zoeken/",
        {
            "q": "wijkaanpak",
            "soort": ["bestaat-niet", "<script>"],
            "thema": "geen-thema",
            "gemeente": "atlantis",
            "jaar": ["20x9", "99999", "-1"],
            "pagina": "drie",
        },
    )

    assert response.status_code == 200
    assert len(titles(response)) == 4


def test_a_filter_without_results_says_so_and_offers_to_clear(client, faceted):
    response = search(client, "wijkaanpak", soort="groep")

    assert titles(response) == []
    assert t("Nothing found with these filters.") in text(main(response))
    assert main(response).find("a", string=t("Clear filters"))["href"] == "/zoeken/?q=wijkaanpak"


def test_facet_labels_are_escaped(client, faceted):
    faceted["schiedam"].name = 'Schiedam & <b class="x">Vlaardingen</b>'
    faceted["schiedam"].save()

    response = search(client, "wijkaanpak")

    assert facet_options(response, "gemeente")["schiedam"][0] == (
        'Schiedam & <b class="x">Vlaardingen</b> (2)'
    )
    assert main(response).select_one(".search-facets b") is None


def test_facet_form_works_without_javascript(client, faceted):
    form = main(search(client, "wijkaanpak")).select_one("form.search-facets")

    assert form["method"] == "get"
    assert form.find("input", type="hidden", attrs={"name": "q"})["value"] == "wijkaanpak"
    assert form.find("button", type="submit") is not None
    for box in form.select('input[type="checkbox"]'):
        assert form.find("label", attrs={"for": box["id"]}) is not None


def test_results_are_paginated_with_the_filters_kept(client):
    for number in range(12):
        ProductFactory(title=f"Werkboek buurtnetwerk {number}", kind=ProductKind.BLOG)

    first = search(client, "buurtnetwerk", soort="product-blog")
    second = search(client, "buurtnetwerk", soort="product-blog", pagina="2")

    assert len(titles(first)) == 10
    assert len(titles(second)) == 2
    assert (
        main(first).find("a", rel="next")["href"] == "?q=buurtnetwerk&soort=product-blog&pagina=2"
    )


def test_query_count_does_not_grow_with_the_number_of_results(
    client, django_assert_max_num_queries
):
    theme = ThemePage.objects.get(slug="armoede")
    for number in range(3):
        ProductFactory(title=f"Overzicht schuldhulp {number}").themes.set([theme])
        ActivityFactory(title=f"Spreekuur schuldhulp {number}")
        LearningGroupFactory(name=f"Werkteam schuldhulp {number}")
        PracticeItemFactory(title=f"Casus schuldhulp {number}", visibility=Visibility.PUBLIC)
    search(client, "schuldhulp")  # warm: site, menu, facet names
    # Another address than the warm-up's, so the results are not the kept ones.
    with django_assert_max_num_queries(30) as few:
        search(client, "schuldhulp", pagina="1")
    allowed = len(few.captured_queries)  # now: the log is reset by later requests

    for number in range(3, 15):
        ProductFactory(title=f"Overzicht schuldhulp {number}").themes.set([theme])
        ActivityFactory(title=f"Spreekuur schuldhulp {number}")
        PracticeItemFactory(title=f"Casus schuldhulp {number}", visibility=Visibility.PUBLIC)
    cache.clear()
    search(client, "schuldhulp")
    with django_assert_max_num_queries(allowed):
        search(client, "schuldhulp", pagina="1")


# --- did you mean -----------------------------------------------------------------------------


def test_misspelled_word_gets_a_suggestion(client):
    ProductFactory(title="Wat een leerkring oplevert")

    response = search(client, "leerkirng")

    suggestion = main(response).select_one(".search-suggestion a")
    assert text(suggestion) == "leerkring"
    assert suggestion["href"] == "/zoeken/?q=leerkring"


def test_suggestion_keeps_the_correct_words(client):
    ProductFactory(title="Eenzaamheid onder ouderen")

    response = search(client, "eenzaamhied ouderen")

    assert text(main(response).select_one(".search-suggestion a")) == "eenzaamheid ouderen"


def test_no_suggestion_when_the_query_found_enough(client):
    for number in range(3):
        ProductFactory(title=f"Leerkring verslag {number}")

    assert main(search(client, "leerkring")).select_one(".search-suggestion") is None


def test_no_suggestion_from_titles_the_visitor_may_not_see(client, group):
    PracticeItemFactory(title="Casus Vlietlandhof", group=group, visibility=Visibility.GROUP)

    response = search(client, "vlietlandhov")

    assert main(response).select_one(".search-suggestion") is None
    assert b"Vlietlandhof" not in response.content


def test_member_gets_suggestions_from_what_members_see(client, member):
    ProductFactory(title="Handreiking wijkverpleging", visibility=Visibility.MEMBERS)
    client.force_login(member.user)

    response = search(client, "wijkverplegnig")

    assert text(main(response).select_one(".search-suggestion a")) == "wijkverpleging"


# --- snippets and highlighting --------------------------------------------------------------


def test_snippet_escapes_html_and_marks_only_the_matched_words(client):
    PracticeItemFactory(
        title="Dilemma <b>vet</b> in de titel",
        summary="Korte samenvatting.",
        body="<script>alert('x')</script> Een bewoner vraagt om huiswerkbegeleiding & meer.",
        visibility=Visibility.PUBLIC,
    )

    response = search(client, "huiswerkbegeleiding")
    html = response.content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<mark>huiswerkbegeleiding</mark> &amp; meer." in html
    assert "Dilemma &lt;b&gt;vet&lt;/b&gt; in de titel" in html


def test_snippet_of_a_page_is_its_text_with_blocks_apart_and_entities_once(client):
    NewsPageFactory(
        title="Bericht over de buurt",
        intro="",
        body=[
            {"type": "paragraph", "value": "<p>Eerste alinea.</p><p>Zorg &amp; welzijn</p>"},
            {"type": "paragraph", "value": "<p>Over <b>mantelzorgers</b> in de wijk.</p>"},
        ],
    )

    response = search(client, "mantelzorgers")
    html = response.content.decode()
    snippet = main(response).select_one(".search-result__snippet")

    assert text(snippet) == "Eerste alinea. Zorg & welzijn Over mantelzorgers in de wijk."
    assert "Zorg &amp; welzijn" in html and "&amp;amp;" not in html
    assert snippet.find("mark").get_text() == "mantelzorgers"


def details(response):
    """{title: its line of details} of the shown results."""
    return {
        text(li.find("h2")): text(li.select_one(".meta"))
        for li in main(response).select("ol.results li.search-result")
    }


@pytest.fixture
def one_of_each(group):
    """An entry of every kind with details to show, each with 'wijkkamer' in its title."""
    venue = VenueFactory(city="Vlaardingen")
    return [
        NewsPageFactory(title="Nieuws over de wijkkamer", date=datetime.date(2024, 3, 5)),
        StandardPageFactory(title="Over de wijkkamer", parent=HomePage.objects.get()),
        ProductFactory(
            title="Visual wijkkamer",
            kind=ProductKind.VISUAL,
            year=2019,
            visibility=Visibility.MEMBERS,
            groups=[group],
        ),
        PracticeItemFactory(
            title="Casus wijkkamer",
            kind=PracticeKind.CASE,
            group=group,
            visibility=Visibility.PUBLIC,
        ),
        LearningGroupFactory(name="Leerkring wijkkamer"),
        ActivityFactory(title="Bijeenkomst wijkkamer", venue=venue, audience=Audience.MEMBERS),
    ]


def expected_details(entries):
    """What each entry's result says of it, in the active language: its type, date, details."""
    news, page, product, practice, group, activity = entries
    return {
        news.title: f"{capfirst(NewsPage._meta.verbose_name)} · {date_format(news.date, 'j F Y')}",
        page.title: str(capfirst(StandardPage._meta.verbose_name)),
        product.title: (
            f"{capfirst(product.get_kind_display())} · 2019 · {product.get_visibility_display()}"
        ),
        practice.title: f"{capfirst(practice.get_kind_display())} · {practice.group.name}",
        group.name: str(capfirst(group.get_kind_display())),
        activity.title: (
            f"{capfirst(activity.get_kind_display())}"
            f" · {date_format(timezone.localtime(activity.starts_at), 'j F Y')}"
            f" · Vlaardingen · {activity.get_audience_display()}"
        ),
    }


def test_every_kind_of_result_shows_its_type_date_and_details_in_the_interface_language(
    client, one_of_each
):
    client.force_login(CoordinatorFactory())  # sees the members' entries too

    dutch = details(search(client, "wijkkamer"))
    client.get("/taal/en/")
    english = details(search(client, "wijkkamer"))

    with translation.override("nl"):
        assert dutch == expected_details(one_of_each)
    with translation.override("en"):
        assert english == expected_details(one_of_each)
    assert dutch != english


def test_a_result_is_shown_without_loading_its_object(client, one_of_each):
    client.force_login(CoordinatorFactory())
    object_tables = [
        model._meta.db_table
        for model in (NewsPage, StandardPage, Product, ProductFile, PracticeItem, LearningGroup)
    ] + [Activity._meta.db_table, Venue._meta.db_table]

    def reads(q):
        """The queries of a search that read an object table."""
        with CaptureQueriesContext(connection) as queries:
            response = search(client, q)
        read = {
            query["sql"] for query in queries for t in object_tables if f'"{t}"' in query["sql"]
        }
        return response, read

    _nothing, page_itself = reads("onvindbaarwoord")  # the menu, with no result to show
    response, read = reads("wijkkamer")

    assert len(titles(response)) == 6
    assert read - page_itself == set()


def test_an_entry_written_before_results_kept_their_card_is_shown_alike(client, one_of_each):
    client.force_login(CoordinatorFactory())
    before = main(search(client, "wijkkamer")).select_one("ol.results")

    SearchEntry.objects.update(card="")  # as an entry written by an earlier version
    cache.clear()
    after = main(search(client, "wijkkamer")).select_one("ol.results")

    assert str(after) == str(before)


def test_a_moved_page_is_linked_at_its_new_address(client, one_of_each):
    page = one_of_each[1]
    assert dict(results(search(client, "wijkkamer")))[page.title] == page.url
    archive = StandardPageFactory(title="Archief", parent=HomePage.objects.get())

    page.move(archive, pos="last-child")
    moved = Page.objects.get(pk=page.pk)

    assert moved.url.startswith(archive.url)
    assert dict(results(search(client, "wijkkamer")))[page.title] == moved.url


def test_a_parents_new_slug_changes_the_address_of_the_results_below_it(client, one_of_each):
    page = one_of_each[1]
    child = StandardPageFactory(title="Wijkkamer in Schiedam", parent=page)
    assert dict(results(search(client, "wijkkamer")))[child.title] == child.url

    page.slug = "wijkkamers"
    page.save_revision().publish()

    new_address = Page.objects.get(pk=child.pk).url
    assert "/wijkkamers/" in new_address
    assert dict(results(search(client, "wijkkamer")))[child.title] == new_address


def test_a_result_shows_the_entry_as_it_is_after_a_change(client, group):
    item = PracticeItemFactory(
        title="Dilemma over buurtzorg",
        summary="",
        body="Eerste versie: wie belt de huisarts?",
        visibility=Visibility.PUBLIC,
        group=group,
    )
    first = main(search(client, "buurtzorg"))
    assert "Eerste versie" in text(first.select_one(".search-result__snippet"))
    assert group.name in text(first.select_one(".search-result .meta"))

    item.body = "Tweede versie: wie belt de huisarts?"
    item.save()
    group.name = "Werkteam met een nieuwe naam"
    group.save()
    second = main(search(client, "dilemma buurtzorg"))

    assert "Tweede versie" in text(second.select_one(".search-result__snippet"))
    assert "Werkteam met een nieuwe naam" in text(second.select_one(".search-result .meta"))


def test_title_highlights_word_forms(client):
    ProductFactory(title="Leerkringen en werkteams")

    response = search(client, "leerkring")

    title = main(response).select_one("ol.results h2 a")
    assert [mark.get_text() for mark in title.find_all("mark")] == ["Leerkringen"]


def test_highlight_is_stemming_aware_and_escapes():
    html = highlight("Twee <leerkringen> & één leerkring.", query_stems("leerkring"))

    assert html == "Twee &lt;<mark>leerkringen</mark>&gt; &amp; één <mark>leerkring</mark>."


@pytest.mark.parametrize(
    ("text_", "query", "marked"),
    [
        # The stem changes the word's last letters: "heden" is "heid", a last v is f.
        ("Drie vrijheden en één vrijheid.", "vrijheid", ["vrijheden", "vrijheid"]),
        ("Initiatieven, een initiatief.", "initiatief", ["Initiatieven", "initiatief"]),
        ("Twee genogrammen, één genogram.", "genogram", ["genogrammen", "genogram"]),
        # Accents Snowball drops, and capitals, in the text or in the query.
        ("CASUÏSTIEK en casuistiek.", "casuïstiek", ["CASUÏSTIEK", "casuistiek"]),
        ("Een idee, ideeën.", "IDEEEN", ["ideeën"]),
        # A word that only begins like the term is not marked.
        ("Werkzame elementen van het werk.", "werk", ["werk"]),
    ],
)
def test_highlight_marks_every_form_of_the_word(text_, query, marked):
    html = highlight(text_, query_stems(query))

    assert re.findall(r"<mark>(.*?)</mark>", html) == marked


def test_snippet_is_cut_around_the_first_match():
    words = " ".join(f"woord{n}" for n in range(100))
    text_ = f"{words} mantelzorg {words}"

    snippet = str(best_snippet([text_], query_stems("mantelzorg")))

    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert "<mark>mantelzorg</mark>" in snippet
    assert len(snippet.split()) < 40


def test_snippet_finds_a_match_deep_in_a_long_document():
    text_ = "Inleiding. " + "woord " * 20_000 + "de mantelzorger belt. Slot."

    snippet = str(best_snippet(["Samenvatting.", text_], query_stems("mantelzorger")))

    assert snippet == ("… " + "woord " * 9 + "de <mark>mantelzorger</mark> belt. Slot.")


def test_snippet_starts_at_the_start_when_the_match_is_among_the_first_words():
    snippet = str(
        best_snippet(["(Ver)nieuwde aanpak: de mantelzorger belt."], query_stems("mantelzorger"))
    )

    assert snippet == "(Ver)nieuwde aanpak: de <mark>mantelzorger</mark> belt."


def test_snippet_falls_back_to_the_start_of_the_text():
    assert str(best_snippet(["", "Geen treffer <hier>."], query_stems("leerkring"))) == (
        "Geen treffer &lt;hier&gt;."
    )


# --- empty states and bad input -------------------------------------------------------------


def test_empty_query_shows_tips_themes_and_where_to_look(client):
    response = client.get("/zoeken/")

    page = main(response)
    assert response.status_code == 200
    assert titles(response) == []
    assert page.find("a", href="/bibliotheek/") is not None
    assert page.find("a", href="/activiteiten/") is not None
    assert page.find("a", href="/themas/armoede/") is not None
    assert t("Search tips") in text(page)


def test_nothing_found_helps_further(client):
    response = search(client, "xyzzyqwv")

    page = main(response)
    assert t("Nothing found.") in text(page)
    assert page.find("a", href="/bibliotheek/") is not None
    assert page.find("a", href="/themas/armoede/") is not None


def test_too_long_query_gets_a_message_and_is_kept(client):
    query = "a" * (MAX_QUERY_LENGTH + 1)

    response = search(client, query)

    error = main(response).find(id="search-error")
    assert text(error) == t("Your search is too long. Use at most %(limit)s characters.") % {
        "limit": MAX_QUERY_LENGTH
    }
    assert main(response).find("input", id="search-q")["value"] == query


@pytest.mark.parametrize("query", ["?!", "...", "«»", "---", "***"])
def test_query_of_only_punctuation_gets_a_message(client, query):
    response = search(client, query)

    assert text(main(response).find(id="search-error")) == t(
        "Type at least one word or number to search for."
    )


@pytest.mark.parametrize("query", ["leer\x00kring", "\x00", "leerkring\x00"])
def test_nul_bytes_are_removed(client, query):
    ProductFactory(title="Leerkring in Dordrecht")

    response = search(client, query)

    assert "\x00" not in response.content.decode()


def test_search_only_answers_get(client):
    assert client.post("/zoeken/", {"q": "leerkring"}).status_code == 405


def test_header_search_box_on_the_home_page_leads_to_results(client):
    ProductFactory(title="Bundel leren transformeren")
    form = soup(client.get("/")).select_one("header form.site-search")

    assert form["action"] == "/zoeken/"
    assert form["method"] == "get"
    assert form.find("input", type="search")["name"] == "q"
    assert "Bundel leren transformeren" in titles(search(client, "transformeren"))
