"""The network: municipalities, organisations and their partnerships, and the people who take part.

A Person is someone who takes part, with or without an account: residents and guests who come to
a meeting are recorded by name (and e-mail when known) and can later claim that history by
verifying the same e-mail address. E-mail addresses are stored lower-case and are unique, so the
same address is always the same person.
"""

import hashlib
import os
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.fields.files import ImageFieldFile
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from werkplaats.core.files import private_storage


class Municipality(models.Model):
    """A municipality; `in_region` marks the ones of the Werkplaats's own region."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    in_region = models.BooleanField(_("in the region"), default=True)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self):
        return self.name


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "gemeente", _("municipality")
    UNIVERSITY = "hogeschool", _("university of applied sciences / lectorate")
    WELFARE = "welzijn", _("welfare")
    CARE = "zorg", _("care")
    RESIDENTS = "bewonersinitiatief", _("residents' initiative")
    OTHER = "overig", _("other")


class OrganisationQuerySet(models.QuerySet):
    def current_partners(self, on=None):
        """Organisations with a partnership running on the given date (today by default)."""
        on = on or timezone.localdate()
        running = Partnership.objects.filter(
            organisation=models.OuterRef("pk"), started_on__lte=on
        ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
        return self.filter(models.Exists(running))


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Partnership(models.Model):
    """A period in which an organisation is a partner of the Werkplaats.

    A partner can leave and come back: that is a second partnership, not an edited date.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="partnerships",
    )
    started_on = models.DateField(_("start date"))
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["organisation__name", "started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="network_partnership_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} ({self.started_on:%Y}–{self.ended_on or ''})"


class Role(models.TextChoices):
    """The roles someone takes part in; several at once (the seeds: positions are hybrid)."""

    PROFESSIONAL = "professional", _("social professional")
    POLICY_MAKER = "beleidsmaker", _("policy maker")
    TEACHER_RESEARCHER = "docentonderzoeker", _("teacher-researcher")
    STUDENT = "student", _("student")
    RESIDENT = "bewoner", _("resident")
    VOLUNTEER = "vrijwilliger", _("volunteer")
    CARER = "mantelzorger", _("informal carer")
    ADMINISTRATOR = "bestuurder", _("administrator / politician")


class Position(models.TextChoices):
    PAID = "betaald", _("paid")
    UNPAID = "onbetaald", _("unpaid")
    BOTH = "beide", _("both paid and unpaid")


class Visibility(models.TextChoices):
    """Who may see one part of a profile. Visitors never see more than the member allows."""

    NOBODY = "niemand", _("only me (and the coordinators)")
    MEMBERS = "leden", _("members of the Werkplaats")
    PUBLIC = "iedereen", _("everyone, also visitors")


class NotificationMode(models.TextChoices):
    IMMEDIATE = "direct", _("an e-mail for each notification")
    DAILY = "dagelijks", _("one e-mail a day with everything new")
    NONE = "geen", _("no e-mail, only on the site")


class PersonQuerySet(models.QuerySet):
    def with_email(self, email):
        return self.filter(email=normalise_email(email))


def normalise_email(email):
    return (email or "").strip().lower() or None


def visibility_field(verbose_name, default):
    return models.CharField(
        verbose_name, max_length=16, choices=Visibility.choices, default=default
    )


PHOTO_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")


def photo_path(instance, filename):
    """A fresh random name for every photo, whoever uploads it (profile form or admin)."""
    extension = os.path.splitext(filename)[1].lower()
    if extension not in PHOTO_EXTENSIONS:
        extension = ""
    return f"people/photos/{secrets.token_hex(12)}{extension}"


class PhotoFieldFile(ImageFieldFile):
    """A profile photo has no address in a storage: it is served by a view that checks who
    may see it. `url` gives that view, so nothing (the Wagtail admin's "currently" link
    included) can point at the file itself."""

    @property
    def url(self):
        self._require_file()
        return self.instance.photo_url


class PhotoField(models.ImageField):
    attr_class = PhotoFieldFile


