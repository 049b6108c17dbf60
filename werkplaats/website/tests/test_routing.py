"""Pages are found by their URL path in one lookup; what that misses still answers right."""

import pytest

from werkplaats.website.models import NewsPage, StandardPage

pytestmark = pytest.mark.django_db


def test_news_item_is_served_at_its_url(client):
    item = NewsPage.objects.get(slug="het-hart-van-de-werkplaats")

    response = client.get("/nieuws/het-hart-van-de-werkplaats/")

    assert response.status_code == 200
    assert response.context["page"] == item
    assert type(response.context["page"]) is NewsPage


def test_unpublished_page_is_not_found(client):
    StandardPage.objects.filter(slug="werkgroepen-2016-2017").update(live=False)

    assert client.get("/over/werkgroepen-2016-2017/").status_code == 404


@pytest.mark.parametrize(
    "url", ["/bestaat-niet/", "/nieuws/bestaat-niet/", "/nieuws/het-hart-van-de-werkplaats/x/"]
)
def test_unknown_paths_are_not_found(client, url):
    response = client.get(url)

    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_moved_page_is_served_at_its_new_address_and_the_old_one_redirects(client):
    item = NewsPage.objects.get(slug="het-hart-van-de-werkplaats")
    about = StandardPage.objects.get(slug="over")
    item.move(about, pos="last-child")

    assert client.get("/over/het-hart-van-de-werkplaats/").status_code == 200
    old = client.get("/nieuws/het-hart-van-de-werkplaats/")
    assert old.status_code == 301
    assert old["Location"] == "/over/het-hart-van-de-werkplaats/"
