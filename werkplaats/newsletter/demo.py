"""Demo subscribers: a few fictional people who confirmed their subscription, with themes.

The loader writes the rows itself, so no confirmation mail is queued for them, but each gets
the consent record of its confirmation through the services' helper, as a real subscriber
would. Idempotent: an address that exists is left as it is (it may have unsubscribed since).
"""

from django.db import transaction
from django.utils import timezone

from werkplaats.website.models import ThemePage

from . import services
from .models import ConsentAction, Source, Subscriber, SubscriberStatus

# (address, name, theme slugs, form) — example.org addresses: nobody gets mail.
SUBSCRIBERS = [
    ("fatima.elidrissi@example.org", "Fatima El Idrissi", ["armoede"], Source.FOOTER),
    ("joost.vandam@example.org", "Joost van Dam", [], Source.NEWSLETTER_PAGE),
    (
        "lotte.verbeek@example.org",
        "Lotte Verbeek",
        ["preventie-intergenerationele-problematiek", "zingeving"],
        Source.NEWSLETTER_PAGE,
    ),
    (
        "hans.kooij@example.org",
        "",
        ["samenwerking-formeel-en-informeel"],
        Source.FOOTER,
    ),
]


def load_newsletter():
    """Returns the demo subscribers."""
    subscribers = []
    for email, name, slugs, source in SUBSCRIBERS:
        existing = Subscriber.objects.with_email(email).first()
        if existing is not None:
            subscribers.append(existing)
            continue
        now = timezone.now()
        with transaction.atomic():
            subscriber = Subscriber.objects.create(
                email=email,
                name=name,
                source=source,
                status=SubscriberStatus.CONFIRMED,
                confirmed_at=now,
            )
            subscriber.topics.set(ThemePage.objects.filter(slug__in=slugs))
            services._record(subscriber, ConsentAction.GIVEN, source, now)
        subscribers.append(subscriber)
    return subscribers
