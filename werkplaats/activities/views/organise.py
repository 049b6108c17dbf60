"""The organisers' pages: sign-ups, the attendance list at the door, participation figures.

Who gets what: visitors are sent to sign in; signed-in people who may not manage the activity
(or the group, or the figures) get a 404, as if the page did not exist. The attendance list
works without JavaScript (every tick is a small form POST that redirects back to the person);
attendance.js turns the ticks into fetch requests with a queue that survives a poor connection
and a reload. The tick endpoint answers JSON to requests that accept it.
"""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from werkplaats.groups import permissions as group_permissions
from werkplaats.groups.models import LearningGroup, WorkProgramme
from werkplaats.network.models import Organisation, Role
from werkplaats.network.permissions import is_coordinator

from .. import figures as figure_selectors
from .. import permissions, services
from ..models import Activity, ActivityKind, RegistrationStatus
from ..organise_forms import PeriodForm, TickForm, WalkInForm


def _activity(request, slug, allowed):
    activity = Activity.objects.select_related("venue").filter(slug=slug).first()
    if activity is None or not allowed(request.user, activity):
        raise Http404
    return activity


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


# --- Sign-ups ---------------------------------------------------------------------------------


def _registrations_overview(activity):
    """Confirmed and waiting-list sign-ups with their answers, the other statuses counted."""
    questions = list(activity.questions.all())
    roles = dict(Role.choices)
    active = (
        activity.registrations.filter(
            status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLIST]
        )
        .select_related("person")
        .order_by("waitlisted_at", "created_at", "pk")
    )
    confirmed, waitlist = [], []
    for registration in active:
        registration.role_label = roles.get(registration.role, registration.role)
        registration.answer_list = [
            (question.label, registration.answers[str(question.pk)])
            for question in questions
            if registration.answers.get(str(question.pk))
        ]
        if registration.status == RegistrationStatus.CONFIRMED:
            confirmed.append(registration)
        else:
            waitlist.append(registration)
    confirmed.sort(key=lambda r: (r.person.last_name.lower(), r.person.first_name.lower()))
    counts = activity.registrations.aggregate(
        unconfirmed=Count("pk", filter=Q(status=RegistrationStatus.UNCONFIRMED)),
        cancelled=Count("pk", filter=Q(status=RegistrationStatus.CANCELLED)),
    )
    return {"questions": questions, "confirmed": confirmed, "waitlist": waitlist, **counts}


def _csv_safe(value):
    """A cell a spreadsheet will not run as a formula."""
    value = str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _registrations_csv(activity, overview):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="aanmeldingen-{activity.slug}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 only with the byte-order mark
    writer = csv.writer(response, delimiter=";")
    questions = overview["questions"]
    writer.writerow(
        [
            _("Status"),
            _("First name"),
            _("Last name"),
            _("E-mail address"),
            _("Organisation"),
            _("Role"),
            *[question.label for question in questions],
        ]
    )
    for registration in overview["confirmed"] + overview["waitlist"]:
        person = registration.person
        writer.writerow(
            [
                _csv_safe(cell)
                for cell in [
                    registration.get_status_display(),
                    person.first_name,
                    person.last_name,
                    person.email or "",
                    registration.organisation,
                    registration.role_label,
                    *[registration.answers.get(str(q.pk), "") for q in questions],
                ]
            ]
        )
    return response


@login_required
def registrations(request, slug):
    activity = _activity(request, slug, permissions.can_manage_activity)
    overview = _registrations_overview(activity)
    if request.GET.get("download") == "csv":
        return _registrations_csv(activity, overview)
    return render(
        request,
        "activities/organise_registrations.html",
        {
            "activity": activity,
            "can_take_attendance": permissions.can_take_attendance(request.user, activity),
            **overview,
        },
    )


# --- Attendance at the door -------------------------------------------------------------------


def _matches(person, query):
    return query in f"{person.full_name} {person.email or ''}".casefold()


def _attendance_list(activity, query=""):
    """Confirmed, waiting list and others present (walk-ins), each person once, with whether
    they are ticked; `query` filters on name and e-mail. Three queries."""
    attendance = {row.person_id: row for row in activity.attendance.select_related("person")}
    registrations = (
        activity.registrations.filter(
            status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLIST]
        )
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    roles = dict(Role.choices)
    confirmed, waitlist, listed = [], [], set()
    for registration in registrations:
        person = registration.person
        listed.add(person.pk)
        entry = {
            "person": person,
            "present": person.pk in attendance,
            "details": [registration.organisation, roles.get(registration.role, "")],
        }
        if registration.status == RegistrationStatus.CONFIRMED:
            confirmed.append(entry)
        else:
            waitlist.append(entry)
    others = sorted(
        (
            {"person": row.person, "present": True, "details": [], "walk_in": row.walk_in}
            for person_id, row in attendance.items()
            if person_id not in listed
        ),
        key=lambda entry: (entry["person"].last_name.lower(), entry["person"].first_name.lower()),
    )
    query = query.strip().casefold()
    if query:
        confirmed, waitlist, others = (
            [entry for entry in group if _matches(entry["person"], query)]
            for group in (confirmed, waitlist, others)
        )
    return {
        "confirmed": confirmed,
        "waitlist": waitlist,
        "others": others,
        "present_count": len(attendance),
        "listed_count": len(listed) + len(attendance.keys() - listed),
    }


