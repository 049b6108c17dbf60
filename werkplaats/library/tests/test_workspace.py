"""The library's member pages: who gets in, what they see, and what bad input does."""

import pytest
from django.urls import reverse
from django.utils import timezone

from werkplaats.core.testing import t
from werkplaats.groups.tests.factories import (
    LeadFactory,
    LearningGroupFactory,
    LearningQuestionFactory,
    MembershipFactory,
)
from werkplaats.library import services
from werkplaats.library.models import (
    GuardedName,
    PracticeItem,
    Product,
    ReviewStatus,
    Version,
    Visibility,
)
from werkplaats.network.tests.factories import CoordinatorFactory, PersonFactory

from .factories import PracticeItemFactory, ProductFactory

pytestmark = pytest.mark.django_db

BSN = "123456782"
# Session, user, membership, coordinator check, the lists, the site chrome (menu, settings).
LIST_MAX_QUERIES = 18


@pytest.fixture
def group():
    return LearningGroupFactory(name="Werkteam Armoede", slug="werkteam-armoede")


@pytest.fixture
def anne(group):
    return MembershipFactory(group=group, person__first_name="Anne").person


@pytest.fixture
def lead(group):
    return LeadFactory(group=group, person__first_name="Lotte").person


@pytest.fixture
def as_anne(client, anne):
    client.force_login(anne.user)
    return client


@pytest.fixture
def item(group, anne):
    return services.create_practice_item(
        anne,
        group,
        kind="dilemma",
        title="Formeel of informeel?",
        summary="Wanneer laat een professional het over aan de buurt?",
        body="Een buurtbewoner helpt een oudere buurvrouw.",
    )


@pytest.fixture
def product(group, anne):
    return services.create_product(
        anne,
        relations={"groups": [group], "authors": [anne]},
        kind="blog",
        title="Blog over de buurt",
        summary="Wat we leerden.",
        year=2019,
    )


def item_data(**overrides):
    data = {
        "kind": "casus",
        "title": "Mevrouw en de buurman",
        "summary": "Een casus over hulp van buren.",
        "body": "De buurman doet boodschappen; het wijkteam twijfelt.",
        "roles": ["professional", "bewoner"],
    }
    data.update(overrides)
    return data


def product_data(**overrides):
    data = {
        "kind": "publicatie",
        "title": "Leren transformeren",
        "summary": "Bundel van werkgroep 1.",
        "year": "2018",
        "licence": "CC-BY-4.0",
        "aim": "Leren van elkaars praktijk.",
    }
    data.update(overrides)
    return data


def entry_url(name, entry, **kwargs):
    kind = "producten" if isinstance(entry, Product) else "praktijkkennis"
    return reverse(f"library:{name}", kwargs={"kind": kind, "slug": entry.slug, **kwargs})


def group_urls(group):
    return {
        name: reverse(f"library:{name}", args=[group.slug])
        for name in ("group_items", "item_new", "product_new", "guarded_names")
    }


def all_urls(group, item):
    urls = group_urls(group)
    for name in ("edit", "share", "versions"):
        urls[name] = entry_url(name, item)
    urls["version"] = entry_url("version", item, number=1)
    return urls


PAGES = [
    "group_items",
    "item_new",
    "product_new",
    "guarded_names",
    "edit",
    "share",
    "versions",
    "version",
]


# --- who gets in -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_member_gets_every_page(as_anne, group, item, name):
    response = as_anne.get(all_urls(group, item)[name])
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("name", PAGES)
def test_coordinator_gets_every_page(client, group, item, name):
    client.force_login(PersonFactory(user=CoordinatorFactory()).user)
    assert client.get(all_urls(group, item)[name]).status_code == 200


