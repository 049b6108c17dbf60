"""The calendar's cards come from the cache, and never show anything out of date."""

import pytest
from django.utils import timezone

from werkplaats.activities.models import Activity, RegistrationStatus
from werkplaats.groups.tests.factories import LearningGroupFactory

from .factories import ActivityFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0  # the cards' own cache is what is tested


def calendar(client):
    return client.get("/activiteiten/").content.decode()


def test_second_render_takes_the_cards_from_the_cache(client):
    ActivityFactory(title="Kenniscafé eenzaamheid")
    first = calendar(client)
    Activity.objects.filter(title="Kenniscafé eenzaamheid").update(title="Stil veranderd")
    # A change no signal saw (a bulk update) does not show: the card came from the cache.
    assert "Kenniscafé eenzaamheid" in calendar(client)
    assert "Kenniscafé eenzaamheid" in first


def test_a_saved_change_shows_at_once(client):
    activity = ActivityFactory(title="Kenniscafé eenzaamheid")
    calendar(client)
    activity.title = "Kenniscafé armoede"
    activity.save()
    page = calendar(client)
    assert "Kenniscafé armoede" in page
    assert "Kenniscafé eenzaamheid" not in page


def test_places_left_follow_every_sign_up(client):
    activity = ActivityFactory(capacity=2)
    assert "2 " in calendar(client)
    RegistrationFactory(activity=activity, status=RegistrationStatus.CONFIRMED)
    RegistrationFactory(activity=activity, status=RegistrationStatus.CONFIRMED)
    page = calendar(client)
    assert "status-badge--full" in page


def test_a_cancelled_activity_shows_as_cancelled_at_once(client):
    activity = ActivityFactory()
    calendar(client)
    activity.cancelled_at = timezone.now()
    activity.save()
    assert "status-badge--cancelled" in calendar(client)


def test_a_renamed_group_shows_on_the_card(client):
    group = LearningGroupFactory(name="Werkteam Oud")
    ActivityFactory(groups=[group])
    assert "Werkteam Oud" in calendar(client)
    group.name = "Werkteam Nieuw"
    group.save()
    assert "Werkteam Nieuw" in calendar(client)


def test_cards_follow_the_interface_language(client):
    ActivityFactory()
    assert "Kenniscafé" in calendar(client)
    client.get("/taal/en/")
    assert "Knowledge café" in calendar(client)
