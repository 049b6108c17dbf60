"""Services of a group's private workspace: posts, files, meeting notes, actions and decisions.

Every write to the workspace goes through these functions (views, admin and API alike). Each
runs in one transaction, refuses writes to archived groups and to people who are not current
members (or coordinators), and leaves notifying to network.services.notify, which mails from a
background task after the commit.
"""

import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from werkplaats.network.models import Person
from werkplaats.network.services import notify

from . import filetypes
from .models import ActionItem, ActionKind, Meeting, MemberRole, Membership, Post, SharedFile

# "@handle" not preceded by a word character or "@" (so e-mail addresses are no mentions).
MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9][A-Za-z0-9_-]{0,59})")
NOTIFICATION_EXCERPT = 200


class ReadOnlyGroup(PermissionDenied):
    """The group is archived: its workspace can be read, not changed."""


# --- who may write --------------------------------------------------------------------------


def _is_coordinator(person):
    user = person.user if person.user_id else None
    return bool(user and user.is_active and user.is_coordinator)


def _membership(person, group):
    return Membership.objects.current().filter(group=group, person=person).first()


def _check_can_contribute(person, group):
    if group.is_archived:
        raise ReadOnlyGroup(_("This group is archived: its workspace can be read, not changed."))
    if person is None or (_membership(person, group) is None and not _is_coordinator(person)):
        raise PermissionDenied(_("Only members of this group can do this."))


def _can_manage(person, group):
    if _is_coordinator(person):
        return True
    membership = _membership(person, group)
    return membership is not None and membership.role == MemberRole.LEAD


def current_members(group):
    return Person.objects.filter(
        memberships__group=group, memberships__ended_on__isnull=True
    ).distinct()


# --- posts ----------------------------------------------------------------------------------


MAX_MENTIONS = 50


def mentioned_handles(body):
    """The lower-cased @handles in a text (at most MAX_MENTIONS: a message, not a mailing)."""
    handles = []
    for match in MENTION.findall(body):
        if match.lower() not in handles:
            handles.append(match.lower())
    return set(handles[:MAX_MENTIONS])


def _mentioned_members(group, body):
    handles = mentioned_handles(body)
    if not handles:
        return []
    # Handles are slugs stored as written; compare case-insensitively.
    match = Q()
    for handle in sorted(handles):
        match |= Q(handle__iexact=handle)
    return list(current_members(group).filter(match))


def post_url(post):
    thread_pk = post.thread_id or post.pk
    url = reverse("groups:thread", kwargs={"slug": post.group.slug, "pk": thread_pk})
    return f"{url}#bericht-{post.pk}"


def _excerpt(body):
    return Truncator(" ".join(body.split())).chars(NOTIFICATION_EXCERPT)


def _notify_about_post(post, actor, mentioned, reply_to_authors):
    """Mentions first; the authors replied to get one notification, not two."""
    group = post.group
    member_ids = set(current_members(group).values_list("pk", flat=True))
    mentioned = [p for p in mentioned if p.pk != actor.pk]
    mentioned_ids = {p.pk for p in mentioned}
    # Notifications are stored texts; written in the site's language (Dutch first).
    with translation.override(settings.LANGUAGE_CODE):
        if mentioned:
            notify(
                mentioned,
                kind="mention",
                title=_("%(name)s mentioned you in %(group)s")
                % {"name": actor.full_name, "group": group.name},
                url=post_url(post),
                body=_excerpt(post.body),
                actor=actor,
            )
        repliers = []
        seen = set(mentioned_ids) | {actor.pk}
        for author in reply_to_authors:
            if author is None or author.pk in seen or author.pk not in member_ids:
                continue
            seen.add(author.pk)
            repliers.append(author)
        if repliers:
            notify(
                repliers,
                kind="reply",
                title=_("%(name)s replied to your message in %(group)s")
                % {"name": actor.full_name, "group": group.name},
                url=post_url(post),
                body=_excerpt(post.body),
                actor=actor,
            )


