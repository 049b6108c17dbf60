"""Sending a product to a colleague: a real mail through SMTP, and no open relay."""

import pytest
from django.urls import reverse

from werkplaats.core.testing import t, without_footer
from werkplaats.groups.tests.factories import LearningGroupFactory
from werkplaats.library.models import Visibility

from .file_helpers import (
    author_fixture,  # noqa: F401
    group_fixture,  # noqa: F401
    member_of,
    private_product_fixture,  # noqa: F401
    product_fixture,  # noqa: F401
)

pytestmark = pytest.mark.django_db

VALID = {
    "email": "collega@gemeente-dordrecht.nl",
    "sender_name": "Sanne de Wit",
    "message": "Dit lijkt me iets voor ons wijkteam.\nZullen we het bespreken?",
}


def send_url(product):
    return reverse("library:send", args=[product.slug])


def post(client, product, **changes):
    return client.post(send_url(product), {**VALID, **changes}, REMOTE_ADDR="192.0.2.10")


@pytest.fixture
def sending(smtp_inbox, django_capture_on_commit_callbacks):
    """Send through the real SMTP server, running the tasks queued after the commit."""

    def send(client, product, **changes):
        with django_capture_on_commit_callbacks(execute=True):
            return post(client, product, **changes)

    return send


def test_the_form_is_shown_to_a_visitor_for_a_public_product(client, product):
    response = client.get(send_url(product))
    assert response.status_code == 200
    html = without_footer(response.content.decode())
    assert 'name="email"' in html and 'name="website_url"' in html
    assert response["Cache-Control"] == "private, no-store"


def test_a_member_finds_their_name_filled_in(client, author, product):
    client.force_login(author.user)
    assert 'value="Anne Jansen"' in client.get(send_url(product)).content.decode()


def test_a_visitor_sends_a_plain_text_mail_from_the_site(
    client, product, sending, smtp_inbox, settings
):
    settings.DEFAULT_FROM_EMAIL = "Werkplaats <noreply@werkplaats.example>"
    response = sending(client, product)

    assert response.status_code == 200
    assert t("“%(title)s” is on its way to %(email)s.") % {
        "title": product.title,
        "email": VALID["email"],
    } in response.content.decode().replace("&#x27;", "'")
    ((recipients, mail),) = smtp_inbox.messages
    assert recipients == [VALID["email"]]
    assert mail["From"] == "Werkplaats <noreply@werkplaats.example>"
    assert mail["Reply-To"] is None
    assert mail["Subject"] == t("A product from the Werkplaats for you: %(title)s") % {
        "title": product.title
    }
    assert not mail.is_multipart()
    assert mail.get_content_type() == "text/plain"
    body = mail.get_content().replace("\r\n", "\n")
    assert product.title in body
    assert product.summary in body
    assert f"http://testserver/bibliotheek/producten/{product.slug}/" in body
    assert "Dit lijkt me iets voor ons wijkteam.\nZullen we het bespreken?" in body
    assert "Sanne de Wit" in body


def test_a_members_mail_has_their_address_as_reply_to(client, author, product, sending, smtp_inbox):
    client.force_login(author.user)
    sending(client, product)
    ((_recipients, mail),) = smtp_inbox.messages
    assert mail["Reply-To"] == author.email


def test_html_in_the_message_stays_plain_text(client, product, sending, smtp_inbox):
    sending(client, product, message="<b>Lees dit</b> & <i>deel</i>")
    ((_recipients, mail),) = smtp_inbox.messages
    assert mail.get_content_type() == "text/plain"
    assert "<b>Lees dit</b> & <i>deel</i>" in mail.get_content()


def test_a_member_may_send_a_private_product_of_their_group(
    client, author, private_product, sending, smtp_inbox
):
    client.force_login(author.user)
    assert sending(client, private_product).status_code == 200
    assert len(smtp_inbox.messages) == 1


def test_a_private_product_cannot_be_sent_by_others(client, private_product, smtp_inbox):
    assert client.get(send_url(private_product)).status_code == 404
    assert post(client, private_product).status_code == 404
    client.force_login(member_of(LearningGroupFactory()).user)
    assert post(client, private_product).status_code == 404
    assert smtp_inbox.messages == []


