"""Every page type of the demo website as an anonymous visitor sees it, in Dutch."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.test import RequestFactory
from django.urls import get_resolver

from werkplaats.website.demo.site import load_site
from werkplaats.website.models import NewsIndexPage, StandardPage, ThemePage

from .factories import StandardPageFactory
from .html import breadcrumbs, card_titles, footer, footer_links, main, main_menu, soup, text

DEMO_NEWS = [
    "Het hart van de Werkplaats",
    "Lerend van jaar 1... op naar jaar 2!",
    "De impact en inspiratie van leerkringen in Rotterdam",
]
# The current partners of the demo network (werkplaats.network.demo), municipalities first.
PARTNERS = [
    "BAR-organisatie",
    "Gemeente Dordrecht",
    "Gemeente Rotterdam",
    "Gemeente Schiedam",
    "Gemeente Vlaardingen",
    "Hogeschool InHolland",
    "Hogeschool Rotterdam",
]

pytestmark = pytest.mark.django_db


def test_home_shows_aim_intro_and_who_we_are(client):
    response = client.get("/")

    assert response.status_code == 200
    page = main(response)
    assert text(page.find("h1")) == "Werkplaats Sociaal Domein Zuid-Holland Zuid"
    assert (
        text(page.select_one(".hero__aim"))
        == "Regionale samenwerking en afstemming rond integraal werken in de wijk"
    )
    assert "Gemeenten, hogescholen, sociale professionals" in text(page)
    assert "Wie we zijn" in text(page)
    assert "voorheen Wmo-werkplaats Rotterdam, 2012-2016" in text(page)


def test_home_lists_latest_news_newest_first_and_current_themes(client):
    response = client.get("/")

    assert card_titles(response) == DEMO_NEWS
    themes = [text(a.strong) for a in main(response).select(".theme-list a")]
    assert "Armoede" in themes
    assert "Doorontwikkeling sociale wijkteams" in themes


def test_a_theme_made_current_shows_on_the_home_page_at_the_next_visit(client):
    """The home page's themes are kept rendered until a publish (HomePage.get_context)."""
    client.get("/")
    theme = ThemePage.objects.get(title="Zingeving")
    theme.is_current = False
    theme.save_revision().publish()

    themes = [text(a.strong) for a in main(client.get("/")).select(".theme-list a")]
    assert "Zingeving" not in themes
    assert "Armoede" in themes

    theme.is_current = True
    theme.save_revision().publish()

    themes = [text(a.strong) for a in main(client.get("/")).select(".theme-list a")]
    assert "Zingeving" in themes


def test_home_and_footer_lead_to_the_newsletter_subscription(client):
    response = client.get("/")

    button = main(response).select_one(".cta a.button")
    assert text(button) == "Aanmelden voor de nieuwsbrief"
    assert button["href"] == "/nieuwsbrief/"
    form = footer(response).select_one(".footer-newsletter form")
    assert form["action"] == "/nieuwsbrief/"
    assert footer(response).find("a", string="Kies je thema's")["href"] == "/nieuwsbrief/"


def test_newsletter_is_the_newsletter_app_not_a_standard_page(client):
    # /nieuwsbrief/ used to be a StandardPage asking people to e-mail; now it is a form.
    assert not StandardPage.objects.filter(slug="nieuwsbrief").exists()

    response = client.get("/nieuwsbrief/")

    assert response.status_code == 200
    assert main(response).find("input", attrs={"name": "consent"}) is not None


def test_demo_loader_removes_the_old_newsletter_page_and_stays_idempotent(home):
    StandardPageFactory(parent=home, title="Nieuwsbrief", slug="nieuwsbrief")

    load_site()
    load_site()

    assert not StandardPage.objects.filter(slug="nieuwsbrief").exists()
    assert StandardPage.objects.filter(slug="privacy").count() == 1


def test_footer_names_partners_under_in_samenwerking_met(client):
    partners = footer(client.get("/")).select_one("section.partners")

    assert text(partners.find("h2")) == "In samenwerking met"
    assert [img["alt"] for img in partners.find_all("img")] == PARTNERS
    assert partners.find("a", href="https://www.dordrecht.nl") is not None


def test_footer_shows_contact_details_from_site_settings(client):
    contact = text(footer(client.get("/over/")).select_one("address"))

    assert "Museumpark 40" in contact
    assert "3015 CX Rotterdam" in contact
    assert "Telefoon: 010 794 5676" in contact
    assert "info@werkplaatssociaaldomeinzhz.nl" in contact


