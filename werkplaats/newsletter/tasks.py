"""Background tasks of the newsletter (django-tasks): the mails of subscribing.

The task gets only the subscriber's id: the personal links are made when the mail is rendered,
so no secret waits in the queue. Idempotent: a mail is marked as sent per request (core.once),
so a retried task does not send it twice; and a mail whose moment has passed (confirmed or
unsubscribed in between) is not sent at all. Repeated requests are rate limited where they are
made (forms.py).
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from werkplaats.core.once import once
from werkplaats.network.tasks import absolute_url

# What each mail needs the subscriber's status to be when it is sent.
KINDS = {"confirm": "pending", "already_subscribed": "confirmed"}


def _send(subscriber, kind):
    from . import links

    context = {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "confirm_url": links.confirm_url(subscriber),
        "confirm_days": links.CONFIRM_DAYS,
        "preferences_url": links.preferences_url(subscriber),
        "unsubscribe_url": links.unsubscribe_url(subscriber),
        "privacy_url": absolute_url("/privacy/"),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"newsletter/mail/{kind}_subject.txt", context)
        subject = " ".join(subject.split())
        text = render_to_string(f"newsletter/mail/{kind}.txt", context)
        html = render_to_string(f"newsletter/mail/{kind}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[subscriber.email])
    message.attach_alternative(html, "text/html")
    message.send()


@task()
def send_subscription_mail(subscriber_id, kind, stamp):
    """Mail `kind` ('confirm' or 'already_subscribed') for the request made at `stamp`."""
    from .models import Subscriber

    subscriber = Subscriber.objects.filter(pk=subscriber_id, status=KINDS[kind]).first()
    if subscriber is None:
        return False
    return once(f"newsletter:{kind}-mail:{subscriber.pk}:{stamp}", lambda: _send(subscriber, kind))
