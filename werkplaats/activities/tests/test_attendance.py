"""The organisers' pages: sign-ups, the attendance list at the door, the tick and walk-in
endpoints, and who may open them.

Visitors are sent to sign in; members, members of another group and group leads of other
groups get a 404 (an activity's personal data does not reveal itself); a refused tick or
walk-in writes nothing.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from werkplaats.activities.models import Attendance, RegistrationStatus
from werkplaats.core.testing import t
from werkplaats.groups.tests.factories import (
    LeadFactory,
    LearningGroupFactory,
    MembershipFactory,
)
from werkplaats.network.models import Affiliation, Person, PersonRole
from werkplaats.network.tests.factories import (
    CoordinatorFactory,
    OrganisationFactory,
    PersonFactory,
)

from .factories import (
    ExtraQuestionFactory,
    PastActivityFactory,
    RegistrationFactory,
    VisitorRegistrationFactory,
)

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}
NOT_SIGNED_UP = (
    "This person is not signed up for this activity. Add them with the walk-in form instead."
)


@pytest.fixture
def group():
    return LearningGroupFactory()


@pytest.fixture
def activity(group):
    return PastActivityFactory(title="Uitwisseling Dordrecht", groups=[group])


@pytest.fixture
def lead(group):
    return LeadFactory(group=group).person


@pytest.fixture
def organiser(client, lead):
    client.force_login(lead.user)
    return lead


def sign_in(client, who, group):
    """Sign in as one of: visitor, member, other_member, other_lead, lead, coordinator."""
    if who == "visitor":
        return
    if who == "coordinator":
        client.force_login(CoordinatorFactory())
        return
    user = {
        "member": lambda: MembershipFactory(group=group),
        "other_member": lambda: MembershipFactory(),
        "other_lead": lambda: LeadFactory(),
        "lead": lambda: LeadFactory(group=group),
    }[who]().person.user
    client.force_login(user)


def url(name, activity):
    return reverse(f"activities:{name}", kwargs={"slug": activity.slug})


# --- who gets in -----------------------------------------------------------------------------

EXPECTED = {
    "visitor": 302,
    "member": 404,
    "other_member": 404,
    "other_lead": 404,
    "lead": 200,
    "coordinator": 200,
}


@pytest.mark.parametrize("name", ["registrations", "attendance"])
@pytest.mark.parametrize("who", EXPECTED)
def test_organisers_pages_are_for_organisers_only(client, group, activity, name, who):
    sign_in(client, who, group)
    response = client.get(url(name, activity))
    assert response.status_code == EXPECTED[who]
    if who == "visitor":
        assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("who", EXPECTED)
def test_group_figures_are_for_the_groups_leads_and_coordinators(client, group, who):
    sign_in(client, who, group)
    response = client.get(reverse("activities:group_figures", kwargs={"slug": group.slug}))
    assert response.status_code == EXPECTED[who]


@pytest.mark.parametrize("who", EXPECTED)
def test_figures_are_for_coordinators_only(client, group, who):
    sign_in(client, who, group)
    response = client.get(reverse("activities:figures"))
    expected = {"visitor": 302, "coordinator": 200}.get(who, 404)
    assert response.status_code == expected


@pytest.mark.parametrize("who", ["visitor", "member", "other_member", "other_lead"])
@pytest.mark.parametrize("headers", [{}, JSON])
def test_a_refused_tick_writes_nothing(client, group, activity, who, headers):
    person = RegistrationFactory(activity=activity).person
    sign_in(client, who, group)
    response = client.post(
        url("attendance_tick", activity), {"person": person.pk, "present": "1"}, **headers
    )
    assert response.status_code in (302, 403, 404)
    if headers:
        assert response.status_code != 302  # fetch gets an answer it can read, not a page
        assert "error" in response.json()
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("who", ["visitor", "member", "other_member", "other_lead"])
def test_a_refused_walk_in_writes_nothing(client, group, activity, who):
    sign_in(client, who, group)
    people = Person.objects.count()
    response = client.post(url("walk_in", activity), {"inloop-first_name": "Fatima"})
    assert response.status_code in (302, 404)
    assert Person.objects.count() == people
    assert not Attendance.objects.exists()


def test_the_tick_endpoint_takes_only_post(client, organiser, activity):
    # A GET from a stray link or a prefetch must never tick anyone.
    assert client.get(url("attendance_tick", activity)).status_code == 405


# --- the sign-ups ----------------------------------------------------------------------------


def test_registrations_show_the_lists_counts_and_answers(client, organiser, activity):
    question = ExtraQuestionFactory(activity=activity, label="Dieetwensen")
    confirmed = RegistrationFactory(
        activity=activity,
        person__first_name="Sanne",
        person__last_name="Bakker",
        organisation="Wijkteam Crabbehof",
        role="professional",
        answers={str(question.pk): "vegetarisch"},
    )
    first = RegistrationFactory(
        activity=activity, status=RegistrationStatus.WAITLIST, person__first_name="Eerste"
    )
    second = RegistrationFactory(
        activity=activity, status=RegistrationStatus.WAITLIST, person__first_name="Tweede"
    )
    second.waitlisted_at = first.waitlisted_at.replace(year=first.waitlisted_at.year - 1)
    second.save()
    VisitorRegistrationFactory(activity=activity)
    RegistrationFactory(activity=activity, status=RegistrationStatus.CANCELLED)
    RegistrationFactory(activity=activity, status=RegistrationStatus.CANCELLED)

    response = client.get(url("registrations", activity))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sanne Bakker" in html
    assert confirmed.person.email in html
    assert "Wijkteam Crabbehof" in html
    assert str(t("social professional")).capitalize() in html
    assert "Dieetwensen" in html and "vegetarisch" in html
    # The waiting list in order: who waited longest first.
    assert html.index(second.person.full_name) < html.index(first.person.full_name)
    assert response.context["unconfirmed"] == 1
    assert response.context["cancelled"] == 2


def test_registrations_download_as_csv(client, organiser, activity):
    RegistrationFactory(activity=activity, person__first_name="=HYPERLINK")
    response = client.get(url("registrations", activity) + "?download=csv")
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in body  # a name is never run as a spreadsheet formula


def queries(client, address):
    """Queries of a page, once the layout's caches (site settings, partner logos) are warm."""
    client.get(address)
    with CaptureQueriesContext(connection) as context:
        assert client.get(address).status_code == 200
    return len(context)


