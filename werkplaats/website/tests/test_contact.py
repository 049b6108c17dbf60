"""The contact form at /contact/, with a real SMTP server (aiosmtpd) receiving the mail.

A submission is stored first; the notification mail goes out in a background task once the
submission is committed. The tests run inside a rolled-back transaction, so they run the
commit callbacks themselves (django_capture_on_commit_callbacks).
"""

import pytest
from django.test import Client
from django_tasks.signals import task_finished

from werkplaats.core.testing import free_port, use_smtp
from werkplaats.website.models import ContactPage, ContactSubmission
from werkplaats.website.tasks import send_contact_mail

from .html import main, soup, text

pytestmark = pytest.mark.django_db

RECIPIENT = "info@werkplaatssociaaldomeinzhz.nl"
GOOD = {
    "naam": "Sanne de Vriës",
    "e_mailadres": "sanne.devries@gemeente-dordrecht.nl",
    "organisatie": "Gemeente Dordrecht",
    "bericht": "Wij willen graag aansluiten bij het werkteam armoede.\nKunt u mij bellen?",
}


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    """POST the contact form as a visitor and run what the commit would trigger."""

    def post(data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/contact/", data, **extra)

    return post


@pytest.fixture
def finished_tasks():
    results = []

    def record(sender, task_result, **kwargs):
        results.append(task_result)

    task_finished.connect(record)
    yield results
    task_finished.disconnect(record)


def field(response, name):
    """The form field's box: label, help, errors and input."""
    return soup(response).find(attrs={"name": name}).find_parent("div", class_="field")


def field_errors(response, name):
    return [text(li) for li in field(response, name).select(".errorlist li")]


def typed_values(response):
    """What the re-rendered form shows in each visible field."""
    form = main(response).find("form", method="post")
    values = {i["name"]: i.get("value", "") for i in form.select(".field input")}
    values.update({t["name"]: t.get_text().strip() for t in form.select(".field textarea")})
    return values


def test_good_message_is_stored(send, smtp_inbox):
    send(GOOD)

    submission = ContactSubmission.objects.get()
    assert submission.get_data()["naam"] == "Sanne de Vriës"
    assert submission.get_data()["bericht"] == GOOD["bericht"]
    assert submission.page.specific == ContactPage.objects.get()


def test_good_message_is_mailed_to_the_werkplaats(send, smtp_inbox):
    send(GOOD)

    assert len(smtp_inbox.messages) == 1
    recipients, message = smtp_inbox.messages[0]
    assert recipients == [RECIPIENT]
    assert message["To"] == RECIPIENT
    assert message["Subject"] == "Bericht via het contactformulier"
    assert message["Reply-To"] == "sanne.devries@gemeente-dordrecht.nl"
    body = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert "Naam:\nSanne de Vriës" in body
    assert "Organisatie:\nGemeente Dordrecht" in body
    assert "Wij willen graag aansluiten bij het werkteam armoede.\nKunt u mij bellen?" in body
    assert "http://localhost/contact/" in body


def test_mailed_submission_is_stamped_mailed_at(send, smtp_inbox):
    send(GOOD)

    assert ContactSubmission.objects.get().mailed_at is not None


def test_good_message_redirects_to_thank_you(send, smtp_inbox, client):
    response = send(GOOD)

    assert response.status_code == 302
    assert response["Location"] == "/contact/?verzonden=1"
    thanks = client.get(response["Location"])
    notice = main(thanks).select_one(".notice--success")
    assert text(notice) == "Dank voor uw bericht. We reageren binnen drie werkdagen."
    assert main(thanks).find("form", method="post") is None


def test_mail_goes_to_the_recipient_set_in_site_settings(send, smtp_inbox):
    from werkplaats.website.models import SiteSettings

    site_settings = SiteSettings.objects.get()
    site_settings.contact_form_recipient = "secretariaat@werkplaatssociaaldomeinzhz.nl"
    site_settings.save()

    send(GOOD)

    assert smtp_inbox.messages[0][0] == ["secretariaat@werkplaatssociaaldomeinzhz.nl"]


def test_running_the_mail_task_again_sends_no_second_mail(send, smtp_inbox):
    send(GOOD)

    send_contact_mail.enqueue(submission_id=ContactSubmission.objects.get().pk)

    assert len(smtp_inbox.messages) == 1


@pytest.mark.parametrize(
    ("data", "field_name", "message"),
    [
        ({**GOOD, "naam": ""}, "naam", "Vul “Naam” in."),
        ({**GOOD, "e_mailadres": ""}, "e_mailadres", "Vul “E-mailadres” in."),
        ({**GOOD, "bericht": "   "}, "bericht", "Vul “Bericht” in."),
        (
            {**GOOD, "e_mailadres": "sanne@"},
            "e_mailadres",
            "Vul een geldig e-mailadres in, bijvoorbeeld naam@gemeente.nl.",
        ),
        (
            {**GOOD, "e_mailadres": "sanne devries@gemeente.nl"},
            "e_mailadres",
            "Vul een geldig e-mailadres in, bijvoorbeeld naam@gemeente.nl.",
        ),
        ({**GOOD, "naam": "S" * 256}, "naam", "Gebruik ten hoogste 255 tekens (nu 256)."),
    ],
    ids=["no-name", "no-email", "blank-message", "incomplete-email", "email-space", "long-name"],
)
def test_bad_input_is_refused_with_message_next_to_the_field(
    send, smtp_inbox, data, field_name, message
):
    response = send(data)

    assert response.status_code == 200
    assert field_errors(response, field_name) == [message]
    assert field(response, field_name).find(attrs={"name": field_name})["aria-invalid"] == "true"
    summary = main(response).select_one("#form-errors")
    assert "Je bericht is nog niet verstuurd." in text(summary)
    assert message in text(summary)
    assert typed_values(response) == {name: value.strip() for name, value in data.items()}
    assert ContactSubmission.objects.count() == 0
    assert smtp_inbox.messages == []


def test_empty_form_marks_every_required_field(send, smtp_inbox):
    response = send({})

    assert response.status_code == 200
    assert field_errors(response, "naam") == ["Vul “Naam” in."]
    assert field_errors(response, "e_mailadres") == ["Vul “E-mailadres” in."]
    assert field_errors(response, "bericht") == ["Vul “Bericht” in."]
    assert field_errors(response, "organisatie") == []
    assert ContactSubmission.objects.count() == 0


def test_filled_honeypot_stores_and_mails_nothing(send, smtp_inbox):
    response = send({**GOOD, "website_url": "http://spam.example.com"})

    assert response.status_code == 200
    assert "Je bericht kon niet worden verstuurd. Mail of bel ons." in text(
        main(response).select_one("#form-errors")
    )
    assert ContactSubmission.objects.count() == 0
    assert smtp_inbox.messages == []


def test_sixth_message_within_the_hour_is_refused_with_429(send, settings):
    settings.CONTACT_RATE_LIMIT = 5
    for _ in range(5):
        assert send(GOOD).status_code == 302

    response = send(GOOD)

    assert response.status_code == 429
    assert "Je hebt in korte tijd meerdere berichten verstuurd." in text(
        main(response).select_one("#form-errors")
    )
    assert typed_values(response) == GOOD
    assert ContactSubmission.objects.count() == 5


def test_rate_limit_counts_per_client_address(send, settings, django_capture_on_commit_callbacks):
    settings.CONTACT_RATE_LIMIT = 5
    for _ in range(6):
        send(GOOD)

    other = Client(REMOTE_ADDR="192.0.2.44")
    with django_capture_on_commit_callbacks(execute=True):
        response = other.post("/contact/", GOOD)

    assert response.status_code == 302
    assert ContactSubmission.objects.count() == 6


def test_rate_limit_uses_the_proxy_header_when_configured(send, settings):
    settings.CONTACT_RATE_LIMIT = 1
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"

    assert send(GOOD, HTTP_X_REAL_IP="198.51.100.1").status_code == 302
    assert send(GOOD, HTTP_X_REAL_IP="198.51.100.2").status_code == 302
    assert send(GOOD, HTTP_X_REAL_IP="198.51.100.1").status_code == 429


def test_message_is_kept_when_the_mail_server_is_down(send, settings, finished_tasks):
    use_smtp(settings, free_port())  # nothing listens there

    response = send(GOOD)

    assert response.status_code == 302  # the visitor is thanked: the message is safe
    submission = ContactSubmission.objects.get()
    assert submission.get_data()["bericht"] == GOOD["bericht"]
    assert submission.mailed_at is None  # so it can be mailed later
    mail_tasks = [r for r in finished_tasks if r.task.name == "send_contact_mail"]
    assert [r.status.name for r in mail_tasks] == ["FAILED"]
    assert "ConnectionRefusedError" in mail_tasks[0].errors[0].exception_class_path


def test_message_kept_while_mail_was_down_is_mailed_by_a_retry(send, settings, smtp_inbox):
    smtp_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()
    send(GOOD)
    submission = ContactSubmission.objects.get()
    assert smtp_inbox.messages == []

    settings.EMAIL_PORT = smtp_port
    send_contact_mail.enqueue(submission_id=submission.pk)

    assert len(smtp_inbox.messages) == 1
    submission.refresh_from_db()
    assert submission.mailed_at is not None
