"""State changes of activities: signing up, confirming, cancelling, the waiting list, attendance.

Every decision about a place is taken with the activity's row locked (`select_for_update`; on
SQLite every write transaction is IMMEDIATE, which serialises them the same way), so however
many people sign up at once, an activity never has more confirmed registrations than places
and the waiting list is served in order.

Rules people can break by their input raise ValidationError with a Dutch message that says
what to do instead; nothing is written then. Mails are queued with `transaction.on_commit`, so
a rolled-back change mails nobody; the mail task itself is idempotent (tasks.py).
"""

import datetime

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from werkplaats.network.models import Person
from werkplaats.network.permissions import person_for
from werkplaats.network.services import person_with_email

from . import permissions, tasks
from .models import (
    ACTIVE_STATUSES,
    TOKEN_SALT,
    Activity,
    Attendance,
    CalendarFeed,
    Registration,
    RegistrationStatus,
)

# A visitor's sign-up that is not confirmed from the mail within this time is deleted.
UNCONFIRMED_HOURS = 48


def _mail(registration, event):
    transaction.on_commit(
        lambda: tasks.send_registration_mail.enqueue(registration_id=registration.pk, event=event)
    )


def _lock_activity(activity):
    return Activity.objects.select_for_update().get(pk=activity.pk)


def _refuse_unless_open(activity, now):
    state = activity.registration_state(now)
    messages = {
        "cancelled": _("This activity has been cancelled. You cannot sign up for it."),
        "past": _("This activity has already taken place. You cannot sign up for it anymore."),
        "not_needed": _("You do not need to sign up for this activity: just come along."),
        "not_yet_open": _("Sign-up for this activity has not opened yet. It opens on %(date)s.")
        % {"date": timezone.localtime(activity.registration_opens_at).strftime("%d-%m-%Y %H:%M")}
        if activity.registration_opens_at
        else "",
        "closed": _(
            "The sign-up deadline of this activity has passed. Contact the organisers if you "
            "would still like to come."
        ),
    }
    if state != "open":
        raise ValidationError(messages[state], code=state)


def confirmed_count(activity):
    return activity.registrations.filter(status=RegistrationStatus.CONFIRMED).count()


def _take_place_or_queue(activity, registration, now):
    """Confirm the registration when a place is free, else put it on the waiting list.
    The caller holds the activity's lock."""
    if activity.capacity is None or confirmed_count(activity) < activity.capacity:
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
        registration.waitlisted_at = None
    else:
        registration.status = RegistrationStatus.WAITLIST
        registration.waitlisted_at = now


def _clean_answers(activity, answers):
    """Only answers to this activity's questions, as text, keyed by question id."""
    answers = answers or {}
    cleaned = {}
    for question in activity.questions.all():
        value = str(answers.get(str(question.pk), answers.get(question.pk, "")) or "").strip()
        if question.required and not value:
            raise ValidationError(
                _("Answer the question “%(question)s”.") % {"question": question.label},
                code="answer_required",
            )
        if value:
            cleaned[str(question.pk)] = value[:1000]
    return cleaned


def _active_registration(activity, person):
    return (
        Registration.objects.filter(activity=activity, person=person, status__in=ACTIVE_STATUSES)
        .order_by("-created_at")
        .first()
    )


def register_member(user, activity, *, answers=None, now=None):
    """Sign a member up in one click: confirmed when a place is free, else on the waiting list.

    Guarantees: never overbooks (locks the activity); one active registration per person and
    activity (a second attempt raises ValidationError, the database constraint backs it up);
    only for activities the member may see and that are open for sign-up. Mails the outcome.
    """
    person = person_for(user)
    if person is None or not permissions.can_view_activity(user, activity):
        raise PermissionDenied
    now = now or timezone.now()
    try:
        with transaction.atomic():
            activity = _lock_activity(activity)
            _refuse_unless_open(activity, now)
            existing = _active_registration(activity, person)
            if existing is not None and existing.status != RegistrationStatus.UNCONFIRMED:
                raise ValidationError(
                    _("You have already signed up for this activity."), code="double"
                )
            cleaned = _clean_answers(activity, answers)
            registration = existing or Registration(activity=activity, person=person)
            registration.answers = cleaned
            _take_place_or_queue(activity, registration, now)
            registration.save()
            _mail(registration, registration.status)
    except IntegrityError as error:
        raise ValidationError(
            _("You have already signed up for this activity."), code="double"
        ) from error
    return registration


