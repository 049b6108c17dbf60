"""Sending a newsletter issue: every subscriber gets it once, in batches through SMTP.

- `start(issue)`: in one transaction the issue becomes `sending` and gets a pending Delivery for
  every confirmed, deliverable subscriber whose themes it matches (recipients()). Who gets it
  is fixed from then on; subscribing later does not add to it.
- `send_batch(issue)` claims up to BATCH_SIZE pending deliveries with one conditional UPDATE
  (pending → sending, with a random claim), so two workers never claim the same delivery, and
  sends them over one SMTP connection. Right after the server accepts a mail (its 250 reply
  to DATA) one UPDATE marks that delivery sent.
- The SMTP server down or gone (refused, dropped, timed out): the claimed but unsent deliveries
  go back to pending and the batch reports an outage; the task tries again later (tasks.py).
- A worker killed mid-batch leaves its claims behind. After NEWSLETTER_CLAIM_TIMEOUT seconds they
  count as abandoned and go back to pending (at the start of every batch, and in
  newsletter_housekeeping, which also restarts a sending that stopped).
- Exactly once: a delivery is marked sent only after the server accepted it, and never sent
  again once marked. The one gap is a worker killed in the instant between the server's "250"
  and that UPDATE: that one mail is sent again on resume. One possible duplicate per crash is
  preferred to skipping someone.
- Refusals: a 5xx for the recipient is a hard bounce (delivery `bounced`, the subscriber's
  bounce_count +1, `undeliverable` at NEWSLETTER_BOUNCE_LIMIT, left out of later issues). A 4xx
  is tried again later, up to MAX_ATTEMPTS, then `failed`.
- No open or click tracking: no pixel, no redirected links; the figures are the deliveries'
  statuses (figures()).
- The mail is rendered once per issue with placeholders for the personal links, which are
  filled in per subscriber: fast, and the same text for everyone.
"""

import contextlib
import secrets
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Count, F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from werkplaats.core.cache import clear_page_cache
from werkplaats.network.tasks import absolute_url

from . import links
from .models import (
    Delivery,
    DeliveryStatus,
    IssueStatus,
    NewsletterIssue,
    Subscriber,
    SubscriberStatus,
)

BATCH_SIZE = 200
MAX_ATTEMPTS = 5
INSERT_CHUNK = 2000
# Placeholders in the rendered mail, replaced by each subscriber's own links.
UNSUBSCRIBE_MARK = "NEWSLETTER-UNSUBSCRIBE-URL"
PREFERENCES_MARK = "NEWSLETTER-PREFERENCES-URL"
NAME_MARK = "NEWSLETTER-READER-NAME"

# What tells us the server is away rather than refusing this one mail.
OUTAGE_ERRORS = (
    OSError,  # refused, reset, timed out (socket.timeout is an OSError)
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPNotSupportedError,
)


# --- who gets it ------------------------------------------------------------------------------


def issue_themes(issue):
    """The pks of the themes of the issue's news, activities and products."""
    themes = set(issue.news_items.values_list("themes", flat=True))
    themes |= set(issue.activities.values_list("themes", flat=True))
    themes |= set(issue.products.values_list("themes", flat=True))
    themes.discard(None)
    return themes


def recipients(issue):
    """Confirmed, deliverable subscribers who chose no themes (everything) or at least one of
    the issue's themes. An issue without themes goes to all of them."""
    subscribers = Subscriber.objects.filter(status=SubscriberStatus.CONFIRMED, undeliverable=False)
    themes = issue_themes(issue)
    if not themes:
        return subscribers
    chosen = Subscriber.topics.through.objects
    return subscribers.filter(
        ~Q(pk__in=chosen.values("subscriber_id"))
        | Q(pk__in=chosen.filter(themepage_id__in=themes).values("subscriber_id"))
    )


class NotSendable(Exception):
    """The issue was sent or is being sent already."""


