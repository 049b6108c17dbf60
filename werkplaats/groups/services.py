"""State changes of learning groups: join requests, membership, learning questions, settings.

Every function takes the acting user first, checks that they may act (raising PermissionDenied
when not: views check earlier and answer 404/403, so this is the backstop for admin, API and
commands), runs in one transaction and refuses changes to an archived group, which is read-only.
Rules people can break by their input raise ValidationError with a Dutch message that says what
to do instead; nothing is written in that case.

Rules about leads ("a group never loses its last lead") lock the group row first, so two leads
stepping down at the same moment cannot both succeed.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from werkplaats.network.permissions import person_for
from werkplaats.network.services import notify

from . import permissions
from .models import (
    JoinRequest,
    JoinRequestStatus,
    LearningGroup,
    LearningQuestion,
    MemberRole,
    Membership,
    QuestionStatus,
)

JOIN_REQUESTED = "groups.join_requested"
JOIN_APPROVED = "groups.join_approved"
JOIN_DECLINED = "groups.join_declined"


def _lock_group(group):
    """Lock and reload the group row; every membership rule of a group is decided under it."""
    return LearningGroup.objects.select_for_update().get(pk=group.pk)


def _refuse_archived(group):
    if group.is_archived:
        raise ValidationError(
            _(
                "This group is archived and read-only. Ask a group lead or a coordinator to "
                "reopen it first."
            ),
            code="archived",
        )


def _require_manager(user, group):
    if not permissions.can_manage_group(user, group):
        raise PermissionDenied


def _leads(group, exclude=None):
    leads = Membership.objects.current().filter(group=group, role=MemberRole.LEAD)
    if exclude is not None:
        leads = leads.exclude(pk=exclude.pk)
    return leads


def _forget_cached_membership(user):
    user.__dict__.pop("_werkplaats_memberships", None)


# --- Joining ------------------------------------------------------------------------------


def request_to_join(user, group, *, motivation=""):
    """Ask to join an open group; the group's leads are notified.

    Guarantees: at most one pending request per person and group (locks the group, and the
    database constraint backs it up); never for archived or closed groups, or for someone who
    is already a member. Returns the new JoinRequest.
    """
    person = person_for(user)
    if person is None:
        raise PermissionDenied
    with transaction.atomic():
        group = _lock_group(group)
        if group.is_archived:
            raise ValidationError(
                _("This group has been completed and no longer takes new members."),
                code="archived",
            )
        if not group.is_open:
            raise ValidationError(
                _(
                    "This group does not take join requests. Contact the Werkplaats if you "
                    "would like to take part."
                ),
                code="closed",
            )
        if Membership.objects.current().filter(group=group, person=person).exists():
            raise ValidationError(_("You are already a member of this group."), code="member")
        if JoinRequest.objects.filter(
            group=group, person=person, status=JoinRequestStatus.PENDING
        ).exists():
            raise ValidationError(
                _("You have already asked to join this group. A group lead will decide soon."),
                code="pending",
            )
        join_request = JoinRequest.objects.create(
            group=group, person=person, motivation=motivation.strip()
        )
        leads = [m.person for m in _leads(group).select_related("person")]
        notify(
            leads,
            kind=JOIN_REQUESTED,
            title=_("%(name)s asks to join %(group)s")
            % {"name": person.full_name, "group": group.name},
            body=join_request.motivation,
            url=reverse("groups:members", kwargs={"slug": group.slug}),
            actor=person,
        )
    return join_request


def decide_join_request(user, join_request, *, approve, role=MemberRole.MEMBER):
    """Approve (creating the membership) or decline a pending join request; the requester is
    notified either way.

    Guarantees: a request is decided once (locks it; a second decision is refused); approving
    never creates a second current membership.
    """
    with transaction.atomic():
        group = _lock_group(join_request.group)
        _require_manager(user, group)
        _refuse_archived(group)
        join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
        if join_request.status != JoinRequestStatus.PENDING:
            raise ValidationError(
                _("This request has already been decided. Reload the page to see the result."),
                code="decided",
            )
        actor = person_for(user)
        join_request.status = JoinRequestStatus.APPROVED if approve else JoinRequestStatus.DECLINED
        join_request.decided_at = timezone.now()
        join_request.decided_by = actor
        join_request.save(update_fields=["status", "decided_at", "decided_by"])
        if approve:
            _add_member(group, join_request.person, role)
            title = _("You are now a member of %(group)s") % {"group": group.name}
            url = reverse("groups:workspace", kwargs={"slug": group.slug})
        else:
            title = _("Your request to join %(group)s was declined") % {"group": group.name}
            url = group.get_absolute_url()
        notify(
            [join_request.person],
            kind=JOIN_APPROVED if approve else JOIN_DECLINED,
            title=title,
            url=url,
            actor=actor,
        )
    return join_request


def _add_member(group, person, role):
    membership = Membership.objects.current().filter(group=group, person=person).first()
    if membership is None:
        membership = Membership.objects.create(group=group, person=person, role=role)
    return membership


def add_member(user, group, person, *, role=MemberRole.MEMBER):
    """Make `person` a current member of the group (used for invitations and by leads).

    Idempotent: an existing current membership is returned unchanged. Refused for archived
    groups. Callers that already checked the right to add (an accepted invitation) pass
    user=None.
    """
    with transaction.atomic():
        group = _lock_group(group)
        if user is not None:
            _require_manager(user, group)
        _refuse_archived(group)
        return _add_member(group, person, role)


# --- Roles and leaving --------------------------------------------------------------------


def _refuse_last_lead(group, membership, message):
    if membership.is_lead and not _leads(group, exclude=membership).exists():
        raise ValidationError(message, code="last_lead")


def change_role(user, membership, role):
    """Give a current member another role.

    Guarantees: never leaves a group without a lead (locks the group before counting leads).
    """
    if role not in MemberRole.values:
        raise ValidationError(_("Choose one of the roles in the list."), code="invalid_role")
    with transaction.atomic():
        group = _lock_group(membership.group)
        _require_manager(user, group)
        _refuse_archived(group)
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.ended_on is not None:
            raise ValidationError(
                _("This person is no longer a member. Reload the page."), code="ended"
            )
        if role != MemberRole.LEAD:
            _refuse_last_lead(
                group,
                membership,
                _(
                    "%(name)s is the only group lead. Make another member group lead first, "
                    "then change this role."
                )
                % {"name": membership.person.full_name},
            )
        membership.role = role
        membership.save(update_fields=["role"])
        _forget_cached_membership(user)
    return membership


def _end(membership):
    today = timezone.localdate()
    # A membership that started later today (or was back-dated wrongly) still ends validly.
    membership.ended_on = max(today, membership.started_on)
    membership.save(update_fields=["ended_on"])


def end_membership(user, membership):
    """End someone's membership (a lead removing a member). History is kept (ended_on).

    Guarantees: never removes the last lead (locks the group before counting leads).
    """
    with transaction.atomic():
        group = _lock_group(membership.group)
        _require_manager(user, group)
        _refuse_archived(group)
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.ended_on is not None:
            raise ValidationError(
                _("This person is no longer a member. Reload the page."), code="ended"
            )
        _refuse_last_lead(
            group,
            membership,
            _(
                "%(name)s is the only group lead. Make another member group lead first, then end "
                "this membership."
            )
            % {"name": membership.person.full_name},
        )
        _end(membership)
        _forget_cached_membership(user)
    return membership


def leave_group(user, group):
    """End the user's own membership of the group.

    Guarantees: the last lead cannot leave without appointing another lead first (locks the
    group before counting leads); the membership history is kept.
    """
    person = person_for(user)
    with transaction.atomic():
        group = _lock_group(group)
        membership = (
            Membership.objects.select_for_update()
            .current()
            .filter(group=group, person=person)
            .first()
            if person is not None
            else None
        )
        if membership is None:
            raise ValidationError(_("You are not a member of this group."), code="not_member")
        _refuse_archived(group)
        _refuse_last_lead(
            group,
            membership,
            _(
                "You are the only group lead. Make another member group lead on the members "
                "page first; then you can leave."
            ),
        )
        _end(membership)
        _forget_cached_membership(user)
    return membership


# --- Learning questions -------------------------------------------------------------------


def add_question(user, group, *, question, explanation=""):
    """Add a learning question at the end of the group's list."""
    with transaction.atomic():
        group = _lock_group(group)
        _require_manager(user, group)
        _refuse_archived(group)
        last = group.questions.aggregate(last=Max("position"))["last"]
        return LearningQuestion.objects.create(
            group=group,
            question=question.strip(),
            explanation=explanation.strip(),
            position=0 if last is None else last + 1,
        )


