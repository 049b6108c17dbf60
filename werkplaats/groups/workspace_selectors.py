"""Reads of a group's private workspace: the queries behind its pages, joins decided here.

The stream's first page is four queries however many posts a group has: the count for the
pager (open discussions, and removed ones with replies: index groups_post_discussions); the
page of opening posts (chosen through the partial index groups_post_stream) with authors
joined and reply counts and mentioned handles annotated; and one windowed query for the latest
replies of those threads (with their authors and mentioned handles).
"""

from django.core.paginator import Page, Paginator
from django.db.models import (
    Aggregate,
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber

from werkplaats.core.precompiled import Precompiled
from werkplaats.network.models import Person

from .models import ActionItem, ActionKind, Meeting, Post, SharedFile

LATEST_REPLIES = 3
# Replies deeper than this are shown at this level, under their ancestor at this level.
MAX_VISUAL_DEPTH = 3


def _mentions_prefetch():
    return Prefetch("mentions", queryset=Person.objects.only("pk", "handle"))


class HandleList(Aggregate):
    """The handles as one comma-separated string (slugs hold no commas)."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s)"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(%(expressions)s, ',')",
            **extra_context,
        )


def with_mention_handles(queryset):
    """Annotate `mention_handles` ("anne,bram"): the people recorded as mentioned, in the same
    query (read by the post_body filter instead of a prefetch)."""
    through = Post.mentions.through
    handles = (
        through.objects.filter(post_id=OuterRef("pk"))
        .order_by()
        .values("post_id")
        .annotate(handles=HandleList("person__handle"))
        .values("handles")
    )
    return queryset.annotate(mention_handles=Subquery(handles, output_field=CharField()))


def _visible_replies():
    """The replies of the outer query's opening post that are not removed."""
    return Post.objects.filter(thread=OuterRef("pk"), removed_at__isnull=True)


def _discussions(group):
    """The group's discussions, most recent activity first: opening posts that are not removed,
    or removed but with replies (shown as "this message has been removed")."""
    visible_replies = _visible_replies()
    return (
        Post.objects.filter(group=group, parent__isnull=True)
        .filter(Q(removed_at__isnull=True) | Exists(visible_replies))
        .order_by("-last_activity_at", "-pk")
    )


def stream(group):
    """The discussions with their authors and reply counts."""
    visible_replies = _visible_replies()
    reply_count = (
        visible_replies.order_by().values("thread").annotate(count=Count("pk")).values("count")
    )
    return (
        _discussions(group)
        .select_related("author")
        .annotate(reply_count=Coalesce(Subquery(reply_count, output_field=IntegerField()), 0))
    )


def _page_of_discussions(offset, limit, *, group):
    page_ids = _discussions(group).values("pk")[offset : offset + limit]
    return with_mention_handles(stream(group).filter(pk__in=Subquery(page_ids)))


def _latest_replies(count, *, thread_ids):
    return with_mention_handles(
        Post.objects.filter(thread_id__in=thread_ids, removed_at__isnull=True)
        .annotate(
            rank=Window(RowNumber(), partition_by="thread_id", order_by=("-created_at", "-pk"))
        )
        .filter(rank__lte=count)
        .select_related("author")
    )


def _open_discussions(*, group):
    return Post.objects.filter(group=group, parent__isnull=True, removed_at__isnull=True)


def _removed_discussions_with_replies(*, group):
    visible_replies = _visible_replies()
    return Post.objects.filter(
        Exists(visible_replies), group=group, parent__isnull=True, removed_at__isnull=False
    )


# Compiled once per process (core/precompiled.py): building and compiling these querysets
# was a third of the stream page's time. The discussions are counted in two parts, as one
# condition ("not removed, or with replies") made PostgreSQL read every reply of every group.
_OPEN_DISCUSSIONS = Precompiled(_open_discussions)
_REMOVED_DISCUSSIONS_WITH_REPLIES = Precompiled(_removed_discussions_with_replies)
_PAGE_OF_DISCUSSIONS = Precompiled(_page_of_discussions)
_LATEST_REPLIES = Precompiled(_latest_replies)


def stream_page(group, number, per_page):
    """Page `number` of the stream in three queries: the count for the pager (two), and the
    page's discussions with everything shown of them.

    The page's rows are chosen in a subquery that reads only the index (groups_post_stream):
    reply counts and mentions are then worked out for those rows alone, not for every
    discussion of the group. A page past the end gives the last page, as core.pagination does.
    """
    try:
        number = max(1, int(number))
    except (TypeError, ValueError):
        number = 1
    total = _OPEN_DISCUSSIONS.count(group=group.pk) + _REMOVED_DISCUSSIONS_WITH_REPLIES.count(
        group=group.pk
    )
    number = min(number, max(1, -(-total // per_page)))
    rows = _PAGE_OF_DISCUSSIONS.all((number - 1) * per_page, per_page, group=group.pk)
    for row in rows:
        row.group = group
    return Page(rows, number, Paginator(range(total), per_page))


def attach_latest_replies(threads, count=LATEST_REPLIES):
    """Set `latest_replies` (oldest first, at most `count`) on each thread, in one query."""
    threads = list(threads)
    by_pk = {thread.pk: thread for thread in threads}
    for thread in threads:
        thread.latest_replies = []
    if not threads:
        return threads
    ranked = _LATEST_REPLIES.all(count, thread_ids=sorted(by_pk))
    for reply in sorted(ranked, key=lambda post: (post.created_at, post.pk)):
        by_pk[reply.thread_id].latest_replies.append(reply)
    return threads


class Node:
    """A post in a thread's tree as shown: `children` nested, at most MAX_VISUAL_DEPTH deep.

    `flattened` marks a reply shown under an ancestor instead of its parent (too deep to nest);
    the page then says whom it answers.
    """

    def __init__(self, post, depth, flattened=False):
        self.post = post
        self.depth = depth
        self.flattened = flattened
        self.reply_to = None
        self.children = []


def thread(group, pk):
    """The opening post `pk` of the group with all its replies as a tree, or None.

    Two queries (posts with authors, their mentions) for a thread of any size and depth.
    """
    posts = list(
        Post.objects.filter(group=group)
        .filter(Q(pk=pk, parent__isnull=True) | Q(thread_id=pk))
        .select_related("author")
        .prefetch_related(_mentions_prefetch())
        .order_by("created_at", "pk")
    )
    root = next((post for post in posts if post.pk == pk), None)
    if root is None:
        return None
    children = {}
    for post in posts:
        if post.parent_id is not None:
            children.setdefault(post.parent_id, []).append(post)
    by_pk = {post.pk: post for post in posts}

    def has_visible_descendant(post):
        return any(
            child.removed_at is None or has_visible_descendant(child)
            for child in children.get(post.pk, [])
        )

    def build(post, depth):
        node = Node(post, depth)
        for child in children.get(post.pk, []):
            if child.removed_at is not None and not has_visible_descendant(child):
                continue
            if depth + 1 < MAX_VISUAL_DEPTH:
                node.children.append(build(child, depth + 1))
            else:
                node.children.append(Node(child, depth + 1))
                node.children.extend(flatten(child, depth + 1))
        return node

    def flatten(post, depth):
        for child in children.get(post.pk, []):
            if child.removed_at is not None and not has_visible_descendant(child):
                continue
            flattened = Node(child, depth, flattened=True)
            flattened.reply_to = by_pk.get(child.parent_id)
            yield flattened
            yield from flatten(child, depth)

    tree = build(root, 0)
    tree.reply_count = sum(1 for post in posts if post.pk != pk and post.removed_at is None)
    return tree


def post_in_group(group, pk):
    return Post.objects.filter(group=group, pk=pk).select_related("author", "group").first()


def files(group):
    return SharedFile.objects.filter(group=group).select_related("uploaded_by")


def meetings(group):
    return (
        Meeting.objects.filter(group=group)
        .select_related("written_by")
        .annotate(action_count=Count("actions"))
        .order_by("-held_on", "-pk")
    )


def reflection_log(group):
    """Every meeting with a reflection, oldest first: the group's learning as one log."""
    return (
        Meeting.objects.filter(group=group)
        .exclude(learned="", do_differently="")
        .order_by("held_on", "pk")
    )


def meeting_actions(meeting):
    return meeting.actions.select_related("assignee").order_by("done_at", "due_on", "pk")


ACTION_FILTERS = ("open", "klaar", "alle")


def actions(group, status="open"):
    """The group's to-dos and decisions; `status` "open" (to-dos not done and decisions),
    "klaar" (done to-dos) or "alle"."""
    queryset = ActionItem.objects.filter(group=group).select_related("assignee", "meeting")
    if status == "open":
        queryset = queryset.filter(done_at__isnull=True)
    elif status == "klaar":
        queryset = queryset.filter(done_at__isnull=False)
    return queryset.order_by("kind", "done_at", "due_on", "created_at", "pk")


def todo_and_decisions(queryset):
    items = list(queryset)
    return (
        [item for item in items if item.kind == ActionKind.TODO],
        [item for item in items if item.kind == ActionKind.DECISION],
    )
