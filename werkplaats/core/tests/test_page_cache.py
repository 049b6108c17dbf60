"""The anonymous page cache (core/cache.py): fast repeat visits, never someone else's page."""

import warnings

import pytest
from django.core.cache import CacheKeyWarning
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client, RequestFactory

from werkplaats.core.cache import PageCacheApplication
from werkplaats.website.models import SiteSettings
from werkplaats.website.tests.factories import NewsPageFactory, SuperuserFactory
from werkplaats.website.tests.html import card_titles, soup, text

pytestmark = pytest.mark.django_db


def heading_texts(response):
    return [text(h) for h in soup(response).select("main h2")]


def test_first_visit_is_a_miss_and_second_a_hit_with_the_same_page(client):
    first = client.get("/nieuws/")
    second = client.get("/nieuws/")

    assert first["X-Cache"] == "miss"
    assert second["X-Cache"] == "hit"
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == "text/html; charset=utf-8"


def test_cache_hit_needs_no_database(client, django_assert_num_queries):
    client.get("/themas/")

    with django_assert_num_queries(0):
        response = client.get("/themas/")

    assert response["X-Cache"] == "hit"


def test_cached_page_keeps_its_security_headers(client, settings):
    client.get("/")
    hit = client.get("/")

    assert hit["X-Cache"] == "hit"
    assert hit["X-Frame-Options"] == settings.X_FRAME_OPTIONS
    assert hit["X-Content-Type-Options"] == "nosniff"
    assert hit["Content-Language"] == "nl"


def test_each_query_string_is_a_page_of_its_own(client):
    client.get("/nieuws/")

    filtered = client.get("/nieuws/?thema=armoede")

    assert filtered["X-Cache"] == "miss"
    assert card_titles(filtered) == ["Het hart van de Werkplaats"]


def test_request_with_a_session_cookie_is_never_cached(client):
    client.cookies["sessionid"] = "some-session"

    first = client.get("/nieuws/")
    second = client.get("/nieuws/")

    assert "X-Cache" not in first
    assert "X-Cache" not in second


def test_signed_in_editors_page_never_reaches_visitors():
    editor = Client()
    editor.force_login(SuperuserFactory())
    editors_page = editor.get("/")
    assert b"wagtail-userbar" in editors_page.content

    visitors_page = Client().get("/")

    assert visitors_page["X-Cache"] == "miss"
    assert b"wagtail-userbar" not in visitors_page.content


def test_contact_page_with_csrf_cookie_is_never_cached(client):
    first = client.get("/contact/")
    second = client.get("/contact/")

    assert "csrftoken" in first.cookies
    assert "X-Cache" not in first
    assert "X-Cache" not in second


def test_each_visitor_of_the_contact_form_gets_a_token_that_works():
    """A cached contact page would hand every visitor the first visitor's CSRF token."""
    first_visitor = Client(enforce_csrf_checks=True)
    first_visitor.get("/contact/")
    second_visitor = Client(enforce_csrf_checks=True)
    form = soup(second_visitor.get("/contact/")).select_one("main form")
    token = form.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]

    response = second_visitor.post(
        "/contact/",
        {
            "csrfmiddlewaretoken": token,
            "naam": "Sanne de Vries",
            "e_mailadres": "sanne@gemeente.nl",
            "bericht": "Graag meer informatie over de werkteams.",
        },
    )

    assert response.status_code == 302


def test_post_is_never_served_from_the_cache(client):
    client.get("/zoeken/?q=armoede")

    response = client.post("/zoeken/?q=armoede")

    assert response.status_code == 405
    assert "X-Cache" not in response


def test_not_found_page_is_not_cached(client):
    client.get("/bestaat-niet/")

    response = client.get("/bestaat-niet/")

    assert response.status_code == 404
    assert "X-Cache" not in response


def test_admin_is_never_cached(client):
    client.get("/beheer/login/")

    response = client.get("/beheer/login/")

    assert "X-Cache" not in response


def test_publishing_a_page_shows_it_on_the_next_visit(client):
    client.get("/")
    assert client.get("/")["X-Cache"] == "hit"

    NewsPageFactory(title="Nieuw werkteam gestart")
    response = client.get("/")

    assert response["X-Cache"] == "miss"
    assert card_titles(response)[0] == "Nieuw werkteam gestart"


def test_unpublishing_a_page_removes_it_on_the_next_visit(client):
    page = NewsPageFactory(title="Tijdelijk bericht")
    assert card_titles(client.get("/nieuws/"))[0] == "Tijdelijk bericht"

    page.unpublish()

    assert "Tijdelijk bericht" not in card_titles(client.get("/nieuws/"))


