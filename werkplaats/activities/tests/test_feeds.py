"""iCalendar: one activity, the public calendar, a group's calendar and a member's private feed
— who sees which activity, the online link only where it belongs, and bounded feeds."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from werkplaats.activities.models import Audience, RegistrationStatus
from werkplaats.activities.services import calendar_feed_for, reset_calendar_feed
from werkplaats.groups.tests.factories import LearningGroupFactory, MembershipFactory
from werkplaats.network.tests.factories import CoordinatorFactory, PersonFactory

from .factories import ActivityFactory, PastActivityFactory, RegistrationFactory, in_days

pytestmark = pytest.mark.django_db

PUBLIC_FEED = reverse("activities:public_feed")
ONLINE = "https://meet.example.org/werkplaats"


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def private_url(person):
    return reverse("activities:private_feed", args=[calendar_feed_for(person).key])


@pytest.fixture
def audiences():
    group = LearningGroupFactory(name="Werkteam Zingeving")
    return {
        "group": group,
        "public": ActivityFactory(title="Openbaar", groups=[group], online_url=ONLINE),
        "members": ActivityFactory(title="Leden", audience=Audience.MEMBERS, groups=[group]),
        "own": ActivityFactory(title="Eigen groep", audience=Audience.GROUP, groups=[group]),
        "other": ActivityFactory(
            title="Andere groep", audience=Audience.GROUP, groups=[LearningGroupFactory()]
        ),
    }


# --- One activity ---------------------------------------------------------------------------


def test_activity_ics_holds_the_activity_without_online_link(client):
    activity = ActivityFactory(title="Kenniscafé Armoede", online_url=ONLINE)
    response = client.get(reverse("activities:activity_ics", args=[activity.slug]))
    event = events(response)["Kenniscafé Armoede"]
    assert ONLINE not in response.content.decode()
    assert event.decoded("dtstart") == activity.starts_at
    assert "Wijkcentrum" in str(event["LOCATION"])
    assert 'filename="' in response["Content-Disposition"]


def test_activity_ics_of_a_hidden_activity_is_404(client, audiences):
    url = reverse("activities:activity_ics", args=[audiences["own"].slug])
    assert client.get(url).status_code == 404
    client.force_login(PersonFactory().user)
    assert client.get(url).status_code == 404
    client.force_login(MembershipFactory(group=audiences["group"]).person.user)
    assert client.get(url).status_code == 200


# --- Public and group feeds -----------------------------------------------------------------


def test_public_feed_holds_only_public_activities(client, audiences):
    found = events(client.get(PUBLIC_FEED))
    assert set(found) == {"Openbaar"}
    assert ONLINE not in str(found["Openbaar"]["DESCRIPTION"])


def test_public_feed_is_the_same_for_a_signed_in_coordinator(client, audiences):
    client.force_login(CoordinatorFactory())
    assert set(events(client.get(PUBLIC_FEED))) == {"Openbaar"}


def test_public_feed_is_bounded_to_recent_and_upcoming(client):
    ActivityFactory(title="Straks")
    PastActivityFactory(title="Vorige maand", starts_at=in_days(-30))
    PastActivityFactory(title="Lang geleden", starts_at=in_days(-200))
    assert set(events(client.get(PUBLIC_FEED))) == {"Straks", "Vorige maand"}


def test_public_feed_marks_cancelled_activities(client):
    from django.utils import timezone

    ActivityFactory(title="Afgelast", cancelled_at=timezone.now())
    assert str(events(client.get(PUBLIC_FEED))["Afgelast"]["STATUS"]) == "CANCELLED"


def test_group_feed_holds_the_groups_public_activities(client, audiences):
    ActivityFactory(title="Van een ander", groups=[LearningGroupFactory()])
    url = reverse("activities:group_feed", args=[audiences["group"].slug])
    assert set(events(client.get(url))) == {"Openbaar"}
    client.force_login(MembershipFactory(group=audiences["group"]).person.user)
    assert set(events(client.get(url))) == {"Openbaar"}


def test_group_feed_of_unknown_group_is_404(client):
    url = reverse("activities:group_feed", args=["bestaat-niet"])
    assert client.get(url).status_code == 404


# --- Private feeds --------------------------------------------------------------------------


def test_private_feed_of_a_member_holds_public_and_members_activities(client, audiences):
    person = PersonFactory()
    assert set(events(client.get(private_url(person)))) == {"Openbaar", "Leden"}


def test_private_feed_of_a_group_member_holds_the_groups_own_activity(client, audiences):
    person = MembershipFactory(group=audiences["group"]).person
    assert set(events(client.get(private_url(person)))) == {"Openbaar", "Leden", "Eigen groep"}


def test_private_feed_of_a_coordinator_holds_every_activity(client, audiences):
    person = PersonFactory(user=CoordinatorFactory())
    assert set(events(client.get(private_url(person)))) == {
        "Openbaar",
        "Leden",
        "Eigen groep",
        "Andere groep",
    }


def test_private_feed_gives_the_online_link_only_where_confirmed(client, audiences):
    person = PersonFactory()
    other = ActivityFactory(title="Ook online", online_url=ONLINE + "/2")
    RegistrationFactory(person=person, activity=audiences["public"])
    RegistrationFactory(person=person, activity=other, status=RegistrationStatus.WAITLIST)
    found = events(client.get(private_url(person)))
    assert ONLINE in str(found["Openbaar"]["DESCRIPTION"])
    assert ONLINE + "/2" not in str(found["Ook online"]["DESCRIPTION"])


def test_private_feed_needs_no_sign_in_and_is_not_cached(client, audiences):
    response = client.get(private_url(PersonFactory()))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_private_feed_with_unknown_or_old_key_is_404(client):
    person = PersonFactory()
    old = private_url(person)
    reset_calendar_feed(person)
    assert client.get(old).status_code == 404
    unknown = reverse("activities:private_feed", args=["bestaat-niet"])
    assert client.get(unknown).status_code == 404


def test_private_feed_of_a_deactivated_account_is_404(client):
    person = PersonFactory()
    url = private_url(person)
    person.user.is_active = False
    person.user.save()
    assert client.get(url).status_code == 404


def test_private_feed_is_bounded(client):
    person = PersonFactory()
    PastActivityFactory(title="Lang geleden", starts_at=in_days(-200))
    ActivityFactory(title="Straks")
    assert set(events(client.get(private_url(person)))) == {"Straks"}
