"""Demo subscribers: a few fictional people who confirmed their subscription, with themes; and
one draft issue for the coordinator to preview, test and send (/beheer/nieuwsbrief/uitgaven/).

The loader writes the rows itself, so no confirmation mail is queued for them, but each gets
the consent record of its confirmation through the services' helper, as a real subscriber
would. Idempotent: an address that exists is left as it is (it may have unsubscribed since),
and the draft issue is made only while there is no issue yet.
"""

from django.db import transaction
from django.utils import timezone

from werkplaats.website.models import ThemePage

from . import selectors, services
from .models import ConsentAction, NewsletterIssue, Source, Subscriber, SubscriberStatus

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


DRAFT_SUBJECT = "Nieuws uit de Werkplaats: de werkteams aan het woord"
DRAFT_INTRO = (
    "<p>De werkteams zijn het hart van de Werkplaats: kleine teams met bewoners, professionals "
    "en beleidsmakers die samen aan een concreet product werken. In deze nieuwsbrief lees je wat "
    "er speelt, waar je elkaar binnenkort ontmoet en wat er nieuw is in de bibliotheek.</p>"
)


def load_draft_issue():
    """A draft issue holding what a new issue suggests now (news, activities, products); made
    only while there is no issue at all, so a run after the coordinator edited, sent or deleted
    it leaves things as they are."""
    from werkplaats.core.slugs import unique_slug

    if NewsletterIssue.objects.exists():
        return None
    with transaction.atomic():
        issue = NewsletterIssue.objects.create(
            subject=DRAFT_SUBJECT,
            slug=unique_slug(NewsletterIssue, DRAFT_SUBJECT),
            intro=DRAFT_INTRO,
        )
        issue.news_items.set(selectors.suggested_news())
        issue.activities.set(selectors.suggested_activities())
        issue.products.set(selectors.suggested_products())
    return issue


def load_newsletter():
    """Returns the demo subscribers; also makes the draft issue."""
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
    load_draft_issue()
    return subscribers
