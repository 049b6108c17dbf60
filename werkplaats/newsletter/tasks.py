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


# --- sending an issue (sending.py) -------------------------------------------------------------

# One task sends batches for this long, then queues itself again (other tasks get a turn).
TASK_SECONDS = 60
# After the SMTP server was unreachable, the next try waits this long.
OUTAGE_WAIT_SECONDS = 60


def _again(issue_id, when=None):
    """Queue send_issue again, at `when` if given. A backend that cannot wait (the immediate
    one of the tests) gets nothing queued for later: newsletter_housekeeping resumes it."""
    if when is not None:
        if not send_issue.get_backend().supports_defer:
            return
        send_issue.using(run_after=when).enqueue(issue_id)
    else:
        send_issue.enqueue(issue_id)


@task()
def send_issue(issue_id):
    """Send the issue's pending deliveries batch after batch (sending.send_batch)."""
    import time

    from django.utils import timezone

    from . import sending

    deadline = time.monotonic() + TASK_SECONDS
    while True:
        result = sending.send_batch(issue_id)
        if result.finished:
            return "sent"
        now = timezone.now()
        if result.outage:
            _again(issue_id, now + timezone.timedelta(seconds=OUTAGE_WAIT_SECONDS))
            return "outage"
        if result.handled == 0:  # the rest waits for a retry, or another worker has it
            due = sending.next_retry(issue_id)
            _again(issue_id, max(due, now) if due else now + timezone.timedelta(minutes=1))
            return "waiting"
        if time.monotonic() > deadline:
            _again(issue_id)
            return "continues"


@task()
def start_scheduled(issue_id):
    """Start a scheduled issue when its moment has come (it may have been rescheduled or
    unscheduled since: then nothing happens here)."""
    from django.utils import timezone

    from . import sending
    from .models import IssueStatus, NewsletterIssue

    issue = NewsletterIssue.objects.filter(
        pk=issue_id, status=IssueStatus.SCHEDULED, send_at__lte=timezone.now()
    ).first()
    if issue is None:
        return False
    try:
        sending.start(issue)
    except sending.NotSendable:
        return False
    return True
