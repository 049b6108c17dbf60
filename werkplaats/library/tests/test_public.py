"""The public library pages: /bibliotheek/ (visibility per audience, filters, pagination, bad
input, query count), a product's page and its printable version, a practice item's page, an
organisation's contributions, escaping, and the page cache."""

import datetime
import html
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from werkplaats.core.testing import t
from werkplaats.groups.tests.factories import (
    LearningGroupFactory,
    LearningQuestionFactory,
    MembershipFactory,
)
from werkplaats.library.models import (
    Licence,
    PracticeItem,
    PracticeKind,
    Product,
    ProductFile,
    ProductKind,
    Visibility,
)
from werkplaats.network.models import Visibility as ProfileVisibility
from werkplaats.network.tests.factories import (
    AffiliationFactory,
    CoordinatorFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PersonFactory,
)
from werkplaats.website.models import ThemePage

from .factories import PracticeItemFactory, ProductFactory

pytestmark = pytest.mark.django_db

INDEX = reverse("library:index")
AUDIENCES = ("visitor", "member", "group_member", "other_group_member", "coordinator")
# Who sees an entry with each visibility.
SEES = {
    Visibility.PUBLIC: set(AUDIENCES),
    Visibility.MEMBERS: {"member", "group_member", "other_group_member", "coordinator"},
    Visibility.GROUP: {"group_member", "coordinator"},
}


def content(response):
    return response.content.decode()


CARD_TITLE = re.compile(r'class="card__title"><a href="[^"]*">([^<]*)</a>')


def card_titles(response):
    """The titles of the entries' cards on a list page, in order."""
    return [html.unescape(title) for title in CARD_TITLE.findall(content(response))]


def shown_rows(response):
    """(entry type, pk) of the entries a list page shows."""
    return {(entry_type, pk) for entry_type, pk, _date in response.context["page_obj"]}


def theme(slug):
    return ThemePage.objects.get(slug=slug)


@pytest.fixture
def group():
    return LearningGroupFactory(name="Werkteam Armoede")


@pytest.fixture
def viewers(group):
    """A logged-in client maker per audience."""
    other_group = LearningGroupFactory(name="Werkgroep Zingeving")
    users = {
        "visitor": None,
        "member": PersonFactory().user,
        "group_member": MembershipFactory(group=group).person.user,
        "other_group_member": MembershipFactory(group=other_group).person.user,
        "coordinator": CoordinatorFactory(),
    }
    return users


def as_viewer(client, user):
    if user is not None:
        client.force_login(user)
    return client


def make_entries(group):
    """For every kind of product and practice knowledge, one entry per visibility."""
    entries = []
    for visibility in Visibility.values:
        for kind in ProductKind.values:
            entries.append(
                ProductFactory(
                    title=f"Product {kind} {visibility}",
                    kind=kind,
                    visibility=visibility,
                    groups=[group],
                )
            )
        for kind in PracticeKind.values:
            entries.append(
                PracticeItemFactory(
                    title=f"Kennis {kind} {visibility}",
                    kind=kind,
                    visibility=visibility,
                    group=group,
                )
            )
    return entries


# --- Who sees what ---------------------------------------------------------------------------


@pytest.mark.parametrize("audience", AUDIENCES)
def test_index_lists_exactly_the_entries_the_viewer_may_see(client, group, viewers, audience):
    entries = make_entries(group)
    response = as_viewer(client, viewers[audience]).get(INDEX, {"pagina": 1})
    # 39 entries at most: two pages of 20; collect both.
    shown = shown_rows(response)
    if response.context["page_obj"].has_next():
        shown |= shown_rows(client.get(INDEX, {"pagina": 2}))
    expected = {
        ("product" if isinstance(e, Product) else "practice", e.pk)
        for e in entries
        if audience in SEES[e.visibility]
    }
    assert shown == expected


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("visibility", Visibility.values)
@pytest.mark.parametrize("model", ["product", "practice"])
def test_detail_pages_answer_404_to_whoever_may_not_see_the_entry(
    client, group, viewers, audience, visibility, model
):
    if model == "product":
        entry = ProductFactory(visibility=visibility, groups=[group])
        urls = [entry.get_absolute_url(), reverse("library:print", args=[entry.slug])]
    else:
        entry = PracticeItemFactory(visibility=visibility, group=group)
        urls = [entry.get_absolute_url()]
    client = as_viewer(client, viewers[audience])
    for url in urls:
        response = client.get(url)
        expected = 200 if audience in SEES[visibility] else 404
        assert response.status_code == expected, url
        if expected == 200:
            assert entry.title in content(response)