@pytest.mark.parametrize("name", PAGES)
def test_member_of_another_group_gets_404(client, group, item, name):
    client.force_login(MembershipFactory().person.user)
    url = all_urls(group, item)[name]
    assert client.get(url).status_code == 404
    assert client.post(url, item_data()).status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_visitor_is_sent_to_sign_in(client, group, item, name):
    response = client.get(all_urls(group, item)[name])
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_shared_entry_is_still_private_in_the_member_area(client, group, anne, item):
    services.share(anne, item, Visibility.MEMBERS)
    client.force_login(PersonFactory().user)
    assert client.get(entry_url("versions", item)).status_code == 404


def test_unknown_group_or_entry_is_404(as_anne, item):
    assert as_anne.get("/mijn/groepen/bestaat-niet/kennis/").status_code == 404
    assert as_anne.get("/mijn/bibliotheek/praktijkkennis/bestaat-niet/delen/").status_code == 404
    assert as_anne.get(entry_url("version", item, number=99)).status_code == 404


def test_unknown_kind_in_the_url_is_404(as_anne, item):
    assert as_anne.get(f"/mijn/bibliotheek/boeken/{item.slug}/delen/").status_code == 404
    # The slug of a practice item under products is no product.
    assert as_anne.get(f"/mijn/bibliotheek/producten/{item.slug}/delen/").status_code == 404


def test_product_author_outside_the_group_may_open_it(client, product):
    author = PersonFactory()
    product.authors.add(author)
    client.force_login(author.user)
    assert client.get(entry_url("edit", product)).status_code == 200


# --- the group's list ------------------------------------------------------------------------


def test_group_items_lists_both_kinds_with_status(as_anne, group, item, product, anne):
    services.share(anne, item, Visibility.PUBLIC)
    PracticeItemFactory(title="Van een andere groep")
    response = as_anne.get(reverse("library:group_items", args=[group.slug]))
    html = response.content.decode()
    assert "Formeel of informeel?" in html
    assert "Blog over de buurt" in html
    assert "Van een andere groep" not in html
    assert "review-badge--ter_beoordeling" in html


def test_group_items_filters_by_kind(as_anne, group, item, product):
    url = reverse("library:group_items", args=[group.slug])
    html = as_anne.get(url + "?soort=producten").content.decode()
    assert "Blog over de buurt" in html and "Formeel of informeel?" not in html
    html = as_anne.get(url + "?soort=praktijkkennis").content.decode()
    assert "Blog over de buurt" not in html and "Formeel of informeel?" in html
    html = as_anne.get(url + "?soort=onzin").content.decode()
    assert "Blog over de buurt" in html and "Formeel of informeel?" in html


def test_group_items_queries_do_not_grow(as_anne, group, anne, django_assert_max_num_queries):
    for number in range(8):
        PracticeItemFactory(group=group, title=f"Dilemma {number}", created_by=anne)
        ProductFactory(title=f"Product {number}", groups=[group], authors=[anne])
    url = reverse("library:group_items", args=[group.slug])
    as_anne.get(url)  # warm up: the footer's logo renditions
    with django_assert_max_num_queries(LIST_MAX_QUERIES):
        response = as_anne.get(url)
    assert response.content.decode().count('class="entry-row"') == 16


def test_all_shows_the_newest_of_each_kind_and_a_kind_pages_through_the_rest(as_anne, group, anne):
    for number in range(27):
        PracticeItemFactory(group=group, title=f"Dilemma {number:02}", created_by=anne)
    ProductFactory(title="Enig product", groups=[group], authors=[anne])
    url = reverse("library:group_items", args=[group.slug])
    html = as_anne.get(url).content.decode()
    assert html.count('class="entry-row"') == 10 + 1
    assert "Dilemma 26" in html and "Dilemma 16" not in html
    assert "Alle 27 stukken praktijkkennis" in html
    assert "Alle 1 producten" not in html
    first = as_anne.get(url + "?soort=praktijkkennis").content.decode()
    assert first.count('class="entry-row"') == 25
    assert "Pagina 1 van 2" in first
    last = as_anne.get(url + "?soort=praktijkkennis&pagina=2").content.decode()
    assert last.count('class="entry-row"') == 2
    assert "Dilemma 00" in last and "Dilemma 26" not in last
    # A page number that does not exist shows the last page rather than an error.
    assert as_anne.get(url + "?soort=praktijkkennis&pagina=99").status_code == 200


