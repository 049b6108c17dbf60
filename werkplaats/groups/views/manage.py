"""Managing a group and one's own membership: members, leaving, learning questions, settings.

Who gets what: people who may not see the workspace get a 404 (a private group does not reveal
itself); members who see a page but try a lead's action get a 403. Every change goes through
groups.services, which checks the same rules again.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import permissions, selectors, services
from ..forms import GroupSettingsForm, QuestionEditForm, QuestionForm, RoleForm
from ..models import JoinRequest, LearningGroup, LearningQuestion, Membership


def _group_for_member(request, slug):
    group = LearningGroup.objects.filter(slug=slug).first()
    if group is None or not permissions.can_view_workspace(request.user, group):
        raise Http404
    return group


def _require_manager(request, group):
    if not permissions.can_manage_group(request.user, group):
        raise PermissionDenied


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- Members ------------------------------------------------------------------------------


@login_required
def members(request, slug):
    group = _group_for_member(request, slug)
    can_manage = permissions.can_manage_group(request.user, group)
    error = None
    failed = {}
    if request.method == "POST":
        _require_manager(request, group)
        action = request.POST.get("action")
        try:
            message = _members_action(request, group, action, failed)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, message)
            return redirect("groups:members", slug=group.slug)
    context = selectors.members_page(group)
    context.update(
        {
            "group": group,
            "workspace_tab": "members",
            "can_manage": can_manage,
            "role_choices": RoleForm.base_fields["role"].choices,
            "error": error,
            "failed": failed,
        }
    )
    return render(request, "groups/workspace/members.html", context, status=400 if error else 200)


def _members_action(request, group, action, failed):
    """Run one action of the members page; returns the success message."""
    if action in ("role", "end"):
        membership = get_object_or_404(
            Membership.objects.select_related("person"),
            pk=_int(request.POST.get("membership")),
            group=group,
        )
        failed["membership"] = membership.pk
        if action == "end":
            services.end_membership(request.user, membership)
            return _("The membership of %(name)s has ended.") % {
                "name": membership.person.full_name
            }
        form = RoleForm(request.POST)
        failed["role"] = request.POST.get("role")
        if not form.is_valid():
            raise ValidationError(form.errors["role"])
        services.change_role(request.user, membership, form.cleaned_data["role"])
        return _("%(name)s is now: %(role)s.") % {
            "name": membership.person.full_name,
            "role": dict(RoleForm.base_fields["role"].choices)[form.cleaned_data["role"]],
        }
    if action in ("approve", "decline"):
        join_request = get_object_or_404(
            JoinRequest.objects.select_related("person", "group"),
            pk=_int(request.POST.get("join_request")),
            group=group,
        )
        services.decide_join_request(request.user, join_request, approve=action == "approve")
        if action == "approve":
            return _("%(name)s is now a member of the group.") % {
                "name": join_request.person.full_name
            }
        return _("The request of %(name)s has been declined.") % {
            "name": join_request.person.full_name
        }
    raise ValidationError(_("Unknown action. Reload the page and try again."))


@login_required
def leave(request, slug):
    group = get_object_or_404(LearningGroup, slug=slug)
    membership = permissions.current_membership(request.user, group)
    if membership is None:
        raise Http404
    error = None
    if request.method == "POST":
        try:
            services.leave_group(request.user, group)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("You have left %(group)s.") % {"group": group.name})
            return redirect(group.get_absolute_url())
    return render(
        request,
        "groups/workspace/leave.html",
        {"group": group, "membership": membership, "error": error},
        status=400 if error else 200,
    )


# --- Learning questions -------------------------------------------------------------------


@login_required
def questions(request, slug):
    group = _group_for_member(request, slug)
    can_manage = permissions.can_manage_group(request.user, group)
    learning_questions = list(group.questions.all())
    add_form = QuestionForm(prefix="new")
    editing = None
    edit_form = None
    error = None
    if not group.is_archived and can_manage:
        editing = next(
            (q for q in learning_questions if q.pk == _int(request.GET.get("bewerken"))), None
        )
        if editing is not None:
            edit_form = _edit_form(editing)
    status = 200
    if request.method == "POST":
        _require_manager(request, group)
        action = request.POST.get("action")
        try:
            if action == "add":
                add_form = QuestionForm(request.POST, prefix="new")
                if add_form.is_valid():
                    services.add_question(request.user, group, **add_form.cleaned_data)
                    messages.success(request, _("The learning question has been added."))
                    return redirect("groups:questions", slug=group.slug)
            elif action in ("edit", "up", "down"):
                editing = get_object_or_404(
                    LearningQuestion, pk=_int(request.POST.get("question")), group=group
                )
                if action == "edit":
                    edit_form = QuestionEditForm(request.POST, prefix=f"q{editing.pk}")
                    if edit_form.is_valid():
                        services.update_question(request.user, editing, **edit_form.cleaned_data)
                        messages.success(request, _("The learning question has been saved."))
                        return redirect("groups:questions", slug=group.slug)
                else:
                    services.move_question(request.user, editing, up=action == "up")
                    return redirect("groups:questions", slug=group.slug)
            else:
                raise ValidationError(_("Unknown action. Reload the page and try again."))
        except ValidationError as exc:
            error = " ".join(exc.messages)
        status = 400
    return render(
        request,
        "groups/workspace/questions.html",
        {
            "group": group,
            "workspace_tab": "questions",
            "can_manage": can_manage and not group.is_archived,
            "questions": learning_questions,
            "add_form": add_form,
            "editing": editing,
            "edit_form": edit_form,
            "error": error,
        },
        status=status,
    )


def _edit_form(question):
    return QuestionEditForm(
        prefix=f"q{question.pk}",
        initial={
            "question": question.question,
            "explanation": question.explanation,
            "status": question.status,
            "answer_summary": question.answer_summary,
        },
    )


# --- Settings -----------------------------------------------------------------------------


@login_required
def settings(request, slug):
    group = get_object_or_404(LearningGroup, slug=slug)
    if not permissions.can_manage_group(request.user, group):
        raise Http404
    form = GroupSettingsForm(
        initial={
            "summary": group.summary,
            "description": group.description,
            "themes": list(group.themes.all()),
            "starts_on": group.starts_on,
            "ends_on": group.ends_on,
            "is_open": group.is_open,
        }
    )
    error = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "save":
                form = GroupSettingsForm(request.POST)
                if form.is_valid():
                    services.update_group_settings(request.user, group, **form.cleaned_data)
                    messages.success(request, _("The settings have been saved."))
                    return redirect("groups:settings", slug=group.slug)
            elif action == "archive":
                services.archive_group(request.user, group)
                messages.success(
                    request,
                    _("The group has been archived. It is read-only now and still findable."),
                )
                return redirect("groups:settings", slug=group.slug)
            elif action == "reopen":
                services.reopen_group(request.user, group)
                messages.success(request, _("The group has been reopened."))
                return redirect("groups:settings", slug=group.slug)
            else:
                raise ValidationError(_("Unknown action. Reload the page and try again."))
        except ValidationError as exc:
            error = " ".join(exc.messages)
    period_over = group.ends_on is not None and group.ends_on < timezone.localdate()
    return render(
        request,
        "groups/workspace/settings.html",
        {
            "group": group,
            "workspace_tab": "settings",
            "form": form,
            "error": error,
            "confirm_archive": "archiveren" in request.GET and not group.is_archived,
            "suggest_archive": period_over and not group.is_archived,
        },
        status=400 if request.method == "POST" else 200,
    )
