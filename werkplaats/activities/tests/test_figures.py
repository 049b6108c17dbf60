"""Participation figures: unique people by kind, role, organisation and municipality, counted in
SQL with a fixed number of queries; the coordinators' and the group's figures pages.

The data set is the seeds' question in small: three exchanges and four focus groups, people
who came to several, people without a role, organisation or municipality.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from werkplaats.activities import figures
from werkplaats.activities.models import ActivityKind, Attendance
from werkplaats.core.testing import t
from werkplaats.groups.tests.factories import LeadFactory, LearningGroupFactory
from werkplaats.network.models import Role
from werkplaats.network.tests.factories import (
    AffiliationFactory,
    CoordinatorFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PersonFactory,
    PersonRoleFactory,
)

from .factories import ActivityFactory

pytestmark = pytest.mark.django_db

EXCHANGE, FOCUS_GROUP, MEETING = (
    ActivityKind.EXCHANGE,
    ActivityKind.FOCUS_GROUP,
    ActivityKind.MEETING,
)


def at(year, month, day, hour=14, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def activity(kind, when, **kwargs):
    return ActivityFactory(kind=kind, starts_at=when, venue=None, **kwargs)


def person(roles=(), organisations=(), municipality=None):
    someone = PersonFactory(user=None, email=None, work_municipality=municipality)
    for role in roles:
        PersonRoleFactory(person=someone, role=role)
    for organisation in organisations:
        AffiliationFactory(person=someone, organisation=organisation)
    return someone


def attend(someone, *activities):
    for one in activities:
        Attendance.objects.create(activity=one, person=someone)


@pytest.fixture
def seeds():
    """3 exchanges and 4 focus groups in 2017, a meeting and a cancelled exchange in 2017 and an
    exchange in 2018; five people at the seven, a sixth only at the others."""
    group = LearningGroupFactory(name="Werkgroep Eenzaamheid")
    rotterdam = MunicipalityFactory(name="Rotterdam")
    dordrecht = MunicipalityFactory(name="Dordrecht")
    team = OrganisationFactory(name="Wijkteam Feijenoord")
    welfare = OrganisationFactory(name="Stichting Welzijn Dordrecht")

    e1 = activity(EXCHANGE, at(2017, 1, 1, 0, 0), groups=[group])  # the first minute counts
    e2 = activity(EXCHANGE, at(2017, 3, 14))
    e3 = activity(EXCHANGE, at(2017, 12, 31, 23, 30))  # and the last half hour
    f1, f2, f3 = (activity(FOCUS_GROUP, at(2017, month, 10), groups=[group]) for month in (2, 5, 9))
    f4 = activity(FOCUS_GROUP, at(2017, 11, 2))
    meeting = activity(MEETING, at(2017, 6, 1), groups=[group])
    cancelled = activity(EXCHANGE, at(2017, 7, 1), cancelled_at=at(2017, 6, 20))
    later = activity(EXCHANGE, at(2018, 1, 1, 0, 0))

    p1 = person([Role.PROFESSIONAL], [team], rotterdam)
    p2 = person([Role.PROFESSIONAL, Role.VOLUNTEER], [team, welfare], dordrecht)
    p3 = person([Role.RESIDENT])
    p4 = person([], [welfare], rotterdam)
    p5 = person([Role.STUDENT], [], dordrecht)
    p6 = person([Role.POLICY_MAKER], [team], rotterdam)
    attend(p1, e1, e2, f1)
    attend(p2, e1, f1, f2)
    attend(p3, f3, f4)
    attend(p4, e3)
    attend(p5, e2, e3, f4)
    attend(p6, meeting, cancelled, later)
    return {"group": group, "people": [p1, p2, p3, p4, p5, p6]}


def seven():
    return figures.period_activities(
        datetime.date(2017, 1, 1), datetime.date(2017, 12, 31), kinds=[EXCHANGE, FOCUS_GROUP]
    )


def test_unique_people_in_three_exchanges_and_four_focus_groups(seeds):
    result = figures.participation(seven())
    unknown = t("Unknown", translation.get_language())
    assert result == {
        "activities": 7,
        "attendances": 12,
        "unique_people": 5,
        "by_kind": [(str(FOCUS_GROUP.label), 4), (str(EXCHANGE.label), 4)],  # ties by code
        "by_role": [
            (str(Role.PROFESSIONAL.label), 2),
            (str(Role.RESIDENT.label), 1),  # ties by code: bewoner, student, vrijwilliger
            (str(Role.STUDENT.label), 1),
            (str(Role.VOLUNTEER.label), 1),
            (unknown, 1),
        ],
        "by_organisation": [
            ("Stichting Welzijn Dordrecht", 2),
            ("Wijkteam Feijenoord", 2),
            (unknown, 2),
        ],
        "by_municipality": [("Dordrecht", 2), ("Rotterdam", 2), (unknown, 1)],
    }


def test_the_headline_answers_the_seeds_question(seeds):
    activities = seven()
    with translation.override("en"):
        text = figures.headline(
            figures.participation(activities), figures.activities_by_kind(activities)
        )
    assert text == "5 unique people in 4 focus groups and 3 exchanges"


def test_period_without_kinds_counts_every_kind_but_not_cancelled_or_outside(seeds):
    activities = figures.period_activities(datetime.date(2017, 1, 1), datetime.date(2017, 12, 31))
    result = figures.participation(activities)
    assert result["activities"] == 8  # the seven and the meeting; not the cancelled exchange
    assert result["unique_people"] == 6
    assert result["attendances"] == 13


def test_period_ends_include_the_whole_last_day(seeds):
    december = figures.period_activities(datetime.date(2017, 12, 31), datetime.date(2017, 12, 31))
    assert december.count() == 1
    january = figures.period_activities(datetime.date(2018, 1, 1), datetime.date(2018, 1, 1))
    assert january.count() == 1


def test_group_figures_count_only_the_groups_activities(seeds):
    activities = figures.period_activities(
        datetime.date(2017, 1, 1), datetime.date(2017, 12, 31), group=seeds["group"]
    )
    result = figures.participation(activities)
    assert result["activities"] == 5  # e1, f1, f2, f3 and the meeting
    assert result["unique_people"] == 4  # p1, p2, p3, p6


def test_figures_take_seven_queries_whatever_the_size(seeds, django_assert_num_queries):
    with django_assert_num_queries(7):
        small = figures.participation(seven())
    more = ActivityFactory.create_batch(3, kind=EXCHANGE, starts_at=at(2017, 4, 4), venue=None)
    for number in range(30):
        attend(person([Role.CARER], [], None), *more[: 1 + number % 3])
    with django_assert_num_queries(7):
        large = figures.participation(seven())
    assert large["unique_people"] == small["unique_people"] + 30


def test_nobody_present_gives_zeros(db):
    activities = figures.period_activities(datetime.date(1990, 1, 1), datetime.date(1990, 12, 31))
    result = figures.participation(activities)
    assert result["unique_people"] == 0
    assert result["by_role"] == []
    with translation.override("en"):
        assert figures.headline(result, []) == "No activities in this period."


# --- the pages -------------------------------------------------------------------------------


@pytest.fixture
def coordinator(client):
    client.force_login(CoordinatorFactory())


def test_figures_page_shows_the_tables(client, coordinator, seeds):
    response = client.get(
        reverse("activities:figures"),
        {"van": "2017-01-01", "tot": "2017-12-31", "soort": [EXCHANGE, FOCUS_GROUP]},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["figures"]["unique_people"] == 5
    assert response.context["headline"] in html
    assert '<th scope="col" class="num">' in html
    assert t("By municipality of work") in html
    assert "Wijkteam Feijenoord" in html


def test_figures_page_defaults_to_this_year(client, coordinator):
    response = client.get(reverse("activities:figures"))
    today = timezone.localdate()
    assert response.status_code == 200
    assert response.context["start"] == datetime.date(today.year, 1, 1)
    assert response.context["end"] == datetime.date(today.year, 12, 31)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"van": "2017-12-31", "tot": "2017-01-01"}, "The end date is before the start date."),
        ({"van": "2017-13-45", "tot": "2017-12-31"}, "Fill in a valid date"),
        ({"van": "gisteren", "tot": ""}, "Fill in a valid date"),
        ({"van": "2017-01-01", "tot": "2017-12-31", "soort": "vergadering"}, "Choose kinds"),
    ],
)
def test_bad_period_is_400_with_a_message_and_the_input_kept(client, coordinator, query, message):
    response = client.get(reverse("activities:figures"), query)
    assert response.status_code == 400
    html = response.content.decode()
    expected = {
        "The end date is before the start date.": t(
            "The end date is before the start date. Choose a later end date."
        ),
        "Fill in a valid date": t("Fill in a valid date, for example 2017-01-31."),
        "Choose kinds": t("Choose kinds from the list."),
    }[message]
    assert expected in html
    assert f'value="{query["van"]}"' in html
    assert response.context["figures"] is None


def test_dutch_dates_are_understood(client, coordinator, seeds):
    response = client.get(reverse("activities:figures"), {"van": "1-1-2017", "tot": "31-12-2017"})
    assert response.status_code == 200
    assert response.context["figures"]["activities"] == 8


def test_group_figures_page_shows_the_groups_activities(client, seeds):
    group = seeds["group"]
    client.force_login(LeadFactory(group=group).person.user)
    response = client.get(
        reverse("activities:group_figures", kwargs={"slug": group.slug}),
        {"van": "2017-01-01", "tot": "2017-12-31"},
    )
    assert response.status_code == 200
    assert response.context["figures"]["unique_people"] == 4


def test_group_figures_default_to_the_groups_period(client, seeds):
    group = seeds["group"]
    client.force_login(LeadFactory(group=group).person.user)
    response = client.get(reverse("activities:group_figures", kwargs={"slug": group.slug}))
    assert response.context["start"] == group.starts_on


def test_unknown_group_is_404(client, coordinator):
    response = client.get(reverse("activities:group_figures", kwargs={"slug": "bestaat-niet"}))
    assert response.status_code == 404