class Person(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    # Unique when known: the same address is the same person (attendance, claiming history).
    # NULL, not "", for "unknown": the unique constraint must not treat unknowns as equal.
    email = models.EmailField(_("e-mail address"), null=True, blank=True)  # noqa: DJ001
    handle = models.SlugField(
        _("mention name"),
        max_length=60,
        unique=True,
        help_text=_("Others mention you in a discussion with @ and this name."),
    )
    # Private storage, served by network:photo to whom `photo_visibility` allows (issue 3):
    # a URL in someone's browser history or an old page must not outlive the member's choice.
    photo = PhotoField(_("photo"), upload_to=photo_path, storage=private_storage, blank=True)
    position = models.CharField(
        _("paid or unpaid"), max_length=16, choices=Position.choices, blank=True
    )
    work_municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality of work"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    bio = models.TextField(_("about me"), blank=True, max_length=2000)

    # What others may see. The name is always visible to fellow members of a group.
    name_visibility = visibility_field(_("who sees my name"), Visibility.MEMBERS)
    photo_visibility = visibility_field(_("who sees my photo"), Visibility.MEMBERS)
    email_visibility = visibility_field(_("who sees my e-mail address"), Visibility.NOBODY)
    organisations_visibility = visibility_field(
        _("who sees my organisations and functions"), Visibility.MEMBERS
    )
    roles_visibility = visibility_field(_("who sees my roles"), Visibility.MEMBERS)
    municipality_visibility = visibility_field(
        _("who sees my municipality of work"), Visibility.MEMBERS
    )
    bio_visibility = visibility_field(_("who sees 'about me'"), Visibility.MEMBERS)

    notification_mode = models.CharField(
        _("notifications by e-mail"),
        max_length=16,
        choices=NotificationMode.choices,
        default=NotificationMode.IMMEDIATE,
    )
    contact_for = models.ManyToManyField(
        "network.Organisation",
        verbose_name=_("partner contact for"),
        blank=True,
        related_name="partner_contacts",
        help_text=_("Partner contacts see the reports of these organisations (read-only)."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="network_person_email_ci_unique",
                condition=Q(email__isnull=False),
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def initials(self):
        return "".join(part[0] for part in self.full_name.split()[:2] if part).upper()

    @property
    def photo_url(self):
        """The photo's address (the view that checks who may see it), or "" without a photo.

        Built from this row alone, so a list of avatars costs no query. The version is a hash of
        the file name, which is new for every photo: a replaced photo is never served from a
        cache, and the name itself stays unknown.
        """
        if not self.photo:
            return ""
        return f"{reverse('network:photo', args=[self.handle])}?v={self.photo_version}"

    @property
    def photo_version(self):
        return hashlib.sha256(self.photo.name.encode()).hexdigest()[:12] if self.photo else ""

    def role_labels(self):
        """Labels of this person's roles; use with prefetch_related("roles")."""
        return [role.get_role_display() for role in self.roles.all()]


class PersonRole(models.Model):
    """One of a person's roles: a row each, so figures can be counted by role in SQL."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["role"]
        constraints = [
            models.UniqueConstraint(fields=["person", "role"], name="network_personrole_unique"),
        ]

    def __str__(self):
        return self.get_role_display()


class Affiliation(models.Model):
    """Someone works (or volunteers) at an organisation, in a function."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="affiliations"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="affiliations",
    )
    function = models.CharField(_("function"), max_length=150, blank=True)
    started_on = models.DateField(_("since"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation", "function"],
                name="network_affiliation_unique",
            ),
        ]

    def __str__(self):
        return f"{self.function} – {self.organisation}" if self.function else str(self.organisation)


class Notification(models.Model):
    """Something new for one person: shown on the site, and mailed now or in the daily digest.

    `emailed_at` makes sending idempotent: a task that runs twice mails once.
    """

    recipient = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    actor = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=32)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="network_notif_unread"),
            models.Index(fields=["emailed_at", "recipient"], name="network_notif_unsent"),
        ]

    def __str__(self):
        return self.title
