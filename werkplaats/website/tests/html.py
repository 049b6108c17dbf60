"""Reading rendered pages the way a visitor does: by landmark, heading and visible text."""

import re

from bs4 import BeautifulSoup


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def text(element):
    """The visible text of an element with runs of whitespace collapsed."""
    return re.sub(r"\s+", " ", element.get_text(" ")).strip()


def link_texts(element):
    return [text(a) for a in element.find_all("a")]


def main_menu(response):
    return link_texts(soup(response).select_one("nav.main-nav"))


def footer(response):
    return soup(response).select_one("footer.site-footer")


def footer_links(response):
    """The 'About this site' links of the footer."""
    return link_texts(footer(response).select_one('nav[aria-labelledby="footer-links"] ul'))


def breadcrumbs(response):
    nav = soup(response).select_one("nav.breadcrumbs")
    return [text(li) for li in nav.find_all("li")] if nav else []


def main(response):
    return soup(response).select_one("main")


def card_titles(response):
    return [text(h) for h in main(response).select(".card__title")]