def create_post(actor, group, body, parent=None):
    """Post a message in the group's stream, or reply to `parent` (any depth).

    Guarantees: the reply belongs to the parent's thread and the thread's opening post moves to
    the top of the stream; only current members of the group are recorded as mentioned; the
    mentioned people and the authors of the opening post and the parent are notified (never the
    author themself), after the commit.
    """
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write a message before you send it."), code="required")
    with transaction.atomic():
        _check_can_contribute(actor, group)
        thread = None
        if parent is not None:
            parent = Post.objects.select_related("author", "thread__author").get(pk=parent.pk)
            if parent.group_id != group.pk:
                raise PermissionDenied(_("You can only reply to messages of this group."))
            if parent.removed_at is not None:
                raise ValidationError(
                    _("This message has been removed; you cannot reply to it."), code="removed"
                )
            thread = parent.thread or parent
            # Lock the opening post: concurrent replies bump its activity one after another.
            Post.objects.select_for_update().filter(pk=thread.pk).first()
        now = timezone.now()
        post = Post.objects.create(
            group=group,
            author=actor,
            thread=thread,
            parent=parent,
            body=body,
            created_at=now,
            last_activity_at=now,
        )
        if thread is not None:
            Post.objects.filter(pk=thread.pk).update(last_activity_at=now)
        mentioned = _mentioned_members(group, body)
        if mentioned:
            post.mentions.set(mentioned)
        reply_to = [thread.author, parent.author] if parent is not None else []
        _notify_about_post(post, actor, mentioned, reply_to)
    return post


def _check_own_post(actor, post):
    _check_can_contribute(actor, post.group)
    if post.removed_at is not None:
        raise ValidationError(_("This message has already been removed."), code="removed")


def edit_post(actor, post, body):
    """Change the text of one's own post; people newly mentioned are notified."""
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write a message before you send it."), code="required")
    with transaction.atomic():
        post = Post.objects.select_for_update().select_related("group").get(pk=post.pk)
        _check_own_post(actor, post)
        if post.author_id != actor.pk:
            raise PermissionDenied(_("You can only edit your own messages."))
        before = set(post.mentions.values_list("pk", flat=True))
        post.body = body
        post.edited_at = timezone.now()
        post.save(update_fields=["body", "edited_at"])
        mentioned = _mentioned_members(post.group, body)
        post.mentions.set(mentioned)
        new = [person for person in mentioned if person.pk not in before]
        if new:
            _notify_about_post(post, actor, new, [])
    return post


def remove_post(actor, post):
    """Remove a post (its author, or a group lead or coordinator as moderator).

    The text is erased, not only hidden; replies stay, under "this message has been removed".
    """
    with transaction.atomic():
        post = Post.objects.select_for_update().select_related("group").get(pk=post.pk)
        _check_own_post(actor, post)
        if post.author_id != actor.pk and not _can_manage(actor, post.group):
            raise PermissionDenied(_("You can only remove your own messages."))
        post.removed_at = timezone.now()
        post.body = ""
        post.save(update_fields=["removed_at", "body"])
        post.mentions.clear()
    return post


# --- files ----------------------------------------------------------------------------------


def max_upload_bytes():
    return settings.WORKSPACE_MAX_UPLOAD_MB * 1024 * 1024


def validate_upload(upload):
    """The Kind of an upload and its charset, or a ValidationError saying what to do instead."""
    if upload is None:
        raise ValidationError(_("Choose a file to share."), code="required")
    if upload.size == 0:
        raise ValidationError(_("The file is empty. Choose a file with content."), code="empty")
    if upload.size > max_upload_bytes():
        raise ValidationError(
            _(
                "The file is too big (%(size)s). Files can be at most %(max)s MB: make it "
                "smaller, or share a link to it in a message."
            )
            % {"size": human_size(upload.size), "max": settings.WORKSPACE_MAX_UPLOAD_MB},
            code="too_big",
        )
    try:
        return filetypes.sniff(upload, upload.name or "")
    except filetypes.RejectedFile as rejected:
        raise ValidationError(
            "{} {}".format(
                rejected.message,
                _("Allowed are: %(kinds)s.") % {"kinds": filetypes.ALLOWED_DESCRIPTION},
            ),
            code="type",
        ) from None


def human_size(size):
    size = float(size)
    for unit in ("B", "kB", "MB"):
        if size < 1024 or unit == "MB":
            if unit == "B":
                return f"{int(size)} B"
            return f"{size:.1f} {unit}".replace(".", ",")
        size /= 1024
    return ""


def share_file(actor, group, upload, description=""):
    """Store an uploaded file in the group's private storage.

    Guarantees: only an allowed kind, decided from the content, within the size limit; stored
    under a random name in storages["private"] (no public URL); served later with the
    Content-Type of the validated kind, never the one the browser sent. Nothing is stored when
    anything fails.
    """
    kind, charset = validate_upload(upload)
    content_type = kind.content_type + (f"; charset={charset}" if charset else "")
    with transaction.atomic():
        _check_can_contribute(actor, group)
        shared = SharedFile(
            group=group,
            uploaded_by=actor,
            original_name=filetypes.download_name(upload.name, kind),
            content_type=content_type,
            size=upload.size,
            description=(description or "").strip()[:300],
        )
        upload.seek(0)
        shared.file.save("upload", upload, save=False)
        # A failing insert (or a rollback of the transaction) must not leave the file behind.
        stored_name, storage = shared.file.name, shared.file.storage
        try:
            shared.save()
        except Exception:
            storage.delete(stored_name)
            raise
    return shared


