"""Reads of activities: the queries behind the calendar, the archive, an activity's page, the
member's own sign-ups and the iCalendar feeds, with their joins decided here.

Every list is annotated with `confirmed_count` (counted in SQL) and prefetches its groups and
themes, so a page costs the same number of queries however many activities it shows.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from werkplaats.core.cache import remember
from werkplaats.groups.models import LearningGroup, MemberRole, Membership
from werkplaats.network.models import Municipality
from werkplaats.website.models import ThemePage

from .models import ACTIVE_STATUSES, Activity, ActivityPhoto, Registration, RegistrationStatus

# Feeds hold every upcoming activity and those that ended at most this long ago: enough for a
# calendar app to keep recent history, bounded however long the Werkplaats runs.
FEED_HISTORY = datetime.timedelta(days=90)
# The month filter's value: "2026-05".
MONTH_FORMAT = "%Y-%m"


def _live_themes():
    return ThemePage.objects.live().order_by("title")


def with_confirmed_count(queryset):
    """Annotate `confirmed_count`: confirmed sign-ups, counted in SQL per row by a subquery
    (a join would multiply the rows by their sign-ups before grouping; the pager's COUNT
    would carry it too)."""
    confirmed = (
        Registration.objects.filter(activity=OuterRef("pk"), status=RegistrationStatus.CONFIRMED)
        .order_by()
        .values("activity")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return queryset.annotate(
        confirmed_count=Coalesce(Subquery(confirmed, output_field=IntegerField()), 0)
    )


def _card_prefetches():
    return [
        Prefetch("groups", queryset=LearningGroup.objects.order_by("name")),
        Prefetch("themes", queryset=_live_themes()),
    ]


def _for_list(queryset):
    """The calendar's and the archive's rows. Their groups and themes are only needed for a
    card that is not in the cache: see prefetch_card_relations."""
    return with_confirmed_count(queryset).select_related("venue__municipality")


def prefetch_card_relations(activities):
    """Load the groups and themes of these activities (two queries for any number)."""
    prefetch_related_objects(activities, *_card_prefetches())


def visible_activities(user_person, *, coordinator=False):
    """Activities the viewer may see (see ActivityQuerySet.visible_to)."""
    return Activity.objects.visible_to(user_person, coordinator=coordinator)


def parse_month(value):
    """The first day of the month "YYYY-MM" names, or None for anything else."""
    try:
        return datetime.datetime.strptime(value or "", MONTH_FORMAT).date()
    except ValueError:
        return None


def _filtered(activities, *, kind="", theme="", municipality="", month=""):
    if kind:
        activities = activities.filter(kind=kind)
    if theme:
        activities = activities.filter(themes__slug=theme)
    if municipality:
        activities = activities.filter(venue__municipality__slug=municipality)
    first_day = parse_month(month)
    if first_day is not None:
        next_month = (first_day + datetime.timedelta(days=32)).replace(day=1)
        tz = timezone.get_current_timezone()
        start = datetime.datetime.combine(first_day, datetime.time.min, tzinfo=tz)
        end = datetime.datetime.combine(next_month, datetime.time.min, tzinfo=tz)
        activities = activities.filter(starts_at__gte=start, starts_at__lt=end)
    return activities


# Upcoming activities are the last few hundred of thousands in order of start. Ordered by the
# plain column, PostgreSQL walks the start-time index from the first activity ever and filters
# out every past one (2.5 ms with 5,000); ordered by an expression that no index holds, it takes
# the upcoming rows through the calendar index (ends_at) and sorts those (0.9 ms). Same order.
SOONEST_FIRST = (Coalesce("starts_at", "ends_at"), "pk")


def calendar_list(person=None, *, coordinator=False, now=None, **filters):
    """Upcoming activities the viewer may see, soonest first; cancelled ones stay in the list
    (shown as cancelled) so nobody travels to them. Filters: see `_filtered`."""
    activities = visible_activities(person, coordinator=coordinator).upcoming(now)
    return _for_list(_filtered(activities, **filters)).order_by(*SOONEST_FIRST)


def archive_list(person=None, *, coordinator=False, now=None, **filters):
    """Activities that took place, newest first."""
    activities = visible_activities(person, coordinator=coordinator).past(now)
    return _for_list(_filtered(activities, **filters)).order_by("-starts_at", "-pk")


@dataclass
class MonthGroup:
    month: datetime.date
    activities: list = field(default_factory=list)


def by_month(activities):
    """The activities (already in order) grouped by the month they start in, local time."""
    groups = []
    for activity in activities:
        month = timezone.localtime(activity.starts_at).date().replace(day=1)
        if not groups or groups[-1].month != month:
            groups.append(MonthGroup(month))
        groups[-1].activities.append(activity)
    return groups


def with_states(activities, now=None):
    """Set `state` (Activity.registration_state) and `places_left` on each activity of a list
    annotated with `confirmed_count`, for the status badge. Returns the list."""
    now = now or timezone.now()
    activities = list(activities)
    for activity in activities:
        activity.state = activity.registration_state(now)
        activity.places_left = places_left(activity)
    return activities


def places_left(activity):
    """Free places, or None without a limit. Needs `confirmed_count` (annotated or set)."""
    if activity.capacity is None:
        return None
    return max(activity.capacity - activity.confirmed_count, 0)


# --- Filter choices: built from the data, kept until an activity or page changes ------------


def filter_themes():
    """(slug, title) of the live themes that at least one activity has."""
    return remember(
        "activities:filter-themes",
        lambda: list(
            _live_themes().filter(activities__isnull=False).distinct().values_list("slug", "title")
        ),
    )


def filter_municipalities():
    """(slug, name) of the municipalities where at least one activity is held."""
    return remember(
        "activities:filter-municipalities",
        lambda: list(
            Municipality.objects.filter(venues__activities__isnull=False)
            .distinct()
            .order_by("name")
            .values_list("slug", "name")
        ),
    )


def filter_months(*, past, now=None):
    """The months ("YYYY-MM") holding an upcoming (or, `past`, a past) activity, in list order.

    Counted over all activities, whoever may see them: a month in a list says nothing about
    what happens in it. Cached per day and direction, and cleared with the page cache.
    """
    now = now or timezone.now()
    day = timezone.localdate(now).isoformat()

    def build():
        activities = Activity.objects.past(now) if past else Activity.objects.upcoming(now)
        months = activities.dates("starts_at", "month", order="DESC" if past else "ASC")
        return [month.strftime(MONTH_FORMAT) for month in months]

    return remember(f"activities:filter-months:{'past' if past else 'upcoming'}:{day}", build)


# --- One activity ---------------------------------------------------------------------------


def upcoming_public(*, theme=None, group=None, limit=3, now=None):
    """The next public, not cancelled activities (of a theme or a group): for the home, theme
    and group pages, which are cached for visitors. Kept in the cache until an activity
    changes (signals.py) or for five minutes, so one that has just ended soon drops off."""

    def build():
        activities = (
            Activity.objects.visible_to(None)
            .not_cancelled()
            .upcoming(now)
            .select_related("venue__municipality")
            .order_by("starts_at", "pk")
        )
        if theme is not None:
            activities = activities.filter(themes=theme)
        if group is not None:
            activities = activities.filter(groups=group)
        return list(activities[:limit])

    if now is not None:
        return build()
    scope = f"theme:{theme.pk}" if theme else f"group:{group.pk}" if group else "all"
    return remember(f"activities:upcoming:{scope}:{limit}", build, timeout=300)


def activity_detail(slug):
    """One activity with everything its page shows, or None."""
    return (
        _for_list(Activity.objects.filter(slug=slug))
        .prefetch_related(
            *_card_prefetches(),
            "questions",
            Prefetch(
                "photos",
                queryset=ActivityPhoto.objects.select_related("image").prefetch_related(
                    "image__renditions"
                ),
            ),
        )
        .select_related("venue__municipality")
        .first()
    )


def own_registration(person, activity):
    """The person's active registration for the activity, else their latest cancelled one, or
    None (also for a visitor)."""
    if person is None:
        return None
    registrations = Registration.objects.filter(activity=activity, person=person)
    active = registrations.filter(status__in=ACTIVE_STATUSES).order_by("-created_at").first()
    if active is not None:
        return active
    return registrations.order_by("-created_at", "-pk").first()


def waitlist_position(registration):
    """1 for the first on the waiting list; None when the registration is not on it."""
    if registration is None or registration.status != RegistrationStatus.WAITLIST:
        return None
    ahead = Registration.objects.filter(
        activity_id=registration.activity_id, status=RegistrationStatus.WAITLIST
    ).filter(
        Q(waitlisted_at__lt=registration.waitlisted_at)
        | Q(waitlisted_at=registration.waitlisted_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


# --- The member's own page ------------------------------------------------------------------


def my_registrations(person, now=None):
    """The person's registrations, split into upcoming (soonest first) and past (newest first,
    cancelled ones left out: nothing to do with them)."""
    now = now or timezone.now()
    registrations = Registration.objects.filter(person=person).select_related(
        "activity__venue__municipality"
    )
    upcoming = list(
        registrations.filter(activity__ends_at__gte=now).order_by("activity__starts_at", "pk")
    )
    # Of an activity with a cancelled and a new registration, show only the newest.
    seen, unique = set(), []
    for registration in sorted(upcoming, key=lambda r: r.created_at, reverse=True):
        if registration.activity_id not in seen:
            seen.add(registration.activity_id)
            unique.append(registration)
    upcoming = sorted(unique, key=lambda r: (r.activity.starts_at, r.pk))
    past = list(
        registrations.filter(activity__ends_at__lt=now)
        .exclude(status=RegistrationStatus.CANCELLED)
        .order_by("-activity__starts_at", "-pk")[:50]
    )
    return {"upcoming": upcoming, "past": past}


def next_registrations(person, *, limit=3, now=None):
    """The person's next activities with an active sign-up (for the dashboard)."""
    return list(
        Registration.objects.filter(
            person=person,
            status__in=ACTIVE_STATUSES,
            activity__ends_at__gte=now or timezone.now(),
        )
        .select_related("activity__venue__municipality")
        .order_by("activity__starts_at", "pk")[:limit]
    )


