"""The demo activities: the seeds' history and figures, loadable twice without duplicates."""

import datetime

import pytest
from django.db.models import Count
from django.utils import timezone

from werkplaats.activities.demo import load_activities
from werkplaats.activities.models import (
    Activity,
    ActivityKind,
    Attendance,
    Audience,
    Registration,
    RegistrationStatus,
    Venue,
)
from werkplaats.groups.demo import load_groups
from werkplaats.groups.demo_members import load_members
from werkplaats.network.models import Affiliation, Organisation, Person, PersonRole

pytestmark = pytest.mark.django_db

WERKGROEPEN = [
    "werkgroep-doorontwikkeling-sociale-wijkteams",
    "werkgroep-samenwerking-formeel-en-informeel",
]


@pytest.fixture
def demo():
    load_groups()
    load_members()
    return load_activities()


def unique_people(attendance):
    return attendance.aggregate(people=Count("person", distinct=True))["people"]


def werkgroep_meetings():
    return Activity.objects.filter(kind=ActivityKind.MEETING, groups__slug__in=WERKGROEPEN)


def exchanges_and_focus_groups():
    return Activity.objects.filter(
        kind__in=[ActivityKind.EXCHANGE, ActivityKind.FOCUS_GROUP],
        starts_at__year__in=[2016, 2017],
    )


def counts():
    return [
        model.objects.count()
        for model in (Venue, Activity, Person, PersonRole, Affiliation, Registration, Attendance)
    ]


def test_loading_twice_adds_nothing(demo):
    before = counts()
    load_groups()
    load_members()
    load_activities()
    assert counts() == before


def test_more_than_150_unique_people_in_the_exchanges_and_focus_groups(demo):
    activities = exchanges_and_focus_groups()
    assert list(activities.values_list("kind", flat=True)).count(ActivityKind.EXCHANGE) == 3
    assert list(activities.values_list("kind", flat=True)).count(ActivityKind.FOCUS_GROUP) == 4
    attendance = Attendance.objects.filter(activity__in=activities)
    assert unique_people(attendance) == 153
    # People came more than once: more attendance rows than people.
    assert attendance.count() > unique_people(attendance) + 20


def test_about_40_people_in_the_werkgroep_meetings(demo):
    attendance = Attendance.objects.filter(activity__in=werkgroep_meetings())
    assert unique_people(attendance) == 40
    # The werkgroep members of the people demo are among them.
    assert attendance.filter(person__email="lotte.vermeer@example.org").exists()
    assert attendance.filter(person__email="ruud.smits@example.org").exists()


def test_the_figures_module_counts_the_same(demo):
    figures = pytest.importorskip("werkplaats.activities.figures")
    assert figures.participation(exchanges_and_focus_groups())["unique_people"] == 153
    assert figures.participation(werkgroep_meetings().distinct())["unique_people"] == 40


def test_werkgroep_activities_fall_in_the_period_of_the_seeds(demo):
    start = timezone.make_aware(datetime.datetime(2016, 10, 1))
    end = timezone.make_aware(datetime.datetime(2017, 7, 1))
    for activity in werkgroep_meetings() | exchanges_and_focus_groups():
        assert start <= activity.starts_at < end, activity


def test_every_venue_is_in_the_region_and_unknown_addresses_say_so(demo):
    venues = Venue.objects.select_related("municipality")
    assert {venue.municipality.name for venue in venues} >= {
        "Rotterdam",
        "Dordrecht",
        "Schiedam",
        "Barendrecht",
    }
    for venue in venues:
        assert venue.municipality.in_region, venue
        if venue.street_address != "Museumpark 40":
            assert "niet in de bronnen" in venue.name
            assert venue.directions.startswith("Demo:")


def test_the_named_activities_of_the_seeds_exist(demo):
    titles = " | ".join(Activity.objects.values_list("title", flat=True))
    for words in (
        "Werken in wijkteams: kansen en dilemma’s voor de nieuwe sociaal werker",
        "Workshop genogrammen",
        "Gastles",
        "Keukentafelgesprek",
        "Halfjaarevaluatie",
    ):
        assert words in titles
    cafes = Activity.objects.filter(kind=ActivityKind.KNOWLEDGE_CAFE, starts_at__year=2018)
    assert sorted(cafe.starts_at.month for cafe in cafes) == [9, 11, 12]
    for cafe in cafes:
        assert cafe.audience == Audience.PUBLIC
        assert cafe.capacity and cafe.registration_required
        confirmed = cafe.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
        assert 0 < confirmed <= cafe.capacity
        assert cafe.attendance.filter(walk_in=True).exists()
        assert cafe.attendance.filter(registration__isnull=False).exists()


def test_upcoming_demo_activities_keep_the_calendar_alive(demo):
    upcoming = Activity.objects.upcoming().filter(slug__endswith="demo-vervolg")
    by_audience = {activity.audience for activity in upcoming}
    assert by_audience == {Audience.PUBLIC, Audience.MEMBERS, Audience.GROUP}
    for activity in upcoming:
        assert "(demo-vervolg)" in activity.title
        assert "zeggen niets over" in activity.description
    cafe = upcoming.get(kind=ActivityKind.KNOWLEDGE_CAFE)
    assert cafe.capacity == 40
    assert cafe.questions.get().label == "Heeft u dieetwensen?"
    assert cafe.registration_state() == "open"
    full = upcoming.get(slug="workshop-genogrammen-korte-versie-demo-vervolg")
    assert full.registrations.filter(status=RegistrationStatus.CONFIRMED).count() == 12
    assert full.registrations.filter(status=RegistrationStatus.WAITLIST).count() == 3


def test_generated_people_are_fictional_and_work_at_partners(demo):
    partners = set(Organisation.objects.values_list("name", flat=True))
    generated = Person.objects.filter(user__isnull=True, email__endswith="@example.org")
    assert generated.count() > 190
    assert (
        set(
            Affiliation.objects.filter(person__in=generated).values_list(
                "organisation__name", flat=True
            )
        )
        <= partners
    )
    roles = set(PersonRole.objects.filter(person__in=generated).values_list("role", flat=True))
    assert len(roles) >= 7
    assert not generated.filter(work_municipality__in_region=False).exists()
    assert not generated.filter(work_municipality__isnull=True).exists()
