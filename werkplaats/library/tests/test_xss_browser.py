"""An XSS payload corpus in every field of the library executes nothing in a real browser.

Every text a member can write — title, summary, body, description, the transferable
description, other authors, a file's title, a guarded name, a version note, a reviewer's note —
holds a payload that would set `window.__xss` (or open a dialog) if the browser ran it. The
library's public pages, the search, the member pages (share with the privacy guard's marks,
history and an old version's diff) and the coordinator's review are opened; none may run it.
Plain text is rendered escaped everywhere: no field accepts HTML, so there is nothing to
sanitise and nothing to slip through.

Run with `pytest -m browser`.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from werkplaats.core.testing import follow, signed_in_page

from .file_helpers import pdf_bytes

pytestmark = pytest.mark.browser

# One marker word per payload so the search finds the entry; each payload tries another way in.
PAYLOADS = [
    "<script>window.__xss = 1</script>",
    '"><img src=x onerror="window.__xss = 2">',
    '<svg onload="window.__xss = 3"></svg>',
    "</textarea><script>window.__xss = 4</script>",
    '<a href="javascript:window.__xss = 5" id=xsslink>klik</a>',
    '<iframe srcdoc="<script>parent.__xss = 6</script>"></iframe>',
    '\'-alert(7)-\' " onmouseover="window.__xss = 8" x="',
    "<mark>leerkring</mark><style>body{display:none}</style>",
    "{{ 7|add:7 }} {% now 'Y' %} ${7*7}",
]
CORPUS = " ".join(PAYLOADS)


def _text(prefix):
    return f"{prefix} leerkring samenspel {CORPUS}"


@pytest.fixture
def hostile_library(site_url):
    from werkplaats.groups.tests.factories import LeadFactory, LearningGroupFactory
    from werkplaats.library import file_services, services
    from werkplaats.library.models import Licence, PracticeKind, ProductKind, Visibility
    from werkplaats.network.tests.factories import CoordinatorFactory, PersonFactory

    group = LearningGroupFactory(name="Werkteam Samenspel")
    lead = LeadFactory(group=group, person__first_name="Lotte").person
    coordinator = PersonFactory(user=CoordinatorFactory(), first_name="Carla")
    services.add_guarded_name(lead, group, "<script>window.__xss = 9</script>")
    item = services.create_practice_item(
        lead,
        group,
        kind=PracticeKind.DILEMMA,
        title=("Dilemma " + PAYLOADS[1])[:200],
        summary=_text("Samenvatting")[:400],
        body=_text("Tekst") + " Bel 06-12345678.",
    )
    product = services.create_product(
        lead,
        relations={"groups": [group], "practice_items": [item]},
        kind=ProductKind.PUBLICATION,
        title=("Bundel " + PAYLOADS[0])[:200],
        summary=_text("Samenvatting")[:400],
        description=_text("Beschrijving"),
        author_names=PAYLOADS[2][:300],
        year=2017,
        licence=Licence.CC_BY,
        **{name: _text(name) for name in ("aim", "target_group", "approach", "working_elements")},
        results=_text("Resultaten"),
        conditions=_text("Voorwaarden"),
        requirements=_text("Nodig"),
        contact=_text("Contact")[:1000],
    )
    file_services.add_product_file(
        lead,
        product,
        SimpleUploadedFile("bundel.pdf", pdf_bytes("Samenspel"), content_type="application/pdf"),
        title=PAYLOADS[4][:200],
    )
    services.update_entry(
        lead, product, summary=("Nieuwe samenvatting " + CORPUS)[:400], note=PAYLOADS[3][:300]
    )
    services.share(coordinator, product, Visibility.PUBLIC)
    # The dilemma is shared with the members, the lead having marked its phone number.
    services.mark_not_personal(
        lead, item, services.privacy_findings(item, Visibility.MEMBERS)[0].key, "leden"
    )
    services.share(lead, item, Visibility.MEMBERS)
    item.refresh_from_db()
    return {"group": group, "lead": lead, "coordinator": coordinator, "item": item,
            "product": product}  # fmt: skip


def _assert_nothing_ran(page, where, dialogs):
    ran = page.evaluate("() => window.__xss || null")
    hidden = page.evaluate("() => getComputedStyle(document.body).display")
    assert ran is None, f"a payload ran on {where}: window.__xss = {ran}"
    assert dialogs == [], f"a payload opened a dialog on {where}: {dialogs}"
    assert hidden != "none", f"an injected style hid {where}"
    # The payloads are shown as text, not taken as markup.
    assert page.locator("#xsslink").count() == 0, f"an injected link exists on {where}"


def test_no_payload_runs_on_any_library_page(browser, site_url, hostile_library):
    from werkplaats.library.models import Visibility

    item, product = hostile_library["item"], hostile_library["product"]
    version = product.versions.last().number
    member_pages = [
        "/bibliotheek/",
        f"/bibliotheek/producten/{product.slug}/",
        f"/bibliotheek/producten/{product.slug}/afdrukken/",
        f"/bibliotheek/producten/{product.slug}/doorsturen/",
        f"/bibliotheek/praktijkkennis/{item.slug}/",
        "/zoeken/?q=samenspel",
        "/zoeken/?q=" + "%3Cscript%3Ewindow.__xss%3D10%3C%2Fscript%3E",
        f"/mijn/groepen/{hostile_library['group'].slug}/kennis/",
        f"/mijn/groepen/{hostile_library['group'].slug}/privacy/",
        f"/mijn/bibliotheek/praktijkkennis/{item.slug}/bewerken/",
        f"/mijn/bibliotheek/praktijkkennis/{item.slug}/delen/",
        f"/mijn/bibliotheek/producten/{product.slug}/bewerken/",
        f"/mijn/bibliotheek/producten/{product.slug}/bestanden/",
        f"/mijn/bibliotheek/producten/{product.slug}/versies/",
        f"/mijn/bibliotheek/producten/{product.slug}/versies/{version}/",
    ]
    tab = signed_in_page(browser, site_url, hostile_library["lead"].user)
    dialogs = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in member_pages:
        response = tab.goto(path)
        assert response.status == 200, path
        tab.hover("h1")
        _assert_nothing_ran(tab, path, dialogs)

    # The coordinator reviews the dilemma (asked to be public) with its marked finding.
    from werkplaats.library import services

    lead, coordinator = hostile_library["lead"], hostile_library["coordinator"]
    phone = services.privacy_findings(item, Visibility.PUBLIC)[0]
    services.mark_not_personal(coordinator, item, phone.key, Visibility.PUBLIC)
    services.share(lead, item, Visibility.PUBLIC)
    # A name the group adds afterwards is marked on the review page.
    services.add_guarded_name(lead, hostile_library["group"], "leerkring")
    review = signed_in_page(browser, site_url, hostile_library["coordinator"].user)
    review.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in ["/mijn/bibliotheek/beoordelen/",
                 f"/mijn/bibliotheek/beoordelen/praktijkkennis/{item.slug}/"]:  # fmt: skip
        response = review.goto(path)
        assert response.status == 200, path
        _assert_nothing_ran(review, path, dialogs)
    # A reviewer's note with a payload, shown back to the group.
    review.get_by_role("textbox").first.fill(PAYLOADS[5])
    follow(review, review.locator("button[value=reject]"))
    tab.goto(f"/mijn/bibliotheek/praktijkkennis/{item.slug}/delen/")
    _assert_nothing_ran(tab, "the share page with the reviewer's note", dialogs)

    # A visitor sees the public product and the search.
    visitor = browser.new_page(base_url=site_url)
    visitor.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in [f"/bibliotheek/producten/{product.slug}/", "/zoeken/?q=leerkring"]:
        response = visitor.goto(path)
        assert response.status == 200, path
        _assert_nothing_ran(visitor, f"{path} (visitor)", dialogs)