def test_main_menu_lists_menu_pages_in_tree_order(client):
    # "Groepen", "Activiteiten" and "Bibliotheek" are not Wagtail pages: base.html adds them
    # after the page menu items.
    assert main_menu(client.get("/")) == [
        "Nieuws",
        "Thema's",
        "Over de Werkplaats",
        "Contact",
        "Groepen",
        "Activiteiten",
        "Bibliotheek",
    ]


def test_main_menu_marks_the_current_section(client):
    nav = soup(client.get("/over/werkgroepen-2016-2017/")).select_one("nav.main-nav")

    assert nav.find("a", string="Over de Werkplaats")["aria-current"] == "true"
    assert nav.find("a", string="Nieuws").get("aria-current") is None


def test_main_menu_leaves_out_pages_not_in_menus_and_drafts(client):
    StandardPageFactory(title="Verborgen pagina", show_in_menus=False)
    StandardPageFactory(title="Conceptpagina", show_in_menus=True, publish=False)

    menu = main_menu(client.get("/"))

    assert "Verborgen pagina" not in menu
    assert "Conceptpagina" not in menu


def test_footer_links_pages_marked_show_in_footer_in_tree_order(client):
    assert footer_links(client.get("/")) == [
        "Over de Werkplaats",
        "Privacyverklaring",
        "Cookieverklaring",
        "Toegankelijkheidsverklaring",
        "Contact",
        "Sitemap",
    ]


def test_footer_links_any_page_type_marked_show_in_footer(client):
    index = NewsIndexPage.objects.get()
    index.show_in_footer = True
    index.save_revision().publish()

    assert "Nieuws" in footer_links(client.get("/"))


def test_footer_leaves_out_unpublished_pages(client):
    page = StandardPage.objects.get(slug="privacy")
    page.unpublish()

    assert "Privacyverklaring" not in footer_links(client.get("/"))


def test_footer_offers_english_language_switch(client):
    switch = footer(client.get("/nieuws/")).select_one(".language-switch")

    assert switch.find("a", lang="en")["href"] == "/taal/en/?next=/nieuws/"
    assert text(switch.find("strong")) == "Nederlands"


def test_standard_page_shows_title_intro_and_body(client):
    response = client.get("/over/")

    assert response.status_code == 200
    page = main(response)
    assert text(page.find("h1")) == "Over de Werkplaats"
    assert "maakt een doorstart onder de naam Werkplaats Sociaal Domein" in text(page)
    assert "Doelstelling" in [text(h) for h in page.find_all("h2")]


def test_nested_standard_page_has_breadcrumbs_to_home(client):
    response = client.get("/over/werkgroepen-2016-2017/")

    assert response.status_code == 200
    assert breadcrumbs(response) == ["Home", "Over de Werkplaats", "Werkgroepen 2016-2017"]
    crumbs = soup(response).select_one("nav.breadcrumbs")
    assert crumbs["aria-label"] == "Kruimelpad"
    assert crumbs.find("a", string="Over de Werkplaats")["href"] == "/over/"
    assert crumbs.find(attrs={"aria-current": "page"}).get_text() == "Werkgroepen 2016-2017"


def test_home_has_no_breadcrumbs(client):
    assert breadcrumbs(client.get("/")) == []


def test_news_index_lists_all_news_with_count(client):
    response = client.get("/nieuws/")

    assert response.status_code == 200
    assert text(main(response).find("h1")) == "Nieuws"
    assert card_titles(response) == DEMO_NEWS
    assert text(main(response).select_one('p[role="status"]')) == "3 berichten"


def test_news_item_shows_date_author_themes_and_tags(client):
    response = client.get("/nieuws/het-hart-van-de-werkplaats/")

    assert response.status_code == 200
    article = main(response).find("article")
    assert text(article.find("h1")) == "Het hart van de Werkplaats"
    assert text(article.select_one(".meta")) == "11 juli 2018 · door Werkplaats Sociaal Domein"
    assert article.find("time")["datetime"] == "2018-07-11"
    footer_ = article.select_one(".article-footer")
    assert footer_.find("a", string="Armoede")["href"] == "/themas/armoede/"
    assert "kenniscafés" in text(footer_)
    assert breadcrumbs(response) == ["Home", "Nieuws", "Het hart van de Werkplaats"]


