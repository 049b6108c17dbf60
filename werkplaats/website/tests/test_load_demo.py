"""`manage.py load_demo` may run again on a site in use: it adds what is missing and touches
nothing an editor made. (The session fixture has already run it once on the test database.)"""

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from werkplaats.website.models import (
    ContactFormField,
    NewsPage,
    SiteSettings,
    StandardPage,
)

pytestmark = pytest.mark.django_db


def load_demo():
    out = StringIO()
    # --no-coordinator: the coordinator's password file lives in the developer's var/.
    call_command("load_demo", "--no-coordinator", stdout=out)
    return out.getvalue()


def snapshot():
    return {
        "pages": sorted(Page.objects.values_list("url_path", flat=True)),
        "images": sorted(get_image_model().objects.values_list("title", flat=True)),
        "form fields": ContactFormField.objects.count(),
        "sites": Site.objects.count(),
        "site settings": SiteSettings.objects.count(),
    }


def test_running_load_demo_again_creates_no_duplicates():
    before = snapshot()

    output = load_demo()
    load_demo()

    assert "Website loaded: Werkplaats Sociaal Domein Zuid-Holland Zuid" in output
    assert snapshot() == before
    assert len(before["pages"]) == len(set(before["pages"]))


def test_load_demo_keeps_an_editors_new_page_title(client):
    about = StandardPage.objects.get(slug="over")
    about.title = "Over ons"
    about.save_revision().publish()

    load_demo()

    about.refresh_from_db()
    assert about.title == "Over ons"
    assert about.live
    assert not StandardPage.objects.filter(title="Over de Werkplaats").exists()
    assert "Over ons" in client.get("/over/").content.decode()


def test_load_demo_keeps_an_editors_site_settings():
    site_settings = SiteSettings.objects.get()
    site_settings.phone = "078 123 4567"
    site_settings.save()

    load_demo()

    assert SiteSettings.objects.get().phone == "078 123 4567"


def test_load_demo_does_not_bring_back_a_deleted_news_item_twice():
    """A news item an editor deleted is restored once, not duplicated."""
    NewsPage.objects.get(slug="het-hart-van-de-werkplaats").delete()

    load_demo()
    load_demo()

    assert NewsPage.objects.filter(slug="het-hart-van-de-werkplaats").count() == 1
    assert get_image_model().objects.filter(title__startswith="Beeld bij: Het hart").count() == 1
