"""`manage.py load_demo` builds the whole demo Werkplaats: website, network, groups, members and
one lived-in workspace; running it again adds nothing twice."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from werkplaats.accounts.management.commands import load_demo as command
from werkplaats.groups.models import ActionItem, LearningGroup, Meeting, Membership, Post
from werkplaats.network.models import Organisation, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def credentials(tmp_path, monkeypatch):
    """Keep the demo passwords out of the developer's var/."""
    monkeypatch.setattr(command, "CREDENTIALS_FILE", tmp_path / "coordinator.txt")
    monkeypatch.setattr(command, "DEMO_CREDENTIALS_FILE", tmp_path / "demo-members.txt")
    return tmp_path


def load_demo(*args):
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def counts():
    return {
        "people": Person.objects.count(),
        "organisations": Organisation.objects.count(),
        "groups": LearningGroup.objects.count(),
        "memberships": Membership.objects.count(),
        "posts": Post.objects.count(),
        "meetings": Meeting.objects.count(),
        "actions": ActionItem.objects.count(),
    }


def test_second_run_adds_nothing(credentials):
    load_demo()
    first = counts()

    load_demo()

    assert counts() == first


def test_demo_has_the_werkteams_with_members_and_a_lived_in_workspace(credentials):
    load_demo("--no-accounts")

    werkteams = LearningGroup.objects.filter(kind="werkteam")
    assert werkteams.count() == 4
    lived_in = LearningGroup.objects.get(slug="werkteam-preventie-intergenerationele-problematiek")
    assert lived_in.memberships.current().filter(role="trekker").exists()
    assert lived_in.posts.filter(parent__isnull=True).count() >= 4
    assert lived_in.posts.filter(parent__isnull=False).exists()
    assert lived_in.meetings.exclude(learned="").exists()
    assert lived_in.actions.filter(kind="besluit").exists()


def test_demo_people_are_fictional_and_work_at_the_partners(credentials):
    load_demo("--no-accounts")

    demo_people = Person.objects.filter(email__endswith="@example.org")
    assert demo_people.count() >= 20
    partner_names = set(Organisation.objects.values_list("name", flat=True))
    for person in demo_people.prefetch_related("affiliations__organisation"):
        for affiliation in person.affiliations.all():
            assert affiliation.organisation.name in partner_names


def test_demo_accounts_can_sign_in_with_the_printed_password(credentials):
    output = load_demo()

    member_password = (credentials / "demo-members.txt").read_text().strip()
    coordinator_password = (credentials / "coordinator.txt").read_text().strip()
    assert member_password in output and coordinator_password in output
    marieke = authenticate(username="marieke.dijkstra@example.org", password=member_password)
    assert marieke is not None and marieke.person.handle == "marieke-dijkstra"
    coordinator = authenticate(username="coordinator@example.org", password=coordinator_password)
    assert coordinator is not None and coordinator.is_coordinator
    assert coordinator.person is not None