def test_registrations_page_queries_do_not_grow_with_sign_ups(client, organiser, activity):
    question = ExtraQuestionFactory(activity=activity)
    RegistrationFactory(activity=activity, answers={str(question.pk): "ja"})
    few = queries(client, url("registrations", activity))
    for _ in range(15):
        RegistrationFactory(activity=activity, answers={str(question.pk): "ja"})
    RegistrationFactory(activity=activity, status=RegistrationStatus.WAITLIST)
    assert queries(client, url("registrations", activity)) == few


# --- the list at the door --------------------------------------------------------------------


def test_attendance_list_shows_signed_up_waiting_and_present(client, organiser, activity):
    ticked = RegistrationFactory(activity=activity, person__first_name="Aanwezig").person
    RegistrationFactory(activity=activity, person__first_name="Nogniet")
    RegistrationFactory(
        activity=activity, status=RegistrationStatus.WAITLIST, person__first_name="Wachtend"
    )
    Attendance.objects.create(activity=activity, person=ticked)
    response = client.get(url("attendance", activity))
    html = response.content.decode()
    assert [entry["person"].first_name for entry in response.context["confirmed"]] == [
        "Aanwezig",
        "Nogniet",
    ]
    assert [entry["present"] for entry in response.context["confirmed"]] == [True, False]
    assert [entry["person"].first_name for entry in response.context["waitlist"]] == ["Wachtend"]
    assert f'id="persoon-{ticked.pk}"' in html
    assert 'aria-pressed="true"' in html
    assert response.context["present_count"] == 1


def test_attendance_list_filters_on_name(client, organiser, activity):
    RegistrationFactory(activity=activity, person__first_name="Fatima", person__last_name="Amrani")
    RegistrationFactory(activity=activity, person__first_name="Kees")
    response = client.get(url("attendance", activity) + "?q=amra")
    assert [entry["person"].first_name for entry in response.context["confirmed"]] == ["Fatima"]


def test_attendance_list_queries_do_not_grow_with_people(client, organiser, activity):
    RegistrationFactory(activity=activity)
    few = queries(client, url("attendance", activity))
    for number in range(20):
        registration = RegistrationFactory(activity=activity)
        if number % 2:
            Attendance.objects.create(activity=activity, person=registration.person)
    Attendance.objects.create(activity=activity, person=PersonFactory(), walk_in=True)
    RegistrationFactory(activity=activity, status=RegistrationStatus.WAITLIST)
    assert queries(client, url("attendance", activity)) == few