def start(issue, now=None):
    """Fix the recipients and mark the issue `sending`; the task is queued after the commit.

    Returns the number of recipients. Raises NotSendable when the issue left draft/scheduled
    (a second click, or the scheduler and a coordinator at once: only one starts it).
    """
    from .tasks import send_issue

    now = now or timezone.now()
    with transaction.atomic():
        locked = NewsletterIssue.objects.select_for_update().get(pk=issue.pk)
        if not locked.is_editable:
            raise NotSendable(locked.get_status_display())
        count = 0
        chunk = []
        ids = recipients(locked).order_by("pk").values_list("pk", flat=True)
        for subscriber_id in ids.iterator(chunk_size=INSERT_CHUNK):
            chunk.append(Delivery(issue=locked, subscriber_id=subscriber_id))
            if len(chunk) == INSERT_CHUNK:
                Delivery.objects.bulk_create(chunk)
                count += len(chunk)
                chunk = []
        Delivery.objects.bulk_create(chunk)
        count += len(chunk)
        NewsletterIssue.objects.filter(pk=locked.pk).update(
            status=IssueStatus.SENDING, started_at=now
        )
        transaction.on_commit(lambda: send_issue.enqueue(locked.pk))
    return count


# --- the mail ---------------------------------------------------------------------------------


def issue_context(issue):
    """What the mail and the web archive show: the intro and the items still public, each
    with its full link (`mail_url`)."""
    from werkplaats.activities.models import Audience
    from werkplaats.library.models import Visibility

    news_items = list(issue.news_items.live().public().order_by("-date", "-pk"))
    activities = list(
        issue.activities.filter(audience=Audience.PUBLIC)
        .select_related("venue")
        .order_by("starts_at", "pk")
    )
    products = list(issue.products.filter(visibility=Visibility.PUBLIC).order_by("-year", "title"))
    for item in news_items:
        item.mail_url = absolute_url(item.get_url())
    for item in (*activities, *products):
        item.mail_url = absolute_url(item.get_absolute_url())
    return {
        "issue": issue,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "news_items": news_items,
        "activities": activities,
        "products": products,
        "archive_url": absolute_url(issue_archive_path(issue)),
    }


def issue_archive_path(issue):
    from django.urls import reverse

    return reverse("newsletter:archive_issue", args=[issue.slug])


@dataclass
class RenderedIssue:
    subject: str
    text: str
    html: str
    no_name: str  # in the greeting of someone who gave no name

    def personal(self, subscriber):
        """(text, html) with this subscriber's own links and name (escaped in the HTML)."""
        unsubscribe = links.unsubscribe_url(subscriber)
        preferences = links.preferences_url(subscriber)
        name = " ".join(subscriber.name.split()) or self.no_name
        text, html = (
            body.replace(UNSUBSCRIBE_MARK, unsubscribe).replace(PREFERENCES_MARK, preferences)
            for body in (self.text, self.html)
        )
        return text.replace(NAME_MARK, name), html.replace(NAME_MARK, escape(name))


def render_issue(issue, *, test=False):
    context = {
        **issue_context(issue),
        "unsubscribe_url": UNSUBSCRIBE_MARK,
        "preferences_url": PREFERENCES_MARK,
        "reader_name": NAME_MARK,
        "in_mail": True,
    }
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string("newsletter/mail/issue.txt", context)
        html = render_to_string("newsletter/mail/issue.html", context)
        subject = " ".join(issue.subject.split())
        if test:
            subject = f"[TEST] {subject}"
        no_name = gettext("reader")
    return RenderedIssue(subject, text, html, no_name)


def message_for(rendered, subscriber, *, message_id=None):
    text, html = rendered.personal(subscriber)
    headers = dict(links.list_unsubscribe_headers(subscriber))
    headers["List-Id"] = f"<nieuwsbrief.{_domain()}>"
    if message_id:
        headers["Message-ID"] = f"<{message_id}@{_domain()}>"
    message = EmailMultiAlternatives(
        subject=rendered.subject, body=text, to=[subscriber.email], headers=headers
    )
    message.attach_alternative(html, "text/html")
    return message


def _domain():
    from urllib.parse import urlsplit

    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"


def stand_in(email):
    """A subscriber that does not exist, for a test mail or a preview: its personal links work
    for no one."""
    return Subscriber(pk=0, email=email, key="test")


def send_test(issue, email):
    """The issue to one address (the coordinator's own), marked [TEST]; not a delivery."""
    message_for(render_issue(issue, test=True), stand_in(email)).send()


# --- sending -------------------------------------------------------------------------------------


@dataclass
class BatchResult:
    sent: int = 0
    bounced: int = 0
    retried: int = 0
    skipped: int = 0
    outage: bool = False
    finished: bool = False

    @property
    def handled(self):
        return self.sent + self.bounced + self.retried + self.skipped