def update_question(user, learning_question, *, question, explanation, status, answer_summary):
    """Edit a learning question and its status.

    Guarantees: an answered question always says what answered it.
    """
    if status not in QuestionStatus.values:
        raise ValidationError(_("Choose one of the statuses in the list."), code="invalid_status")
    if status == QuestionStatus.ANSWERED and not answer_summary.strip():
        raise ValidationError(
            _("Describe what answered the question, for example a product or a meeting."),
            code="answer_required",
        )
    with transaction.atomic():
        group = _lock_group(learning_question.group)
        _require_manager(user, group)
        _refuse_archived(group)
        learning_question = LearningQuestion.objects.select_for_update().get(
            pk=learning_question.pk
        )
        learning_question.question = question.strip()
        learning_question.explanation = explanation.strip()
        learning_question.status = status
        learning_question.answer_summary = answer_summary.strip()
        learning_question.save()
    return learning_question


def move_question(user, learning_question, *, up):
    """Move a learning question one place up or down in the group's list.

    Renumbers the whole list under the group lock, so positions stay unique and gap-free.
    """
    with transaction.atomic():
        group = _lock_group(learning_question.group)
        _require_manager(user, group)
        _refuse_archived(group)
        questions = list(group.questions.order_by("position", "pk"))
        index = next(i for i, q in enumerate(questions) if q.pk == learning_question.pk)
        other = index - 1 if up else index + 1
        if 0 <= other < len(questions):
            questions[index], questions[other] = questions[other], questions[index]
        for position, question in enumerate(questions):
            if question.position != position:
                question.position = position
                question.save(update_fields=["position"])


