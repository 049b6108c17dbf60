"""The public website in a real browser: user flows, axe-core (WCAG 2.1 A/AA) and 360 px layout.

Drives Debian's Chromium (/usr/bin/chromium) through Playwright against pytest-django's live
server. Run with `pytest -m browser`. Without Chromium the tests are skipped, unless CI=true: then
they fail, so a CI machine never passes by silently skipping them.

Full-page screenshots of the main page types land in test-results/screenshots/ for review.
"""

import pytest
from django.core import mail

from werkplaats.core.testing import (
    DESKTOP,
    PHONE,
    SCREENSHOT_DIR,
    axe_violations,
    describe_violations,
    follow,
    t,
)

pytestmark = pytest.mark.browser


# Every page type of the public site: name -> address. "contact-errors" is the contact page
# after sending the empty form.
PAGES = {
    "home": "/",
    "news-index": "/nieuws/",
    "news-index-filtered": "/nieuws/?thema=doorontwikkeling-sociale-wijkteams&jaar=2017",
    "news-item": "/nieuws/het-hart-van-de-werkplaats/",
    "theme-index": "/themas/",
    "theme": "/themas/armoede/",
    "standard": "/over/",
    "standard-nested": "/over/werkgroepen-2016-2017/",
    "contact": "/contact/",
    "contact-errors": "/contact/",
    "search-results": "/zoeken/?q=leerkring",
    "search-empty": "/zoeken/?q=xyzzy",
    "not-found": "/bestaat-niet/",
}
SCREENSHOT_PAGES = ["home", "news-index", "news-item", "contact-errors"]


_t = t


def _open(page, name):
    """Go to the page type `name`, check it is that page, return the document's HTTP status."""
    response = page.goto(PAGES[name])
    if name == "contact-errors":
        response = follow(page, page.locator(".form-panel form button[type=submit]"))
        assert page.locator("#form-errors").is_visible()
    elif name == "search-results":
        assert page.locator(".results > li").count() >= 1
    elif name == "search-empty":
        assert page.locator(".empty-state").is_visible()
    elif name == "news-index-filtered":
        assert page.locator(".card").count() == 1
    elif name.startswith("standard"):
        assert page.get_by_role("navigation", name=_t("Breadcrumbs")).is_visible()
    return response.status


def _expected_status(name):
    return 404 if name == "not-found" else 200


def _main_menu(page):
    return page.get_by_role("navigation", name=_t("Main menu"))


# 1. Home -> news item -> theme


def test_home_to_news_item_to_theme(page, site_url):
    from werkplaats.website.models import HomePage

    home = HomePage.objects.get()
    page.goto("/")
    assert page.url == f"{site_url}/"
    assert page.locator("h1").inner_text() == home.title

    news_link = page.locator("#news-title ~ .card-grid .card__title a").first
    news_title = news_link.inner_text()
    news_link.click()
    page.wait_for_url("**/nieuws/*/")
    assert page.url.startswith(f"{site_url}/nieuws/")
    assert page.locator("h1").inner_text() == news_title
    assert page.title().startswith(news_title)

    theme_link = page.locator(".article-footer .tags a").first
    theme_title = theme_link.inner_text()
    theme_link.click()
    page.wait_for_url("**/themas/*/")
    assert page.url.startswith(f"{site_url}/themas/")
    assert page.locator("h1").inner_text() == theme_title
    crumbs = page.get_by_role("navigation", name=_t("Breadcrumbs"))
    assert crumbs.get_by_role("link", name="Thema's").is_visible()
    # The theme lists the news item we came from.
    assert page.locator(".card__title a", has_text=news_title).count() == 1


# 2. Contact form


