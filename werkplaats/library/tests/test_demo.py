"""The demo library: the seeds' bundels, findings and first outputs, loadable twice, every
audience and kind present, clean for the privacy guard, and found by the search backend."""

import pytest

from werkplaats.groups.demo import load_groups
from werkplaats.groups.demo_members import load_members
from werkplaats.library import services
from werkplaats.library.demo import PRACTICE_ITEMS, PRODUCTS, load_library
from werkplaats.library.models import (
    PracticeItem,
    PracticeKind,
    Product,
    ReviewStatus,
    Version,
    Visibility,
)

pytestmark = pytest.mark.django_db

BUNDELS = ["Leren transformeren", "Ruimte voor ontmoeting", "Op weg naar samenspel"]


@pytest.fixture
def demo():
    load_groups()
    load_members()
    return load_library()


def counts():
    return {
        "items": PracticeItem.objects.count(),
        "products": Product.objects.count(),
        "versions": Version.objects.count(),
        "answers": PracticeItem.answers_to.through.objects.count(),
        "product links": Product.practice_items.through.objects.count(),
    }


def states():
    return sorted(
        (entry.slug, entry.visibility, entry.review_status, entry.updated_at)
        for model in (PracticeItem, Product)
        for entry in model.objects.all()
    )


def test_loading_twice_creates_nothing_and_changes_nothing(demo):
    before, before_states = counts(), states()

    again = load_library()

    assert counts() == before
    assert states() == before_states
    assert len(again) == len(demo) == len(PRACTICE_ITEMS) + len(PRODUCTS)


def test_an_entry_a_coordinator_changed_is_left_alone(demo):
    bundel = Product.objects.get(title="Ruimte voor ontmoeting")
    Product.objects.filter(pk=bundel.pk).update(summary="Aangepast door de coördinator.")

    load_library()

    bundel.refresh_from_db()
    assert bundel.summary == "Aangepast door de coördinator."


def test_the_named_bundels_are_public_with_summary_and_transferable_description(demo):
    for title in BUNDELS:
        bundel = Product.objects.get(title=title)
        assert bundel.visibility == Visibility.PUBLIC
        assert bundel.published_at is not None
        assert len(bundel.summary) > 60
        assert bundel.aim and bundel.approach
    samenspel = Product.objects.get(title="Op weg naar samenspel")
    assert [g.slug for g in samenspel.groups.all()] == [
        "werkgroep-samenwerking-formeel-en-informeel"
    ]
    assert samenspel.year == 2017
    assert samenspel.learning_questions.count() == 2
    assert samenspel.practice_items.filter(kind=PracticeKind.DILEMMA).exists()


def test_every_kind_of_practice_knowledge_is_there(demo):
    kinds = set(PracticeItem.objects.values_list("kind", flat=True))
    assert kinds == set(PracticeKind.values)


def test_every_audience_and_a_pending_review_can_be_seen(demo):
    for model in (PracticeItem, Product):
        assert (
            model.objects.filter(visibility=Visibility.PUBLIC).count()
            > model.objects.exclude(visibility=Visibility.PUBLIC).count()
        )
    entries = [*PracticeItem.objects.all(), *Product.objects.all()]
    visibilities = {entry.visibility for entry in entries}
    assert visibilities == set(Visibility.values)
    pending = [e for e in entries if e.review_status == ReviewStatus.PENDING]
    assert len(pending) == 1 and pending[0].visibility == Visibility.MEMBERS


def test_findings_answer_the_questions_of_their_group(demo):
    hybrid = PracticeItem.objects.get(slug="praktijkvoorbeeld-hybride-organisaties")
    assert hybrid.group.slug == "werkgroep-samenwerking-formeel-en-informeel"
    assert {q.kind for q in hybrid.answers_to.all()} == {PracticeKind.QUESTION}
    assert {q.group_id for q in hybrid.learning_questions.all()} == {hybrid.group_id}
    verbinder = PracticeItem.objects.get(slug="tip-een-verbinder-tussen-formeel-en-informeel")
    assert verbinder.kind == PracticeKind.TIP
    assert [i.slug for i in verbinder.answers_to.all()] == ["dilemma-betaalde-of-onbetaalde-kracht"]


def test_every_entry_has_a_first_version_and_a_history_of_sharing(demo):
    for entry in demo:
        versions = list(entry.versions.order_by("number"))
        assert versions[0].number == 1
        assert versions[0].data["title"] == entry.title
        assert versions[0].created_at.year == entry.created_at.year
        if entry.visibility == Visibility.PUBLIC:
            assert len(versions) == 3  # written, shared with the members, made public


def test_nothing_shared_trips_the_privacy_guard(demo):
    for entry in demo:
        if entry.visibility != Visibility.GROUP:
            assert services.privacy_findings(entry) == [], entry.slug


def test_people_are_the_fictional_demo_people(demo):
    for product in Product.objects.prefetch_related("authors"):
        for author in product.authors.all():
            assert author.email.endswith("@example.org")


def test_entries_are_found_by_the_site_search(demo):
    from werkplaats.library.search import Selection, Viewer, find
    from werkplaats.network.tests.factories import CoordinatorFactory

    coordinator = Viewer.of(CoordinatorFactory())  # "Workshop genogrammen" is for members

    def titles(query):
        return [hit.title for hit in find(coordinator, query, Selection()).hits]

    assert "Op weg naar samenspel" in titles("samenspel")
    assert "Workshop genogrammen" in titles("genogram")
    hybride = PracticeItem.objects.get(slug="praktijkvoorbeeld-hybride-organisaties")
    assert hybride.title in titles("hybride")
