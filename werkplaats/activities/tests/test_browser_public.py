"""Activities in a real browser: a visitor finds a kenniscafé with the filter, signs up, confirms
from the mail the SMTP server received and cancels; and axe-core (WCAG 2.1 A/AA) with no
horizontal scroll on every public activities page at 1280 and 360 px.

Run with `pytest -m browser`. Screenshots land in test-results/screenshots/activities-*.png.
"""

import re

import pytest
from django.utils import timezone

from werkplaats.core.testing import (
    check_page as shared_check_page,
)
from werkplaats.core.testing import (
    press,
    t,
)
from werkplaats.core.testing import (
    signed_in_page as new_tab,
)

CONFIRMED_MESSAGE = t(
    "Your sign-up is confirmed. We sent you a mail with the activity for your calendar."
)

pytestmark = pytest.mark.browser

LINK = re.compile(r"https?://[^/\s]+(/activiteiten/aanmelding/[^/\s\"]+/)")


def check_page(page, name, problems):
    shared_check_page(page, f"activities-{name}", problems)


def calendar_data():
    """A small calendar like the seeds': kenniscafés, a workshop, a werkteam meeting, a past
    exchange with its outcome."""
    from werkplaats.groups.tests.factories import LearningGroupFactory
    from werkplaats.network.tests.factories import MunicipalityFactory
    from werkplaats.website.models import ThemePage

    from ..models import ActivityKind, Audience
    from .factories import (
        ActivityFactory,
        ExtraQuestionFactory,
        PastActivityFactory,
        VenueFactory,
        in_days,
    )

    rotterdam = MunicipalityFactory(name="Rotterdam")
    larenstein = VenueFactory(
        name="Wijkcentrum De Larenstein",
        street_address="Larensteinstraat 1",
        postcode="3072 AA",
        municipality=rotterdam,
        directions="Tram 23 halte Larenstein. De zaal is rolstoeltoegankelijk.",
    )
    team = LearningGroupFactory(name="Werkteam Informeel-formeel: eenzaamheid")
    armoede = ThemePage.objects.filter(slug="armoede").first()
    themes = [armoede] if armoede else []
    cafe = ActivityFactory(
        title="Kenniscafé Eenzaamheid in de wijk",
        kind=ActivityKind.KNOWLEDGE_CAFE,
        venue=larenstein,
        groups=[team],
        themes=themes,
        capacity=30,
        ask_organisation_and_role=True,
        starts_at=in_days(10, 19),
    )
    ExtraQuestionFactory(activity=cafe, label="Heeft u dieetwensen of toegankelijkheidswensen?")
    ActivityFactory(
        title="Workshop Genogrammen",
        kind=ActivityKind.WORKSHOP,
        capacity=1,
        starts_at=in_days(20, 13),
    )
    ActivityFactory(
        title="Bijeenkomst werkteam",
        kind=ActivityKind.MEETING,
        audience=Audience.MEMBERS,
        groups=[team],
        starts_at=in_days(40, 15),
    )
    ActivityFactory(
        title="Kenniscafé Armoede (afgelast)",
        cancelled_at=timezone.now(),
        cancellation_reason="De spreker is ziek.",
        starts_at=in_days(45, 19),
    )
    PastActivityFactory(
        title="Uitwisseling Dordrecht–Schiedam",
        kind=ActivityKind.EXCHANGE,
        starts_at=in_days(-30, 10),
        outcome="Meer dan vijftig professionals deelden hun gouden tips.",
    )
    return cafe, team