def test_a_former_member_of_the_group_no_longer_sees_its_private_entries(client, group):
    item = PracticeItemFactory(title="Casus van de groep", group=group)
    former = MembershipFactory(
        group=group, ended_on=timezone.localdate() - datetime.timedelta(days=1)
    ).person
    client.force_login(former.user)
    assert client.get(item.get_absolute_url()).status_code == 404
    assert "Casus van de groep" not in content(client.get(INDEX))


def test_unknown_slugs_answer_404(client):
    assert client.get(reverse("library:product", args=["bestaat-niet"])).status_code == 404
    assert client.get(reverse("library:practice", args=["bestaat-niet"])).status_code == 404
    assert client.get(reverse("library:print", args=["bestaat-niet"])).status_code == 404
    assert client.get(reverse("library:organisation", args=["bestaat-niet"])).status_code == 404


def test_cards_say_who_may_see_an_entry_that_is_not_public(client, group, viewers):
    ProductFactory(title="Voor leden", visibility=Visibility.MEMBERS)
    PracticeItemFactory(title="Voor de groep", group=group)
    page = content(as_viewer(client, viewers["group_member"]).get(INDEX))
    assert t("Members only") in page
    assert t("Only for the group") in page


def test_empty_library_helps_further(client):
    page = content(client.get(INDEX))
    assert t("The library is still empty.") in page
    assert reverse("search") in page


# --- Filters and pages ------------------------------------------------------------------------


def titles(response):
    return set(card_titles(response))


@pytest.fixture
def catalogue(group):
    rotterdam = MunicipalityFactory(name="Rotterdam")
    blog = ProductFactory(title="Blog over armoede", kind=ProductKind.BLOG, year=2018)
    blog.themes.set([theme("armoede")])
    blog.municipalities.set([rotterdam])
    bundle = ProductFactory(title="Bundel Leren transformeren", year=2019)
    bundle.themes.set([theme("zingeving")])
    dilemma = PracticeItemFactory(
        title="Dilemma over schulden", visibility=Visibility.PUBLIC, group=group
    )
    dilemma.themes.set([theme("armoede")])
    tip = PracticeItemFactory(
        title="Gouden tip",
        kind=PracticeKind.TIP,
        visibility=Visibility.PUBLIC,
        group=group,
        created_at=timezone.make_aware(datetime.datetime(2017, 3, 1, 12)),
    )
    tip.municipalities.set([rotterdam])
    return {"blog": blog, "bundle": bundle, "dilemma": dilemma, "tip": tip}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"Blog over armoede", "Bundel Leren transformeren", "Dilemma over schulden",
              "Gouden tip"}),
        ({"soort": "blog"}, {"Blog over armoede"}),
        ({"soort": "producten"}, {"Blog over armoede", "Bundel Leren transformeren"}),
        ({"soort": "praktijkkennis"}, {"Dilemma over schulden", "Gouden tip"}),
        ({"soort": "tip"}, {"Gouden tip"}),
        ({"thema": "armoede"}, {"Blog over armoede", "Dilemma over schulden"}),
        ({"gemeente": "rotterdam"}, {"Blog over armoede", "Gouden tip"}),
        ({"jaar": "2019"}, {"Bundel Leren transformeren"}),
        ({"jaar": "2017"}, {"Gouden tip"}),
        ({"soort": "producten", "thema": "armoede"}, {"Blog over armoede"}),
    ],
)  # fmt: skip
def test_filters(client, catalogue, query, expected):
    assert titles(client.get(INDEX, query)) == expected