def test_tick_twice_is_one_row(client, organiser, activity):
    person = RegistrationFactory(activity=activity).person
    for _ in range(2):
        response = client.post(
            url("attendance_tick", activity), {"person": person.pk, "present": "1"}, **JSON
        )
        assert response.status_code == 200
        assert response.json() == {"person": person.pk, "present": True}
    attendance = Attendance.objects.get(activity=activity, person=person)
    assert attendance.recorded_by == organiser
    assert not attendance.walk_in


def test_untick_removes_the_row(client, organiser, activity):
    person = RegistrationFactory(activity=activity).person
    Attendance.objects.create(activity=activity, person=person)
    for _ in range(2):  # a retried untick answers the same
        response = client.post(
            url("attendance_tick", activity), {"person": person.pk, "present": "0"}, **JSON
        )
        assert response.json() == {"person": person.pk, "present": False}
    assert not Attendance.objects.exists()


def test_tick_without_javascript_goes_back_to_the_person(client, organiser, activity):
    person = RegistrationFactory(activity=activity).person
    response = client.post(
        url("attendance_tick", activity), {"person": person.pk, "present": "1", "q": "an"}
    )
    assert response.status_code == 302
    assert response["Location"] == url("attendance", activity) + f"?q=an#persoon-{person.pk}"
    assert Attendance.objects.filter(activity=activity, person=person).exists()


def test_waiting_list_people_may_be_ticked(client, organiser, activity):
    person = RegistrationFactory(activity=activity, status=RegistrationStatus.WAITLIST).person
    response = client.post(
        url("attendance_tick", activity), {"person": person.pk, "present": "1"}, **JSON
    )
    assert response.status_code == 200
    assert Attendance.objects.get(person=person).registration.person == person


@pytest.mark.parametrize(
    "data",
    [
        {"person": "999999", "present": "1"},  # nobody
        {"person": "abc", "present": "1"},
        {"present": "1"},
        {"person": "PERSON", "present": "ja"},
        {"person": "PERSON"},
        {"person": "OUTSIDER", "present": "1"},  # exists, not signed up for this activity
        {"person": "CANCELLED", "present": "1"},  # cancelled their sign-up
    ],
)
def test_bad_tick_is_400_with_a_dutch_message_and_writes_nothing(client, organiser, activity, data):
    person = RegistrationFactory(activity=activity).person
    outsider = RegistrationFactory(person__first_name="Elders").person  # another activity
    cancelled = RegistrationFactory(activity=activity, status=RegistrationStatus.CANCELLED).person
    ids = {"PERSON": person.pk, "OUTSIDER": outsider.pk, "CANCELLED": cancelled.pk}
    data = {key: ids.get(value, value) for key, value in data.items()}
    response = client.post(url("attendance_tick", activity), data, **JSON)
    assert response.status_code == 400
    message = response.json()["error"]
    assert message and message in {
        t("No person was chosen. Reload the list and tick again."),
        t("Say whether the person is present (1) or not (0)."),
        t(NOT_SIGNED_UP),
    }
    assert not Attendance.objects.exists()


def test_bad_tick_without_javascript_shows_the_list_with_the_message(client, organiser, activity):
    outsider = PersonFactory()
    response = client.post(
        url("attendance_tick", activity), {"person": outsider.pk, "present": "1"}
    )
    assert response.status_code == 400
    assert t("Nothing has been changed.") in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_walk_in_may_be_unticked_and_ticked_while_on_the_list(client, organiser, activity):
    client.post(url("walk_in", activity), {"inloop-first_name": "Joke"})
    person = Person.objects.get(first_name="Joke")
    tick = url("attendance_tick", activity)
    assert client.post(tick, {"person": person.pk, "present": "1"}, **JSON).status_code == 200
    assert client.post(tick, {"person": person.pk, "present": "0"}, **JSON).status_code == 200
    assert not Attendance.objects.filter(person=person).exists()


# --- walk-ins --------------------------------------------------------------------------------


