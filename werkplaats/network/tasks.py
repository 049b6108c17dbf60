"""Background tasks of the network (django-tasks): notification mail, now or as a daily digest.

Both tasks are idempotent: they lock the rows, skip what `emailed_at` says was sent, and stamp
`emailed_at` in the same transaction as the send, so a retried task mails at most once.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task


def absolute_url(path):
    """A link for a mail: local paths get the site's base address; other URLs are dropped."""
    if not path or not path.startswith("/") or path.startswith("//"):
        return ""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def mail_address(person):
    """Where a person's mail goes: their own address, else their account's."""
    if person.email:
        return person.email
    user = person.user
    return user.email if user is not None and user.is_active and user.email else None


def _links():
    return {
        "notifications_url": absolute_url(reverse("network:notifications")),
        "settings_url": absolute_url(reverse("network:profile_edit") + "#meldingen"),
    }


def _send(person, subject, template, context):
    address = mail_address(person)
    context = {**context, **_links(), "person": person}
    with translation.override("nl"):
        text = render_to_string(f"network/mail/{template}.txt", context)
        html = render_to_string(f"network/mail/{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[address])
    message.attach_alternative(html, "text/html")
    message.send()


@task()
def send_notification_mail(notification_id):
    """Mail one notification to a person who wants a mail per notification."""
    from .models import Notification, NotificationMode

    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient__user", "actor")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None:
            return
        recipient = notification.recipient
        # The person may have changed their choice since; the digest handles DAILY.
        if recipient.notification_mode != NotificationMode.IMMEDIATE:
            return
        if not mail_address(recipient):
            return
        _send(
            recipient,
            notification.title,
            "notification",
            {"notification": notification, "url": absolute_url(notification.url)},
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])


@task()
def send_daily_digest(person_id):
    """Mail a DAILY person one message with every notification not mailed yet, and stamp them.

    Notifications already read on the site are stamped without being mailed again.
    """
    from .models import Notification, NotificationMode, Person

    with transaction.atomic():
        person = (
            Person.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=person_id)
            .first()
        )
        if person is None or person.notification_mode != NotificationMode.DAILY:
            return
        pending = list(
            Notification.objects.select_for_update(of=("self",))
            .filter(recipient=person, emailed_at__isnull=True)
            .select_related("actor")
            .order_by("created_at", "pk")
        )
        unread = [n for n in pending if n.read_at is None]
        if not unread or not mail_address(person):
            return
        with translation.override("nl"):
            subject = translation.ngettext(
                "%(count)d new notification on the Werkplaats",
                "%(count)d new notifications on the Werkplaats",
                len(unread),
            ) % {"count": len(unread)}
        items = [(n, absolute_url(n.url)) for n in unread]
        _send(person, subject, "digest", {"items": items})
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(
            emailed_at=timezone.now()
        )