def test_news_item_body_comes_from_the_seed_without_broken_words(client):
    body = text(main(client.get("/nieuws/lerend-van-jaar-1-op-naar-jaar-2/")))

    assert "Terugblik werkgroepen" in body
    assert "orga-nisaties" not in body


def test_theme_index_lists_every_theme_with_intro(client):
    response = client.get("/themas/")

    assert response.status_code == 200
    items = [text(a.strong) for a in main(response).select(".theme-list a")]
    assert items == [
        "Doorontwikkeling sociale wijkteams",
        "Samenwerking formeel en informeel",
        "Preventie intergenerationele problematiek",
        "Armoede",
        "Platform ontmoeting en innovatie",
        "Zingeving",
    ]
    assert "Samen met bewoners politici in beweging krijgen tegen armoede." in text(main(response))


def test_theme_page_shows_since_and_its_news(client):
    response = client.get("/themas/armoede/")

    assert response.status_code == 200
    page = main(response)
    assert text(page.find("h1")) == "Armoede"
    assert "Thema sinds november 2017" in text(page)
    assert text(page.find(id="theme-news")) == "Nieuws over dit thema"
    assert card_titles(response) == ["Het hart van de Werkplaats"]
    assert page.find("a", href="/nieuws/?thema=armoede") is not None
    assert breadcrumbs(response) == ["Home", "Thema's", "Armoede"]


def test_contact_page_shows_address_route_and_form(client):
    response = client.get("/contact/")

    assert response.status_code == 200
    page = main(response)
    assert "Museumpark 40" in text(page.find("address"))
    assert "Kamer MP.L03.105" in text(page.find("address"))
    assert "9292.nl" in text(page)
    labels = [text(label) for label in page.select("form .field label")]
    assert labels == [
        "Naam (verplicht)",
        "E-mailadres (verplicht)",
        "Organisatie",
        "Bericht (verplicht)",
    ]
    assert text(page.find("button", type="submit")) == "Bericht versturen"


def test_search_page_without_query_invites_to_search(client):
    response = client.get("/zoeken/")

    assert response.status_code == 200
    assert "Zoek in nieuws, thema's en pagina's van de Werkplaats." in text(main(response))


def test_unknown_address_gives_dutch_404_page(client):
    response = client.get("/bestaat-niet/")

    assert response.status_code == 404
    page = soup(response)
    assert page.html["lang"] == "nl"
    assert text(page.find("h1")) == "Pagina niet gevonden"
    assert "De pagina die je zoekt bestaat niet (meer)." in text(page.find("main"))
    assert page.find("main").find("a", string="Naar de homepage")["href"] == "/"
    # The 404 page keeps the site's menu and footer, so the visitor can go on.
    assert "Nieuws" in main_menu(response)


def test_server_error_handler_renders_dutch_error_page():
    handler = get_resolver().resolve_error_handler(500)

    response = handler(RequestFactory().get("/nieuws/"))

    assert response.status_code == 500
    page = soup(response)
    assert page.html["lang"] == "nl"
    assert text(page.find("h1")) == "Er ging iets mis"
    assert page.find("a", string="contactpagina")["href"] == "/contact/"


def test_sitemap_lists_every_live_page_and_no_drafts(client):
    StandardPageFactory(title="Conceptpagina", publish=False)

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [
        urlsplit(loc.text).path for loc in ET.fromstring(response.content).iterfind(".//sm:loc", ns)
    ]
    assert "/" in locations
    assert "/nieuws/het-hart-van-de-werkplaats/" in locations
    assert "/themas/armoede/" in locations
    assert "/over/werkgroepen-2016-2017/" in locations
    assert "/contact/" in locations
    assert "/conceptpagina/" not in locations
    assert len(locations) == len(set(locations))


def test_every_page_names_its_icon_and_favicon_ico_leads_there(client):
    """A browser asks for /favicon.ico when a page names no icon: a 404 page rendered for
    every first visit, which for a signed-in person also handed out a CSRF cookie racing the
    page's own."""
    icon = soup(client.get("/")).select_one('link[rel="icon"]')
    assert icon is not None and icon["href"].endswith(".svg")
    assert client.get(icon["href"]).status_code == 200

    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == icon["href"]


def test_robots_txt_keeps_crawlers_out_of_admin_and_search_and_names_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /beheer/" in lines
    assert "Disallow: /zoeken/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_page_title_carries_the_organisation_name(client):
    title = soup(client.get("/over/")).title.get_text()

    assert title == "Over de Werkplaats · Werkplaats Sociaal Domein Zuid-Holland Zuid"