def test_filter_offers_only_themes_municipalities_and_years_in_use(client, catalogue):
    form = client.get(INDEX).context["form"]
    assert dict(form.fields["thema"].choices).keys() == {"", "armoede", "zingeving"}
    assert dict(form.fields["gemeente"].choices).keys() == {"", "rotterdam"}
    years = [value for value, _label in form.fields["jaar"].choices]
    assert years[0] == "" and "2019" in years and "2017" in years


@pytest.mark.parametrize(
    "query",
    [
        {"soort": "onzin"},
        {"thema": "<script>alert(1)</script>"},
        {"gemeente": "nergens"},
        {"jaar": "abc"},
        {"jaar": "1800"},
        {"jaar": "99999999999999999999999"},
        {"pagina": "abc"},
        {"pagina": "-3"},
    ],
)
def test_bad_filter_input_is_ignored_with_a_message(client, catalogue, query):
    response = client.get(INDEX, query)
    assert response.status_code == 200
    assert len(titles(response)) == 4
    page = content(response)
    assert "<script>alert(1)</script>" not in page
    if "pagina" not in query:
        assert t("Some filters in the address were not understood and have been left out:") in page


def test_a_left_out_filter_marks_no_field_invalid_then_or_later(client, catalogue):
    """The fields show what was understood: a made-up value is left out with a message, not
    marked invalid (with a reference to an error text that is not there), and the next page
    with the same understood filters, kept or not, is the same."""
    bad = content(client.get(INDEX, {"soort": "blog", "jaar": "abc"}))
    good = content(client.get(INDEX, {"soort": "blog"}))
    for page in (bad, good):
        assert "aria-invalid" not in page
        assert 'value="blog" selected' in page
    assert good.count('<option value="" selected>') == bad.count('<option value="" selected>')


def test_a_repeated_filter_uses_its_last_value(client, catalogue):
    assert titles(client.get(INDEX, {"soort": ["blog", "tip"]})) == {"Gouden tip"}


def test_filter_links_keep_the_filters_across_pages(client, group):
    for number in range(25):
        ProductFactory(title=f"Blog {number}", kind=ProductKind.BLOG)
    PracticeItemFactory(visibility=Visibility.PUBLIC, group=group)
    response = client.get(INDEX, {"soort": "blog"})
    assert response.context["page_obj"].paginator.count == 25
    assert "soort=blog&amp;pagina=2" in content(response) or "pagina=2&amp;soort=blog" in content(
        response
    )


def test_pagination_newest_first_and_out_of_range_pages(client, group):
    now = timezone.now()
    for number in range(23):
        ProductFactory(
            title=f"Product {number:02}", updated_at=now - datetime.timedelta(days=number)
        )
    PracticeItemFactory(
        title="Nieuwste kennis",
        visibility=Visibility.PUBLIC,
        group=group,
        updated_at=now + datetime.timedelta(minutes=1),
    )
    first = client.get(INDEX)
    assert first.context["page_obj"].paginator.count == 24
    assert len(card_titles(first)) == 20
    assert card_titles(first)[:2] == ["Nieuwste kennis", "Product 00"]
    second = client.get(INDEX, {"pagina": 2})
    assert card_titles(second) == [f"Product {n}" for n in range(19, 23)]
    assert titles(client.get(INDEX, {"pagina": 99})) == titles(second)


