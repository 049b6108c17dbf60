"""Workspace pages: who gets in, what they see, and what bad input does."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from werkplaats.groups import workspace_services as services
from werkplaats.groups.models import ActionItem, ActionKind, Meeting, MemberRole, Post
from werkplaats.network.tests.factories import CoordinatorFactory, PersonFactory, UserFactory

from .workspace_factories import (
    ActionItemFactory,
    MeetingFactory,
    WorkspaceGroupFactory,
    _clean_private_storage,  # noqa: F401 - autouse fixture
    member_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    return WorkspaceGroupFactory(name="Werkteam Armoede", slug="werkteam-armoede")


@pytest.fixture
def anne(group):
    return member_of(group, first_name="Anne", last_name="Jansen", handle="anne")


@pytest.fixture
def bram(group):
    return member_of(group, first_name="Bram", last_name="de Boer", handle="bram")


@pytest.fixture
def as_anne(client, anne):
    client.force_login(anne.user)
    return client


@pytest.fixture
def opening(group, anne):
    return services.create_post(anne, group, "Wie heeft ervaring met armoedebeleid?")


def workspace_urls(group, post, meeting, shared, action):
    slug = group.slug
    return {
        "workspace": reverse("groups:workspace", args=[slug]),
        "thread": reverse("groups:thread", args=[slug, post.pk]),
        "post_edit": reverse("groups:post_edit", args=[slug, post.pk]),
        "post_remove": reverse("groups:post_remove", args=[slug, post.pk]),
        "files": reverse("groups:files", args=[slug]),
        "file_download": reverse("groups:file_download", args=[slug, shared.pk]),
        "file_remove": reverse("groups:file_remove", args=[slug, shared.pk]),
        "meetings": reverse("groups:meetings", args=[slug]),
        "meeting": reverse("groups:meeting", args=[slug, meeting.pk]),
        "actions": reverse("groups:actions", args=[slug]),
        "action_edit": reverse("groups:action_edit", args=[slug, action.pk]),
    }


@pytest.fixture
def urls(group, anne, opening):
    from .workspace_factories import PDF_BYTES, upload

    shared = services.share_file(anne, group, upload("verslag.pdf", PDF_BYTES))
    meeting = MeetingFactory(group=group)
    action = ActionItemFactory(group=group, created_by=anne)
    return workspace_urls(group, opening, meeting, shared, action)


# --- who gets in -----------------------------------------------------------------------------

PAGES = [
    "workspace",
    "thread",
    "post_edit",
    "post_remove",
    "files",
    "file_download",
    "file_remove",
    "meetings",
    "meeting",
    "actions",
    "action_edit",
]


@pytest.mark.parametrize("name", PAGES)
def test_member_gets_every_workspace_page(as_anne, urls, name):
    assert as_anne.get(urls[name]).status_code == 200


@pytest.mark.parametrize(
    "name", ["workspace", "thread", "files", "file_download", "meetings", "meeting", "actions"]
)
def test_coordinator_gets_every_workspace_page(client, urls, name):
    client.force_login(CoordinatorFactory())
    assert client.get(urls[name]).status_code == 200


@pytest.mark.parametrize("name", PAGES)
def test_member_of_another_group_gets_404(client, urls, name):
    other = WorkspaceGroupFactory()
    client.force_login(member_of(other).user)
    assert client.get(urls[name]).status_code == 404
    assert client.post(urls[name], {"body": "x"}).status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_signed_in_non_member_gets_404(client, urls, name):
    client.force_login(PersonFactory().user)
    assert client.get(urls[name]).status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_former_member_gets_404(client, urls, anne, name):
    anne.memberships.update(ended_on=timezone.localdate())
    client.force_login(anne.user)
    assert client.get(urls[name]).status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_visitor_is_sent_to_sign_in(client, urls, name):
    response = client.get(urls[name])

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=" in response["Location"]


def test_user_without_a_person_gets_404(client, urls):
    client.force_login(UserFactory())
    assert client.get(urls["workspace"]).status_code == 404


def test_unknown_group_gets_404(as_anne):
    assert as_anne.get(reverse("groups:workspace", args=["bestaat-niet"])).status_code == 404


def test_thread_of_another_group_gets_404(as_anne, group):
    other_group = WorkspaceGroupFactory()
    other_author = member_of(other_group)
    other_post = services.create_post(other_author, other_group, "Geheim")

    response = as_anne.get(reverse("groups:thread", args=[group.slug, other_post.pk]))

    assert response.status_code == 404


def test_workspace_pages_are_not_cached(as_anne, urls):
    response = as_anne.get(urls["workspace"])
    assert "no-store" in response["Cache-Control"]


# --- the stream --------------------------------------------------------------------------------


def test_stream_shows_posts_with_author_and_reply_count(as_anne, group, opening, bram):
    services.create_post(bram, group, "Ik! Zie de notitie van vorig jaar.", parent=opening)

    response = as_anne.get(reverse("groups:workspace", args=[group.slug]))

    html = response.content.decode()
    assert "Wie heeft ervaring met armoedebeleid?" in html
    assert "Anne Jansen" in html
    assert "Ik! Zie de notitie van vorig jaar." in html
    assert "1 reactie" in html


def test_empty_stream_says_so(as_anne, group):
    response = as_anne.get(reverse("groups:workspace", args=[group.slug]))
    assert "Nog geen gesprekken." in response.content.decode()


def test_posting_redirects_to_the_new_post(as_anne, group):
    response = as_anne.post(reverse("groups:workspace", args=[group.slug]), {"body": "Hallo"})

    post = Post.objects.get(group=group)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#bericht-{post.pk}")


def test_empty_post_shows_a_dutch_message(as_anne, group):
    response = as_anne.post(reverse("groups:workspace", args=[group.slug]), {"body": "  "})

    assert response.status_code == 400
    assert "Schrijf een bericht voordat je het verstuurt." in response.content.decode()
    assert not Post.objects.filter(group=group).exists()


def test_too_long_post_is_refused_and_kept(as_anne, group):
    body = "lang " * 2001

    response = as_anne.post(reverse("groups:workspace", args=[group.slug]), {"body": body})

    html = response.content.decode()
    assert response.status_code == 400
    assert "Je bericht is te lang" in html
    assert body.strip()[:50] in html
    assert not Post.objects.filter(group=group).exists()


def test_body_is_escaped_linkified_and_mentions_linked(as_anne, group, anne, bram):
    services.create_post(
        anne,
        group,
        "<script>alert(1)</script> Zie https://example.org/a?b=1&c=2. Vraag @bram, niet @niemand\n"
        "tweede regel\n\nnieuwe alinea",
    )

    html = as_anne.get(reverse("groups:workspace", args=[group.slug])).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    link = re.search(r'<a href="https://example.org/a\?b=1&amp;c=2" rel="([^"]+)">', html)
    assert link and {"nofollow", "noopener"} <= set(link.group(1).split())
    assert f'href="{reverse("network:person", args=["bram"])}">@bram</a>' in html
    assert "@niemand" in html and 'href="/mensen/niemand/"' not in html
    assert "tweede regel" in html and "<br>tweede regel" in html


def test_javascript_url_is_not_linked(as_anne, group, anne):
    services.create_post(anne, group, "klik javascript:alert(1)")
    html = as_anne.get(reverse("groups:workspace", args=[group.slug])).content.decode()
    assert 'href="javascript' not in html


def test_stream_is_paginated_by_20_threads(as_anne, group, anne):
    for number in range(25):
        services.create_post(anne, group, f"Bericht nummer {number}")

    first = as_anne.get(reverse("groups:workspace", args=[group.slug])).content.decode()
    second = as_anne.get(
        reverse("groups:workspace", args=[group.slug]) + "?pagina=2"
    ).content.decode()

    assert "Bericht nummer 24" in first and "Bericht nummer 4<" not in first
    assert (
        "Bericht nummer 4<" in second
        or "Bericht nummer 4\n" in second
        or "Bericht nummer 4" in second
    )
    assert "Bericht nummer 24" not in second


def test_archived_group_shows_no_form_and_refuses_posts(as_anne, group):
    group.archived_at = timezone.now()
    group.save()

    page = as_anne.get(reverse("groups:workspace", args=[group.slug]))
    response = as_anne.post(reverse("groups:workspace", args=[group.slug]), {"body": "Hallo"})

    assert page.status_code == 200
    assert 'name="body"' not in page.content.decode()
    assert response.status_code == 403
    assert "gearchiveerd" in response.content.decode()
    assert not Post.objects.filter(group=group).exists()


# --- threads -------------------------------------------------------------------------------


def test_thread_nests_replies_at_most_three_levels(as_anne, group, anne, bram, opening):
    parent = opening
    for depth in range(1, 6):
        parent = services.create_post(
            bram if depth % 2 else anne, group, f"Niveau {depth}", parent=parent
        )

    html = as_anne.get(reverse("groups:thread", args=[group.slug, opening.pk])).content.decode()

    for depth in range(1, 6):
        assert f"Niveau {depth}" in html
    assert "replies--3" in html
    assert "replies--4" not in html
    assert "als reactie op" in html


def test_reply_via_thread_page(as_anne, group, opening, bram, client):
    client.force_login(bram.user)

    response = client.post(
        reverse("groups:thread", args=[group.slug, opening.pk]),
        {"parent": opening.pk, "body": "Mijn antwoord"},
    )

    reply = Post.objects.get(parent=opening)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#bericht-{reply.pk}")


def test_empty_reply_shows_error_at_that_post(as_anne, group, opening):
    response = as_anne.post(
        reverse("groups:thread", args=[group.slug, opening.pk]), {"parent": opening.pk, "body": ""}
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Schrijf een bericht voordat je het verstuurt." in html
    assert '<details class="reply-form" open>' in html


def test_reply_to_a_post_of_another_thread_is_refused(as_anne, group, anne, opening):
    other = services.create_post(anne, group, "Ander gesprek")

    response = as_anne.post(
        reverse("groups:thread", args=[group.slug, opening.pk]), {"parent": other.pk, "body": "x"}
    )

    assert response.status_code == 400
    assert not Post.objects.filter(parent=other).exists()


def test_reply_address_redirects_to_its_thread(as_anne, group, opening, bram):
    reply = services.create_post(bram, group, "Antwoord", parent=opening)

    response = as_anne.get(reverse("groups:thread", args=[group.slug, reply.pk]))

    assert response.status_code == 302
    assert response["Location"].endswith(f"/berichten/{opening.pk}/#bericht-{reply.pk}")


def test_removed_post_with_replies_shows_placeholder(as_anne, group, anne, bram, opening):
    services.create_post(bram, group, "Antwoord", parent=opening)
    services.remove_post(anne, opening)

    stream = as_anne.get(reverse("groups:workspace", args=[group.slug])).content.decode()
    thread = as_anne.get(reverse("groups:thread", args=[group.slug, opening.pk])).content.decode()

    assert "Dit bericht is verwijderd." in stream
    assert "Dit bericht is verwijderd." in thread
    assert "armoedebeleid" not in thread


def test_removed_post_without_replies_disappears(as_anne, group, anne, opening):
    services.remove_post(anne, opening)

    stream = as_anne.get(reverse("groups:workspace", args=[group.slug])).content.decode()

    assert "Dit bericht is verwijderd." not in stream
    assert as_anne.get(reverse("groups:thread", args=[group.slug, opening.pk])).status_code == 404


def test_edit_own_post(as_anne, group, opening):
    response = as_anne.post(
        reverse("groups:post_edit", args=[group.slug, opening.pk]), {"body": "Aangepaste vraag"}
    )

    opening.refresh_from_db()
    assert response.status_code == 302
    assert opening.body == "Aangepaste vraag"


def test_edit_with_empty_text_is_refused_and_kept(as_anne, group, opening):
    response = as_anne.post(
        reverse("groups:post_edit", args=[group.slug, opening.pk]), {"body": ""}
    )

    opening.refresh_from_db()
    assert response.status_code == 400
    assert "Schrijf een bericht" in response.content.decode()
    assert opening.body == "Wie heeft ervaring met armoedebeleid?"


def test_editing_someone_elses_post_is_forbidden(client, group, opening, bram):
    client.force_login(bram.user)

    response = client.post(
        reverse("groups:post_edit", args=[group.slug, opening.pk]), {"body": "x"}
    )

    opening.refresh_from_db()
    assert response.status_code == 403
    assert opening.body != "x"


def test_remove_own_post(as_anne, group, opening):
    confirm = as_anne.get(reverse("groups:post_remove", args=[group.slug, opening.pk]))
    response = as_anne.post(reverse("groups:post_remove", args=[group.slug, opening.pk]))

    opening.refresh_from_db()
    assert confirm.status_code == 200
    assert response.status_code == 302
    assert opening.removed_at is not None


def stream_html(client, group):
    return client.get(reverse("groups:workspace", args=[group.slug])).content.decode()


def test_kept_discussion_cards_show_every_change(as_anne, group, anne, bram, opening):
    stream_html(as_anne, group)  # the cards are kept from here on

    reply = services.create_post(bram, group, "Ik zoek het op.", parent=opening)
    assert "Ik zoek het op." in stream_html(as_anne, group)

    services.edit_post(anne, opening, "Wie kent het armoedebeleid van Dordrecht?")
    bram.first_name = "Abraham"
    bram.save()
    html = stream_html(as_anne, group)
    assert "Wie kent het armoedebeleid van Dordrecht?" in html
    assert "Abraham de Boer" in html

    services.remove_post(bram, reply)
    assert "Ik zoek het op." not in stream_html(as_anne, group)


def test_kept_cards_show_each_viewer_their_own_actions(client, group, anne, bram, opening):
    edit = reverse("groups:post_edit", args=[group.slug, opening.pk])
    client.force_login(anne.user)
    assert edit in stream_html(client, group)

    client.force_login(bram.user)
    assert edit not in stream_html(client, group)

    client.force_login(member_of(group, role=MemberRole.LEAD).user)
    html = stream_html(client, group)
    assert edit not in html
    assert reverse("groups:post_remove", args=[group.slug, opening.pk]) in html


# --- meetings --------------------------------------------------------------------------------


def test_add_meeting(as_anne, group):
    response = as_anne.post(
        reverse("groups:meetings", args=[group.slug]),
        {"held_on": "2018-03-12", "title": "Kick-off", "place": "Dordrecht", "notes": "Start"},
    )

    meeting = Meeting.objects.get(group=group)
    assert response.status_code == 302
    assert response["Location"] == reverse("groups:meeting", args=[group.slug, meeting.pk])


def test_meeting_without_date_or_title_shows_dutch_messages_and_keeps_input(as_anne, group):
    response = as_anne.post(
        reverse("groups:meetings", args=[group.slug]),
        {"held_on": "12 maart", "title": "", "notes": "Mijn aantekeningen"},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Vul een geldige datum in" in html
    assert "Geef de bijeenkomst een titel" in html
    assert "Mijn aantekeningen" in html
    assert not Meeting.objects.filter(group=group).exists()


def test_edit_meeting_reflection(as_anne, group):
    meeting = MeetingFactory(group=group)

    response = as_anne.post(
        reverse("groups:meeting", args=[group.slug, meeting.pk]),
        {
            "held_on": "2018-03-12",
            "title": meeting.title,
            "learned": "Samen met bewoners werkt beter.",
            "do_differently": "Vaker op locatie.",
        },
    )

    meeting.refresh_from_db()
    assert response.status_code == 302
    assert meeting.learned == "Samen met bewoners werkt beter."


def test_reflection_log_lists_reflections_oldest_first(as_anne, group):
    MeetingFactory(group=group, held_on=datetime.date(2018, 5, 1), title="Mei", learned="Les twee")
    MeetingFactory(group=group, held_on=datetime.date(2018, 2, 1), title="Feb", learned="Les een")
    MeetingFactory(group=group, held_on=datetime.date(2018, 3, 1), title="Maart")

    html = as_anne.get(reverse("groups:meetings", args=[group.slug])).content.decode()

    log = html[html.index("Reflectielogboek") :]
    assert log.index("Les een") < log.index("Les twee")
    assert "Maart" not in log


def test_meeting_of_another_group_gets_404(as_anne, group):
    other = MeetingFactory()
    assert as_anne.get(reverse("groups:meeting", args=[group.slug, other.pk])).status_code == 404


# --- actions ---------------------------------------------------------------------------------


def test_add_todo_with_member_and_deadline(as_anne, group, bram):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = as_anne.post(
        reverse("groups:actions", args=[group.slug]),
        {"kind": "actie", "text": "Notulen rondsturen", "assignee": bram.pk, "due_on": tomorrow},
    )

    action = ActionItem.objects.get(group=group)
    assert response.status_code == 302
    assert action.assignee == bram


def test_todo_for_a_non_member_is_refused_with_dutch_message(as_anne, group):
    outsider = PersonFactory()

    response = as_anne.post(
        reverse("groups:actions", args=[group.slug]),
        {"kind": "actie", "text": "Notulen rondsturen", "assignee": outsider.pk},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Kies iemand die lid is van deze groep." in html
    assert "Notulen rondsturen" in html
    assert not ActionItem.objects.exists()


def test_new_todo_with_past_deadline_is_refused(as_anne, group):
    response = as_anne.post(
        reverse("groups:actions", args=[group.slug]),
        {"kind": "actie", "text": "Bellen", "due_on": "2001-01-01"},
    )

    assert response.status_code == 400
    assert "De deadline is al voorbij." in response.content.decode()
    assert not ActionItem.objects.exists()


def test_empty_action_is_refused(as_anne, group):
    response = as_anne.post(reverse("groups:actions", args=[group.slug]), {"kind": "actie"})

    assert response.status_code == 400
    assert "Beschrijf de actie of het besluit." in response.content.decode()


def test_mark_done_and_reopen(as_anne, group, anne):
    action = ActionItemFactory(group=group, created_by=anne)
    url = reverse("groups:actions", args=[group.slug])

    as_anne.post(url, {"done": action.pk})
    action.refresh_from_db()
    assert action.done_at is not None

    as_anne.post(url, {"reopen": action.pk})
    action.refresh_from_db()
    assert action.done_at is None


def test_toggle_action_of_another_group_gets_404(as_anne, group):
    other = ActionItemFactory()

    response = as_anne.post(reverse("groups:actions", args=[group.slug]), {"done": other.pk})

    other.refresh_from_db()
    assert response.status_code == 404
    assert other.done_at is None


def test_action_filter_shows_open_or_done(as_anne, group):
    ActionItemFactory(group=group, text="Nog te doen")
    ActionItemFactory(group=group, text="Al gedaan", done_at=timezone.now())
    ActionItemFactory(group=group, kind=ActionKind.DECISION, text="Vaste agenda")
    url = reverse("groups:actions", args=[group.slug])

    open_html = as_anne.get(url).content.decode()
    done_html = as_anne.get(url + "?status=klaar").content.decode()

    assert "Nog te doen" in open_html and "Al gedaan" not in open_html
    assert "Vaste agenda" in open_html
    assert "Al gedaan" in done_html and "Nog te doen" not in done_html


def test_editing_a_todo_may_keep_a_past_deadline(as_anne, group, anne):
    action = ActionItemFactory(group=group, created_by=anne, due_on=datetime.date(2020, 5, 1))

    response = as_anne.post(
        reverse("groups:action_edit", args=[group.slug, action.pk]),
        {"kind": "actie", "text": "Verslag rondsturen (later)", "due_on": "2020-05-01"},
    )

    action.refresh_from_db()
    assert response.status_code == 302
    assert action.text == "Verslag rondsturen (later)"
    assert action.due_on == datetime.date(2020, 5, 1)


def test_editing_a_todo_for_a_non_member_is_refused(as_anne, group, anne):
    action = ActionItemFactory(group=group, created_by=anne)

    response = as_anne.post(
        reverse("groups:action_edit", args=[group.slug, action.pk]),
        {"kind": "actie", "text": "Bellen", "assignee": PersonFactory().pk},
    )

    action.refresh_from_db()
    assert response.status_code == 400
    assert "Kies iemand die lid is van deze groep." in response.content.decode()
    assert action.assignee is None


def test_action_of_another_group_cannot_be_edited(as_anne, group):
    other = ActionItemFactory()
    response = as_anne.get(reverse("groups:action_edit", args=[group.slug, other.pk]))
    assert response.status_code == 404


def test_reply_error_does_not_label_the_opening_post_as_a_reply(as_anne, group, opening):
    response = as_anne.post(
        reverse("groups:thread", args=[group.slug, opening.pk]), {"parent": opening.pk, "body": ""}
    )

    assert "als reactie op" not in response.content.decode()


WRITES = {
    "workspace": {"body": "Nog iets"},
    "thread": {"parent": "OPENING", "body": "Nog iets"},
    "post_edit": {"body": "Anders"},
    "post_remove": {},
    "files": {"description": "x"},
    "file_remove": {},
    "meetings": {"held_on": "2018-03-12", "title": "Na afloop"},
    "meeting": {"held_on": "2018-03-12", "title": "Gewijzigd"},
    "actions": {"kind": "actie", "text": "Nog bellen"},
    "action_edit": {"kind": "actie", "text": "Gewijzigd"},
}


@pytest.mark.parametrize("name", WRITES)
def test_archived_group_refuses_every_write_with_403(as_anne, group, urls, opening, name):
    from werkplaats.groups.models import SharedFile

    group.archived_at = timezone.now()
    group.save()
    data = {key: opening.pk if value == "OPENING" else value for key, value in WRITES[name].items()}
    counts = (Post.objects.count(), SharedFile.objects.count(), Meeting.objects.count())

    response = as_anne.post(urls[name], data)

    opening.refresh_from_db()
    assert response.status_code == 403
    assert "gearchiveerd" in response.content.decode()
    assert (Post.objects.count(), SharedFile.objects.count(), Meeting.objects.count()) == counts
    assert opening.removed_at is None and opening.body.startswith("Wie heeft")
    assert not Meeting.objects.filter(title="Gewijzigd").exists()
    assert not ActionItem.objects.filter(text__in=["Nog bellen", "Gewijzigd"]).exists()


@pytest.mark.parametrize("name", ["workspace", "thread", "files", "meetings", "meeting", "actions"])
def test_archived_group_can_still_be_read_without_forms(as_anne, group, urls, name):
    group.archived_at = timezone.now()
    group.save()

    response = as_anne.get(urls[name])

    html = response.content.decode()
    main = html[html.index('id="inhoud"') : html.index('class="site-footer"')]
    assert response.status_code == 200
    assert 'method="post"' not in main
