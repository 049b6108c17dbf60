"""/mijn/meldingen/: a member's own notifications; opening one marks it read and goes to it."""

import pytest
from django.utils import timezone

from werkplaats.network.models import Notification
from werkplaats.website.tests.html import main, text

from .factories import NotificationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/mijn/meldingen/"


@pytest.fixture
def member(client):
    person = PersonFactory()
    client.force_login(person.user)
    return person


def titles(response):
    return [text(el) for el in main(response).select(".notification__title")]


def test_visitor_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


def test_user_without_person_gets_an_explanation(client):
    client.force_login(UserFactory())
    assert client.get(URL).status_code == 403


def test_member_sees_only_their_own_notifications(client, member):
    NotificationFactory(recipient=member, title="Voor mij")
    NotificationFactory(title="Voor iemand anders")
    response = client.get(URL)
    assert response.status_code == 200
    assert titles(response) == ["Voor mij"]


def test_unread_notifications_are_highlighted(client, member):
    NotificationFactory(recipient=member, title="Nieuw ding")
    NotificationFactory(recipient=member, title="Oud ding", read_at=timezone.now())
    response = client.get(URL)
    unread = [text(li) for li in main(response).select(".notification--unread")]
    assert len(unread) == 1
    assert "Nieuw ding" in unread[0]
    assert "Je hebt 1 ongelezen melding." in text(main(response))


def test_empty_list_explains_what_will_appear(client, member):
    response = client.get(URL)
    assert "Je hebt nog geen meldingen." in text(main(response))


def test_opening_a_notification_marks_it_read_and_redirects(client, member):
    notification = NotificationFactory(recipient=member, url="/groepen/armoede/")
    response = client.get(f"{URL}{notification.pk}/")
    assert response.status_code == 302
    assert response["Location"] == "/groepen/armoede/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_opening_someone_elses_notification_is_404(client, member):
    other = NotificationFactory(title="Niet voor jou")
    assert client.get(f"{URL}{other.pk}/").status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_opening_a_missing_notification_is_404(client, member):
    assert client.get(f"{URL}999999/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "javascript:alert(1)",
        "http:/evil.example",
        "",
    ],
)
def test_notification_never_redirects_off_site(client, member, url):
    notification = NotificationFactory(recipient=member, url=url)
    response = client.get(f"{URL}{notification.pk}/")
    assert response.status_code == 302
    assert response["Location"] == URL


def test_mark_all_read(client, member):
    NotificationFactory.create_batch(3, recipient=member)
    other = NotificationFactory()
    response = client.post(f"{URL}gelezen/")
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None


def test_mark_all_read_needs_post(client, member):
    NotificationFactory(recipient=member)
    assert client.get(f"{URL}gelezen/").status_code == 405
    assert Notification.objects.filter(recipient=member, read_at__isnull=True).exists()


def test_list_is_paginated(client, member):
    NotificationFactory.create_batch(25, recipient=member)
    first = client.get(URL)
    assert len(titles(first)) == 20
    second = client.get(URL, {"pagina": 2})
    assert len(titles(second)) == 5


def test_list_queries_do_not_grow_with_notifications(client, member, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        client.get(URL)  # warm-up
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    actor = PersonFactory()
    NotificationFactory(recipient=member, actor=actor)
    one = count()
    NotificationFactory.create_batch(19, recipient=member, actor=PersonFactory())
    assert count() == one
    assert one <= 15  # session, user, person, 3 for the list, the site frame