def test_the_workspace_menu_links_to_the_knowledge(as_anne, group):
    html = as_anne.get(reverse("groups:workspace", args=[group.slug])).content.decode()
    assert reverse("library:group_items", args=[group.slug]) in html


# --- writing ---------------------------------------------------------------------------------


def test_member_writes_a_practice_item(as_anne, group, anne):
    question = LearningQuestionFactory(group=group)
    response = as_anne.post(
        reverse("library:item_new", args=[group.slug]),
        item_data(learning_questions=[question.pk]),
    )
    item = PracticeItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == entry_url("share", item)
    assert item.group == group
    assert item.created_by == anne
    assert item.roles == ["professional", "bewoner"]
    assert list(item.learning_questions.all()) == [question]
    assert item.visibility == Visibility.GROUP


def test_member_adds_a_product(as_anne, group, anne):
    response = as_anne.post(
        reverse("library:product_new", args=[group.slug]), product_data(authors=[anne.pk])
    )
    assert response.status_code == 302
    product = Product.objects.get()
    assert list(product.groups.all()) == [group]
    assert list(product.authors.all()) == [anne]
    assert product.aim == "Leren van elkaars praktijk."


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"body": ""}, "body"),
        ({"kind": "roman"}, "kind"),
        ({"roles": ["koning"]}, "roles"),
        ({"answers_to": ["abc"]}, "answers_to"),
    ],
)
def test_bad_input_keeps_the_input_and_writes_nothing(as_anne, group, overrides, field):
    data = item_data(**overrides)
    response = as_anne.post(reverse("library:item_new", args=[group.slug]), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert "De buurman doet boodschappen" in response.content.decode() or field == "body"
    assert PracticeItem.objects.count() == 0
    assert Version.objects.count() == 0


def test_a_learning_question_of_another_group_is_refused(as_anne, group):
    foreign = LearningQuestionFactory()
    response = as_anne.post(
        reverse("library:item_new", args=[group.slug]),
        item_data(learning_questions=[foreign.pk]),
    )
    assert response.status_code == 400
    assert "learning_questions" in response.context["form"].errors
    assert PracticeItem.objects.count() == 0


def test_answers_to_only_offers_what_the_writer_may_see(as_anne, group):
    private_elsewhere = PracticeItemFactory(title="Geheim dilemma elders")
    visible = PracticeItemFactory(title="Gedeeld dilemma", visibility=Visibility.MEMBERS)
    response = as_anne.get(reverse("library:item_new", args=[group.slug]))
    html = response.content.decode()
    assert visible.title in html and private_elsewhere.title not in html
    response = as_anne.post(
        reverse("library:item_new", args=[group.slug]),
        item_data(kind="tip", answers_to=[private_elsewhere.pk]),
    )
    assert response.status_code == 400
    assert PracticeItem.objects.filter(group=group).count() == 0


def test_product_author_from_outside_the_group_is_refused(as_anne, group):
    outsider = PersonFactory()
    response = as_anne.post(
        reverse("library:product_new", args=[group.slug]), product_data(authors=[outsider.pk])
    )
    assert response.status_code == 400
    assert "authors" in response.context["form"].errors
    assert Product.objects.count() == 0


@pytest.mark.parametrize("year", ["", "1800", "twintig"])
def test_product_with_a_bad_year_is_refused(as_anne, group, year):
    response = as_anne.post(
        reverse("library:product_new", args=[group.slug]), product_data(year=year)
    )
    assert response.status_code == 400
    assert "year" in response.context["form"].errors
    assert "Leren transformeren" in response.content.decode()
    assert Product.objects.count() == 0


def test_archived_group_is_read_only(as_anne, group, item):
    group.archived_at = timezone.now()
    group.save()
    for name in ("item_new", "product_new"):
        url = reverse(f"library:{name}", args=[group.slug])
        assert as_anne.get(url).status_code == 403
        assert as_anne.post(url, item_data()).status_code == 403
    response = as_anne.post(entry_url("edit", item), item_data())
    assert response.status_code == 403
    assert as_anne.post(entry_url("share", item), {"visibility": "leden"}).status_code == 403
    assert as_anne.post(entry_url("version", item, number=1)).status_code == 403
    assert PracticeItem.objects.count() == 1
    # Reading stays possible.
    assert as_anne.get(reverse("library:group_items", args=[group.slug])).status_code == 200
    assert as_anne.get(entry_url("versions", item)).status_code == 200


def test_get_only_pages_refuse_other_methods(as_anne, group, item):
    assert as_anne.post(reverse("library:group_items", args=[group.slug])).status_code == 405
    assert as_anne.post(entry_url("versions", item)).status_code == 405
    assert as_anne.delete(entry_url("edit", item)).status_code == 405


def test_posts_need_the_csrf_token(group, anne):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(anne.user)
    response = client.post(reverse("library:item_new", args=[group.slug]), item_data())
    assert response.status_code == 403
    assert PracticeItem.objects.count() == 0


# --- editing ---------------------------------------------------------------------------------


def test_edit_shows_the_current_values(as_anne, item):
    html = as_anne.get(entry_url("edit", item)).content.decode()
    assert "Een buurtbewoner helpt een oudere buurvrouw." in html


def test_edit_saves_a_version_with_the_note(as_anne, item):
    data = item_data(title="Nieuwe titel", note="titel scherper")
    response = as_anne.post(entry_url("edit", item), data)
    assert response.status_code == 302
    latest = item.versions.first()
    assert latest.number == 2
    assert latest.note == "titel scherper"
    assert PracticeItem.objects.get().title == "Nieuwe titel"


def test_edit_bringing_personal_details_into_a_shared_item_is_refused(as_anne, anne, item):
    services.share(anne, item, Visibility.MEMBERS)
    data = item_data(body=f"Cliënt met BSN {BSN} en <script>alert(1)</script>.")
    response = as_anne.post(entry_url("edit", item), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="vondst-1">{BSN}</mark>' in html
    assert "&lt;script&gt;" in html and "<script>alert" not in html
    assert BSN in response.context["form"]["body"].value()
    assert BSN not in PracticeItem.objects.get().body
    assert item.versions.count() == 2  # written, shared


def test_edit_by_a_note_that_is_too_long_is_refused(as_anne, item):
    response = as_anne.post(entry_url("edit", item), item_data(note="x" * 301))
    assert response.status_code == 400
    assert "note" in response.context["form"].errors
    assert item.versions.count() == 1


def test_edit_a_product(as_anne, product):
    response = as_anne.get(entry_url("edit", product))
    assert response.status_code == 200
    data = product_data(
        title="Blog over de buurt",
        summary="Anders samengevat.",
        kind="blog",
        groups=[group.pk for group in product.groups.all()],
    )
    response = as_anne.post(entry_url("edit", product), data)
    assert response.status_code == 302
    assert Product.objects.get().summary == "Anders samengevat."


# --- sharing ---------------------------------------------------------------------------------


def test_share_page_highlights_and_numbers_the_findings(as_anne, anne, group):
    item = services.create_practice_item(
        anne, group, kind="casus", title="Casus", summary="Kort.", body=f"BSN {BSN}, 06-12345678."
    )
    response = as_anne.get(entry_url("share", item))
    html = response.content.decode()
    assert 'id="vondst-1">123456782</mark>' in html
    assert 'id="vondst-2">06-12345678</mark>' in html
    assert len(response.context["findings"]) == 2
    # Anne is no lead: no buttons to mark them as not personal.
    assert 'name="waive"' not in html


def test_share_with_findings_is_refused_with_a_message(as_anne, anne, group):
    item = services.create_practice_item(
        anne, group, kind="casus", title="Casus", summary="Kort.", body=f"BSN {BSN}"
    )
    response = as_anne.post(entry_url("share", item), {"visibility": "leden"})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert PracticeItem.objects.get().visibility == Visibility.GROUP


def test_share_with_members(as_anne, item):
    response = as_anne.post(entry_url("share", item), {"visibility": "leden"})
    assert response.status_code == 302
    assert PracticeItem.objects.get().visibility == Visibility.MEMBERS


def test_asking_for_public_shows_the_review_status(as_anne, item):
    as_anne.post(entry_url("share", item), {"visibility": "iedereen"})
    item.refresh_from_db()
    assert item.review_status == ReviewStatus.PENDING
    html = as_anne.get(entry_url("share", item)).content.decode()
    assert "review-badge--ter_beoordeling" in html
    pending = t(
        "You asked to make it public. A coordinator reviews it first; you get a "
        "notification when that has happened."
    )
    assert pending in html


def test_the_rejection_note_is_shown(as_anne, anne, item):
    services.share(anne, item, Visibility.PUBLIC)
    services.reject(PersonFactory(user=CoordinatorFactory()), item, "Haal de <b>straat</b> weg.")
    html = as_anne.get(entry_url("share", item)).content.decode()
    assert "Haal de &lt;b&gt;straat&lt;/b&gt; weg." in html


@pytest.mark.parametrize("visibility", ["", "geheim"])
def test_share_with_a_bad_choice_is_refused(as_anne, item, visibility):
    response = as_anne.post(entry_url("share", item), {"visibility": visibility})
    assert response.status_code == 400
    assert PracticeItem.objects.get().visibility == Visibility.GROUP


def test_lead_marks_a_finding_not_personal(client, lead, anne, group):
    item = services.create_practice_item(
        anne, group, kind="casus", title="Casus", summary="Kort.", body="Balie: 088-1234567."
    )
    client.force_login(lead.user)
    html = client.get(entry_url("share", item)).content.decode()
    assert 'name="waive"' in html
    (finding,) = services.privacy_findings(item)
    response = client.post(
        entry_url("share", item), {"waive": "1", "key": finding.key, "visibility": "leden"}
    )
    assert response.status_code == 302
    assert services.privacy_findings(PracticeItem.objects.get()) == []


def test_a_member_cannot_waive_by_a_tampered_post(as_anne, anne, group):
    item = services.create_practice_item(
        anne, group, kind="casus", title="Casus", summary="Kort.", body="Balie: 088-1234567."
    )
    (finding,) = services.privacy_findings(item)
    response = as_anne.post(
        entry_url("share", item), {"waive": "1", "key": finding.key, "visibility": "leden"}
    )
    assert response.status_code == 403
    assert PracticeItem.objects.get().not_personal == []


def test_a_lead_cannot_waive_for_public_by_a_tampered_post(client, lead, anne, group):
    item = services.create_practice_item(
        anne, group, kind="casus", title="Casus", summary="Kort.", body="Balie: 088-1234567."
    )
    (finding,) = services.privacy_findings(item)
    client.force_login(lead.user)
    response = client.post(
        entry_url("share", item), {"waive": "1", "key": finding.key, "visibility": "iedereen"}
    )
    assert response.status_code == 403
    response = client.post(
        entry_url("share", item), {"waive": "1", "key": finding.key, "visibility": "koning"}
    )
    assert response.status_code == 400
    assert PracticeItem.objects.get().not_personal == []


# --- history ---------------------------------------------------------------------------------


def test_versions_list_who_when_and_what(as_anne, anne, item):
    services.update_entry(anne, item, title="Nieuwe titel", note="titel scherper")
    response = as_anne.get(entry_url("versions", item))
    html = response.content.decode()
    assert "titel scherper" in html
    assert str(anne) in html
    assert [v.number for v in response.context["history"]] == [2, 1]


def test_version_shows_a_diff_with_everything_escaped(as_anne, anne, item):
    services.update_entry(anne, item, body="Nieuwe <em>tekst</em> hier.")
    response = as_anne.get(entry_url("version", item, number=1))
    html = response.content.decode()
    assert response.status_code == 200
    assert "&lt;em&gt;" in html and "<em>tekst</em>" not in html
    assert "<del>" in html and "<ins>" in html


def test_restoring_a_version(as_anne, anne, item):
    services.update_entry(anne, item, title="Nieuwe titel")
    response = as_anne.post(entry_url("version", item, number=1))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Formeel of informeel?"
    assert item.versions.first().number == 3


def test_restoring_personal_details_into_a_shared_item_is_refused(as_anne, anne, item):
    services.update_entry(anne, item, body=f"BSN {BSN}")
    services.update_entry(anne, item, body="Zonder gegevens.")
    services.share(anne, item, Visibility.MEMBERS)
    response = as_anne.post(entry_url("version", item, number=2))
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.body == "Zonder gegevens."


# --- names for the privacy guard -------------------------------------------------------------


def test_member_adds_and_removes_a_guarded_name(as_anne, group):
    url = reverse("library:guarded_names", args=[group.slug])
    assert as_anne.post(url, {"name": "  Pietersen  "}).status_code == 302
    guarded = GuardedName.objects.get()
    assert guarded.name == "Pietersen"
    assert as_anne.post(url, {"remove": guarded.pk}).status_code == 302
    assert GuardedName.objects.count() == 0


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_a_bad_guarded_name_is_refused(as_anne, group, name):
    url = reverse("library:guarded_names", args=[group.slug])
    response = as_anne.post(url, {"name": name})
    assert response.status_code == 400
    assert GuardedName.objects.count() == 0


def test_a_name_of_another_group_cannot_be_removed(as_anne, group):
    foreign = GuardedName.objects.create(group=LearningGroupFactory(), name="Jansen")
    url = reverse("library:guarded_names", args=[group.slug])
    assert as_anne.post(url, {"remove": foreign.pk}).status_code == 404
    assert as_anne.post(url, {"remove": "abc"}).status_code == 404
    assert GuardedName.objects.count() == 1


def test_another_groups_names_are_not_shown(as_anne, group):
    GuardedName.objects.create(group=LearningGroupFactory(), name="Geheimenaam")
    html = as_anne.get(reverse("library:guarded_names", args=[group.slug])).content.decode()
    assert "Geheimenaam" not in html


# --- review ----------------------------------------------------------------------------------


@pytest.fixture
def coordinator_client(client):
    client.force_login(PersonFactory(user=CoordinatorFactory()).user)
    return client


def test_review_is_for_coordinators_only(client, as_anne, anne, item, lead):
    services.share(anne, item, Visibility.PUBLIC)
    for url in (reverse("library:review"), entry_url("review_entry", item)):
        assert as_anne.get(url).status_code == 403
    client.force_login(lead.user)
    response = client.post(entry_url("review_entry", item), {"action": "approve"})
    assert response.status_code == 403
    assert PracticeItem.objects.get().visibility == Visibility.GROUP


def test_review_queue_lists_pending_entries_oldest_first(
    coordinator_client, anne, group, django_assert_max_num_queries
):
    first = services.create_practice_item(
        anne, group, kind="tip", title="Eerste", summary="a", body="b"
    )
    second = services.create_product(
        anne, relations={"groups": [group]}, kind="blog", title="Tweede", summary="a", year=2020
    )
    services.share(anne, first, Visibility.PUBLIC)
    services.share(anne, second, Visibility.PUBLIC)
    PracticeItemFactory(title="Niet gevraagd")
    coordinator_client.get(reverse("library:review"))  # warm up: the footer's logo renditions
    with django_assert_max_num_queries(LIST_MAX_QUERIES):
        response = coordinator_client.get(reverse("library:review"))
    titles = [entry.title for entry in response.context["entries"]]
    assert titles == ["Eerste", "Tweede"]


def test_coordinator_approves(coordinator_client, anne, item):
    services.share(anne, item, Visibility.PUBLIC)
    html = coordinator_client.get(entry_url("review_entry", item)).content.decode()
    assert "Een buurtbewoner helpt een oudere buurvrouw." in html
    response = coordinator_client.post(entry_url("review_entry", item), {"action": "approve"})
    assert response.status_code == 302
    assert PracticeItem.objects.get().visibility == Visibility.PUBLIC


def test_coordinator_rejects_with_a_required_note(coordinator_client, anne, item):
    services.share(anne, item, Visibility.PUBLIC)
    url = entry_url("review_entry", item)
    response = coordinator_client.post(url, {"action": "reject", "note": ""})
    assert response.status_code == 400
    assert "note" in response.context["reject_form"].errors
    assert PracticeItem.objects.get().review_status == ReviewStatus.PENDING
    response = coordinator_client.post(url, {"action": "reject", "note": "Nog niet."})
    assert response.status_code == 302
    assert PracticeItem.objects.get().review_status == ReviewStatus.REJECTED


def test_approve_is_refused_while_findings_remain(coordinator_client, anne, item):
    services.share(anne, item, Visibility.PUBLIC)
    # The writer changes the text while it waits; the guard still applies at approval.
    PracticeItem.objects.filter(pk=item.pk).update(body="Bel 06-12345678.")
    url = entry_url("review_entry", item)
    response = coordinator_client.get(url)
    assert 'id="vondst-1"' in response.content.decode()
    response = coordinator_client.post(url, {"action": "approve"})
    assert response.status_code == 400
    assert PracticeItem.objects.get().visibility == Visibility.GROUP
    (finding,) = services.privacy_findings(PracticeItem.objects.get())
    data = {"waive": "1", "key": finding.key, "visibility": "iedereen"}
    assert coordinator_client.post(url, data).status_code == 302
    assert coordinator_client.post(url, {"action": "approve"}).status_code == 302
    assert PracticeItem.objects.get().visibility == Visibility.PUBLIC


def test_the_review_queue_pages_through_a_long_queue(coordinator_client, group, anne):
    for number in range(26):
        entry = PracticeItemFactory(group=group, title=f"Vraag {number:02}", created_by=anne)
        services.share(anne, entry, Visibility.PUBLIC)
    url = reverse("library:review")
    html = coordinator_client.get(url).content.decode()
    assert "26 stukken wachten." in html
    assert html.count('class="entry-row"') == 25
    assert "Vraag 00" in html and "Vraag 25" not in html  # oldest request first
    html = coordinator_client.get(url + "?pagina=2").content.decode()
    assert html.count('class="entry-row"') == 1 and "Vraag 25" in html


def test_review_of_an_entry_not_waiting_is_refused(coordinator_client, item):
    url = entry_url("review_entry", item)
    assert coordinator_client.get(url).status_code == 200
    assert coordinator_client.post(url, {"action": "approve"}).status_code == 400
    assert coordinator_client.post(url, {"action": "iets"}).status_code == 400
    assert PracticeItem.objects.get().visibility == Visibility.GROUP


def test_the_dashboard_links_coordinators_to_the_review(coordinator_client):
    html = coordinator_client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("library:review") in html


def test_editing_a_product_keeps_an_author_from_outside_the_group(as_anne, product):
    outsider = PersonFactory(first_name="Olga")
    product.authors.add(outsider)
    data = product_data(
        title="Blog over de buurt",
        kind="blog",
        authors=[outsider.pk],
        groups=[group.pk for group in product.groups.all()],
    )
    response = as_anne.post(entry_url("edit", product), data)
    assert response.status_code == 302
    assert list(Product.objects.get().authors.all()) == [outsider]
