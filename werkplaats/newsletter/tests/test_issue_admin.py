"""Newsletter issues in /beheer/nieuwsbrief/uitgaven/: coordinators compose (pre-filled with the
suggestions), preview, send a test, plan or send, and follow the progress; bad input answers in
Dutch with the input kept and nothing written; members get nothing of it."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape
from wagtail.test.utils.form_data import querydict_from_html

from werkplaats.accounts.models import COORDINATORS_GROUP
from werkplaats.activities.models import Audience
from werkplaats.activities.tests.factories import ActivityFactory
from werkplaats.library.models import Visibility
from werkplaats.library.tests.factories import ProductFactory
from werkplaats.network.tests.factories import PersonFactory, UserFactory
from werkplaats.newsletter import sending
from werkplaats.newsletter.models import Delivery, IssueStatus, NewsletterIssue
from werkplaats.website.models import NewsPage

from .factories import SubscriberFactory

pytestmark = pytest.mark.django_db

ISSUES = "/beheer/nieuwsbrief/uitgaven/"
CHECKBOX = re.compile(r'<input type="checkbox" name="(\w+)" value="(\d+)"([^>]*)>')


@pytest.fixture
def coordinator():
    user = UserFactory(is_staff=True, email="coordinator@example.org", first_name="Sanne")
    user.groups.add(Group.objects.get(name=COORDINATORS_GROUP))
    PersonFactory(user=user)
    return user


@pytest.fixture
def coordinator_client(coordinator):
    client = Client()
    client.force_login(coordinator)
    return client


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def text(response):
    return response.content.decode()


def checkboxes(html):
    """{field name: {pk: ticked}} of the form's checkbox lists."""
    found = {}
    for name, pk, rest in CHECKBOX.findall(html):
        found.setdefault(name, {})[int(pk)] = " checked" in rest
    return found


def make_issue(**fields):
    values = {"subject": "Nieuwsbrief december", "slug": "nieuwsbrief-december"} | fields
    return NewsletterIssue.objects.create(**values)


def form_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    form = querydict_from_html(text(response), form_id="w-editor-form")
    return form


def submit(client, url, form):
    return client.post(url, dict(form.lists()))


# --- access ----------------------------------------------------------------------------------


def test_coordinator_finds_issues_and_subscribers_under_newsletter(coordinator_client):
    issue = make_issue()
    menu = text(coordinator_client.get("/beheer/"))
    assert ISSUES in menu and "/beheer/nieuwsbrief/" in menu
    assert "Uitgaven" in menu and "Abonnees" in menu
    for url in (
        ISSUES,
        ISSUES + "new/",
        f"{ISSUES}edit/{issue.pk}/",
        f"{ISSUES}inspect/{issue.pk}/",
        f"{ISSUES}send/{issue.pk}/",
        f"{ISSUES}preview/{issue.pk}/web/",
        f"{ISSUES}preview/{issue.pk}/mail/",
        f"{ISSUES}preview/{issue.pk}/mail.html",
        "/beheer/nieuwsbrief/",
    ):
        assert coordinator_client.get(url).status_code == 200, url


@pytest.mark.parametrize("staff", [False, True])
def test_members_and_other_editors_get_no_access(staff):
    issue = make_issue()
    SubscriberFactory()
    client = Client()
    client.force_login(PersonFactory(user=UserFactory(is_staff=staff)).user)
    for url in (
        ISSUES,
        ISSUES + "new/",
        f"{ISSUES}edit/{issue.pk}/",
        f"{ISSUES}inspect/{issue.pk}/",
        f"{ISSUES}send/{issue.pk}/",
        f"{ISSUES}progress/{issue.pk}/",
        f"{ISSUES}preview/{issue.pk}/web/",
        f"{ISSUES}preview/{issue.pk}/mail.html",
    ):
        assert client.get(url).status_code in (302, 403), url
    assert client.post(f"{ISSUES}send/{issue.pk}/").status_code in (302, 403)
    assert client.post(f"{ISSUES}inspect/{issue.pk}/", {"action": "test"}).status_code in (
        302,
        403,
    )
    client.post(ISSUES + "new/", {"subject": "Overgenomen"})
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT
    assert not Delivery.objects.exists()
    assert not NewsletterIssue.objects.filter(subject="Overgenomen").exists()


