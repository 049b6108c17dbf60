"""The site search in a real browser: from the home page's search box to results, filtering by
a facet without JavaScript, and the empty state; axe-core and 360 px on every page.

Run with `pytest -m browser`. Screenshots land in test-results/screenshots/search-*.png.
"""

import pytest

from werkplaats.activities.tests.factories import ActivityFactory
from werkplaats.core.testing import check_page as shared_check_page
from werkplaats.core.testing import t
from werkplaats.library.models import PracticeKind, ProductKind, Visibility
from werkplaats.website.models import ThemePage

from .factories import PracticeItemFactory, ProductFactory

pytestmark = pytest.mark.browser


def check_page(page, name, problems):
    shared_check_page(page, f"search-{name}", problems)


@pytest.fixture
def entries(site_url):
    theme = ThemePage.objects.get(slug="armoede")
    ProductFactory(
        title="Leerkringen in Rotterdam: wat ze opleverden",
        summary="Een bundel over de leerkringen van 2014 tot 2016 en hun werkzame elementen.",
        year=2017,
    ).themes.set([theme])
    ProductFactory(
        title="Blog: een leerkring over armoede",
        kind=ProductKind.BLOG,
        summary="Een deelnemer vertelt over <de> leerkring en de gouden tips.",
        year=2016,
    )
    PracticeItemFactory(
        title="Dilemma: wie belt de huisarts?",
        kind=PracticeKind.DILEMMA,
        body="In de leerkring kwam een dilemma op tafel over samenwerken met de huisarts.",
        visibility=Visibility.PUBLIC,
    )
    ActivityFactory(
        title="Kenniscafé: de leerkring als werkvorm",
        summary="Een avond over leren in de leerkring.",
    ).themes.set([theme])


def test_search_from_the_home_page_filter_and_empty_state(page, entries):
    problems = []
    page.goto("/")
    page.get_by_role("banner").get_by_role("searchbox").fill("leerkringen")
    page.get_by_role("banner").get_by_role("button", name=t("Search")).click()
    page.wait_for_url("**/zoeken/?q=leerkringen")

    results = page.locator("ol.results li.search-result")
    assert results.count() >= 4
    assert results.first.locator("mark").first.inner_text().lower().startswith("leerkring")
    check_page(page, "results", problems)

    # Filter to blogs with the checkbox and the submit button: no script needed.
    page.get_by_role("checkbox", name=t("blog"), exact=False).check()
    page.get_by_role("button", name=t("Apply filters")).click()
    page.wait_for_url("**soort=product-blog**")
    assert results.count() == 1
    assert "Blog: een leerkring over armoede" in results.first.inner_text()
    assert "<de>" in results.first.inner_text()  # escaped, shown as text
    check_page(page, "filtered", problems)

    page.goto("/zoeken/?q=leerkirng")
    suggestion = page.locator(".search-suggestion a")
    assert suggestion.inner_text() == "leerkring"
    check_page(page, "did-you-mean", problems)
    suggestion.click()
    page.wait_for_url("**/zoeken/?q=leerkring")
    assert results.count() >= 4

    page.goto("/zoeken/?q=xyzzyqwv")
    assert t("Nothing found.") in page.locator("main").inner_text()
    check_page(page, "nothing-found", problems)

    page.goto("/zoeken/")
    check_page(page, "empty", problems)

    assert not problems, "\n".join(problems)
