"""The news feeds: /nieuws/feed/ (Atom 1.0) and /nieuws/feed/rss/ (RSS 2.0), as a feed reader
reads them."""

import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import feedparser
import pytest

from .factories import NewsPageFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
NEWEST = "Het hart van de Werkplaats"


def test_atom_feed_is_valid_atom_with_every_news_item(client):
    response = client.get("/nieuws/feed/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Werkplaats Sociaal Domein Zuid-Holland Zuid"
    assert [entry.title for entry in feed.entries][0] == NEWEST
    assert len(feed.entries) == 3
    for entry in feed.entries:
        assert entry.title
        assert entry.link.startswith("http://testserver/nieuws/")
        assert entry.published_parsed
        assert entry.updated_parsed


def test_rss_feed_is_valid_rss_2_with_every_news_item(client):
    response = client.get("/nieuws/feed/rss/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    assert feed.feed.link == "http://testserver/nieuws/"
    assert [entry.title for entry in feed.entries][0] == NEWEST
    assert len(feed.entries) == 3
    for entry in feed.entries:
        assert entry.title
        assert entry.link.startswith("http://testserver/nieuws/")
        assert entry.published_parsed


def test_atom_feed_has_the_elements_the_standard_requires(client):
    """RFC 4287: a feed has id, title and updated; so has each entry, with a link or content."""
    root = ET.fromstring(client.get("/nieuws/feed/").content)

    assert root.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{tag}").text
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == "http://testserver/nieuws/feed/"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 3
    for entry in entries:
        for tag in ("id", "title", "updated", "published"):
            assert entry.find(f"{ATOM}{tag}").text, tag
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        assert entry.find(f"{ATOM}author/{ATOM}name").text == "Werkplaats Sociaal Domein"


def test_rss_feed_has_the_elements_the_standard_requires(client):
    """RSS 2.0: a channel has title, link and description; each item a title or description."""
    root = ET.fromstring(client.get("/nieuws/feed/rss/").content)

    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    channel = root.find("channel")
    for tag in ("title", "link", "description"):
        assert channel.find(tag).text, tag
    assert channel.find("language").text == "nl"
    items = channel.findall("item")
    assert len(items) == 3
    for item in items:
        for tag in ("title", "link", "description", "guid", "pubDate"):
            assert item.find(tag).text, tag
        parsedate_to_datetime(item.find("pubDate").text)  # RFC 822 date, or it raises


def test_feed_entry_carries_date_summary_and_themes(client):
    feed = feedparser.parse(client.get("/nieuws/feed/").content)

    entry = feed.entries[0]
    assert entry.link == "http://testserver/nieuws/het-hart-van-de-werkplaats/"
    assert entry.published.startswith("2018-07-11")
    assert "werkteams" in entry.summary
    assert {tag.term for tag in entry.tags} == {
        "Preventie intergenerationele problematiek",
        "Armoede",
        "Platform ontmoeting en innovatie",
        "Zingeving",
    }


def test_feed_shows_a_newly_published_item_first(client):
    client.get("/nieuws/feed/")  # the page cache now holds the old feed

    NewsPageFactory(title="Nieuw: werkteam armoede & schulden")
    feed = feedparser.parse(client.get("/nieuws/feed/").content)

    assert not feed.bozo
    assert feed.entries[0].title == "Nieuw: werkteam armoede & schulden"


def test_feed_holds_at_most_twenty_newest_items(client):
    for _ in range(25):
        NewsPageFactory()

    feed = feedparser.parse(client.get("/nieuws/feed/rss/").content)

    assert len(feed.entries) == 20
    assert NEWEST not in [entry.title for entry in feed.entries]


def test_feed_escapes_markup_in_titles(client):
    NewsPageFactory(title="<script>alert(1)</script> & meer")

    response = client.get("/nieuws/feed/")

    assert b"<script>" not in response.content
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert feed.entries[0].title == "<script>alert(1)</script> & meer"