def managed_activities(person, *, coordinator=False, now=None):
    """Upcoming and recent activities the person organises: as a coordinator all of them, else
    those of the groups they currently lead (the rule of permissions.can_manage_activity)."""
    now = now or timezone.now()
    activities = Activity.objects.filter(ends_at__gte=now - FEED_HISTORY)
    if not coordinator:
        if person is None:
            return []
        led = Membership.objects.current().filter(person=person, role=MemberRole.LEAD)
        activities = activities.filter(groups__in=led.values("group_id")).distinct()
    return list(with_confirmed_count(activities).select_related("venue").order_by("starts_at"))


# --- Feeds ----------------------------------------------------------------------------------


def _feed(activities, now):
    now = now or timezone.now()
    return activities.filter(ends_at__gte=now - FEED_HISTORY).select_related("venue")


def public_feed(now=None):
    """Public activities, upcoming and of the last FEED_HISTORY."""
    return _feed(visible_activities(None), now).order_by("starts_at", "pk")


def group_feed(group, now=None):
    """The group's public activities, upcoming and of the last FEED_HISTORY."""
    return _feed(visible_activities(None).filter(groups=group), now).order_by("starts_at", "pk")


def private_feed(person, *, coordinator=False, now=None):
    """What the person may see, upcoming and recent, and the ids of the activities their
    sign-up is confirmed for (those get the online link)."""
    activities = list(
        _feed(visible_activities(person, coordinator=coordinator), now).order_by("starts_at", "pk")
    )
    confirmed = set(
        Registration.objects.filter(
            person=person,
            status=RegistrationStatus.CONFIRMED,
            activity_id__in=[activity.pk for activity in activities],
        ).values_list("activity_id", flat=True)
    )
    return activities, confirmed
