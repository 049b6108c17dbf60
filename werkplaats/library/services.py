"""Services of the library: writing, versioning, the privacy guard, sharing and review.

Every write goes through these functions (views, admin, demo and API alike). Each takes the
acting Person first, checks permission (PermissionDenied), runs in one transaction with the
entry row locked, and writes a new Version for every change of content. Nothing leaves the
group while the privacy guard finds direct identifiers that nobody marked as not personal.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from werkplaats.core.slugs import unique_slug
from werkplaats.network.models import Person
from werkplaats.network.services import notify

from . import permissions, privacy
from .models import (
    VISIBILITY_RANK,
    GuardedName,
    PracticeItem,
    Product,
    ReviewStatus,
    Visibility,
)


class PrivacyFindings(ValidationError):
    """The privacy guard found direct identifiers: the entry cannot leave the group yet."""

    def __init__(self, findings):
        self.findings = findings
        super().__init__(
            _(
                "The text contains %(count)s possible personal detail(s) of clients. Remove "
                "them, or ask the group lead or a coordinator to mark them as not personal."
            )
            % {"count": len(findings)},
            code="privacy",
        )


def _user(actor):
    """The account of the acting person, with the person cached for the permission checks."""
    if actor is None or actor.user_id is None or not actor.user.is_active:
        raise PermissionDenied(_("Sign in to do this."))
    user = actor.user
    user._werkplaats_person = actor
    return user


# --- versions --------------------------------------------------------------------------------


def _is_foreign_key(entry, name):
    return entry._meta.get_field(name).many_to_one


def _value(entry, name):
    """A versioned field's value as a version keeps it (a foreign key by its key)."""
    if _is_foreign_key(entry, name):
        return getattr(entry, entry._meta.get_field(name).attname)
    return getattr(entry, name)


def _set(entry, name, value):
    """Set a versioned field from a form (an object) or from a version (a key)."""
    if _is_foreign_key(entry, name) and not isinstance(value, models.Model):
        setattr(entry, entry._meta.get_field(name).attname, value)
    else:
        setattr(entry, name, value)


def snapshot(entry):
    """The versioned state of an entry: its fields and the sorted keys of its relations."""
    data = {name: _value(entry, name) for name in entry.versioned_fields}
    for name in entry.versioned_relations:
        data[name] = sorted(getattr(entry, name).values_list("pk", flat=True))
    return data


def _record_version(entry, actor, previous, note=""):
    """Store the entry's current state as its next version, if anything changed."""
    data = snapshot(entry)
    changed = [name for name in data if previous is None or previous.get(name) != data[name]]
    if previous is not None and not changed:
        return None
    last = entry.versions.first()
    return entry.versions.create(
        number=(last.number + 1) if last else 1,
        data=data,
        changed=[] if previous is None else changed,
        note=note[:300],
        author=actor,
    )


def _lock(entry):
    return type(entry).objects.select_for_update().get(pk=entry.pk)


# --- the privacy guard ---------------------------------------------------------------------


def guarded_names(entry):
    groups = [entry.group] if isinstance(entry, PracticeItem) else list(entry.groups.all())
    return list(GuardedName.objects.filter(group__in=groups).values_list("name", flat=True))


def waived_keys(entry, visibility=Visibility.MEMBERS):
    """The findings marked not personal for sharing with `visibility`: for the members, every
    marking; for the public only a coordinator's (a lead's marking does not reach that far)."""
    return {
        waiver["key"]
        for waiver in entry.not_personal
        if visibility != Visibility.PUBLIC or waiver.get("visibility") == Visibility.PUBLIC
    }


def audience_at_stake(entry):
    """The widest audience the entry has or is waiting for: what the privacy guard guards."""
    if entry.visibility == Visibility.PUBLIC or entry.review_status == ReviewStatus.PENDING:
        return Visibility.PUBLIC
    return Visibility.MEMBERS


def privacy_findings(entry, visibility=None):
    """What the privacy guard finds in the entry now, without what was marked not personal for
    sharing it with `visibility` (by default the audience at stake, see audience_at_stake)."""
    visibility = visibility or audience_at_stake(entry)
    return privacy.scan(entry.guarded_text(), guarded_names(entry), waived_keys(entry, visibility))


def _check_privacy(entry):
    if entry.visibility != Visibility.GROUP or entry.review_status == ReviewStatus.PENDING:
        findings = privacy_findings(entry)
        if findings:
            raise PrivacyFindings(findings)