def test_the_list_shows_status_moment_and_figures(
    coordinator_client, django_assert_max_num_queries
):
    make_issue(subject="Concept januari", slug="januari")
    make_issue(
        subject="Gepland februari",
        slug="februari",
        status=IssueStatus.SCHEDULED,
        send_at=timezone.now() + datetime.timedelta(days=3),
    )
    sent = make_issue(subject="Verstuurd november", slug="november")
    SubscriberFactory()
    SubscriberFactory()
    sending.start(sent)
    sending.send_batch(sent.pk)  # the locmem backend of the tests takes both

    with django_assert_max_num_queries(40):
        content = text(coordinator_client.get(ISSUES))

    for subject in ("Concept januari", "Gepland februari", "Verstuurd november"):
        assert subject in content
    assert "concept" in content and "gepland" in content and "verstuurd" in content
    assert "gepland voor" in content
    assert "2 van 2 verstuurd" in content


def test_list_queries_do_not_grow_with_the_issues(coordinator_client):
    def add(number):
        issue = make_issue(subject=f"Nummer {number}", slug=f"nummer-{number}")
        SubscriberFactory()
        sending.start(issue)

    add(0)
    coordinator_client.get(ISSUES)  # warm up what is cached once per process
    with CaptureQueriesContext(connection) as few:
        coordinator_client.get(ISSUES)
    for number in range(1, 8):
        add(number)
    with CaptureQueriesContext(connection) as many:
        coordinator_client.get(ISSUES)

    assert len(many) == len(few)


# --- composing -------------------------------------------------------------------------------


def test_a_new_issue_is_prefilled_with_the_suggestions(coordinator_client):
    NewsletterIssue.objects.create(
        subject="Vorige", slug="vorige", status=IssueStatus.SENT, started_at=days_ago(14)
    )
    new_news, old_news = NewsPage.objects.live().order_by("pk")[:2]
    NewsPage.objects.update(first_published_at=days_ago(300))
    NewsPage.objects.filter(pk=new_news.pk).update(first_published_at=days_ago(2))
    NewsPage.objects.filter(pk=old_news.pk).update(first_published_at=days_ago(20))
    coming = ActivityFactory(starts_at=timezone.now() + datetime.timedelta(days=10))
    members_only = ActivityFactory(audience=Audience.MEMBERS)
    far_away = ActivityFactory(starts_at=timezone.now() + datetime.timedelta(days=90))
    new_product = ProductFactory(created_at=days_ago(3))
    private = ProductFactory(created_at=days_ago(3), visibility=Visibility.GROUP)
    old_product = ProductFactory(created_at=days_ago(30))

    response = coordinator_client.get(ISSUES + "new/")

    assert response.status_code == 200
    boxes = checkboxes(text(response))
    assert boxes["news_items"] == {new_news.pk: True}
    assert boxes["activities"] == {coming.pk: True}
    assert boxes["products"] == {new_product.pk: True}
    content = text(response)
    for left_out in (old_news, members_only, far_away, private, old_product):
        assert escape(left_out.title) not in content


def test_coordinator_composes_an_issue_and_lands_on_its_page(coordinator_client, coordinator):
    coming = ActivityFactory(title="Kenniscafé armoede")
    product = ProductFactory(created_at=days_ago(1))
    form = form_of(coordinator_client, ISSUES + "new/")
    form["subject"] = "Nieuws uit de Werkplaats"
    form.setlist("products", [])  # unticked

    response = submit(coordinator_client, ISSUES + "new/", form)

    issue = NewsletterIssue.objects.get(subject="Nieuws uit de Werkplaats")
    assert response.status_code == 302
    assert response["Location"] == f"{ISSUES}inspect/{issue.pk}/"
    assert issue.slug == "nieuws-uit-de-werkplaats"
    assert issue.created_by == coordinator
    assert issue.status == IssueStatus.DRAFT
    assert list(issue.activities.all()) == [coming]
    assert product not in issue.products.all()

    again = form_of(coordinator_client, ISSUES + "new/")
    again["subject"] = "Nieuws uit de Werkplaats"
    submit(coordinator_client, ISSUES + "new/", again)
    assert NewsletterIssue.objects.filter(slug="nieuws-uit-de-werkplaats-2").exists()


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        ("", "Geef de nieuwsbrief een onderwerp"),
        ("L" * 200, "Maak het onderwerp korter: hoogstens 150 tekens (het zijn er 200)"),
    ],
)
def test_a_bad_subject_is_refused_with_the_input_kept(coordinator_client, subject, message):
    activity = ActivityFactory()
    form = form_of(coordinator_client, ISSUES + "new/")
    form["subject"] = subject
    form["intro"] = form["intro"]  # what Draftail sent

    response = submit(coordinator_client, ISSUES + "new/", form)

    assert response.status_code == 200
    content = text(response)
    assert message in content
    if subject:
        assert subject in content
    assert checkboxes(content)["activities"] == {activity.pk: True}
    assert not NewsletterIssue.objects.exists()