def test_saving_site_settings_shows_them_on_the_next_visit(client):
    client.get("/over/")
    site_settings = SiteSettings.objects.get()
    site_settings.footer_text = "Volg ons ook op Mastodon."
    site_settings.save()

    response = client.get("/over/")

    assert response["X-Cache"] == "miss"
    assert "Volg ons ook op Mastodon." in text(soup(response).footer)


def test_page_kept_before_the_change_commits_is_rendered_again_after(
    client, django_capture_on_commit_callbacks
):
    """Other requests read the old content until the change commits: what they keep in
    between must not outlive the commit."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        site_settings = SiteSettings.objects.get()
        site_settings.footer_text = "Volg ons ook op Mastodon."
        site_settings.save()
        site_settings.save()
        client.get("/over/")
        assert client.get("/over/")["X-Cache"] == "hit"  # kept while uncommitted

    assert len(callbacks) == 1  # one more bump for the transaction, not one per save
    assert client.get("/over/")["X-Cache"] == "miss"


def test_language_cookie_gets_a_cache_entry_of_its_own(client):
    dutch = client.get("/")
    assert "Laatste nieuws" in heading_texts(dutch)

    client.cookies["django_language"] = "en"
    english = client.get("/")
    english_again = client.get("/")

    assert english["X-Cache"] == "miss"
    assert "Latest news" in heading_texts(english)
    assert english_again["X-Cache"] == "hit"
    assert "Latest news" in heading_texts(english_again)
    assert english_again["Content-Language"] == "en"

    del client.cookies["django_language"]
    dutch_again = client.get("/")
    assert dutch_again["X-Cache"] == "hit"
    assert "Laatste nieuws" in heading_texts(dutch_again)


def test_unknown_language_cookie_shares_the_dutch_entry(client):
    client.get("/")

    client.cookies["django_language"] = "fr"
    response = client.get("/")

    assert response["X-Cache"] == "hit"
    assert "Laatste nieuws" in heading_texts(response)


def test_very_long_address_is_cached_under_a_key_any_cache_accepts(client):
    url = "/nieuws/?thema=" + "x" * 600

    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        first = client.get(url)
        second = client.get(url)

    assert first["X-Cache"] == "miss"
    assert second["X-Cache"] == "hit"


def test_page_cache_off_when_seconds_is_zero(client, settings):
    settings.PAGE_CACHE_SECONDS = 0

    client.get("/")
    response = client.get("/")

    assert "X-Cache" not in response


class WSGI:
    """werkplaats.wsgi's stack as gunicorn calls it: PageCacheApplication around Django,
    with a count of the requests that reached Django."""

    def __init__(self):
        self.django = get_wsgi_application()
        self.reached_django = 0
        self.application = PageCacheApplication(self.counting)

    def counting(self, environ, start_response):
        self.reached_django += 1
        return self.django(environ, start_response)

    def get(self, path, **extra):
        answer = {}

        def start_response(status, headers):
            answer["status"], answer["headers"] = status, dict(headers)

        environ = RequestFactory().get(path, **extra).environ
        # As Django's test client does: the test's database connection stays open (a WSGI
        # handler closes it at each request's start and end).
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            result = self.application(environ, start_response)
            body = b"".join(result)
            if hasattr(result, "close"):
                result.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return answer["status"], answer["headers"], body


def test_kept_page_is_answered_before_django_with_the_same_page_and_headers(settings):
    settings.SECURE_CONTENT_TYPE_NOSNIFF = True
    wsgi = WSGI()
    _, first_headers, first_body = wsgi.get("/nieuws/")

    status, headers, body = wsgi.get("/nieuws/")

    assert wsgi.reached_django == 1
    assert status == "200 OK"
    assert body == first_body
    assert first_headers["X-Cache"] == "miss"
    assert headers["X-Cache"] == "hit"
    assert {k: v for k, v in headers.items() if k != "X-Cache"} == {
        k: v for k, v in first_headers.items() if k != "X-Cache"
    }
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Language"] == "nl"


def test_kept_page_tells_browsers_to_keep_it_a_minute_with_no_date_that_goes_stale():
    wsgi = WSGI()
    wsgi.get("/nieuws/")

    _, headers, _ = wsgi.get("/nieuws/")

    assert headers["X-Cache"] == "hit"
    assert "max-age=60" in headers["Cache-Control"]
    assert "Expires" not in headers


def test_signed_in_request_always_reaches_django():
    wsgi = WSGI()
    wsgi.get("/nieuws/")

    _, headers, _ = wsgi.get("/nieuws/", HTTP_COOKIE="sessionid=some-session")

    assert wsgi.reached_django == 2
    assert "X-Cache" not in headers


def test_after_a_publish_the_kept_page_goes_to_django_once():
    wsgi = WSGI()
    wsgi.get("/")
    NewsPageFactory(title="Kenniscafé over armoede")

    _, headers, body = wsgi.get("/")
    _, again_headers, _ = wsgi.get("/")

    assert wsgi.reached_django == 2
    assert headers["X-Cache"] == "miss"
    assert "Kenniscafé over armoede" in body.decode()
    assert again_headers["X-Cache"] == "hit"


def test_page_kept_for_https_is_never_served_over_plain_http(settings):
    settings.SECURE_SSL_REDIRECT = True
    wsgi = WSGI()
    wsgi.get("/nieuws/", secure=True)
    assert wsgi.get("/nieuws/", secure=True)[1]["X-Cache"] == "hit"

    status, headers, _ = wsgi.get("/nieuws/")

    assert status.startswith("301")
    assert headers["Location"] == "https://testserver/nieuws/"


def test_a_host_that_is_not_allowed_gets_django_s_answer(settings):
    settings.ALLOWED_HOSTS = ["werkplaats.example"]
    wsgi = WSGI()

    status, _, _ = wsgi.get("/nieuws/", HTTP_HOST="evil.example")

    assert status.startswith("400")
    assert wsgi.reached_django == 1


def test_behind_a_proxy_a_page_kept_for_https_is_never_served_over_plain_http(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    wsgi = WSGI()
    wsgi.get("/nieuws/", HTTP_X_FORWARDED_PROTO="https")
    assert wsgi.get("/nieuws/", HTTP_X_FORWARDED_PROTO="https")[1]["X-Cache"] == "hit"

    status, headers, _ = wsgi.get("/nieuws/")

    assert status.startswith("301")
    assert headers["Location"] == "https://testserver/nieuws/"


def test_the_chosen_language_gets_its_own_kept_page_before_django(settings):
    wsgi = WSGI()
    wsgi.get("/nieuws/")
    assert wsgi.get("/nieuws/")[1]["X-Cache"] == "hit"

    _, first, _ = wsgi.get("/nieuws/", HTTP_COOKIE=f"{settings.LANGUAGE_COOKIE_NAME}=en")
    _, again, _ = wsgi.get("/nieuws/", HTTP_COOKIE=f"{settings.LANGUAGE_COOKIE_NAME}=en")

    assert (first["X-Cache"], first["Content-Language"]) == ("miss", "en")
    assert (again["X-Cache"], again["Content-Language"]) == ("hit", "en")
    assert wsgi.get("/nieuws/")[1]["Content-Language"] == "nl"
    assert wsgi.reached_django == 2


def test_a_page_another_process_kept_is_served_from_the_shared_cache():
    from werkplaats.core.cache import process_pages

    wsgi = WSGI()
    _, _, body = wsgi.get("/nieuws/")
    process_pages.clear()  # as in a process that has not served it yet

    _, headers, again = wsgi.get("/nieuws/")

    assert headers["X-Cache"] == "hit"
    assert again == body
    assert wsgi.reached_django == 1


def test_other_cookies_share_the_kept_page_of_their_language(settings):
    wsgi = WSGI()
    language = f"{settings.LANGUAGE_COOKIE_NAME}=en"
    wsgi.get("/nieuws/", HTTP_COOKIE=language)

    # CSRF tokens of the right form: Django answers a malformed one with a new cookie, and a
    # page that sets a cookie is never kept.
    _, headers, _ = wsgi.get("/nieuws/", HTTP_COOKIE=f"csrftoken={'a' * 32}; {language}")
    _, dutch, _ = wsgi.get("/nieuws/", HTTP_COOKIE=f"csrftoken={'b' * 32}")
    _, signed_in, _ = wsgi.get("/nieuws/", HTTP_COOKIE=f"{language}; sessionid=some-session")

    assert (headers["X-Cache"], headers["Content-Language"]) == ("hit", "en")
    assert (dutch["X-Cache"], dutch["Content-Language"]) == ("miss", "nl")
    assert "X-Cache" not in signed_in
    assert wsgi.reached_django == 3
