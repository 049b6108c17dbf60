import pytest


@pytest.mark.parametrize(
    "url", ["/", "/nieuws/", "/themas/", "/themas/armoede/", "/over/", "/contact/", "/privacy/"]
)
def test_public_pages_render(client, home, url):
    response = client.get(url)
    assert response.status_code == 200
