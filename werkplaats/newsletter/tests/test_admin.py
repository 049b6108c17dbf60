"""The Nieuwsbrief menu of /beheer/: coordinators see the subscribers with status, themes and
consent history; nothing can be added, changed or deleted there; others cannot look."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from werkplaats.accounts.models import COORDINATORS_GROUP
from werkplaats.network.tests.factories import PersonFactory, UserFactory
from werkplaats.newsletter import services
from werkplaats.newsletter.models import Source
from werkplaats.website.models import ThemePage

from .factories import PendingSubscriberFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

URL = "/beheer/nieuwsbrief/"


@pytest.fixture
def coordinator_client():
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=COORDINATORS_GROUP))
    PersonFactory(user=user)
    client = Client()
    client.force_login(user)
    return client


def test_coordinator_sees_subscribers_with_status_and_themes(
    coordinator_client, django_assert_max_num_queries
):
    armoede = ThemePage.objects.get(slug="armoede")
    SubscriberFactory(email="noor@example.org", topics=[armoede])
    PendingSubscriberFactory(email="sanne@example.org")
    for _number in range(10):
        SubscriberFactory(topics=[armoede])

    assert "/beheer/nieuwsbrief/" in coordinator_client.get("/beheer/").content.decode()
    with django_assert_max_num_queries(40):
        response = coordinator_client.get(URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert "noor@example.org" in content
    assert "sanne@example.org" in content
    assert "wacht op bevestiging" in content
    assert "Armoede" in content


def test_list_queries_do_not_grow_with_the_subscribers(coordinator_client):
    SubscriberFactory(topics=list(ThemePage.objects.all()[:2]))
    coordinator_client.get(URL)  # warm up what is cached once per process
    with CaptureQueriesContext(connection) as few:
        coordinator_client.get(URL)
    for _number in range(15):
        SubscriberFactory(topics=list(ThemePage.objects.all()[:2]))
    with CaptureQueriesContext(connection) as many:
        coordinator_client.get(URL)

    assert len(many) == len(few)


def test_inspect_shows_the_consent_history(coordinator_client):
    subscriber = PendingSubscriberFactory(email="noor@example.org", source=Source.FOOTER)
    services.confirm_subscription(subscriber)
    services.unsubscribe(subscriber, source=Source.ONE_CLICK)

    response = coordinator_client.get(f"{URL}inspect/{subscriber.pk}/")

    assert response.status_code == 200
    content = response.content.decode()
    assert "Geschiedenis van de toestemming" in content
    assert "toestemming gegeven" in content
    assert "formulier onderaan de pagina" in content
    assert "toestemming ingetrokken" in content
    assert "afmelden met één klik" in content
    assert subscriber.consent_records.first().privacy_version in content


def test_nothing_can_be_added_changed_or_deleted(coordinator_client):
    subscriber = SubscriberFactory()

    assert coordinator_client.get(f"{URL}new/").status_code in (302, 403)
    assert coordinator_client.get(f"{URL}edit/{subscriber.pk}/").status_code in (302, 403)
    response = coordinator_client.post(f"{URL}delete/{subscriber.pk}/")
    assert response.status_code in (302, 403)
    subscriber.refresh_from_db()
    assert f"{URL}new/" not in coordinator_client.get(URL).content.decode()


def test_member_without_admin_rights_cannot_look():
    subscriber = SubscriberFactory()
    client = Client()
    client.force_login(PersonFactory().user)

    for url in (URL, f"{URL}inspect/{subscriber.pk}/"):
        assert client.get(url).status_code in (302, 403), url
