"""Query counts of the workspace's list pages: fixed, however much a group has written."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from werkplaats.groups import workspace_services as services
from werkplaats.groups.models import Post
from werkplaats.network.models import Person, Visibility

from .workspace_factories import (
    ActionItemFactory,
    MeetingFactory,
    WorkspaceGroupFactory,
    WorkspaceMembershipFactory,
    _clean_private_storage,  # noqa: F401 - autouse fixture
    member_of,
)

pytestmark = pytest.mark.django_db

STREAM_MAX_QUERIES = 15
# Of the 15, the site's layout spends 11 (session, user, site, settings, menu, footer, partner
# logos, the admin user bar's permission check); the workspace itself 4: group with membership
# and person, the coordinator check, the page of threads, their latest replies.


def warm_up(client, url):
    """One request first, as in the website's budgets: it makes the partner logos' renditions."""
    assert client.get(url).status_code == 200


@pytest.fixture
def busy_group():
    """A group with 5,000 posts (4,000 discussions, 1,000 replies) by 10 authors, and a member
    who is in 19 other groups as well."""
    group = WorkspaceGroupFactory(slug="druk-werkteam")
    authors = [member_of(group, handle=f"auteur-{n}") for n in range(10)]
    reader = authors[0]
    for _ in range(19):
        WorkspaceMembershipFactory(group=WorkspaceGroupFactory(), person=reader)
    start = timezone.now() - datetime.timedelta(days=400)
    openings = Post.objects.bulk_create(
        Post(
            group=group,
            author=authors[n % 10],
            body=f"Bericht {n} voor @auteur-{(n + 1) % 10} over https://example.org/{n}",
            created_at=start + datetime.timedelta(minutes=n),
            last_activity_at=start + datetime.timedelta(minutes=n),
        )
        for n in range(4000)
    )
    latest = openings[-40:]
    Post.objects.bulk_create(
        Post(
            group=group,
            author=authors[n % 10],
            thread=latest[n % 40],
            parent=latest[n % 40],
            body=f"Reactie {n}",
            created_at=start + datetime.timedelta(days=300, minutes=n),
            last_activity_at=start + datetime.timedelta(days=300, minutes=n),
        )
        for n in range(1000)
    )
    mention = Post.mentions.through
    mention.objects.bulk_create(
        mention(post_id=post.pk, person_id=authors[(i + 1) % 10].pk)
        for i, post in enumerate(openings)
    )
    return group, reader


def test_stream_first_page_with_5000_posts_is_a_fixed_number_of_queries(
    client, busy_group, django_assert_max_num_queries
):
    group, reader = busy_group
    client.force_login(reader.user)
    url = reverse("groups:workspace", args=[group.slug])
    warm_up(client, url)

    with django_assert_max_num_queries(STREAM_MAX_QUERIES):
        response = client.get(url)

    assert response.status_code == 200
    assert response.content.decode().count('class="thread-card"') == 20
    assert Post.objects.filter(group=group).count() == 5000


def test_stream_avatars_with_photos_cost_no_query_each(
    client, busy_group, django_assert_max_num_queries
):
    """Each avatar's address is built from the author row already loaded."""
    group, reader = busy_group
    Person.objects.filter(handle__startswith="auteur-").update(
        photo="people/photos/foto.png", photo_visibility=Visibility.MEMBERS
    )
    client.force_login(reader.user)
    url = reverse("groups:workspace", args=[group.slug])
    warm_up(client, url)

    with django_assert_max_num_queries(STREAM_MAX_QUERIES):
        response = client.get(url)

    content = response.content.decode()
    assert '<img src="/mensen/auteur-' in content
    assert "/foto/?v=" in content
    assert "/media/people/" not in content


def test_stream_later_page_is_a_fixed_number_of_queries(
    client, busy_group, django_assert_max_num_queries
):
    group, reader = busy_group
    client.force_login(reader.user)
    url = reverse("groups:workspace", args=[group.slug]) + "?pagina=150"
    warm_up(client, url)

    with django_assert_max_num_queries(STREAM_MAX_QUERIES):
        response = client.get(url)

    assert response.status_code == 200
    assert "Pagina 150 van 200" in response.content.decode()


def test_thread_page_queries_do_not_grow_with_replies(client, django_assert_max_num_queries):
    group = WorkspaceGroupFactory()
    anne, bram = member_of(group), member_of(group)
    opening = services.create_post(anne, group, "Vraag")
    parent = opening
    for n in range(60):
        parent = services.create_post(
            bram if n % 2 else anne, group, f"Antwoord {n}", parent=parent
        )
    client.force_login(anne.user)
    url = reverse("groups:thread", args=[group.slug, opening.pk])
    warm_up(client, url)

    with django_assert_max_num_queries(STREAM_MAX_QUERIES):
        response = client.get(url)

    assert response.status_code == 200


def test_files_meetings_and_actions_pages_are_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    from .workspace_factories import PDF_BYTES, upload

    group = WorkspaceGroupFactory()
    anne = member_of(group)
    for n in range(15):
        services.share_file(anne, group, upload(f"verslag-{n}.pdf", PDF_BYTES))
        meeting = MeetingFactory(group=group, learned=f"Les {n}", written_by=anne)
        ActionItemFactory(group=group, assignee=anne, meeting=meeting)
    client.force_login(anne.user)

    for name in ("files", "meetings", "actions"):
        url = reverse(f"groups:{name}", args=[group.slug])
        warm_up(client, url)
        with django_assert_max_num_queries(STREAM_MAX_QUERIES + 2):
            assert client.get(url).status_code == 200
