"""The newsletter in a real browser: a visitor subscribes with the footer form, gets the mail at
a real SMTP server and confirms with its link; and axe-core (WCAG 2.1 A/AA) with no horizontal
scroll on every newsletter page at 1280 and 360 px.

Run with `pytest -m browser`. Screenshots land in test-results/screenshots/newsletter-*.png.
"""

import re

import pytest

from werkplaats.core.testing import PHONE, SCREENSHOT_DIR, follow, press, signed_in_page, t
from werkplaats.core.testing import check_page as shared_check_page

pytestmark = pytest.mark.browser

LINK = re.compile(r"https?://[^/\s]+(/nieuwsbrief/bevestigen/[^/\s\"]+/)")


def check_page(page, name, problems):
    shared_check_page(page, f"newsletter-{name}", problems)


def footer_form(page):
    return page.locator(".footer-newsletter")


def test_visitor_subscribes_in_the_footer_and_confirms_from_the_mail(page, smtp_inbox):
    from werkplaats.newsletter.models import Subscriber, SubscriberStatus

    page.goto("/over/")
    form = footer_form(page)
    form.get_by_label(t("E-mail address")).fill("noor.bakker@example.org")
    form.get_by_role("checkbox").check()
    follow(page, form.get_by_role("button", name=t("Subscribe")))

    assert page.get_by_role("heading", level=1).inner_text() == "Kijk in je mail"
    [(recipients, message)] = smtp_inbox.messages
    assert recipients == ["noor.bakker@example.org"]
    assert message["Subject"].startswith("Bevestig je aanmelding voor de nieuwsbrief")
    text = message.get_body(preferencelist=("plain",)).get_content()
    link = LINK.search(text).group(1)

    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == "Bevestig je aanmelding"
    press(page, "Ja, bevestig mijn aanmelding")

    assert page.get_by_role("heading", level=1).inner_text() == "Je bent aangemeld"
    assert page.get_by_text(
        "Bedankt voor je bevestiging. Je krijgt de volgende nieuwsbrief van de Werkplaats."
    ).is_visible()
    subscriber = Subscriber.objects.get()
    assert subscriber.status == SubscriberStatus.CONFIRMED
    assert subscriber.consent_records.get().source == "footer"
    assert len(smtp_inbox.messages) == 1


def test_footer_form_without_consent_is_refused_with_the_address_kept(page):
    page.goto("/")
    form = footer_form(page)
    form.get_by_label(t("E-mail address")).fill("noor@example.org")
    follow(page, form.get_by_role("button", name=t("Subscribe")))

    assert page.locator("#form-errors").is_visible()
    assert page.locator("#id_email").input_value() == "noor@example.org"


def test_newsletter_pages_are_accessible_at_both_widths(browser, page, site_url, smtp_inbox):
    from werkplaats.network.tests.factories import UserFactory
    from werkplaats.newsletter import links

    from .factories import PendingSubscriberFactory, SubscriberFactory

    problems = []
    page.goto("/")
    check_page(page, "home-footer", problems)
    page.set_viewport_size(PHONE)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.locator("footer").screenshot(path=SCREENSHOT_DIR / "newsletter-footer-phone.png")
    page.set_viewport_size({"width": 1280, "height": 800})

    assert page.goto("/nieuwsbrief/").status == 200
    check_page(page, "subscribe", problems)
    page.locator("#id_email").fill("noor@")
    page.get_by_label(t("Name"), exact=True).fill("Noor")
    press(page, t("Subscribe"), exact=True)
    assert page.locator("#form-errors").is_visible()
    assert page.locator("#id_email").input_value() == "noor@"
    check_page(page, "subscribe-errors", problems)

    page.locator("#id_email").fill("noor@example.org")
    page.locator("#id_consent").check()
    press(page, t("Subscribe"), exact=True)
    check_page(page, "check-mail", problems)

    pending = PendingSubscriberFactory(email="sanne@example.org")
    confirm = f"/nieuwsbrief/bevestigen/{links.confirm_token(pending)}/"
    assert page.goto(confirm).status == 200
    check_page(page, "confirm", problems)
    press(page, "Ja, bevestig mijn aanmelding")
    check_page(page, "confirmed", problems)

    subscriber = SubscriberFactory(email="ahmed@example.org")
    token = links.manage_token(subscriber)
    assert page.goto(f"/nieuwsbrief/voorkeuren/{token}/").status == 200
    check_page(page, "preferences", problems)
    assert page.goto(f"/nieuwsbrief/afmelden/{token}/").status == 200
    check_page(page, "unsubscribe", problems)
    press(page, "Afmelden")
    check_page(page, "unsubscribed", problems)
    page.goto("/nieuwsbrief/afmelden/kapot/")
    check_page(page, "link-unusable", problems)

    member = UserFactory(email="marieke@example.org", first_name="Marieke")
    member_tab = signed_in_page(browser, site_url, member)
    assert member_tab.goto("/mijn/nieuwsbrief/").status == 200
    check_page(member_tab, "mine", problems)
    press(member_tab, t("Subscribe to the newsletter"))
    check_page(member_tab, "mine-subscribed", problems)
    member_tab.context.close()

    assert not problems, "\n".join(problems)