def test_walk_in_is_added_as_present(client, organiser, activity):
    response = client.post(
        url("walk_in", activity),
        {"inloop-first_name": "Fatima", "inloop-last_name": "Amrani"},
    )
    person = Person.objects.get(first_name="Fatima", last_name="Amrani")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#persoon-{person.pk}")
    attendance = Attendance.objects.get(activity=activity, person=person)
    assert attendance.walk_in
    page = client.get(response["Location"])
    assert [entry["person"] for entry in page.context["others"]] == [person]
    assert t("walk-in") in page.content.decode()


def test_walk_in_with_a_known_email_is_the_same_person(client, organiser, activity):
    known = PersonFactory(first_name="Priya", email="priya@example.org")
    people = Person.objects.count()
    client.post(
        url("walk_in", activity),
        {"inloop-first_name": "P.", "inloop-email": "Priya@Example.org"},
    )
    assert Person.objects.count() == people
    assert Attendance.objects.get(activity=activity).person == known
    known.refresh_from_db()
    assert known.first_name == "Priya"  # typed at the door, never renames anyone


def test_walk_in_of_someone_not_yet_confirmed_joins_their_sign_up(client, organiser, activity):
    registration = VisitorRegistrationFactory(activity=activity)
    client.post(
        url("walk_in", activity),
        {"inloop-first_name": "Bezoeker", "inloop-email": registration.person.email},
    )
    attendance = Attendance.objects.get(activity=activity)
    assert attendance.person == registration.person
    assert attendance.registration == registration


def test_walk_in_without_a_name_is_400_with_a_message_and_keeps_the_input(
    client, organiser, activity
):
    people = Person.objects.count()
    response = client.post(
        url("walk_in", activity),
        {"inloop-first_name": "  ", "inloop-email": "kees@example.org"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert t("Fill in at least a first name.") in html
    assert 'value="kees@example.org"' in html
    assert Person.objects.count() == people
    assert not Attendance.objects.exists()


def test_walk_in_with_a_bad_email_is_400(client, organiser, activity):
    response = client.post(
        url("walk_in", activity), {"inloop-first_name": "Kees", "inloop-email": "kees@"}
    )
    assert response.status_code == 400
    assert t("Fill in a valid e-mail address, for example name@gemeente.nl.") in (
        response.content.decode()
    )
    assert not Attendance.objects.exists()


def test_walk_in_records_role_and_a_known_organisation(client, organiser, activity):
    organisation = OrganisationFactory(name="Stichting Wijkwerk Dordrecht")
    client.post(
        url("walk_in", activity),
        {
            "inloop-first_name": "Ahmed",
            "inloop-role": "bewoner",
            "inloop-organisation": "stichting wijkwerk DORDRECHT ",
        },
    )
    person = Person.objects.get(first_name="Ahmed")
    assert list(PersonRole.objects.filter(person=person).values_list("role", flat=True)) == [
        "bewoner"
    ]
    assert list(Affiliation.objects.filter(person=person)) == [
        Affiliation.objects.get(person=person, organisation=organisation)
    ]


def test_walk_in_never_invents_an_organisation(client, organiser, activity):
    from werkplaats.network.models import Organisation

    organisations = Organisation.objects.count()
    response = client.post(
        url("walk_in", activity),
        {"inloop-first_name": "Ahmed", "inloop-organisation": "Buurthuis De Nieuwe Plek"},
        follow=True,
    )
    assert Organisation.objects.count() == organisations
    assert not Affiliation.objects.filter(person__first_name="Ahmed").exists()
    assert "Buurthuis De Nieuwe Plek" in response.content.decode()  # told it was not recorded


def test_walk_in_does_not_duplicate_a_role_or_affiliation(client, organiser, activity):
    organisation = OrganisationFactory(name="Wijkteam Noord")
    known = PersonFactory(email="joke@example.org")
    PersonRole.objects.create(person=known, role="vrijwilliger")
    Affiliation.objects.create(person=known, organisation=organisation)
    client.post(
        url("walk_in", activity),
        {
            "inloop-first_name": "Joke",
            "inloop-email": "joke@example.org",
            "inloop-role": "vrijwilliger",
            "inloop-organisation": "Wijkteam Noord",
        },
    )
    assert PersonRole.objects.filter(person=known).count() == 1
    assert Affiliation.objects.filter(person=known).count() == 1
    assert Attendance.objects.get(activity=activity).person == known


def test_walk_in_accepts_only_post(client, organiser, activity):
    assert client.get(url("walk_in", activity)).status_code == 405
