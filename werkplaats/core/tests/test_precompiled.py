"""Querysets compiled once and run with new values give what the queryset itself gives."""

import pytest
from django.db.models import Count

from werkplaats.core.precompiled import Precompiled
from werkplaats.groups.models import Post
from werkplaats.groups.tests.workspace_factories import PostFactory, WorkspaceGroupFactory

pytestmark = pytest.mark.django_db


def _posts(*, group):
    return (
        Post.objects.filter(group=group)
        .select_related("author")
        .annotate(reply_total=Count("replies"))
        .order_by("pk")
    )


@pytest.fixture
def groups():
    first, second = WorkspaceGroupFactory(), WorkspaceGroupFactory()
    PostFactory.create_batch(3, group=first)
    PostFactory.create_batch(2, group=second)
    return first, second


def test_runs_with_each_value_as_the_queryset_would(groups, django_assert_num_queries):
    precompiled = Precompiled(_posts)
    for group in groups:
        expected = list(_posts(group=group.pk))
        with django_assert_num_queries(1):
            found = precompiled.all(group=group.pk)
            # select_related and annotations came along: no query for these.
            seen = [(post.pk, post.author.full_name, post.reply_total) for post in found]
        assert seen == [(post.pk, post.author.full_name, post.reply_total) for post in expected]
        assert precompiled.count(group=group.pk) == len(expected)


def test_lists_of_any_length(groups):
    precompiled = Precompiled(lambda *, ids: Post.objects.filter(pk__in=ids).order_by("pk"))
    pks = sorted(Post.objects.values_list("pk", flat=True))

    assert [post.pk for post in precompiled.all(ids=pks[:2])] == pks[:2]
    assert [post.pk for post in precompiled.all(ids=pks[1:])] == pks[1:]
    assert [post.pk for post in precompiled.all(ids=pks[3:4])] == pks[3:4]


def test_shape_values_are_part_of_the_key(groups):
    first, _second = groups
    precompiled = Precompiled(lambda offset, *, group: _posts(group=group)[offset : offset + 1])
    pks = [post.pk for post in _posts(group=first.pk)]

    assert [post.pk for post in precompiled.all(0, group=first.pk)] == pks[:1]
    assert [post.pk for post in precompiled.all(2, group=first.pk)] == pks[2:3]


def test_a_value_written_into_the_sql_is_refused(groups):
    precompiled = Precompiled(lambda *, pk: Post.objects.extra(where=[f"id <> {int(pk)}"]))

    with pytest.raises(ValueError, match="pk"):
        precompiled.all(pk=1)


def test_string_values(groups):
    first, second = groups
    precompiled = Precompiled(
        lambda *, slug: Post.objects.filter(group__slug=slug).order_by("pk").only("pk")
    )

    for group in (first, second):
        expected = Post.objects.filter(group=group).order_by("pk").values_list("pk", flat=True)
        assert [post.pk for post in precompiled.all(slug=group.slug)] == list(expected)
    assert precompiled.all(slug="geen-groep") == []
