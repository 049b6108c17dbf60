"""/partners/ and the footer: the public partners section comes from organisations and their
partnerships (the demo network is loaded for the session by the root conftest)."""

import datetime

import pytest

from werkplaats.core.cache import current_generation
from werkplaats.network.demo import load_network
from werkplaats.network.models import Municipality, Organisation, Partnership
from werkplaats.website.tests.html import footer, main, soup, text

from .factories import OrganisationFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


def former(response):
    section = main(response).select_one("section.former-partners")
    return [text(li) for li in section.find_all("li")] if section else []


def current_names(response):
    return [text(h3) for h3 in main(response).select(".partner-card__name")]


def test_partners_page_groups_current_partners_by_kind(client):
    response = client.get("/partners/")
    assert response.status_code == 200
    headings = [text(h2) for h2 in main(response).find_all("h2")]
    assert headings[:2] == ["Gemeenten", "Hogescholen en lectoraten"]
    assert current_names(response) == [
        "BAR-organisatie",
        "Gemeente Dordrecht",
        "Gemeente Rotterdam",
        "Gemeente Schiedam",
        "Gemeente Vlaardingen",
        "Hogeschool InHolland",
        "Hogeschool Rotterdam",
    ]


def test_partner_card_shows_municipality_since_year_and_website(client):
    response = client.get("/partners/")
    card = next(
        li for li in main(response).select(".partner-card") if text(li.h3) == "Gemeente Dordrecht"
    )
    assert "Dordrecht · partner sinds 2016" in text(card)
    assert card.find("a", href="https://www.dordrecht.nl") is not None
    assert card.find("img") is not None
    bar = next(li for li in main(response).select(".partner-card") if "BAR" in text(li.h3))
    assert "partner sinds 2017" in text(bar)


def test_former_partner_is_listed_as_former(client):
    organisation = OrganisationFactory(name="Stichting Voorbeeldwelzijn")
    PartnershipFactory(
        organisation=organisation,
        started_on=datetime.date(2016, 4, 1),
        ended_on=datetime.date(2018, 12, 31),
    )
    response = client.get("/partners/")
    assert "Stichting Voorbeeldwelzijn" not in current_names(response)
    assert "Stichting Voorbeeldwelzijn (2016–2018)" in former(response)
    partners_footer = footer(response).select_one("section.partners")
    assert "Stichting Voorbeeldwelzijn" not in text(partners_footer)


def test_partner_who_left_and_returned_is_current_since_the_return(client):
    organisation = OrganisationFactory(name="Stichting Terugkeer")
    PartnershipFactory(
        organisation=organisation,
        started_on=datetime.date(2016, 4, 1),
        ended_on=datetime.date(2017, 6, 30),
    )
    PartnershipFactory(organisation=organisation, started_on=datetime.date(2019, 1, 1))
    response = client.get("/partners/")
    assert "Stichting Terugkeer" in current_names(response)
    assert not any("Stichting Terugkeer" in line for line in former(response))
    card = next(li for li in main(response).select(".partner-card") if "Terugkeer" in text(li.h3))
    assert "partner sinds 2019" in text(card)


def test_future_partner_is_not_shown_yet(client):
    organisation = OrganisationFactory(name="Stichting Straks")
    PartnershipFactory(
        organisation=organisation, started_on=datetime.date.today() + datetime.timedelta(days=30)
    )
    response = client.get("/partners/")
    assert "Stichting Straks" not in text(main(response))


def test_organisation_without_partnership_is_not_shown(client):
    OrganisationFactory(name="Stichting Nooit")
    response = client.get("/partners/")
    assert "Stichting Nooit" not in text(main(response))


def test_footer_shows_current_partners_with_logos_and_links(client):
    partners = footer(client.get("/")).select_one("section.partners")
    assert text(partners.find("h2")) == "In samenwerking met"
    assert "Gemeente Rotterdam" in [img["alt"] for img in partners.find_all("img")]
    assert partners.find("a", href="https://www.rotterdam.nl") is not None
    assert partners.find("a", href="/partners/") is not None


