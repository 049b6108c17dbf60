"""The rules of subscribing, confirming, changing and unsubscribing, tested on the services:
consent records with version and source, double opt-in, one row per address, housekeeping."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from werkplaats.network.tests.factories import UserFactory
from werkplaats.newsletter import services
from werkplaats.newsletter.models import (
    ConsentAction,
    ConsentRecord,
    Source,
    Subscriber,
    SubscriberStatus,
    normalise_email,
)
from werkplaats.newsletter.selectors import privacy_page, privacy_statement_version
from werkplaats.website.models import ThemePage

from .factories import PendingSubscriberFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def themes(*slugs):
    return list(ThemePage.objects.filter(slug__in=slugs))


def test_address_is_stored_with_its_domain_in_lower_case_and_stripped():
    assert normalise_email("  Noor.Bakker@Gemeente.NL ") == "Noor.Bakker@gemeente.nl"


def test_privacy_version_names_the_live_privacy_page_revision():
    page = privacy_page()
    version = privacy_statement_version()
    assert version == f"{page.last_published_at:%Y-%m-%d} rev {page.live_revision_id}"

    page.save_revision().publish()

    assert privacy_statement_version() != version


def test_request_creates_a_pending_subscriber_and_mails_only_the_confirmation(committed):
    with committed():
        services.request_subscription(
            email="noor@example.org",
            name="Noor",
            topics=themes("armoede"),
            source=Source.FOOTER,
        )

    subscriber = Subscriber.objects.get()
    assert subscriber.status == SubscriberStatus.PENDING
    assert [t.slug for t in subscriber.topics.all()] == ["armoede"]
    assert not subscriber.consent_records.exists()  # no consent before confirmation
    [message] = mail.outbox
    assert message.to == ["noor@example.org"]
    assert message.subject.startswith("Bevestig je aanmelding voor de nieuwsbrief")
    assert "/nieuwsbrief/bevestigen/" in message.body
    assert "List-Unsubscribe" not in message.extra_headers


def test_confirming_records_consent_with_privacy_version_source_and_topics(committed):
    with committed():
        subscriber = services.request_subscription(
            email="noor@example.org", topics=themes("armoede", "zingeving"), source=Source.FOOTER
        )
    assert services.confirm_subscription(subscriber) is True

    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED
    assert subscriber.confirmed_at is not None
    [record] = subscriber.consent_records.all()
    assert record.action == ConsentAction.GIVEN
    assert record.source == Source.FOOTER
    assert record.privacy_version == privacy_statement_version()
    assert record.privacy_version.endswith(f"rev {privacy_page().live_revision_id}")
    assert record.topics == "Armoede, Zingeving"
    assert len(mail.outbox) == 1  # no other mail than the confirmation link


def test_confirming_twice_records_consent_once():
    subscriber = PendingSubscriberFactory()
    services.confirm_subscription(subscriber)

    assert services.confirm_subscription(subscriber) is False
    assert subscriber.consent_records.count() == 1


def test_same_address_in_other_capitals_is_the_same_subscriber(committed):
    with committed():
        services.request_subscription(email="Noor@Example.org", source=Source.FOOTER)
        services.request_subscription(email="noor@EXAMPLE.ORG ", source=Source.NEWSLETTER_PAGE)

    assert Subscriber.objects.count() == 1
    assert len(mail.outbox) == 2  # two confirmation mails, to one address


def test_subscribed_address_is_not_changed_by_a_new_request_but_gets_its_preferences_link(
    committed,
):
    subscriber = SubscriberFactory(email="noor@example.org", name="Noor", topics=themes("armoede"))

    with committed():
        services.request_subscription(
            email="noor@example.org", name="Iemand anders", source=Source.FOOTER
        )

    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED
    assert subscriber.name == "Noor"
    assert [t.slug for t in subscriber.topics.all()] == ["armoede"]
    [message] = mail.outbox
    assert message.subject.startswith("Je bent al aangemeld")
    assert "/nieuwsbrief/voorkeuren/" in message.body
    assert "/nieuwsbrief/bevestigen/" not in message.body


def test_unsubscribing_records_the_withdrawal_and_deletes_name_and_topics():
    subscriber = SubscriberFactory(name="Noor", topics=themes("armoede"))

    assert services.unsubscribe(subscriber, source=Source.ONE_CLICK) is True

    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None
    assert subscriber.name == ""
    assert not subscriber.topics.exists()
    [record] = subscriber.consent_records.all()
    assert (record.action, record.source) == (ConsentAction.WITHDRAWN, Source.ONE_CLICK)
    assert record.privacy_version == privacy_statement_version()
    assert services.unsubscribe(subscriber, source=Source.ONE_CLICK) is False
    assert subscriber.consent_records.count() == 1


def test_unsubscribed_address_must_confirm_again_to_be_subscribed(committed):
    subscriber = SubscriberFactory(email="noor@example.org")
    services.unsubscribe(subscriber, source=Source.UNSUBSCRIBE_PAGE)

    with committed():
        services.request_subscription(email="noor@example.org", source=Source.FOOTER)

    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.PENDING
    [message] = mail.outbox
    assert "/nieuwsbrief/bevestigen/" in message.body


def test_changing_topics_is_recorded_but_saving_the_same_topics_is_not():
    subscriber = SubscriberFactory(topics=themes("armoede"))

    assert services.update_preferences(
        subscriber, topics=themes("zingeving"), source=Source.PREFERENCES_PAGE
    )
    assert not services.update_preferences(
        subscriber, topics=themes("zingeving"), source=Source.PREFERENCES_PAGE
    )

    [record] = subscriber.consent_records.all()
    assert record.action == ConsentAction.TOPICS_CHANGED
    assert record.source == Source.PREFERENCES_PAGE
    assert record.topics == "Zingeving"


def test_member_subscribes_in_one_step_without_a_mail():
    user = UserFactory(email="marieke@example.org", first_name="Marieke", last_name="Dijkstra")

    subscriber = services.subscribe_member(user, topics=themes("armoede"))

    assert subscriber.status == SubscriberStatus.CONFIRMED
    assert subscriber.user == user
    assert subscriber.name == "Marieke Dijkstra"
    [record] = subscriber.consent_records.all()
    assert (record.action, record.source) == (ConsentAction.GIVEN, Source.MEMBER_PAGE)
    assert mail.outbox == []


def test_member_takes_over_their_pending_subscription():
    pending = PendingSubscriberFactory(email="marieke@example.org")
    user = UserFactory(email="Marieke@example.org")

    subscriber = services.subscribe_member(user)

    assert subscriber.pk == pending.pk
    assert subscriber.status == SubscriberStatus.CONFIRMED
    assert subscriber.user == user


def test_housekeeping_deletes_only_requests_unconfirmed_for_30_days():
    now = timezone.now()
    old = now - datetime.timedelta(days=31)
    stale = PendingSubscriberFactory(requested_at=old, created_at=old)
    fresh = PendingSubscriberFactory(requested_at=now - datetime.timedelta(days=29))
    confirmed_long_ago = SubscriberFactory(requested_at=old, created_at=old)
    unsubscribed = SubscriberFactory(requested_at=old, created_at=old)
    services.unsubscribe(unsubscribed, source=Source.UNSUBSCRIBE_PAGE)

    call_command("newsletter_housekeeping", stdout=io.StringIO())

    remaining = set(Subscriber.objects.values_list("pk", flat=True))
    assert stale.pk not in remaining
    assert remaining == {fresh.pk, confirmed_long_ago.pk, unsubscribed.pk}
    assert ConsentRecord.objects.filter(subscriber=unsubscribed).exists()


def test_housekeeping_says_how_many_it_deleted(capsys):
    old = timezone.now() - datetime.timedelta(days=40)
    PendingSubscriberFactory(requested_at=old)

    call_command("newsletter_housekeeping")

    assert "Unconfirmed newsletter subscriptions deleted: 1" in capsys.readouterr().out
