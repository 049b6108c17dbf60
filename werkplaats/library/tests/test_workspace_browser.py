"""Writing and sharing practice knowledge in a real browser: a member writes a case with a phone
number in it, sees the privacy guard mark it, the group lead marks it as not personal, and the
case is shared with the members; a coordinator reviews a request to make it public. axe-core
(WCAG 2.1 AA) and no sideways scroll at 1280 and 360 px on every page visited.

Run with `pytest -m browser`. Screenshots land in test-results/screenshots/library-workspace-*.
"""

import re

import pytest

from werkplaats.core.testing import check_page as shared_check_page
from werkplaats.core.testing import follow, press, t
from werkplaats.core.testing import signed_in_page as new_tab

pytestmark = pytest.mark.browser

PHONE_NUMBER = "088-1234567"


def check_page(page, name, problems):
    shared_check_page(page, f"library-workspace-{name}", problems)


@pytest.fixture
def team(site_url):
    from werkplaats.groups.tests.factories import (
        LeadFactory,
        LearningGroupFactory,
        LearningQuestionFactory,
        MembershipFactory,
    )
    from werkplaats.network.tests.factories import CoordinatorFactory, PersonFactory

    group = LearningGroupFactory(name="Werkteam Armoede", slug="werkteam-armoede")
    LearningQuestionFactory(group=group, question="Hoe bereiken we gezinnen met schulden?")
    anne = MembershipFactory(
        group=group, person__first_name="Anne", person__last_name="Jansen"
    ).person
    lead = LeadFactory(group=group, person__first_name="Lotte", person__last_name="Bakker").person
    coordinator = PersonFactory(
        user=CoordinatorFactory(), first_name="Carla", last_name="Coördinator"
    )
    return group, anne, lead, coordinator