def test_a_member_sees_a_change_at_once(client, group, viewers):
    """Members are never served a kept page, but the count and the cards are kept: a change
    to an entry, a new entry and a membership show on the next visit."""
    product = ProductFactory(title="Oude titel")
    item = PracticeItemFactory(title="Werkteamkennis", visibility=Visibility.GROUP, group=group)
    client = as_viewer(client, viewers["member"])
    first = client.get(INDEX)
    assert card_titles(first) == ["Oude titel"]
    assert first.context["page_obj"].paginator.count == 1

    product.title = "Nieuwe titel"
    product.save()
    ProductFactory(title="Tweede product", updated_at=timezone.now() + datetime.timedelta(days=1))
    second = client.get(INDEX)
    assert card_titles(second) == ["Tweede product", "Nieuwe titel"]
    assert second.context["page_obj"].paginator.count == 2

    MembershipFactory(group=group, person=viewers["member"].person)
    third = client.get(INDEX)
    assert set(card_titles(third)) == {"Tweede product", "Nieuwe titel", item.title}
    assert third.context["page_obj"].paginator.count == 3


@pytest.mark.parametrize("audience", ["visitor", "member", "group_member", "coordinator"])
def test_index_query_count_does_not_grow_with_the_entries(
    client, group, viewers, audience, django_assert_max_num_queries, settings
):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    settings.PAGE_CACHE_SECONDS = 0  # count the queries of building the page, not a cache hit
    cover = Image.objects.create(title="Omslag", file=get_test_image_file())
    make_entries(group)
    for number in range(15):
        product = ProductFactory(title=f"Met omslag {number}", cover=cover)
        product.themes.set([theme("armoede"), theme("zingeving")])
        item = PracticeItemFactory(visibility=Visibility.MEMBERS, group=group)
        item.themes.set([theme("armoede")])
    client = as_viewer(client, viewers[audience])
    cover.get_rendition("fill-480x270|format-webp")  # made by an earlier visit
    # Another page with the same filter and site chrome fills their caches, as any earlier
    # visit would; the entries' count, rows and cards are still to be built.
    client.get(reverse("library:organisation", args=[OrganisationFactory().slug]))
    with django_assert_max_num_queries(15):
        response = client.get(INDEX)
    assert len(card_titles(response)) == 20
    with django_assert_max_num_queries(15):
        client.get(INDEX, {"thema": "armoede", "pagina": 2})
    cover.file.delete(save=False)


# --- A product's page ---------------------------------------------------------------------------


@pytest.fixture
def full_product(group):
    public_author = PersonFactory(
        first_name="Fatima", last_name="El Idrissi", name_visibility=ProfileVisibility.PUBLIC
    )
    members_author = PersonFactory(
        first_name="Jan", last_name="Bakker", name_visibility=ProfileVisibility.MEMBERS
    )
    product = ProductFactory(
        title="Ruimte voor ontmoeting",
        kind=ProductKind.PUBLICATION,
        description="Eerste alinea.\n\nTweede alinea.",
        author_names="Lectoraat Integraal Werken",
        licence=Licence.CC_BY_SA,
        groups=[group],
        authors=[public_author, members_author],
        approach="Samen met bewoners aan tafel.",
        contact="Werkplaats Sociaal Domein",
    )
    product.municipalities.set([MunicipalityFactory(name="Dordrecht")])
    product.themes.set([theme("platform-ontmoeting-en-innovatie")])
    product.learning_questions.set(
        [LearningQuestionFactory(group=group, question="Hoe bereiken we eenzame ouderen?")]
    )
    product.practice_items.set(
        [
            PracticeItemFactory(
                title="Openbaar praktijkvoorbeeld", visibility=Visibility.PUBLIC, group=group
            ),
            PracticeItemFactory(title="Geheime casus van de groep", group=group),
        ]
    )
    ProductFile.objects.create(
        product=product,
        file="library/products/x/bundel.pdf",
        title="De bundel",
        original_name="bundel.pdf",
        content_type="application/pdf",
        size=2_400_000,
    )
    return product


