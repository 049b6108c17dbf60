"""Accounts in a real browser: invite → mail → accept → signed in; sign out and in again; axe-core
(WCAG 2.1 A/AA) at 1280 and 360 px on every accounts page; no sideways scrolling on a phone.

Run with `pytest -m browser`. Screenshots land in test-results/screenshots/accounts-*.png.
"""

import re
import time

import pytest

from werkplaats.core.testing import (
    DESKTOP,
    PHONE,
    SCREENSHOT_DIR,
    axe_violations,
    describe_violations,
    follow,
    press,
    t,
)

from .factories import PASSWORD

pytestmark = pytest.mark.browser

GOOD_PASSWORD = "Zomer-in-Dordrecht-42"


def _wait_for_mail(inbox, count=1, timeout=10):
    deadline = time.monotonic() + timeout
    while len(inbox.messages) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(inbox.messages) >= count, "no mail arrived at the SMTP server"
    return inbox.messages[count - 1][1]


def _mail_link(message, marker):
    text = message.get_body(preferencelist=("plain",)).get_content()
    return next(url for url in re.findall(r"https?://\S+", text) if marker in url)


def _sign_in(page, email, password):
    page.goto("/account/login/")
    page.locator("main").get_by_label(re.compile("^E-mail")).fill(email)
    page.get_by_label(re.compile("^Wachtwoord")).fill(password)
    follow(page, page.locator("main button[type=submit]"))


def _check_accessible(page, name, report):
    """axe-core at desktop and phone width, and no sideways scrolling on the phone."""
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        violations = axe_violations(page)
        if violations:
            report.append(f"{name} at {viewport['width']} px:\n{describe_violations(violations)}")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    if overflow > 0:
        report.append(f"{name} scrolls sideways by {overflow} px at 360 px")
    page.set_viewport_size(DESKTOP)


