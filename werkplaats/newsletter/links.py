"""The personal links of a subscriber, and the List-Unsubscribe headers of newsletter mails.

Each link carries a token signed with SECRET_KEY (django.core.signing) holding the subscriber's
id and random key, so it cannot be guessed or made for someone else. Separate salts keep the
kinds apart: a confirmation token does not unsubscribe and the other way round.

- confirm: in the confirmation mail; expires after CONFIRM_DAYS.
- manage: unsubscribe and preferences; never expires, because an unsubscribe link in a mail
  of years ago must still work (AVG: withdrawing is as easy as giving consent).
"""

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse

from werkplaats.network.tasks import absolute_url

from .models import Subscriber

CONFIRM_SALT = "werkplaats.newsletter.confirm"
MANAGE_SALT = "werkplaats.newsletter.manage"
CONFIRM_DAYS = 7


class UnusableLink(Exception):
    """A personal link that was changed, belongs to no subscriber (anymore) or expired."""

    def __init__(self, *, expired=False):
        super().__init__("expired" if expired else "unknown")
        self.expired = expired


def confirm_token(subscriber):
    return signing.dumps([subscriber.pk, subscriber.key], salt=CONFIRM_SALT, compress=True)


def manage_token(subscriber):
    return signing.dumps([subscriber.pk, subscriber.key], salt=MANAGE_SALT, compress=True)


def _subscriber(token, salt, max_age=None):
    try:
        pk, key = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise UnusableLink(expired=True) from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise UnusableLink from error
    subscriber = Subscriber.objects.filter(pk=pk, key=key).first()
    if subscriber is None:
        raise UnusableLink
    return subscriber


def subscriber_from_confirm_token(token):
    """The subscriber a confirmation link names; UnusableLink when none or expired."""
    return _subscriber(token, CONFIRM_SALT, max_age=datetime.timedelta(days=CONFIRM_DAYS))


def subscriber_from_manage_token(token):
    """The subscriber an unsubscribe or preferences link names; UnusableLink when none."""
    return _subscriber(token, MANAGE_SALT)


def confirm_url(subscriber):
    return absolute_url(reverse("newsletter:confirm", args=[confirm_token(subscriber)]))


def unsubscribe_url(subscriber):
    return absolute_url(reverse("newsletter:unsubscribe", args=[manage_token(subscriber)]))


def preferences_url(subscriber):
    return absolute_url(reverse("newsletter:preferences", args=[manage_token(subscriber)]))


def list_unsubscribe_headers(subscriber):
    """The headers every newsletter mail carries (RFC 2369 and RFC 8058 one-click): mail
    programs show an unsubscribe button that POSTs 'List-Unsubscribe=One-Click' to the link.
    With NEWSLETTER_UNSUBSCRIBE_MAILTO set, a mailto alternative is listed after it."""
    targets = [f"<{unsubscribe_url(subscriber)}>"]
    if settings.NEWSLETTER_UNSUBSCRIBE_MAILTO:
        targets.append(f"<mailto:{settings.NEWSLETTER_UNSUBSCRIBE_MAILTO}?subject=unsubscribe>")
    return {
        "List-Unsubscribe": ", ".join(targets),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