def test_contact_form_errors_then_sent(page, site_url):
    from werkplaats.website.models import ContactSubmission

    page.goto("/contact/")
    form = page.locator(".form-panel form")
    name = form.get_by_role("textbox", name="Naam")
    email = form.get_by_role("textbox", name="E-mailadres")
    organisation = form.get_by_role("textbox", name="Organisatie")
    message = form.get_by_role("textbox", name="Bericht")
    send = form.locator("button[type=submit]")
    assert send.inner_text() == _t("Send message")

    email.fill("annelies-at-dordrecht")
    organisation.fill("Gemeente Dordrecht")
    follow(page, send)

    notice = page.locator("#form-errors")
    assert notice.is_visible()
    assert _t("Your message has not been sent yet.") in notice.inner_text()
    # The summary takes the focus, with a visible focus ring, so keyboard and screen-reader users
    # land on it.
    assert page.evaluate("document.activeElement && document.activeElement.id") == "form-errors"
    assert page.evaluate("document.activeElement.matches(':focus-visible')")
    expected_errors = {
        "Naam": _t("Please fill in “%(label)s”.") % {"label": "Naam"},
        "E-mailadres": _t("Enter a valid e-mail address, for example name@gemeente.nl."),
        "Bericht": _t("Please fill in “%(label)s”.") % {"label": "Bericht"},
    }
    for field, (label, error) in zip((name, email, message), expected_errors.items(), strict=True):
        assert field.get_attribute("aria-invalid") == "true", label
        described_by = field.get_attribute("aria-describedby") or ""
        error_id = next(i for i in described_by.split() if i.endswith("_error"))
        assert page.locator(f"#{error_id}").inner_text() == error
        assert page.locator(f"#{error_id}").is_visible()
        # The summary links to the field.
        assert notice.get_by_role("link", name=error).get_attribute("href") == (
            f"#{field.get_attribute('id')}"
        )
    assert organisation.get_attribute("aria-invalid") is None
    # What was typed is kept.
    assert email.input_value() == "annelies-at-dordrecht"
    assert organisation.input_value() == "Gemeente Dordrecht"
    assert ContactSubmission.objects.count() == 0
    assert mail.outbox == []

    # Following a link in the summary moves to the field.
    notice.get_by_role("link", name=expected_errors["Naam"]).click()
    assert page.evaluate("document.activeElement.id") == name.get_attribute("id")

    name.fill("Annelies de Vries")
    email.fill("annelies@dordrecht.nl")
    message.fill("Graag meer informatie over de werkteams.")
    follow(page, send)

    assert page.url == f"{site_url}/contact/?verzonden=1"
    thanks = page.locator(".notice--success")
    assert thanks.is_visible()
    assert "Dank voor uw bericht" in thanks.inner_text()
    assert page.locator("#form-errors").count() == 0

    submission = ContactSubmission.objects.get()
    data = submission.get_data()
    assert data["naam"] == "Annelies de Vries"
    assert data["e_mailadres"] == "annelies@dordrecht.nl"
    assert submission.mailed_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].reply_to == ["annelies@dordrecht.nl"]
    assert "Graag meer informatie over de werkteams." in mail.outbox[0].body


# 3. axe-core on every page type, at desktop and phone width


@pytest.mark.parametrize("name", PAGES)
def test_noaxe_violations(page, name):
    report = []
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        assert _open(page, name) == _expected_status(name)
        violations = axe_violations(page)
        if violations:
            report.append(f"{PAGES[name]} at {viewport['width']} px:\n")
            report.append(describe_violations(violations))
    assert not report, "axe-core found WCAG 2.1 A/AA violations:\n" + "\n".join(report)


# 4. 360 px: no sideways scrolling; menu and search box in view


@pytest.mark.parametrize("name", PAGES)
def test_phone_layout(page, name):
    page.set_viewport_size(PHONE)
    assert _open(page, name) == _expected_status(name)

    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > PHONE["width"]:
        too_wide = page.evaluate(
            """width => [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > width + 0.5)
                .slice(0, 10)
                .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')
                     + ' right=' + Math.round(el.getBoundingClientRect().right))""",
            PHONE["width"],
        )
        pytest.fail(f"page is {scroll_width} px wide at 360 px; too wide: {too_wide}")

    menu = _main_menu(page)
    assert menu.is_visible()
    links = menu.get_by_role("link")
    assert links.count() >= 4
    for index in range(links.count()):
        link = links.nth(index)
        box = link.bounding_box()
        assert link.is_visible() and box, link.inner_text()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], link.inner_text()

    search = page.get_by_role("banner").get_by_role("searchbox")
    assert search.is_visible()
    box = search.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert box["width"] >= 120, "the search box is too narrow to type in"


# 5. Language switch


def test_language_switch(page, site_url):
    dutch_skip_link = _t("Skip to content", "nl")
    assert dutch_skip_link != "Skip to content", "the Dutch translations are not compiled"
    page.goto("/themas/")
    html = page.locator("html")
    assert html.get_attribute("lang") == "nl"
    assert page.locator(".skip-link").inner_text() == dutch_skip_link

    follow(page, page.locator(".site-footer").get_by_role("link", name="English"))
    assert page.url == f"{site_url}/themas/"
    assert html.get_attribute("lang") == "en"
    assert page.locator(".skip-link").inner_text() == "Skip to content"
    assert page.get_by_role("navigation", name="Main menu").is_visible()
    assert page.locator(".site-footer h2#footer-contact").inner_text() == "Contact details"
    assert page.locator(".language-switch [aria-current]").inner_text() == "English"
    # Content stays Dutch; only the interface changes.
    assert page.locator("h1").inner_text() == "Thema's"

    follow(page, page.locator(".site-footer").get_by_role("link", name="Nederlands"))
    assert page.url == f"{site_url}/themas/"
    assert html.get_attribute("lang") == "nl"
    assert page.locator(".skip-link").inner_text() == dutch_skip_link
    assert _main_menu(page).is_visible()
    assert page.locator(".language-switch [aria-current]").inner_text() == "Nederlands"


# 6. Screenshots for people to look at


@pytest.mark.parametrize("name", SCREENSHOT_PAGES)
def test_screenshots(page, name):
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        assert _open(page, name) == _expected_status(name)
        # Lazy images load only near the viewport; load them all before taking the picture.
        page.evaluate("document.querySelectorAll('img').forEach(img => { img.loading = 'eager' })")
        page.wait_for_function("[...document.images].every(img => img.complete)")
        path = SCREENSHOT_DIR / f"{name}-{viewport['width']}.png"
        page.screenshot(path=path, full_page=True)
        assert path.stat().st_size > 10_000
