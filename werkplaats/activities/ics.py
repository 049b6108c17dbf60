"""iCalendar (RFC 5545) for activities: one event per activity, a calendar of many.

The online link is never put in a calendar that is not personal: a public or group feed shows
where and when, the link goes only to people whose sign-up is confirmed (their mail's .ics).
"""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vText

PRODID = "-//Werkplaats//Activiteiten//NL"


def _absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def uid(activity):
    host = settings.WAGTAILADMIN_BASE_URL.split("://", 1)[-1].split("/", 1)[0] or "werkplaats"
    return f"activity-{activity.pk}@{host}"


def event(activity, *, with_online_link=False, now=None):
    item = Event()
    item.add("uid", uid(activity))
    item.add("dtstamp", now or timezone.now())
    item.add("dtstart", activity.starts_at)
    item.add("dtend", activity.ends_at)
    item.add("summary", activity.title)
    url = _absolute(activity.get_absolute_url())
    description = [activity.summary, "", url]
    if with_online_link and activity.online_url:
        description[1:1] = ["", f"Online: {activity.online_url}"]
    item.add("description", "\n".join(description))
    item.add("url", url)
    venue = activity.venue
    if venue is not None:
        item.add("location", vText(venue.one_line))
    elif with_online_link and activity.online_url:
        item.add("location", vText(activity.online_url))
    if activity.is_cancelled:
        item.add("status", "CANCELLED")
    else:
        item.add("status", "CONFIRMED")
    item.add("last-modified", activity.created_at)
    return item


def calendar(activities, *, name, with_online_link=False):
    """Bytes of a VCALENDAR holding one VEVENT per activity. `with_online_link`: True, False,
    or a function of the activity (a member's feed: only where their place is confirmed)."""
    link_for = with_online_link if callable(with_online_link) else lambda a: with_online_link
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    now = timezone.now()
    for activity in activities:
        cal.add_component(event(activity, with_online_link=link_for(activity), now=now))
    return cal.to_ical()