def register_visitor(
    activity,
    *,
    first_name,
    last_name="",
    email,
    organisation="",
    role="",
    answers=None,
    now=None,
):
    """Sign a visitor up by name and e-mail; the place is decided when they confirm from the
    mail (so nobody can hold places with someone else's address).

    Gives the same outcome whether or not the address is known or already signed up (no way
    to find out who comes): someone already signed up gets a mail with their personal link
    instead of a second registration. Returns the registration (new or existing).
    """
    now = now or timezone.now()
    with transaction.atomic():
        activity = _lock_activity(activity)
        if not permissions.is_public(activity):
            raise PermissionDenied
        _refuse_unless_open(activity, now)
        cleaned = _clean_answers(activity, answers)
        person = person_with_email(email, first_name=first_name, last_name=last_name)
        existing = _active_registration(activity, person)
        if existing is not None:
            if existing.status == RegistrationStatus.UNCONFIRMED:
                _mail(existing, "confirm_email_again")
            else:
                _mail(existing, "already_registered")
            return existing
        registration = Registration.objects.create(
            activity=activity,
            person=person,
            status=RegistrationStatus.UNCONFIRMED,
            organisation=organisation.strip()[:200] if activity.ask_organisation_and_role else "",
            role=role if activity.ask_organisation_and_role else "",
            answers=cleaned,
            created_at=now,
        )
        _mail(registration, "confirm_email")
    return registration


class UnusableLink(Exception):
    """A personal link that is tampered with, out of date or of a deleted registration."""


def registration_from_token(token):
    """The registration a personal link names; raises UnusableLink when it names none."""
    try:
        pk, key = signing.loads(token, salt=TOKEN_SALT)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise UnusableLink from error
    registration = (
        Registration.objects.select_related("activity__venue", "person")
        .filter(pk=pk, key=key)
        .first()
    )
    if registration is None:
        raise UnusableLink
    return registration


def _lock_registration(registration):
    return Registration.objects.select_for_update().get(pk=registration.pk)


def confirm_registration(registration, *, now=None):
    """A visitor confirms from the mail: they get a place when one is free, else the waiting
    list. Confirming twice changes nothing. Refused when the activity has since closed."""
    now = now or timezone.now()
    with transaction.atomic():
        activity = _lock_activity(registration.activity)
        registration = _lock_registration(registration)
        if registration.status != RegistrationStatus.UNCONFIRMED:
            return registration
        _refuse_unless_open(activity, now)
        _take_place_or_queue(activity, registration, now)
        registration.save()
        _mail(registration, registration.status)
    return registration


def cancel_registration(registration, *, now=None):
    """Cancel a sign-up (by its person, from their link or from /mijn/). The place goes to the
    first on the waiting list, who is mailed. Cancelling twice changes nothing; a sign-up for
    an activity that has taken place cannot be cancelled anymore."""
    now = now or timezone.now()
    with transaction.atomic():
        activity = _lock_activity(registration.activity)
        registration = _lock_registration(registration)
        if registration.status == RegistrationStatus.CANCELLED:
            return registration, []
        if activity.is_past(now):
            raise ValidationError(
                _("This activity has already taken place; there is nothing to cancel."),
                code="past",
            )
        was_confirmed = registration.status == RegistrationStatus.CONFIRMED
        was_unconfirmed = registration.status == RegistrationStatus.UNCONFIRMED
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        registration.answers = {}  # no longer needed once someone does not come
        registration.save()
        if not was_unconfirmed:  # a visitor who never confirmed had no place to give back
            _mail(registration, "cancelled")
        promoted = _promote(activity, now) if was_confirmed else []
    return registration, promoted


def _promote(activity, now):
    """Give free places to the waiting list, first come first served. Caller holds the lock."""
    if activity.is_cancelled or activity.is_past(now):
        return []
    waiting = activity.registrations.filter(status=RegistrationStatus.WAITLIST).order_by(
        "waitlisted_at", "pk"
    )
    if activity.capacity is not None:
        free = activity.capacity - confirmed_count(activity)
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting)
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at"])
        _mail(registration, "promoted")
    return promoted


def promote_from_waitlist(activity, *, now=None):
    """Fill free places from the waiting list (after the capacity was raised, say); returns
    the promoted registrations. Safe to run any time: it locks the activity."""
    now = now or timezone.now()
    with transaction.atomic():
        activity = _lock_activity(activity)
        return _promote(activity, now)


def cancel_activity(user, activity, *, reason, now=None):
    """The organisers cancel the activity: everyone signed up is mailed."""
    if not permissions.can_manage_activity(user, activity):
        raise PermissionDenied
    now = now or timezone.now()
    with transaction.atomic():
        activity = _lock_activity(activity)
        if activity.is_cancelled:
            return activity
        activity.cancelled_at = now
        activity.cancellation_reason = reason.strip()[:300]
        activity.save(update_fields=["cancelled_at", "cancellation_reason"])
        for registration in activity.registrations.filter(
            status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLIST]
        ):
            _mail(registration, "activity_cancelled")
    return activity


