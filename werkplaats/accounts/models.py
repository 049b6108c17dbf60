"""Accounts: the user who signs in, and the invitations that bring new users in.

A user is only the key to sign in with. Who someone is in the network (name, organisations,
roles, what they share) lives in `network.Person`, which a user is linked to; residents and
guests can be a Person without ever having a user.
"""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from werkplaats.core.precompiled import Precompiled

COORDINATORS_GROUP = "Coördinatoren"


class WerkplaatsUserManager(UserManager):
    def get_by_natural_key(self, username):
        # Sign-in by e-mail address or user name, both case-insensitive.
        return self.get(models.Q(username__iexact=username) | models.Q(email__iexact=username))

    def coordinators(self):
        """The active users for whom `is_coordinator` holds, as a queryset (see there)."""
        return self.filter(
            models.Q(is_superuser=True) | models.Q(groups__name=COORDINATORS_GROUP),
            is_active=True,
        ).distinct()


class User(AbstractUser):
    """Signs in with an e-mail address (allauth); the user name is kept for Wagtail's admin."""

    email = models.EmailField(_("e-mail address"), unique=True)
    # Self sign-up (OPEN_SIGNUP) waits for a coordinator: NULL until approved. Every other way
    # in (invitation, createsuperuser, the admin) is approved on creation, hence the default.
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True, default=timezone.now)

    objects = WerkplaatsUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    @property
    def is_approved(self):
        return self.is_superuser or self.approved_at is not None

    @property
    def is_coordinator(self):
        """Coordinators (Werkplaats staff) have every right in the member area."""
        if not self.is_active:
            return False
        if self.is_superuser:
            return True
        cached = getattr(self, "_is_coordinator", None)
        if cached is None:
            cached = bool(_COORDINATOR_GROUP.all(user=self.pk))
            self._is_coordinator = cached
        return cached


# Asked on every member page; compiled once per process (core/precompiled.py).
_COORDINATOR_GROUP = Precompiled(
    lambda *, user: Group.objects.filter(user=user, name=COORDINATORS_GROUP).only("pk")[:1]
)


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True).filter(
            expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """An e-mail invitation to create an account, optionally into a learning group.

    Only a hash of the token is stored; the token itself is an HMAC of the row under SECRET_KEY
    (tokens.py), so the database alone never yields a working link. It expires and works once
    (`accepted_at`).
    """

    email = models.EmailField(_("e-mail address"))
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    message = models.TextField(_("personal message"), blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="invitations_sent",
    )
    group = models.ForeignKey(
        "groups.LearningGroup",
        verbose_name=_("learning group"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
    )
    group_role = models.CharField(_("role in the group"), max_length=32, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return self.email

    @staticmethod
    def new_token():
        return secrets.token_urlsafe(32)

    @property
    def is_usable(self):
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )
