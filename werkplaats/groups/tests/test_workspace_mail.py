"""Workspace notifications by e-mail, through a real SMTP server: sent after the commit by a
background task, to members who chose an immediate mail, never to the author."""

import pytest

from werkplaats.groups import workspace_services as services
from werkplaats.network.models import Notification, NotificationMode

from .workspace_factories import WorkspaceGroupFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    return WorkspaceGroupFactory(name="Werkteam Armoede", slug="werkteam-armoede")


def test_mention_mails_the_mentioned_member_after_the_commit(
    group, smtp_inbox, django_capture_on_commit_callbacks
):
    anne = member_of(group, first_name="Anne", last_name="Jansen", handle="anne")
    bram = member_of(group, first_name="Bram", last_name="de Boer", handle="bram")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post = services.create_post(anne, group, "@bram, kun jij de notulen maken?")
    assert smtp_inbox.messages == []  # nothing is sent inside the request's transaction
    for callback in callbacks:
        callback()

    [(recipients, message)] = smtp_inbox.messages
    assert recipients == [bram.email]
    assert message["Subject"] == "Anne Jansen noemde je in Werkteam Armoede"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "notulen" in text
    assert f"/mijn/groepen/werkteam-armoede/berichten/{post.pk}/#bericht-{post.pk}" in text
    assert Notification.objects.get(recipient=bram).emailed_at is not None


def test_reply_mails_the_author_but_not_the_replier(
    group, smtp_inbox, django_capture_on_commit_callbacks
):
    anne = member_of(group, first_name="Anne", last_name="Jansen", handle="anne")
    bram = member_of(group, first_name="Bram", last_name="de Boer", handle="bram")
    opening = services.create_post(anne, group, "Wie komt donderdag?")

    with django_capture_on_commit_callbacks(execute=True):
        services.create_post(bram, group, "Ik kom!", parent=opening)

    assert [recipients for recipients, _ in smtp_inbox.messages] == [[anne.email]]
    assert smtp_inbox.messages[0][1]["Subject"] == (
        "Bram de Boer reageerde op je bericht in Werkteam Armoede"
    )


def test_member_who_chose_the_daily_digest_gets_no_immediate_mail(
    group, smtp_inbox, django_capture_on_commit_callbacks
):
    anne = member_of(group, handle="anne")
    member_of(group, handle="bram", notification_mode=NotificationMode.DAILY)

    with django_capture_on_commit_callbacks(execute=True):
        services.create_post(anne, group, "Vraag voor @bram")

    assert smtp_inbox.messages == []
    assert Notification.objects.filter(recipient__handle="bram", emailed_at=None).count() == 1