def remove_file(actor, shared):
    """Delete a shared file and its stored content (the uploader, a group lead, a coordinator)."""
    with transaction.atomic():
        shared = SharedFile.objects.select_for_update().select_related("group").get(pk=shared.pk)
        _check_can_contribute(actor, shared.group)
        if shared.uploaded_by_id != actor.pk and not _can_manage(actor, shared.group):
            raise PermissionDenied(
                _("Only the person who shared a file, or a group lead, can remove it.")
            )
        shared.delete()  # the stored content goes after the commit (signals.py)


# --- meetings -------------------------------------------------------------------------------

MEETING_FIELDS = ("held_on", "title", "place", "notes", "learned", "do_differently")


def create_meeting(actor, group, **fields):
    """Add the notes of a meeting (and, if already known, its reflection)."""
    with transaction.atomic():
        _check_can_contribute(actor, group)
        meeting = Meeting(group=group, written_by=actor)
        for name in MEETING_FIELDS:
            if name in fields:
                setattr(meeting, name, fields[name])
        meeting.full_clean()
        meeting.save()
    return meeting


def update_meeting(actor, meeting, **fields):
    """Change a meeting's notes or its reflection: every member can, as in a shared document."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
        _check_can_contribute(actor, meeting.group)
        for name in MEETING_FIELDS:
            if name in fields:
                setattr(meeting, name, fields[name])
        meeting.full_clean()
        meeting.save()
    return meeting


# --- actions and decisions ------------------------------------------------------------------


def create_action(actor, group, *, kind, text, assignee=None, due_on=None, meeting=None):
    """Put a to-do or a decision on the group's list.

    Refuses an assignee who is not a current member, a meeting of another group, and a deadline
    in the past (a new to-do must be doable).
    """
    text = (text or "").strip()
    errors = {}
    if not text:
        errors["text"] = _("Describe the action or decision.")
    with transaction.atomic():
        _check_can_contribute(actor, group)
        if assignee is not None and not current_members(group).filter(pk=assignee.pk).exists():
            errors["assignee"] = _("Choose someone who is a member of this group.")
        if meeting is not None and meeting.group_id != group.pk:
            errors["meeting"] = _("Choose a meeting of this group.")
        if kind == ActionKind.TODO and due_on is not None and due_on < timezone.localdate():
            errors["due_on"] = _(
                "The deadline has already passed. Choose today or a date in the future."
            )
        if errors:
            raise ValidationError(errors)
        action = ActionItem.objects.create(
            group=group,
            kind=kind,
            text=text,
            assignee=assignee if kind == ActionKind.TODO else None,
            due_on=due_on,
            meeting=meeting,
            created_by=actor,
        )
    return action


def update_action(actor, action, *, kind, text, assignee=None, due_on=None, meeting=None):
    """Change a to-do or decision. Unlike a new to-do, a deadline in the past is kept: a late
    to-do stays on the list with its real deadline."""
    text = (text or "").strip()
    errors = {}
    if not text:
        errors["text"] = _("Describe the action or decision.")
    with transaction.atomic():
        action = ActionItem.objects.select_for_update().select_related("group").get(pk=action.pk)
        group = action.group
        _check_can_contribute(actor, group)
        if assignee is not None and not current_members(group).filter(pk=assignee.pk).exists():
            errors["assignee"] = _("Choose someone who is a member of this group.")
        if meeting is not None and meeting.group_id != group.pk:
            errors["meeting"] = _("Choose a meeting of this group.")
        if errors:
            raise ValidationError(errors)
        action.kind = kind
        action.text = text
        action.assignee = assignee if kind == ActionKind.TODO else None
        action.due_on = due_on
        action.meeting = meeting
        action.save(update_fields=["kind", "text", "assignee", "due_on", "meeting"])
    return action


def set_action_done(actor, action, done):
    """Mark a to-do done, or open it again. Idempotent."""
    with transaction.atomic():
        action = ActionItem.objects.select_for_update().select_related("group").get(pk=action.pk)
        _check_can_contribute(actor, action.group)
        if done and action.done_at is None:
            action.done_at = timezone.now()
        elif not done:
            action.done_at = None
        action.save(update_fields=["done_at"])
    return action
