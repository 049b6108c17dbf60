"""Two browser tabs submitting the same invitation at the same moment: one account, once.

Real threads with their own database connections; row locks need PostgreSQL (SQLite serialises
writers anyway), so this runs only there (DATABASE_URL=postgres://…)."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections

from werkplaats.accounts import services
from werkplaats.network.models import Person

from .factories import InvitationFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL"
    ),
]


def test_two_simultaneous_accepts_create_one_account():
    invitation = InvitationFactory()
    barrier = threading.Barrier(2)
    outcomes = []

    def accept():
        barrier.wait()
        try:
            services.accept_invitation_as_new_user(
                invitation.token,
                first_name="Noor",
                last_name="Bakker",
                password="Zomer-in-Dordrecht-42",
            )
            outcomes.append("accepted")
        except services.InvitationUnusable as error:
            outcomes.append(error.reason)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["accepted", "used"]
    assert get_user_model().objects.filter(email=invitation.email).count() == 1
    assert Person.objects.filter(email=invitation.email).count() == 1
