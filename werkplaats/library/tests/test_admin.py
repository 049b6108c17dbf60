"""The Bibliotheek menu of /beheer/: coordinators only; creating and editing go through the
services (a Version with the coordinator as author, the privacy guard before sharing); bad
input re-renders with the reason and the input kept, nothing written; the review queue
approves and turns down; the lists' queries do not grow with the entries."""

import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape
from wagtail.test.utils.form_data import querydict_from_html

from werkplaats.accounts.models import COORDINATORS_GROUP
from werkplaats.core.testing import t
from werkplaats.groups.tests.factories import LearningGroupFactory, MembershipFactory
from werkplaats.library.models import (
    PracticeItem,
    PracticeKind,
    Product,
    ProductKind,
    ReviewStatus,
    Version,
    Visibility,
)
from werkplaats.network.tests.factories import PersonFactory, UserFactory

from .factories import PracticeItemFactory, ProductFactory

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord"  # UserFactory's
PRODUCTS = "/beheer/bibliotheek/producten/"
PRACTICE = "/beheer/bibliotheek/praktijkkennis/"
REVIEW = "/beheer/bibliotheek/beoordelen/"
PHONE = "06 12345678"


@pytest.fixture
def coordinator():
    """A coordinator who signs in for real: in the Coördinatoren group, not a superuser."""
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=COORDINATORS_GROUP))
    return PersonFactory(user=user)


@pytest.fixture
def coordinator_client(coordinator):
    client = Client()
    assert client.login(username=coordinator.user.username, password=PASSWORD)
    return client


MULTI_SELECT = re.compile(r'<select name="(\w+)"[^>]*multiple[^>]*>(.*?)</select>', re.DOTALL)
SELECTED = re.compile(r'<option value="(\d+)"[^>]*selected')