def test_a_private_product_posted_by_hand_is_refused(coordinator_client):
    private = ProductFactory(visibility=Visibility.GROUP, created_at=days_ago(1))
    form = form_of(coordinator_client, ISSUES + "new/")
    form["subject"] = "Met iets geheims"
    form.setlist("products", [str(private.pk)])

    response = submit(coordinator_client, ISSUES + "new/", form)

    assert response.status_code == 200
    assert not NewsletterIssue.objects.exists()


def test_editing_keeps_what_was_picked_and_offers_it_again(coordinator_client):
    old = ProductFactory(created_at=days_ago(400), title="Leren transformeren")
    issue = make_issue()
    issue.products.add(old)

    boxes = checkboxes(text(coordinator_client.get(f"{ISSUES}edit/{issue.pk}/")))

    assert boxes["products"] == {old.pk: True}


@pytest.mark.parametrize("status", [IssueStatus.SENDING, IssueStatus.SENT])
def test_a_sending_or_sent_issue_cannot_be_edited_or_deleted(coordinator_client, status):
    issue = make_issue(status=status, started_at=timezone.now())

    response = coordinator_client.post(
        f"{ISSUES}edit/{issue.pk}/", {"subject": "Veranderd"}, follow=True
    )

    assert "kan niet meer worden gewijzigd" in text(response)
    issue.refresh_from_db()
    assert issue.subject == "Nieuwsbrief december"
    coordinator_client.post(f"{ISSUES}delete/{issue.pk}/")
    assert NewsletterIssue.objects.filter(pk=issue.pk).exists()
    assert coordinator_client.get(f"{ISSUES}edit/{issue.pk}/").status_code == 302


# --- previews --------------------------------------------------------------------------------


def test_previews_show_the_web_version_and_the_mail(coordinator_client):
    news = NewsPage.objects.live().first()
    issue = make_issue(intro="<p>Het jaar van de werkteams.</p>")
    issue.news_items.add(news)

    web = coordinator_client.get(f"{ISSUES}preview/{issue.pk}/web/")
    assert "Het jaar van de werkteams." in text(web)
    assert escape(news.title) in text(web)
    assert "Voorbeeld" in text(web)

    mail = coordinator_client.get(f"{ISSUES}preview/{issue.pk}/mail/")
    assert "Het jaar van de werkteams." in text(mail)  # the plain text
    assert f'src="{ISSUES}preview/{issue.pk}/mail.html"' in text(mail)
    assert "sandbox" in text(mail)

    html = coordinator_client.get(f"{ISSUES}preview/{issue.pk}/mail.html")
    assert "Het jaar van de werkteams." in text(html)
    assert "default-src 'none'" in html["Content-Security-Policy"]
    assert html["X-Frame-Options"] == "SAMEORIGIN"
    assert sending.UNSUBSCRIBE_MARK not in text(html)


# --- test mail -------------------------------------------------------------------------------


def test_the_test_mail_arrives_marked_and_writes_no_delivery(coordinator_client, smtp_inbox):
    issue = make_issue(intro="<p>Het jaar van de werkteams.</p>")
    SubscriberFactory()

    response = coordinator_client.post(
        f"{ISSUES}inspect/{issue.pk}/", {"action": "test"}, follow=True
    )

    assert "Er is een test verstuurd naar coordinator@example.org" in text(response)
    [(recipients, message)] = smtp_inbox.messages
    assert recipients == ["coordinator@example.org"]
    assert message["Subject"] == "[TEST] Nieuwsbrief december"
    assert not Delivery.objects.exists()
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT


def test_no_test_mail_without_an_address(coordinator_client, coordinator, smtp_inbox):
    coordinator.email = ""
    coordinator.save()
    issue = make_issue()

    response = coordinator_client.post(f"{ISSUES}inspect/{issue.pk}/", {"action": "test"})

    assert response.status_code == 400
    assert "Je account heeft geen e-mailadres" in text(response)
    assert not smtp_inbox.messages


def test_get_changes_nothing(coordinator_client):
    issue = make_issue()
    SubscriberFactory()
    coordinator_client.get(f"{ISSUES}send/{issue.pk}/")
    coordinator_client.get(f"{ISSUES}inspect/{issue.pk}/?action=schedule")
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT
    assert not Delivery.objects.exists()


# --- planning --------------------------------------------------------------------------------


def test_coordinator_plans_and_unplans(coordinator_client):
    issue = make_issue()
    moment = timezone.localtime() + datetime.timedelta(days=2)

    response = coordinator_client.post(
        f"{ISSUES}inspect/{issue.pk}/",
        {"action": "schedule", "send_at": moment.strftime("%Y-%m-%dT%H:%M")},
        follow=True,
    )

    assert "Gepland: de nieuwsbrief wordt verstuurd op" in text(response)
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SCHEDULED
    assert issue.send_at == moment.replace(second=0, microsecond=0)

    coordinator_client.post(f"{ISSUES}inspect/{issue.pk}/", {"action": "unschedule"})
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT and issue.send_at is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2020-01-01T09:00", "Kies een moment in de toekomst"),
        ("morgen om negen", "Dit is geen datum en tijd die we begrijpen"),
        ("", "Vul een datum en tijd in"),
    ],
)
def test_a_bad_moment_is_refused_with_the_input_kept(coordinator_client, value, message):
    issue = make_issue()

    response = coordinator_client.post(
        f"{ISSUES}inspect/{issue.pk}/", {"action": "schedule", "send_at": value}
    )

    assert response.status_code == 400
    assert message in text(response)
    assert f'value="{value}"' in text(response) or not value
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT and issue.send_at is None


# --- sending and progress --------------------------------------------------------------------


def test_send_now_confirms_with_the_count_then_everyone_gets_it(
    coordinator_client, smtp_inbox, django_capture_on_commit_callbacks
):
    issue = make_issue()
    SubscriberFactory(email="noor@example.org")
    SubscriberFactory(email="ahmed@example.org")

    confirm = text(coordinator_client.get(f"{ISSUES}send/{issue.pk}/"))
    assert "gaat nu naar 2 abonnees" in confirm
    assert "Ja, verstuur nu naar 2 abonnees" in confirm

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(f"{ISSUES}send/{issue.pk}/")

    assert response.status_code == 302
    assert Delivery.objects.filter(issue=issue).count() == 2
    assert sorted(rcpt[0] for rcpt, _message in smtp_inbox.messages) == [
        "ahmed@example.org",
        "noor@example.org",
    ]
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT

    page = text(coordinator_client.get(response["Location"]))
    assert "Het versturen is begonnen: 2 abonnees krijgen deze nieuwsbrief." in page
    assert "<progress" in page
    assert "Geen open- of klikgegevens: privacy by design" in page


def test_sending_twice_is_refused(coordinator_client, django_capture_on_commit_callbacks):
    issue = make_issue()
    SubscriberFactory()
    with django_capture_on_commit_callbacks():
        sending.start(issue)

    response = coordinator_client.post(f"{ISSUES}send/{issue.pk}/", follow=True)

    assert "wordt al verstuurd of is al verstuurd" in text(response)
    assert Delivery.objects.count() == 1


def test_the_progress_of_an_issue_being_sent(
    coordinator_client, django_capture_on_commit_callbacks
):
    issue = make_issue()
    for _number in range(3):
        SubscriberFactory()
    with django_capture_on_commit_callbacks():  # the task does not run: still sending
        sending.start(issue)
    sending.send_batch(issue.pk, size=1)

    page = text(coordinator_client.get(f"{ISSUES}inspect/{issue.pk}/"))
    fragment = text(coordinator_client.get(f"{ISSUES}progress/{issue.pk}/"))

    for content in (page, fragment):
        assert "1 van 3 afgehandeld (33%)" in content
        assert 'data-refresh-url="' in content
        assert re.search(r"Verstuurd</th><td>1<", content)
        assert re.search(r"Wacht op verzending</th><td>2<", content)
    assert "Geen open- of klikgegevens: privacy by design" in page
