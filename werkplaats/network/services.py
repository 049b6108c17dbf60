"""State-changing operations of the network: notifications and profiles.

Other apps tell people about something through `notify()`; they never create Notification rows
or send notification mail themselves.
"""

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from werkplaats.core.files import delete_after_commit
from werkplaats.core.slugs import first_free

from . import tasks
from .models import NotificationMode, Person, normalise_email

HANDLE_MAX_LENGTH = Person._meta.get_field("handle").max_length


def unique_handle(first_name, last_name="", email=""):
    """A free @mention name made from the name: "sanne-de-vries", then "sanne-de-vries-2"…"""
    base = slugify(f"{first_name} {last_name}".strip()) or slugify(email.split("@")[0]) or "lid"
    base = base[: HANDLE_MAX_LENGTH - 4].strip("-") or "lid"
    taken = set(Person.objects.filter(handle__startswith=base).values_list("handle", flat=True))
    return first_free(base, taken)


def person_with_email(email, *, first_name, last_name=""):
    """The Person with this e-mail address, created (without an account) when there is none.

    The same address is always the same person: attendance, registrations and, later, an account
    that verifies the address all meet on this one row. An existing person's name is left as it
    is; what someone types in a public form never renames a member. Safe against a concurrent
    call with the same address (the unique constraint decides, the loser reads the winner's row).
    """
    email = normalise_email(email)
    person = Person.objects.filter(email=email).first()
    if person is not None:
        return person
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Person.objects.create(
                    email=email,
                    first_name=first_name.strip(),
                    last_name=last_name.strip(),
                    handle=unique_handle(first_name, last_name, email),
                )
        except IntegrityError:
            # Either the address or the generated mention name was taken meanwhile.
            person = Person.objects.filter(email=email).first()
            if person is not None:
                return person
    raise IntegrityError(f"no free mention name for {first_name} {last_name}")


def notify(recipients, *, kind, title, url="", body="", actor=None):
    """Create one notification per recipient and queue the immediate mails.

    Guarantees: the actor never notifies themself; a person listed twice gets one notification;
    the rows are written in the caller's transaction, and mail is queued only once it commits
    (so a rolled-back action mails nobody). People who chose the daily digest or no mail get
    the notification on the site only; `send_digests` picks up the daily ones.

    `recipients` is an iterable of Person; `url` should be a local path ("/mijn/groepen/…").
    Returns the created notifications.
    """
    from .models import Notification

    actor_pk = actor.pk if actor is not None else None
    seen = set()
    unique = []
    for person in recipients:
        if person is None or person.pk in seen or person.pk == actor_pk:
            continue
        seen.add(person.pk)
        unique.append(person)
    if not unique:
        return []
    with transaction.atomic():
        notifications = [
            Notification.objects.create(
                recipient=person,
                actor=actor,
                kind=kind,
                title=title[:255],
                body=body,
                url=url[:500],
            )
            for person in unique
        ]
        for notification in notifications:
            if notification.recipient.notification_mode == NotificationMode.IMMEDIATE:
                transaction.on_commit(
                    lambda pk=notification.pk: tasks.send_notification_mail.enqueue(
                        notification_id=pk
                    )
                )
    return notifications


def mark_notification_read(person, notification_id):
    """Mark one of `person`'s notifications read; returns it, or None when it is not theirs."""
    from django.utils import timezone

    from .models import Notification

    notification = Notification.objects.filter(pk=notification_id, recipient=person).first()
    if notification is not None and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_notifications_read(person):
    """Mark every unread notification of `person` read; returns how many."""
    from django.utils import timezone

    from .models import Notification

    return Notification.objects.filter(recipient=person, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def update_profile(person, *, form, affiliations):
    """Save a member's own profile, roles and affiliations from valid forms, all or nothing.

    The person row is locked, so two tabs saving at once do not mix their role lists. A new
    photo is re-encoded (upright, at most 1200 px, no EXIF) under a random name; a replaced or
    removed photo's file is deleted only once the change is committed.
    """
    from .images import reencoded_photo
    from .models import Person, PersonRole

    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=person.pk).first()
        old_photo = Person.objects.filter(pk=person.pk).values_list("photo", flat=True).first()
        person = form.save(commit=False)
        upload = form.cleaned_data.get("photo")
        if upload and hasattr(upload, "content_type"):
            person.photo = reencoded_photo(upload)
        person.save()

        wanted = set(form.cleaned_data.get("roles") or [])
        PersonRole.objects.filter(person=person).exclude(role__in=wanted).delete()
        have = set(PersonRole.objects.filter(person=person).values_list("role", flat=True))
        PersonRole.objects.bulk_create(
            [PersonRole(person=person, role=role) for role in sorted(wanted - have)]
        )

        affiliations.instance = person
        affiliations.save()

        if old_photo != person.photo.name:
            delete_after_commit(person.photo.storage, old_photo)
    return person
