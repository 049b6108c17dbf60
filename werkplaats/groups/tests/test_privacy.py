"""Private means private: nobody outside group B reaches anything of B's workspace.

The test walks EVERY URL pattern of the project that takes a group's slug under /mijn/ (the
workspace, its files, posts, meetings, actions, members, questions, settings, invitations), fills
it in for group B, and tries it with GET and POST as a member of group A, as a member of no
group, and as a visitor. A new URL pattern under /mijn/groepen/<slug>/ is picked up by itself;
one with an object id fails the test until it is added to OBJECT_FOR_URL, so no page escapes.

Signed-in outsiders get 404 (a private group's workspace does not reveal what is in it);
visitors are sent to the sign-in page, for an existing group exactly as for a made-up one.
Nothing is written, and nothing of B's private content appears in any answer.
"""

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from werkplaats.groups.models import (
    ActionItem,
    JoinRequest,
    LearningGroup,
    LearningQuestion,
    Meeting,
    Membership,
    Post,
    SharedFile,
)
from werkplaats.groups.tests.factories import LeadFactory, LearningGroupFactory, MembershipFactory
from werkplaats.network.models import Notification
from werkplaats.network.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

SECRET = "Vertrouwelijk-B-7f3a"
GROUP_PREFIX = "mijn/groepen/<slug:slug>/"

# URL name -> which of group B's objects fills in its <pk>.
OBJECT_FOR_URL = {
    "groups:thread": "post",
    "groups:post_edit": "post",
    "groups:post_remove": "post",
    "groups:file_download": "file",
    "groups:file_remove": "file",
    "groups:meeting": "meeting",
    "groups:action_edit": "action",
}

# What a hostile POST sends: enough to write something if a check were missing.
POST_DATA = {
    "body": "ingebroken",
    "text": "ingebroken",
    "title": "ingebroken",
    "question": "ingebroken?",
    "held_on": "2024-01-01",
    "kind": "actie",
    "email": "indringer@example.org",
    "first_name": "In",
    "last_name": "Dringer",
    "summary": "ingebroken",
    "description": "ingebroken",
    "starts_on": "2017-01-01",
    "action": "archive",
    "confirm": "1",
}


def group_url_patterns():
    """(url name, route) of every pattern whose route starts with mijn/groepen/<slug:slug>/."""
    found = []

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or namespace
                walk(pattern.url_patterns, route, ns)
            elif isinstance(pattern, URLPattern) and route.startswith(GROUP_PREFIX):
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                found.append((name, route))

    walk(get_resolver().url_patterns, "", None)
    return found


PATTERNS = group_url_patterns()


def test_the_walk_finds_the_workspace_pages():
    names = {name for name, _ in PATTERNS}
    # If these are missing, the walk below proves nothing.
    assert {
        "groups:workspace",
        "groups:thread",
        "groups:files",
        "groups:file_download",
        "groups:meetings",
        "groups:meeting",
        "groups:actions",
        "groups:members",
        "groups:questions",
        "groups:settings",
        "accounts:invite_to_group",
    } <= names


@pytest.fixture
def group_b():
    """A group with something private of every kind, all carrying SECRET in their text."""
    group = LearningGroupFactory(name="Werkteam B", slug="werkteam-b")
    lead = LeadFactory(group=group).person
    post = Post.objects.create(group=group, author=lead, body=f"Opening {SECRET}")
    Post.objects.create(group=group, author=lead, thread=post, parent=post, body=f"Re {SECRET}")
    shared = SharedFile(
        group=group,
        uploaded_by=lead,
        original_name=f"{SECRET}.txt",
        content_type="text/plain",
        size=len(SECRET),
    )
    shared.file.save("x", ContentFile(SECRET.encode()), save=False)
    shared.save()
    meeting = Meeting.objects.create(
        group=group, held_on="2018-01-16", title=f"Bijeenkomst {SECRET}", learned=SECRET
    )
    action = ActionItem.objects.create(group=group, text=f"Actie {SECRET}", created_by=lead)
    LearningQuestion.objects.create(group=group, question=f"Leervraag {SECRET}?")
    return {"group": group, "post": post, "file": shared, "meeting": meeting, "action": action}


def outsiders():
    """Signed-in people who must not see group B: a member of group A, a member of no group."""
    member_of_a = MembershipFactory(group=LearningGroupFactory(name="Werkteam A")).person
    member_of_none = PersonFactory()
    return {"member of group A": member_of_a, "member of no group": member_of_none}


