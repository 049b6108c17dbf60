"""Many people signing up at the same moment never overbook an activity.

Real threads, each with its own database connection, against PostgreSQL (row locks). PostgreSQL
allows 100 connections here, so 200 sign-ups are made by 50 threads released together by a
barrier, each signing up four people as fast as it can. Runs only on PostgreSQL
(DATABASE_URL=postgres://…); on SQLite every write transaction is IMMEDIATE, which serialises
them anyway.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from werkplaats.activities import services
from werkplaats.activities.models import Activity, ActivityKind, RegistrationStatus
from werkplaats.core.testing import run_together
from werkplaats.network.tests.factories import PersonFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL"
    ),
]

THREADS = 50
SIGN_UPS = 200
PLACES = 50


def make_activity(slug):
    starts = timezone.now() + datetime.timedelta(days=7)
    return Activity.objects.create(
        kind=ActivityKind.KNOWLEDGE_CAFE,
        title="Kenniscafé armoede",
        slug=slug,
        summary="Werkteams delen hun opbrengsten.",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        capacity=PLACES,
    )


@pytest.mark.parametrize("round_", range(3))
def test_200_simultaneous_sign_ups_for_50_places_confirm_exactly_50(round_):
    activity = make_activity(f"kenniscafe-{round_}")
    users = [PersonFactory().user for _ in range(SIGN_UPS)]
    errors = run_together(
        [lambda user=user: services.register_member(user, activity) for user in users],
        threads=THREADS,
    )
    assert errors == []
    statuses = list(activity.registrations.values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.CONFIRMED) == PLACES
    assert statuses.count(RegistrationStatus.WAITLIST) == SIGN_UPS - PLACES
    # The waiting list has a strict order: no two people share a place in the queue.
    queue = list(
        activity.registrations.filter(status=RegistrationStatus.WAITLIST).values_list(
            "waitlisted_at", "pk"
        )
    )
    assert len(set(queue)) == SIGN_UPS - PLACES


def test_simultaneous_cancellations_promote_exactly_as_many_from_the_waitlist():
    activity = make_activity("kenniscafe-annuleren")
    users = [PersonFactory().user for _ in range(120)]
    registrations = [services.register_member(user, activity) for user in users]
    confirmed = [r for r in registrations if r.status == RegistrationStatus.CONFIRMED]
    leaving = confirmed[:30]
    errors = run_together(
        [lambda r=registration: services.cancel_registration(r) for registration in leaving],
        threads=THREADS,
    )
    assert errors == []
    statuses = list(activity.registrations.values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.CONFIRMED) == PLACES
    assert statuses.count(RegistrationStatus.CANCELLED) == 30
    assert statuses.count(RegistrationStatus.WAITLIST) == 120 - PLACES - 30
    # First come, first served: the 30 promoted are the first 30 who were waiting.
    waiting_order = [r.pk for r in registrations if r.status == RegistrationStatus.WAITLIST]
    promoted = set(
        activity.registrations.filter(
            status=RegistrationStatus.CONFIRMED, pk__in=waiting_order
        ).values_list("pk", flat=True)
    )
    assert promoted == set(waiting_order[:30])


def test_the_same_person_signing_up_in_two_tabs_at_once_gets_one_registration():
    activity = make_activity("kenniscafe-dubbel")
    user = PersonFactory().user
    outcomes = []

    def attempt():
        try:
            outcomes.append(services.register_member(user, activity).status)
        except ValidationError as error:
            outcomes.append(error.code)

    errors = run_together([attempt for _ in range(THREADS)])
    assert errors == []
    assert outcomes.count(RegistrationStatus.CONFIRMED) == 1
    assert outcomes.count("double") == THREADS - 1
    assert activity.registrations.count() == 1
