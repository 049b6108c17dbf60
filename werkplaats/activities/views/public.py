"""Public and member pages of activities: the calendar (/activiteiten/), the archive, an
activity's page with sign-up, the personal sign-up link from the mails, the member's own
activities (/mijn/activiteiten/) and the iCalendar feeds.

Activities the viewer may not see answer 404, as if they did not exist. What happens to a
sign-up is decided in services.py; the pages here parse input, check permission and show the
outcome. A visitor's sign-up answers the same whether or not the address was known or already
signed up: nobody finds out through this page who comes.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from werkplaats.core.fragments import render_one
from werkplaats.core.pagination import paginate
from werkplaats.groups.models import LearningGroup
from werkplaats.network.permissions import is_coordinator, person_for

from .. import cards, ics, permissions, selectors, services
from ..forms import (
    ActivityFilterForm,
    MemberRegistrationForm,
    VisitorRegistrationForm,
    address_rate_limited,
    client_rate_limited,
)
from ..models import CalendarFeed, RegistrationStatus

PER_PAGE = 20
ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


# --- Calendar and archive -------------------------------------------------------------------


def _filter_form(form, filters, *, action, past):
    """The filter form, rendered once per choice of filters and kept (core/fragments.py):
    its choices change only with the content or the date. Shows the valid filters; a value
    that matches nothing shows as "all", as it filters."""
    fields = dict(zip(("soort", "thema", "gemeente", "maand"), filters.values(), strict=True))

    return render_one(
        "activities/includes/filter_form.html",
        key=f"{'past' if past else 'upcoming'}:{timezone.localdate()}:{urlencode(fields)}",
        context=lambda: {
            "form": ActivityFilterForm(fields, **form.choice_sources),
            "action": action,
            "is_filtered": any(filters.values()),
        },
    )


def _list_page(request, *, past):
    person = person_for(request.user)
    coordinator = is_coordinator(request.user)
    form = ActivityFilterForm(
        request.GET or None,
        themes=selectors.filter_themes(),
        municipalities=selectors.filter_municipalities(),
        months=selectors.filter_months(past=past),
    )
    filters = form.filters()
    action = reverse("activities:archive" if past else "activities:index")
    select = selectors.archive_list if past else selectors.calendar_list
    page_obj = paginate(request, select(person, coordinator=coordinator, **filters), PER_PAGE)
    activities = cards.with_cards(
        selectors.with_states(page_obj.object_list), heading_level=3, show_outcome=past
    )
    return render(
        request,
        "activities/archive.html" if past else "activities/index.html",
        {
            "filter_form": _filter_form(form, filters, action=action, past=past),
            "filters": filters,
            "is_filtered": any(filters.values()),
            "page_obj": page_obj,
            "activities": activities,
            "months": selectors.by_month(activities),
            "is_member": person is not None,
        },
    )


def index(request):
    return _list_page(request, past=False)


def archive(request):
    return _list_page(request, past=True)


# --- One activity and signing up -------------------------------------------------------------


def _visible_activity(request, slug):
    activity = selectors.activity_detail(slug)
    if activity is None or not permissions.can_view_activity(request.user, activity):
        raise Http404
    return activity


def state_message(activity, state):
    """Why sign-up is not possible (a sentence for the activity's page), or "" when it is."""
    if state == "not_yet_open":
        opens = timezone.localtime(activity.registration_opens_at)
        return _("Sign-up opens on %(date)s at %(time)s.") % {
            "date": opens.strftime("%d-%m-%Y"),
            "time": opens.strftime("%H:%M"),
        }
    return {
        "cancelled": _("This activity has been cancelled. You cannot sign up for it."),
        "past": _("This activity has already taken place. You cannot sign up for it anymore."),
        "not_needed": _("You do not need to sign up for this activity: just come along."),
        "closed": _(
            "The sign-up deadline has passed. Contact the organisers if you would still like "
            "to come."
        ),
    }.get(state, "")


def _registration_form(request, activity, person, data=None):
    questions = activity.questions.all()
    if person is not None:
        return MemberRegistrationForm(data, questions=questions)
    return VisitorRegistrationForm(
        data,
        questions=questions,
        ask_organisation_and_role=activity.ask_organisation_and_role,
    )


def _render_detail(request, activity, *, form=None, status=200):
    person = person_for(request.user)
    registration = selectors.own_registration(person, activity)
    state = activity.registration_state()
    active = registration is not None and registration.is_active
    # A cancelled sign-up may sign up again; an active one sees its status instead of the form.
    # A refused form keeps showing its messages even when the form itself is gone.
    submitted = form
    if form is None and state == "open" and not active:
        form = _registration_form(request, activity, person)
    return render(
        request,
        "activities/detail.html",
        {
            "activity": activity,
            "state": state,
            "state_message": state_message(activity, state),
            "places_left": selectors.places_left(activity),
            "registration": registration,
            "registration_active": active,
            "waitlist_position": selectors.waitlist_position(registration),
            "show_online_link": bool(
                activity.online_url
                and registration is not None
                and registration.status == RegistrationStatus.CONFIRMED
            ),
            "form": form if state == "open" and not active else None,
            "submitted_form": submitted,
            "is_member": person is not None,
            "visitors_may_sign_up": permissions.is_public(activity),
            "can_manage": permissions.can_manage_activity(request.user, activity),
            "products": (
                list(activity.products.visible_to(request.user).order_by("-year", "title"))
                if state == "past"
                else []
            ),
        },
        status=status,
    )


def detail(request, slug):
    return _render_detail(request, _visible_activity(request, slug))


def register(request, slug):
    """The sign-up form's target: a member in one click, a visitor by name and e-mail."""
    if request.method != "POST":
        return redirect("activities:detail", slug=slug)
    activity = _visible_activity(request, slug)
    person = person_for(request.user)
    form = _registration_form(request, activity, person, request.POST)
    if person is None:
        return _register_visitor(request, activity, form)
    if form.is_valid():
        try:
            registration = services.register_member(request.user, activity, answers=form.answers())
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            if registration.status == RegistrationStatus.WAITLIST:
                messages.success(
                    request,
                    _(
                        "The activity is full, so you are on the waiting list. When a place "
                        "comes free it is yours, in order of sign-up, and we mail you."
                    ),
                )
            else:
                messages.success(
                    request,
                    _("You are signed up. We sent you a mail with the activity for your calendar."),
                )
            return redirect(activity.get_absolute_url())
    return _render_detail(request, activity, form=form, status=400)


def _register_visitor(request, activity, form):
    if client_rate_limited(request):
        form.is_valid()  # keeps the input, shows the field errors too
        form.add_error(
            None,
            _(
                "Several sign-ups came from your connection in a short time. Please wait an "
                "hour and try again, or e-mail or call us."
            ),
        )
        return _render_detail(request, activity, form=form, status=429)
    if not form.is_valid():
        return _render_detail(request, activity, form=form, status=400)
    email = form.cleaned_data["email"]
    if not address_rate_limited(email):
        try:
            services.register_visitor(activity, **form.registration_kwargs())
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return _render_detail(request, activity, form=form, status=400)
    # The same page whether the address was new, known, already signed up or used too often.
    return render(request, "activities/register_done.html", {"activity": activity, "email": email})


def _unusable_link(request):
    return render(request, "activities/link_unusable.html", status=404)


def _safe_next(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def registration(request, token):
    """The personal link from the mails. GET only shows (mail scanners open links); the
    buttons POST."""
    try:
        registration = services.registration_from_token(token)
    except services.UnusableLink:
        return _unusable_link(request)
    error = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "confirm":
                _confirm(request, registration)
            elif action == "cancel":
                _cancel(request, registration)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            return redirect(_safe_next(request) or registration.get_manage_url())
        registration.refresh_from_db()
    activity = registration.activity
    return render(
        request,
        "activities/registration.html",
        {
            "registration": registration,
            "activity": activity,
            "error": error,
            "state": activity.registration_state(),
            "waitlist_position": selectors.waitlist_position(registration),
            "token": token,
        },
        status=400 if error else 200,
    )


def _confirm(request, registration):
    if registration.status != RegistrationStatus.UNCONFIRMED:
        messages.info(request, _("Your sign-up was already confirmed. Nothing has changed."))
        return
    registration = services.confirm_registration(registration)
    if registration.status == RegistrationStatus.WAITLIST:
        messages.success(
            request,
            _(
                "Thank you for confirming. The activity is full, so you are on the waiting "
                "list. When a place comes free it is yours, in order of sign-up, and we mail "
                "you."
            ),
        )
    else:
        messages.success(
            request,
            _("Your sign-up is confirmed. We sent you a mail with the activity for your calendar."),
        )


def _cancel(request, registration):
    if registration.status == RegistrationStatus.CANCELLED:
        messages.info(request, _("Your sign-up was already cancelled. Nothing has changed."))
        return
    services.cancel_registration(registration)
    messages.success(
        request,
        _("Your sign-up has been cancelled. Thank you for letting us know."),
    )


# --- The member's own activities -------------------------------------------------------------


@login_required
def my_activities(request):
    person = person_for(request.user)
    coordinator = is_coordinator(request.user)
    context = {"person": person}
    if person is not None:
        feed = services.calendar_feed_for(person)
        context.update(
            registrations=selectors.my_registrations(person),
            feed_url=request.build_absolute_uri(
                _private_feed_path(feed),
            ),
        )
    context["managed"] = selectors.managed_activities(person, coordinator=coordinator)
    return render(request, "activities/mine.html", context)


def _private_feed_path(feed):
    return reverse("activities:private_feed", kwargs={"key": feed.key})


@login_required
@require_POST
def reset_feed(request):
    person = person_for(request.user)
    if person is None:
        raise Http404
    services.reset_calendar_feed(person)
    messages.success(
        request,
        _(
            "Your calendar has a new address. The old address no longer works: add the new "
            "one to your calendar app."
        ),
    )
    return redirect("activities:mine")


# --- iCalendar ------------------------------------------------------------------------------


def _ics_response(content, *, filename=None, private=False):
    response = HttpResponse(content, content_type=ICS_CONTENT_TYPE)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if private:
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
    return response


def activity_ics(request, slug):
    """One activity for the viewer's calendar; never with the online link (that comes in the
    confirmation mail to whoever is confirmed)."""
    activity = _visible_activity(request, slug)
    return _ics_response(
        ics.calendar([activity], name=activity.title), filename=f"{activity.slug}.ics"
    )


def public_feed(request):
    name = _("Activities of the Werkplaats")
    return _ics_response(ics.calendar(selectors.public_feed(), name=name))


def group_feed(request, slug):
    group = get_object_or_404(LearningGroup, slug=slug)
    name = _("Activities of %(group)s") % {"group": group.name}
    return _ics_response(ics.calendar(selectors.group_feed(group), name=name))


def private_feed(request, key):
    """A member's own feed: all they may see; the online link only where they are confirmed."""
    feed = CalendarFeed.objects.select_related("person__user").filter(key=key).first()
    user = feed.person.user if feed is not None else None
    if user is None or not user.is_active:
        raise Http404
    activities, confirmed = selectors.private_feed(feed.person, coordinator=is_coordinator(user))
    content = ics.calendar(
        activities,
        name=_("My activities at the Werkplaats"),
        with_online_link=lambda activity: activity.pk in confirmed,
    )
    return _ics_response(content, private=True)