def test_write_see_a_finding_waive_it_as_lead_and_share(browser, site_url, team):
    from werkplaats.library.models import PracticeItem, ReviewStatus, Visibility

    group, anne, lead, coordinator = team
    problems = []

    # Anne opens the group's knowledge from the workspace menu and writes a case.
    tab = new_tab(browser, site_url, anne.user)
    tab.goto(f"/mijn/groepen/{group.slug}/")
    tab.get_by_role("link", name=t("Knowledge"), exact=True).click()
    tab.wait_for_url(f"**/mijn/groepen/{group.slug}/kennis/")
    check_page(tab, "group-items-empty", problems)
    follow(tab, tab.get_by_role("link", name=t("New practice knowledge")))
    check_page(tab, "item-new", problems)

    # First without a title: the message, and the text is kept.
    tab.get_by_label(re.compile("^" + t("Kind"))).select_option("casus")
    tab.get_by_label(re.compile("^" + t("Summary"))).fill("Hulp van buren bij boodschappen.")
    tab.get_by_label(re.compile("^" + t("Text"))).fill(
        f"De buurman doet boodschappen. Het loket is bereikbaar op {PHONE_NUMBER}."
    )
    tab.get_by_label(t("resident")).check()
    tab.get_by_label("Hoe bereiken we gezinnen met schulden?").check()
    response = press(tab, t("Save"), exact=True)
    assert response.status == 400
    assert tab.locator("#form-errors").is_visible()
    assert PHONE_NUMBER in tab.get_by_label(re.compile("^" + t("Text"))).input_value()
    check_page(tab, "item-new-error", problems)

    tab.get_by_label(re.compile("^" + t("Title"))).fill("Mevrouw en de buurman")
    response = press(tab, t("Save"), exact=True)
    assert response.status == 200
    assert "/delen/" in tab.url

    # The share page marks the phone number; Anne may not mark it, and sharing is refused.
    mark = tab.locator("mark#vondst-1")
    assert mark.inner_text() == PHONE_NUMBER
    assert tab.get_by_role("button", name=re.compile("^" + t("Not personal"))).count() == 0
    check_page(tab, "share-with-finding", problems)
    tab.get_by_label(re.compile(t("members of the Werkplaats"), re.IGNORECASE)).check()
    response = press(tab, t("Save who sees it"), exact=True)
    assert response.status == 400
    assert tab.get_by_role("alert").first.is_visible()
    item = PracticeItem.objects.get()
    assert item.visibility == Visibility.GROUP

    # Lotte, the group lead, marks it as not personal (the phone number of a front desk).
    lead_tab = new_tab(browser, site_url, lead.user)
    lead_tab.goto(f"/mijn/bibliotheek/praktijkkennis/{item.slug}/delen/")
    assert lead_tab.locator("mark#vondst-1").inner_text() == PHONE_NUMBER
    press(lead_tab, re.compile(re.escape(t("Not personal")) + ".*" + re.escape(PHONE_NUMBER)))
    assert lead_tab.get_by_text(t("The finding has been marked as not personal.")).is_visible()
    assert lead_tab.locator("mark.privacy-finding").count() == 0
    check_page(lead_tab, "share-after-waiving", problems)

    # Anne shares it with the members now, then asks to make it public.
    tab.goto(f"/mijn/bibliotheek/praktijkkennis/{item.slug}/delen/")
    tab.get_by_label(re.compile(t("members of the Werkplaats"), re.IGNORECASE)).check()
    press(tab, t("Save who sees it"), exact=True)
    item.refresh_from_db()
    assert item.visibility == Visibility.MEMBERS
    # For the public a lead's marking is not enough: the phone number blocks again ...
    tab.get_by_label(re.compile(t("everyone, also visitors"), re.IGNORECASE)).check()
    response = press(tab, t("Save who sees it"), exact=True)
    assert response.status == 400
    assert tab.locator("mark#vondst-1").inner_text() == PHONE_NUMBER
    # ... until Carla, a coordinator, marks it as not personal for everyone.
    desk = new_tab(browser, site_url, coordinator.user)
    desk.goto(f"/mijn/bibliotheek/praktijkkennis/{item.slug}/delen/")
    press(desk, re.compile(re.escape(t("Not personal")) + ".*" + re.escape(PHONE_NUMBER)))
    tab.goto(f"/mijn/bibliotheek/praktijkkennis/{item.slug}/delen/")
    tab.get_by_label(re.compile(t("everyone, also visitors"), re.IGNORECASE)).check()
    press(tab, t("Save who sees it"), exact=True)
    item.refresh_from_db()
    assert item.review_status == ReviewStatus.PENDING
    check_page(tab, "share-pending", problems)

    # Anne improves the summary; the history shows both versions and the difference.
    follow(tab, tab.get_by_role("link", name=t("Edit"), exact=True))
    check_page(tab, "edit", problems)
    tab.get_by_label(re.compile("^" + t("Summary"))).fill("Hulp van buren bij de boodschappen.")
    tab.get_by_label(re.compile("^" + t("What did you change?"))).fill("korter geformuleerd")
    press(tab, t("Save changes"), exact=True)
    follow(tab, tab.get_by_role("link", name=t("History"), exact=True))
    assert tab.get_by_text("korter geformuleerd").is_visible()
    check_page(tab, "versions", problems)
    version_1 = re.compile("^" + re.escape(t("Version %(number)s") % {"number": 1}) + "$")
    follow(tab, tab.get_by_role("link", name=version_1))
    assert tab.locator(".version-diff del").first.inner_text().strip() == "de"
    check_page(tab, "version", problems)
    press(tab, t("Restore this version"), exact=True)
    item.refresh_from_db()
    assert item.summary == "Hulp van buren bij boodschappen."

    # The list of names for the privacy guard, and a new product.
    tab.goto(f"/mijn/groepen/{group.slug}/privacy/")
    tab.get_by_label(re.compile("^" + t("Name"))).fill("Pietersen")
    press(tab, t("Add"), exact=True)
    assert tab.locator(".member-list__name").inner_text() == "Pietersen"
    check_page(tab, "guarded-names", problems)
    tab.goto(f"/mijn/groepen/{group.slug}/producten/nieuw/")
    check_page(tab, "product-new", problems)
    tab.goto(f"/mijn/groepen/{group.slug}/kennis/")
    check_page(tab, "group-items", problems)

    # Carla approves it from the review queue.
    desk.goto("/mijn/bibliotheek/beoordelen/")
    check_page(desk, "review-queue", problems)
    follow(desk, desk.get_by_role("link", name="Mevrouw en de buurman"))
    check_page(desk, "review-entry", problems)
    press(desk, t("Approve and make public"), exact=True)
    item.refresh_from_db()
    assert item.visibility == Visibility.PUBLIC

    for opened in (tab, lead_tab, desk):
        opened.context.close()
    assert not problems, "\n".join(problems)