# --- Settings and archiving ---------------------------------------------------------------

SETTINGS_FIELDS = ("summary", "description", "starts_on", "ends_on", "is_open")


def update_group_settings(user, group, *, themes, **fields):
    """Change the public description, period, themes and openness of a group.

    Guarantees: the period never ends before it starts; archived groups are not changed.
    """
    unknown = set(fields) - set(SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
    starts_on = fields.get("starts_on", group.starts_on)
    ends_on = fields.get("ends_on", group.ends_on)
    if ends_on is not None and starts_on is not None and ends_on < starts_on:
        raise ValidationError(
            _("The end date is before the start date. Choose an end date on or after the start."),
            code="period",
        )
    with transaction.atomic():
        group = _lock_group(group)
        _require_manager(user, group)
        _refuse_archived(group)
        for name, value in fields.items():
            setattr(group, name, value)
        try:
            group.save()
        except IntegrityError as error:  # the database's check constraint, as a last line
            raise ValidationError(str(error)) from error
        group.themes.set(themes)
    return group


def archive_group(user, group):
    """Archive a group: it becomes read-only and stays findable as 'completed'.

    Pending join requests are withdrawn, since nobody can join an archived group.
    """
    with transaction.atomic():
        group = _lock_group(group)
        _require_manager(user, group)
        if group.is_archived:
            return group
        group.archived_at = timezone.now()
        group.is_open = False
        group.save(update_fields=["archived_at", "is_open"])
        JoinRequest.objects.filter(group=group, status=JoinRequestStatus.PENDING).update(
            status=JoinRequestStatus.WITHDRAWN, decided_at=timezone.now()
        )
    return group


def reopen_group(user, group):
    """Make an archived group writable again (for example when its period is extended)."""
    with transaction.atomic():
        group = _lock_group(group)
        _require_manager(user, group)
        if group.is_archived:
            group.archived_at = None
            group.save(update_fields=["archived_at"])
    return group
