from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from .. import selectors, services
from ..forms import AffiliationFormSet, ProfileForm
from ..models import Visibility
from ..permissions import profile_parts_for
from .common import member_or_none, no_person_response

PREVIEW_LEVELS = {
    "bezoeker": {Visibility.PUBLIC},
    "lid": {Visibility.PUBLIC, Visibility.MEMBERS},
}


@login_required
def profile_edit(request):
    """The signed-in member's own profile: details, affiliations, what others see, mail."""
    person = member_or_none(request)
    if person is None:
        return no_person_response(request)
    person = selectors.person_for_editing(person.pk)
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=person)
        affiliations = AffiliationFormSet(request.POST, instance=person, prefix="werkverband")
        if form.is_valid() & affiliations.is_valid():  # both, so all errors show at once
            services.update_profile(person, form=form, affiliations=affiliations)
            messages.success(request, _("Your profile has been saved."))
            return redirect("network:profile_edit")
        status = 400
    else:
        form = ProfileForm(instance=person)
        affiliations = AffiliationFormSet(instance=person, prefix="werkverband")
        status = 200
    return render(
        request,
        "network/profile_edit.html",
        {"form": form, "affiliations": affiliations, "person": person},
        status=status,
    )


def person_detail(request, handle):
    """What the viewer may see of a person; a 404 when they may not even see the name."""
    person = selectors.person_by_handle(handle)
    if person is None:
        raise Http404
    parts = profile_parts_for(request.user, person)
    if not parts["name"]:
        raise Http404
    own_profile = person == member_or_none(request)
    preview = request.GET.get("bekijk-als") if own_profile else None
    if preview in PREVIEW_LEVELS:
        # The person sees their page as a visitor or a member would.
        parts = {
            part: getattr(person, f"{part}_visibility") in PREVIEW_LEVELS[preview] for part in parts
        }
    response = render(
        request,
        "network/person_detail.html",
        {"person": person, "parts": parts, "own_profile": own_profile, "preview": preview},
    )
    # What a visitor may see changes with the person's choices: never keep it in a shared cache.
    patch_cache_control(response, private=True)
    return response
