"""notify(): notifications on the site, mailed at once or in the daily digest (real SMTP)."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from werkplaats.network.models import Notification, NotificationMode
from werkplaats.network.services import notify
from werkplaats.network.tasks import send_daily_digest, send_notification_mail

from .factories import NotificationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a commit would trigger (the tests run in a rolled-back transaction)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def mails_to(inbox, address):
    return [message for rcpt, message in inbox.messages if address in rcpt]


def test_notify_creates_one_notification_per_recipient(committed):
    anne, bram = PersonFactory(), PersonFactory()
    with committed():
        notify([anne, bram], kind="reply", title="Nieuwe reactie", url="/mijn/")
    assert Notification.objects.filter(recipient=anne).count() == 1
    assert Notification.objects.filter(recipient=bram).count() == 1


def test_notify_skips_the_actor(committed):
    actor, other = PersonFactory(), PersonFactory()
    with committed():
        created = notify([actor, other], kind="reply", title="Reactie", actor=actor)
    assert [n.recipient for n in created] == [other]
    assert not Notification.objects.filter(recipient=actor).exists()


def test_notify_skips_duplicates(committed):
    anne = PersonFactory()
    with committed():
        notify([anne, anne], kind="mention", title="Je bent genoemd")
    assert Notification.objects.filter(recipient=anne).count() == 1


def test_immediate_mail_reaches_the_smtp_server(committed, smtp_inbox):
    anne = PersonFactory(notification_mode=NotificationMode.IMMEDIATE)
    with committed():
        notify(
            [anne],
            kind="reply",
            title="Bram reageerde op je bericht",
            body="Goed idee, laten we dat doen.",
            url="/mijn/groepen/armoede/",
        )
    [message] = mails_to(smtp_inbox, anne.email)
    assert message["Subject"] == "Bram reageerde op je bericht"
    text = message.get_body(("plain",)).get_content()
    assert "Goed idee, laten we dat doen." in text
    assert "http://testserver/mijn/groepen/armoede/" in text
    assert "http://testserver/mijn/meldingen/" in text
    assert "http://testserver/mijn/profiel/#meldingen" in text
    html = message.get_body(("html",)).get_content()
    assert 'href="http://testserver/mijn/meldingen/"' in html
    assert Notification.objects.get().emailed_at is not None


def test_immediate_mail_is_in_dutch(committed, smtp_inbox):
    anne = PersonFactory(first_name="Anne")
    with committed():
        notify([anne], kind="reply", title="Reactie")
    [message] = mails_to(smtp_inbox, anne.email)
    assert "Hallo Anne," in message.get_body(("plain",)).get_content()


def test_mail_task_run_twice_mails_once(committed, smtp_inbox):
    anne = PersonFactory()
    with committed():
        [notification] = notify([anne], kind="reply", title="Reactie")
    send_notification_mail.enqueue(notification_id=notification.pk)
    assert len(mails_to(smtp_inbox, anne.email)) == 1


def test_nothing_is_mailed_when_the_transaction_rolls_back(smtp_inbox, committed):
    anne = PersonFactory()
    with committed():
        try:
            with transaction.atomic():
                notify([anne], kind="reply", title="Reactie")
                raise RuntimeError("the caller's action failed")
        except RuntimeError:
            pass
    assert smtp_inbox.messages == []
    assert not Notification.objects.exists()


def test_mode_none_sends_nothing(committed, smtp_inbox):
    anne = PersonFactory(notification_mode=NotificationMode.NONE)
    with committed():
        [notification] = notify([anne], kind="reply", title="Reactie")
    send_notification_mail.enqueue(notification_id=notification.pk)
    send_daily_digest.enqueue(person_id=anne.pk)
    assert smtp_inbox.messages == []
    assert Notification.objects.get().emailed_at is None


def test_mode_changed_to_none_before_sending_sends_nothing(smtp_inbox):
    notification = NotificationFactory(recipient__notification_mode=NotificationMode.NONE)
    send_notification_mail.enqueue(notification_id=notification.pk)
    assert smtp_inbox.messages == []


def test_person_without_email_gets_no_mail(committed, smtp_inbox):
    guest = PersonFactory(user=None, email=None)
    with committed():
        notify([guest], kind="reply", title="Reactie")
    assert smtp_inbox.messages == []
    assert Notification.objects.get(recipient=guest).emailed_at is None


def test_daily_person_gets_no_immediate_mail(committed, smtp_inbox):
    anne = PersonFactory(notification_mode=NotificationMode.DAILY)
    with committed():
        notify([anne], kind="reply", title="Reactie")
    assert smtp_inbox.messages == []


def test_daily_digest_collects_several_into_one_mail(committed, smtp_inbox):
    anne = PersonFactory(notification_mode=NotificationMode.DAILY)
    with committed():
        notify([anne], kind="reply", title="Bram reageerde", url="/mijn/groepen/a/")
        notify([anne], kind="mention", title="Cor noemde je", url="/mijn/groepen/b/")
        notify([anne], kind="join", title="Dirk wil meedoen")
    call_command("send_digests", stdout=io.StringIO())

    [message] = mails_to(smtp_inbox, anne.email)
    assert message["Subject"] == "3 nieuwe meldingen op de Werkplaats"
    text = message.get_body(("plain",)).get_content()
    for title in ("Bram reageerde", "Cor noemde je", "Dirk wil meedoen"):
        assert title in text
    assert "http://testserver/mijn/groepen/a/" in text
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_daily_digest_run_twice_mails_once(committed, smtp_inbox):
    anne = PersonFactory(notification_mode=NotificationMode.DAILY)
    with committed():
        notify([anne], kind="reply", title="Reactie")
    send_daily_digest.enqueue(person_id=anne.pk)
    send_daily_digest.enqueue(person_id=anne.pk)
    assert len(mails_to(smtp_inbox, anne.email)) == 1


def test_daily_digest_leaves_out_what_was_read_on_the_site(smtp_inbox):
    from django.utils import timezone

    anne = PersonFactory(notification_mode=NotificationMode.DAILY)
    NotificationFactory(recipient=anne, title="Al gelezen", read_at=timezone.now())
    NotificationFactory(recipient=anne, title="Nog niet gelezen")
    send_daily_digest.enqueue(person_id=anne.pk)
    [message] = mails_to(smtp_inbox, anne.email)
    text = message.get_body(("plain",)).get_content()
    assert "Nog niet gelezen" in text
    assert "Al gelezen" not in text
    assert message["Subject"] == "1 nieuwe melding op de Werkplaats"


def test_send_digests_skips_people_without_news(smtp_inbox):
    PersonFactory(notification_mode=NotificationMode.DAILY)
    NotificationFactory(recipient__notification_mode=NotificationMode.IMMEDIATE)
    call_command("send_digests", stdout=io.StringIO())
    assert smtp_inbox.messages == []


def test_mode_changed_to_daily_before_sending_goes_into_the_digest(smtp_inbox):
    notification = NotificationFactory(
        recipient__notification_mode=NotificationMode.DAILY, title="Later in de samenvatting"
    )
    send_notification_mail.enqueue(notification_id=notification.pk)
    assert smtp_inbox.messages == []
    send_daily_digest.enqueue(person_id=notification.recipient_id)
    [(_rcpt, message)] = smtp_inbox.messages
    assert "Later in de samenvatting" in message.get_body(("plain",)).get_content()


def test_html_mail_escapes_what_members_wrote(committed, smtp_inbox):
    anne = PersonFactory()
    with committed():
        notify([anne], kind="reply", title="<script>x</script>", body="<b>vet</b>")
    [(_rcpt, message)] = smtp_inbox.messages
    html = message.get_body(("html",)).get_content()
    assert "<script>" not in html
    assert "&lt;b&gt;vet&lt;/b&gt;" in html
