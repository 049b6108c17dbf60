"""Activities across the region: what happens when and where, who signed up, who came.

An activity is held at a venue (reused), organised by one or more learning groups, for an
audience (everyone, the members of the Werkplaats, or the members of its groups). People sign
up (a Registration: confirmed, on the waiting list, waiting for their e-mail confirmation, or
cancelled); at the door the organiser records who came (Attendance). Both point at a
network.Person, so the same e-mail address is always the same person and the figures count
unique people.
"""

import secrets

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelsearch import index


class ActivityKind(models.TextChoices):
    MEETING = "bijeenkomst", _("meeting")
    FOCUS_GROUP = "focusgroep", _("focus group")
    EXCHANGE = "uitwisseling", _("exchange")
    VISIT = "bezoek", _("mutual visit")
    KNOWLEDGE_CAFE = "kenniscafe", _("knowledge café")
    WORKSHOP = "workshop", _("workshop")
    CONFERENCE = "werkconferentie", _("work conference")
    GUEST_LECTURE = "gastles", _("guest lecture")
    KITCHEN_TABLE = "keukentafelgesprek", _("kitchen-table talk")


class Audience(models.TextChoices):
    PUBLIC = "openbaar", _("everyone (public)")
    MEMBERS = "leden", _("members of the Werkplaats")
    GROUP = "groep", _("members of the organising group(s)")


class Venue(models.Model):
    """A place in a municipality of the region; reused by many activities."""

    name = models.CharField(_("name"), max_length=200)
    street_address = models.CharField(_("address"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("place"), max_length=100)
    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="venues",
    )
    directions = models.TextField(
        _("route and accessibility"),
        blank=True,
        help_text=_("Public transport, parking, wheelchair access, which door or room."),
    )

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["municipality__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "municipality"], name="activities_venue_unique_name"
            ),
        ]

    def __str__(self):
        return f"{self.name}, {self.city}"

    @property
    def one_line(self):
        parts = [self.name, self.street_address, f"{self.postcode} {self.city}".strip()]
        return ", ".join(part for part in parts if part)

    def clean(self):
        if self.municipality_id and not self.municipality.in_region:
            raise ValidationError(
                {
                    "municipality": _(
                        "%(name)s is outside the region of the Werkplaats. Choose a "
                        "municipality of the region, or ask a coordinator to add it to the "
                        "region first."
                    )
                    % {"name": self.municipality.name}
                }
            )


class ActivityQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now())

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now())

    def not_cancelled(self):
        return self.filter(cancelled_at__isnull=True)

    def public(self):
        """What visitors see: `visible_to` a visitor is exactly this."""
        return self.filter(audience=Audience.PUBLIC)

    def not_public(self):
        return self.exclude(audience=Audience.PUBLIC)

    def visible_to(self, person=None, *, coordinator=False):
        """What `person` (None for a visitor) may see: public activities; for members also the
        members-only ones; for members of an organising group also that group's own."""
        if coordinator:
            return self
        if person is None:
            return self.public()
        own_group = Q(
            audience=Audience.GROUP,
            groups__memberships__person=person,
            groups__memberships__ended_on__isnull=True,
        )
        ids = self.filter(own_group).values("pk")
        return self.filter(Q(audience__in=[Audience.PUBLIC, Audience.MEMBERS]) | Q(pk__in=ids))


