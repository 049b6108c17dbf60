"""The group workspace in a real browser: two members talk, share a file and get notified;
axe-core (WCAG 2.1 AA) and no sideways scrolling at 1280 and 360 px on every workspace page.
Screenshots land in test-results/screenshots/workspace-*.png."""

import datetime
import re

import pytest
from django.conf import settings
from django.test import Client

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

from .workspace_factories import (
    PDF_BYTES,
    _clean_private_storage,  # noqa: F401 - autouse fixture
)

pytestmark = pytest.mark.browser

PASSWORD = "geheim-wachtwoord"


@pytest.fixture
def team(site_url):
    """A werkteam with two members who can sign in: Anne and Bram."""
    from werkplaats.accounts.tests.factories import VerifiedUserFactory
    from werkplaats.network.tests.factories import PersonFactory

    from .workspace_factories import WorkspaceGroupFactory, WorkspaceMembershipFactory

    group = WorkspaceGroupFactory(name="Werkteam Armoede", slug="werkteam-armoede")
    people = {}
    for first, last, handle in [("Anne", "Jansen", "anne"), ("Bram", "de Boer", "bram")]:
        user = VerifiedUserFactory(username=handle, email=f"{handle}@example.org")
        person = PersonFactory(user=user, first_name=first, last_name=last, handle=handle)
        WorkspaceMembershipFactory(group=group, person=person)
        people[handle] = person
    return group, people["anne"], people["bram"]


def session_cookie(user, site_url):
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [{"name": settings.SESSION_COOKIE_NAME, "value": value, "url": site_url}]


def new_tab(browser, site_url, viewport, user=None):
    context = browser.new_context(base_url=site_url, viewport=viewport, locale="nl-NL")
    context.set_default_timeout(10_000)
    if user is not None:
        context.add_cookies(session_cookie(user, site_url))
    return context.new_page()


def sign_in(page, email):
    page.goto("/account/login/")
    page.locator("main").get_by_label(re.compile("^E-mail")).fill(email)
    page.get_by_label(re.compile("^Wachtwoord")).fill(PASSWORD)
    follow(page, page.locator("main form button[type=submit]").first)


def no_sideways_scroll(page):
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def check_page(page, name, width):
    violations = axe_violations(page)
    assert not violations, f"{name} at {width['width']} px:\n" + describe_violations(violations)
    assert no_sideways_scroll(page), f"{name} scrolls sideways at {width['width']} px"
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOT_DIR / f"workspace-{name}-{width['width']}.png", full_page=True)


