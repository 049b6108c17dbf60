"""A coordinator composes a newsletter in /beheer/, looks at it in the browser and as the mail,
and sends a test to themselves, which arrives at a real SMTP server; axe-core (WCAG 2.1 A/AA)
on the previews we render (the admin around them is Wagtail's).

Run with `pytest -m browser`. Screenshots land in test-results/screenshots/newsletter-issue-*.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from werkplaats.core.testing import PHONE, SCREENSHOT_DIR, check_page, follow, signed_in_page

pytestmark = pytest.mark.browser


@pytest.fixture
def coordinator(site_url):
    from django.contrib.auth.models import Group

    from werkplaats.accounts.models import COORDINATORS_GROUP
    from werkplaats.network.tests.factories import PersonFactory, UserFactory

    user = UserFactory(is_staff=True, email="sanne@example.org", first_name="Sanne")
    user.groups.add(Group.objects.get(name=COORDINATORS_GROUP))
    PersonFactory(user=user)
    return user


def test_coordinator_composes_previews_and_sends_a_test(browser, site_url, coordinator, smtp_inbox):
    from werkplaats.activities.tests.factories import ActivityFactory
    from werkplaats.newsletter.models import Delivery, IssueStatus, NewsletterIssue

    activity = ActivityFactory(
        title="Kenniscafé eenzaamheid",
        starts_at=timezone.now() + datetime.timedelta(days=12),
    )
    page = signed_in_page(browser, site_url, coordinator)
    problems = []

    page.goto("/beheer/nieuwsbrief/uitgaven/new/")
    assert page.get_by_label("Kenniscafé eenzaamheid", exact=False).is_checked()
    page.get_by_role("textbox", name="Onderwerp").fill("Nieuws uit de Werkplaats, december")
    page.locator(".public-DraftEditor-content").click()
    page.keyboard.type("Het jaar van de werkteams loopt ten einde.")
    # Draftail writes its hidden input a moment after the last key.
    page.wait_for_function("document.querySelector('[name=intro]').value.includes('werkteams')")
    page.get_by_role("button", name="Toevoegen").click()

    page.wait_for_url("**/inspect/*/")
    issue = NewsletterIssue.objects.get()
    assert list(issue.activities.all()) == [activity]
    assert "Het jaar van de werkteams loopt ten einde." in issue.intro

    follow(page, page.get_by_role("link", name="In de browser"))
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Nieuws uit de Werkplaats, december"
    )
    assert page.get_by_text("Het jaar van de werkteams loopt ten einde.").is_visible()
    assert page.get_by_role("link", name="Kenniscafé eenzaamheid").is_visible()
    check_page(page, "newsletter-issue-preview-web", problems)

    page.goto(f"/beheer/nieuwsbrief/uitgaven/preview/{issue.pk}/mail/")
    frame = page.frame_locator("iframe")
    assert frame.get_by_text("Het jaar van de werkteams loopt ten einde.").is_visible()
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOT_DIR / "newsletter-issue-preview-mail.png", full_page=True)
    page.goto(f"/beheer/nieuwsbrief/uitgaven/preview/{issue.pk}/mail.html")
    check_page(page, "newsletter-issue-mail-html", problems)

    page.goto(f"/beheer/nieuwsbrief/uitgaven/inspect/{issue.pk}/")
    page.get_by_role("button", name="Stuur mij een test").click()
    expect(
        page.get_by_text(
            "Er is een test verstuurd naar sanne@example.org, met “[TEST]” voor het onderwerp."
        )
    ).to_be_visible()
    [(recipients, message)] = smtp_inbox.messages
    assert recipients == ["sanne@example.org"]
    assert message["Subject"] == "[TEST] Nieuws uit de Werkplaats, december"
    assert "Kenniscafé eenzaamheid" in message.get_body(("plain",)).get_content()
    assert not Delivery.objects.exists()
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT
    page.set_viewport_size(PHONE)
    page.screenshot(path=SCREENSHOT_DIR / "newsletter-issue-admin-phone.png", full_page=True)
    page.context.close()

    assert not problems, "\n".join(problems)