def test_footer_drops_a_partner_whose_partnership_ended(client):
    dordrecht = Organisation.objects.get(name="Gemeente Dordrecht")
    dordrecht.partnerships.update(ended_on=datetime.date(2020, 1, 1))
    partners = footer(client.get("/")).select_one("section.partners")
    assert "Gemeente Dordrecht" not in [img["alt"] for img in partners.find_all("img")]


def test_footer_partners_are_built_once_then_read_from_the_cache(rf, django_assert_num_queries):
    from werkplaats.website.context_processors import navigation

    first = navigation(rf.get("/"))["chrome"]
    names = [partner.name for partner in first.partners]
    assert "Gemeente Rotterdam" in names
    assert all(partner.logo.startswith("<img") for partner in first.partners)

    with django_assert_num_queries(1):  # only Wagtail's site lookup
        again = [partner.name for partner in navigation(rf.get("/"))["chrome"].partners]
    assert again == names


def test_footer_partners_are_not_queried_when_unused(rf, django_assert_num_queries):
    from werkplaats.website.context_processors import navigation

    with django_assert_num_queries(0):
        navigation(rf.get("/"))


def test_footer_shows_a_new_partner_on_the_next_page(client):
    client.get("/")
    organisation = Organisation.objects.create(
        name="Stichting Nieuwe Buren", slug="stichting-nieuwe-buren", kind="welzijn"
    )
    organisation.partnerships.create(started_on=datetime.date(2020, 1, 1))
    partners = footer(client.get("/")).select_one("section.partners")
    assert "Stichting Nieuwe Buren" in partners.get_text()


def test_partners_page_queries_do_not_grow_with_partners(client, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_SECONDS = 0

    def count():
        client.get("/partners/")  # warm-up: renditions
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/partners/").status_code == 200
        return len(queries)

    before = count()
    for number in range(5):
        PartnershipFactory(organisation=OrganisationFactory(name=f"Stichting Extra {number}"))
    assert count() == before
    assert before <= 14


def test_page_cache_is_cleared_when_a_partnership_changes(client):
    client.get("/partners/")
    generation = current_generation()
    partnership = Partnership.objects.first()
    partnership.note = "verlengd"
    partnership.save()
    assert current_generation() > generation


def test_page_cache_is_cleared_when_an_organisation_or_municipality_changes():
    generation = current_generation()
    Organisation.objects.filter(name="Gemeente Schiedam").first().save()
    after_organisation = current_generation()
    Municipality.objects.first().save()
    assert generation < after_organisation < current_generation()


def test_cached_partners_page_shows_a_new_partner(client):
    client.get("/partners/")
    client.get("/partners/")  # now from the page cache
    PartnershipFactory(organisation=OrganisationFactory(name="Stichting Nieuwkomer"))
    assert "Stichting Nieuwkomer" in current_names(client.get("/partners/"))


def test_person_page_never_enters_the_page_cache(client):
    from werkplaats.network.models import Visibility

    from .factories import PersonFactory

    PersonFactory(handle="openbaar", name_visibility=Visibility.PUBLIC)
    response = client.get("/mensen/openbaar/")
    assert "private" in response["Cache-Control"]


def test_load_network_is_idempotent():
    counts = (
        Municipality.objects.count(),
        Organisation.objects.count(),
        Partnership.objects.count(),
    )
    load_network()
    assert (
        Municipality.objects.count(),
        Organisation.objects.count(),
        Partnership.objects.count(),
    ) == counts
    assert set(Municipality.objects.filter(in_region=True).values_list("name", flat=True)) >= {
        "Rotterdam",
        "Dordrecht",
        "Schiedam",
        "Vlaardingen",
        "Barendrecht",
        "Albrandswaard",
        "Ridderkerk",
    }


def test_partners_page_heading(client):
    assert text(soup(client.get("/partners/")).find("h1")) == "Partners"