def mark_not_personal(actor, entry, key, visibility):
    """Mark one finding (by its key) as not personal, for sharing with `visibility`.

    Guarantees: only the group lead (for members) or a coordinator (also for public) may; the
    marking is kept with who and when, and noted in the history.
    """
    user = _user(actor)
    with transaction.atomic():
        entry = _lock(entry)
        if not permissions.can_waive_for(user, entry, visibility):
            raise PermissionDenied(_("Only the group lead or a coordinator can do this."))
        found = {finding.key: finding for finding in privacy_findings(entry, visibility)}
        if key not in found:
            return entry
        finding = found[key]
        entry.not_personal = [
            *entry.not_personal,
            {
                "key": key,
                "kind": finding.kind,
                "text": finding.text,
                "visibility": str(Visibility(visibility)),
                "by": actor.pk,
                "at": timezone.now().isoformat(),
            },
        ]
        entry.save(update_fields=["not_personal"])
        _note(entry, actor, _("Marked “%(text)s” as not personal") % {"text": found[key].text})
    return entry


def _note(entry, actor, note):
    """A line in the history for a change that is not a change of content."""
    last = entry.versions.first()
    entry.versions.create(
        number=(last.number + 1) if last else 1,
        data=last.data if last else snapshot(entry),
        changed=[],
        note=note[:300],
        author=actor,
    )


def add_guarded_name(actor, group, name):
    """Add a name to the group's list for the privacy guard (members of the group)."""
    user = _user(actor)
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("Type a name."), code="required")
    if len(name) > 100:
        raise ValidationError(_("A name can be at most 100 characters."), code="max_length")
    with transaction.atomic():
        if not permissions.can_contribute(user, group):
            raise PermissionDenied(_("Only members of this group can do this."))
        guarded, _created = GuardedName.objects.get_or_create(
            group=group, name=name, defaults={"added_by": actor}
        )
    return guarded


def remove_guarded_name(actor, guarded):
    user = _user(actor)
    with transaction.atomic():
        if not permissions.can_contribute(user, guarded.group):
            raise PermissionDenied(_("Only members of this group can do this."))
        guarded.delete()


# --- writing ---------------------------------------------------------------------------------


def create_practice_item(actor, group, *, relations=None, **fields):
    """Write a new dilemma, case, example, question or tip in a group; private to the group.

    `relations` maps versioned relation names to querysets or lists of objects.
    """
    user = _user(actor)
    with transaction.atomic():
        if not permissions.can_contribute(user, group):
            raise PermissionDenied(_("Only members of this group can do this."))
        item = PracticeItem(group=group, created_by=actor, visibility=Visibility.GROUP, **fields)
        item.slug = unique_slug(PracticeItem, item.title)
        item.full_clean()
        item.save()
        for name, objects in (relations or {}).items():
            getattr(item, name).set(objects)
        _record_version(item, actor, None)
    return item


def create_product(actor, *, relations=None, **fields):
    """Add a product; private to its groups until shared. Coordinators or the groups' members.

    `relations` must name at least one group, unless a coordinator adds it.
    """
    user = _user(actor)
    relations = dict(relations or {})
    groups = list(relations.get("groups", []))
    with transaction.atomic():
        allowed = permissions.can_review(user) or (
            groups and all(permissions.can_contribute(user, group) for group in groups)
        )
        if not allowed:
            raise PermissionDenied(_("Only members of the product's groups can add it."))
        product = Product(created_by=actor, **fields)
        product.slug = unique_slug(Product, product.title)
        product.full_clean()
        product.save()
        for name, objects in relations.items():
            getattr(product, name).set(objects)
        _record_version(product, actor, None)
    return product


def update_entry(actor, entry, *, relations=None, note="", check_groups=True, **fields):
    """Change the content of a practice item or product; keeps the old state as a version.

    Guarantees: an entry shared beyond its group stays free of unmarked personal details (the
    change is refused otherwise, nothing is saved); a change while a review is waiting is
    reviewed as it is now.
    """
    user = _user(actor)
    with transaction.atomic():
        entry = _lock(entry)
        if not permissions.can_edit(user, entry):
            raise PermissionDenied(_("Only members of the group can change this."))
        previous = snapshot(entry)
        for name, value in fields.items():
            if name not in entry.versioned_fields:
                raise ValueError(f"{name} is not an editable field")
            _set(entry, name, value)
        entry.full_clean(exclude=["slug"])
        if check_groups and relations and "groups" in relations:
            _check_groups(user, entry, relations["groups"])
        for name, objects in (relations or {}).items():
            getattr(entry, name).set(objects)
        _check_privacy(entry)
        if snapshot(entry) == previous:
            return entry
        entry.updated_at = timezone.now()
        entry.save()
        _record_version(entry, actor, previous, note)
    return entry


def _check_groups(user, entry, groups):
    """A product keeps at least one group, and a writer adds only groups they may write in
    (a coordinator any)."""
    if permissions.can_review(user):
        return
    if not groups:
        raise ValidationError({"groups": _("A product belongs to at least one group.")})
    current = set(entry.groups.values_list("pk", flat=True))
    for group in groups:
        if group.pk not in current and not permissions.can_contribute(user, group):
            raise PermissionDenied(_("You can only add groups you are a member of."))


