"""Public pages of learning groups (/groepen/) and join requests.

The index and the group pages are cached for anonymous visitors (werkplaats.core.cache); the
signals in groups/signals.py clear that cache when what they show changes. Signed-in people are
never served from the cache, so the member-only parts (workspace link, join button) are safe.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from werkplaats.core.pagination import paginate
from werkplaats.network.permissions import is_member, person_for

from .. import permissions, selectors, services
from ..forms import GroupFilterForm, JoinRequestForm
from ..models import LearningGroup

PER_PAGE = 12


def index(request):
    themes = selectors.filter_themes()
    form = GroupFilterForm(request.GET or None, themes=themes)
    filters = form.filters()
    page_obj = paginate(request, selectors.group_list(**filters), PER_PAGE)
    return render(
        request,
        "groups/index.html",
        {
            "form": form,
            "filters": filters,
            "is_filtered": any(filters.values()),
            "page_obj": page_obj,
            "groups": page_obj.object_list,
        },
    )


def detail(request, slug):
    group = selectors.group_detail(slug)
    if group is None:
        raise Http404
    membership = permissions.current_membership(request.user, group)
    person = person_for(request.user)
    return render(
        request,
        "groups/detail.html",
        {
            "group": group,
            "leads": selectors.public_leads(group, request.user),
            "membership": membership,
            "can_view_workspace": permissions.can_view_workspace(request.user, group),
            "can_manage": permissions.can_manage_group(request.user, group),
            "can_request_to_join": permissions.can_request_to_join(request.user, group),
            "pending_request": selectors.pending_join_request(person, group),
            "is_werkplaats_member": is_member(request.user),
        },
    )


def _join_refusal(user, group, person):
    """Why this user cannot ask to join (a sentence), or None when they can."""
    if person is None:
        return _(
            "Only members of the Werkplaats can ask to join a group. Contact the Werkplaats to "
            "become a member."
        )
    if group.is_archived:
        return _("This group has been completed and no longer takes new members.")
    if permissions.current_membership(user, group) is not None:
        return _("You are already a member of this group.")
    if not group.is_open:
        return _(
            "This group does not take join requests. Contact the Werkplaats if you would like "
            "to take part."
        )
    if selectors.pending_join_request(person, group) is not None:
        return _("You have already asked to join this group. A group lead will decide soon.")
    return None


@login_required
def join(request, slug):
    group = LearningGroup.objects.filter(slug=slug).first()
    if group is None:
        raise Http404
    person = person_for(request.user)
    refusal = _join_refusal(request.user, group, person)
    form = JoinRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if refusal is None and form.is_valid():
            try:
                services.request_to_join(
                    request.user, group, motivation=form.cleaned_data["motivation"]
                )
            except ValidationError as error:
                refusal = " ".join(error.messages)
            else:
                messages.success(
                    request,
                    _(
                        "Your request has been sent to the group leads. You will get a "
                        "notification when they have decided."
                    ),
                )
                return redirect(group.get_absolute_url())
        status = 400
    return render(
        request,
        "groups/join.html",
        {"group": group, "form": form, "refusal": refusal},
        status=status,
    )
