"""Sending an issue through a real SMTP server (aiosmtpd): everyone once, outages, refusals.

The crash tests run the sending in a separate process (`manage.py newsletter_send`) that is
killed with SIGKILL; that process needs the test's data committed in a database it can reach,
so they run on PostgreSQL (DATABASE_URL=postgres://…), like the other concurrency tests.
"""

import contextlib
import datetime
import email
import email.policy
import io
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from werkplaats.core.testing import free_port, run_together, use_smtp
from werkplaats.newsletter import sending
from werkplaats.newsletter.models import (
    Delivery,
    DeliveryStatus,
    IssueStatus,
    NewsletterIssue,
    Subscriber,
    SubscriberStatus,
)
from werkplaats.website.models import NewsPage, ThemePage

from .factories import PendingSubscriberFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a second process needs PostgreSQL's test database"
)


class Server:
    """aiosmtpd on a fixed port that can be stopped and started again, keeping what it got.

    `refuse` maps an address to the reply its RCPT TO gets (e.g. "550 …", "451 …").
    """

    def __init__(self):
        self.port = free_port()
        self.received = []  # one recipient per message
        self.messages = []
        self.refuse = {}
        self._lock = threading.Lock()
        self.controller = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        reply = self.refuse.get(address)
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            for address in envelope.rcpt_tos:
                self.received.append(address)
                self.messages.append(message)
        return "250 Message accepted for delivery"

    def start(self):
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        self.controller.stop()

    @property
    def count(self):
        with self._lock:
            return len(self.received)


@pytest.fixture
def server(settings):
    smtp = Server()
    smtp.start()
    use_smtp(settings, smtp.port)
    yield smtp
    with contextlib.suppress(AssertionError, RuntimeError):
        smtp.stop()  # unless the test stopped it already


@pytest.fixture
def theme(db):
    return ThemePage.objects.live().order_by("pk").first()


@pytest.fixture
def other_theme(theme):
    return ThemePage.objects.live().exclude(pk=theme.pk).order_by("pk").first()


def make_issue(themes=(), subject="Nieuwsbrief december"):
    issue = NewsletterIssue.objects.create(
        subject=subject,
        slug=f"nieuwsbrief-{NewsletterIssue.objects.count() + 1}",
        intro="<p>Het jaar van de werkteams.</p>",
    )
    if themes:
        news = NewsPage.objects.live().filter(themes__in=themes).first()
        if news is None:
            news = NewsPage.objects.live().first()
            news.themes.set(themes)
        issue.news_items.add(news)
    return issue


def many_subscribers(count):
    Subscriber.objects.bulk_create(
        Subscriber(
            email=f"abonnee{number:05}@example.org",
            status=SubscriberStatus.CONFIRMED,
            confirmed_at=timezone.now(),
            source="newsletter_page",
        )
        for number in range(count)
    )


def start(issue, django_capture_on_commit_callbacks, execute=False):
    with django_capture_on_commit_callbacks(execute=execute):
        return sending.start(issue)


def send_all(issue, **kwargs):
    for _ in range(1000):
        result = sending.send_batch(issue.pk, **kwargs)
        if result.finished:
            return
    raise AssertionError("the issue never finished")


# --- who gets it, and what ----------------------------------------------------------------------


def test_the_issue_goes_to_every_subscriber_of_its_themes_once(
    server, theme, other_theme, django_capture_on_commit_callbacks
):
    everything = SubscriberFactory(email="alles@example.org")
    same_theme = SubscriberFactory(email="thema@example.org", topics=[theme])
    other = SubscriberFactory(email="ander@example.org", topics=[other_theme])
    PendingSubscriberFactory(email="onbevestigd@example.org")
    SubscriberFactory(email="afgemeld@example.org", status=SubscriberStatus.UNSUBSCRIBED)
    SubscriberFactory(email="onbestelbaar@example.org", undeliverable=True)
    issue = make_issue(themes=[theme])
    # The task runs when the transaction commits (the test settings run tasks at once).
    count = start(issue, django_capture_on_commit_callbacks, execute=True)
    assert count == 2
    assert sorted(server.received) == [everything.email, same_theme.email]
    assert other.email not in server.received
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT and issue.finished_at is not None
    assert sending.figures(issue)["sent"] == 2


