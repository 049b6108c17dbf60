"""What a new issue suggests: news published since the last sent issue (else the last 30 days),
public activities of the coming 60 days, public products new since the last sent issue (else
the last 90 days)."""

import datetime

import pytest
from django.utils import timezone

from werkplaats.activities.models import Audience
from werkplaats.activities.tests.factories import ActivityFactory
from werkplaats.library.models import Visibility
from werkplaats.library.tests.factories import ProductFactory
from werkplaats.newsletter import selectors
from werkplaats.newsletter.models import IssueStatus, NewsletterIssue
from werkplaats.website.models import NewsPage

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def published(news, days):
    NewsPage.objects.filter(pk=news.pk).update(first_published_at=days_ago(days))


def sent_issue(days):
    return NewsletterIssue.objects.create(
        subject="Vorige nieuwsbrief",
        slug="vorige",
        status=IssueStatus.SENT,
        started_at=days_ago(days),
        finished_at=days_ago(days),
    )


@pytest.fixture
def news():
    """Three demo news items, published 5, 20 and 40 days ago."""
    items = list(NewsPage.objects.live().order_by("pk")[:3])
    NewsPage.objects.update(first_published_at=days_ago(400))
    for item, days in zip(items, (5, 20, 40), strict=True):
        published(item, days)
    return items


def test_news_of_the_last_30_days_when_nothing_was_sent(news):
    assert list(selectors.suggested_news()) == news[:2]


def test_news_since_the_last_sent_issue(news):
    sent_issue(10)
    assert list(selectors.suggested_news()) == news[:1]


def test_news_leaves_out_unpublished_items(news):
    news[0].unpublish()
    assert list(selectors.suggested_news()) == news[1:2]


def test_a_draft_issue_does_not_count_as_the_last_one(news):
    NewsletterIssue.objects.create(subject="Concept", slug="concept", started_at=days_ago(1))
    assert list(selectors.suggested_news()) == news[:2]


def test_activities_public_in_the_coming_60_days_soonest_first():
    later = ActivityFactory(starts_at=timezone.now() + datetime.timedelta(days=30))
    soon = ActivityFactory(starts_at=timezone.now() + datetime.timedelta(days=3))
    ActivityFactory(starts_at=timezone.now() + datetime.timedelta(days=70))
    ActivityFactory(starts_at=timezone.now() - datetime.timedelta(days=2))
    ActivityFactory(audience=Audience.MEMBERS)
    ActivityFactory(audience=Audience.GROUP)
    ActivityFactory(cancelled_at=timezone.now())

    assert list(selectors.suggested_activities()) == [soon, later]


def test_products_public_and_new_since_the_last_sent_issue():
    sent_issue(30)
    new = ProductFactory(created_at=days_ago(3))
    newly_public = ProductFactory(created_at=days_ago(200), published_at=days_ago(1))
    ProductFactory(created_at=days_ago(40))
    ProductFactory(created_at=days_ago(3), visibility=Visibility.MEMBERS)
    ProductFactory(created_at=days_ago(3), visibility=Visibility.GROUP)

    assert list(selectors.suggested_products()) == [newly_public, new]


def test_products_of_the_last_90_days_when_nothing_was_sent():
    recent = ProductFactory(created_at=days_ago(80))
    ProductFactory(created_at=days_ago(100))

    assert list(selectors.suggested_products()) == [recent]