# --- Housekeeping (run by `manage.py activity_housekeeping`, from cron or `make run`) -------


def due_reminders(now=None):
    """Confirmed registrations of activities starting within a day that were not reminded."""
    now = now or timezone.now()
    return Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        reminded_at__isnull=True,
        activity__cancelled_at__isnull=True,
        activity__starts_at__gt=now,
        activity__starts_at__lte=now + datetime.timedelta(days=1),
    ).values_list("pk", flat=True)


def queue_reminders(now=None):
    """Queue the reminder mail of every due registration; the task sends each once."""
    pks = list(due_reminders(now))
    for pk in pks:
        tasks.send_registration_mail.enqueue(registration_id=pk, event="reminder")
    return len(pks)


def purge_answers(now=None):
    """Delete answers to extra questions (dietary, accessibility) once they are no longer
    needed: `answers_kept_days` after the activity ended. Returns how many were cleared."""
    now = now or timezone.now()
    cleared = 0
    candidates = (
        Registration.objects.exclude(answers={})
        .filter(activity__ends_at__lt=now)
        .select_related("activity")
    )
    for registration in candidates.iterator():
        kept_until = registration.activity.ends_at + datetime.timedelta(
            days=registration.activity.answers_kept_days
        )
        if kept_until < now:
            Registration.objects.filter(pk=registration.pk).update(answers={})
            cleared += 1
    return cleared


def delete_unconfirmed(now=None):
    """Delete visitors' sign-ups never confirmed from the mail within UNCONFIRMED_HOURS."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(hours=UNCONFIRMED_HOURS)
    deleted, _detail = Registration.objects.filter(
        status=RegistrationStatus.UNCONFIRMED, created_at__lt=cutoff
    ).delete()
    return deleted


# --- Attendance -----------------------------------------------------------------------------


def set_attendance(user, activity, person, present, *, now=None):
    """Tick (or untick) one person on the attendance list. Idempotent: the phone at the door
    retries until it hears back, so the same tick may arrive twice; the outcome is the same.
    Returns whether the person is now recorded as present."""
    if not permissions.can_take_attendance(user, activity):
        raise PermissionDenied
    recorder = person_for(user)
    now = now or timezone.now()
    with transaction.atomic():
        if not present:
            Attendance.objects.filter(activity=activity, person=person).delete()
            return False
        registration = _active_registration(activity, person)
        try:
            with transaction.atomic():
                Attendance.objects.get_or_create(
                    activity=activity,
                    person=person,
                    defaults={
                        "registration": registration,
                        "walk_in": registration is None,
                        "recorded_at": now,
                        "recorded_by": recorder,
                    },
                )
        except IntegrityError:
            pass  # the same tick arrived twice at once: it is recorded
    return True


def add_walk_in(
    user, activity, *, first_name, last_name="", email="", role="", organisation="", now=None
):
    """Someone came without signing up: record them as present. With an e-mail address they
    are the same person as before (their history joins up); without, a new person.

    A `role` (network.Role) and an `organisation` (its name, any case) given at the door are
    added to the person, so the participation figures can count them; an organisation that is
    not in the network is left out, never invented from what was typed."""
    from werkplaats.network.models import Affiliation, Organisation, PersonRole, Role

    if not permissions.can_take_attendance(user, activity):
        raise PermissionDenied
    first_name = first_name.strip()
    if not first_name:
        raise ValidationError(_("Fill in at least a first name."), code="name")
    with transaction.atomic():
        if email:
            person = person_with_email(email, first_name=first_name, last_name=last_name)
        else:
            from werkplaats.network.services import unique_handle

            person = Person.objects.create(
                first_name=first_name,
                last_name=last_name.strip(),
                handle=unique_handle(first_name, last_name),
            )
        if role in Role.values:
            PersonRole.objects.get_or_create(person=person, role=role)
        known = (
            Organisation.objects.filter(name__iexact=organisation.strip()).first()
            if organisation.strip()
            else None
        )
        if known is not None and not person.affiliations.filter(organisation=known).exists():
            Affiliation.objects.create(person=person, organisation=known)
        set_attendance(user, activity, person, True, now=now)
    return person


# --- Calendar feeds -------------------------------------------------------------------------


def calendar_feed_for(person):
    """The member's private feed (made on first use)."""
    feed, _created = CalendarFeed.objects.get_or_create(person=person)
    return feed


def reset_calendar_feed(person):
    """A new secret address for the member's feed; the old one stops working at once."""
    from .models import new_key

    with transaction.atomic():
        feed = calendar_feed_for(person)
        feed.key = new_key()
        feed.save(update_fields=["key"])
    return feed