def test_product_page_shows_what_a_visitor_may_see(client, group, full_product):
    response = client.get(full_product.get_absolute_url())
    page = content(response)
    assert response.status_code == 200
    assert "Fatima El Idrissi" in page
    assert "Jan Bakker" not in page
    assert "Lectoraat Integraal Werken" in page
    assert "<p>Eerste alinea.</p>" in page and "<p>Tweede alinea.</p>" in page
    assert "https://creativecommons.org/licenses/by-sa/4.0/deed.nl" in page
    assert reverse("groups:detail", args=[group.slug]) in page
    assert "Dordrecht" in page and "Hoe bereiken we eenzame ouderen?" in page
    assert "Samen met bewoners aan tafel." in page
    assert "Openbaar praktijkvoorbeeld" in page
    assert "Geheime casus van de groep" not in page
    file = full_product.files.get()
    assert reverse("library:file", args=[full_product.slug, file.pk]) in page
    assert "De bundel" in page and "(PDF, 2,3" in page
    for name in ("library:send", "library:print", "library:pdf"):
        assert reverse(name, args=[full_product.slug]) in page
    assert f'value="http://testserver{full_product.get_absolute_url()}"' in page
    assert reverse("library:edit", args=["producten", full_product.slug]) not in page


def test_product_page_shows_members_more_names_and_the_group_its_private_knowledge(
    client, group, full_product, viewers
):
    page = content(as_viewer(client, viewers["member"]).get(full_product.get_absolute_url()))
    assert "Jan Bakker" in page and "Geheime casus van de groep" not in page
    page = content(as_viewer(client, viewers["group_member"]).get(full_product.get_absolute_url()))
    assert "Geheime casus van de groep" in page


@pytest.mark.parametrize(
    ("audience", "can_edit"),
    [
        ("visitor", False),
        ("member", False),
        ("other_group_member", False),
        ("group_member", True),
        ("coordinator", True),
    ],
)
def test_edit_links_only_for_who_may_edit(client, group, viewers, audience, can_edit):
    product = ProductFactory(groups=[group])
    item = PracticeItemFactory(group=group, visibility=Visibility.PUBLIC)
    client = as_viewer(client, viewers[audience])
    for entry, kind in ((product, "producten"), (item, "praktijkkennis")):
        page = content(client.get(entry.get_absolute_url()))
        for name in ("library:edit", "library:share", "library:versions"):
            assert (reverse(name, args=[kind, entry.slug]) in page) is can_edit


def test_an_author_sees_the_edit_links_of_their_product(client):
    author = PersonFactory()
    product = ProductFactory(authors=[author])
    client.force_login(author.user)
    page = content(client.get(product.get_absolute_url()))
    assert reverse("library:edit", args=["producten", product.slug]) in page


def test_print_page_has_no_navigation_and_holds_the_transferable_description(client, full_product):
    response = client.get(reverse("library:print", args=[full_product.slug]))
    page = content(response)
    assert response.status_code == 200
    assert 'class="main-nav"' not in page
    assert "Ruimte voor ontmoeting" in page and "Fatima El Idrissi" in page
    assert "Jan Bakker" not in page
    assert "Samen met bewoners aan tafel." in page and "Werkplaats Sociaal Domein" in page
    assert full_product.get_licence_display() in page


# --- A practice item's page -------------------------------------------------------------------


