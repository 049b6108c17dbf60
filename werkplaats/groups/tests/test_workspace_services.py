"""Rules of the workspace services: threads, mentions, notifications, read-only archives."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from werkplaats.groups import workspace_services as services
from werkplaats.groups.models import ActionKind, MemberRole, Post
from werkplaats.network.models import Notification
from werkplaats.network.tests.factories import CoordinatorFactory, PersonFactory

from .workspace_factories import (
    MeetingFactory,
    PostFactory,
    WorkspaceGroupFactory,
    member_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    return WorkspaceGroupFactory(name="Werkteam Armoede")


@pytest.fixture
def anne(group):
    return member_of(group, first_name="Anne", last_name="Jansen", handle="anne")


@pytest.fixture
def bram(group):
    return member_of(group, first_name="Bram", last_name="de Boer", handle="bram")


def notifications_for(person):
    return list(Notification.objects.filter(recipient=person))


def test_opening_post_has_no_thread(group, anne):
    post = services.create_post(anne, group, "Wie komt er donderdag?")

    assert post.thread is None
    assert post.parent is None
    assert post.author == anne


def test_reply_to_reply_belongs_to_the_opening_posts_thread(group, anne, bram):
    opening = services.create_post(anne, group, "Vraag")
    reply = services.create_post(bram, group, "Antwoord", parent=opening)
    deeper = services.create_post(anne, group, "Reactie op antwoord", parent=reply)

    assert reply.thread == opening
    assert deeper.thread == opening
    assert deeper.parent == reply


def test_reply_moves_thread_to_the_top_of_the_stream(group, anne, bram):
    long_ago = timezone.now() - datetime.timedelta(days=30)
    old = PostFactory(group=group, author=anne, created_at=long_ago, last_activity_at=long_ago)
    services.create_post(anne, group, "Nieuwer bericht")

    reply = services.create_post(bram, group, "Late reactie", parent=old)

    old.refresh_from_db()
    assert old.last_activity_at == reply.created_at
    stream = Post.objects.filter(group=group, parent=None).order_by("-last_activity_at")
    assert stream.first() == old


def test_empty_post_is_refused(group, anne):
    with pytest.raises(ValidationError):
        services.create_post(anne, group, "   \n ")
    assert not Post.objects.filter(group=group).exists()


def test_mentions_record_only_current_members_of_the_group(group, anne, bram):
    outsider = PersonFactory(handle="carla")
    former = member_of(group, handle="dirk")
    former.memberships.update(ended_on=datetime.date(2019, 1, 1))

    post = services.create_post(anne, group, "Vraag voor @Bram, @carla en @dirk en @onbekend")

    assert list(post.mentions.all()) == [bram]
    assert not notifications_for(outsider)
    assert not notifications_for(former)


def test_mentioned_member_is_notified(group, anne, bram):
    post = services.create_post(anne, group, "@bram kun jij de notulen maken?")

    [notification] = notifications_for(bram)
    assert notification.kind == "mention"
    assert notification.title == "Anne Jansen noemde je in Werkteam Armoede"
    assert notification.actor == anne
    assert notification.url.endswith(f"#bericht-{post.pk}")
    assert "notulen" in notification.body


def test_mentioning_yourself_notifies_nobody(group, anne):
    services.create_post(anne, group, "Notitie voor mezelf, @anne")

    assert not Notification.objects.exists()


def test_email_address_is_no_mention(group, anne, bram):
    post = services.create_post(anne, group, "Mail naar info@bram.nl")

    assert not post.mentions.exists()


def test_reply_notifies_authors_of_opening_post_and_parent(group, anne, bram):
    carla = member_of(group, handle="carla", first_name="Carla", last_name="Smit")
    opening = services.create_post(anne, group, "Vraag")
    reply = services.create_post(bram, group, "Antwoord", parent=opening)
    Notification.objects.all().delete()

    services.create_post(carla, group, "Aanvulling", parent=reply)

    assert [n.kind for n in notifications_for(anne)] == ["reply"]
    assert [n.kind for n in notifications_for(bram)] == ["reply"]
    assert (
        notifications_for(bram)[0].title == "Carla Smit reageerde op je bericht in Werkteam Armoede"
    )
    assert not notifications_for(carla)


def test_replying_to_yourself_notifies_nobody(group, anne):
    opening = services.create_post(anne, group, "Vraag")

    services.create_post(anne, group, "Nog een gedachte", parent=opening)

    assert not Notification.objects.exists()


def test_mentioned_author_of_parent_gets_one_notification(group, anne, bram):
    opening = services.create_post(anne, group, "Vraag")

    services.create_post(bram, group, "Goed punt @anne", parent=opening)

    assert [n.kind for n in notifications_for(anne)] == ["mention"]


def test_reply_does_not_notify_an_author_who_left_the_group(group, anne, bram):
    opening = services.create_post(anne, group, "Vraag")
    anne.memberships.update(ended_on=timezone.localdate())

    services.create_post(bram, group, "Antwoord", parent=opening)

    assert not notifications_for(anne)


def test_reply_to_post_of_other_group_is_refused(group, anne):
    other = PostFactory(group=WorkspaceGroupFactory())

    with pytest.raises(PermissionDenied):
        services.create_post(anne, group, "Antwoord", parent=other)


def test_reply_to_removed_post_is_refused(group, anne, bram):
    opening = services.create_post(anne, group, "Vraag")
    services.remove_post(anne, opening)

    with pytest.raises(ValidationError):
        services.create_post(bram, group, "Antwoord", parent=opening)


def test_archived_group_refuses_every_write(group, anne):
    opening = services.create_post(anne, group, "Vraag")
    meeting = MeetingFactory(group=group)
    group.archived_at = timezone.now()
    group.save()

    with pytest.raises(services.ReadOnlyGroup):
        services.create_post(anne, group, "Nog iets")
    with pytest.raises(services.ReadOnlyGroup):
        services.create_post(anne, group, "Nog iets", parent=opening)
    with pytest.raises(services.ReadOnlyGroup):
        services.edit_post(anne, opening, "Anders")
    with pytest.raises(services.ReadOnlyGroup):
        services.create_meeting(anne, group, held_on=datetime.date(2020, 1, 1), title="X")
    with pytest.raises(services.ReadOnlyGroup):
        services.update_meeting(anne, meeting, title="Y")
    with pytest.raises(services.ReadOnlyGroup):
        services.create_action(anne, group, kind=ActionKind.TODO, text="Bellen")
    assert Post.objects.filter(group=group).count() == 1


def test_non_member_cannot_post(group):
    outsider = PersonFactory()

    with pytest.raises(PermissionDenied):
        services.create_post(outsider, group, "Hallo")


def test_coordinator_who_is_no_member_can_post(group):
    coordinator = PersonFactory(user=CoordinatorFactory())

    post = services.create_post(coordinator, group, "Welkom allemaal")

    assert post.pk


def test_edit_own_post_sets_edited_and_notifies_new_mentions_only(group, anne, bram):
    carla = member_of(group, handle="carla")
    post = services.create_post(anne, group, "Vraag aan @bram")

    services.edit_post(anne, post, "Vraag aan @bram en @carla")

    post.refresh_from_db()
    assert post.edited_at is not None
    assert set(post.mentions.all()) == {bram, carla}
    assert len(notifications_for(bram)) == 1
    assert len(notifications_for(carla)) == 1


def test_editing_someone_elses_post_is_refused(group, anne, bram):
    post = services.create_post(anne, group, "Vraag")

    with pytest.raises(PermissionDenied):
        services.edit_post(bram, post, "Gewijzigd")


def test_removing_a_post_erases_its_text(group, anne):
    post = services.create_post(anne, group, "Vertrouwelijk")

    services.remove_post(anne, post)

    post.refresh_from_db()
    assert post.removed_at is not None
    assert post.body == ""


def test_member_cannot_remove_someone_elses_post_but_a_lead_can(group, anne, bram):
    lead = member_of(group, role=MemberRole.LEAD)
    post = services.create_post(anne, group, "Vraag")

    with pytest.raises(PermissionDenied):
        services.remove_post(bram, post)
    services.remove_post(lead, post)

    post.refresh_from_db()
    assert post.removed_at is not None


def test_action_assignee_must_be_a_current_member(group, anne):
    outsider = PersonFactory()

    with pytest.raises(ValidationError) as error:
        services.create_action(anne, group, kind=ActionKind.TODO, text="Bellen", assignee=outsider)

    assert "assignee" in error.value.error_dict


def test_new_todo_with_a_past_deadline_is_refused(group, anne):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as error:
        services.create_action(anne, group, kind=ActionKind.TODO, text="Bellen", due_on=yesterday)

    assert "due_on" in error.value.error_dict


def test_decision_can_be_dated_in_the_past(group, anne):
    last_week = timezone.localdate() - datetime.timedelta(days=7)

    decision = services.create_action(
        anne,
        group,
        kind=ActionKind.DECISION,
        text="We werken met een vaste agenda",
        due_on=last_week,
    )

    assert decision.due_on == last_week


def test_action_from_a_meeting_of_another_group_is_refused(group, anne):
    meeting = MeetingFactory()

    with pytest.raises(ValidationError):
        services.create_action(anne, group, kind=ActionKind.TODO, text="Bellen", meeting=meeting)


def test_marking_done_twice_keeps_the_first_time(group, anne):
    action = services.create_action(anne, group, kind=ActionKind.TODO, text="Bellen")
    services.set_action_done(anne, action, True)
    action.refresh_from_db()
    first = action.done_at

    services.set_action_done(anne, action, True)

    action.refresh_from_db()
    assert action.done_at == first


def test_reopening_a_done_action_clears_done(group, anne):
    action = services.create_action(anne, group, kind=ActionKind.TODO, text="Bellen")
    services.set_action_done(anne, action, True)

    services.set_action_done(anne, action, False)

    action.refresh_from_db()
    assert action.done_at is None


def test_meeting_with_reflection_is_stored(group, anne):
    meeting = services.create_meeting(
        anne,
        group,
        held_on=datetime.date(2018, 3, 12),
        title="Tweede werkteambijeenkomst",
        learned="Bewoners zien andere oplossingen.",
        do_differently="Eerder beginnen met de casus.",
    )

    assert meeting.written_by == anne
    assert meeting.learned.startswith("Bewoners")
