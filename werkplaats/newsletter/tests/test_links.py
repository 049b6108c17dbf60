"""Personal links: signed, not guessable, one kind not usable as the other, confirmation links
expire; and the List-Unsubscribe headers the sending slice puts on every newsletter."""

import time

import pytest

from werkplaats.newsletter import links

from .factories import PendingSubscriberFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

EIGHT_DAYS = 8 * 24 * 3600


def test_confirm_link_names_its_subscriber():
    subscriber = PendingSubscriberFactory()

    assert links.subscriber_from_confirm_token(links.confirm_token(subscriber)) == subscriber


def test_confirm_link_expires_after_seven_days(monkeypatch):
    token = links.confirm_token(PendingSubscriberFactory())
    later = time.time() + EIGHT_DAYS
    monkeypatch.setattr(time, "time", lambda: later)

    with pytest.raises(links.UnusableLink) as error:
        links.subscriber_from_confirm_token(token)
    assert error.value.expired


def test_unsubscribe_link_does_not_expire(monkeypatch):
    subscriber = SubscriberFactory()
    token = links.manage_token(subscriber)
    later = time.time() + 20 * 365 * 24 * 3600
    monkeypatch.setattr(time, "time", lambda: later)

    assert links.subscriber_from_manage_token(token) == subscriber


def test_a_confirm_link_is_no_unsubscribe_link_and_the_other_way_round():
    subscriber = SubscriberFactory()

    with pytest.raises(links.UnusableLink):
        links.subscriber_from_manage_token(links.confirm_token(subscriber))
    with pytest.raises(links.UnusableLink):
        links.subscriber_from_confirm_token(links.manage_token(subscriber))


def test_a_changed_token_names_nobody():
    token = links.manage_token(SubscriberFactory())

    with pytest.raises(links.UnusableLink) as error:
        links.subscriber_from_manage_token(token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))
    assert not error.value.expired


def test_a_token_of_a_deleted_subscriber_names_nobody():
    subscriber = SubscriberFactory()
    token = links.manage_token(subscriber)
    subscriber.delete()

    with pytest.raises(links.UnusableLink):
        links.subscriber_from_manage_token(token)


def test_personal_urls_are_absolute_and_dutch(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://werkplaats.example.nl"
    subscriber = SubscriberFactory()

    assert links.unsubscribe_url(subscriber).startswith(
        "https://werkplaats.example.nl/nieuwsbrief/afmelden/"
    )
    assert links.preferences_url(subscriber).startswith(
        "https://werkplaats.example.nl/nieuwsbrief/voorkeuren/"
    )


def test_list_unsubscribe_headers_give_the_one_click_url(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://werkplaats.example.nl"
    settings.NEWSLETTER_UNSUBSCRIBE_MAILTO = ""
    subscriber = SubscriberFactory()

    headers = links.list_unsubscribe_headers(subscriber)

    assert headers == {
        "List-Unsubscribe": f"<{links.unsubscribe_url(subscriber)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def test_list_unsubscribe_headers_add_a_mailto_when_configured(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://werkplaats.example.nl"
    settings.NEWSLETTER_UNSUBSCRIBE_MAILTO = "afmelden@werkplaats.example.nl"
    subscriber = SubscriberFactory()

    value = links.list_unsubscribe_headers(subscriber)["List-Unsubscribe"]

    https, mailto = value.split(", ")
    assert https == f"<{links.unsubscribe_url(subscriber)}>"
    assert mailto == "<mailto:afmelden@werkplaats.example.nl?subject=unsubscribe>"
