"""The Groepen menu of the Wagtail admin: coordinators list, filter and edit groups and members."""

import pytest
from django.utils import timezone

from werkplaats.groups.models import LearningGroup, MemberRole
from werkplaats.network.tests.factories import CoordinatorFactory

from .factories import LearningGroupFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client):
    user = CoordinatorFactory()
    client.force_login(user)
    return user


def test_admin_lists_groups_filtered_by_kind(client, coordinator):
    LearningGroupFactory(name="Werkteam Armoede", kind="werkteam")
    LearningGroupFactory(name="Leerkring Rotterdam", kind="leerkring")
    content = client.get("/beheer/groepen/", {"kind": "werkteam"}).content.decode()
    assert "Werkteam Armoede" in content
    assert "Leerkring Rotterdam" not in content


def test_admin_lists_groups_filtered_by_archived(client, coordinator):
    LearningGroupFactory(name="Lopend werkteam")
    LearningGroupFactory(name="Afgeronde werkgroep", archived_at=timezone.now())
    content = client.get("/beheer/groepen/", {"archived": "true"}).content.decode()
    assert "Afgeronde werkgroep" in content
    assert "Lopend werkteam" not in content


def test_admin_edits_a_group(client, coordinator):
    group = LearningGroupFactory()
    response = client.get(f"/beheer/groepen/edit/{group.pk}/")
    assert response.status_code == 200


def test_admin_lists_memberships_of_one_group(client, coordinator):
    group = LearningGroupFactory()
    MembershipFactory(group=group, person__first_name="Binnen")
    MembershipFactory(person__first_name="Buiten")
    content = client.get("/beheer/lidmaatschappen/", {"group": group.pk}).content.decode()
    assert "Binnen" in content
    assert "Buiten" not in content


def test_admin_changes_a_membership_role(client, coordinator):
    membership = MembershipFactory()
    response = client.post(
        f"/beheer/lidmaatschappen/edit/{membership.pk}/",
        {
            "group": membership.group.pk,
            "person": membership.person.pk,
            "role": MemberRole.LEAD,
            "started_on": "2017-11-01",
            "ended_on": "",
        },
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == MemberRole.LEAD


def test_admin_lists_work_programmes(client, coordinator):
    assert client.get("/beheer/werkprogrammas/").status_code == 200


def test_admin_is_for_coordinators_only(client):
    from werkplaats.network.tests.factories import PersonFactory

    client.force_login(PersonFactory().user)
    response = client.get("/beheer/groepen/")
    assert response.status_code in (302, 403)
    assert LearningGroup.objects.count() == 0