def _screenshot(page, name, viewport):
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(viewport)
    page.screenshot(path=SCREENSHOT_DIR / f"accounts-{name}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def test_invite_accept_sign_out_and_sign_in_again(page, site_url, smtp_inbox, settings):
    from werkplaats.groups.tests.factories import LearningGroupFactory
    from werkplaats.network.models import Person

    from .factories import StaffCoordinatorFactory

    settings.WAGTAILADMIN_BASE_URL = site_url  # links in mails point at the live server
    coordinator = StaffCoordinatorFactory(
        email="mieke@example.org", first_name="Mieke", last_name="Janssen"
    )
    LearningGroupFactory(name="Werkteam Eenzaamheid Schiedam")
    report = []

    # The coordinator signs in and invites someone.
    _sign_in(page, coordinator.email, PASSWORD)
    assert page.url == f"{site_url}/mijn/"
    page.get_by_role("link", name="Mensen uitnodigen").click()
    page.wait_for_url("**/mijn/uitnodigen/")
    form = page.locator("main form").first
    form.get_by_label(re.compile("^E-mailadres")).fill("noor@example.org")
    form.get_by_label(re.compile("^Voornaam")).fill("Noor")
    form.get_by_label(re.compile("^Achternaam")).fill("Bakker")
    form.get_by_label(re.compile("^Persoonlijk bericht")).fill("Welkom bij de Werkplaats!")
    follow(page, form.get_by_role("button", name="Uitnodiging versturen"))
    assert "De uitnodiging is verstuurd naar noor@example.org." in page.inner_text("main")
    _check_accessible(page, "invitations", report)

    # The link from the mail, in a fresh browser without the coordinator's session.
    link = _mail_link(_wait_for_mail(smtp_inbox), "/uitnodiging/")
    assert link.startswith(f"{site_url}/uitnodiging/")
    page.context.clear_cookies()
    page.goto(link)
    assert page.locator("h1").inner_text() == t("Accept the invitation")
    assert page.get_by_label(re.compile("^Voornaam")).input_value() == "Noor"
    _check_accessible(page, "accept-form", report)
    _screenshot(page, "accept-form-360", PHONE)

    # A password that is too short: the error, linked to the field; the name is kept.
    page.get_by_label(re.compile("^Achternaam")).fill("Bakker-de Wit")
    page.get_by_label(re.compile("^Wachtwoord \\(verplicht")).fill("kort")
    page.get_by_label(re.compile("^Wachtwoord \\(nogmaals")).fill("kort")
    press(page, t("Create account and accept"))
    summary = page.locator("#form-errors")
    assert summary.is_visible()
    assert "Dit wachtwoord is te kort" in summary.inner_text()
    password = page.get_by_label(re.compile("^Wachtwoord \\(verplicht"))
    assert password.get_attribute("aria-invalid") == "true"
    assert "id_password1_error" in password.get_attribute("aria-describedby")
    assert page.get_by_label(re.compile("^Achternaam")).input_value() == "Bakker-de Wit"
    assert not Person.objects.filter(email="noor@example.org").exists()
    _check_accessible(page, "accept-errors", report)
    _screenshot(page, "accept-errors-360", PHONE)

    # Fixed: signed in on the dashboard.
    page.get_by_label(re.compile("^Wachtwoord \\(verplicht")).fill(GOOD_PASSWORD)
    page.get_by_label(re.compile("^Wachtwoord \\(nogmaals")).fill(GOOD_PASSWORD)
    press(page, t("Create account and accept"))
    assert page.url == f"{site_url}/mijn/"
    assert page.locator("h1").inner_text() == "Welkom, Noor"
    assert Person.objects.get(email="noor@example.org").user.email == "noor@example.org"
    _check_accessible(page, "dashboard", report)

    # Sign out with the header button, then sign in again with e-mail and password.
    header = page.locator("header")
    follow(page, header.get_by_role("button", name="Uitloggen"))
    assert header.get_by_role("link", name="Inloggen").is_visible()
    _sign_in(page, "noor@example.org", GOOD_PASSWORD)
    assert page.url == f"{site_url}/mijn/"
    assert header.get_by_role("link", name="Mijn Werkplaats").is_visible()

    assert not report, "Accessibility problems:\n" + "\n".join(report)


def test_entrance_pages_are_accessible_and_dutch(page, site_url):

    from .factories import InvitationFactory

    report = []
    page.goto("/account/login/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("h1").inner_text() == "Inloggen"
    assert page.get_by_role("link", name="Wachtwoord vergeten?").is_visible()
    _check_accessible(page, "sign-in", report)
    _screenshot(page, "sign-in-360", PHONE)

    # A failed sign-in: the summary and the e-mail address kept.
    page.locator("main").get_by_label(re.compile("^E-mail")).fill("iemand@example.org")
    page.get_by_label(re.compile("^Wachtwoord")).fill("verkeerd")
    follow(page, page.locator("main button[type=submit]"))
    assert "niet correct" in page.locator("#form-errors").inner_text()
    email = page.locator("main").get_by_label(re.compile("^E-mail"))
    assert email.input_value() == "iemand@example.org"
    _check_accessible(page, "sign-in-errors", report)

    page.goto("/account/password/reset/")
    assert page.locator("h1").inner_text() == "Nieuw wachtwoord"
    _check_accessible(page, "password-reset", report)

    page.goto("/account/signup/")
    assert page.locator("h1").inner_text() == t("Joining is by invitation")
    _check_accessible(page, "signup-closed", report)

    response = page.goto("/uitnodiging/bestaat-niet/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == t("This invitation link does not work")
    _check_accessible(page, "invitation-unknown", report)

    expired = InvitationFactory(expired=True)
    response = page.goto(f"/uitnodiging/{expired.token}/")
    assert response.status == 410
    assert page.locator("h1").inner_text() == t("This invitation has expired")
    _check_accessible(page, "invitation-expired", report)

    # An invitation for someone who has an account: asked to sign in, then to accept.
    from .factories import VerifiedUserFactory

    member = VerifiedUserFactory(email="joke@example.org")
    invitation = InvitationFactory(email=member.email)
    page.goto(f"/uitnodiging/{invitation.token}/")
    assert page.locator("h1").inner_text() == t("Sign in to accept the invitation")
    _check_accessible(page, "invitation-sign-in", report)
    follow(page, page.locator("main").get_by_role("link", name="Inloggen"))
    page.locator("main").get_by_label(re.compile("^E-mail")).fill(member.email)
    page.get_by_label(re.compile("^Wachtwoord")).fill(PASSWORD)
    follow(page, page.locator("main button[type=submit]"))
    assert page.url.endswith(f"/uitnodiging/{invitation.token}/")
    _check_accessible(page, "invitation-confirm", report)
    follow(page, page.locator("main").get_by_role("button", name=t("Accept the invitation")))
    assert page.url.endswith("/mijn/")

    assert not report, "Accessibility problems:\n" + "\n".join(report)


def test_member_pages_are_accessible(page, site_url):
    from werkplaats.groups.models import MemberRole
    from werkplaats.groups.tests.factories import JoinRequestFactory, MembershipFactory
    from werkplaats.network.models import Notification

    from .factories import InvitationFactory, StaffCoordinatorFactory

    coordinator = StaffCoordinatorFactory(email="mieke@example.org", first_name="Mieke")
    from werkplaats.accounts.services import link_person_to_user

    person = link_person_to_user(coordinator, coordinator.email)
    lead = MembershipFactory(person=person, role=MemberRole.LEAD)
    MembershipFactory(person=person)
    JoinRequestFactory(group=lead.group)
    Notification.objects.create(
        recipient=person, kind="post", title="Joke reageerde op je bericht", url="/mijn/"
    )
    InvitationFactory(invited_by=coordinator, group=lead.group)
    InvitationFactory(invited_by=coordinator, expired=True)
    report = []

    _sign_in(page, coordinator.email, PASSWORD)
    assert page.url == f"{site_url}/mijn/"
    assert "Joke reageerde op je bericht" in page.inner_text("main")
    _check_accessible(page, "dashboard", report)
    _screenshot(page, "dashboard-1280", DESKTOP)
    _screenshot(page, "dashboard-360", PHONE)

    page.goto("/mijn/uitnodigen/")
    _check_accessible(page, "invitations", report)
    _screenshot(page, "invitations-1280", DESKTOP)
    _screenshot(page, "invitations-360", PHONE)

    # The invite form with a wrong address: the error, the input kept.
    form = page.locator("main form").first
    form.get_by_label(re.compile("^E-mailadres")).fill("noor-at-dordrecht")
    follow(page, form.get_by_role("button", name="Uitnodiging versturen"))
    field = page.locator("main").get_by_label(re.compile("^E-mailadres"))
    assert field.get_attribute("aria-invalid") == "true"
    assert field.input_value() == "noor-at-dordrecht"
    _check_accessible(page, "invitations-errors", report)

    page.goto(f"/mijn/groepen/{lead.group.slug}/uitnodigen/")
    _check_accessible(page, "invite-to-group", report)

    page.goto("/mijn/aanmeldingen/")
    _check_accessible(page, "approvals", report)

    page.goto("/account/email/")
    _check_accessible(page, "email-addresses", report)
    _screenshot(page, "email-addresses-360", PHONE)
    page.goto("/account/password/change/")
    _check_accessible(page, "password-change", report)

    assert not report, "Accessibility problems:\n" + "\n".join(report)


def test_open_signup_then_approval(page, site_url, settings):
    from django.contrib.auth import get_user_model

    from .factories import StaffCoordinatorFactory

    settings.OPEN_SIGNUP = True
    coordinator = StaffCoordinatorFactory(email="mieke@example.org", first_name="Mieke")
    report = []

    page.goto("/account/signup/")
    assert page.locator("h1").inner_text() == "Account aanmaken"
    press(page, "Account aanmaken")
    assert page.locator("#form-errors").is_visible()
    _check_accessible(page, "signup-errors", report)

    page.get_by_label(re.compile("^Voornaam")).fill("Kees")
    page.get_by_label(re.compile("^Achternaam")).fill("Jansen")
    page.locator("main").get_by_label(re.compile("^E-mail")).fill("kees@example.org")
    page.get_by_label(re.compile("^Wachtwoord \\(verplicht")).fill(GOOD_PASSWORD)
    page.get_by_label(re.compile("^Wachtwoord \\(nogmaals")).fill(GOOD_PASSWORD)
    press(page, "Account aanmaken")
    assert page.locator("h1").inner_text() == "Verifieer je e-mailadres"
    _check_accessible(page, "verification-sent", report)

    page.context.clear_cookies()
    _sign_in(page, coordinator.email, PASSWORD)
    page.goto("/mijn/aanmeldingen/")
    assert "kees@example.org" in page.inner_text("main")
    _check_accessible(page, "approvals-waiting", report)
    _screenshot(page, "approvals-360", PHONE)
    press(page, "Goedkeuren kees@example.org")
    assert "kees@example.org is goedgekeurd" in page.inner_text("main")
    assert get_user_model().objects.get(email="kees@example.org").is_approved

    assert not report, "Accessibility problems:\n" + "\n".join(report)


def test_password_reset_by_mail(page, site_url, smtp_inbox, settings):
    from .factories import VerifiedUserFactory

    settings.WAGTAILADMIN_BASE_URL = site_url
    user = VerifiedUserFactory(email="joke@example.org")
    report = []

    page.goto("/account/login/")
    follow(page, page.get_by_role("link", name="Wachtwoord vergeten?"))
    page.locator("main").get_by_label(re.compile("^E-mail")).fill("joke@example.org")
    follow(page, page.locator("main button[type=submit]"))
    assert "/account/password/reset/done/" in page.url
    _check_accessible(page, "password-reset-done", report)

    message = _wait_for_mail(smtp_inbox)
    assert "Werkplaats Sociaal Domein" in message["Subject"]
    page.goto(_mail_link(message, "/account/password/reset/key/"))
    assert page.locator("h1").inner_text() == "Wachtwoord wijzigen"
    _check_accessible(page, "password-reset-from-key", report)
    page.get_by_label(re.compile("^Nieuw wachtwoord \\(verplicht")).fill(GOOD_PASSWORD)
    page.get_by_label(re.compile("^Nieuw wachtwoord \\(bevestigen")).fill("iets anders")
    follow(page, page.locator("main button[name=action]"))
    assert page.locator("#form-errors").is_visible()
    _check_accessible(page, "password-reset-from-key-errors", report)
    page.get_by_label(re.compile("^Nieuw wachtwoord \\(verplicht")).fill(GOOD_PASSWORD)
    page.get_by_label(re.compile("^Nieuw wachtwoord \\(bevestigen")).fill(GOOD_PASSWORD)
    follow(page, page.locator("main button[name=action]"))
    assert "/account/password/reset/key/done/" in page.url
    _check_accessible(page, "password-reset-from-key-done", report)

    _sign_in(page, user.email, GOOD_PASSWORD)
    assert page.url == f"{site_url}/mijn/"
    assert not report, "Accessibility problems:\n" + "\n".join(report)