class Activity(models.Model):
    kind = models.CharField(_("kind"), max_length=32, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One sentence for the calendar and search.")
    )
    description = models.TextField(_("description"), blank=True)
    groups = models.ManyToManyField(
        "groups.LearningGroup",
        verbose_name=_("organising groups"),
        blank=True,
        related_name="activities",
    )
    themes = models.ManyToManyField(
        "website.ThemePage", verbose_name=_("themes"), blank=True, related_name="activities"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("venue"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        help_text=_("Leave empty for an activity that is only online."),
    )
    audience = models.CharField(
        _("for whom"), max_length=16, choices=Audience.choices, default=Audience.PUBLIC
    )
    registration_required = models.BooleanField(_("sign-up needed"), default=True)
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no limit. When full, new sign-ups go on a waiting list."),
    )
    registration_opens_at = models.DateTimeField(
        _("sign-up opens"), null=True, blank=True, help_text=_("Empty: open at once.")
    )
    registration_closes_at = models.DateTimeField(
        _("sign-up deadline"), null=True, blank=True, help_text=_("Empty: until it starts.")
    )
    online_url = models.URLField(
        _("online link"),
        blank=True,
        help_text=_("Shown only to people whose sign-up is confirmed."),
    )
    ask_organisation_and_role = models.BooleanField(
        _("ask visitors for organisation and role"), default=False
    )
    answers_kept_days = models.PositiveIntegerField(
        _("keep answers to extra questions (days after the end)"),
        default=14,
        help_text=_("Answers (dietary or accessibility needs) are deleted after this."),
    )
    outcome = models.TextField(
        _("outcome"), blank=True, help_text=_("Afterwards: what came out of it, for the archive.")
    )
    products = models.ManyToManyField(
        "library.Product",
        verbose_name=_("products that came out of it"),
        blank=True,
        related_name="activities",
        help_text=_(
            "Shown with the outcome in the archive, each only to those who may see the product."
        ),
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancellation_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = ActivityQuerySet.as_manager()

    # The site search (library/search.py): what the public activity page shows (never the
    # online link, which only confirmed sign-ups see).
    search_fields = [
        index.SearchField("title", boost=4),
        index.SearchField("summary", boost=2),
        index.SearchField("description"),
        index.SearchField("outcome"),
        index.RelatedFields("venue", [index.SearchField("name"), index.SearchField("city")]),
    ]

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="activities_activity_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="activities_activity_capacity_positive",
            ),
        ]
        indexes = [
            models.Index(fields=["ends_at", "starts_at"], name="activities_calendar"),
            # Figures and the archive select by start; an index led by the audience (80 % of
            # rows are public) misled SQLite's planner on the calendar.
            models.Index(fields=["starts_at"], name="activities_starts"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("activities:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The end is before the start. Choose a later end time.")
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = _(
                "The sign-up deadline is before sign-up opens. Choose a later deadline."
            )
        if (
            self.registration_closes_at
            and self.ends_at
            and self.registration_closes_at > self.ends_at
        ):
            errors["registration_closes_at"] = _(
                "The sign-up deadline is after the activity has ended. Choose an earlier one."
            )
        if self.venue_id and not self.venue.municipality.in_region:
            errors["venue"] = _(
                "This venue is outside the region of the Werkplaats. Choose a venue in the region."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_cancelled(self):
        return self.cancelled_at is not None

    def is_past(self, now=None):
        return self.ends_at < (now or timezone.now())

    @property
    def registration_deadline(self):
        return self.registration_closes_at or self.starts_at

    def registration_state(self, now=None):
        """Why sign-up is possible or not: "open", "not_needed", "cancelled", "past",
        "not_yet_open" or "closed". (Full is not a state: a full activity takes the waiting
        list.)"""
        now = now or timezone.now()
        if self.is_cancelled:
            return "cancelled"
        if self.ends_at < now:
            return "past"
        if not self.registration_required:
            return "not_needed"
        if self.registration_opens_at and now < self.registration_opens_at:
            return "not_yet_open"
        if now >= self.registration_deadline:
            return "closed"
        return "open"


class ExtraQuestion(models.Model):
    """A question asked at sign-up (dietary wishes, accessibility needs). The answers are
    deleted `answers_kept_days` after the activity."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(_("question"), max_length=200)
    help_text = models.CharField(_("explanation"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("extra question")
        verbose_name_plural = _("extra questions")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.label


class RegistrationStatus(models.TextChoices):
    UNCONFIRMED = "onbevestigd", _("waiting for e-mail confirmation")
    CONFIRMED = "bevestigd", _("confirmed")
    WAITLIST = "wachtlijst", _("on the waiting list")
    CANCELLED = "geannuleerd", _("cancelled")


ACTIVE_STATUSES = (
    RegistrationStatus.UNCONFIRMED,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLIST,
)


def new_key():
    return secrets.token_urlsafe(16)


class Registration(models.Model):
    """One person's sign-up for one activity.

    The personal link in the mails (confirm, cancel) is signed with the site's secret and names
    this row and its `key`; the key changes when the link must stop working.
    """

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(
        "network.Person", on_delete=models.CASCADE, related_name="registrations"
    )
    status = models.CharField(_("status"), max_length=16, choices=RegistrationStatus.choices)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=32, blank=True)
    answers = models.JSONField(_("answers to extra questions"), default=dict, blank=True)
    key = models.CharField(max_length=32, default=new_key)
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)
    # The waiting list is served in this order; set when the person lands on it.
    waitlisted_at = models.DateTimeField(_("on the waiting list since"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    # Events already mailed ("bevestigd", "promoted", …): a retried mail task sends once.
    mailed = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "person"],
                condition=~Q(status="geannuleerd"),
                name="activities_one_active_registration",
            ),
        ]
        indexes = [
            models.Index(fields=["activity", "status", "waitlisted_at"], name="activities_reg"),
            models.Index(fields=["person", "status"], name="activities_reg_person"),
        ]

    def __str__(self):
        return f"{self.person} – {self.activity}"

    @property
    def token(self):
        return signing.dumps([self.pk, self.key], salt=TOKEN_SALT, compress=True)

    def get_manage_url(self):
        return reverse("activities:registration", kwargs={"token": self.token})

    @property
    def is_active(self):
        return self.status in ACTIVE_STATUSES


TOKEN_SALT = "werkplaats.activities.registration"


class Attendance(models.Model):
    """Someone was there. A row is a tick on the organiser's list; no row, not there."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        "network.Person", on_delete=models.CASCADE, related_name="attendance"
    )
    registration = models.ForeignKey(
        Registration, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    walk_in = models.BooleanField(_("walk-in"), default=False)
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    recorded_by = models.ForeignKey(
        "network.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["recorded_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "person"], name="activities_attended_once"),
        ]
        indexes = [models.Index(fields=["person", "activity"], name="activities_att_person")]

    def __str__(self):
        return f"{self.person} @ {self.activity}"


class CalendarFeed(models.Model):
    """A member's private calendar feed: its address holds `key`; resetting it changes the key,
    so a leaked address stops working."""

    person = models.OneToOneField(
        "network.Person", on_delete=models.CASCADE, related_name="calendar_feed"
    )
    key = models.CharField(max_length=32, unique=True, default=new_key)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.person)


class ActivityPhoto(models.Model):
    """A photo of how it went, shown with the outcome in the archive."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("photo"), on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField(
        _("caption"),
        max_length=200,
        help_text=_("Also the text for people who cannot see the photo."),
    )
    position = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.caption
