"""/mijn/profiel/: a member edits their own profile; bad input changes nothing."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from werkplaats.network.models import (
    Affiliation,
    NotificationMode,
    Person,
    Position,
    Visibility,
)

from .factories import (
    AffiliationFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PersonFactory,
    PersonRoleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
URL = "/mijn/profiel/"


def image_bytes(image_format="JPEG", size=(40, 30), exif=None):
    output = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    Image.new("RGB", size, (0, 90, 80)).save(output, format=image_format, **options)
    return output.getvalue()


def form_data(person, **overrides):
    """What the form posts for `person` as it is now, with `overrides`."""
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "handle": person.handle,
        "position": person.position,
        "work_municipality": person.work_municipality_id or "",
        "bio": person.bio,
        "name_visibility": person.name_visibility,
        "photo_visibility": person.photo_visibility,
        "email_visibility": person.email_visibility,
        "organisations_visibility": person.organisations_visibility,
        "roles_visibility": person.roles_visibility,
        "municipality_visibility": person.municipality_visibility,
        "bio_visibility": person.bio_visibility,
        "notification_mode": person.notification_mode,
        "roles": [role.role for role in person.roles.all()],
        "werkverband-TOTAL_FORMS": "1",
        "werkverband-INITIAL_FORMS": "0",
        "werkverband-MIN_NUM_FORMS": "0",
        "werkverband-MAX_NUM_FORMS": "10",
        "werkverband-0-organisation": "",
        "werkverband-0-function": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def member(client):
    person = PersonFactory(first_name="Anne", last_name="de Vries", handle="anne-de-vries")
    client.force_login(person.user)
    return person


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


def test_user_without_person_gets_an_explanation(client):
    client.force_login(UserFactory())
    response = client.get(URL)
    assert response.status_code == 403
    assert "ledenprofiel" in response.content.decode()


def test_profile_form_shows_current_values(client, member):
    PersonRoleFactory(person=member, role="student")
    response = client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="Anne"' in content
    assert 'value="student" id="id_roles_3" checked' in content or (
        'value="student"' in content and "checked" in content
    )


def test_good_profile_is_saved(client, member):
    rotterdam = MunicipalityFactory(name="Rotterdam")
    hogeschool = OrganisationFactory(name="Hogeschool Rotterdam")
    response = client.post(
        URL,
        form_data(
            member,
            first_name="Annemarie",
            bio="Ik werk in Feijenoord.",
            position=Position.BOTH,
            work_municipality=rotterdam.pk,
            roles=["docentonderzoeker", "mantelzorger"],
            bio_visibility=Visibility.PUBLIC,
            notification_mode=NotificationMode.DAILY,
            **{
                "werkverband-0-organisation": hogeschool.pk,
                "werkverband-0-function": "docent",
            },
        ),
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.first_name == "Annemarie"
    assert member.bio == "Ik werk in Feijenoord."
    assert member.position == Position.BOTH
    assert member.work_municipality == rotterdam
    assert member.bio_visibility == Visibility.PUBLIC
    assert member.notification_mode == NotificationMode.DAILY
    assert sorted(r.role for r in member.roles.all()) == ["docentonderzoeker", "mantelzorger"]
    [affiliation] = member.affiliations.all()
    assert (affiliation.organisation, affiliation.function) == (hogeschool, "docent")


def test_saved_profile_shows_a_confirmation(client, member):
    response = client.post(URL, form_data(member), follow=True)
    assert "Je profiel is opgeslagen." in response.content.decode()


def test_roles_can_be_removed(client, member):
    PersonRoleFactory(person=member, role="student")
    PersonRoleFactory(person=member, role="bewoner")
    client.post(URL, form_data(member, roles=["bewoner"]))
    assert [r.role for r in member.roles.all()] == ["bewoner"]


def test_affiliation_can_be_removed(client, member):
    affiliation = AffiliationFactory(person=member)
    data = form_data(
        member,
        **{
            "werkverband-TOTAL_FORMS": "2",
            "werkverband-INITIAL_FORMS": "1",
            "werkverband-0-id": affiliation.pk,
            "werkverband-0-person": member.pk,
            "werkverband-0-organisation": affiliation.organisation_id,
            "werkverband-0-function": affiliation.function,
            "werkverband-0-DELETE": "on",
            "werkverband-1-organisation": "",
            "werkverband-1-function": "",
        },
    )
    response = client.post(URL, data)
    assert response.status_code == 302
    assert not Affiliation.objects.filter(person=member).exists()


def test_photo_is_saved_reencoded_without_exif(client, member):
    exif = Image.Exif()
    exif[0x010F] = "Telefoonmerk"  # camera make
    upload = SimpleUploadedFile("ik.jpg", image_bytes(exif=exif), content_type="image/jpeg")
    response = client.post(URL, {**form_data(member), "photo": upload})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.photo.name.startswith("people/photos/")
    assert "ik" not in member.photo.name.rsplit("/", 1)[1]
    with Image.open(member.photo.path) as stored:
        assert stored.format == "JPEG"
        assert not stored.getexif()
    member.photo.delete(save=False)


def test_png_and_webp_photos_are_accepted(client, member, django_capture_on_commit_callbacks):
    for image_format in ("PNG", "WEBP"):
        upload = SimpleUploadedFile("ik.img", image_bytes(image_format), content_type="image/png")
        with django_capture_on_commit_callbacks(execute=True):  # the replaced file goes
            response = client.post(URL, {**form_data(member), "photo": upload})
        assert response.status_code == 302
        member.refresh_from_db()
        assert member.photo.name.endswith("." + image_format.lower())
    member.photo.delete(save=False)


def test_photo_that_is_really_text_is_refused(client, member):
    upload = SimpleUploadedFile("ik.jpg", b"dit is geen foto\n" * 20, content_type="image/jpeg")
    response = client.post(URL, {**form_data(member, first_name="Anna"), "photo": upload})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Dit bestand is geen JPEG-, PNG- of WebP-afbeelding." in content
    member.refresh_from_db()
    assert member.first_name == "Anne"
    assert not member.photo


def test_photo_that_is_really_html_is_refused(client, member):
    page = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
    upload = SimpleUploadedFile("ik.png", page, content_type="image/png")
    response = client.post(URL, {**form_data(member), "photo": upload})
    assert response.status_code == 400
    assert "geen JPEG-, PNG- of WebP-afbeelding" in response.content.decode()
    member.refresh_from_db()
    assert not member.photo


def test_replaced_photo_file_goes(client, member, django_capture_on_commit_callbacks):
    first = SimpleUploadedFile("ik.png", image_bytes("PNG"), content_type="image/png")
    client.post(URL, {**form_data(member), "photo": first})
    member.refresh_from_db()
    old_name, storage = member.photo.name, member.photo.storage
    second = SimpleUploadedFile("ik.jpg", image_bytes(), content_type="image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {**form_data(member), "photo": second})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.photo.name != old_name
    assert storage.exists(member.photo.name)
    assert not storage.exists(old_name)


def test_gif_photo_is_refused(client, member):
    upload = SimpleUploadedFile("ik.gif", image_bytes("GIF"), content_type="image/gif")
    response = client.post(URL, {**form_data(member), "photo": upload})
    assert response.status_code == 400
    assert "geen JPEG-, PNG- of WebP-afbeelding" in response.content.decode()


def test_too_big_photo_is_refused(client, member):
    big = image_bytes("PNG") + b"\0" * (5 * 1024 * 1024)
    upload = SimpleUploadedFile("groot.png", big, content_type="image/png")
    response = client.post(URL, {**form_data(member), "photo": upload})
    assert response.status_code == 400
    assert "het maximum is 5 MB" in response.content.decode()
    member.refresh_from_db()
    assert not member.photo


def test_affiliation_without_organisation_is_refused_and_nothing_is_saved(client, member):
    response = client.post(
        URL,
        form_data(
            member,
            first_name="Annemarie",
            roles=["student"],
            **{"werkverband-0-function": "wijkteamlid"},
        ),
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Kies de organisatie waar je deze functie hebt." in content
    member.refresh_from_db()
    assert member.first_name == "Anne"
    assert not member.roles.exists()
    assert not member.affiliations.exists()


def test_input_is_kept_after_an_error(client, member):
    response = client.post(
        URL,
        form_data(
            member,
            first_name="",
            bio="Mijn verhaal blijft staan.",
            roles=["vrijwilliger"],
            **{"werkverband-0-function": "coördinator vrijwilligers"},
        ),
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Vul je voornaam in." in content
    assert "Mijn verhaal blijft staan." in content
    assert 'value="coördinator vrijwilligers"' in content
    assert 'value="vrijwilliger" id="id_roles_5" checked' in content


def test_same_organisation_and_function_twice_is_refused(client, member):
    organisation = OrganisationFactory()
    data = form_data(
        member,
        **{
            "werkverband-TOTAL_FORMS": "2",
            "werkverband-0-organisation": organisation.pk,
            "werkverband-0-function": "wijkteamlid",
            "werkverband-1-organisation": organisation.pk,
            "werkverband-1-function": "wijkteamlid",
        },
    )
    response = client.post(URL, data)
    assert response.status_code == 400
    assert "twee keer" in response.content.decode()
    assert not member.affiliations.exists()


def test_mention_name_taken_by_someone_else_is_refused(client, member):
    PersonFactory(handle="bram")
    response = client.post(URL, form_data(member, handle="bram"))
    assert response.status_code == 400
    assert "Iemand anders gebruikt deze vermeldnaam al." in response.content.decode()


def test_unknown_visibility_is_refused(client, member):
    response = client.post(URL, form_data(member, email_visibility="de-buren"))
    assert response.status_code == 400
    member.refresh_from_db()
    assert member.email_visibility == Visibility.NOBODY


def test_too_long_bio_is_refused(client, member):
    response = client.post(URL, form_data(member, bio="x" * 2001))
    assert response.status_code == 400
    assert "maximaal 2000 tekens" in response.content.decode()


def test_photo_can_be_removed_and_its_file_goes(client, member, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("ik.png", image_bytes("PNG"), content_type="image/png")
    client.post(URL, {**form_data(member), "photo": upload})
    member.refresh_from_db()
    path = member.photo.path
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {**form_data(member), "photo-clear": "on"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.photo
    assert not os.path.exists(path)


def test_someone_elses_person_is_never_edited(client, member):
    other = PersonFactory(first_name="Bram")
    client.post(URL, form_data(member, first_name="Gewijzigd"))
    other.refresh_from_db()
    assert other.first_name == "Bram"
    assert Person.objects.get(pk=member.pk).first_name == "Gewijzigd"


def test_profile_page_queries_do_not_grow_with_affiliations(client, member, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        client.get(URL)  # warm-up
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    AffiliationFactory(person=member)
    one = count()
    AffiliationFactory.create_batch(4, person=member)
    assert count() == one