def claim_timeout():
    return timezone.timedelta(seconds=settings.NEWSLETTER_CLAIM_TIMEOUT)


def release_abandoned_claims(now=None):
    """Deliveries claimed longer ago than the claim timeout (a killed worker's) go back to
    pending. Returns how many."""
    now = now or timezone.now()
    return Delivery.objects.filter(
        status=DeliveryStatus.SENDING, claimed_at__lt=now - claim_timeout()
    ).update(status=DeliveryStatus.PENDING, claim="", claimed_at=None)


def _claim(issue_id, now, size):
    token = secrets.token_hex(16)
    due = Q(retry_after__isnull=True) | Q(retry_after__lte=now)
    candidates = list(
        Delivery.objects.filter(issue_id=issue_id, status=DeliveryStatus.PENDING)
        .filter(due)
        .order_by("pk")
        .values_list("pk", flat=True)[:size]
    )
    if not candidates:
        return token, []
    # Only rows still pending are taken: a concurrent batch that got there first keeps them.
    Delivery.objects.filter(pk__in=candidates, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.SENDING, claim=token, claimed_at=now
    )
    claimed = list(
        Delivery.objects.filter(claim=token, status=DeliveryStatus.SENDING)
        .select_related("subscriber")
        .order_by("pk")
    )
    return token, claimed


def _mark(delivery, token, **fields):
    """Update a claimed delivery, only while the claim is still ours."""
    return Delivery.objects.filter(pk=delivery.pk, claim=token).update(
        claim="", claimed_at=None, **fields
    )


def _bounce(delivery, token, error, now):
    _mark(delivery, token, status=DeliveryStatus.BOUNCED, attempts=F("attempts") + 1, error=error)
    if delivery.subscriber_id:
        Subscriber.objects.filter(pk=delivery.subscriber_id).update(
            bounce_count=F("bounce_count") + 1
        )
        Subscriber.objects.filter(
            pk=delivery.subscriber_id, bounce_count__gte=settings.NEWSLETTER_BOUNCE_LIMIT
        ).update(undeliverable=True)


def _retry_later(delivery, token, error, now):
    attempts = delivery.attempts + 1
    if attempts >= MAX_ATTEMPTS:
        _mark(delivery, token, status=DeliveryStatus.FAILED, attempts=attempts, error=error)
        return
    wait = timezone.timedelta(minutes=5 * 2 ** (attempts - 1))
    _mark(
        delivery,
        token,
        status=DeliveryStatus.PENDING,
        attempts=attempts,
        error=error,
        retry_after=now + wait,
    )


def _describe(error):
    return " ".join(str(error).split())[:300]


def send_batch(issue_id, *, size=BATCH_SIZE, now=None, connection=None):
    """Send one batch of the issue's pending deliveries. See the module's docstring."""
    now = now or timezone.now()
    release_abandoned_claims(now)
    issue = NewsletterIssue.objects.filter(pk=issue_id, status=IssueStatus.SENDING).first()
    result = BatchResult()
    if issue is None:
        result.finished = True
        return result
    token, claimed = _claim(issue.pk, now, size)
    if claimed:
        rendered = render_issue(issue)
        connection = connection or get_connection(fail_silently=False)
        try:
            connection.open()
            for delivery in claimed:
                subscriber = delivery.subscriber
                if (
                    subscriber is None
                    or subscriber.status != SubscriberStatus.CONFIRMED
                    or subscriber.undeliverable
                ):
                    _mark(delivery, token, status=DeliveryStatus.SKIPPED)
                    result.skipped += 1
                    continue
                message = message_for(
                    rendered, subscriber, message_id=f"nieuwsbrief-{issue.pk}-{delivery.pk}"
                )
                try:
                    connection.send_messages([message])
                except smtplib.SMTPRecipientsRefused as error:
                    code = next(iter(error.recipients.values()), (0, b""))[0]
                    if 500 <= code < 600:
                        _bounce(delivery, token, _describe(error), now)
                        result.bounced += 1
                    else:
                        _retry_later(delivery, token, _describe(error), now)
                        result.retried += 1
                    continue
                except smtplib.SMTPDataError as error:
                    if 500 <= error.smtp_code < 600:
                        _bounce(delivery, token, _describe(error), now)
                        result.bounced += 1
                    else:
                        _retry_later(delivery, token, _describe(error), now)
                        result.retried += 1
                    continue
                _mark(
                    delivery,
                    token,
                    status=DeliveryStatus.SENT,
                    sent_at=timezone.now(),
                    attempts=F("attempts") + 1,
                    error="",
                )
                result.sent += 1
        except OUTAGE_ERRORS as error:
            # Nothing of this batch that was not marked has gone out: back in the queue.
            Delivery.objects.filter(claim=token, status=DeliveryStatus.SENDING).update(
                status=DeliveryStatus.PENDING, claim="", claimed_at=None, error=_describe(error)
            )
            result.outage = True
            return result
        finally:
            # Closing a broken connection may fail too.
            with contextlib.suppress(Exception):
                connection.close()
    result.finished = _finish_if_done(issue.pk)
    return result


