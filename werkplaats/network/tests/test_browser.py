"""The network's pages in a real browser: the profile form on a phone, axe-core (WCAG 2.1 AA) and
no sideways scrolling at 1280 and 360 px. Screenshots land in test-results/screenshots/."""

import datetime

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

pytestmark = pytest.mark.browser


@pytest.fixture
def member(site_url):
    from werkplaats.network.models import Organisation, Visibility

    from .factories import AffiliationFactory, NotificationFactory, PersonFactory, PersonRoleFactory

    person = PersonFactory(
        first_name="Sanne",
        last_name="de Vries",
        handle="sanne-de-vries",
        name_visibility=Visibility.PUBLIC,
        roles_visibility=Visibility.PUBLIC,
        organisations_visibility=Visibility.PUBLIC,
        bio="Ik werk als wijkteamlid in Dordrecht en leer graag van bewoners.",
        bio_visibility=Visibility.PUBLIC,
    )
    PersonRoleFactory(person=person, role="professional")
    PersonRoleFactory(person=person, role="mantelzorger")
    AffiliationFactory(
        person=person,
        organisation=Organisation.objects.get(name="Gemeente Dordrecht"),
        function="wijkteamlid",
    )
    actor = PersonFactory(first_name="Bram", last_name="Jansen")
    for number in range(3):
        NotificationFactory(
            recipient=person,
            actor=actor,
            title=f"Bram reageerde op je bericht in werkteam Armoede ({number + 1})",
            body="Goed punt over de keukentafelgesprekken; bespreken we dat in de bijeenkomst?",
            url="/groepen/",
            read_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC) if number == 2 else None,
        )
    return person


def open_signed_in(page, site_url, user, path):
    page.goto(site_url + "/partners/")
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": _session(user), "url": site_url}]
    )
    return page.goto(site_url + path)


def _session(user):
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def no_sideways_scroll(page):
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def check_page(page, name, width):
    violations = axe_violations(page)
    assert not violations, f"{name} at {width['width']} px:\n" + describe_violations(violations)
    assert no_sideways_scroll(page), f"{name} scrolls sideways at {width['width']} px"
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOT_DIR / f"network-{name}-{width['width']}.png", full_page=True)


def submit_profile(page):
    return press(page, t("Save profile"))


def test_edit_profile_on_a_phone_with_an_error_then_success(page, site_url, member):
    page.set_viewport_size(PHONE)
    open_signed_in(page, site_url, member.user, "/mijn/profiel/")
    assert page.get_by_role("heading", level=1).inner_text() == t("My profile")

    page.get_by_label(t("First name")).fill("Sanne Marie")
    page.get_by_label(t("student"), exact=True).check()
    new_row = page.locator(".affiliation-row").last
    new_row.get_by_label(t("Function")).fill("vrijwilliger taalcafé")
    response = submit_profile(page)

    assert response.status == 400
    summary = page.locator("#form-errors")
    assert summary.is_visible()
    assert t("Choose the organisation where you have this function.") in summary.inner_text()
    assert page.get_by_label(t("First name")).input_value() == "Sanne Marie"
    assert new_row.get_by_label(t("Function")).input_value() == "vrijwilliger taalcafé"
    check_page(page, "profile-error-phone", PHONE)

    new_row.get_by_label(t("Organisation")).select_option(label="Hogeschool Rotterdam")
    response = submit_profile(page)
    assert response.status == 200
    assert t("Your profile has been saved.") in page.locator("main").inner_text()
    member.refresh_from_db()
    assert member.first_name == "Sanne Marie"
    assert member.affiliations.count() == 2
    assert "student" in [role.role for role in member.roles.all()]
    check_page(page, "profile-saved-phone", PHONE)


@pytest.mark.parametrize("width", [DESKTOP, PHONE], ids=["1280", "360"])
def test_member_pages_are_accessible(page, site_url, member, width):
    page.set_viewport_size(width)
    open_signed_in(page, site_url, member.user, "/mijn/profiel/")
    check_page(page, "profile", width)

    page.locator(".affiliation-row").last.get_by_label(t("Function")).fill("docent")
    page.get_by_label(t("First name")).fill("")
    submit_profile(page)
    assert page.locator("#form-errors").is_visible()
    check_page(page, "profile-errors", width)

    page.goto(site_url + "/mijn/meldingen/")
    assert page.locator(".notification--unread").count() == 2
    check_page(page, "notifications", width)

    page.goto(site_url + "/mensen/sanne-de-vries/")
    assert "Sanne de Vries" in page.get_by_role("heading", level=1).inner_text()
    check_page(page, "person", width)


@pytest.mark.parametrize("width", [DESKTOP, PHONE], ids=["1280", "360"])
def test_public_pages_are_accessible(page, site_url, member, width):
    from werkplaats.network.models import Organisation, Partnership

    Partnership.objects.create(
        organisation=Organisation.objects.create(
            name="Stichting Buurtkracht", slug="stichting-buurtkracht", kind="welzijn"
        ),
        started_on=datetime.date(2016, 4, 1),
        ended_on=datetime.date(2019, 6, 30),
    )
    page.set_viewport_size(width)
    response = page.goto(site_url + "/partners/")
    assert response.status == 200
    assert page.locator(".partner-card").count() == 7
    assert "Stichting Buurtkracht" in page.locator(".former-partners").inner_text()
    check_page(page, "partners", width)

    response = page.goto(site_url + "/mensen/sanne-de-vries/")
    assert response.status == 200
    check_page(page, "person-visitor", width)


def test_opening_a_notification_marks_it_read(page, site_url, member):
    open_signed_in(page, site_url, member.user, "/mijn/meldingen/")
    follow(page, page.locator(".notification--unread a").first)
    assert page.url.endswith("/groepen/")
    page.goto(site_url + "/mijn/meldingen/")
    assert page.locator(".notification--unread").count() == 1
