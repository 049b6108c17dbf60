"""/mensen/<handle>/: each part of a profile shows only to whom the person allows."""

import pytest
from django.contrib.auth.models import Group

from werkplaats.accounts.models import COORDINATORS_GROUP
from werkplaats.network.models import Visibility
from werkplaats.network.permissions import is_partner_contact
from werkplaats.website.tests.html import main

from .factories import (
    AffiliationFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PersonFactory,
    PersonRoleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# What each part shows on the page when visible.
PART_TEXT = {
    "photo": "/mensen/sanne/foto/?v=",
    "email": "sanne@example.org",
    "organisations": "Hogeschool Rotterdam",
    "roles": "Docentonderzoeker",
    "municipality": "Schiedam",
    "bio": "Ik onderzoek wijkteams.",
}


@pytest.fixture
def sanne(db):
    person = PersonFactory(
        first_name="Sanne",
        last_name="Bakker",
        handle="sanne",
        email="sanne@example.org",
        user__email="sanne@example.org",
        photo="people/photos/sanne.png",
        work_municipality=MunicipalityFactory(name="Schiedam"),
        bio="Ik onderzoek wijkteams.",
    )
    AffiliationFactory(person=person, organisation=OrganisationFactory(name="Hogeschool Rotterdam"))
    PersonRoleFactory(person=person, role="docentonderzoeker")
    return person


def set_all(person, level, name=Visibility.PUBLIC):
    person.name_visibility = name
    for part in PART_TEXT:
        setattr(person, f"{part}_visibility", level)
    person.save()


def as_viewer(client, viewer, sanne):
    if viewer == "visitor":
        return client
    if viewer == "member":
        client.force_login(PersonFactory().user)
    elif viewer == "coordinator":
        user = UserFactory()
        user.groups.add(Group.objects.get_or_create(name=COORDINATORS_GROUP)[0])
        PersonFactory(user=user)
        client.force_login(user)
    elif viewer == "self":
        client.force_login(sanne.user)
    return client


# (part visibility, viewer) -> shown?
MATRIX = [
    (Visibility.PUBLIC, "visitor", True),
    (Visibility.PUBLIC, "member", True),
    (Visibility.PUBLIC, "coordinator", True),
    (Visibility.PUBLIC, "self", True),
    (Visibility.MEMBERS, "visitor", False),
    (Visibility.MEMBERS, "member", True),
    (Visibility.MEMBERS, "coordinator", True),
    (Visibility.MEMBERS, "self", True),
    (Visibility.NOBODY, "visitor", False),
    (Visibility.NOBODY, "member", False),
    (Visibility.NOBODY, "coordinator", True),
    (Visibility.NOBODY, "self", True),
]


@pytest.mark.parametrize("part", list(PART_TEXT))
@pytest.mark.parametrize(("level", "viewer", "shown"), MATRIX)
def test_profile_part_is_shown_only_to_whom_it_may_be(client, sanne, part, level, viewer, shown):
    set_all(sanne, Visibility.NOBODY)
    setattr(sanne, f"{part}_visibility", level)
    sanne.save()
    response = as_viewer(client, viewer, sanne).get("/mensen/sanne/")
    assert response.status_code == 200
    content = str(main(response))
    assert (PART_TEXT[part] in content) is shown
    # Nothing else leaks for viewers who may see no other part.
    if viewer in ("visitor", "member"):
        for other, text in PART_TEXT.items():
            if other != part:
                assert text not in content


@pytest.mark.parametrize(
    ("level", "viewer", "status"),
    [
        (Visibility.PUBLIC, "visitor", 200),
        (Visibility.MEMBERS, "visitor", 404),
        (Visibility.MEMBERS, "member", 200),
        (Visibility.NOBODY, "visitor", 404),
        (Visibility.NOBODY, "member", 404),
        (Visibility.NOBODY, "coordinator", 200),
        (Visibility.NOBODY, "self", 200),
    ],
)
def test_page_exists_only_for_who_may_see_the_name(client, sanne, level, viewer, status):
    set_all(sanne, Visibility.PUBLIC, name=level)
    response = as_viewer(client, viewer, sanne).get("/mensen/sanne/")
    assert response.status_code == status
    if status == 200:
        assert "Sanne Bakker" in response.content.decode()


def test_unknown_handle_is_404(client):
    assert client.get("/mensen/niemand/").status_code == 404


def test_page_is_not_indexed_by_search_engines(client, sanne):
    set_all(sanne, Visibility.PUBLIC)
    assert '<meta name="robots" content="noindex">' in client.get("/mensen/sanne/").content.decode()


def test_own_page_links_to_the_profile_form(client, sanne):
    client.force_login(sanne.user)
    assert 'href="/mijn/profiel/"' in client.get("/mensen/sanne/").content.decode()


def test_person_page_queries_are_bounded(client, sanne, settings, django_assert_max_num_queries):
    """The person with roles and affiliations: three queries; the site's frame takes the rest."""
    settings.PAGE_CACHE_SECONDS = 0
    set_all(sanne, Visibility.PUBLIC)
    client.get("/mensen/sanne/")  # warm-up: image renditions
    with django_assert_max_num_queries(11):
        client.get("/mensen/sanne/")


def test_partner_contact_is_recognised(sanne):
    organisation = OrganisationFactory(name="Gemeente Schiedam")
    assert not is_partner_contact(sanne.user)
    sanne.contact_for.add(organisation)
    sanne.user._werkplaats_person = None
    del sanne.user._werkplaats_person
    assert is_partner_contact(sanne.user)


def test_visitor_is_no_partner_contact():
    from django.contrib.auth.models import AnonymousUser

    assert not is_partner_contact(AnonymousUser())


@pytest.mark.parametrize(
    ("preview", "shown"),
    [("bezoeker", {"bio"}), ("lid", {"bio", "roles"}), ("", set(PART_TEXT))],
)
def test_person_previews_their_page_as_others_see_it(client, sanne, preview, shown):
    set_all(sanne, Visibility.NOBODY)
    sanne.bio_visibility = Visibility.PUBLIC
    sanne.roles_visibility = Visibility.MEMBERS
    sanne.save()
    client.force_login(sanne.user)
    content = str(main(client.get("/mensen/sanne/", {"bekijk-als": preview})))
    assert {part for part, text in PART_TEXT.items() if text in content} == shown


def test_preview_parameter_gives_others_nothing_extra(client, sanne):
    set_all(sanne, Visibility.NOBODY)
    client.force_login(PersonFactory().user)
    content = str(main(client.get("/mensen/sanne/", {"bekijk-als": "lid"})))
    assert not [part for part, text in PART_TEXT.items() if text in content]