def test_practice_page_links_only_visible_answers_grouped_by_kind(client, group, viewers):
    dilemma = PracticeItemFactory(
        title="Mag de buurman helpen?",
        visibility=Visibility.PUBLIC,
        group=group,
        body="Regel een.\nRegel twee.",
        roles=["professional", "bewoner", "onbekend"],
    )
    question = PracticeItemFactory(
        title="Openbare kennisvraag", kind=PracticeKind.QUESTION, visibility=Visibility.PUBLIC
    )
    dilemma.answers_to.set([question])
    tip = PracticeItemFactory(
        title="Gouden tip: vraag het de bewoner", kind=PracticeKind.TIP, visibility="iedereen"
    )
    example = PracticeItemFactory(
        title="Praktijkvoorbeeld voor leden",
        kind=PracticeKind.EXAMPLE,
        visibility=Visibility.MEMBERS,
    )
    secret = PracticeItemFactory(title="Casus van een andere groep", kind=PracticeKind.CASE)
    for answer in (tip, example, secret):
        answer.answers_to.add(dilemma)
    product = ProductFactory(title="Bundel over samenspel")
    product.practice_items.add(dilemma)
    ProductFactory(title="Conceptbundel", visibility=Visibility.GROUP).practice_items.add(dilemma)

    page = content(client.get(dilemma.get_absolute_url()))
    assert "Regel een.<br>Regel twee." in page
    assert "Openbare kennisvraag" in page
    assert "Gouden tip: vraag het de bewoner" in page
    assert "Praktijkvoorbeeld voor leden" not in page
    assert "Casus van een andere groep" not in page
    assert "Bundel over samenspel" in page and "Conceptbundel" not in page
    assert reverse("groups:detail", args=[group.slug]) in page
    assert t("social professional") in page and t("resident") in page

    response = as_viewer(client, viewers["member"]).get(dilemma.get_absolute_url())
    assert "Praktijkvoorbeeld voor leden" in content(response)
    kinds = [group.label for group in response.context["answered_by"]]
    assert kinds == [str(PracticeKind.EXAMPLE.label), str(PracticeKind.TIP.label)]


# --- An organisation's contributions ----------------------------------------------------------


@pytest.fixture
def municipality_staff(group):
    dordrecht = OrganisationFactory(name="Gemeente Dordrecht")
    open_person = PersonFactory(organisations_visibility=ProfileVisibility.PUBLIC)
    members_person = PersonFactory(organisations_visibility=ProfileVisibility.MEMBERS)
    hidden_person = PersonFactory(organisations_visibility=ProfileVisibility.NOBODY)
    for person in (open_person, members_person, hidden_person):
        AffiliationFactory(person=person, organisation=dordrecht)
    ProductFactory(title="Product van open medewerker", authors=[open_person, members_person])
    ProductFactory(title="Product van ledenmedewerker", authors=[members_person])
    ProductFactory(title="Product van verborgen medewerker", authors=[hidden_person])
    ProductFactory(title="Product van de groep", authors=[open_person], visibility="groep")
    PracticeItemFactory(
        title="Kennis van open medewerker", created_by=open_person, visibility="iedereen"
    )
    ProductFactory(title="Product van elders", authors=[PersonFactory()])
    return {"org": dordrecht, "hidden": hidden_person}


def test_organisation_page_lists_what_its_people_contributed_that_the_visitor_may_see(
    client, municipality_staff
):
    response = client.get(reverse("library:organisation", args=[municipality_staff["org"].slug]))
    assert response.status_code == 200
    assert titles(response) == {"Product van open medewerker", "Kennis van open medewerker"}
    assert "Gemeente Dordrecht" in content(response)


def test_organisation_page_shows_members_the_affiliations_shown_to_members(
    client, municipality_staff, viewers
):
    client = as_viewer(client, viewers["member"])
    response = client.get(reverse("library:organisation", args=[municipality_staff["org"].slug]))
    assert titles(response) == {
        "Product van open medewerker",
        "Product van ledenmedewerker",
        "Kennis van open medewerker",
    }


def test_organisation_page_shows_a_person_their_own_and_a_coordinator_everything(
    client, municipality_staff, viewers
):
    url = reverse("library:organisation", args=[municipality_staff["org"].slug])
    client.force_login(municipality_staff["hidden"].user)
    assert "Product van verborgen medewerker" in titles(client.get(url))
    client.force_login(viewers["coordinator"])
    assert titles(client.get(url)) == {
        "Product van open medewerker",
        "Product van ledenmedewerker",
        "Product van verborgen medewerker",
        "Product van de groep",
        "Kennis van open medewerker",
    }


