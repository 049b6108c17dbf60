"""The demo groups: the seeds' history, loadable twice without duplicates."""

import pytest

from werkplaats.groups.demo import NOT_DESCRIBED, load_groups
from werkplaats.groups.models import GroupKind, LearningGroup, LearningQuestion, WorkProgramme

pytestmark = pytest.mark.django_db


def test_load_groups_creates_the_groups_of_the_seeds():
    load_groups()
    kinds = dict(LearningGroup.objects.values_list("slug", "kind"))
    assert list(kinds.values()).count(GroupKind.WORK_TEAM) == 4
    assert list(kinds.values()).count(GroupKind.WORKING_GROUP) == 2
    assert kinds["themaleerkring-2016"] == GroupKind.THEME_CIRCLE
    assert WorkProgramme.objects.count() == 2


def test_load_groups_is_idempotent():
    load_groups()
    counts = (LearningGroup.objects.count(), LearningQuestion.objects.count())
    load_groups()
    assert (LearningGroup.objects.count(), LearningQuestion.objects.count()) == counts


def test_earlier_groups_are_archived_and_werkteams_current():
    groups = load_groups()
    assert groups["themaleerkring-2016"].archived_at.date().isoformat() == "2016-06-30"
    assert groups["werkgroep-samenwerking-formeel-en-informeel"].is_archived
    assert not groups["werkteam-informeel-formeel-armoede"].is_archived


def test_learning_questions_come_from_the_seeds():
    groups = load_groups()
    questions = list(
        groups["werkgroep-samenwerking-formeel-en-informeel"].questions.values_list(
            "question", flat=True
        )
    )
    assert questions == [
        "Wat is (eigenlijk) informaliteit?",
        "Wie is er informeel in het sociaal domein?",
    ]


def test_the_undescribed_werkteam_says_so():
    groups = load_groups()
    assert NOT_DESCRIBED in groups["werkteam-4"].description


def test_the_people_demo_finds_its_groups():
    from werkplaats.groups.demo_members import MEMBERSHIPS

    load_groups()
    assert set(MEMBERSHIPS) <= set(LearningGroup.objects.values_list("slug", flat=True))


def test_groups_are_linked_to_their_theme_pages():
    groups = load_groups()
    assert [t.slug for t in groups["werkteam-platform-ontmoeting-en-innovatie"].themes.all()] == [
        "platform-ontmoeting-en-innovatie"
    ]
