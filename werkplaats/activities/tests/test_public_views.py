"""The public activity pages: the calendar /activiteiten/ (visibility, filters, status, query
count), the archive, an activity's page, and the member's /mijn/activiteiten/."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from werkplaats.activities.models import ActivityKind, Audience, RegistrationStatus
from werkplaats.core.testing import t, without_footer
from werkplaats.groups.tests.factories import (
    LeadFactory,
    LearningGroupFactory,
    MembershipFactory,
)
from werkplaats.network.tests.factories import (
    CoordinatorFactory,
    MunicipalityFactory,
    PersonFactory,
)
from werkplaats.website.models import ThemePage

from .factories import (
    ActivityFactory,
    ExtraQuestionFactory,
    PastActivityFactory,
    RegistrationFactory,
    VenueFactory,
    in_days,
)

pytestmark = pytest.mark.django_db

INDEX = reverse("activities:index")
ARCHIVE = reverse("activities:archive")
MINE = reverse("activities:mine")


def theme(slug):
    return ThemePage.objects.get(slug=slug)


def content(response):
    return response.content.decode()


@pytest.fixture
def audiences():
    """One upcoming activity per audience, organised by one group."""
    group = LearningGroupFactory(name="Werkteam Armoede")
    return {
        "group": group,
        "public": ActivityFactory(title="Kenniscafé Armoede", groups=[group]),
        "members": ActivityFactory(
            title="Uitwisseling voor leden", audience=Audience.MEMBERS, groups=[group]
        ),
        "own": ActivityFactory(
            title="Bijeenkomst van het werkteam", audience=Audience.GROUP, groups=[group]
        ),
    }


def login(client, user):
    client.force_login(user)
    return client


# --- The calendar: who sees what -------------------------------------------------------------


def test_visitor_sees_only_public_activities(client, audiences):
    page = content(client.get(INDEX))
    assert "Kenniscafé Armoede" in page
    assert "Uitwisseling voor leden" not in page
    assert "Bijeenkomst van het werkteam" not in page


def test_member_also_sees_members_activities_but_not_other_groups_own(client, audiences):
    page = content(login(client, PersonFactory().user).get(INDEX))
    assert "Kenniscafé Armoede" in page
    assert "Uitwisseling voor leden" in page
    assert "Bijeenkomst van het werkteam" not in page


def test_member_of_organising_group_sees_the_groups_own_activity(client, audiences):
    member = MembershipFactory(group=audiences["group"]).person
    page = content(login(client, member.user).get(INDEX))
    assert "Bijeenkomst van het werkteam" in page


def test_former_member_of_organising_group_does_not_see_its_own_activity(client, audiences):
    former = MembershipFactory(
        group=audiences["group"], ended_on=timezone.localdate() - datetime.timedelta(days=1)
    ).person
    page = content(login(client, former.user).get(INDEX))
    assert "Bijeenkomst van het werkteam" not in page


def test_coordinator_sees_every_activity(client, audiences):
    page = content(login(client, CoordinatorFactory()).get(INDEX))
    for key in ("public", "members", "own"):
        assert audiences[key].title in page


def test_index_leaves_out_past_activities(client):
    ActivityFactory(title="Komende werkconferentie")
    PastActivityFactory(title="Kenniscafé van vorige maand")
    page = content(client.get(INDEX))
    assert "Komende werkconferentie" in page
    assert "Kenniscafé van vorige maand" not in page


def test_index_orders_by_start_and_groups_by_month(client):
    later = ActivityFactory(title="Tweede", starts_at=in_days(70))
    ActivityFactory(title="Eerste", starts_at=in_days(2))
    response = client.get(INDEX)
    page = content(response)
    assert page.index("Eerste") < page.index("Tweede")
    months = response.context["months"]
    assert months[-1].activities[-1] == later
    assert len(months) >= 2


def test_index_shows_kind_venue_municipality_groups_and_themes(client):
    group = LearningGroupFactory(name="Werkteam Ontmoeting")
    ActivityFactory(
        title="Kenniscafé Zingeving",
        venue=VenueFactory(
            name="Wijkcentrum De Larenstein", municipality=MunicipalityFactory(name="Rotterdam")
        ),
        groups=[group],
        themes=[theme("zingeving")],
    )
    page = content(client.get(INDEX))
    assert t("Knowledge café")[1:] in page or t("knowledge café")[1:] in page
    assert "Wijkcentrum De Larenstein, Rotterdam" in page
    assert "Werkteam Ontmoeting" in page
    assert theme("zingeving").title in page


def test_index_shows_places_left_full_closed_and_cancelled(client):
    roomy = ActivityFactory(title="Met plek", capacity=5)
    RegistrationFactory.create_batch(2, activity=roomy)
    RegistrationFactory(activity=roomy, status=RegistrationStatus.CANCELLED)
    full = ActivityFactory(title="Vol", capacity=1)
    RegistrationFactory(activity=full)
    ActivityFactory(title="Gesloten", registration_closes_at=timezone.now())
    ActivityFactory(title="Afgelast", cancelled_at=timezone.now())
    response = client.get(INDEX)
    states = {a.title: (a.state, a.places_left) for a in response.context["activities"]}
    assert states["Met plek"] == ("open", 3)
    assert states["Vol"] == ("open", 0)
    assert states["Gesloten"][0] == "closed"
    assert states["Afgelast"][0] == "cancelled"
    page = content(response)
    assert t("Full — waiting list") in page
    assert t("Sign-up closed") in page
    assert t("Cancelled") in page
    assert "activity-card--cancelled" in page


# --- Filters --------------------------------------------------------------------------------


def test_index_filters_by_kind(client):
    ActivityFactory(title="Kenniscafé Eenzaamheid", kind=ActivityKind.KNOWLEDGE_CAFE)
    ActivityFactory(title="Workshop Genogrammen", kind=ActivityKind.WORKSHOP)
    page = content(client.get(INDEX, {"soort": "workshop"}))
    assert "Workshop Genogrammen" in page
    assert "Kenniscafé Eenzaamheid" not in page


def test_index_filters_by_theme(client):
    ActivityFactory(title="Over armoede", themes=[theme("armoede")])
    ActivityFactory(title="Over zingeving", themes=[theme("zingeving")])
    page = content(client.get(INDEX, {"thema": "armoede"}))
    assert "Over armoede" in page
    assert "Over zingeving" not in page


def test_index_filters_by_municipality_of_the_venue(client):
    schiedam = MunicipalityFactory(name="Schiedam")
    ActivityFactory(title="In Schiedam", venue=VenueFactory(municipality=schiedam))
    ActivityFactory(title="In Dordrecht")
    page = content(client.get(INDEX, {"gemeente": schiedam.slug}))
    assert "In Schiedam" in page
    assert "In Dordrecht" not in page


def test_index_filters_by_month(client):
    soon = ActivityFactory(title="Binnenkort", starts_at=in_days(3))
    ActivityFactory(title="Veel later", starts_at=in_days(100))
    month = timezone.localtime(soon.starts_at).strftime("%Y-%m")
    page = content(client.get(INDEX, {"maand": month}))
    assert "Binnenkort" in page
    assert "Veel later" not in page


def test_index_ignores_unknown_filter_values(client):
    ActivityFactory(title="Kenniscafé Armoede")
    response = client.get(
        INDEX, {"soort": "feest", "thema": "bestaat-niet", "gemeente": "x", "maand": "2026-13"}
    )
    assert response.status_code == 200
    assert "Kenniscafé Armoede" in content(response)


def test_index_keeps_the_chosen_filter_selected(client):
    ActivityFactory(kind=ActivityKind.WORKSHOP)
    page = content(client.get(INDEX, {"soort": "workshop"}))
    assert '<option value="workshop" selected>' in page


def test_index_shows_an_empty_state_when_nothing_matches(client):
    ActivityFactory(kind=ActivityKind.KNOWLEDGE_CAFE)
    page = content(client.get(INDEX, {"soort": "gastles"}))
    assert t("No upcoming activity matches these filters.") in page


def test_index_filters_do_not_reveal_hidden_activities(client, audiences):
    page = content(client.get(INDEX, {"soort": ActivityKind.KNOWLEDGE_CAFE}))
    assert "Bijeenkomst van het werkteam" not in page


def test_index_paginates(client):
    for number in range(23):
        ActivityFactory(title=f"Activiteit {number:02d}", starts_at=in_days(1 + number))
    first = client.get(INDEX)
    second = client.get(INDEX, {"pagina": 2})
    assert first.context["page_obj"].paginator.num_pages == 2
    assert len(second.context["activities"]) == 3


def test_index_query_count_does_not_grow_with_activities(
    client, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    groups = LearningGroupFactory.create_batch(2)
    for number in range(15):
        activity = ActivityFactory(
            starts_at=in_days(1 + number * 5),
            capacity=10,
            groups=groups,
            themes=[theme("armoede"), theme("zingeving")],
        )
        RegistrationFactory.create_batch(2, activity=activity)
    client.get(INDEX)  # warm-up: image renditions of the footer, filter choices
    with django_assert_max_num_queries(10):
        response = client.get(INDEX)
    assert response.status_code == 200
    assert len(response.context["activities"]) == 15


def test_index_query_count_for_a_member(client, settings, django_assert_max_num_queries):
    settings.PAGE_CACHE_SECONDS = 0
    for number in range(10):
        ActivityFactory(starts_at=in_days(1 + number), groups=[LearningGroupFactory()])
    login(client, PersonFactory().user).get(INDEX)
    with django_assert_max_num_queries(12):  # plus the session and the user
        response = client.get(INDEX)
    assert response.status_code == 200


# --- Archive --------------------------------------------------------------------------------


def test_archive_lists_past_activities_newest_first_with_outcome(client):
    PastActivityFactory(title="Oud", starts_at=in_days(-60))
    PastActivityFactory(
        title="Recent", starts_at=in_days(-10), outcome="Twaalf gouden tips verzameld."
    )
    ActivityFactory(title="Nog te komen")
    page = content(client.get(ARCHIVE))
    assert page.index("Recent") < page.index("Oud")
    assert "Twaalf gouden tips verzameld." in page
    assert "Nog te komen" not in page


def test_archive_filters_and_hides_what_the_visitor_may_not_see(client):
    PastActivityFactory(title="Workshop van toen", kind=ActivityKind.WORKSHOP)
    PastActivityFactory(title="Kenniscafé van toen")
    PastActivityFactory(title="Alleen voor leden", audience=Audience.MEMBERS)
    page = content(client.get(ARCHIVE, {"soort": "workshop"}))
    assert "Workshop van toen" in page
    assert "Kenniscafé van toen" not in page
    assert "Alleen voor leden" not in content(client.get(ARCHIVE))


def test_archive_query_count_does_not_grow(client, settings, django_assert_max_num_queries):
    settings.PAGE_CACHE_SECONDS = 0
    for number in range(12):
        PastActivityFactory(
            starts_at=in_days(-3 - number * 3),
            groups=[LearningGroupFactory()],
            themes=[theme("armoede")],
            outcome="Opbrengst",
        )
    client.get(ARCHIVE)
    with django_assert_max_num_queries(10):
        assert client.get(ARCHIVE).status_code == 200


# --- An activity's page ---------------------------------------------------------------------


def test_detail_shows_venue_route_audience_capacity_and_description(client):
    activity = ActivityFactory(
        title="Werkconferentie Leren transformeren",
        venue=VenueFactory(
            name="Het Energiehuis",
            street_address="Noordendijk 35",
            directions="Bus 3 stopt voor de deur.",
        ),
        capacity=40,
        description="Met workshops over transformatieleren.",
        themes=[theme("armoede")],
    )
    RegistrationFactory(activity=activity)
    page = content(client.get(activity.get_absolute_url()))
    assert "Het Energiehuis" in page
    assert "Noordendijk 35" in page
    assert "Bus 3 stopt voor de deur." in page
    assert "Met workshops over transformatieleren." in page
    assert t("everyone (public)")[1:] in page
    assert "39" in page
    assert theme("armoede").url in page


@pytest.mark.parametrize("audience", [Audience.MEMBERS, Audience.GROUP])
def test_detail_of_a_hidden_activity_is_404_for_a_visitor(client, audience):
    activity = ActivityFactory(audience=audience)
    assert client.get(activity.get_absolute_url()).status_code == 404


def test_detail_of_a_group_activity_is_404_for_another_member(client, audiences):
    login(client, PersonFactory().user)
    assert client.get(audiences["own"].get_absolute_url()).status_code == 404
    assert client.get(audiences["members"].get_absolute_url()).status_code == 200


def test_detail_of_a_group_activity_is_shown_to_its_members_and_coordinators(client, audiences):
    member = MembershipFactory(group=audiences["group"]).person
    assert login(client, member.user).get(audiences["own"].get_absolute_url()).status_code == 200
    coordinator_client = client.__class__()
    coordinator_client.force_login(CoordinatorFactory())
    assert coordinator_client.get(audiences["own"].get_absolute_url()).status_code == 200


def test_detail_of_unknown_activity_is_404(client):
    assert client.get(reverse("activities:detail", args=["bestaat-niet"])).status_code == 404


def test_detail_offers_visitors_the_sign_up_form(client):
    activity = ActivityFactory()
    page = without_footer(content(client.get(activity.get_absolute_url())))
    assert 'name="first_name"' in page
    assert 'name="email"' in page
    assert 'name="website_url"' in page  # the honeypot


def test_detail_asks_organisation_and_role_when_the_activity_wants_them(client):
    activity = ActivityFactory(ask_organisation_and_role=True)
    ExtraQuestionFactory(activity=activity, label="Heeft u dieetwensen?")
    page = content(client.get(activity.get_absolute_url()))
    assert 'name="organisation"' in page
    assert 'name="role"' in page
    assert "Heeft u dieetwensen?" in page


def test_detail_offers_a_member_one_click_sign_up(client):
    activity = ActivityFactory()
    page = content(login(client, PersonFactory().user).get(activity.get_absolute_url()))
    assert t("Sign me up") in page
    assert 'name="email"' not in without_footer(page)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"cancelled_at": timezone.now()},
            "This activity has been cancelled. You cannot sign up for it.",
        ),
        (
            {"registration_required": False},
            "You do not need to sign up for this activity: just come along.",
        ),
        (
            {"registration_closes_at": timezone.now()},
            "The sign-up deadline has passed. Contact the organisers if you would still like "
            "to come.",
        ),
    ],
)
def test_detail_says_why_sign_up_is_not_possible(client, kwargs, message):
    activity = ActivityFactory(**kwargs)
    page = content(client.get(activity.get_absolute_url()))
    assert t(message) in page
    assert 'name="email"' not in without_footer(page)


def test_detail_says_when_sign_up_opens(client):
    activity = ActivityFactory(registration_opens_at=in_days(3, 9))
    page = content(client.get(activity.get_absolute_url()))
    opens = timezone.localtime(activity.registration_opens_at)
    message = t("Sign-up opens on %(date)s at %(time)s.") % {
        "date": opens.strftime("%d-%m-%Y"),
        "time": opens.strftime("%H:%M"),
    }
    assert message in page
    assert 'name="email"' not in without_footer(page)


def test_detail_of_a_past_activity_says_it_took_place(client):
    activity = PastActivityFactory(outcome="Een bundel met praktijkvoorbeelden.")
    page = content(client.get(activity.get_absolute_url()))
    assert t("This activity has already taken place. You cannot sign up for it anymore.") in page
    assert "Een bundel met praktijkvoorbeelden." in page


def test_detail_shows_a_registered_member_their_status_and_a_cancel_button(client):
    registration = RegistrationFactory()
    page = content(
        login(client, registration.person.user).get(registration.activity.get_absolute_url())
    )
    assert t("You are signed up for this activity.") in page
    assert t("Cancel my sign-up") in page
    assert registration.get_manage_url() in page
    assert t("Sign me up") not in page


def test_detail_shows_a_waitlisted_member_their_position(client):
    activity = ActivityFactory(capacity=1)
    RegistrationFactory(activity=activity)
    RegistrationFactory(activity=activity, status=RegistrationStatus.WAITLIST)
    mine = RegistrationFactory(activity=activity, status=RegistrationStatus.WAITLIST)
    page = content(login(client, mine.person.user).get(activity.get_absolute_url()))
    assert "2" in page
    assert (
        t(
            "You are on the waiting list, number %(position)s. When a place comes free it is "
            "yours, in order of sign-up, and we mail you."
        )
        % {"position": 2}
        in page
    )


def test_online_link_only_for_a_confirmed_member(client):
    activity = ActivityFactory(online_url="https://meet.example.org/kenniscafe")
    assert "meet.example.org" not in content(client.get(activity.get_absolute_url()))
    waiting = RegistrationFactory(activity=activity, status=RegistrationStatus.WAITLIST)
    page = content(login(client, waiting.person.user).get(activity.get_absolute_url()))
    assert "meet.example.org" not in page
    confirmed = RegistrationFactory(activity=activity)
    page = content(login(client, confirmed.person.user).get(activity.get_absolute_url()))
    assert "https://meet.example.org/kenniscafe" in page


def test_detail_links_organisers_to_sign_ups_and_attendance(client):
    group = LearningGroupFactory()
    activity = ActivityFactory(groups=[group])
    lead = LeadFactory(group=group).person
    page = content(login(client, lead.user).get(activity.get_absolute_url()))
    assert reverse("activities:registrations", args=[activity.slug]) in page
    assert reverse("activities:attendance", args=[activity.slug]) in page
    other = client.__class__()
    other.force_login(PersonFactory().user)
    assert reverse("activities:registrations", args=[activity.slug]) not in content(
        other.get(activity.get_absolute_url())
    )


# --- My activities --------------------------------------------------------------------------


def test_my_activities_requires_sign_in(client):
    response = client.get(MINE)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_my_activities_lists_upcoming_and_past_registrations_with_status(client):
    person = PersonFactory()
    RegistrationFactory(person=person, activity=ActivityFactory(title="Kenniscafé straks"))
    RegistrationFactory(
        person=person,
        activity=ActivityFactory(title="Workshop vol"),
        status=RegistrationStatus.WAITLIST,
    )
    RegistrationFactory(person=person, activity=PastActivityFactory(title="Uitwisseling toen"))
    RegistrationFactory(activity=ActivityFactory(title="Van iemand anders"))
    response = login(client, person.user).get(MINE)
    page = content(response)
    assert "Kenniscafé straks" in page
    assert "Workshop vol" in page
    assert t("Waiting list") in page
    assert "Uitwisseling toen" in page
    assert "Van iemand anders" not in page
    assert page.count('name="action" value="cancel"') == 2


def test_my_activities_shows_the_private_feed_address(client):
    person = PersonFactory()
    page = content(login(client, person.user).get(MINE))
    key = person.calendar_feed.key
    assert f"http://testserver/activiteiten/agenda/{key}.ics" in page


def test_reset_feed_gives_a_new_address_and_the_old_one_stops_working(client):
    person = PersonFactory()
    login(client, person.user).get(MINE)
    old = reverse("activities:private_feed", args=[person.calendar_feed.key])
    assert client.get(old).status_code == 200
    response = client.post(reverse("activities:reset_feed"))
    assert response.status_code == 302
    person.calendar_feed.refresh_from_db()
    new = reverse("activities:private_feed", args=[person.calendar_feed.key])
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_reset_feed_refuses_get(client):
    login(client, PersonFactory().user)
    assert client.get(reverse("activities:reset_feed")).status_code == 405


def test_my_activities_links_leads_to_sign_ups_and_attendance(client):
    group = LearningGroupFactory()
    activity = ActivityFactory(title="Werkteambijeenkomst", groups=[group])
    ActivityFactory(title="Van een ander werkteam", groups=[LearningGroupFactory()])
    lead = LeadFactory(group=group).person
    page = content(login(client, lead.user).get(MINE))
    assert reverse("activities:registrations", args=[activity.slug]) in page
    assert reverse("activities:attendance", args=[activity.slug]) in page
    assert "Van een ander werkteam" not in page


def test_my_activities_does_not_link_ordinary_members_to_organiser_pages(client):
    group = LearningGroupFactory()
    activity = ActivityFactory(groups=[group])
    member = MembershipFactory(group=group).person
    page = content(login(client, member.user).get(MINE))
    assert reverse("activities:registrations", args=[activity.slug]) not in page


def test_main_menu_links_to_activities(client):
    page = content(client.get(INDEX))
    assert f'<a href="{INDEX}" aria-current="page">{t("Activities")}</a>' in page


def test_a_past_activity_shows_the_products_that_came_out_of_it_to_who_may_see_them(client):
    from werkplaats.library.models import Visibility
    from werkplaats.library.tests.factories import ProductFactory

    past = PastActivityFactory(title="Workshop genogrammen", outcome="Twaalf tips.")
    shared = ProductFactory(title="Werkmap genogrammen", visibility=Visibility.PUBLIC)
    private = ProductFactory(title="Concept van de werkmap", visibility=Visibility.GROUP)
    past.products.set([shared, private])
    page = content(client.get(past.get_absolute_url()))
    assert t("What came out of it") in page
    assert "Werkmap genogrammen" in page and shared.get_absolute_url() in page
    assert "Concept van de werkmap" not in page
    # On the product's page, the activity it came out of.
    product_page = content(client.get(shared.get_absolute_url()))
    assert "Workshop genogrammen" in product_page and past.get_absolute_url() in product_page


def test_a_members_only_activity_is_not_named_on_a_public_product_page(client):
    from werkplaats.library.models import Visibility
    from werkplaats.library.tests.factories import ProductFactory

    hidden = PastActivityFactory(title="Besloten intervisie", audience=Audience.MEMBERS)
    product = ProductFactory(title="Openbare handreiking", visibility=Visibility.PUBLIC)
    product.activities.set([hidden])
    assert "Besloten intervisie" not in content(client.get(product.get_absolute_url()))
    client.force_login(PersonFactory().user)
    assert "Besloten intervisie" in content(client.get(product.get_absolute_url()))


def test_an_upcoming_activity_shows_no_products_yet(client):
    from werkplaats.library.models import Visibility
    from werkplaats.library.tests.factories import ProductFactory

    coming = ActivityFactory(title="Nog te komen")
    coming.products.set([ProductFactory(title="Vorige werkmap", visibility=Visibility.PUBLIC)])
    assert "Vorige werkmap" not in content(client.get(coming.get_absolute_url()))


def test_kept_filter_form_follows_each_choice_and_new_content(client, settings):
    """The filter form is rendered once per choice and kept (views/public._filter_form)."""
    settings.PAGE_CACHE_SECONDS = 0
    ActivityFactory(kind=ActivityKind.WORKSHOP)
    assert '<option value="workshop" selected>' in content(client.get(INDEX, {"soort": "workshop"}))
    page = content(client.get(INDEX, {"soort": "gastles"}))
    assert '<option value="gastles" selected>' in page
    assert '<option value="workshop" selected>' not in page

    theme = ThemePage.objects.live().first()
    assert f'<option value="{theme.slug}">' not in page
    ActivityFactory(themes=[theme])

    page = content(client.get(INDEX, {"soort": "gastles"}))
    assert f'<option value="{theme.slug}">' in page