def test_a_members_only_product_cannot_be_sent_by_a_visitor(client, product, smtp_inbox):
    product.visibility = Visibility.MEMBERS
    product.save()
    assert post(client, product).status_code == 404


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"email": "geen-adres"},
            "email",
            "Fill in a valid e-mail address, for example naam@gemeente.nl.",
        ),
        ({"email": ""}, "email", "Fill in the e-mail address of your colleague."),
        (
            {"sender_name": "  "},
            "sender_name",
            "Fill in your name, so your colleague knows who sends this.",
        ),
        (
            {"sender_name": "Klik http://spam.example"},
            "sender_name",
            "Use only letters, spaces, hyphens and apostrophes in your name.",
        ),
        (
            {"message": "Kijk op https://spam.example/win"},
            "message",
            "Leave web addresses and e-mail addresses out of the message: the mail already "
            "links to the product.",
        ),
        ({"message": "Zie www.winnen.nl"}, "message", None),
        ({"message": "Mail naar iemand@voorbeeld.nl"}, "message", None),
        ({"message": "Korte link bit.ly/abc"}, "message", None),
        ({"message": "x" * 501}, "message", None),
    ],
)
def test_bad_input_is_refused_with_the_input_kept(
    client, product, sending, smtp_inbox, changes, field, message
):
    response = sending(client, product, **changes)

    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors
    if message:
        assert form.errors[field] == [t(message)]
    html = response.content.decode()
    assert "notice--error" in html
    for name, value in {**VALID, **changes}.items():
        if name != "message" and value.strip():
            assert f'value="{value}"' in html
    assert smtp_inbox.messages == []


def test_a_too_long_message_says_how_long_it_may_be(client, product, sending):
    response = sending(client, product, message="x" * 501)
    assert "500" in response.context["form"].errors["message"][0]
    assert "x" * 501 in response.content.decode()


def test_the_honeypot_stops_bots(client, product, sending, smtp_inbox):
    response = sending(client, product, website_url="http://spam.example")
    assert response.status_code == 400
    assert smtp_inbox.messages == []


def test_too_many_sends_from_one_client_get_429(client, product, sending, smtp_inbox, settings):
    settings.LIBRARY_SEND_RATE_LIMIT = 2
    for number in range(2):
        assert sending(client, product, email=f"collega{number}@gemeente.nl").status_code == 200

    response = sending(client, product, email="nog-een@gemeente.nl")

    assert response.status_code == 429
    assert t(
        "Several messages were sent from your connection or to this address in a short time. "
        "Please wait an hour and try again."
    ) in response.content.decode().replace("&#x27;", "'")
    assert 'value="nog-een@gemeente.nl"' in response.content.decode()
    assert len(smtp_inbox.messages) == 2


def test_too_many_sends_to_one_address_get_429(client, product, sending, smtp_inbox, settings):
    settings.LIBRARY_SEND_RECIPIENT_RATE_LIMIT = 1
    assert sending(client, product).status_code == 200
    other_client = client.__class__()

    with_capital = VALID["email"].upper()
    response = other_client.post(
        send_url(product), {**VALID, "email": with_capital}, REMOTE_ADDR="198.51.100.7"
    )

    assert response.status_code == 429
    assert len(smtp_inbox.messages) == 1


def test_the_send_page_refuses_other_methods(client, product):
    assert client.put(send_url(product)).status_code == 405


def test_an_unknown_product_is_not_found(client):
    assert client.get(reverse("library:send", args=["bestaat-niet"])).status_code == 404


def test_a_retried_send_task_mails_once(smtp_inbox):
    from werkplaats.library.tasks import send_product_mail

    from .factories import ProductFactory

    product = ProductFactory()
    arguments = {
        "mail_id": "f00d",
        "product_id": product.pk,
        "recipient": "collega@gemeente.nl",
        "sender_name": "Anne",
        "message": "",
        "reply_to": "",
        "user_id": None,
    }
    send_product_mail.call(**arguments)
    send_product_mail.call(**arguments)
    assert len(smtp_inbox.messages) == 1