def form_of(client, url):
    """The form as a browser would send it: querydict_from_html picks the first option of a
    multiple select that has none selected, a browser sends nothing."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    form = querydict_from_html(html, form_id="w-editor-form")
    for name, options in MULTI_SELECT.findall(html):
        form.setlist(name, SELECTED.findall(options))
    return form


def new_product_form(client, **values):
    form = form_of(client, PRODUCTS + "new/")
    fill(
        form,
        {
            "kind": ProductKind.PUBLICATION,
            "title": "Op weg naar samenspel",
            "summary": "De bevindingen van werkgroep 2 over formeel en informeel.",
            "year": "2017",
            "aim": "Het samenspel tussen formeel en informeel versterken.",
        },
    )
    fill(form, values)
    return form


def fill(form, values):
    for name, value in values.items():
        form[name] = value  # replaces; QueryDict.update() would add a second value


def submit(client, url, form):
    """Post every value of the form (posting a QueryDict sends only the last of a list)."""
    return client.post(url, dict(form.lists()))


def text(response):
    return response.content.decode()


# --- Access -----------------------------------------------------------------------------------


def test_coordinator_sees_the_library_menu_and_its_pages(coordinator_client):
    menu = text(coordinator_client.get("/beheer/"))
    for url in (PRODUCTS, PRACTICE, REVIEW):
        assert url in menu
        assert coordinator_client.get(url).status_code == 200


@pytest.mark.parametrize("group", [None, "Editors"])
def test_others_get_no_access(group):
    """A member, and a Wagtail editor who is no coordinator: nothing of the library admin."""
    product = ProductFactory()
    item = PracticeItemFactory(visibility=Visibility.MEMBERS, review_status=ReviewStatus.PENDING)
    person = PersonFactory(user=UserFactory(is_staff=group is not None))
    if group:
        person.user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(person.user)
    for url in (
        PRODUCTS,
        PRODUCTS + "new/",
        f"{PRODUCTS}edit/{product.pk}/",
        PRACTICE,
        f"{PRACTICE}edit/{item.pk}/",
        REVIEW,
    ):
        assert client.get(url).status_code in (302, 403), url
    if group:
        assert PRODUCTS not in text(client.get("/beheer/"))
    response = client.post(
        REVIEW, {"kind": "praktijkkennis", "pk": item.pk, "decision": "goedkeuren"}
    )
    assert response.status_code in (302, 403)
    response = client.post(f"{PRODUCTS}edit/{product.pk}/", {"title": "Overgenomen"})
    assert response.status_code in (302, 403)
    item.refresh_from_db()
    product.refresh_from_db()
    assert item.visibility == Visibility.MEMBERS
    assert product.title != "Overgenomen"


def test_visitor_is_sent_to_sign_in():
    response = Client().get(PRODUCTS)
    assert response.status_code == 302
    assert "/beheer/login/" in response["Location"]


# --- Lists ------------------------------------------------------------------------------------


def test_lists_show_kind_audience_review_and_group(coordinator_client):
    group = LearningGroupFactory(name="Werkteam armoede")
    PracticeItemFactory(title="Betaald of onbetaald?", group=group)
    ProductFactory(title="Ruimte voor ontmoeting", year=2017, groups=[group])
    content = text(coordinator_client.get(PRACTICE))
    assert "Betaald of onbetaald?" in content and "Werkteam armoede" in content
    assert escape(str(Visibility.GROUP.label)) in content or t("only the group") in content
    content = text(coordinator_client.get(PRODUCTS))
    assert "Ruimte voor ontmoeting" in content and "2017" in content
    assert "Werkteam armoede" in content


def test_lists_filter_by_kind_visibility_and_review_status(coordinator_client):
    PracticeItemFactory(title="Een dilemma", kind=PracticeKind.DILEMMA)
    PracticeItemFactory(title="Een gouden tip", kind=PracticeKind.TIP, visibility=Visibility.PUBLIC)
    PracticeItemFactory(
        title="Wacht op oordeel", visibility=Visibility.MEMBERS, review_status=ReviewStatus.PENDING
    )
    ProductFactory(title="Een visual", kind=ProductKind.VISUAL, visibility=Visibility.MEMBERS)
    ProductFactory(title="Een bundel")

    def titles(url, **params):
        content = text(coordinator_client.get(url, params))
        candidates = [
            "Een dilemma",
            "Een gouden tip",
            "Wacht op oordeel",
            "Een visual",
            "Een bundel",
        ]
        return {title for title in candidates if title in content}

    assert titles(PRACTICE, kind=PracticeKind.TIP) == {"Een gouden tip"}
    assert titles(PRACTICE, visibility=Visibility.PUBLIC) == {"Een gouden tip"}
    assert titles(PRACTICE, review_status=ReviewStatus.PENDING) == {"Wacht op oordeel"}
    assert titles(PRODUCTS, kind=ProductKind.VISUAL) == {"Een visual"}
    assert titles(PRODUCTS, visibility=Visibility.PUBLIC) == {"Een bundel"}
    assert titles(PRODUCTS, q="bundel") == {"Een bundel"}


def count_queries(client, url):
    client.get(url)  # warm what is cached per process
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("url", [PRODUCTS, PRACTICE, REVIEW])
def test_list_queries_do_not_grow_with_the_entries(
    coordinator_client, django_assert_max_num_queries, url
):
    def add(number):
        for _number in range(number):
            group = LearningGroupFactory()
            PracticeItemFactory(
                group=group, visibility=Visibility.MEMBERS, review_status=ReviewStatus.PENDING
            )
            ProductFactory(
                groups=[group, LearningGroupFactory()],
                visibility=Visibility.MEMBERS,
                review_status=ReviewStatus.PENDING,
            )

    add(2)
    few = count_queries(coordinator_client, url)
    add(22)
    assert count_queries(coordinator_client, url) == few
    with django_assert_max_num_queries(25):
        coordinator_client.get(url)


# --- Create and edit --------------------------------------------------------------------------


def test_coordinator_creates_a_product_and_a_first_version_is_written(
    coordinator_client, coordinator
):
    group = LearningGroupFactory()
    form = new_product_form(coordinator_client)
    form.setlist("groups", [str(group.pk)])
    response = submit(coordinator_client, PRODUCTS + "new/", form)
    assert response.status_code == 302
    product = Product.objects.get(title="Op weg naar samenspel")
    assert product.slug == "op-weg-naar-samenspel"
    assert product.visibility == Visibility.GROUP
    assert product.created_by == coordinator
    assert list(product.groups.all()) == [group]
    version = product.versions.get()
    assert version.number == 1 and version.author == coordinator
    assert version.data["groups"] == [group.pk]


def test_choosing_everyone_publishes_at_once_through_the_services(coordinator_client):
    form = new_product_form(coordinator_client, visibility=Visibility.PUBLIC)
    assert submit(coordinator_client, PRODUCTS + "new/", form).status_code == 302
    product = Product.objects.get(title="Op weg naar samenspel")
    assert product.visibility == Visibility.PUBLIC
    assert product.published_at is not None
    assert product.versions.count() == 2  # written, then made public (a note in the history)


def test_coordinator_writes_practice_knowledge_in_a_group(coordinator_client, coordinator):
    group = LearningGroupFactory(name="Werkgroep 2")
    archived = LearningGroupFactory(name="Oude leerkring", archived_at=timezone.now())
    form = form_of(coordinator_client, PRACTICE + "new/")
    page = text(coordinator_client.get(PRACTICE + "new/"))
    groups = re.search(r'<select name="group".*?</select>', page, re.DOTALL).group(0)
    assert f'value="{group.pk}"' in groups
    assert f'value="{archived.pk}"' not in groups
    fill(
        form,
        {
            "kind": PracticeKind.TIP,
            "group": str(group.pk),
            "title": "Zorg voor een verbinder",
            "summary": "Iemand die formeel en informeel verbindt.",
            "body": "Veelvuldig is gewezen op het belang van een makelaar of verbinder.",
            "visibility": Visibility.MEMBERS,
        },
    )
    form.setlist("roles", ["professional", "bewoner"])
    response = submit(coordinator_client, PRACTICE + "new/", form)
    assert response.status_code == 302
    item = PracticeItem.objects.get(title="Zorg voor een verbinder")
    assert item.group == group
    assert item.roles == ["professional", "bewoner"]
    assert item.visibility == Visibility.MEMBERS
    assert item.versions.order_by("number").first().author == coordinator


def test_editing_records_a_new_version_with_what_changed(coordinator_client, coordinator):
    product = ProductFactory(title="Ruimte voor ontmoeting")
    url = f"{PRODUCTS}edit/{product.pk}/"
    form = form_of(coordinator_client, url)
    assert form["title"] == "Ruimte voor ontmoeting"
    form["summary"] = "De bevindingen van werkgroep 1, gebundeld."
    assert submit(coordinator_client, url, form).status_code == 302
    product.refresh_from_db()
    assert product.summary == "De bevindingen van werkgroep 1, gebundeld."
    version = product.versions.first()
    assert version.author == coordinator
    assert version.changed == ["summary"]


def test_saving_without_changes_writes_no_version(coordinator_client):
    item = PracticeItemFactory()
    url = f"{PRACTICE}edit/{item.pk}/"
    assert submit(coordinator_client, url, form_of(coordinator_client, url)).status_code == 302
    assert Version.objects.count() == 0


def test_the_group_an_item_came_from_cannot_be_changed(coordinator_client):
    item = PracticeItemFactory()
    other = LearningGroupFactory()
    url = f"{PRACTICE}edit/{item.pk}/"
    form = form_of(coordinator_client, url)
    form["group"] = str(other.pk)
    form["title"] = "Nieuwe titel"
    assert submit(coordinator_client, url, form).status_code == 302
    item.refresh_from_db()
    assert item.title == "Nieuwe titel"
    assert item.group != other


def test_missing_title_is_refused_with_input_kept(coordinator_client):
    form = new_product_form(coordinator_client, title="", summary="Mijn samenvatting blijft.")
    response = submit(coordinator_client, PRODUCTS + "new/", form)
    assert response.status_code == 200
    assert "Mijn samenvatting blijft." in text(response)
    assert 'class="error-message"' in text(response) or "w-field--error" in text(response)
    assert not Product.objects.exists()
    assert not Version.objects.exists()


def test_a_year_out_of_range_is_refused(coordinator_client):
    form = new_product_form(coordinator_client, year="1890")
    response = submit(coordinator_client, PRODUCTS + "new/", form)
    assert response.status_code == 200
    assert not Product.objects.exists()


def test_personal_details_stop_sharing_and_nothing_is_written(coordinator_client):
    form = new_product_form(
        coordinator_client,
        visibility=Visibility.MEMBERS,
        contact=f"Bel de moeder op {PHONE}.",
    )
    response = submit(coordinator_client, PRODUCTS + "new/", form)
    content = text(response)
    assert response.status_code == 200
    assert PHONE in content  # the input is kept
    assert "06 12345678" in content and "errorlist" in content
    assert not Product.objects.exists()
    assert not Version.objects.exists()


def test_personal_details_in_an_edit_of_a_public_entry_are_refused(coordinator_client):
    item = PracticeItemFactory(visibility=Visibility.PUBLIC, body="Een verhaal uit de wijk.")
    url = f"{PRACTICE}edit/{item.pk}/"
    form = form_of(coordinator_client, url)
    form["body"] = f"Mevrouw is bereikbaar op {PHONE}."
    response = submit(coordinator_client, url, form)
    assert response.status_code == 200
    assert PHONE in text(response)
    item.refresh_from_db()
    assert item.body == "Een verhaal uit de wijk."
    assert not item.versions.exists()


def test_narrowing_the_audience_goes_through_share(coordinator_client):
    product = ProductFactory(visibility=Visibility.PUBLIC)
    url = f"{PRODUCTS}edit/{product.pk}/"
    form = form_of(coordinator_client, url)
    form["visibility"] = Visibility.MEMBERS
    assert submit(coordinator_client, url, form).status_code == 302
    product.refresh_from_db()
    assert product.visibility == Visibility.MEMBERS
    assert product.published_at is None
    assert product.versions.get().changed == []  # a note, not a change of content


def test_a_coordinator_without_a_person_is_told_why(client):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=COORDINATORS_GROUP))
    client.force_login(user)
    form = new_product_form(client)
    response = submit(client, PRODUCTS + "new/", form)
    assert response.status_code == 200
    assert not Product.objects.exists()


# --- Review -----------------------------------------------------------------------------------


def pending_item(**kwargs):
    writer = PersonFactory()
    item = PracticeItemFactory(
        visibility=Visibility.MEMBERS,
        review_status=ReviewStatus.PENDING,
        created_by=writer,
        **kwargs,
    )
    MembershipFactory(group=item.group, person=writer)
    return item


def test_review_lists_what_waits(coordinator_client):
    item = pending_item(title="Hybride organisaties")
    product = ProductFactory(
        title="Keukentafelgesprekken",
        visibility=Visibility.MEMBERS,
        review_status=ReviewStatus.PENDING,
    )
    PracticeItemFactory(title="Al openbaar", visibility=Visibility.PUBLIC)
    content = text(coordinator_client.get(REVIEW))
    assert "Hybride organisaties" in content and "Keukentafelgesprekken" in content
    assert "Al openbaar" not in content
    assert f"{PRACTICE}edit/{item.pk}/" in content
    assert f"{PRODUCTS}edit/{product.pk}/" in content


def test_approving_makes_an_entry_public(coordinator_client, coordinator):
    item = pending_item()
    response = coordinator_client.post(
        REVIEW, {"kind": "praktijkkennis", "pk": item.pk, "decision": "goedkeuren"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.visibility == Visibility.PUBLIC
    assert item.reviewed_by == coordinator


def test_approving_is_refused_while_the_privacy_guard_finds_something(coordinator_client):
    item = pending_item(body=f"Bel {PHONE}.")
    response = coordinator_client.post(
        REVIEW, {"kind": "praktijkkennis", "pk": item.pk, "decision": "goedkeuren"}
    )
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.visibility == Visibility.MEMBERS
    assert item.review_status == ReviewStatus.PENDING


def test_turning_down_needs_a_note_and_keeps_the_choice(coordinator_client):
    item = pending_item()
    response = coordinator_client.post(
        REVIEW, {"kind": "praktijkkennis", "pk": item.pk, "decision": "afwijzen", "note": " "}
    )
    assert response.status_code == 400
    assert escape(t("Say why you turn it down, so the group knows what to change.")) in text(
        response
    )
    item.refresh_from_db()
    assert item.review_status == ReviewStatus.PENDING

    response = coordinator_client.post(
        REVIEW,
        {
            "kind": "praktijkkennis",
            "pk": item.pk,
            "decision": "afwijzen",
            "note": "Haal de naam van de wijk eruit.",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.review_status == ReviewStatus.REJECTED
    assert item.review_note == "Haal de naam van de wijk eruit."
    assert item.visibility == Visibility.MEMBERS


def test_review_refuses_bad_requests(coordinator_client):
    item = pending_item()
    assert coordinator_client.post(REVIEW, {"kind": "iets", "pk": item.pk}).status_code == 404
    assert coordinator_client.post(REVIEW, {"kind": "producten", "pk": "x"}).status_code == 404
    response = coordinator_client.post(REVIEW, {"kind": "praktijkkennis", "pk": item.pk})
    assert response.status_code == 400
    done = PracticeItemFactory(visibility=Visibility.PUBLIC)
    response = coordinator_client.post(
        REVIEW, {"kind": "praktijkkennis", "pk": done.pk, "decision": "goedkeuren"}
    )
    assert response.status_code == 409
    assert coordinator_client.put(REVIEW).status_code == 405
