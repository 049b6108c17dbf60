"""Participation figures: how many unique people took part in a set of activities, by kind of
activity, by role, by organisation and by municipality.

The yearly reviews in the seeds count people this way ("more than 150 unique people in three
exchanges and four focus groups"). Every figure is one aggregate query with
COUNT(DISTINCT person) over the attendance rows, so the number of queries is fixed and no row
is loaded into Python: it stays fast with hundreds of thousands of attendance rows.

What is counted:
- an attendance row is one person present at one activity (a tick at the door);
- by role: the roles in people's profiles (network.PersonRole). Someone with two roles counts
  under both, so those rows add up to more than the unique total;
- by organisation: the organisations in people's profiles (network.Affiliation), likewise;
- by municipality: the municipality people work in (Person.work_municipality);
- people without a role, organisation or municipality are counted under "Unknown".
"""

import datetime

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from werkplaats.network.models import Affiliation, Person, PersonRole, Role

from .models import Activity, ActivityKind, Attendance


def period_activities(start, end, kinds=None, group=None):
    """The activities that started between `start` and `end` (dates, both included, in local
    time), not cancelled; optionally only of `kinds` and only those `group` organised."""
    tz = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    until = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    activities = Activity.objects.not_cancelled().filter(starts_at__gte=since, starts_at__lt=until)
    if kinds:
        activities = activities.filter(kind__in=kinds)
    if group is not None:
        activities = activities.filter(groups=group)
    return activities


def _unique_by(attendance, field):
    """[(value, unique people)] for one field, most people first; None (unknown) last."""
    return _unknown_last(
        list(
            attendance.values_list(field)
            .annotate(people=Count("person", distinct=True))
            .order_by("-people", field)
        )
    )


def _labelled(rows, labels=None):
    unknown = _("Unknown")
    return [
        (unknown if value is None else str((labels or {}).get(value, value)), people)
        for value, people in rows
    ]


def _people_by(queryset, field, count_field):
    """[(value, people)] of a queryset of people's rows, most first."""
    return list(
        queryset.values_list(field)
        .annotate(people=Count(count_field, distinct=True))
        .order_by("-people", field)
    )


def participation(activities):
    """The participation figures of an Activity queryset (seven queries, whatever its size):

    {"activities": int, "attendances": int, "unique_people": int,
     "by_kind": [(label, unique people)], "by_role": [...], "by_organisation": [...],
     "by_municipality": [...]}

    Roles, organisations and municipalities are counted over the distinct people who came
    (a subquery), not over their attendance rows: a person who came forty times is one row to
    join, which keeps the sort small.
    """
    attendance = Attendance.objects.filter(activity__in=activities.values("pk"))
    people = attendance.values("person_id").distinct()
    totals = attendance.aggregate(
        attendances=Count("pk"), unique_people=Count("person", distinct=True)
    )
    unknown = Person.objects.filter(pk__in=people).aggregate(
        no_role=Count("pk", filter=~Exists(PersonRole.objects.filter(person=OuterRef("pk")))),
        no_organisation=Count(
            "pk", filter=~Exists(Affiliation.objects.filter(person=OuterRef("pk")))
        ),
    )
    by_role = _people_by(PersonRole.objects.filter(person_id__in=people), "role", "person_id")
    by_organisation = _people_by(
        Affiliation.objects.filter(person_id__in=people),
        "organisation__name",
        "person_id",
    )
    return {
        "activities": activities.count(),
        "attendances": totals["attendances"],
        "unique_people": totals["unique_people"],
        "by_kind": _labelled(_unique_by(attendance, "activity__kind"), dict(ActivityKind.choices)),
        "by_role": _labelled(_with_unknown(by_role, unknown["no_role"]), dict(Role.choices)),
        "by_organisation": _labelled(_with_unknown(by_organisation, unknown["no_organisation"])),
        "by_municipality": _labelled(
            _unknown_last(
                _people_by(Person.objects.filter(pk__in=people), "work_municipality__name", "pk")
            )
        ),
    }


def _unknown_last(rows):
    return [row for row in rows if row[0] is not None] + [row for row in rows if row[0] is None]


def _with_unknown(rows, unknown):
    return rows + [(None, unknown)] if unknown else rows


def activities_by_kind(activities):
    """[(kind, number of activities)] of an Activity queryset, most first (one query)."""
    return list(
        activities.order_by()
        .values_list("kind")
        .annotate(count=Count("pk"))
        .order_by("-count", "kind")
    )


def activity_list(activities, limit=500):
    """The activities themselves with the number of people present, in date order."""
    return list(
        activities.annotate(present=Count("attendance")).order_by("starts_at", "pk")[:limit]
    )


# One literal ngettext call per kind, so makemessages finds every form.
KIND_COUNTS = {
    ActivityKind.MEETING: lambda n: ngettext("%(count)d meeting", "%(count)d meetings", n),
    ActivityKind.FOCUS_GROUP: lambda n: ngettext(
        "%(count)d focus group", "%(count)d focus groups", n
    ),
    ActivityKind.EXCHANGE: lambda n: ngettext("%(count)d exchange", "%(count)d exchanges", n),
    ActivityKind.VISIT: lambda n: ngettext("%(count)d mutual visit", "%(count)d mutual visits", n),
    ActivityKind.KNOWLEDGE_CAFE: lambda n: ngettext(
        "%(count)d knowledge café", "%(count)d knowledge cafés", n
    ),
    ActivityKind.WORKSHOP: lambda n: ngettext("%(count)d workshop", "%(count)d workshops", n),
    ActivityKind.CONFERENCE: lambda n: ngettext(
        "%(count)d work conference", "%(count)d work conferences", n
    ),
    ActivityKind.GUEST_LECTURE: lambda n: ngettext(
        "%(count)d guest lecture", "%(count)d guest lectures", n
    ),
    ActivityKind.KITCHEN_TABLE: lambda n: ngettext(
        "%(count)d kitchen-table talk", "%(count)d kitchen-table talks", n
    ),
}


def headline(figures, kinds):
    """ "153 unique people in 3 exchanges and 4 focus groups": `kinds` from activities_by_kind."""
    parts = [
        KIND_COUNTS.get(kind, lambda n, kind=kind: f"%(count)d {kind}")(count) % {"count": count}
        for kind, count in kinds
    ]
    if not parts:
        return _("No activities in this period.")
    listed = (
        parts[0]
        if len(parts) == 1
        else _("%(list)s and %(last)s")
        % {
            "list": ", ".join(parts[:-1]),
            "last": parts[-1],
        }
    )
    people = figures["unique_people"]
    return ngettext(
        "%(people)d unique person in %(activities)s",
        "%(people)d unique people in %(activities)s",
        people,
    ) % {"people": people, "activities": listed}