def test_visitor_finds_a_kenniscafe_signs_up_confirms_and_cancels(page, smtp_inbox):
    cafe, _team = calendar_data()
    page.goto("/activiteiten/")
    page.get_by_label(t("Kind")).select_option("kenniscafe")
    page.get_by_role("button", name=t("Filter")).click()
    page.wait_for_url("**/activiteiten/?soort=kenniscafe*")
    assert page.get_by_role("link", name="Workshop Genogrammen").count() == 0
    page.get_by_role("link", name=cafe.title).click()
    page.wait_for_url(f"**{cafe.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == cafe.title

    page.get_by_label(t("First name")).fill("Noor")
    page.get_by_label(t("Last name")).fill("Bakker")
    page.locator("main").get_by_label(t("E-mail address")).fill("noor.bakker@example.org")
    page.get_by_label(t("Organisation")).fill("Wijkteam Feijenoord")
    page.get_by_label(t("Role")).select_option("professional")
    page.get_by_label("Heeft u dieetwensen of toegankelijkheidswensen?").fill("Vegetarisch")
    press(page, t("Sign up"), exact=True)
    assert page.get_by_role("heading", level=1).inner_text() == t("Check your mail")

    [(recipients, message)] = smtp_inbox.messages
    assert recipients == ["noor.bakker@example.org"]
    text = message.get_body(preferencelist=("plain",)).get_content()
    link = LINK.search(text).group(1)

    page.goto(link)
    assert page.get_by_text(t("Not yet confirmed")).first.is_visible()
    press(page, t("Confirm my sign-up"))
    assert page.get_by_text(CONFIRMED_MESSAGE).is_visible()
    assert page.get_by_text(t("Your place is reserved.")).is_visible()
    assert len(smtp_inbox.messages) == 2

    press(page, t("Cancel my sign-up"))
    assert page.get_by_text(
        t("Your sign-up has been cancelled. Thank you for letting us know.")
    ).is_visible()
    assert page.locator("dd", has_text=t("Your sign-up is cancelled.")).is_visible()
    registration = cafe.registrations.get()
    assert registration.status == "geannuleerd"


def test_activities_pages_are_accessible_at_both_widths(browser, page, site_url, smtp_inbox):
    from werkplaats.groups.tests.factories import LeadFactory
    from werkplaats.network.tests.factories import PersonFactory

    from ..models import RegistrationStatus
    from .factories import RegistrationFactory

    cafe, team = calendar_data()
    full = cafe.__class__.objects.get(title="Workshop Genogrammen")
    RegistrationFactory(activity=full)
    problems = []
    for name, address in (
        ("index", "/activiteiten/"),
        ("index-filtered", "/activiteiten/?soort=kenniscafe&gemeente=rotterdam"),
        ("index-empty", "/activiteiten/?soort=gastles"),
        ("archive", "/activiteiten/archief/"),
        ("detail", cafe.get_absolute_url()),
        ("detail-full", full.get_absolute_url()),
    ):
        assert page.goto(address).status == 200, address
        check_page(page, name, problems)

    # The form refused: messages at the top, the input kept.
    page.goto(cafe.get_absolute_url())
    page.get_by_label(t("First name")).fill("Noor")
    email = page.locator("main").get_by_label(t("E-mail address"))
    email.fill("noor@")
    press(page, t("Sign up"), exact=True)
    assert page.locator("#form-errors").is_visible()
    assert email.input_value() == "noor@"
    check_page(page, "detail-errors", problems)

    visitor = RegistrationFactory(
        activity=cafe,
        status=RegistrationStatus.UNCONFIRMED,
        person=PersonFactory(user=None, email="bezoeker@example.org", first_name="Sanne"),
    )
    page.goto(visitor.get_manage_url())
    check_page(page, "registration", problems)
    page.goto("/activiteiten/aanmelding/kapot/")
    check_page(page, "link-unusable", problems)

    lead = LeadFactory(group=team, person__first_name="Marieke").person
    RegistrationFactory(activity=cafe, person=lead)
    RegistrationFactory(activity=full, person=lead, status=RegistrationStatus.WAITLIST)
    member_tab = new_tab(browser, site_url, lead.user)
    assert member_tab.goto("/mijn/activiteiten/").status == 200
    check_page(member_tab, "mine", problems)
    assert member_tab.goto(cafe.get_absolute_url()).status == 200
    check_page(member_tab, "detail-member", problems)
    member_tab.context.close()

    assert not problems, "\n".join(problems)
