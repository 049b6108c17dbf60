"""The organiser at the door, in a real browser on a phone: ticking people over a connection that
drops a request, ticks that survive a reload, a walk-in; the same list without JavaScript; and
axe-core (WCAG 2.1 A/AA) with no horizontal scroll on every organisers' page at 360 and 1280 px.

Run with `pytest -m browser`. Screenshots land in test-results/screenshots/activities-organise-*.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from werkplaats.core.testing import (
    DESKTOP,
    PHONE,
    SCREENSHOT_DIR,
    follow,
    no_horizontal_scroll,
    press,
    sign_in,
    t,
)
from werkplaats.core.testing import (
    check_page as shared_check_page,
)

pytestmark = pytest.mark.browser

TICKS = "**/aanwezigheid/vink/"


def check_page(page, name, problems):
    shared_check_page(page, f"activities-organise-{name}", problems)


def make_activity():
    """A focus group today, organised by a work team; its lead, three confirmed sign-ups (one
    with answers to the extra question) and one on the waiting list."""
    from werkplaats.activities.models import RegistrationStatus
    from werkplaats.groups.tests.factories import LeadFactory, LearningGroupFactory

    from .factories import ActivityFactory, ExtraQuestionFactory, RegistrationFactory

    group = LearningGroupFactory(name="Werkteam Eenzaamheid")
    lead = LeadFactory(group=group, person__first_name="Marieke", person__last_name="Dijkstra")
    now = timezone.now()
    activity = ActivityFactory(
        kind="focusgroep",
        title="Focusgroep eenzaamheid onder mantelzorgers",
        starts_at=now - datetime.timedelta(minutes=30),
        ends_at=now + datetime.timedelta(hours=2),
        groups=[group],
        capacity=3,
        ask_organisation_and_role=True,
    )
    question = ExtraQuestionFactory(activity=activity, label="Heeft u dieetwensen?")
    people = [
        RegistrationFactory(
            activity=activity,
            person__first_name=first,
            person__last_name=last,
            organisation=organisation,
            role=role,
            answers=answers,
        ).person
        for first, last, organisation, role, answers in (
            ("Sanne", "Bakker", "Wijkteam Crabbehof", "professional", {}),
            ("Mohammed", "El Amrani", "", "mantelzorger", {str(question.pk): "Halal, graag."}),
            ("Ineke", "Verhoeven", "Gemeente Dordrecht", "beleidsmaker", {}),
        )
    ]
    RegistrationFactory(
        activity=activity,
        status=RegistrationStatus.WAITLIST,
        person__first_name="Dewi",
        person__last_name="Kartosen",
    )
    return group, lead.person, activity, people


def tick(page, person):
    page.locator(f"#persoon-{person.pk} .tick").click()


def status(page, person):
    return page.locator(f"#persoon-{person.pk} [data-status]")


def test_organiser_ticks_people_at_the_door_on_a_phone(page, site_url):
    from werkplaats.activities.models import Attendance
    from werkplaats.network.models import Person, PersonRole

    _group, lead, activity, (sanne, mohammed, ineke) = make_activity()
    sign_in(page.context, site_url, lead.user)
    page.set_viewport_size(PHONE)

    # The first tick's request is lost on the way; the next ones get through.
    lost = []

    def lose_the_first(route):
        if not lost:
            lost.append(route.request.post_data)
            route.abort()
        else:
            route.continue_()

    page.route(TICKS, lose_the_first)
    page.goto(f"/mijn/activiteiten/{activity.slug}/aanwezigheid/")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Attendance"))

    tick(page, sanne)
    expect(status(page, sanne)).to_have_text(t("Not saved yet, retrying…"))
    expect(page.locator("[data-sync-summary]")).to_contain_text("1")
    expect(status(page, sanne)).to_have_text(t("Saved"), timeout=15_000)
    tick(page, mohammed)
    expect(status(page, mohammed)).to_have_text(t("Saved"))
    expect(page.locator("[data-sync-summary]")).to_have_text(t("All ticks are saved."))
    expect(page.locator("[data-present-count]")).to_contain_text("2")
    assert lost, "the first tick request was not intercepted"
    assert set(Attendance.objects.filter(activity=activity).values_list("person", flat=True)) == {
        sanne.pk,
        mohammed.pk,
    }
    page.screenshot(path=SCREENSHOT_DIR / "activities-organise-ticked-phone.png", full_page=False)

    # Reload: the ticks come from the server.
    page.reload()
    for person, pressed in ((sanne, "true"), (mohammed, "true"), (ineke, "false")):
        expect(page.locator(f"#persoon-{person.pk} .tick")).to_have_attribute(
            "aria-pressed", pressed
        )

    # Offline: a tick waits in the queue, survives a reload and is sent once through again.
    page.unroute(TICKS)
    page.route(TICKS, lambda route: route.abort())
    tick(page, ineke)
    expect(status(page, ineke)).to_have_text(t("Not saved yet, retrying…"))
    page.reload()
    expect(page.locator(f"#persoon-{ineke.pk} .tick")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("[data-sync-summary]")).to_contain_text("1")
    assert not Attendance.objects.filter(activity=activity, person=ineke).exists()
    page.unroute(TICKS)
    expect(status(page, ineke)).to_have_text(t("Saved"), timeout=20_000)
    assert Attendance.objects.filter(activity=activity, person=ineke).exists()
    expect(page.locator("[data-sync-summary]")).to_have_text(t("All ticks are saved."))

    # Untick.
    tick(page, ineke)
    expect(status(page, ineke)).to_have_text(t("Saved"))
    assert not Attendance.objects.filter(activity=activity, person=ineke).exists()

    # The search box filters as you type.
    page.get_by_label(t("Find someone on the list")).fill("amra")
    expect(page.locator(f"#persoon-{mohammed.pk}")).to_be_visible()
    expect(page.locator(f"#persoon-{sanne.pk}")).to_be_hidden()
    page.get_by_label(t("Find someone on the list")).fill("")

    # A walk-in.
    follow(page, page.get_by_role("link", name=t("Add a walk-in")).first)
    page.get_by_label(re.compile("^" + re.escape(t("First name")))).fill("Joke")
    page.get_by_label(t("Last name")).fill("de Wit")
    page.get_by_label(t("Role")).select_option("vrijwilliger")
    press(page, t("Add as present"))
    joke = Person.objects.get(first_name="Joke", last_name="de Wit")
    expect(page.locator(f"#persoon-{joke.pk} .tick")).to_have_attribute("aria-pressed", "true")
    assert Attendance.objects.get(activity=activity, person=joke).walk_in
    assert PersonRole.objects.filter(person=joke, role="vrijwilliger").exists()
    expect(page.locator("[data-present-count]")).to_contain_text("3")
    assert no_horizontal_scroll(page)


def test_the_list_works_without_javascript(browser, site_url):
    from werkplaats.activities.models import Attendance

    _group, lead, activity, (sanne, *_others) = make_activity()
    context = browser.new_context(
        base_url=site_url, viewport=PHONE, locale="nl-NL", java_script_enabled=False
    )
    context.set_default_timeout(30_000)
    sign_in(context, site_url, lead.user)
    page = context.new_page()
    page.goto(f"/mijn/activiteiten/{activity.slug}/aanwezigheid/")
    with page.expect_navigation():
        tick(page, sanne)
    assert page.url.endswith(f"#persoon-{sanne.pk}")
    expect(page.locator(f"#persoon-{sanne.pk} .tick")).to_have_attribute("aria-pressed", "true")
    assert Attendance.objects.filter(activity=activity, person=sanne).exists()
    # A walk-in without a name: the message, and what was typed is still there.
    page.locator("main").get_by_label(t("E-mail address")).fill("kees@example.org")
    press(page, t("Add as present"))
    expect(page.get_by_text(t("Fill in at least a first name.")).first).to_be_visible()
    expect(page.locator("main").get_by_label(t("E-mail address"))).to_have_value("kees@example.org")
    page.screenshot(path=SCREENSHOT_DIR / "activities-organise-walk-in-error-phone.png")
    context.close()


def test_organisers_pages_are_accessible_at_both_widths(browser, site_url):
    from werkplaats.activities.models import Attendance
    from werkplaats.network.tests.factories import CoordinatorFactory

    group, lead, activity, (sanne, mohammed, _ineke) = make_activity()
    Attendance.objects.create(activity=activity, person=sanne)
    Attendance.objects.create(activity=activity, person=mohammed)
    problems = []

    lead_context = browser.new_context(base_url=site_url, viewport=DESKTOP, locale="nl-NL")
    sign_in(lead_context, site_url, lead.user)
    tab = lead_context.new_page()
    base = f"/mijn/activiteiten/{activity.slug}"
    this_year = timezone.localdate().year
    for name, address in (
        ("attendance", f"{base}/aanwezigheid/"),
        ("registrations", f"{base}/aanmeldingen/"),
        (
            "group-figures",
            f"/mijn/groepen/{group.slug}/deelname/?van={this_year}-01-01&tot={this_year}-12-31",
        ),
    ):
        assert tab.goto(address).status == 200, address
        check_page(tab, name, problems)
    lead_context.close()

    coordinator_context = browser.new_context(base_url=site_url, viewport=DESKTOP, locale="nl-NL")
    sign_in(coordinator_context, site_url, CoordinatorFactory())
    tab = coordinator_context.new_page()
    assert tab.goto("/mijn/deelname/").status == 200
    tab.locator("details.figures__activities summary").click()
    check_page(tab, "figures", problems)
    assert tab.goto("/mijn/deelname/?van=2017-12-31&tot=2017-01-01").status == 400
    check_page(tab, "figures-error", problems)
    coordinator_context.close()

    assert not problems, "\n".join(problems)