def _render_attendance(request, activity, *, walk_in_form=None, error=None, status=200):
    query = request.GET.get("q", "")[:100]
    context = _attendance_list(activity, query)
    context.update(
        {
            "activity": activity,
            "query": query,
            "walk_in_form": walk_in_form or WalkInForm(),
            "organisations": Organisation.objects.order_by("name").values_list("name", flat=True),
            "error": error,
            "can_manage": permissions.can_manage_activity(request.user, activity),
        }
    )
    return render(request, "activities/organise_attendance.html", context, status=status)


@login_required
def attendance(request, slug):
    activity = _activity(request, slug, permissions.can_take_attendance)
    return _render_attendance(request, activity)


def _back_to_list(activity, person_pk=None, query=""):
    url = reverse("activities:attendance", kwargs={"slug": activity.slug})
    if query:
        url += "?" + urlencode({"q": query})
    if person_pk:
        url += f"#persoon-{person_pk}"
    return url


@require_POST
def attendance_tick(request, slug):
    """One tick: {person: id, present: bool} as JSON for fetch, else back to the list."""
    wants_json = _wants_json(request)
    if not request.user.is_authenticated:
        if wants_json:
            message = _("You are signed out. Sign in again; your ticks are kept on this device.")
            return JsonResponse({"error": message}, status=403)
        return redirect(f"{reverse('account_login')}?{urlencode({'next': request.path})}")
    activity = Activity.objects.filter(slug=slug).first()
    if activity is None or not permissions.can_take_attendance(request.user, activity):
        if wants_json:
            return JsonResponse({"error": _("This attendance list does not exist.")}, status=404)
        raise Http404
    form = TickForm(request.POST, activity=activity)
    if not form.is_valid():
        message = " ".join(message for errors in form.errors.values() for message in errors)
        if wants_json:
            return JsonResponse({"error": message}, status=400)
        return _render_attendance(request, activity, error=message, status=400)
    person = form.cleaned_data["person"]
    try:
        present = services.set_attendance(
            request.user, activity, person, form.cleaned_data["present"]
        )
    except PermissionDenied as denied:
        raise Http404 from denied
    if wants_json:
        return JsonResponse({"person": person.pk, "present": present})
    return redirect(_back_to_list(activity, person.pk, request.POST.get("q", "")[:100]))


@login_required
@require_POST
def walk_in(request, slug):
    activity = _activity(request, slug, permissions.can_take_attendance)
    form = WalkInForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            person = services.add_walk_in(request.user, activity, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            message = _("%(name)s is on the list as present.") % {"name": person.full_name}
            name = data["organisation"].strip()
            if name and not Organisation.objects.filter(name__iexact=name).exists():
                message += " " + _(
                    "“%(organisation)s” is not an organisation known to the Werkplaats, so it "
                    "was not recorded."
                ) % {"organisation": name}
            messages.success(request, message)
            return redirect(_back_to_list(activity, person.pk))
    return _render_attendance(request, activity, walk_in_form=form, status=400)


# --- Participation figures --------------------------------------------------------------------


def _year_presets(today):
    return [
        (_("This year (%(year)s)") % {"year": today.year}, today.replace(month=1, day=1), None),
        (
            _("Last year (%(year)s)") % {"year": today.year - 1},
            today.replace(year=today.year - 1, month=1, day=1),
            today.replace(year=today.year - 1, month=12, day=31),
        ),
    ]


def _preset_links(presets):
    links = []
    for label, start, end in presets:
        end = end or start.replace(month=12, day=31)
        query = urlencode({"van": start.isoformat(), "tot": end.isoformat()})
        links.append({"label": label, "query": f"?{query}", "start": start, "end": end})
    return links


def _render_figures(request, template, context, form, presets, group=None):
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
        figures = None
    else:
        start, end, kinds = form.period()
        activities = figure_selectors.period_activities(start, end, kinds=kinds, group=group)
        figures = figure_selectors.participation(activities)
        by_kind = figure_selectors.activities_by_kind(activities)
        people = dict(figures["by_kind"])
        labels = {kind: str(label) for kind, label in ActivityKind.choices}
        context.update(
            {
                "start": start,
                "end": end,
                "headline": figure_selectors.headline(figures, by_kind),
                "kind_rows": [
                    (labels.get(kind, kind), count, people.get(labels.get(kind, kind), 0))
                    for kind, count in by_kind
                ],
                "activity_list": figure_selectors.activity_list(activities),
            }
        )
    context.update({"form": form, "figures": figures, "presets": _preset_links(presets)})
    return render(request, template, context, status=status)


@login_required
def figures(request):
    if not is_coordinator(request.user):
        raise Http404
    today = timezone.localdate()
    presets = _year_presets(today) + [
        (programme.title, programme.starts_on, programme.ends_on)
        for programme in WorkProgramme.objects.order_by("-starts_on")[:8]
    ]
    return _render_figures(request, "activities/figures.html", {}, PeriodForm(request.GET), presets)


@login_required
def group_figures(request, slug):
    group = LearningGroup.objects.filter(slug=slug).first()
    if group is None or not group_permissions.can_manage_group(request.user, group):
        raise Http404
    today = timezone.localdate()
    group_end = group.ends_on or today.replace(month=12, day=31)
    presets = [(_("The whole period of the group"), group.starts_on, group_end)]
    presets += _year_presets(today)
    form = PeriodForm(request.GET, default_start=group.starts_on, default_end=group_end)
    return _render_figures(
        request,
        "activities/figures_group.html",
        {"group": group, "workspace_tab": "figures"},
        form,
        presets,
        group=group,
    )
