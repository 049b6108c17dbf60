from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from werkplaats.core.pagination import paginate

from .. import selectors, services
from .common import member_or_none, no_person_response

PER_PAGE = 20


def safe_local_path(url):
    """`url` if it is a path on this site, else None: never send anyone off-site."""
    if not url or not url.startswith("/") or url.startswith("//") or "\\" in url:
        return None
    if not url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return None
    return url


@login_required
def notifications(request):
    person = member_or_none(request)
    if person is None:
        return no_person_response(request)
    page_obj = paginate(request, selectors.notifications_for(person), PER_PAGE)
    return render(
        request,
        "network/notifications.html",
        {
            "page_obj": page_obj,
            "notifications": page_obj.object_list,
            "unread_count": selectors.unread_notification_count(person),
        },
    )


@login_required
def open_notification(request, pk):
    """Mark the notification read and go to what it is about. Only for its recipient.

    A GET view so the links on the page and in mails work; marking read is idempotent.
    """
    person = member_or_none(request)
    if person is None:
        raise Http404
    notification = services.mark_notification_read(person, pk)
    if notification is None:
        raise Http404
    return redirect(safe_local_path(notification.url) or "network:notifications")


@login_required
@require_POST
def mark_all_read(request):
    person = member_or_none(request)
    if person is None:
        return no_person_response(request)
    services.mark_all_notifications_read(person)
    return redirect("network:notifications")
