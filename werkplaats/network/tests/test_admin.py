"""Coordinators manage the network in /beheer/: organisations, partnerships, municipalities and
people. What they change reaches the public partners page and footer at once."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.test.utils.form_data import querydict_from_html

from werkplaats.accounts.models import COORDINATORS_GROUP
from werkplaats.network.models import Organisation, Partnership, Visibility
from werkplaats.website.tests.html import footer, soup, text

from .factories import PersonFactory, PersonRoleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client():
    """A coordinator: member of the Coördinatoren group, not a superuser."""
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=COORDINATORS_GROUP))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def visitor():
    return Client()


def edit_url(partnership):
    return f"/beheer/partnerschappen/edit/{partnership.pk}/"


def test_coordinator_sees_the_network_menu_lists(coordinator_client):
    for url in ("/beheer/organisaties/", "/beheer/partnerschappen/", "/beheer/gemeenten/"):
        assert coordinator_client.get(url).status_code == 200
    response = coordinator_client.get("/beheer/organisaties/")
    assert "Gemeente Dordrecht" in response.content.decode()


def test_member_without_admin_rights_cannot_open_the_network_admin():
    client = Client()
    client.force_login(PersonFactory().user)
    response = client.get("/beheer/mensen/")
    assert response.status_code in (302, 403)


def test_coordinator_ends_a_partnership_and_the_footer_drops_the_logo(coordinator_client, visitor):
    assert "Gemeente Dordrecht" in [img["alt"] for img in footer(visitor.get("/")).select("img")]
    partnership = Partnership.objects.get(organisation__name="Gemeente Dordrecht")
    form = querydict_from_html(
        coordinator_client.get(edit_url(partnership)).content.decode(), form_id="w-editor-form"
    )
    form["ended_on"] = "2020-12-31"
    response = coordinator_client.post(edit_url(partnership), form)
    assert response.status_code == 302
    logos = [img["alt"] for img in footer(visitor.get("/")).select(".partners img")]
    assert "Gemeente Dordrecht" not in logos
    assert "Gemeente Rotterdam" in logos
    former = soup(visitor.get("/partners/")).select_one(".former-partners")
    assert "Gemeente Dordrecht, Dordrecht (2016–2020)" in text(former)


def test_partnership_ending_before_it_starts_is_refused_in_dutch(coordinator_client):
    partnership = Partnership.objects.get(organisation__name="Gemeente Schiedam")
    form = querydict_from_html(
        coordinator_client.get(edit_url(partnership)).content.decode(), form_id="w-editor-form"
    )
    form["ended_on"] = "2015-01-01"
    response = coordinator_client.post(edit_url(partnership), form)
    assert response.status_code == 200
    assert "De einddatum ligt vóór de startdatum." in response.content.decode()
    partnership.refresh_from_db()
    assert partnership.ended_on is None


def test_coordinator_adds_a_returning_partner_as_a_second_partnership(coordinator_client):
    organisation = Organisation.objects.get(name="Gemeente Vlaardingen")
    organisation.partnerships.update(ended_on="2018-12-31")
    response = coordinator_client.post(
        "/beheer/partnerschappen/new/",
        {"organisation": organisation.pk, "started_on": "2020-01-01", "ended_on": "", "note": ""},
    )
    assert response.status_code == 302
    assert organisation.partnerships.count() == 2
    assert Organisation.objects.current_partners().filter(pk=organisation.pk).exists()


def test_people_are_found_by_email_but_the_list_does_not_show_it(coordinator_client):
    PersonFactory(first_name="Fatima", last_name="El Amrani", email="fatima@example.org", user=None)
    response = coordinator_client.get("/beheer/mensen/", {"q": "fatima@example.org"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Fatima El Amrani" in content
    assert "fatima@example.org" not in content.replace('value="fatima@example.org"', "")


def test_people_can_be_filtered_by_role(coordinator_client):
    student = PersonFactory(first_name="Stijn", last_name="Student", user=None)
    PersonRoleFactory(person=student, role="student")
    PersonFactory(first_name="Bea", last_name="Bewoner", user=None)
    response = coordinator_client.get("/beheer/mensen/", {"role": "student"})
    content = response.content.decode()
    assert "Stijn Student" in content
    assert "Bea Bewoner" not in content


def test_coordinator_makes_someone_partner_contact(coordinator_client):
    person = PersonFactory(name_visibility=Visibility.MEMBERS)
    url = f"/beheer/mensen/edit/{person.pk}/"
    form = querydict_from_html(
        coordinator_client.get(url).content.decode(), form_id="w-editor-form"
    )
    schiedam = Organisation.objects.get(name="Gemeente Schiedam")
    form.setlist("contact_for", [str(schiedam.pk)])
    response = coordinator_client.post(url, form)
    assert response.status_code == 302
    assert list(person.contact_for.all()) == [schiedam]


def test_person_form_links_the_photo_through_the_checking_view(coordinator_client):
    person = PersonFactory(handle="fatima")
    person.photo.save("fatima.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=True)
    content = coordinator_client.get(f"/beheer/mensen/edit/{person.pk}/").content.decode()
    assert f'href="{person.photo_url}"' in content.replace("&amp;", "&")
    assert "/media/people/" not in content


def _person_form(client, person):
    url = f"/beheer/mensen/edit/{person.pk}/"
    return url, querydict_from_html(client.get(url).content.decode(), form_id="w-editor-form")


def test_photo_uploaded_in_the_admin_is_reencoded_without_exif(coordinator_client):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    person = PersonFactory(handle="ruud")
    picture = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Camera van Ruud"  # Make
    Image.new("RGB", (2400, 1600), "teal").save(picture, format="JPEG", exif=exif)
    url, form = _person_form(coordinator_client, person)
    upload = SimpleUploadedFile("ruud.jpg", picture.getvalue(), content_type="image/jpeg")
    response = coordinator_client.post(url, {**form.dict(), "photo": upload})
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.photo.name.endswith("ruud.jpg")  # a random name
    with person.photo.open("rb") as stored, Image.open(stored) as image:
        assert max(image.size) == 1200
        assert not image.getexif()


def test_admin_refuses_a_file_that_is_no_photo_and_keeps_the_old_one(coordinator_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    person = PersonFactory(handle="bram", first_name="Bram")
    url, form = _person_form(coordinator_client, person)
    fake = SimpleUploadedFile(
        "bram.png", b"<html><script>alert(1)</script></html>", content_type="image/png"
    )
    response = coordinator_client.post(url, {**form.dict(), "first_name": "Bram B.", "photo": fake})
    assert response.status_code == 200
    assert "geen JPEG-, PNG- of WebP-afbeelding" in response.content.decode()
    person.refresh_from_db()
    assert person.first_name == "Bram"
    assert not person.photo
