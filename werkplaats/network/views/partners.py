from django.shortcuts import render

from .. import selectors


def partners(request):
    """The public partners section: who takes part now, grouped by kind, and who did before."""
    return render(request, "network/partners.html", selectors.partners_page())