def test_an_issue_without_themes_goes_to_everyone_confirmed(
    server, theme, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="a@example.org", topics=[theme])
    SubscriberFactory(email="b@example.org")
    issue = make_issue()
    start(issue, django_capture_on_commit_callbacks, execute=True)
    assert sorted(server.received) == ["a@example.org", "b@example.org"]


def test_each_mail_has_text_html_and_working_one_click_unsubscribe(
    client, server, django_capture_on_commit_callbacks
):
    subscriber = SubscriberFactory(email="noor@example.org")
    issue = make_issue(subject="Nieuws uit de werkplaats")
    issue.news_items.add(NewsPage.objects.live().first())
    start(issue, django_capture_on_commit_callbacks, execute=True)
    [message] = server.messages
    assert message["Subject"] == "Nieuws uit de werkplaats"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.search(r"<(https?://[^>]+)>", message["List-Unsubscribe"]).group(1)
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    assert "Het jaar van de werkteams." in html and "Het jaar van de werkteams." in text
    assert NewsPage.objects.live().first().title in text
    assert unsubscribe in html and unsubscribe in text
    assert "NEWSLETTER-" not in html + text  # every placeholder filled in
    # No tracking: no images at all, links straight to the site.
    assert "<img" not in html
    path = urlsplit(unsubscribe).path
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED


def test_a_subscriber_who_leaves_before_their_turn_is_skipped(
    server, django_capture_on_commit_callbacks
):
    stays = SubscriberFactory(email="blijft@example.org")
    leaves = SubscriberFactory(email="gaat@example.org")
    issue = make_issue()
    start(issue, django_capture_on_commit_callbacks)
    Subscriber.objects.filter(pk=leaves.pk).update(status=SubscriberStatus.UNSUBSCRIBED)
    send_all(issue)
    assert server.received == [stays.email]
    assert sending.figures(issue)["skipped"] == 1


def test_starting_twice_sends_once(server, django_capture_on_commit_callbacks):
    SubscriberFactory(email="een@example.org")
    issue = make_issue()
    start(issue, django_capture_on_commit_callbacks, execute=True)
    with pytest.raises(sending.NotSendable):
        sending.start(issue)
    assert server.received == ["een@example.org"]


# --- an SMTP server that goes away ---------------------------------------------------------------


def test_smtp_server_stopped_half_way_and_started_again(server, django_capture_on_commit_callbacks):
    many_subscribers(1000)
    issue = make_issue()
    start(issue, django_capture_on_commit_callbacks)
    for _ in range(5):
        assert sending.send_batch(issue.pk, size=100).sent == 100
    server.stop()
    result = sending.send_batch(issue.pk, size=100)
    assert result.outage and result.sent == 0
    # Nothing is lost while the server is away: the claimed deliveries are pending again.
    assert Delivery.objects.filter(issue=issue, status=DeliveryStatus.SENDING).count() == 0
    assert sending.figures(issue)["pending"] == 500
    server.start()
    send_all(issue, size=100)
    counts = Counter(server.received)
    assert len(counts) == 1000
    assert set(counts.values()) == {1}
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT


