"""The public library in a real browser: a visitor filters the list, opens a product, its
printable version, a practice item and an organisation's contributions; axe-core (WCAG 2.1
A/AA) and no sideways scroll at 1280 and 360 px on every page.

Run with `pytest -m browser`. Screenshots land in test-results/screenshots/library-public-*.png.
"""

import pytest

from werkplaats.core.testing import check_page as shared_check_page
from werkplaats.core.testing import t

pytestmark = pytest.mark.browser


def check_page(page, name, problems):
    shared_check_page(page, f"library-public-{name}", problems)


def library_data():
    """A small library like the seeds': bundles, a blog, a dilemma with a tip answering it."""
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    from werkplaats.groups.tests.factories import LearningGroupFactory, LearningQuestionFactory
    from werkplaats.network.models import Visibility as ProfileVisibility
    from werkplaats.network.tests.factories import (
        AffiliationFactory,
        MunicipalityFactory,
        OrganisationFactory,
        PersonFactory,
    )
    from werkplaats.website.models import ThemePage

    from ..models import PracticeKind, ProductFile, ProductKind, Visibility
    from .factories import PracticeItemFactory, ProductFactory

    themes = list(ThemePage.objects.filter(slug__in=["armoede", "zingeving"]))
    dordrecht = MunicipalityFactory(name="Dordrecht")
    team = LearningGroupFactory(name="Werkteam Informeel-formeel: eenzaamheid", themes=themes)
    organisation = OrganisationFactory(name="Gemeente Dordrecht")
    author = PersonFactory(
        first_name="Fatima",
        last_name="El Idrissi",
        name_visibility=ProfileVisibility.PUBLIC,
        organisations_visibility=ProfileVisibility.PUBLIC,
    )
    AffiliationFactory(person=author, organisation=organisation, function="beleidsmaker")
    cover = Image.objects.create(title="Omslag", file=get_test_image_file(size=(960, 540)))
    bundle = ProductFactory(
        title="Ruimte voor ontmoeting",
        slug="ruimte-voor-ontmoeting",
        summary="Een bundel over plekken waar bewoners en professionals elkaar ontmoeten.",
        description="Wat de werkgroep leerde.\n\nMet voorbeelden uit Dordrecht en Rotterdam.",
        author_names="Lectoraat Integraal Werken",
        cover=cover,
        groups=[team],
        authors=[author],
        aim="Ontmoeting in de wijk versterken.",
        target_group="Wijkteams, welzijnswerkers en bewoners.",
        approach="Samen met bewoners aan tafel, vier bijeenkomsten.",
        working_elements="Gelijkwaardigheid; tijd nemen; een vaste plek.",
        contact="Werkplaats Sociaal Domein, info@example.org",
    )
    bundle.themes.set(themes)
    bundle.municipalities.set([dordrecht])
    ProductFile.objects.create(
        product=bundle,
        file="library/products/0/ruimte.pdf",
        title="Ruimte voor ontmoeting (bundel)",
        original_name="ruimte.pdf",
        content_type="application/pdf",
        size=3_200_000,
    )
    bundle.learning_questions.set(
        [LearningQuestionFactory(group=team, question="Hoe bereiken we eenzame ouderen?")]
    )
    ProductFactory(
        title="Blog: de keukentafel als werkplaats",
        kind=ProductKind.BLOG,
        year=2018,
        summary="Een wijkteamlid over gesprekken aan de keukentafel.",
    )
    ProductFactory(title="Leren transformeren", visibility=Visibility.MEMBERS)
    dilemma = PracticeItemFactory(
        title="Mag de buurman boodschappen doen?",
        slug="mag-de-buurman-boodschappen-doen",
        visibility=Visibility.PUBLIC,
        group=team,
        created_by=author,
        roles=["professional", "bewoner"],
        body="Een buurman helpt een oudere buurvrouw.\nHet wijkteam twijfelt of dat mag.",
    )
    dilemma.themes.set(themes[:1])
    tip = PracticeItemFactory(
        title="Gouden tip: vraag het de bewoner zelf",
        kind=PracticeKind.TIP,
        visibility=Visibility.PUBLIC,
        group=team,
    )
    tip.answers_to.set([dilemma])
    bundle.practice_items.set([dilemma])
    return {"bundle": bundle, "dilemma": dilemma, "organisation": organisation, "cover": cover}


def test_a_visitor_finds_reads_and_prints_a_product(page):
    data = library_data()
    problems = []

    page.goto("/bibliotheek/")
    assert page.get_by_role("heading", level=1).inner_text() == t("Library")
    assert page.locator(".library-card").count() == 4  # not the members' product
    check_page(page, "index", problems)

    page.get_by_label(t("Kind")).select_option("blog")
    page.get_by_role("button", name=t("Filter")).click()
    page.wait_for_url("**soort=blog**")
    assert page.locator(".library-card").count() == 1
    page.get_by_label(t("Kind")).select_option("tip")
    page.get_by_label(t("Theme")).select_option("armoede")
    page.get_by_role("button", name=t("Filter")).click()
    page.wait_for_url("**thema=armoede**")
    check_page(page, "index-empty", problems)

    page.goto("/bibliotheek/")
    page.get_by_role("link", name="Ruimte voor ontmoeting").click()
    page.wait_for_url(f"**{data['bundle'].get_absolute_url()}")
    assert "Fatima El Idrissi" in page.content()
    permalink = page.get_by_label(t("Permanent link"))
    assert permalink.input_value().endswith(data["bundle"].get_absolute_url())
    check_page(page, "product", problems)

    page.get_by_role("link", name=t("Print"), exact=True).click()
    page.wait_for_url("**/afdrukken/")
    assert page.locator(".main-nav").count() == 0
    assert page.get_by_role("button", name=t("Print this page")).is_visible()
    check_page(page, "print", problems)
    page.emulate_media(media="print")
    assert not page.locator(".print-sheet__bar").is_visible()
    page.emulate_media(media="screen")

    page.goto(data["dilemma"].get_absolute_url())
    assert "Gouden tip: vraag het de bewoner zelf" in page.content()
    check_page(page, "practice", problems)

    page.goto(f"/bibliotheek/organisaties/{data['organisation'].slug}/")
    assert page.locator(".library-card").count() == 2
    check_page(page, "organisation", problems)

    assert not problems, "\n".join(problems)
