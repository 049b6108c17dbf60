"""Joining and leaving: join requests, their decisions, roles, and the rule that a group keeps a
lead. Services are tested directly for their rules; the join form through the client."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from werkplaats.groups import services
from werkplaats.groups.models import JoinRequest, JoinRequestStatus, MemberRole, Membership
from werkplaats.network.models import Notification, NotificationMode
from werkplaats.network.tests.factories import CoordinatorFactory, PersonFactory

from .factories import JoinRequestFactory, LeadFactory, LearningGroupFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a commit would trigger (the tests run in a rolled-back transaction)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


# --- request_to_join ---------------------------------------------------------------------


def test_request_to_join_creates_a_pending_request():
    group = LearningGroupFactory(is_open=True)
    person = PersonFactory()
    services.request_to_join(person.user, group, motivation="  Ik wil leren.  ")
    request = JoinRequest.objects.get(group=group, person=person)
    assert request.status == JoinRequestStatus.PENDING
    assert request.motivation == "Ik wil leren."


def test_request_to_join_notifies_the_leads():
    group = LearningGroupFactory(is_open=True)
    lead = LeadFactory(group=group).person
    member = MembershipFactory(group=group).person
    person = PersonFactory(first_name="Fatma", last_name="Yilmaz")
    services.request_to_join(person.user, group)
    notification = Notification.objects.get(recipient=lead)
    assert "Fatma Yilmaz" in notification.title
    assert notification.url == reverse("groups:members", args=[group.slug])
    assert not Notification.objects.filter(recipient=member).exists()


def test_request_to_join_mails_the_lead(committed, smtp_inbox):
    group = LearningGroupFactory(is_open=True, name="Werkteam Armoede")
    lead = LeadFactory(group=group, person__notification_mode=NotificationMode.IMMEDIATE).person
    with committed():
        services.request_to_join(PersonFactory(first_name="Gerda").user, group)
    assert [rcpt for rcpt, _ in smtp_inbox.messages] == [[lead.email]]
    message = smtp_inbox.messages[0][1]
    assert "Gerda" in message["Subject"]


def test_second_pending_request_is_refused():
    request = JoinRequestFactory()
    with pytest.raises(ValidationError) as error:
        services.request_to_join(request.person.user, request.group)
    assert "al aangemeld" in error.value.messages[0]
    assert JoinRequest.objects.filter(group=request.group, person=request.person).count() == 1


def test_request_after_a_declined_one_is_allowed():
    request = JoinRequestFactory(status=JoinRequestStatus.DECLINED)
    services.request_to_join(request.person.user, request.group)
    assert JoinRequest.objects.filter(status=JoinRequestStatus.PENDING).count() == 1


def test_request_to_join_archived_group_is_refused():
    group = LearningGroupFactory(is_open=True, archived_at=timezone.now())
    with pytest.raises(ValidationError) as error:
        services.request_to_join(PersonFactory().user, group)
    assert "afgerond" in error.value.messages[0]
    assert not JoinRequest.objects.exists()


def test_request_to_join_closed_group_is_refused():
    group = LearningGroupFactory(is_open=False)
    with pytest.raises(ValidationError) as error:
        services.request_to_join(PersonFactory().user, group)
    assert "geen aanmeldingen" in error.value.messages[0]


def test_request_to_join_by_a_member_is_refused():
    membership = MembershipFactory()
    with pytest.raises(ValidationError):
        services.request_to_join(membership.person.user, membership.group)


def test_request_to_join_without_a_person_is_refused():
    from werkplaats.network.tests.factories import UserFactory

    with pytest.raises(PermissionDenied):
        services.request_to_join(UserFactory(), LearningGroupFactory())


# --- decide_join_request -----------------------------------------------------------------


def test_approving_creates_a_membership_and_notifies_the_requester():
    request = JoinRequestFactory()
    lead = LeadFactory(group=request.group)
    services.decide_join_request(lead.person.user, request, approve=True)
    request.refresh_from_db()
    assert request.status == JoinRequestStatus.APPROVED
    assert request.decided_by == lead.person
    membership = Membership.objects.current().get(group=request.group, person=request.person)
    assert membership.role == MemberRole.MEMBER
    notification = Notification.objects.get(recipient=request.person)
    assert notification.url == reverse("groups:workspace", args=[request.group.slug])


def test_declining_notifies_the_requester_and_adds_no_member():
    request = JoinRequestFactory()
    lead = LeadFactory(group=request.group)
    services.decide_join_request(lead.person.user, request, approve=False)
    request.refresh_from_db()
    assert request.status == JoinRequestStatus.DECLINED
    assert not Membership.objects.filter(person=request.person).exists()
    assert "afgewezen" in Notification.objects.get(recipient=request.person).title


def test_a_request_is_decided_once():
    request = JoinRequestFactory()
    lead = LeadFactory(group=request.group)
    services.decide_join_request(lead.person.user, request, approve=False)
    with pytest.raises(ValidationError):
        services.decide_join_request(lead.person.user, request, approve=True)
    assert not Membership.objects.filter(person=request.person).exists()


def test_plain_member_cannot_decide_requests():
    request = JoinRequestFactory()
    member = MembershipFactory(group=request.group)
    with pytest.raises(PermissionDenied):
        services.decide_join_request(member.person.user, request, approve=True)


def test_lead_of_another_group_cannot_decide_requests():
    request = JoinRequestFactory()
    other_lead = LeadFactory()
    with pytest.raises(PermissionDenied):
        services.decide_join_request(other_lead.person.user, request, approve=True)


def test_coordinator_can_decide_requests():
    request = JoinRequestFactory()
    services.decide_join_request(CoordinatorFactory(), request, approve=True)
    assert Membership.objects.filter(person=request.person).exists()


def test_archiving_withdraws_pending_requests():
    request = JoinRequestFactory()
    services.archive_group(CoordinatorFactory(), request.group)
    request.refresh_from_db()
    assert request.status == JoinRequestStatus.WITHDRAWN


# --- roles and the last lead -------------------------------------------------------------


def test_lead_can_change_a_role():
    lead = LeadFactory()
    member = MembershipFactory(group=lead.group)
    services.change_role(lead.person.user, member, MemberRole.RESIDENT)
    member.refresh_from_db()
    assert member.role == MemberRole.RESIDENT


def test_changing_the_last_leads_role_is_refused():
    lead = LeadFactory()
    with pytest.raises(ValidationError) as error:
        services.change_role(lead.person.user, lead, MemberRole.MEMBER)
    assert "enige trekker" in error.value.messages[0]
    lead.refresh_from_db()
    assert lead.role == MemberRole.LEAD


def test_a_lead_can_step_down_when_there_is_another_lead():
    lead = LeadFactory()
    LeadFactory(group=lead.group)
    services.change_role(lead.person.user, lead, MemberRole.MEMBER)
    lead.refresh_from_db()
    assert lead.role == MemberRole.MEMBER


def test_change_role_refuses_unknown_roles():
    lead = LeadFactory()
    member = MembershipFactory(group=lead.group)
    with pytest.raises(ValidationError):
        services.change_role(lead.person.user, member, "koning")


def test_ending_a_membership_keeps_its_history():
    lead = LeadFactory()
    member = MembershipFactory(group=lead.group, started_on=datetime.date(2017, 11, 1))
    services.end_membership(lead.person.user, member)
    member.refresh_from_db()
    assert member.ended_on == timezone.localdate()


def test_ending_the_last_leads_membership_is_refused():
    lead = LeadFactory()
    with pytest.raises(ValidationError):
        services.end_membership(CoordinatorFactory(), lead)
    lead.refresh_from_db()
    assert lead.ended_on is None


def test_member_can_leave():
    membership = MembershipFactory()
    LeadFactory(group=membership.group)
    services.leave_group(membership.person.user, membership.group)
    membership.refresh_from_db()
    assert membership.ended_on is not None


def test_last_lead_cannot_leave():
    lead = LeadFactory()
    MembershipFactory(group=lead.group)
    with pytest.raises(ValidationError) as error:
        services.leave_group(lead.person.user, lead.group)
    assert "enige trekker" in error.value.messages[0]


def test_lead_can_leave_after_appointing_another():
    lead = LeadFactory()
    member = MembershipFactory(group=lead.group)
    services.change_role(lead.person.user, member, MemberRole.LEAD)
    services.leave_group(lead.person.user, lead.group)
    lead.refresh_from_db()
    assert lead.ended_on is not None


def test_former_member_can_join_again():
    membership = MembershipFactory(ended_on=datetime.date(2018, 1, 1))
    request = JoinRequestFactory(group=membership.group, person=membership.person)
    services.decide_join_request(CoordinatorFactory(), request, approve=True)
    assert Membership.objects.filter(person=membership.person).count() == 2


def test_add_member_is_idempotent():
    group = LearningGroupFactory()
    person = PersonFactory()
    first = services.add_member(None, group, person)
    second = services.add_member(None, group, person, role=MemberRole.LEAD)
    assert first.pk == second.pk
    assert Membership.objects.filter(group=group, person=person).count() == 1


@pytest.mark.parametrize(
    "action",
    [
        lambda lead, member: services.change_role(lead, member, MemberRole.RESIDENT),
        lambda lead, member: services.end_membership(lead, member),
        lambda lead, member: services.leave_group(member.person.user, member.group),
        lambda lead, member: services.add_member(lead, member.group, PersonFactory()),
        lambda lead, member: services.decide_join_request(
            lead, JoinRequestFactory(group=member.group), approve=True
        ),
    ],
    ids=["change_role", "end_membership", "leave", "add_member", "decide"],
)
def test_archived_group_refuses_membership_changes(action):
    lead = LeadFactory()
    member = MembershipFactory(group=lead.group)
    # Archive after the request exists (archiving withdraws pending ones).
    lead.group.archived_at = timezone.now()
    lead.group.save()
    before = list(Membership.objects.values_list("pk", "role", "ended_on"))
    with pytest.raises(ValidationError):
        action(lead.person.user, member)
    assert list(Membership.objects.values_list("pk", "role", "ended_on")) == before


# --- the join form -----------------------------------------------------------------------


def join_url(group):
    return reverse("groups:join", args=[group.slug])


def test_join_form_requires_sign_in(client):
    group = LearningGroupFactory()
    response = client.get(join_url(group))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_join_form_sends_the_request(client):
    group = LearningGroupFactory()
    LeadFactory(group=group)
    person = PersonFactory()
    client.force_login(person.user)
    response = client.post(join_url(group), {"motivation": "Ik werk als wijkteamlid."})
    assert response.status_code == 302
    assert response["Location"] == group.get_absolute_url()
    assert JoinRequest.objects.get(person=person).motivation == "Ik werk als wijkteamlid."
    page = client.get(response["Location"]).content.decode()
    assert "Je aanmelding is naar de trekkers gestuurd" in page


def test_join_form_refuses_a_too_long_motivation_and_keeps_it(client):
    group = LearningGroupFactory()
    person = PersonFactory()
    client.force_login(person.user)
    motivation = "Lang verhaal. " * 200
    response = client.post(join_url(group), {"motivation": motivation})
    content = response.content.decode()
    assert response.status_code == 400
    assert "maak haar korter, tot hoogstens 2000 tekens" in content
    assert motivation.strip() in content
    assert not JoinRequest.objects.exists()


def test_join_form_explains_a_closed_group(client):
    group = LearningGroupFactory(is_open=False)
    client.force_login(PersonFactory().user)
    response = client.get(join_url(group))
    assert "geen aanmeldingen" in response.content.decode()
    assert "<textarea" not in response.content.decode()
    response = client.post(join_url(group), {"motivation": "Graag"})
    assert response.status_code == 400
    assert not JoinRequest.objects.exists()


def test_join_form_explains_an_archived_group(client):
    group = LearningGroupFactory(archived_at=timezone.now())
    client.force_login(PersonFactory().user)
    response = client.post(join_url(group), {"motivation": ""})
    assert response.status_code == 400
    assert "afgerond" in response.content.decode()


def test_join_form_explains_a_pending_request(client):
    request = JoinRequestFactory()
    client.force_login(request.person.user)
    response = client.post(join_url(request.group), {"motivation": ""})
    assert response.status_code == 400
    assert JoinRequest.objects.count() == 1


def test_join_form_of_unknown_group_is_404(client):
    client.force_login(PersonFactory().user)
    assert client.get(reverse("groups:join", args=["bestaat-niet"])).status_code == 404