def test_the_task_waits_and_comes_back_after_an_outage(
    server, settings, django_capture_on_commit_callbacks
):
    """With a queue that can wait (the database queue), an outage queues the task again for
    later instead of spinning."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    from werkplaats.newsletter.tasks import send_issue

    SubscriberFactory(email="later@example.org")
    issue = make_issue()
    start(issue, django_capture_on_commit_callbacks, execute=True)
    server.stop()
    send_issue.call(issue.pk)
    queued = [result for result in default_task_backend.results if result.args == [issue.pk]]
    assert queued[-1].task.run_after > timezone.now() + datetime.timedelta(seconds=30)
    server.start()


# --- refusals -----------------------------------------------------------------------------------


def test_hard_bounces_mark_an_address_undeliverable_after_the_limit(
    server, settings, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_BOUNCE_LIMIT = 2
    gone = SubscriberFactory(email="bestaatniet@example.org")
    SubscriberFactory(email="goed@example.org")
    server.refuse[gone.email] = "550 5.1.1 No such user"
    for round_ in range(2):
        issue = make_issue(subject=f"Ronde {round_}")
        start(issue, django_capture_on_commit_callbacks)
        send_all(issue)
        assert sending.figures(issue)["bounced"] == 1
        assert issue.deliveries.get(subscriber=gone).error.startswith("{'bestaatniet")
    gone.refresh_from_db()
    assert gone.bounce_count == 2 and gone.undeliverable
    third = make_issue(subject="Ronde 3")
    assert start(third, django_capture_on_commit_callbacks) == 1  # left out
    assert server.received.count("goed@example.org") == 2


def test_a_temporary_refusal_is_tried_again_later(server, django_capture_on_commit_callbacks):
    busy = SubscriberFactory(email="vol@example.org")
    issue = make_issue()
    start(issue, django_capture_on_commit_callbacks)
    server.refuse[busy.email] = "451 4.2.2 Mailbox full, try later"
    result = sending.send_batch(issue.pk)
    assert result.retried == 1 and not result.finished
    delivery = issue.deliveries.get()
    assert delivery.status == DeliveryStatus.PENDING and delivery.retry_after > timezone.now()
    assert sending.send_batch(issue.pk).handled == 0  # not due yet
    del server.refuse[busy.email]
    later = timezone.now() + datetime.timedelta(minutes=6)
    assert sending.send_batch(issue.pk, now=later).sent == 1
    assert server.received == [busy.email]


# --- workers that die, and workers side by side ---------------------------------------------------


def test_a_dead_workers_claims_run_out_and_are_sent_once(
    server, django_capture_on_commit_callbacks
):
    many_subscribers(30)
    issue = make_issue()
    start(issue, django_capture_on_commit_callbacks)
    # A worker claims ten and dies before sending them.
    _token, claimed = sending._claim(issue.pk, timezone.now(), 10)
    assert len(claimed) == 10
    send_all_now = sending.send_batch(issue.pk)
    assert send_all_now.sent == 20 and not send_all_now.finished  # the dead claims wait
    later = timezone.now() + datetime.timedelta(
        seconds=django_settings.NEWSLETTER_CLAIM_TIMEOUT + 1
    )
    assert sending.send_batch(issue.pk, now=later).sent == 10
    assert sending.send_batch(issue.pk, now=later).finished
    assert set(Counter(server.received).values()) == {1} and len(server.received) == 30


def test_housekeeping_resumes_a_stopped_sending(server, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    many_subscribers(5)
    issue = make_issue()
    start(issue, django_capture_on_commit_callbacks)  # the task never ran (worker gone)
    call_command("newsletter_housekeeping", stdout=io.StringIO())
    assert len(server.received) == 5
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT


def test_a_scheduled_issue_starts_when_its_moment_has_come(
    server, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="gepland@example.org")
    issue = make_issue()
    sending.schedule(issue, timezone.now() + datetime.timedelta(hours=1))
    assert sending.start_due() == 0
    assert sending.start_due(timezone.now() + datetime.timedelta(hours=2)) == 1
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENDING


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_mail_once(server):
    many_subscribers(400)
    issue = make_issue()
    sending.start(issue)  # the immediate task sends nothing: no batch is due before the others
    Delivery.objects.filter(issue=issue, status=DeliveryStatus.SENT).update(
        status=DeliveryStatus.PENDING
    )
    errors = run_together([lambda: send_all(issue, size=50) for _ in range(4)])
    assert errors == []
    assert set(Counter(server.received).values()) == {1}


def _worker(issue, port, *extra):
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "werkplaats.settings.dev",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "NEWSLETTER_CLAIM_TIMEOUT": "1",
        "SECRET_KEY": django_settings.SECRET_KEY,
    }
    command = [sys.executable, "manage.py", "newsletter_send", str(issue.pk), "--wait", "0.2"]
    return subprocess.Popen(
        [*command, "--batch-size", "50", *extra],
        cwd=django_settings.PROJECT_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.02)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_1000_subscribers_smtp_down_half_way_and_the_worker_killed(server, settings):
    """The issue's own scenario: the server stops half-way, the worker is killed while it waits
    for the server, a new worker resumes when the server is back: each address gets one copy."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    many_subscribers(1000)
    issue = make_issue()
    sending.start(issue)
    worker = _worker(issue, server.port)
    try:
        _wait_for(lambda: server.count >= 500)
        server.stop()
        halted_at = server.count
        time.sleep(1)  # the worker finds the server gone and waits to try again
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert 500 <= halted_at < 1000
    server.start()
    resumed = _worker(issue, server.port)
    assert resumed.wait(120) == 0
    counts = Counter(server.received)
    assert len(counts) == 1000
    assert set(counts.values()) == {1}
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT
    assert sending.figures(issue)["sent"] == 1000


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_while_sending_skips_no_one(server, settings):
    """Killed at any moment while the server works: nobody is skipped, and at most the one
    mail in flight (accepted by the server, not yet noted) is sent twice (sending.py)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    many_subscribers(300)
    issue = make_issue()
    sending.start(issue)
    worker = _worker(issue, server.port)
    try:
        _wait_for(lambda: server.count >= 120)
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()
    resumed = _worker(issue, server.port)
    assert resumed.wait(120) == 0
    counts = Counter(server.received)
    assert len(counts) == 300
    assert sum(counts.values()) - 300 <= 1


# --- the web archive ----------------------------------------------------------------------------


def test_sent_issues_are_in_the_web_archive_without_personal_links(
    client, server, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="lezer@example.org")
    assert "Nieuwsbrief november" not in client.get("/nieuwsbrief/archief/").content.decode()
    sent = make_issue(subject="Nieuwsbrief november")
    news = NewsPage.objects.live().first()
    sent.news_items.add(news)
    start(sent, django_capture_on_commit_callbacks, execute=True)
    draft = make_issue(subject="Nog niet klaar")
    html = client.get("/nieuwsbrief/archief/").content.decode()
    assert "Nieuwsbrief november" in html and "Nog niet klaar" not in html
    response = client.get(f"/nieuwsbrief/archief/{sent.slug}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Het jaar van de werkteams." in page and news.title in page
    assert "/nieuwsbrief/afmelden/" not in page and "NEWSLETTER-" not in page
    assert client.get(f"/nieuwsbrief/archief/{draft.slug}/").status_code == 404
    assert client.get("/nieuwsbrief/archief/bestaat-niet/").status_code == 404


def test_the_mail_greets_each_reader_by_name_escaped(server, django_capture_on_commit_callbacks):
    SubscriberFactory(email="noor@example.org", name="Noor <b>Bakker</b>")
    SubscriberFactory(email="anoniem@example.org", name="")
    start(make_issue(), django_capture_on_commit_callbacks, execute=True)
    by_address = dict(zip(server.received, server.messages, strict=True))
    noor = by_address["noor@example.org"]
    assert "Beste Noor <b>Bakker</b>," in noor.get_body(("plain",)).get_content()
    html = noor.get_body(("html",)).get_content()
    assert "Beste Noor &lt;b&gt;Bakker&lt;/b&gt;," in html and "<b>Bakker" not in html
    assert "Beste lezer," in by_address["anoniem@example.org"].get_body(("plain",)).get_content()
