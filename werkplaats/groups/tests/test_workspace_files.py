"""Shared files: accepted by content only, stored privately, served only as a download."""

import pytest
from django.urls import reverse

from werkplaats.groups import workspace_services as services
from werkplaats.groups.models import SharedFile

from .workspace_factories import (
    PDF_BYTES,
    WorkspaceGroupFactory,
    _clean_private_storage,  # noqa: F401 - autouse fixture
    docx_bytes,
    member_of,
    png_bytes,
    stored_files,
    upload,
    zip_bytes,
)

pytestmark = pytest.mark.django_db

EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
HTML_BYTES = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG_BYTES = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'


@pytest.fixture
def group():
    return WorkspaceGroupFactory(slug="werkteam-a")


@pytest.fixture
def anne(group):
    return member_of(group, first_name="Anne", last_name="Jansen")


@pytest.fixture
def as_anne(client, anne):
    client.force_login(anne.user)
    return client


def post_file(client, group, name, content, content_type="application/pdf", description=""):
    return client.post(
        reverse("groups:files", args=[group.slug]),
        {"file": upload(name, content, content_type), "description": description},
    )


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("verslag.pdf", PDF_BYTES, "application/pdf"),
        (
            "plan.docx",
            None,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("foto.png", None, "image/png"),
        ("deelnemers.csv", b"naam;gemeente\nAnne;Dordrecht\n", "text/csv; charset=utf-8"),
    ],
)
def test_allowed_file_is_stored_with_its_real_type(as_anne, group, name, content, kind):
    content = content or (docx_bytes() if name.endswith(".docx") else png_bytes())

    response = post_file(as_anne, group, name, content, content_type="text/html")

    shared = SharedFile.objects.get(group=group)
    assert response.status_code == 302
    assert shared.original_name == name
    assert shared.content_type == kind
    assert shared.size == len(content)
    assert shared.file.name.startswith(f"groups/{group.pk}/")
    assert name not in shared.file.name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("programma.exe.pdf", EXE_BYTES, "kunnen hier niet gedeeld worden"),
        ("uitnodiging.html", HTML_BYTES, "SVG-afbeeldingen en scripts kunnen hier niet"),
        ("logo.svg", SVG_BYTES, "SVG-afbeeldingen en scripts kunnen hier niet"),
        (
            "notities.txt",
            b"#!/bin/sh\nrm -rf /\n",
            "SVG-afbeeldingen en scripts kunnen hier niet",
        ),
        ("archief.docx", zip_bytes([("a.txt", "x")]), "gecomprimeerd archief (zip)"),
        ("leeg.pdf", b"", "Het bestand is leeg"),
        ("data.bin", bytes(range(256)) * 4, "Dit soort bestand kan hier niet gedeeld worden"),
    ],
)
def test_refused_file_shows_message_and_stores_nothing(as_anne, group, name, content, message):
    before = stored_files()
    response = post_file(as_anne, group, name, content, description="Mijn omschrijving")

    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "Mijn omschrijving" in html
    assert not SharedFile.objects.exists()
    assert stored_files() == before


def test_macro_enabled_office_file_is_refused(group, anne):
    content = zip_bytes(
        [
            (
                "[Content_Types].xml",
                '<Types><Override ContentType="application/vnd.openxmlformats-officedocument.'
                'wordprocessingml.document.main+xml"/></Types>',
            ),
            ("word/vbaProject.bin", "macro"),
        ]
    )

    with pytest.raises(services.ValidationError):
        services.share_file(anne, group, upload("plan.docx", content))


def test_too_big_file_is_refused(as_anne, group, settings):
    before = stored_files()
    settings.WORKSPACE_MAX_UPLOAD_MB = 1
    content = PDF_BYTES + b"0" * (1024 * 1024)

    response = post_file(as_anne, group, "groot.pdf", content)

    assert response.status_code == 400
    assert "Het bestand is te groot" in response.content.decode()
    assert "hooguit 1 MB" in response.content.decode()
    assert not SharedFile.objects.exists()
    assert stored_files() == before