def fill(name, route, b, slug=None):
    url = "/" + route.replace("<slug:slug>", slug or b["group"].slug)
    if "<int:pk>" in url:
        assert name in OBJECT_FOR_URL, f"{name} takes an id: add it to OBJECT_FOR_URL"
        url = url.replace("<int:pk>", str(b[OBJECT_FOR_URL[name]].pk))
    assert "<" not in url, f"{name}: unknown URL parameter in {route}"
    return url


def snapshot(group):
    group.refresh_from_db()
    return {
        "posts": Post.objects.count(),
        "files": SharedFile.objects.count(),
        "meetings": Meeting.objects.count(),
        "actions": ActionItem.objects.filter(done_at__isnull=False).count(),
        "all actions": ActionItem.objects.count(),
        "questions": LearningQuestion.objects.count(),
        "memberships": Membership.objects.current().count(),
        "join requests": JoinRequest.objects.count(),
        "notifications": Notification.objects.count(),
        "group": (group.name, group.summary, group.description, group.archived_at, group.is_open),
        "post body": Post.objects.order_by("pk").values_list("body", "removed_at").first(),
        "invitations": _invitations(),
    }


def _invitations():
    from werkplaats.accounts.models import Invitation

    return Invitation.objects.count()


def content_of(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize("name,route", PATTERNS, ids=[name for name, _ in PATTERNS])
def test_signed_in_outsiders_get_404_and_change_nothing(client, group_b, name, route):
    url = fill(name, route, group_b)
    people = outsiders()
    before = snapshot(group_b["group"])
    for who, person in people.items():
        client.force_login(person.user)
        for method in ("get", "post"):
            response = getattr(client, method)(url, POST_DATA)
            assert response.status_code in (403, 404), f"{who} {method.upper()} {url}"
            assert SECRET.encode() not in content_of(response), f"{who} {method.upper()} {url}"
        client.logout()
    assert snapshot(group_b["group"]) == before


@pytest.mark.parametrize("name,route", PATTERNS, ids=[name for name, _ in PATTERNS])
def test_visitors_are_sent_to_sign_in_and_change_nothing(client, group_b, name, route):
    url = fill(name, route, group_b)
    made_up = fill(name, route, group_b, slug="bestaat-niet")
    before = snapshot(group_b["group"])
    for method in ("get", "post"):
        response = getattr(client, method)(url, POST_DATA)
        assert response.status_code == 302, f"visitor {method.upper()} {url}"
        assert response["Location"].startswith(reverse("account_login"))
        assert SECRET.encode() not in content_of(response)
        # The answer for a group that does not exist is the same: nothing is revealed.
        other = getattr(client, method)(made_up, POST_DATA)
        assert other.status_code == 302
    assert snapshot(group_b["group"]) == before


@pytest.mark.parametrize("name,route", PATTERNS, ids=[name for name, _ in PATTERNS])
def test_a_member_of_b_does_reach_it(client, group_b, name, route):
    """The other side of the coin: the pages exist and open for a member, so the 404s above
    come from the permission check, not from a wrong URL."""
    url = fill(name, route, group_b)
    member = MembershipFactory(group=group_b["group"]).person
    client.force_login(member.user)
    response = client.get(url)
    # Lead-only pages answer a plain member with 403/404 too, and only the author edits a post:
    # then the lead (author of B's posts and files) or a coordinator opens them.
    from werkplaats.network.tests.factories import CoordinatorFactory

    lead = group_b["post"].author
    for insider in (lead, PersonFactory(user=CoordinatorFactory())):
        if response.status_code not in (403, 404):
            break
        client.force_login(insider.user)
        response = client.get(url)
    assert response.status_code in (200, 302), f"{name}: {response.status_code}"


def test_shared_files_are_not_under_the_public_media_url(client, group_b):
    stored = group_b["file"].file
    assert not str(stored.path).startswith(str(settings.MEDIA_ROOT))
    response = client.get(settings.MEDIA_URL + stored.name, follow=True)
    assert response.status_code == 404
    assert SECRET.encode() not in response.content


def test_the_public_group_page_shows_nothing_of_the_workspace(client, group_b):
    group = LearningGroup.objects.get(slug="werkteam-b")
    response = client.get(group.get_absolute_url())
    assert response.status_code == 200
    text = response.content.decode()
    for private in ("Opening", "Re ", "Bijeenkomst", "Actie"):
        assert f"{private} {SECRET}" not in text
