"""The rules of the library's services: versions, restore, the privacy guard, sharing, review,
who may write and waive, and who sees what (`visible_to`)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from werkplaats.accounts.tests.factories import StaffCoordinatorFactory
from werkplaats.groups.tests.factories import (
    LeadFactory,
    LearningGroupFactory,
    LearningQuestionFactory,
    MembershipFactory,
)
from werkplaats.library import services
from werkplaats.library.models import (
    PracticeItem,
    PracticeKind,
    Product,
    ReviewStatus,
    Version,
    Visibility,
)
from werkplaats.network.models import Notification
from werkplaats.network.tests.factories import (
    CoordinatorFactory,
    MunicipalityFactory,
    PersonFactory,
)

from .factories import PracticeItemFactory, ProductFactory

pytestmark = pytest.mark.django_db

BSN = "123456782"  # passes the 11-proef
NOT_A_BSN = "123456789"  # fails it


@pytest.fixture
def group():
    return LearningGroupFactory(name="Werkteam Armoede")


@pytest.fixture
def anne(group):
    return MembershipFactory(group=group, person__first_name="Anne").person


@pytest.fixture
def lead(group):
    return LeadFactory(group=group, person__first_name="Lotte").person


@pytest.fixture
def coordinator():
    return PersonFactory(user=CoordinatorFactory())


def write(actor, group, **fields):
    values = {
        "kind": PracticeKind.DILEMMA,
        "title": "Formeel of informeel?",
        "summary": "Wanneer laat een professional het over aan de buurt?",
        "body": "Een buurtbewoner helpt een oudere buurvrouw.",
    }
    values.update(fields)
    return services.create_practice_item(actor, group, **values)


def reload(entry):
    return type(entry).objects.get(pk=entry.pk)


# --- versions -------------------------------------------------------------------------------


def test_writing_keeps_version_one(group, anne):
    item = write(anne, group)
    (version,) = item.versions.all()
    assert version.number == 1
    assert version.author == anne
    assert version.data["title"] == "Formeel of informeel?"


def test_every_change_is_a_new_version_with_the_changed_fields(group, anne):
    item = write(anne, group)
    services.update_entry(anne, item, title="Nieuwe titel", note="titel scherper")
    services.update_entry(anne, item, body="Andere tekst")
    numbers = list(item.versions.values_list("number", "changed", "note"))
    assert numbers == [
        (3, ["body"], ""),
        (2, ["title"], "titel scherper"),
        (1, [], ""),
    ]


def test_a_change_of_relations_is_a_version(group, anne):
    item = write(anne, group)
    place = MunicipalityFactory(name="Dordrecht")
    services.update_entry(anne, item, relations={"municipalities": [place]})
    latest = item.versions.first()
    assert latest.number == 2
    assert latest.changed == ["municipalities"]
    assert latest.data["municipalities"] == [place.pk]


def test_saving_without_changes_makes_no_version(group, anne):
    item = write(anne, group)
    services.update_entry(anne, item, title=item.title, body=item.body, note="niets")
    assert item.versions.count() == 1


def test_restore_puts_fields_and_relations_back_as_a_new_version(group, anne):
    question = LearningQuestionFactory(group=group)
    place = MunicipalityFactory(name="Schiedam")
    item = write(anne, group)
    services.update_entry(
        anne, item, relations={"learning_questions": [question], "municipalities": [place]}
    )
    services.update_entry(
        anne,
        item,
        title="Anders",
        roles=["bewoner"],
        relations={"learning_questions": [], "municipalities": []},
    )
    first = item.versions.get(number=2)
    services.restore_version(anne, item, first)
    item = reload(item)
    assert item.title == "Formeel of informeel?"
    assert item.roles == []
    assert list(item.learning_questions.all()) == [question]
    assert list(item.municipalities.all()) == [place]
    latest = item.versions.first()
    assert latest.number == 4
    assert set(latest.changed) == {"title", "roles", "learning_questions", "municipalities"}
    assert "2" in latest.note


def test_restore_refuses_a_version_of_another_entry(group, anne):
    item = write(anne, group)
    other = write(anne, group, title="Ander dilemma")
    with pytest.raises(ValidationError):
        services.restore_version(anne, item, other.versions.first())


# --- the privacy guard and sharing ----------------------------------------------------------


def test_sharing_with_members_is_blocked_by_a_valid_bsn(group, anne):
    item = write(anne, group, body=f"Cliënt met BSN {BSN} vraagt hulp.")
    with pytest.raises(services.PrivacyFindings) as refused:
        services.share(anne, item, Visibility.MEMBERS)
    assert [finding.kind for finding in refused.value.findings] == ["bsn"]
    assert reload(item).visibility == Visibility.GROUP


def test_sharing_is_allowed_once_the_bsn_is_removed(group, anne):
    item = write(anne, group, body=f"Cliënt met BSN {BSN} vraagt hulp.")
    services.update_entry(anne, item, body="Een cliënt vraagt hulp.")
    services.share(anne, item, Visibility.MEMBERS)
    assert reload(item).visibility == Visibility.MEMBERS


def test_sharing_is_allowed_once_the_lead_marks_the_finding_not_personal(group, anne, lead):
    item = write(anne, group, body="Bel de balie van de Sociale Wijkteams: 088-1234567.")
    (finding,) = services.privacy_findings(item)
    services.mark_not_personal(lead, item, finding.key, Visibility.MEMBERS)
    services.share(anne, item, Visibility.MEMBERS)
    item = reload(item)
    assert item.visibility == Visibility.MEMBERS
    assert item.not_personal[0]["text"] == "088-1234567"
    assert item.not_personal[0]["by"] == lead.pk


def test_nine_digits_failing_the_eleven_test_do_not_block(group, anne):
    item = write(anne, group, body=f"Projectnummer {NOT_A_BSN} van de gemeente.")
    services.share(anne, item, Visibility.MEMBERS)
    assert reload(item).visibility == Visibility.MEMBERS


def test_a_guarded_name_of_the_group_blocks_sharing(group, anne):
    services.add_guarded_name(anne, group, "Mevrouw Pietersen")
    item = write(anne, group, body="We spraken mevrouw pietersen over haar buren.")
    with pytest.raises(services.PrivacyFindings):
        services.share(anne, item, Visibility.MEMBERS)


def test_a_change_that_brings_personal_details_into_a_shared_entry_is_refused(group, anne):
    item = write(anne, group)
    services.share(anne, item, Visibility.MEMBERS)
    with pytest.raises(services.PrivacyFindings):
        services.update_entry(anne, item, body=f"BSN {BSN}", note="x")
    item = reload(item)
    assert BSN not in item.body
    assert item.versions.filter(note="x").count() == 0


def test_a_private_entry_may_hold_personal_details(group, anne):
    item = write(anne, group)
    services.update_entry(anne, item, body=f"BSN {BSN}")
    assert BSN in reload(item).body


def test_narrowing_is_always_allowed(group, anne):
    item = write(anne, group)
    services.share(anne, item, Visibility.MEMBERS)
    services.update_entry(anne, item, body="Een tekst.")
    services.share(anne, item, Visibility.GROUP)
    assert reload(item).visibility == Visibility.GROUP


# --- review ---------------------------------------------------------------------------------


def test_asking_for_public_puts_it_in_review_and_notifies_coordinators(group, anne, coordinator):
    staff = PersonFactory(user=StaffCoordinatorFactory())
    item = write(anne, group)
    services.share(anne, item, Visibility.PUBLIC)
    item = reload(item)
    assert item.visibility == Visibility.GROUP
    assert item.review_status == ReviewStatus.PENDING
    notified = set(
        Notification.objects.filter(kind="library_review").values_list("recipient", flat=True)
    )
    assert notified == {coordinator.pk, staff.pk}


def test_public_is_also_blocked_by_findings(group, anne):
    item = write(anne, group, body=f"BSN {BSN}")
    with pytest.raises(services.PrivacyFindings):
        services.share(anne, item, Visibility.PUBLIC)
    assert reload(item).review_status == ReviewStatus.NONE


def test_coordinator_approves_and_the_writer_is_told(group, anne, coordinator):
    item = write(anne, group)
    services.share(anne, item, Visibility.PUBLIC)
    services.approve(coordinator, item)
    item = reload(item)
    assert item.visibility == Visibility.PUBLIC
    assert item.review_status == ReviewStatus.NONE
    assert item.published_at is not None
    assert item.reviewed_by == coordinator
    assert Notification.objects.filter(recipient=anne, kind="library_review").exists()


def test_coordinator_rejects_with_a_note(group, anne, coordinator):
    item = write(anne, group)
    services.share(anne, item, Visibility.PUBLIC)
    services.reject(coordinator, item, "Haal de straatnaam weg.")
    item = reload(item)
    assert item.visibility == Visibility.GROUP
    assert item.review_status == ReviewStatus.REJECTED
    assert item.review_note == "Haal de straatnaam weg."
    assert Notification.objects.get(recipient=anne).body == "Haal de straatnaam weg."


def test_rejecting_needs_a_note(group, anne, coordinator):
    item = write(anne, group)
    services.share(anne, item, Visibility.PUBLIC)
    with pytest.raises(ValidationError):
        services.reject(coordinator, item, "  ")
    assert reload(item).review_status == ReviewStatus.PENDING


def test_members_cannot_approve_or_reject(group, anne, lead):
    item = write(anne, group)
    services.share(anne, item, Visibility.PUBLIC)
    with pytest.raises(PermissionDenied):
        services.approve(lead, item)
    with pytest.raises(PermissionDenied):
        services.reject(lead, item, "nee")
    assert reload(item).review_status == ReviewStatus.PENDING


def test_a_coordinator_sharing_publicly_needs_no_review(group, coordinator):
    item = PracticeItemFactory(group=group)
    services.share(coordinator, item, Visibility.PUBLIC)
    assert reload(item).visibility == Visibility.PUBLIC


# --- who may waive --------------------------------------------------------------------------


def _item_with_phone(group, anne):
    item = write(anne, group, body="Bel de balie op 088-1234567.")
    (finding,) = services.privacy_findings(item)
    return item, finding


def test_a_member_who_is_not_lead_cannot_waive(group, anne):
    item, finding = _item_with_phone(group, anne)
    with pytest.raises(PermissionDenied):
        services.mark_not_personal(anne, item, finding.key, Visibility.MEMBERS)
    assert reload(item).not_personal == []


def test_a_lead_cannot_waive_for_public(group, anne, lead):
    item, finding = _item_with_phone(group, anne)
    with pytest.raises(PermissionDenied):
        services.mark_not_personal(lead, item, finding.key, Visibility.PUBLIC)


def test_a_coordinator_may_waive_for_public(group, anne, coordinator):
    item, finding = _item_with_phone(group, anne)
    services.mark_not_personal(coordinator, item, finding.key, Visibility.PUBLIC)
    assert services.privacy_findings(reload(item)) == []


def test_a_lead_of_another_group_cannot_waive(group, anne):
    item, finding = _item_with_phone(group, anne)
    other_lead = LeadFactory().person
    with pytest.raises(PermissionDenied):
        services.mark_not_personal(other_lead, item, finding.key, Visibility.MEMBERS)


# --- who may write --------------------------------------------------------------------------


def test_an_archived_group_is_read_only(group, anne):
    item = write(anne, group)
    group.archived_at = timezone.now()
    group.save()
    with pytest.raises(PermissionDenied):
        write(anne, group, title="Nog een")
    with pytest.raises(PermissionDenied):
        services.update_entry(anne, item, title="Anders")
    with pytest.raises(PermissionDenied):
        services.share(anne, item, Visibility.MEMBERS)
    with pytest.raises(PermissionDenied):
        services.add_guarded_name(anne, group, "Jansen")
    assert PracticeItem.objects.count() == 1
    assert reload(item).title == "Formeel of informeel?"


def test_a_member_of_another_group_cannot_write_or_edit(group, anne):
    item = write(anne, group)
    stranger = MembershipFactory().person
    with pytest.raises(PermissionDenied):
        write(stranger, group)
    with pytest.raises(PermissionDenied):
        services.update_entry(stranger, item, title="Overgenomen")
    with pytest.raises(PermissionDenied):
        services.share(stranger, item, Visibility.MEMBERS)
    assert reload(item).title == "Formeel of informeel?"


def test_a_person_without_account_cannot_write(group):
    person = MembershipFactory(group=group, person__user=None).person
    with pytest.raises(PermissionDenied):
        write(person, group)


def test_a_product_needs_a_group_of_the_writer(group, anne):
    fields = {"kind": "blog", "title": "Blog", "summary": "Kort.", "year": 2019}
    with pytest.raises(PermissionDenied):
        services.create_product(anne, relations={"groups": [LearningGroupFactory()]}, **fields)
    product = services.create_product(anne, relations={"groups": [group]}, **fields)
    assert list(product.groups.all()) == [group]
    assert product.visibility == Visibility.GROUP
    assert product.versions.count() == 1


def test_invalid_fields_are_refused_and_nothing_is_written(group, anne):
    with pytest.raises(ValidationError) as refused:
        write(anne, group, title="x" * 201)
    assert "title" in refused.value.error_dict
    assert PracticeItem.objects.count() == 0
    assert Version.objects.count() == 0


# --- who sees what --------------------------------------------------------------------------

AUDIENCES = ["visitor", "member", "own_group", "other_group", "coordinator"]
EXPECTED = {
    Visibility.GROUP: {"own_group", "coordinator"},
    Visibility.MEMBERS: {"member", "own_group", "other_group", "coordinator"},
    Visibility.PUBLIC: set(AUDIENCES),
}


def _user_for(audience, group):
    from django.contrib.auth.models import AnonymousUser

    if audience == "visitor":
        return AnonymousUser()
    if audience == "member":
        return PersonFactory().user
    if audience == "own_group":
        return MembershipFactory(group=group).person.user
    if audience == "other_group":
        return MembershipFactory().person.user
    return CoordinatorFactory()


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("visibility", list(Visibility))
def test_practice_item_visible_to(audience, visibility):
    group = LearningGroupFactory()
    item = PracticeItemFactory(group=group, visibility=visibility)
    PracticeItemFactory(visibility=Visibility.GROUP)  # another group's private item
    user = _user_for(audience, group)
    seen = item in PracticeItem.objects.visible_to(user)
    assert seen == (audience in EXPECTED[visibility])
    from werkplaats.library.permissions import can_view

    assert can_view(user, item) == seen


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("visibility", list(Visibility))
def test_product_visible_to(audience, visibility):
    group = LearningGroupFactory()
    product = ProductFactory(groups=[LearningGroupFactory(), group], visibility=visibility)
    user = _user_for(audience, group)
    seen = product in Product.objects.visible_to(user)
    assert seen == (audience in EXPECTED[visibility])
    assert Product.objects.visible_to(user).filter(pk=product.pk).count() == int(seen)


def test_a_former_member_no_longer_sees_the_groups_private_entries():
    group = LearningGroupFactory()
    item = PracticeItemFactory(group=group)
    membership = MembershipFactory(group=group, ended_on=datetime.date(2018, 1, 1))
    assert item not in PracticeItem.objects.visible_to(membership.person.user)


def test_the_lead_of_an_archived_group_cannot_waive(group, anne, lead):
    item, finding = _item_with_phone(group, anne)
    group.archived_at = timezone.now()
    group.save()
    with pytest.raises(PermissionDenied):
        services.mark_not_personal(lead, item, finding.key, Visibility.MEMBERS)


def test_sharing_with_the_same_audience_changes_nothing(group, anne):
    item = write(anne, group)
    services.share(anne, item, Visibility.MEMBERS)
    services.share(anne, item, Visibility.MEMBERS)
    assert item.versions.count() == 2


def test_asking_the_current_audience_while_waiting_withdraws_the_request(group, anne):
    item = write(anne, group)
    services.share(anne, item, Visibility.PUBLIC)
    services.share(anne, item, Visibility.GROUP)
    item = reload(item)
    assert item.review_status == ReviewStatus.NONE
    assert item.visibility == Visibility.GROUP


def test_a_leads_marking_counts_for_the_members_but_not_for_the_public(
    group, anne, lead, coordinator
):
    item, finding = _item_with_phone(group, anne)
    services.mark_not_personal(lead, item, finding.key, Visibility.MEMBERS)
    services.share(anne, reload(item), Visibility.MEMBERS)
    assert reload(item).visibility == Visibility.MEMBERS
    # Asking for public: the phone number blocks again until a coordinator marks it.
    with pytest.raises(services.PrivacyFindings):
        services.share(anne, reload(item), Visibility.PUBLIC)
    services.mark_not_personal(coordinator, reload(item), finding.key, Visibility.PUBLIC)
    services.share(anne, reload(item), Visibility.PUBLIC)
    assert reload(item).review_status == ReviewStatus.PENDING
    services.approve(coordinator, reload(item))
    assert reload(item).visibility == Visibility.PUBLIC


def test_a_new_cover_is_a_version_and_restoring_puts_the_old_cover_back(coordinator):
    from wagtail.images import get_image_model

    first, second = get_image_model().objects.all()[:2]
    product = services.create_product(
        coordinator,
        kind="publicatie",
        title="Op weg naar samenspel",
        summary="Bundel.",
        year=2017,
        cover=first,
    )
    services.update_entry(coordinator, product, cover=second)
    latest = reload(product).versions.first()
    assert reload(product).cover == second
    assert latest.changed == ["cover"]
    services.restore_version(coordinator, reload(product), reload(product).versions.last())
    assert reload(product).cover == first
