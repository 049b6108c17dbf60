"""The management pages of a group: members, leaving, learning questions, settings.

Who may do what: visitors and outsiders get a 404 (a group's member area does not reveal itself),
members who try a lead's action get a 403; every form re-renders with its input and a Dutch
message on bad input, and writes nothing.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from werkplaats.groups.models import (
    JoinRequestStatus,
    LearningGroup,
    LearningQuestion,
    MemberRole,
    Membership,
    QuestionStatus,
)
from werkplaats.network.tests.factories import CoordinatorFactory
from werkplaats.website.models import ThemePage

from .factories import (
    JoinRequestFactory,
    LeadFactory,
    LearningGroupFactory,
    LearningQuestionFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db


def url(name, group):
    return reverse(f"groups:{name}", args=[group.slug])


@pytest.fixture
def lead(client):
    membership = LeadFactory()
    client.force_login(membership.person.user)
    return membership


# --- who gets in -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["members", "questions", "settings", "leave"])
def test_visitors_are_sent_to_sign_in(client, name):
    response = client.get(url(name, LearningGroupFactory()))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("name", ["members", "questions", "settings", "leave"])
def test_members_of_another_group_get_404(client, name):
    group = LearningGroupFactory()
    client.force_login(MembershipFactory().person.user)
    assert client.get(url(name, group)).status_code == 404


@pytest.mark.parametrize("name", ["members", "questions"])
def test_plain_members_may_view(client, name):
    membership = MembershipFactory()
    client.force_login(membership.person.user)
    assert client.get(url(name, membership.group)).status_code == 200


def test_plain_members_get_404_on_settings(client):
    membership = MembershipFactory()
    client.force_login(membership.person.user)
    assert client.get(url("settings", membership.group)).status_code == 404


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("members", {"action": "approve", "join_request": "1"}),
        ("members", {"action": "end", "membership": "1"}),
        ("questions", {"action": "add", "new-question": "Wat werkt?"}),
    ],
)
def test_plain_members_cannot_use_lead_actions(client, name, data):
    membership = MembershipFactory()
    client.force_login(membership.person.user)
    response = client.post(url(name, membership.group), data)
    assert response.status_code == 403
    assert not LearningQuestion.objects.exists()


def test_plain_member_cannot_change_settings(client):
    membership = MembershipFactory()
    client.force_login(membership.person.user)
    response = client.post(url("settings", membership.group), {"action": "archive"})
    assert response.status_code == 404
    membership.group.refresh_from_db()
    assert not membership.group.is_archived


def test_coordinator_may_manage_any_group(client):
    group = LearningGroupFactory()
    client.force_login(CoordinatorFactory())
    assert client.get(url("settings", group)).status_code == 200
    assert client.get(url("members", group)).status_code == 200


def test_workspace_navigation_shows_settings_to_leads_only(client):
    membership = MembershipFactory()
    client.force_login(membership.person.user)
    assert (
        url("settings", membership.group)
        not in client.get(url("members", membership.group)).content.decode()
    )
    lead = LeadFactory(group=membership.group)
    client.force_login(lead.person.user)
    assert (
        url("settings", membership.group)
        in client.get(url("members", membership.group)).content.decode()
    )


# --- members page ------------------------------------------------------------------------


def test_members_page_lists_current_and_former_members(client, lead):
    MembershipFactory(group=lead.group, person__first_name="Huidig", role=MemberRole.RESIDENT)
    MembershipFactory(
        group=lead.group, person__first_name="Vroeger", ended_on=datetime.date(2018, 6, 1)
    )
    content = client.get(url("members", lead.group)).content.decode()
    assert "Huidig" in content
    assert "Bewoner" in content
    assert "Oud-leden" in content
    assert content.index("Vroeger") > content.index("Oud-leden")


def test_members_page_shows_names_to_fellow_members_whatever_their_visibility(client):
    membership = MembershipFactory()
    MembershipFactory(
        group=membership.group, person__first_name="Verborgen", person__name_visibility="niemand"
    )
    client.force_login(membership.person.user)
    assert "Verborgen" in client.get(url("members", membership.group)).content.decode()


def test_members_page_links_to_the_invitation_page(client, lead):
    content = client.get(url("members", lead.group)).content.decode()
    assert reverse("accounts:invite_to_group", args=[lead.group.slug]) in content


def test_members_page_query_count(client, lead, django_assert_max_num_queries):
    MembershipFactory.create_batch(10, group=lead.group)
    MembershipFactory.create_batch(3, group=lead.group, ended_on=datetime.date(2018, 1, 1))
    JoinRequestFactory.create_batch(3, group=lead.group)
    client.get(url("members", lead.group))  # warm-up
    with django_assert_max_num_queries(18):
        assert client.get(url("members", lead.group)).status_code == 200


def test_lead_approves_a_join_request_on_the_members_page(client, lead):
    request = JoinRequestFactory(group=lead.group, person__first_name="Nieuw")
    response = client.post(
        url("members", lead.group), {"action": "approve", "join_request": request.pk}
    )
    assert response.status_code == 302
    assert Membership.objects.current().filter(group=lead.group, person=request.person).exists()
    assert (
        "Nieuw de Vries is nu lid van de groep."
        in client.get(response["Location"]).content.decode()
    )


def test_lead_declines_a_join_request(client, lead):
    request = JoinRequestFactory(group=lead.group)
    client.post(url("members", lead.group), {"action": "decline", "join_request": request.pk})
    request.refresh_from_db()
    assert request.status == JoinRequestStatus.DECLINED


def test_join_request_of_another_group_is_404(client, lead):
    request = JoinRequestFactory()
    response = client.post(
        url("members", lead.group), {"action": "approve", "join_request": request.pk}
    )
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == JoinRequestStatus.PENDING


def test_lead_changes_a_role(client, lead):
    member = MembershipFactory(group=lead.group)
    response = client.post(
        url("members", lead.group), {"action": "role", "membership": member.pk, "role": "student"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.role == MemberRole.STUDENT


def test_changing_the_last_leads_role_shows_a_message_and_keeps_the_choice(client, lead):
    response = client.post(
        url("members", lead.group), {"action": "role", "membership": lead.pk, "role": "lid"}
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "is de enige trekker. Maak eerst een ander lid trekker" in content
    assert '<option value="lid" selected>' in content
    lead.refresh_from_db()
    assert lead.role == MemberRole.LEAD


def test_unknown_role_shows_a_message(client, lead):
    member = MembershipFactory(group=lead.group)
    response = client.post(
        url("members", lead.group), {"action": "role", "membership": member.pk, "role": "koning"}
    )
    assert response.status_code == 400
    assert "Kies een van de rollen uit de lijst." in response.content.decode()


def test_lead_ends_a_membership(client, lead):
    member = MembershipFactory(group=lead.group)
    client.post(url("members", lead.group), {"action": "end", "membership": member.pk})
    member.refresh_from_db()
    assert member.ended_on == timezone.localdate()


def test_membership_of_another_group_is_404(client, lead):
    other = MembershipFactory()
    response = client.post(url("members", lead.group), {"action": "end", "membership": other.pk})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.ended_on is None


def test_unknown_action_shows_a_message(client, lead):
    response = client.post(url("members", lead.group), {"action": "opblazen"})
    assert response.status_code == 400
    assert "Onbekende actie" in response.content.decode()


def test_archived_group_members_page_is_read_only(client, lead):
    member = MembershipFactory(group=lead.group)
    lead.group.archived_at = timezone.now()
    lead.group.save()
    content = client.get(url("members", lead.group)).content.decode()
    assert 'value="end"' not in content
    response = client.post(url("members", lead.group), {"action": "end", "membership": member.pk})
    assert response.status_code == 400
    assert "gearchiveerd" in response.content.decode()
    member.refresh_from_db()
    assert member.ended_on is None


# --- leaving -----------------------------------------------------------------------------


def test_leave_asks_for_confirmation(client):
    membership = MembershipFactory()
    client.force_login(membership.person.user)
    response = client.get(url("leave", membership.group))
    assert response.status_code == 200
    assert "Ja, verlaat de groep" in response.content.decode()
    membership.refresh_from_db()
    assert membership.ended_on is None


def test_member_leaves_after_confirming(client):
    membership = MembershipFactory()
    client.force_login(membership.person.user)
    response = client.post(url("leave", membership.group))
    assert response.status_code == 302
    assert response["Location"] == membership.group.get_absolute_url()
    membership.refresh_from_db()
    assert membership.ended_on is not None


def test_last_lead_cannot_leave_and_is_told_what_to_do(client, lead):
    response = client.post(url("leave", lead.group))
    content = response.content.decode()
    assert response.status_code == 400
    assert "Je bent de enige trekker" in content
    assert url("members", lead.group) in content
    lead.refresh_from_db()
    assert lead.ended_on is None


# --- learning questions ------------------------------------------------------------------


def test_questions_page_lists_questions_for_members(client):
    membership = MembershipFactory()
    LearningQuestionFactory(group=membership.group, question="Wat is informaliteit?")
    client.force_login(membership.person.user)
    content = client.get(url("questions", membership.group)).content.decode()
    assert "Wat is informaliteit?" in content
    assert "Een leervraag toevoegen" not in content


def test_lead_adds_a_question(client, lead):
    response = client.post(
        url("questions", lead.group),
        {
            "action": "add",
            "new-question": "Wie is er informeel?",
            "new-explanation": "Uit werkgroep 2.",
        },
    )
    assert response.status_code == 302
    question = LearningQuestion.objects.get(group=lead.group)
    assert question.question == "Wie is er informeel?"
    assert question.status == QuestionStatus.OPEN


def test_empty_question_is_refused_and_explanation_kept(client, lead):
    response = client.post(
        url("questions", lead.group),
        {"action": "add", "new-question": "   ", "new-explanation": "Mijn toelichting"},
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "Schrijf de leervraag op" in content
    assert "Mijn toelichting" in content
    assert not LearningQuestion.objects.exists()


def test_too_long_question_is_refused(client, lead):
    response = client.post(
        url("questions", lead.group), {"action": "add", "new-question": "x" * 501}
    )
    assert response.status_code == 400
    assert "zet de rest in de toelichting" in response.content.decode()


def test_lead_edits_a_question_and_marks_it_answered(client, lead):
    question = LearningQuestionFactory(group=lead.group)
    prefix = f"q{question.pk}"
    response = client.post(
        url("questions", lead.group),
        {
            "action": "edit",
            "question": question.pk,
            f"{prefix}-question": "Wat is het optimale model?",
            f"{prefix}-status": "beantwoord",
            f"{prefix}-answer_summary": "De bundel 'Ruimte voor ontmoeting'.",
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    assert question.answer_summary == "De bundel 'Ruimte voor ontmoeting'."


def test_answered_without_saying_what_answered_it_is_refused(client, lead):
    question = LearningQuestionFactory(group=lead.group, question="Oud")
    prefix = f"q{question.pk}"
    response = client.post(
        url("questions", lead.group),
        {
            "action": "edit",
            "question": question.pk,
            f"{prefix}-question": "Nieuw",
            f"{prefix}-status": "beantwoord",
        },
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "Beschrijf wat de vraag heeft beantwoord" in content
    assert "Nieuw</textarea>" in content
    question.refresh_from_db()
    assert question.question == "Oud"


def test_edit_form_is_shown_for_the_chosen_question(client, lead):
    question = LearningQuestionFactory(group=lead.group)
    content = client.get(url("questions", lead.group) + f"?bewerken={question.pk}").content.decode()
    assert f'name="q{question.pk}-status"' in content


def test_lead_moves_a_question_up(client, lead):
    first = LearningQuestionFactory(group=lead.group, position=0)
    second = LearningQuestionFactory(group=lead.group, position=1)
    client.post(url("questions", lead.group), {"action": "up", "question": second.pk})
    assert list(lead.group.questions.values_list("pk", flat=True)) == [second.pk, first.pk]


def test_question_of_another_group_is_404(client, lead):
    other = LearningQuestionFactory()
    response = client.post(url("questions", lead.group), {"action": "up", "question": other.pk})
    assert response.status_code == 404


def test_archived_group_questions_are_read_only(client, lead):
    question = LearningQuestionFactory(group=lead.group)
    LearningGroup.objects.filter(pk=lead.group.pk).update(archived_at=timezone.now())
    content = client.get(url("questions", lead.group)).content.decode()
    assert "Een leervraag toevoegen" not in content
    response = client.post(
        url("questions", lead.group), {"action": "add", "new-question": "Nog een?"}
    )
    assert response.status_code == 400
    assert "gearchiveerd" in response.content.decode()
    response = client.post(
        url("questions", lead.group), {"action": "down", "question": question.pk}
    )
    assert response.status_code == 400
    assert LearningQuestion.objects.count() == 1


# --- settings ----------------------------------------------------------------------------


def settings_data(**changes):
    data = {
        "action": "save",
        "summary": "Werkt aan armoede met bewoners.",
        "description": "Keukentafelgesprekken met politici.",
        "starts_on": "2017-11-01",
        "ends_on": "2018-12-31",
        "is_open": "on",
    }
    data.update(changes)
    return data


def test_lead_saves_settings(client, lead):
    armoede = ThemePage.objects.get(slug="armoede")
    response = client.post(url("settings", lead.group), settings_data(themes=[armoede.pk]))
    assert response.status_code == 302
    group = LearningGroup.objects.get(pk=lead.group.pk)
    assert group.summary == "Werkt aan armoede met bewoners."
    assert group.ends_on == datetime.date(2018, 12, 31)
    assert list(group.themes.all()) == [armoede]


def test_period_ending_before_it_starts_is_refused_and_input_kept(client, lead):
    response = client.post(
        url("settings", lead.group),
        settings_data(ends_on="2017-01-01", summary="Nieuwe samenvatting"),
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "De einddatum ligt voor de startdatum" in content
    assert 'value="Nieuwe samenvatting"' in content
    lead.group.refresh_from_db()
    assert lead.group.summary != "Nieuwe samenvatting"


def test_empty_summary_and_bad_date_are_refused(client, lead):
    response = client.post(
        url("settings", lead.group), settings_data(summary="", starts_on="31-02-2017")
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "Vat in één zin samen" in content
    assert "Vul een geldige datum in" in content


def test_archive_asks_for_confirmation(client, lead):
    content = client.get(url("settings", lead.group) + "?archiveren").content.decode()
    assert "Deze groep archiveren?" in content
    lead.group.refresh_from_db()
    assert not lead.group.is_archived


def test_lead_archives_and_reopens_the_group(client, lead):
    client.post(url("settings", lead.group), {"action": "archive"})
    lead.group.refresh_from_db()
    assert lead.group.is_archived
    client.post(url("settings", lead.group), {"action": "reopen"})
    lead.group.refresh_from_db()
    assert not lead.group.is_archived


def test_settings_suggest_archiving_when_the_period_is_over(client, lead):
    LearningGroup.objects.filter(pk=lead.group.pk).update(ends_on=datetime.date(2018, 12, 31))
    content = client.get(url("settings", lead.group)).content.decode()
    assert "Is het werk klaar? Archiveer de groep dan." in content


def test_archived_group_settings_cannot_be_saved(client, lead):
    LearningGroup.objects.filter(pk=lead.group.pk).update(archived_at=timezone.now())
    response = client.post(url("settings", lead.group), settings_data(summary="Gewijzigd"))
    assert response.status_code == 400
    assert "gearchiveerd" in response.content.decode()
    lead.group.refresh_from_db()
    assert lead.group.summary != "Gewijzigd"


def test_archiving_clears_the_public_page_cache(client, lead):
    client.logout()
    assert "Afgerond" not in client.get(lead.group.get_absolute_url()).content.decode()
    client.force_login(lead.person.user)
    client.post(url("settings", lead.group), {"action": "archive"})
    client.logout()
    assert "Afgerond" in client.get(lead.group.get_absolute_url()).content.decode()
