"""Newsletter subscribers and the record of their consent.

A subscriber is an e-mail address, unique however it is capitalised. Visitors subscribe with
double opt-in: the row is `pending` until the link in the confirmation mail is used, and only
`confirmed` subscribers may ever get a newsletter. Every change of consent (given, withdrawn,
topics changed) leaves a ConsentRecord with the privacy statement's version of that moment and
the form it came from, so the Werkplaats can show when and how someone agreed (AVG art. 7).
No IP address is stored.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.fields import RichTextField

EMAIL_MAX = 254
NAME_MAX = 100


def new_key():
    return secrets.token_urlsafe(16)


def normalise_email(email):
    """The address as it is stored: outer spaces removed, the domain in lower case (the part
    before the @ may be case-sensitive for the receiving server, so it is kept as typed)."""
    local, at, domain = (email or "").strip().rpartition("@")
    if not at:
        return (email or "").strip()
    return f"{local}@{domain.lower()}"


class SubscriberStatus(models.TextChoices):
    PENDING = "pending", _("waiting for confirmation")
    CONFIRMED = "confirmed", _("subscribed")
    UNSUBSCRIBED = "unsubscribed", _("unsubscribed")


class Source(models.TextChoices):
    """Where someone gave or changed their consent."""

    FOOTER = "footer", _("footer form")
    NEWSLETTER_PAGE = "newsletter_page", _("newsletter page")
    MEMBER_PAGE = "member_page", _("member page")
    PREFERENCES_PAGE = "preferences_page", _("preferences page")
    UNSUBSCRIBE_PAGE = "unsubscribe_page", _("unsubscribe page")
    ONE_CLICK = "one_click", _("one-click unsubscribe")


class SubscriberQuerySet(models.QuerySet):
    def with_email(self, email):
        return self.filter(email__iexact=normalise_email(email))

    def confirmed(self):
        return self.filter(status=SubscriberStatus.CONFIRMED)


class Subscriber(models.Model):
    email = models.EmailField(_("e-mail address"), max_length=EMAIL_MAX)
    name = models.CharField(_("name"), max_length=NAME_MAX, blank=True)
    topics = models.ManyToManyField(
        "website.ThemePage",
        verbose_name=_("themes"),
        blank=True,
        related_name="newsletter_subscribers",
        help_text=_("No themes chosen: everything."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SubscriberStatus.choices,
        default=SubscriberStatus.PENDING,
    )
    # The form of the latest subscription; the consent record of the confirmation names it.
    source = models.CharField(_("subscribed via"), max_length=20, choices=Source.choices)
    # The secret in the subscriber's personal links (links.py). Never shown, never changed.
    key = models.CharField(max_length=32, default=new_key, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="newsletter_subscriber",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # The latest request by a form; an unconfirmed request is deleted 30 days after it.
    requested_at = models.DateTimeField(_("last requested"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    # For the sending slice: bounces counted, and an address that no longer takes mail.
    bounce_count = models.PositiveIntegerField(_("bounces"), default=0)
    undeliverable = models.BooleanField(_("undeliverable"), default=False)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="newsletter_subscriber_email_unique"),
            models.CheckConstraint(
                condition=~models.Q(status=SubscriberStatus.CONFIRMED)
                | models.Q(confirmed_at__isnull=False),
                name="newsletter_confirmed_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "requested_at"])]

    def __str__(self):
        return self.email


class ConsentAction(models.TextChoices):
    GIVEN = "given", _("consent given")
    WITHDRAWN = "withdrawn", _("consent withdrawn")
    TOPICS_CHANGED = "topics_changed", _("themes changed")


class ConsentRecord(models.Model):
    """One consent event. Written by the services only, never changed afterwards."""

    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name=_("subscriber"),
        on_delete=models.CASCADE,
        related_name="consent_records",
    )
    action = models.CharField(_("action"), max_length=20, choices=ConsentAction.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    # selectors.privacy_statement_version(): which text of /privacy/ was in force.
    privacy_version = models.CharField(_("privacy statement version"), max_length=100)
    source = models.CharField(_("via"), max_length=20, choices=Source.choices)
    # The themes chosen after the event, as their titles then (pages may be renamed later).
    topics = models.TextField(_("themes"), blank=True)

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.subscriber} {self.action} {self.at:%Y-%m-%d %H:%M}"


# --- issues and their sending --------------------------------------------------------------


class IssueStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SCHEDULED = "scheduled", _("scheduled")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")


class NewsletterIssueQuerySet(models.QuerySet):
    def sent(self):
        return self.filter(status=IssueStatus.SENT)


class NewsletterIssue(models.Model):
    """One newsletter: an intro and picked news, activities and products.

    Who gets it is fixed when sending starts (a Delivery per subscriber); from then on the
    content is no longer edited. A sent issue is also shown in the web archive.
    """

    subject = models.CharField(_("subject"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )
    news_items = models.ManyToManyField(
        "website.NewsPage", verbose_name=_("news"), blank=True, related_name="+"
    )
    activities = models.ManyToManyField(
        "activities.Activity", verbose_name=_("activities"), blank=True, related_name="+"
    )
    products = models.ManyToManyField(
        "library.Product", verbose_name=_("products"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=IssueStatus.choices, default=IssueStatus.DRAFT
    )
    send_at = models.DateTimeField(_("send at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    started_at = models.DateTimeField(_("sending started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = NewsletterIssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.subject

    @property
    def is_editable(self):
        return self.status in (IssueStatus.DRAFT, IssueStatus.SCHEDULED)


class DeliveryStatus(models.TextChoices):
    # A context of its own: the library's "waiting" (a file's text) reads otherwise in Dutch.
    PENDING = "pending", pgettext_lazy("newsletter delivery", "waiting")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    BOUNCED = "bounced", _("refused by the receiving server")
    FAILED = "failed", _("failed")
    SKIPPED = "skipped", _("not sent: unsubscribed in the meantime")


class Delivery(models.Model):
    """One subscriber's copy of one issue; see sending.py for how it is sent exactly once.

    No address is copied here: the mail goes to the subscriber's address at the moment of
    sending, and a subscriber who is erased leaves only the figures.
    """

    issue = models.ForeignKey(NewsletterIssue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(
        Subscriber, null=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    status = models.CharField(
        max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    # The batch that claimed it (sending.py) and when: a claim of a killed worker runs out.
    claim = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    retry_after = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscriber"], name="newsletter_one_delivery_per_subscriber"
            )
        ]
        indexes = [models.Index(fields=["issue", "status", "id"])]

    def __str__(self):
        return f"{self.issue} → {self.subscriber or '-'} ({self.status})"
