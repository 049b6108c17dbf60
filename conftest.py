"""Fixtures shared by every app's tests."""

import os

import pytest
from django.core.cache import cache, caches

# Shared fixtures: smtp_inbox (a real SMTP server), browser / site_url / page (Chromium).
pytest_plugins = ["werkplaats.core.testing"]

# Playwright's sync API runs an event loop in the test thread; Django's async-safety check
# would otherwise refuse database access from the live-server fixtures.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with an empty cache (page cache, rate limits), shared and local, and
    no renditions kept: a test's rolled-back rendition would otherwise stand in for the next
    test's image of the same pk."""
    from werkplaats.core.cache import process_pages

    kept = (cache, caches["local"], caches["renditions"], process_pages)
    for each in kept:
        each.clear()
    yield
    for each in kept:
        each.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo website and network once per session; each test runs in a rolled-back
    transaction."""
    from werkplaats.network.demo import load_network
    from werkplaats.website.demo.site import load_site

    with django_db_blocker.unblock():
        load_site()
        load_network()


@pytest.fixture
def home(db):
    from werkplaats.website.models import HomePage

    return HomePage.objects.get()
