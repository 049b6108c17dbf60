"""The next public activities on the home page, a theme's page and a group's page."""

import pytest
from django.utils import timezone

from werkplaats.activities.models import Audience
from werkplaats.core.testing import t
from werkplaats.groups.tests.factories import LeadFactory, LearningGroupFactory
from werkplaats.website.models import ThemePage

from .factories import ActivityFactory, in_days

pytestmark = pytest.mark.django_db


def html(response):
    return response.content.decode()


def test_home_shows_the_next_public_activities_only(client):
    ActivityFactory(title="Kenniscafé armoede", starts_at=in_days(5), ends_at=in_days(5, 21))
    ActivityFactory(title="Ledenbijeenkomst", audience=Audience.MEMBERS, starts_at=in_days(3))
    ActivityFactory(title="Afgelast café", cancelled_at=timezone.now(), starts_at=in_days(4))
    ActivityFactory(title="Vorig café", starts_at=in_days(-30), ends_at=in_days(-30, 21))
    page = html(client.get("/"))
    assert t("Upcoming activities") in page
    assert "Kenniscafé armoede" in page
    for hidden in ("Ledenbijeenkomst", "Afgelast café", "Vorig café"):
        assert hidden not in page


def test_home_shows_at_most_three_in_date_order(client):
    for day in (9, 2, 5, 7):
        ActivityFactory(title=f"Café dag {day}", starts_at=in_days(day), ends_at=in_days(day, 21))
    page = html(client.get("/"))
    shown = [title for title in ("Café dag 2", "Café dag 5", "Café dag 7") if title in page]
    assert shown == ["Café dag 2", "Café dag 5", "Café dag 7"]
    assert "Café dag 9" not in page
    assert page.index("Café dag 2") < page.index("Café dag 5") < page.index("Café dag 7")


def test_a_new_activity_shows_on_the_cached_home_page_at_once(client):
    client.get("/")  # cached, with no activities
    ActivityFactory(title="Nieuw kenniscafé")
    assert "Nieuw kenniscafé" in html(client.get("/"))


def test_theme_page_shows_the_activities_of_its_theme(client):
    armoede = ThemePage.objects.get(slug="armoede")
    ActivityFactory(title="Café over armoede", themes=[armoede])
    ActivityFactory(title="Café over iets anders")
    page = html(client.get(armoede.url))
    assert "Café over armoede" in page
    assert "Café over iets anders" not in page


def test_group_page_shows_its_activities_and_their_calendar(client):
    group = LearningGroupFactory()
    ActivityFactory(title="Werkteam presenteert", groups=[group])
    page = html(client.get(group.get_absolute_url()))
    assert "Werkteam presenteert" in page
    assert f"/groepen/{group.slug}/agenda.ics" in page


def test_group_page_links_the_participation_figures_for_its_leads_only(client):
    group = LearningGroupFactory()
    lead = LeadFactory(group=group).person.user
    figures_url = f"/mijn/groepen/{group.slug}/deelname/"
    assert figures_url not in html(client.get(group.get_absolute_url()))
    client.force_login(lead)
    assert figures_url in html(client.get(group.get_absolute_url()))


def test_dashboard_lists_the_members_next_activities(client):
    from werkplaats.network.tests.factories import PersonFactory

    from .factories import RegistrationFactory

    person = PersonFactory()
    RegistrationFactory(person=person, activity=ActivityFactory(title="Mijn kenniscafé"))
    RegistrationFactory(
        person=person,
        activity=ActivityFactory(title="Afgemeld café"),
        status="geannuleerd",
    )
    client.force_login(person.user)
    page = html(client.get("/mijn/"))
    assert "Mijn kenniscafé" in page
    assert "Afgemeld café" not in page
    assert "/mijn/activiteiten/" in page