def _finish_if_done(issue_id):
    open_statuses = (DeliveryStatus.PENDING, DeliveryStatus.SENDING)
    if Delivery.objects.filter(issue_id=issue_id, status__in=open_statuses).exists():
        return False
    finished = NewsletterIssue.objects.filter(pk=issue_id, status=IssueStatus.SENDING).update(
        status=IssueStatus.SENT, finished_at=timezone.now()
    )
    if finished:
        # The web archive (cached whole for visitors) lists it from now on.
        clear_page_cache()
    return True


def next_retry(issue_id):
    """When the earliest delivery that waits for a retry is due, or None."""
    return (
        Delivery.objects.filter(issue_id=issue_id, status=DeliveryStatus.PENDING)
        .order_by("retry_after")
        .values_list("retry_after", flat=True)
        .first()
    )


def figures(issue):
    """{status: count} of the issue's deliveries, every status present, plus 'total'."""
    counts = dict(
        Delivery.objects.filter(issue=issue)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    result = {status: counts.get(status, 0) for status in DeliveryStatus.values}
    result["total"] = sum(counts.values())
    return result


# --- scheduling and resuming -------------------------------------------------------------------


def schedule(issue, send_at):
    """Send the issue at `send_at` (newsletter_housekeeping starts it; a task queue that can
    wait starts it on the minute)."""
    from .tasks import start_scheduled

    with transaction.atomic():
        updated = NewsletterIssue.objects.filter(
            pk=issue.pk, status__in=(IssueStatus.DRAFT, IssueStatus.SCHEDULED)
        ).update(status=IssueStatus.SCHEDULED, send_at=send_at)
        if not updated:
            raise NotSendable(issue.get_status_display())
        if start_scheduled.get_backend().supports_defer:
            transaction.on_commit(
                lambda: start_scheduled.using(run_after=send_at).enqueue(issue.pk)
            )


def unschedule(issue):
    """Back to draft; nothing is sent."""
    return NewsletterIssue.objects.filter(pk=issue.pk, status=IssueStatus.SCHEDULED).update(
        status=IssueStatus.DRAFT, send_at=None
    )


def start_due(now=None):
    """Start the scheduled issues whose moment has come; returns how many started."""
    now = now or timezone.now()
    started = 0
    due = NewsletterIssue.objects.filter(status=IssueStatus.SCHEDULED, send_at__lte=now)
    for issue in due:
        try:
            start(issue, now)
        except NotSendable:
            continue  # started by someone else in the meantime
        started += 1
    return started


def resume_stalled(now=None):
    """Give every issue that is being sent a task again: after a worker died, its claims ran
    out, or a retry is due. Safe when a task is still running: claims keep them apart.
    Returns the ids of the issues queued."""
    from .tasks import send_issue

    now = now or timezone.now()
    release_abandoned_claims(now)
    due = Q(retry_after__isnull=True) | Q(retry_after__lte=now)
    issue_ids = list(
        NewsletterIssue.objects.filter(status=IssueStatus.SENDING)
        .filter(
            pk__in=Delivery.objects.filter(status=DeliveryStatus.PENDING)
            .filter(due)
            .values("issue_id")
        )
        .values_list("pk", flat=True)
    )
    for issue_id in issue_ids:
        send_issue.enqueue(issue_id)
    # An issue whose last deliveries were settled by a worker that died before finishing it.
    for issue_id in NewsletterIssue.objects.filter(status=IssueStatus.SENDING).values_list(
        "pk", flat=True
    ):
        _finish_if_done(issue_id)
    return issue_ids
