from django.shortcuts import render
from django.utils.translation import gettext as _

from ..permissions import person_for


def no_person_response(request):
    """A signed-in user without a Person (e.g. an admin account) gets an explanation, not a 404."""
    return render(
        request,
        "network/no_person.html",
        {"title": _("You have no member profile yet")},
        status=403,
    )


def member_or_none(request):
    return person_for(request.user)
