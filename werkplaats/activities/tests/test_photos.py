"""Photos of how an activity went: added in the admin, shown with the outcome once it is past."""

import pytest
from wagtail.images import get_image_model

from werkplaats.activities.models import ActivityPhoto

from .factories import ActivityFactory, PastActivityFactory
from .test_admin import coordinator_client, form_of  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def image():
    return get_image_model().objects.first()


def test_coordinator_adds_a_photo_to_an_activity_in_the_admin(coordinator_client):  # noqa: F811
    activity = PastActivityFactory(outcome="Veel vragen over schulden.")
    form = form_of(coordinator_client, "/beheer/activiteitfotos/new/")
    form.update(
        {
            "activity": str(activity.pk),
            "image": str(image().pk),
            "caption": "Deelnemers in gesprek aan tafels",
            "position": "0",
        }
    )
    response = coordinator_client.post("/beheer/activiteitfotos/new/", form)
    assert response.status_code == 302
    assert activity.photos.get().caption == "Deelnemers in gesprek aan tafels"


def test_a_photo_without_caption_is_refused(coordinator_client):  # noqa: F811
    activity = PastActivityFactory()
    form = form_of(coordinator_client, "/beheer/activiteitfotos/new/")
    form.update({"activity": str(activity.pk), "image": str(image().pk), "caption": ""})
    response = coordinator_client.post("/beheer/activiteitfotos/new/", form)
    assert response.status_code == 200
    assert not ActivityPhoto.objects.exists()


def test_past_activity_shows_its_photos_with_the_outcome(client):
    activity = PastActivityFactory(outcome="Veel vragen over schulden.")
    ActivityPhoto.objects.create(activity=activity, image=image(), caption="Tafelgesprek")
    html = client.get(activity.get_absolute_url()).content.decode()
    assert 'alt="Tafelgesprek"' in html
    assert "Veel vragen over schulden." in html


def test_upcoming_activity_shows_no_outcome_photos(client):
    activity = ActivityFactory()
    ActivityPhoto.objects.create(activity=activity, image=image(), caption="Tafelgesprek")
    assert 'alt="Tafelgesprek"' not in client.get(activity.get_absolute_url()).content.decode()
