"""Learning groups in a real browser: finding a group on a phone, asking to join and approving,
and axe-core (WCAG 2.1 A/AA) with no horizontal scroll on every groups page at 1280 and 360 px.

Run with `pytest -m browser`. Screenshots land in test-results/screenshots/groups-*.png.
"""

import pytest
from django.utils import timezone

from werkplaats.core.testing import (
    DESKTOP,
    PHONE,
    follow,
    no_horizontal_scroll,
    press,
    t,
)
from werkplaats.core.testing import (
    check_page as shared_check_page,
)
from werkplaats.core.testing import (
    signed_in_page as new_tab,
)

pytestmark = pytest.mark.browser


def check_page(page, name, problems):
    shared_check_page(page, f"groups-{name}", problems)


def test_find_a_werkteam_with_the_filter_on_a_phone(page, site_url):
    from werkplaats.groups.demo import load_groups

    load_groups()
    page.set_viewport_size(PHONE)
    page.goto("/groepen/")
    page.get_by_label(t("Kind")).select_option("werkteam")
    page.get_by_label(t("Status")).select_option("lopend")
    page.get_by_role("button", name=t("Filter")).click()
    page.wait_for_url("**/groepen/?soort=werkteam*")
    assert page.locator(".group-card").count() == 4
    assert no_horizontal_scroll(page)
    page.get_by_role("link", name="Werkteam Informeel-formeel: armoede").click()
    page.wait_for_url("**/groepen/werkteam-informeel-formeel-armoede/")
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Werkteam Informeel-formeel: armoede"
    )
    assert page.get_by_role("link", name="Armoede").is_visible()
    assert no_horizontal_scroll(page)


def test_member_asks_to_join_and_the_lead_approves(browser, site_url):
    from werkplaats.groups.models import Membership
    from werkplaats.network.tests.factories import PersonFactory

    from .factories import LeadFactory, LearningGroupFactory

    group = LearningGroupFactory(name="Werkteam Ontmoeting", is_open=True)
    lead = LeadFactory(group=group, person__first_name="Henk").person
    requester = PersonFactory(first_name="Priya", last_name="Ramdin")

    requester_tab = new_tab(browser, site_url, requester.user)
    requester_tab.goto(group.get_absolute_url())
    follow(requester_tab, requester_tab.get_by_role("link", name=t("Ask to join this group")))
    requester_tab.get_by_label(t("Why do you want to join?")).fill(
        "Ik zet in Coolhaven een platform op en wil graag meedoen."
    )
    press(requester_tab, t("Send request"))
    assert requester_tab.url.endswith(group.get_absolute_url())
    assert requester_tab.get_by_text("Je aanmelding is naar de trekkers gestuurd").is_visible()

    lead_tab = new_tab(browser, site_url, lead.user)
    lead_tab.goto(f"/mijn/groepen/{group.slug}/leden/")
    assert lead_tab.get_by_text("Ik zet in Coolhaven een platform op").is_visible()
    press(lead_tab, "Goedkeuren Priya Ramdin")
    assert lead_tab.get_by_text("Priya Ramdin is nu lid van de groep.").is_visible()
    assert Membership.objects.current().filter(group=group, person=requester).exists()

    requester_tab.goto(group.get_absolute_url())
    assert requester_tab.get_by_role("link", name=t("Go to the workspace")).is_visible()
    requester_tab.context.close()
    lead_tab.context.close()


def test_groups_pages_are_accessible_at_both_widths(browser, site_url):
    from werkplaats.groups.demo import load_groups
    from werkplaats.groups.models import MemberRole

    from .factories import JoinRequestFactory, LeadFactory, MembershipFactory

    groups = load_groups()
    team = groups["werkteam-preventie-intergenerationele-problematiek"]
    archived = groups["werkgroep-samenwerking-formeel-en-informeel"]
    lead = LeadFactory(group=team, person__first_name="Marieke", person__last_name="Dijkstra")
    MembershipFactory(group=team, role=MemberRole.RESIDENT, person__first_name="Ahmed")
    MembershipFactory(group=team, role=MemberRole.STUDENT, ended_on=timezone.localdate())
    JoinRequestFactory(group=team, person__first_name="Dewi", motivation="Ik wil graag meedoen.")
    outsider = MembershipFactory(group=archived).person

    problems = []
    visitor = browser.new_context(base_url=site_url, viewport=DESKTOP, locale="nl-NL")
    tab = visitor.new_page()
    for name, address in (
        ("index", "/groepen/"),
        ("index-filtered", "/groepen/?soort=werkteam&status=lopend&thema=armoede"),
        ("index-empty", "/groepen/?soort=themaleerkring&status=lopend"),
        ("detail", team.get_absolute_url()),
        ("detail-archived", archived.get_absolute_url()),
    ):
        assert tab.goto(address).status == 200, address
        check_page(tab, name, problems)
    visitor.close()

    member_tab = new_tab(browser, site_url, outsider.user)
    member_tab.goto(f"/groepen/{team.slug}/aanmelden/")
    check_page(member_tab, "join", problems)
    motivation = member_tab.get_by_label(t("Why do you want to join?"))
    # The field's maxlength stops typing at the limit; a pasted or scripted text can pass it.
    motivation.evaluate("element => element.removeAttribute('maxlength')")
    motivation.fill("Te lang. " * 300)
    press(member_tab, t("Send request"))
    assert member_tab.locator("#form-errors").is_visible()
    check_page(member_tab, "join-errors", problems)
    member_tab.context.close()

    lead_tab = new_tab(browser, site_url, lead.person.user)
    for name, address in (
        ("members", f"/mijn/groepen/{team.slug}/leden/"),
        ("questions", f"/mijn/groepen/{team.slug}/leervragen/"),
        ("settings", f"/mijn/groepen/{team.slug}/instellingen/"),
        ("settings-archive", f"/mijn/groepen/{team.slug}/instellingen/?archiveren"),
        ("leave", f"/mijn/groepen/{team.slug}/verlaten/"),
    ):
        assert lead_tab.goto(address).status == 200, address
        check_page(lead_tab, name, problems)
    # Error states: the last lead steps down; an empty learning question.
    lead_tab.goto(f"/mijn/groepen/{team.slug}/leden/")
    lead_tab.get_by_label("Rol van Marieke Dijkstra").select_option("lid")
    press(lead_tab, "Rol wijzigen van Marieke Dijkstra")
    assert lead_tab.locator("#form-errors").is_visible()
    check_page(lead_tab, "members-errors", problems)
    lead_tab.goto(f"/mijn/groepen/{team.slug}/leervragen/")
    press(lead_tab, t("Add learning question"))
    assert lead_tab.locator("#form-errors").is_visible()
    check_page(lead_tab, "questions-errors", problems)
    first_question = team.questions.first()
    lead_tab.goto(f"/mijn/groepen/{team.slug}/leervragen/?bewerken={first_question.pk}")
    check_page(lead_tab, "questions-edit", problems)
    # Archive through the confirmation, then the read-only settings page offers to reopen.
    lead_tab.goto(f"/mijn/groepen/{team.slug}/instellingen/")
    follow(lead_tab, lead_tab.get_by_role("link", name=t("Archive the group")))
    press(lead_tab, t("Yes, archive the group"))
    assert lead_tab.get_by_role("button", name=t("Reopen the group")).is_visible()
    check_page(lead_tab, "settings-archived", problems)
    lead_tab.context.close()

    assert not problems, "\n".join(problems)
