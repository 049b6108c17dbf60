"""Views of accounts: the /mijn/ dashboard, invitations (sending and accepting), approvals."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from werkplaats.core.pagination import paginate
from werkplaats.groups.models import LearningGroup

from . import selectors, services
from .forms import AcceptInvitationForm, InviteForm
from .models import Invitation
from .permissions import can_approve_accounts, can_invite

INVITATIONS_PER_PAGE = 25
SIGN_IN_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def _add_service_error(form, error):
    for message in error.messages:
        field = "email" if error.code in ("already_member", "has_account") else None
        form.add_error(field, message)


@login_required
def dashboard(request):
    context = selectors.dashboard(request.user)
    return render(request, "accounts/dashboard.html", context)


def _invite(request, form, group):
    try:
        invitation = services.invite(
            request.user,
            email=form.cleaned_data["email"],
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            group=group,
            group_role=form.cleaned_data.get("group_role", ""),
            message=form.cleaned_data["message"],
        )
    except ValidationError as error:
        _add_service_error(form, error)
        return None
    messages.success(
        request,
        _("The invitation has been sent to %(email)s.") % {"email": invitation.email},
    )
    return invitation


def _invitation_rows(queryset, request):
    page_obj = paginate(request, queryset, INVITATIONS_PER_PAGE)
    for invitation in page_obj:
        invitation.status = selectors.invitation_status(invitation)
    return page_obj


@login_required
def invitations(request):
    """Coordinators: invite someone to the Werkplaats, and see every invitation's state."""
    if not can_invite(request.user):
        raise Http404
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _invite(request, form, None):
        return redirect("accounts:invitations")
    context = {
        "form": form,
        "page_obj": _invitation_rows(selectors.invitations(), request),
        "invitation_days": settings.INVITATION_DAYS,
    }
    return render(request, "accounts/invitations.html", context, status=_status(form))


@login_required
def invite_to_group(request, slug):
    """A group's leads and the coordinators invite people into the group; others get a 404."""
    group = get_object_or_404(LearningGroup, slug=slug)
    if not can_invite(request.user, group):
        raise Http404
    form = InviteForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid() and _invite(request, form, group):
        return redirect("accounts:invite_to_group", slug=group.slug)
    context = {
        "group": group,
        "form": form,
        "page_obj": _invitation_rows(selectors.invitations(group), request),
    }
    return render(request, "accounts/invite_to_group.html", context, status=_status(form))


def _status(form):
    return 400 if form.is_bound and form.errors else 200


def _back(request, invitation):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    if invitation.group_id and not can_invite(request.user):
        return redirect("accounts:invite_to_group", slug=invitation.group.slug)
    return redirect("accounts:invitations")


@login_required
@require_POST
def invitation_revoke(request, pk):
    invitation = get_object_or_404(Invitation.objects.select_related("group"), pk=pk)
    if not can_invite(request.user, invitation.group):
        raise Http404
    services.revoke_invitation(request.user, invitation)
    messages.success(
        request, _("The invitation to %(email)s no longer works.") % {"email": invitation.email}
    )
    return _back(request, invitation)


@login_required
@require_POST
def invitation_resend(request, pk):
    invitation = get_object_or_404(Invitation.objects.select_related("group"), pk=pk)
    if not can_invite(request.user, invitation.group):
        raise Http404
    try:
        services.resend_invitation(request.user, invitation)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("A new invitation has been sent to %(email)s; the old link no longer works.")
            % {"email": invitation.email},
        )
    return _back(request, invitation)


# --- Accepting an invitation -------------------------------------------------------------

UNUSABLE_STATUS = {
    services.InvitationUnusable.UNKNOWN: 404,
    services.InvitationUnusable.EXPIRED: 410,
    services.InvitationUnusable.USED: 410,
    services.InvitationUnusable.REVOKED: 410,
}


def _unusable(request, error):
    return render(
        request,
        "accounts/invitation_invalid.html",
        {"reason": error.reason, "invitation": error.invitation},
        status=UNUSABLE_STATUS[error.reason],
    )


def _destination(invitation):
    if invitation.group_id:
        return invitation.group.get_workspace_url()
    return reverse("accounts:dashboard")


def _account_exists(email):
    return (
        get_user_model().objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    )


@never_cache
@sensitive_post_parameters("password1", "password2")
def accept_invitation(request, token):
    """The link in the invitation mail. Unusable links get an explanation (404 unknown, 410
    expired/used/revoked); a usable one creates the account, or lets the signed-in owner of
    the address accept."""
    try:
        invitation = services.find_invitation(token)
    except services.InvitationUnusable as error:
        return _unusable(request, error)
    context = {"invitation": invitation}

    if request.user.is_authenticated:
        if not services.invitation_matches_user(invitation, request.user):
            return render(request, "accounts/invitation_other_user.html", context, status=403)
        if request.method == "POST":
            try:
                services.accept_invitation_as_user(token, request.user)
            except services.InvitationUnusable as error:
                return _unusable(request, error)
            messages.success(request, _("Welcome! You have accepted the invitation."))
            return redirect(_destination(invitation))
        return render(request, "accounts/accept_invitation_confirm.html", context)

    if _account_exists(invitation.email):
        context["login_url"] = f"{reverse('account_login')}?next={request.path}"
        return render(request, "accounts/accept_invitation_sign_in.html", context)

    form = AcceptInvitationForm(
        request.POST or None,
        email=invitation.email,
        initial={"first_name": invitation.first_name, "last_name": invitation.last_name},
    )
    if request.method == "POST" and form.is_valid():
        try:
            user, invitation = services.accept_invitation_as_new_user(
                token,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
        except services.InvitationUnusable as error:
            return _unusable(request, error)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            login(request, user, backend=SIGN_IN_BACKEND)
            messages.success(request, _("Welcome! Your account has been created."))
            return redirect(_destination(invitation))
    context["form"] = form
    return render(request, "accounts/accept_invitation.html", context, status=_status(form))


# --- Approving self sign-up --------------------------------------------------------------


@login_required
def approvals(request):
    if not can_approve_accounts(request.user):
        raise Http404
    waiting = services.accounts_awaiting_approval().prefetch_related("emailaddress_set")
    page_obj = paginate(request, waiting, INVITATIONS_PER_PAGE)
    for user in page_obj:
        user.verified = any(address.verified for address in user.emailaddress_set.all())
    return render(request, "accounts/approvals.html", {"page_obj": page_obj})


@login_required
@require_POST
def approval_decide(request, pk):
    if not can_approve_accounts(request.user):
        raise Http404
    user = get_object_or_404(
        get_user_model().objects.filter(Q(approved_at__isnull=True), is_superuser=False), pk=pk
    )
    decision = request.POST.get("decision")
    try:
        if decision == "approve":
            services.approve_user(request.user, user)
            messages.success(
                request, _("%(email)s has been approved and informed.") % {"email": user.email}
            )
        elif decision == "decline":
            services.decline_user(request.user, user)
            messages.success(
                request, _("%(email)s has been declined and informed.") % {"email": user.email}
            )
        else:
            messages.error(request, _("Choose approve or decline."))
    except PermissionDenied as error:
        raise Http404 from error
    return redirect("accounts:approvals")
