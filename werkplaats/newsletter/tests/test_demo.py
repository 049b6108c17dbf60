"""The demo's draft issue: made once, with what a new issue suggests."""

import pytest

from werkplaats.activities.tests.factories import ActivityFactory
from werkplaats.newsletter import demo
from werkplaats.newsletter.models import IssueStatus, NewsletterIssue

pytestmark = pytest.mark.django_db


def test_the_demo_draft_holds_the_suggestions_and_is_made_once():
    activity = ActivityFactory()

    demo.load_newsletter()
    demo.load_newsletter()

    issue = NewsletterIssue.objects.get()
    assert issue.status == IssueStatus.DRAFT
    assert issue.subject == demo.DRAFT_SUBJECT
    assert list(issue.activities.all()) == [activity]