def restore_version(actor, entry, version):
    """Put an old version back, as a new version (nothing of the history is lost)."""
    if version.object_id != entry.pk or version.content_type.model_class() is not type(entry):
        raise ValidationError(_("This version belongs to something else."))
    data = dict(version.data)
    fields = {name: data[name] for name in entry.versioned_fields if name in data}
    relations = {}
    for name in entry.versioned_relations:
        if name in data:
            model = entry._meta.get_field(name).related_model
            relations[name] = model.objects.filter(pk__in=data[name])
    # The groups it had then come back with it, also one the restorer is not in.
    return update_entry(
        actor,
        entry,
        relations=relations,
        note=_("Restored version %(number)s") % {"number": version.number},
        check_groups=False,
        **fields,
    )


# --- sharing and review -----------------------------------------------------------------------


def coordinators():
    return Person.objects.filter(user__in=get_user_model().objects.coordinators())


def share(actor, entry, visibility):
    """Change who sees an entry.

    Guarantees: narrowing is always allowed to its writers; sharing with the members of the
    Werkplaats needs a privacy guard without findings; public needs that and a coordinator's
    review, so asking for it puts the entry in the review queue (a coordinator's own request
    is approved at once).
    """
    user = _user(actor)
    visibility = Visibility(visibility)
    with transaction.atomic():
        entry = _lock(entry)
        if not permissions.can_edit(user, entry):
            raise PermissionDenied(_("Only members of the group can change this."))
        if visibility == entry.visibility and entry.review_status != ReviewStatus.PENDING:
            return entry  # nothing changes: no line in the history
        if VISIBILITY_RANK[visibility] <= VISIBILITY_RANK[entry.visibility]:
            entry.visibility = visibility
            entry.review_status = ReviewStatus.NONE
            if visibility != Visibility.PUBLIC:
                entry.published_at = None
            entry.save(update_fields=["visibility", "review_status", "published_at"])
            _note(entry, actor, _("Now visible to: %(who)s") % {"who": visibility.label})
            return entry
        findings = privacy_findings(entry, visibility)
        if findings:
            raise PrivacyFindings(findings)
        if visibility == Visibility.MEMBERS or permissions.can_review(user):
            return _publish(actor, entry, visibility)
        entry.review_status = ReviewStatus.PENDING
        entry.review_note = ""
        entry.save(update_fields=["review_status", "review_note"])
        _note(entry, actor, _("Asked to make this public"))
        notify(
            coordinators(),
            kind="library_review",
            title=_("Review requested: %(title)s") % {"title": entry.title},
            url=reverse("library:review"),
            actor=actor,
        )
    return entry


def _publish(actor, entry, visibility):
    entry.visibility = visibility
    entry.review_status = ReviewStatus.NONE
    if visibility == Visibility.PUBLIC and entry.published_at is None:
        entry.published_at = timezone.now()
    entry.save(update_fields=["visibility", "review_status", "published_at"])
    _note(entry, actor, _("Now visible to: %(who)s") % {"who": Visibility(visibility).label})
    return entry


def approve(actor, entry):
    """A coordinator makes an entry public after review (the privacy guard must be clear)."""
    user = _user(actor)
    with transaction.atomic():
        entry = _lock(entry)
        if not permissions.can_review(user):
            raise PermissionDenied(_("Only a coordinator can approve this."))
        findings = privacy_findings(entry, Visibility.PUBLIC)
        if findings:
            raise PrivacyFindings(findings)
        entry.reviewed_by = actor
        entry.reviewed_at = timezone.now()
        entry.review_note = ""
        entry.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
        _publish(actor, entry, Visibility.PUBLIC)
        notify(
            [entry.created_by],
            kind="library_review",
            title=_("Now public: %(title)s") % {"title": entry.title},
            url=entry.get_absolute_url(),
            actor=actor,
        )
    return entry


def reject(actor, entry, note):
    """A coordinator turns a request down, saying why; the entry stays visible as it was."""
    user = _user(actor)
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Say why, so the group knows what to change."), code="required")
    with transaction.atomic():
        entry = _lock(entry)
        if not permissions.can_review(user):
            raise PermissionDenied(_("Only a coordinator can do this."))
        entry.review_status = ReviewStatus.REJECTED
        entry.review_note = note[:2000]
        entry.reviewed_by = actor
        entry.reviewed_at = timezone.now()
        entry.save(update_fields=["review_status", "review_note", "reviewed_by", "reviewed_at"])
        _note(entry, actor, _("Not approved for public: %(note)s") % {"note": note})
        notify(
            [entry.created_by],
            kind="library_review",
            title=_("Not yet public: %(title)s") % {"title": entry.title},
            body=note,
            url=entry.get_absolute_url(),
            actor=actor,
        )
    return entry
