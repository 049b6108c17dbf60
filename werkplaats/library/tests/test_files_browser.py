"""A product's files and "send to a colleague" in a real browser: upload, a refused upload, the
send form with a mistake and then sent; axe-core (WCAG 2.1 AA) and no sideways scrolling at 1280
and 360 px on every page. Screenshots land in test-results/screenshots/library-files-*.png."""

import pytest
from django.conf import settings
from django.test import Client

from werkplaats.core.testing import check_page, press, t

from .file_helpers import (
    EXE_BYTES,
    _own_private_storage,  # noqa: F401 - autouse fixture
    pdf_bytes,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def setting(site_url):
    """A public product of a werkteam, and Anne, a member who may change it."""
    from werkplaats.groups.tests.factories import LearningGroupFactory, MembershipFactory
    from werkplaats.network.tests.factories import PersonFactory

    from .factories import ProductFactory

    group = LearningGroupFactory(name="Werkteam Samenspel", slug="werkteam-samenspel")
    anne = PersonFactory(first_name="Anne", last_name="Jansen", handle="anne")
    MembershipFactory(group=group, person=anne)
    product = ProductFactory(
        title="Op weg naar samenspel",
        slug="op-weg-naar-samenspel",
        summary="Hoe formele en informele zorg elkaar vinden in de wijk.",
        groups=[group],
    )
    return product, anne


def sign_in(page, user, site_url):
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": value, "url": site_url}]
    )


def test_a_member_uploads_files_and_a_bad_one_is_refused(page, site_url, setting, tmp_path):
    product, anne = setting
    sign_in(page, anne.user, site_url)
    problems = []

    page.goto(f"/mijn/bibliotheek/producten/{product.slug}/bestanden/")
    check_page(page, "library-files-empty", problems)

    good = tmp_path / "Werkboek samenspel.pdf"
    good.write_bytes(pdf_bytes("Werkboek samenspel"))
    page.locator("input[type=file]").set_input_files(str(good))
    page.get_by_label(t("Title")).fill("Het werkboek")
    press(page, t("Add file"))
    assert page.url.endswith(f"/producten/{product.slug}/bestanden/")
    assert page.get_by_role("link", name="Het werkboek").is_visible()
    check_page(page, "library-files-list", problems)

    bad = tmp_path / "verslag.pdf"
    bad.write_bytes(EXE_BYTES)
    page.locator("input[type=file]").set_input_files(str(bad))
    page.get_by_label(t("Title")).fill("Nep")
    press(page, t("Add file"))
    assert page.locator("#form-errors").is_visible()
    assert page.get_by_label(t("Title")).input_value() == "Nep"
    check_page(page, "library-files-refused", problems)

    assert product.files.count() == 1
    assert not problems, "\n".join(problems)


def test_a_visitor_sends_a_product_to_a_colleague(page, site_url, setting):
    product, _anne = setting
    problems = []

    page.goto(f"/bibliotheek/producten/{product.slug}/doorsturen/")
    check_page(page, "library-send", problems)

    page.get_by_label(t("E-mail address of your colleague")).fill("geen-adres")
    page.get_by_label(t("Your name")).fill("Sanne de Wit")
    page.get_by_label(t("Personal message")).fill("Iets voor ons team?")
    press(page, t("Send e-mail"))
    assert page.locator("#form-errors").is_visible()
    assert page.get_by_label(t("Personal message")).input_value() == "Iets voor ons team?"
    check_page(page, "library-send-error", problems)

    page.get_by_label(t("E-mail address of your colleague")).fill("collega@gemeente.nl")
    press(page, t("Send e-mail"))
    assert page.get_by_role("heading", name=t("Sent")).is_visible()
    check_page(page, "library-send-done", problems)

    assert not problems, "\n".join(problems)