def test_organisation_page_filters_and_empty_state(client, municipality_staff):
    url = reverse("library:organisation", args=[municipality_staff["org"].slug])
    assert titles(client.get(url, {"soort": "praktijkkennis"})) == {"Kennis van open medewerker"}
    empty = OrganisationFactory(name="Hogeschool Rotterdam")
    response = client.get(reverse("library:organisation", args=[empty.slug]))
    assert response.status_code == 200
    assert response.context["cards"] == []


# --- Escaping ------------------------------------------------------------------------------------

EVIL = '<script>alert(1)</script>" onmouseover="alert(2)'


def test_titles_summaries_and_texts_are_escaped_everywhere(client, group):
    org = OrganisationFactory(name="Gemeente Schiedam")
    author = PersonFactory(
        first_name=EVIL,
        name_visibility=ProfileVisibility.PUBLIC,
        organisations_visibility=ProfileVisibility.PUBLIC,
    )
    AffiliationFactory(person=author, organisation=org)
    product = ProductFactory(
        title=f"Bundel {EVIL}",
        slug="bundel-evil",
        summary=f"Samenvatting {EVIL}",
        description=f"Beschrijving {EVIL}",
        author_names=EVIL,
        aim=f"Doel {EVIL}",
        authors=[author],
    )
    item = PracticeItemFactory(
        title=f"Dilemma {EVIL}",
        slug="dilemma-evil",
        summary=f"Kort {EVIL}",
        body=f"Tekst {EVIL}",
        visibility=Visibility.PUBLIC,
        created_by=author,
        group=group,
    )
    item.products.add(product)
    urls = [
        INDEX,
        product.get_absolute_url(),
        reverse("library:print", args=[product.slug]),
        item.get_absolute_url(),
        reverse("library:organisation", args=[org.slug]),
    ]
    for url in urls:
        page = content(client.get(url))
        assert "<script>alert(1)</script>" not in page, url
        assert '" onmouseover="' not in page, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&quot;alert(2)" in page, url


# --- Caching --------------------------------------------------------------------------------------


def test_visitors_get_the_cached_page_until_an_entry_changes(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    product = ProductFactory(title="Eerste titel")
    assert client.get(INDEX)["X-Cache"] == "miss"
    assert client.get(INDEX)["X-Cache"] == "hit"
    product.title = "Nieuwe titel"
    product.save()
    response = client.get(INDEX)
    assert response["X-Cache"] == "miss" and "Nieuwe titel" in content(response)


def test_a_hidden_author_name_leaves_the_cached_page(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    author = PersonFactory(first_name="Zichtbaar", name_visibility=ProfileVisibility.PUBLIC)
    product = ProductFactory(authors=[author])
    assert "Zichtbaar" in content(client.get(product.get_absolute_url()))
    author.name_visibility = ProfileVisibility.MEMBERS
    author.save()
    assert "Zichtbaar" not in content(client.get(product.get_absolute_url()))


def test_members_pages_are_private_and_not_cached(client, group, settings):
    settings.PAGE_CACHE_SECONDS = 600
    item = PracticeItemFactory(group=group)
    member = MembershipFactory(group=group).person
    client.force_login(member.user)
    for url in (INDEX, item.get_absolute_url()):
        response = client.get(url)
        assert "private" in response["Cache-Control"]
        assert "X-Cache" not in response
    cache.clear()


def test_main_menu_links_to_the_library(client):
    page = content(client.get(INDEX))
    assert f'<a href="{INDEX}" aria-current="page">{t("Library")}</a>' in page


def test_practice_items_and_products_models_are_both_listed(client, group):
    # Guard against a union that drops one side: one of each, both shown.
    ProductFactory(title="Een product")
    PracticeItemFactory(title="Een tip", kind=PracticeKind.TIP, visibility="iedereen", group=group)
    assert titles(client.get(INDEX)) == {"Een product", "Een tip"}
    assert PracticeItem.objects.count() == 1
