"""The whole way in, in a real browser: a group lead invites someone by e-mail, the mail arrives
at a real SMTP server, the invitee accepts, lands signed in in the group's workspace on a phone,
posts and shares a file; the lead sees both at their desk and replies."""

import re

import pytest

from werkplaats.core.testing import (
    DESKTOP,
    PHONE,
    axe_violations,
    describe_violations,
    follow,
    press,
    t,
)
from werkplaats.groups.tests.test_workspace_browser import new_tab
from werkplaats.groups.tests.workspace_factories import (
    PDF_BYTES,
    _clean_private_storage,  # noqa: F401 - autouse fixture
)

from .test_browser import _mail_link, _wait_for_mail

pytestmark = pytest.mark.browser

NEW_PASSWORD = "Koffie-in-Coolhaven-2018"


def test_invite_accept_post_upload_and_a_second_member_replies(
    browser, site_url, smtp_inbox, settings
):
    from werkplaats.groups.models import Membership, Post, SharedFile
    from werkplaats.groups.tests.factories import LeadFactory, LearningGroupFactory
    from werkplaats.network.tests.factories import PersonFactory

    from .factories import VerifiedUserFactory

    settings.WAGTAILADMIN_BASE_URL = site_url  # links in mails point at the live server
    group = LearningGroupFactory(name="Werkteam Platform Coolhaven", slug="platform-coolhaven")
    lead_user = VerifiedUserFactory(email="henk@example.org", first_name="Henk")
    lead = PersonFactory(user=lead_user, first_name="Henk", last_name="Verbeek", handle="henk")
    LeadFactory(group=group, person=lead)
    workspace = f"/mijn/groepen/{group.slug}/"

    # The lead invites Priya into the group.
    desk = new_tab(browser, site_url, DESKTOP, user=lead_user)
    desk.goto(f"{workspace}uitnodigen/")
    form = desk.locator("main form").first
    form.get_by_label(re.compile("^E-mailadres")).fill("priya@example.org")
    form.get_by_label(re.compile("^Voornaam")).fill("Priya")
    form.get_by_label(re.compile("^Achternaam")).fill("Ramdin")
    follow(desk, form.get_by_role("button", name="Uitnodiging versturen"))
    assert "priya@example.org" in desk.inner_text("main")

    # Priya opens the link from the mail on her phone and accepts.
    message = _wait_for_mail(smtp_inbox)
    assert message["To"] == "priya@example.org"
    assert "Werkteam Platform Coolhaven" in message.get_body(("plain",)).get_content()
    phone = new_tab(browser, site_url, PHONE)
    phone.goto(_mail_link(message, "/uitnodiging/"))
    phone.get_by_label(re.compile("^Wachtwoord \\(verplicht")).fill(NEW_PASSWORD)
    phone.get_by_label(re.compile("^Wachtwoord \\(nogmaals")).fill(NEW_PASSWORD)
    press(phone, t("Create account and accept"))
    assert phone.url == f"{site_url}{workspace}"
    priya = Membership.objects.current().get(group=group, person__email="priya@example.org")
    assert priya.person.user is not None

    # She posts a message and shares a file.
    phone.get_by_label(re.compile("^" + t("Message"))).fill(
        "Hallo allemaal! Ik neem de planning van het platform in Coolhaven op me."
    )
    press(phone, t("Post message"))
    assert phone.locator(".thread-card").filter(has_text="Coolhaven op me").count() == 1
    follow(phone, phone.get_by_role("link", name=t("Files")))
    phone.get_by_label(re.compile("^" + t("File"))).set_input_files(
        {"name": "planning platform.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    press(phone, t("Share file"))
    assert phone.get_by_role("link", name="planning platform.pdf", exact=True).is_visible()

    # The lead sees the post and the file, and replies.
    desk.goto(workspace)
    thread = desk.locator(".thread-card").filter(has_text="Coolhaven op me")
    assert thread.locator(".post__author").first.inner_text() == "Priya Ramdin"
    follow(desk, thread.get_by_role("link", name=re.compile("^" + t("Reply"))))
    desk.locator("details.reply-form summary").first.click()
    desk.get_by_label(re.compile("^" + t("Your reply"))).first.fill("Welkom, Priya! Top.")
    press(desk, t("Post reply"))
    assert desk.locator(".reply .post").filter(has_text="Welkom, Priya!").is_visible()
    desk.goto(f"{workspace}bestanden/")
    assert desk.get_by_role("link", name="planning platform.pdf", exact=True).is_visible()

    # And Priya finds the reply in her workspace.
    phone.goto(workspace)
    card = phone.locator(".thread-card").filter(has_text="Coolhaven op me")
    assert card.get_by_text("Welkom, Priya! Top.").is_visible()  # the latest replies show
    opening = Post.objects.get(group=group, parent__isnull=True)
    phone.goto(f"{workspace}berichten/{opening.pk}/")
    assert phone.get_by_text("Welkom, Priya! Top.").is_visible()
    violations = axe_violations(phone)
    assert not violations, describe_violations(violations)

    assert Post.objects.filter(group=group).count() == 2
    assert SharedFile.objects.filter(group=group).count() == 1
    phone.context.close()
    desk.context.close()
