"""The newsletter pages as a visitor and a member meet them: subscribing from the page and the
footer (without a CSRF token), the confirmation mail at a real SMTP server, the personal links,
rate limits and every kind of bad input."""

import time

import pytest
from django.test import Client

from werkplaats.accounts.tests.factories import VerifiedUserFactory
from werkplaats.newsletter import links, services
from werkplaats.newsletter.models import (
    ConsentAction,
    ConsentRecord,
    Source,
    Subscriber,
    SubscriberStatus,
)
from werkplaats.website.models import ThemePage
from werkplaats.website.tests.html import footer, main, soup, text

from .factories import PendingSubscriberFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

URL = "/nieuwsbrief/"


@pytest.fixture
def visitor():
    """A browser without a CSRF cookie or token, with CSRF checks on as in production."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def post(visitor, django_capture_on_commit_callbacks):
    """POST as a visitor and run what the commit triggers (the mail task)."""

    def send(data, url=URL, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return visitor.post(url, data, **extra)

    return send


def armoede():
    return ThemePage.objects.get(slug="armoede")


def good(**changes):
    data = {"email": "noor.bakker@example.org", "name": "Noor Bakker", "consent": "on"}
    data.update(changes)
    return data


def error_texts(response):
    return [text(li) for li in main(response).select(".errorlist li, #form-errors li")]


def typed_email(response):
    return main(response).find("input", attrs={"name": "email"}).get("value", "")


def link_in(message, kind):
    body = message.get_body(preferencelist=("plain",)).get_content()
    start = body.index(f"/nieuwsbrief/{kind}/")
    return body[start:].split()[0]


# --- The page and the footer ---------------------------------------------------------------


def test_page_offers_themes_consent_with_privacy_link_and_is_cached(visitor):
    response = visitor.get(URL)

    assert response.status_code == 200
    page = main(response)
    assert text(page.find("h1")) == "Nieuwsbrief"
    themes = [text(label) for label in page.select(".checkbox-list label")]
    assert "Armoede" in themes and "Zingeving" in themes
    consent = page.find("input", attrs={"name": "consent"}).find_parent("div")
    assert consent.find("a", string="privacyverklaring")["href"] == "/privacy/"
    assert page.find("input", attrs={"name": "csrfmiddlewaretoken"}) is None
    assert not response.cookies
    assert visitor.get(URL)["X-Cache"] == "hit"


def test_every_public_page_has_the_footer_form_without_a_csrf_token(visitor):
    response = visitor.get("/")

    form = footer(response).select_one(".footer-newsletter form")
    assert form["action"] == URL
    assert form["method"] == "post"
    names = {field["name"] for field in form.find_all("input")}
    assert names == {"bron", "email", "consent", "website_url"}
    consent = form.find("label", attrs={"for": "footer-newsletter-consent"})
    assert consent.get_text() == "Ik wil de nieuwsbrief en ga akkoord met de privacyverklaring."
    assert consent.find("a")["href"] == "/privacy/"
    assert not response.cookies  # so the page stays cacheable
    assert visitor.get("/")["X-Cache"] == "hit"


def test_home_call_to_action_points_to_the_newsletter_page(visitor):
    button = main(visitor.get("/")).select_one(".cta a.button")

    assert text(button) == "Aanmelden voor de nieuwsbrief"
    assert button["href"] == URL


def test_footer_form_subscribes_without_csrf_token_and_mails_the_confirmation(post, smtp_inbox):
    response = post({"bron": "footer", "email": "noor.bakker@example.org", "consent": "on"})

    assert response.status_code == 200
    assert text(main(response).find("h1")) == "Kijk in je mail"
    assert "We hebben een e-mail gestuurd naar noor.bakker@example.org." in text(main(response))
    [(recipients, message)] = smtp_inbox.messages
    assert recipients == ["noor.bakker@example.org"]
    assert message["Subject"] == (
        "Bevestig je aanmelding voor de nieuwsbrief van Werkplaats Sociaal Domein Zuid-Holland Zuid"
    )
    assert "Bevestig je aanmelding met deze link" in message.get_body(("plain",)).get_content()
    assert "Bevestig mijn aanmelding" in message.get_body(("html",)).get_content()
    subscriber = Subscriber.objects.get()
    assert (subscriber.status, subscriber.source) == (SubscriberStatus.PENDING, Source.FOOTER)


def test_the_answer_is_the_same_for_a_new_a_pending_and_a_subscribed_address(post, smtp_inbox):
    new = post(good())
    pending = post(good())
    services.confirm_subscription(Subscriber.objects.get())
    subscribed = post(good())

    assert new.status_code == pending.status_code == subscribed.status_code == 200
    assert new.content == pending.content == subscribed.content
    subjects = [message["Subject"] for _to, message in smtp_inbox.messages]
    assert subjects[0].startswith("Bevestig je aanmelding")
    assert subjects[1].startswith("Bevestig je aanmelding")
    assert subjects[2].startswith("Je bent al aangemeld")


def test_confirmation_link_shows_a_button_and_confirms_only_on_post(post, smtp_inbox, visitor):
    post(good(topics=[armoede().pk]))
    [(_to, message)] = smtp_inbox.messages
    link = link_in(message, "bevestigen")

    page = Client().get(link)
    assert page.status_code == 200
    assert text(main(page).find("h1")) == "Bevestig je aanmelding"
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING

    browser = Client()
    browser.get(link)
    done = browser.post(link)

    assert done.status_code == 200
    assert text(main(done).find("h1")) == "Je bent aangemeld"
    subscriber = Subscriber.objects.get()
    assert subscriber.status == SubscriberStatus.CONFIRMED
    [record] = subscriber.consent_records.all()
    assert (record.action, record.source) == (ConsentAction.GIVEN, Source.NEWSLETTER_PAGE)
    assert record.topics == "Armoede"
    assert len(smtp_inbox.messages) == 1  # nothing but the confirmation mail


def test_expired_confirmation_link_says_so_in_dutch(monkeypatch):
    token = links.confirm_token(PendingSubscriberFactory())
    later = time.time() + 8 * 24 * 3600
    monkeypatch.setattr(time, "time", lambda: later)

    response = Client().get(f"/nieuwsbrief/bevestigen/{token}/")

    assert response.status_code == 400
    assert text(main(response).find("h1")) == "Deze link is verlopen"


@pytest.mark.parametrize("kind", ["bevestigen", "afmelden", "voorkeuren"])
def test_forged_link_gets_a_dutch_not_found_page(kind):
    subscriber = SubscriberFactory()
    forged = links.manage_token(subscriber).replace(":", ":x", 1)

    for token in ("kapot", forged):
        response = Client().post(f"/nieuwsbrief/{kind}/{token}/")
        assert response.status_code == 404
        assert text(main(response).find("h1")) == "Deze link werkt niet (meer)"
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED


def test_old_confirmation_link_does_not_subscribe_again_after_unsubscribing():
    subscriber = SubscriberFactory()
    token = links.confirm_token(subscriber)
    services.unsubscribe(subscriber, source=Source.UNSUBSCRIBE_PAGE)

    response = Client().post(f"/nieuwsbrief/bevestigen/{token}/")

    assert response.status_code == 404
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED


# --- Unsubscribe and preferences -----------------------------------------------------------


def test_unsubscribe_link_shows_one_button_and_changes_nothing_on_get(visitor):
    subscriber = SubscriberFactory(email="noor@example.org")
    url = f"/nieuwsbrief/afmelden/{links.manage_token(subscriber)}/"

    response = visitor.get(url)

    assert response.status_code == 200
    question = main(response).find("p").get_text()
    assert question == "Wil je de nieuwsbrief niet meer ontvangen op noor@example.org?"
    assert [text(b) for b in main(response).find_all("button")] == ["Afmelden"]
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED


def test_unsubscribe_button_unsubscribes_without_csrf_token(visitor):
    subscriber = SubscriberFactory(email="noor@example.org")

    response = visitor.post(f"/nieuwsbrief/afmelden/{links.manage_token(subscriber)}/")

    assert response.status_code == 200
    assert text(main(response).find("h1")) == "Je bent afgemeld"
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
    assert subscriber.consent_records.get().source == Source.UNSUBSCRIBE_PAGE


def test_one_click_unsubscribe_from_a_mail_program(visitor):
    subscriber = SubscriberFactory()
    url = links.unsubscribe_url(subscriber).split("://", 1)[1].split("/", 1)[1]

    response = visitor.post(
        "/" + url,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
    record = subscriber.consent_records.get()
    assert (record.action, record.source) == (ConsentAction.WITHDRAWN, Source.ONE_CLICK)


def test_preferences_change_name_and_topics():
    subscriber = SubscriberFactory(name="Noor", topics=[armoede()])
    url = f"/nieuwsbrief/voorkeuren/{links.manage_token(subscriber)}/"
    browser = Client()
    page = browser.get(url)
    assert page.status_code == 200
    checked = main(page).select(".checkbox-list input[checked]")
    assert [box["value"] for box in checked] == [str(armoede().pk)]

    zingeving = ThemePage.objects.get(slug="zingeving")
    response = browser.post(url, {"name": "Noor Bakker", "topics": [zingeving.pk]}, follow=True)

    assert "Je voorkeuren zijn opgeslagen." in text(main(response))
    subscriber.refresh_from_db()
    assert subscriber.name == "Noor Bakker"
    assert list(subscriber.topics.all()) == [zingeving]
    record = subscriber.consent_records.get()
    assert (record.action, record.source) == (ConsentAction.TOPICS_CHANGED, Source.PREFERENCES_PAGE)


def test_preferences_refuse_a_name_with_a_line_break_and_keep_it():
    subscriber = SubscriberFactory(name="Noor")
    url = f"/nieuwsbrief/voorkeuren/{links.manage_token(subscriber)}/"

    response = Client().post(url, {"name": "Noor\nBcc: x@y.nl"})

    assert response.status_code == 400
    assert "Schrijf je naam op één regel, zonder regeleindes of tabs." in error_texts(response)
    subscriber.refresh_from_db()
    assert subscriber.name == "Noor"


# --- Bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (good(email="noor@"), "Vul een geldig e-mailadres in, bijvoorbeeld naam@gemeente.nl."),
        (good(email="noor bakker@example.org"), "Vul een geldig e-mailadres in"),
        (good(email=""), "Vul je e-mailadres in, bijvoorbeeld naam@gemeente.nl."),
        (good(email="n" * 243 + "@example.org"), "Dit e-mailadres is 255 tekens lang"),
        (good(email="a@b.nl\r\nBcc: x@y.nl"), "Een e-mailadres is één regel"),
        (good(email="a@b.nl\nBcc: x@y.nl"), "Een e-mailadres is één regel"),
        (good(name="Noor\r\nBcc: x@y.nl"), "Schrijf je naam op één regel"),
        (good(name="N" * 101), "Je naam is 101 tekens lang; gebruik er ten hoogste 100."),
        (good(consent=""), "Vink het vakje aan om akkoord te gaan met de privacyverklaring"),
        (good(topics=["999999"]), "Kies thema's uit de lijst."),
    ],
)
def test_bad_input_is_refused_in_dutch_with_the_input_kept_and_nothing_written(post, data, message):
    response = post(data)

    assert response.status_code == 400
    assert any(error.startswith(message) for error in error_texts(response)), error_texts(response)
    assert "Je bent nog niet aangemeld." in text(main(response))
    page = main(response)
    assert typed_email(response) == data["email"]
    assert page.find("input", attrs={"name": "name"}).get("value", "") == data["name"]
    assert not Subscriber.objects.exists()
    assert not ConsentRecord.objects.exists()


def test_missing_consent_from_the_footer_keeps_the_address(post):
    response = post({"bron": "footer", "email": "noor@example.org"})

    assert response.status_code == 400
    assert typed_email(response) == "noor@example.org"
    assert not Subscriber.objects.exists()


def test_honeypot_filled_in_is_refused_and_nothing_is_sent(post):
    response = post(good(website_url="https://spam.example"))

    assert response.status_code == 400
    assert "Je aanmelding kon niet worden verstuurd" in " ".join(error_texts(response))
    assert not Subscriber.objects.exists()


# --- Rate limits ---------------------------------------------------------------------------


RATE_MESSAGE = "Er kwamen in korte tijd meerdere aanmeldingen van je verbinding of voor dit adres."


def test_too_many_subscriptions_from_one_client_get_429_with_the_input_kept(post, settings):
    settings.NEWSLETTER_RATE_LIMIT = 2
    for number in range(2):
        assert post(good(email=f"lezer{number}@example.org")).status_code == 200

    response = post(good(email="derde@example.org"))

    assert response.status_code == 429
    assert any(error.startswith(RATE_MESSAGE) for error in error_texts(response))
    assert typed_email(response) == "derde@example.org"
    assert not Subscriber.objects.with_email("derde@example.org").exists()


def test_too_many_subscriptions_for_one_address_get_429(post, settings, smtp_inbox):
    settings.NEWSLETTER_ADDRESS_RATE_LIMIT = 2
    for _number in range(2):
        assert post(good(), REMOTE_ADDR="10.0.0.1").status_code == 200

    response = post(good(email="Noor.Bakker@example.org"), REMOTE_ADDR="10.0.0.2")

    assert response.status_code == 429
    assert any(error.startswith(RATE_MESSAGE) for error in error_texts(response))
    assert len(smtp_inbox.messages) == 2


# --- Members -------------------------------------------------------------------------------


@pytest.fixture
def member():
    user = VerifiedUserFactory(email="marieke@example.org", first_name="Marieke")
    client = Client()
    client.force_login(user)
    return user, client


def test_member_page_needs_sign_in():
    response = Client().get("/mijn/nieuwsbrief/")

    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


def test_dashboard_links_to_the_member_newsletter_page(member):
    _user, client = member

    page = main(client.get("/mijn/"))

    assert page.find("a", string="Mijn nieuwsbrief")["href"] == "/mijn/nieuwsbrief/"


def test_member_subscribes_in_one_step_changes_topics_and_unsubscribes(member, smtp_inbox):
    user, client = member
    page = client.get("/mijn/nieuwsbrief/")
    assert "Je krijgt de nieuwsbrief niet." in text(main(page))

    response = client.post("/mijn/nieuwsbrief/", {"topics": [armoede().pk]}, follow=True)

    assert "Je bent aangemeld. De volgende nieuwsbrief komt naar je adres." in text(main(response))
    subscriber = Subscriber.objects.get(user=user)
    assert subscriber.status == SubscriberStatus.CONFIRMED
    assert subscriber.email == "marieke@example.org"
    assert smtp_inbox.messages == []  # no double opt-in for a verified member

    zingeving = ThemePage.objects.get(slug="zingeving")
    response = client.post("/mijn/nieuwsbrief/", {"topics": [zingeving.pk]}, follow=True)
    assert "Je thema's zijn opgeslagen." in text(main(response))

    response = client.post("/mijn/nieuwsbrief/", {"action": "unsubscribe"}, follow=True)
    assert "Je bent afgemeld." in text(main(response))

    actions = [(r.action, r.source) for r in ConsentRecord.objects.filter(subscriber=subscriber)]
    assert actions == [
        (ConsentAction.GIVEN, Source.MEMBER_PAGE),
        (ConsentAction.TOPICS_CHANGED, Source.MEMBER_PAGE),
        (ConsentAction.WITHDRAWN, Source.MEMBER_PAGE),
    ]
    history = text(main(response))
    assert "toestemming gegeven (via ledenpagina)" in history


def test_page_has_no_soup_of_two_forms(visitor):
    """The newsletter's own pages leave out the footer form: one e-mail field per page."""
    page = soup(visitor.get(URL))

    assert len(page.find_all("input", attrs={"name": "email"})) == 1