def test_members_post_share_a_file_reply_and_get_notified(browser, site_url, team):
    from werkplaats.network.models import Notification

    group, anne, bram = team
    workspace = f"/mijn/groepen/{group.slug}/"

    # Anne signs in on her phone, posts in the workspace and shares a file.
    phone = new_tab(browser, site_url, PHONE)
    sign_in(phone, "anne@example.org")
    phone.goto(workspace)
    phone.get_by_label(re.compile("^" + t("Message"))).fill(
        "Wie heeft ervaring met keukentafelgesprekken?\nIk zoek voorbeelden uit Dordrecht."
    )
    response = press(phone, t("Post message"))
    assert response.status == 200
    assert phone.get_by_text(t("Your message has been posted.")).is_visible()
    assert phone.locator(".thread-card").filter(has_text="keukentafelgesprekken").count() == 1

    follow(phone, phone.get_by_role("link", name=t("Files")))
    phone.get_by_label(re.compile("^" + t("File"))).set_input_files(
        {"name": "verslag kick-off.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    phone.get_by_label(re.compile("^" + t("Description"))).fill("Verslag van de eerste bijeenkomst")
    press(phone, t("Share file"))
    assert phone.get_by_role("link", name="verslag kick-off.pdf", exact=True).is_visible()
    check_page(phone, "flow-files-after-upload", PHONE)

    # Bram, at his desk, sees both and replies, mentioning Anne.
    desk = new_tab(browser, site_url, DESKTOP, user=bram.user)
    desk.goto(workspace)
    thread = desk.locator(".thread-card").filter(has_text="keukentafelgesprekken")
    assert thread.locator(".post__author").first.inner_text() == "Anne Jansen"
    follow(desk, thread.get_by_role("link", name=re.compile("^" + t("Reply"))))
    desk.locator("details.reply-form summary").first.click()
    desk.get_by_label(re.compile("^" + t("Your reply"))).first.fill(
        "Ja! @anne, kijk in het verslag van vorig jaar."
    )
    press(desk, t("Post reply"))
    reply = desk.locator(".reply .post").filter(has_text="kijk in het verslag")
    assert reply.is_visible()
    assert reply.get_by_role("link", name="@anne").get_attribute("href") == "/mensen/anne/"
    check_page(desk, "flow-thread-after-reply", DESKTOP)

    desk.goto(workspace + "bestanden/")
    with desk.expect_download() as download:
        desk.get_by_role("link", name="verslag kick-off.pdf", exact=True).click()
    assert download.value.suggested_filename == "verslag kick-off.pdf"

    # Anne is told, on the site.
    assert Notification.objects.filter(recipient=anne, kind="mention").count() == 1
    phone.goto("/mijn/meldingen/")
    assert phone.get_by_text("Bram de Boer noemde je in Werkteam Armoede").first.is_visible()
    phone.context.close()
    desk.context.close()


@pytest.fixture
def busy_team(team):
    """The team with a discussion (nested replies), a file, meetings and actions."""
    from werkplaats.groups import workspace_services as services
    from werkplaats.groups.models import ActionKind

    from .workspace_factories import MeetingFactory, upload

    group, anne, bram = team
    opening = services.create_post(
        anne,
        group,
        "Wie heeft ervaring met keukentafelgesprekken? Zie https://example.org/handreiking "
        "en laat het @bram weten.",
    )
    parent = opening
    for depth in range(1, 5):
        author = bram if depth % 2 else anne
        parent = services.create_post(
            author, group, f"Reactie op niveau {depth}: goed punt, laten we dat bespreken.", parent
        )
    for number in range(3):
        services.create_post(bram, group, f"Ander onderwerp {number}: de agenda voor maart.")
    services.share_file(anne, group, upload("verslag.pdf", PDF_BYTES), "Verslag van de kick-off")
    meeting = MeetingFactory(
        group=group,
        held_on=datetime.date(2024, 3, 12),
        title="Tweede werkteambijeenkomst",
        notes="We bespraken de casus van mevrouw J. en de rol van de mantelzorger.",
        learned="Bewoners zien andere oplossingen dan wij.",
        do_differently="Eerder beginnen met de casus.",
        written_by=anne,
    )
    MeetingFactory(group=group, held_on=datetime.date(2024, 4, 9), title="Bezoek aan het MFA")
    services.create_action(
        anne,
        group,
        kind=ActionKind.TODO,
        text="Verslag rondsturen aan de gemeente",
        assignee=bram,
        due_on=datetime.date.today() + datetime.timedelta(days=7),
        meeting=meeting,
    )
    services.create_action(
        anne,
        group,
        kind=ActionKind.DECISION,
        text="We werken met een vaste agenda",
        due_on=datetime.date(2024, 3, 12),
        meeting=meeting,
    )
    return group, anne, bram, opening, meeting


@pytest.mark.parametrize("width", [DESKTOP, PHONE], ids=["1280", "360"])
def test_workspace_pages_are_accessible(browser, site_url, busy_team, width):
    group, anne, bram, opening, meeting = busy_team
    base = f"/mijn/groepen/{group.slug}/"
    page = new_tab(browser, site_url, width, user=anne.user)

    pages = {
        "stream": base,
        "thread": f"{base}berichten/{opening.pk}/",
        "files": f"{base}bestanden/",
        "meetings": f"{base}bijeenkomsten/",
        "meeting": f"{base}bijeenkomsten/{meeting.pk}/",
        "actions": f"{base}acties/",
        "post-edit": f"{base}berichten/{opening.pk}/bewerken/",
    }
    for name, path in pages.items():
        response = page.goto(path)
        assert response.status == 200, name
        check_page(page, name, width)

    # Forms sent with errors: the summary is shown and the page stays accessible.
    page.goto(base)
    press(page, t("Post message"))
    assert page.locator("#form-errors").is_visible()
    check_page(page, "stream-error", width)

    page.goto(f"{base}bestanden/")
    page.get_by_label(re.compile("^" + t("File"))).set_input_files(
        {"name": "uitnodiging.pdf", "mimeType": "application/pdf", "buffer": b"<html>x</html>"}
    )
    press(page, t("Share file"))
    assert page.locator("#form-errors").is_visible()
    check_page(page, "files-error", width)

    page.goto(f"{base}acties/")
    page.get_by_label(re.compile("^" + t("Description"))).fill("Bellen met de gemeente")
    page.get_by_label(re.compile("^" + t("Deadline"))).fill("2001-01-01")
    press(page, t("Add"))
    assert page.locator("#form-errors").is_visible()
    assert page.get_by_label(re.compile("^" + t("Description"))).input_value() == (
        "Bellen met de gemeente"
    )
    check_page(page, "actions-error", width)

    page.goto(f"{base}berichten/{opening.pk}/")
    page.locator("details.reply-form summary").first.click()
    press(page, t("Post reply"))
    assert page.locator("#reply-errors").is_visible()
    check_page(page, "thread-error", width)
    page.context.close()


@pytest.mark.parametrize("width", [DESKTOP, PHONE], ids=["1280", "360"])
def test_empty_workspace_is_accessible(browser, site_url, team, width):
    group, anne, bram = team
    page = new_tab(browser, site_url, width, user=anne.user)

    for name, path in {
        "stream-empty": f"/mijn/groepen/{group.slug}/",
        "files-empty": f"/mijn/groepen/{group.slug}/bestanden/",
        "meetings-empty": f"/mijn/groepen/{group.slug}/bijeenkomsten/",
        "actions-empty": f"/mijn/groepen/{group.slug}/acties/",
    }.items():
        assert page.goto(path).status == 200
        assert page.locator(".empty-state").first.is_visible()
        check_page(page, name, width)
    page.context.close()