def test_no_file_chosen_is_refused(as_anne, group):
    response = as_anne.post(reverse("groups:files", args=[group.slug]), {"description": "x"})

    assert response.status_code == 400
    assert "Kies een bestand om te delen." in response.content.decode()


def test_text_named_html_is_downloaded_as_text(group, anne):
    shared = services.share_file(anne, group, upload("pagina.html", b"Gewoon wat tekst"))

    assert shared.content_type == "text/plain; charset=utf-8"
    assert shared.original_name == "pagina.html.txt"


def test_download_is_an_attachment_with_safe_headers(as_anne, group, anne):
    shared = services.share_file(anne, group, upload("Verslag één.pdf", PDF_BYTES, "text/html"))

    response = as_anne.get(reverse("groups:file_download", args=[group.slug, shared.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''Verslag%20%C3%A9%C3%A9n.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_image_is_also_only_an_attachment(as_anne, group, anne):
    shared = services.share_file(anne, group, upload("foto.png", png_bytes()))

    response = as_anne.get(reverse("groups:file_download", args=[group.slug, shared.pk]))

    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")


def test_file_of_group_b_is_never_served_to_a_member_of_group_a(client, group, anne):
    group_b = WorkspaceGroupFactory(slug="werkteam-b")
    bram = member_of(group_b)
    secret = services.share_file(bram, group_b, upload("geheim.pdf", PDF_BYTES))
    client.force_login(anne.user)

    via_own_group = client.get(reverse("groups:file_download", args=[group.slug, secret.pk]))
    via_other_group = client.get(reverse("groups:file_download", args=[group_b.slug, secret.pk]))

    assert via_own_group.status_code == 404
    assert via_other_group.status_code == 404


def test_stored_file_is_outside_the_public_media(client, group, anne, settings):
    shared = services.share_file(anne, group, upload("verslag.pdf", PDF_BYTES))

    path = shared.file.path

    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert client.get(settings.MEDIA_URL + shared.file.name, follow=True).status_code == 404


def test_files_page_lists_name_size_and_uploader(as_anne, group, anne):
    services.share_file(anne, group, upload("verslag.pdf", PDF_BYTES), "Van de kick-off")

    html = as_anne.get(reverse("groups:files", args=[group.slug])).content.decode()

    assert "verslag.pdf" in html
    assert "Van de kick-off" in html
    assert f"{len(PDF_BYTES)} B" in html
    assert "Anne Jansen" in html


def test_uploader_removes_file_and_its_content(
    as_anne, group, anne, django_capture_on_commit_callbacks
):
    shared = services.share_file(anne, group, upload("verslag.pdf", PDF_BYTES))
    name = shared.file.name

    with django_capture_on_commit_callbacks(execute=True):
        response = as_anne.post(reverse("groups:file_remove", args=[group.slug, shared.pk]))

    assert response.status_code == 302
    assert not SharedFile.objects.exists()
    assert not shared.file.storage.exists(name)


def test_deleting_a_group_takes_the_stored_content_of_its_files(
    group, anne, django_capture_on_commit_callbacks
):
    shared = services.share_file(anne, group, upload("verslag.pdf", PDF_BYTES))
    name, storage = shared.file.name, shared.file.storage
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        group.delete()

    assert not SharedFile.objects.exists()
    assert not storage.exists(name)


def test_content_stays_when_the_deletion_is_rolled_back(
    group, anne, django_capture_on_commit_callbacks
):
    from django.db import transaction

    shared = services.share_file(anne, group, upload("verslag.pdf", PDF_BYTES))
    name, storage = shared.file.name, shared.file.storage

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        group.delete()
        raise RuntimeError("rolled back")

    assert callbacks == []
    assert SharedFile.objects.filter(pk=shared.pk).exists()
    assert storage.exists(name)


def test_other_member_cannot_remove_a_file(client, group, anne):
    shared = services.share_file(anne, group, upload("verslag.pdf", PDF_BYTES))
    client.force_login(member_of(group).user)

    response = client.post(reverse("groups:file_remove", args=[group.slug, shared.pk]))

    assert response.status_code == 403
    assert SharedFile.objects.filter(pk=shared.pk).exists()
