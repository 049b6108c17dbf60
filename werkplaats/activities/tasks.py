"""Background tasks of activities (django-tasks): the mails of a sign-up.

`send_registration_mail` is idempotent for every event that happens once in a registration's
life (confirmed, waiting list, promoted, cancelled, reminder…): it locks the row, skips an event
listed in `mailed`, and lists it in the same transaction as the send. The repeatable events
(the confirmation link asked again, "you were already signed up") are rate limited where they
are asked for instead.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from werkplaats.network.tasks import absolute_url, mail_address

REPEATABLE = {"confirm_email_again", "already_registered"}
WITH_CALENDAR = {"bevestigd", "promoted", "reminder"}


def _subject(event, activity):
    subjects = {
        "confirm_email": _("Confirm your sign-up: %(title)s"),
        "confirm_email_again": _("Confirm your sign-up: %(title)s"),
        "already_registered": _("You are already signed up: %(title)s"),
        "bevestigd": _("You are signed up: %(title)s"),
        "wachtlijst": _("You are on the waiting list: %(title)s"),
        "promoted": _("A place came free, you are signed up: %(title)s"),
        "cancelled": _("Your sign-up is cancelled: %(title)s"),
        "activity_cancelled": _("Cancelled: %(title)s"),
        "reminder": _("Tomorrow: %(title)s"),
    }
    return subjects[event] % {"title": activity.title}


def _send(registration, event):
    from . import ics
    from .models import RegistrationStatus

    activity = registration.activity
    address = mail_address(registration.person)
    if not address:
        return False
    context = {
        "event": event,
        "registration": registration,
        "activity": activity,
        "person": registration.person,
        "manage_url": absolute_url(registration.get_manage_url()),
        "activity_url": absolute_url(activity.get_absolute_url()),
        "site_name": settings.WAGTAIL_SITE_NAME,
        # The online link goes only to people with a place.
        "show_online": registration.status == RegistrationStatus.CONFIRMED,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = _subject(event, activity)
        text = render_to_string("activities/mail/registration.txt", context)
        html = render_to_string("activities/mail/registration.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[address])
    message.attach_alternative(html, "text/html")
    if event in WITH_CALENDAR:
        message.attach(
            f"{activity.slug}.ics",
            ics.calendar(
                [activity],
                name=activity.title,
                with_online_link=registration.status == RegistrationStatus.CONFIRMED,
            ),
            "text/calendar",
        )
    message.send()
    return True


@task()
def send_registration_mail(registration_id, event):
    """Mail one event of a registration to its person (at most once per once-only event)."""
    from .models import Registration, RegistrationStatus

    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("activity__venue", "person__user")
            .filter(pk=registration_id)
            .first()
        )
        if registration is None:
            return
        if event not in REPEATABLE and event in registration.mailed:
            return
        if event == "reminder":
            # Cancelled or moved since the reminder was queued: no reminder.
            if registration.status != RegistrationStatus.CONFIRMED or (
                registration.activity.is_cancelled
            ):
                return
            registration.reminded_at = timezone.now()
        _send(registration, event)
        if event not in REPEATABLE:
            registration.mailed = [*registration.mailed, event]
        registration.save(update_fields=["mailed", "reminded_at"])
