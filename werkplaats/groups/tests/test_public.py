"""The public group pages: /groepen/ (filters, pagination, query counts) and /groepen/<slug>/."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from werkplaats.groups.models import GroupKind, QuestionStatus
from werkplaats.network.models import Visibility
from werkplaats.network.tests.factories import (
    CoordinatorFactory,
    MunicipalityFactory,
    PersonFactory,
)
from werkplaats.website.models import ThemePage

from .factories import (
    JoinRequestFactory,
    LeadFactory,
    LearningGroupFactory,
    LearningQuestionFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db

INDEX = reverse("groups:index")


def theme(slug):
    return ThemePage.objects.get(slug=slug)


def test_index_lists_current_groups_before_archived_ones(client):
    LearningGroupFactory(
        name="Werkgroep oud", archived_at=timezone.now(), starts_on=datetime.date(2020, 1, 1)
    )
    LearningGroupFactory(name="Werkteam nieuw", starts_on=datetime.date(2017, 1, 1))
    response = client.get(INDEX)
    content = response.content.decode()
    assert response.status_code == 200
    assert content.index("Werkteam nieuw") < content.index("Werkgroep oud")


def test_index_marks_archived_groups_as_completed(client):
    LearningGroupFactory(name="Werkgroep 2016", archived_at=timezone.now())
    response = client.get(INDEX)
    assert "Afgerond" in response.content.decode()


def test_index_filters_by_kind(client):
    LearningGroupFactory(name="Werkteam Armoede", kind=GroupKind.WORK_TEAM)
    LearningGroupFactory(name="Leerkring op maat", kind=GroupKind.LEARNING_CIRCLE)
    response = client.get(INDEX, {"soort": "werkteam"})
    assert "Werkteam Armoede" in response.content.decode()
    assert "Leerkring op maat" not in response.content.decode()


def test_index_filters_by_theme(client):
    LearningGroupFactory(name="Werkteam Armoede", themes=[theme("armoede")])
    LearningGroupFactory(name="Werkteam Zingeving", themes=[theme("zingeving")])
    response = client.get(INDEX, {"thema": "armoede"})
    assert "Werkteam Armoede" in response.content.decode()
    assert "Werkteam Zingeving" not in response.content.decode()


def test_index_filters_current_and_completed(client):
    LearningGroupFactory(name="Lopend werkteam")
    LearningGroupFactory(name="Afgeronde werkgroep", archived_at=timezone.now())
    current = client.get(INDEX, {"status": "lopend"}).content.decode()
    completed = client.get(INDEX, {"status": "afgerond"}).content.decode()
    assert "Lopend werkteam" in current and "Afgeronde werkgroep" not in current
    assert "Afgeronde werkgroep" in completed and "Lopend werkteam" not in completed


def test_index_ignores_unknown_filter_values(client):
    LearningGroupFactory(name="Werkteam Armoede")
    response = client.get(INDEX, {"soort": "onzin", "thema": "bestaat-niet", "status": "x"})
    assert response.status_code == 200
    assert "Werkteam Armoede" in response.content.decode()


def test_index_keeps_the_chosen_filter_selected(client):
    response = client.get(INDEX, {"soort": "werkteam"})
    assert '<option value="werkteam" selected>' in response.content.decode()


def test_index_shows_an_empty_state_when_nothing_matches(client):
    response = client.get(INDEX, {"soort": "themaleerkring"})
    assert (
        "Geen groep gevonden" in response.content.decode()
        or "empty-state" in response.content.decode()
    )


def test_index_counts_current_members_only(client):
    group = LearningGroupFactory(name="Werkteam Telling")
    MembershipFactory.create_batch(3, group=group)
    MembershipFactory(group=group, ended_on=datetime.date(2018, 1, 1))
    response = client.get(INDEX)
    assert "3 leden" in response.content.decode()


def test_index_paginates(client):
    for number in range(15):
        LearningGroupFactory(name=f"Werkteam nummer {number:02d}")
    first = client.get(INDEX)
    second = client.get(INDEX, {"pagina": 2})
    assert first.context["page_obj"].paginator.num_pages == 2
    assert len(second.context["groups"]) == 3


def test_index_query_count_does_not_grow_with_groups(
    client, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    for _ in range(12):
        group = LearningGroupFactory(themes=[theme("armoede"), theme("zingeving")])
        MembershipFactory.create_batch(2, group=group)
    client.get(INDEX)  # warm-up: image renditions of the footer
    with django_assert_max_num_queries(10):
        response = client.get(INDEX)
    assert response.status_code == 200


def test_detail_shows_description_period_themes_and_questions(client):
    group = LearningGroupFactory(
        name="Werkteam Preventie",
        description="Werkzame elementen in casuïstiek.",
        starts_on=datetime.date(2017, 11, 1),
        themes=[theme("preventie-intergenerationele-problematiek")],
    )
    group.municipalities.add(MunicipalityFactory(name="Dordrecht"))
    LearningQuestionFactory(
        group=group, question="Wat werkt in casuïstiek?", status=QuestionStatus.IN_PROGRESS
    )
    content = client.get(group.get_absolute_url()).content.decode()
    assert "Werkzame elementen in casuïstiek." in content
    assert "november 2017" in content
    assert "Preventie intergenerationele problematiek" in content
    assert theme("preventie-intergenerationele-problematiek").url in content
    assert "Dordrecht" in content
    assert "Wat werkt in casuïstiek?" in content
    assert "status-badge--bezig" in content


def test_detail_of_unknown_group_is_404(client):
    assert client.get(reverse("groups:detail", args=["bestaat-niet"])).status_code == 404


def test_detail_shows_lead_name_only_when_public(client):
    group = LearningGroupFactory()
    LeadFactory(
        group=group, person=PersonFactory(first_name="Openbaar", name_visibility=Visibility.PUBLIC)
    )
    LeadFactory(
        group=group, person=PersonFactory(first_name="Besloten", name_visibility=Visibility.MEMBERS)
    )
    content = client.get(group.get_absolute_url()).content.decode()
    assert "Openbaar" in content
    assert "Besloten" not in content


def test_detail_shows_members_only_lead_name_to_signed_in_members(client):
    group = LearningGroupFactory()
    LeadFactory(
        group=group, person=PersonFactory(first_name="Besloten", name_visibility=Visibility.MEMBERS)
    )
    client.force_login(PersonFactory().user)
    assert "Besloten" in client.get(group.get_absolute_url()).content.decode()


def test_detail_shows_member_count(client):
    group = LearningGroupFactory()
    MembershipFactory.create_batch(4, group=group)
    assert "4 leden" in client.get(group.get_absolute_url()).content.decode()


def test_detail_links_members_to_the_workspace(client):
    membership = MembershipFactory()
    client.force_login(membership.person.user)
    content = client.get(membership.group.get_absolute_url()).content.decode()
    assert reverse("groups:workspace", args=[membership.group.slug]) in content


def test_detail_offers_join_to_werkplaats_members_of_open_groups(client):
    group = LearningGroupFactory(is_open=True)
    client.force_login(PersonFactory().user)
    content = client.get(group.get_absolute_url()).content.decode()
    assert reverse("groups:join", args=[group.slug]) in content
    assert reverse("groups:workspace", args=[group.slug]) not in content


def test_detail_does_not_offer_join_for_closed_groups(client):
    group = LearningGroupFactory(is_open=False)
    client.force_login(PersonFactory().user)
    assert (
        reverse("groups:join", args=[group.slug])
        not in client.get(group.get_absolute_url()).content.decode()
    )


def test_detail_says_a_request_is_pending(client):
    request = JoinRequestFactory()
    client.force_login(request.person.user)
    content = client.get(request.group.get_absolute_url()).content.decode()
    assert reverse("groups:join", args=[request.group.slug]) not in content
    assert "wacht" in content or "beslist" in content


def test_detail_tells_visitors_how_to_become_a_member(client):
    group = LearningGroupFactory()
    content = client.get(group.get_absolute_url()).content.decode()
    assert 'href="/contact/"' in content
    assert reverse("groups:join", args=[group.slug]) not in content
    assert reverse("groups:workspace", args=[group.slug]) not in content


def test_detail_of_archived_group_is_findable_and_read_only(client):
    group = LearningGroupFactory(archived_at=timezone.now(), is_open=True)
    client.force_login(PersonFactory().user)
    response = client.get(group.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert "Afgerond" in content
    assert reverse("groups:join", args=[group.slug]) not in content


def test_detail_lets_coordinators_open_the_workspace(client):
    group = LearningGroupFactory()
    client.force_login(CoordinatorFactory())
    assert (
        reverse("groups:workspace", args=[group.slug])
        in client.get(group.get_absolute_url()).content.decode()
    )


def test_detail_query_count(client, settings, django_assert_max_num_queries):
    settings.PAGE_CACHE_SECONDS = 0
    group = LearningGroupFactory(themes=[theme("armoede"), theme("zingeving")])
    MembershipFactory.create_batch(5, group=group)
    LeadFactory.create_batch(2, group=group, person__name_visibility=Visibility.PUBLIC)
    LearningQuestionFactory.create_batch(5, group=group)
    client.get(group.get_absolute_url())  # warm-up: image renditions of the footer
    with django_assert_max_num_queries(12):
        response = client.get(group.get_absolute_url())
    assert response.status_code == 200


def test_main_menu_links_to_groups(client):
    content = client.get(INDEX).content.decode()
    assert f'<a href="{INDEX}" aria-current="page">Groepen</a>' in content


def test_theme_page_lists_its_groups(client):
    LearningGroupFactory(name="Werkteam Informeel-formeel / armoede", themes=[theme("armoede")])
    content = client.get(theme("armoede").url).content.decode()
    assert "Werkteam Informeel-formeel / armoede" in content


def test_group_changes_clear_the_page_cache(client):
    group = LearningGroupFactory(name="Werkteam Voor")
    assert "Werkteam Voor" in client.get(INDEX).content.decode()
    group.name = "Werkteam Na"
    group.save()
    assert "Werkteam Na" in client.get(INDEX).content.decode()


def test_new_learning_question_clears_the_page_cache(client):
    group = LearningGroupFactory()
    client.get(group.get_absolute_url())
    LearningQuestionFactory(group=group, question="Wie is er informeel?")
    assert "Wie is er informeel?" in client.get(group.get_absolute_url()).content.decode()


def test_lead_hiding_their_name_clears_the_page_cache(client):
    group = LearningGroupFactory()
    lead = LeadFactory(
        group=group, person=PersonFactory(first_name="Zichtbaar", name_visibility=Visibility.PUBLIC)
    ).person
    assert "Zichtbaar" in client.get(group.get_absolute_url()).content.decode()
    lead.name_visibility = Visibility.MEMBERS
    lead.save()
    assert "Zichtbaar" not in client.get(group.get_absolute_url()).content.decode()
