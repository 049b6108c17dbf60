"""Test machinery shared by every app: a real SMTP server, Chromium through Playwright, axe-core.

The fixtures are registered in the root conftest.py; import the helpers from here.
"""

import email
import email.policy
import os
import socket
import threading
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.utils import translation

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# The machine has no network but loopback; without these flags Chromium waits on connections.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
SCREENSHOT_DIR = Path(settings.PROJECT_DIR) / "test-results" / "screenshots"


class Inbox:
    """An aiosmtpd handler keeping every message it receives."""

    def __init__(self):
        self.messages = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append((envelope.rcpt_tos, message))
        return "250 Message accepted for delivery"


def without_footer(html):
    """The page before the site's footer, which holds a newsletter form (with an e-mail field
    and a honeypot) on every page: for asserting what a page's own forms ask."""
    return html.split('<footer class="site-footer"', 1)[0]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def use_smtp(settings, port):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5


@pytest.fixture
def smtp_inbox(settings):
    """A real SMTP server on a free port of 127.0.0.1, and Django sending mail to it."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    use_smtp(settings, controller.port)
    yield inbox
    controller.stop()


def browser_unavailable(reason):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: the browser tests must run, not skip)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser(django_db_setup):
    """One Chromium for all browser tests.

    Module-scoped (all browser tests live in this module) rather than session-scoped: Playwright's
    sync API keeps an asyncio loop running in the main thread, so it must be stopped before the
    rest of the suite runs, or asyncio.run() in a later test would fail.
    """
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        browser_unavailable("Playwright is not installed (pip install -e '.[dev]')")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        browser_unavailable(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    # Django keeps database connections per thread, but per asyncio context while an event loop
    # runs in the thread, and Playwright's sync API leaves one running. Without this, fixtures
    # and tests would get new connections, not the test database connection that pytest-django
    # prepared and the live server shares.
    thread_connections = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        for alias, connection in thread_connections.items():
            connections[alias] = connection
        try:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Error as error:
            browser_unavailable(f"Chromium at {CHROMIUM} did not start: {error}")
        yield chromium
        chromium.close()
        for alias in thread_connections:
            del connections[alias]


def reset_to_migrated_database():
    """Empty the database and reload the rows the migrations made (Wagtail's tree root etc.)."""
    connection = connections["default"]
    call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
    connection.creation.deserialize_db_from_string(connection._test_serialized_contents)


def delete_image_files():
    from wagtail.images import get_image_model

    Image = get_image_model()
    for rendition in Image.get_rendition_model().objects.all():
        rendition.file.delete(save=False)
    for image in Image.objects.all():
        image.file.delete(save=False)


@pytest.fixture
def site_url(live_server, django_db_serialized_rollback):
    """The live server's address, serving the demo website loaded for this test.

    live_server makes this a transactional test: the database is flushed afterwards, and the
    demo site conftest.py loads once per session is gone after the first such test. Serialized
    rollback puts back the migrations' rows (Wagtail's root page, locale, collection) before each
    test; then the demo is loaded again. The first transactional test of a session still sees the
    session's demo with those rows laid over it, so it starts from a clean flush instead.
    """
    from werkplaats.network.demo import load_network
    from werkplaats.website.demo.site import load_site
    from werkplaats.website.models import HomePage

    if HomePage.objects.exists():
        delete_image_files()
        reset_to_migrated_database()
    load_site()
    load_network()  # the partners in the footer
    yield live_server.url
    delete_image_files()  # the rows go with the flush; their files would stay behind


@pytest.fixture
def page(browser, site_url):
    """A fresh browser tab (own cookies and cache) at desktop width, in the Dutch interface."""
    context = browser.new_context(base_url=site_url, viewport=DESKTOP, locale="nl-NL")
    # Generous: under CI the suite, the live server and Chromium share two CPUs.
    context.set_default_timeout(30_000)
    context.set_default_navigation_timeout(30_000)
    tab = context.new_page()
    yield tab
    context.close()


def t(message, language="nl"):
    """The translation the interface shows for `message`."""
    with translation.override(language):
        return translation.gettext(message)


def follow(page, locator):
    """Click `locator` (a link or a form's button) and wait for the page it leads to; returns
    that page's response.

    A click only starts the navigation. Whatever is read right after it may still come from the
    page being left, or from no page at all: axe-core then finds no document.
    """
    with page.expect_navigation() as navigation:
        locator.click()
    return navigation.value


def press(page, name, exact=False):
    """`follow` the button called `name`: a pattern, or a string its accessible name contains
    (with `exact`, the whole name)."""
    return follow(page, page.get_by_role("button", name=name, exact=exact))


def axe_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    return Axe().run(page, options=options).response["violations"]


def describe_violations(violations):
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{violation['helpUrl']}]"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {target}: {summary}")
    return "\n".join(lines)


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def check_page(page, name, problems):
    """axe-core and layout at desktop and phone width, with a screenshot of each
    (SCREENSHOT_DIR/<name>-<desktop|phone>.png); adds what is wrong to `problems`."""
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        violations = axe_violations(page)
        if violations:
            problems.append(f"{name} @ {label}:\n{describe_violations(violations)}")
        if not no_horizontal_scroll(page):
            problems.append(f"{name} @ {label}: scrolls horizontally")
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOT_DIR / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def run_together(jobs, threads=None):
    """Run the callables in threads released at once by a barrier, each thread with its own
    database connection (closed at the end). Returns the errors raised, in no order.

    `threads` defaults to one per job; with fewer, each thread runs its share in turn. For the
    concurrency tests, which need PostgreSQL's row locks (SQLite serialises writers anyway).
    """
    threads = threads or len(jobs)
    barrier = threading.Barrier(threads)
    errors = []
    chunks = [jobs[index::threads] for index in range(threads)]

    def work(chunk):
        barrier.wait()
        try:
            for job in chunk:
                job()
        except Exception as error:  # noqa: BLE001 - reported to the test
            errors.append(error)
        finally:
            connections.close_all()

    started = [threading.Thread(target=work, args=(chunk,)) for chunk in chunks]
    for thread in started:
        thread.start()
    for thread in started:
        thread.join()
    return errors


def sign_in(context, site_url, user):
    """Give a browser context the session of `user`, as a sign-in would (a test client's)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    host = site_url.split("://", 1)[1].split(":", 1)[0]
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "domain": host,
                "path": "/",
            }
        ]
    )


def signed_in_page(browser, site_url, user, timeout=30_000):
    """A new tab (desktop size, Dutch) in a browser context signed in as `user`."""
    context = browser.new_context(base_url=site_url, viewport=DESKTOP, locale="nl-NL")
    context.set_default_timeout(timeout)
    sign_in(context, site_url, user)
    return context.new_page()
