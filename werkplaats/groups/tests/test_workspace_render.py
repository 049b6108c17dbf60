"""How a post's text becomes HTML, and what name a shared file is saved under."""

import pytest

from werkplaats.groups.filetypes import KINDS, download_name
from werkplaats.groups.templatetags.workspace_tags import render_body


def test_text_is_escaped():
    html = render_body('<img src=x onerror="alert(1)"> & <b>vet</b>')
    assert "<img" not in html and "<b>" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &lt;b&gt;vet&lt;/b&gt;" in html


def test_blank_line_makes_paragraphs_and_line_breaks_are_kept():
    assert render_body("een\ntwee\n\ndrie") == "<p>een<br>twee</p><p>drie</p>"


def test_url_is_linked_without_the_full_stop_after_it():
    html = render_body("Zie https://example.org/pad?a=1&b=2.")
    assert html == (
        '<p>Zie <a href="https://example.org/pad?a=1&amp;b=2" rel="nofollow noopener noreferrer">'
        "https://example.org/pad?a=1&amp;b=2</a>.</p>"
    )


def test_url_in_parentheses_keeps_its_own_parentheses():
    html = render_body("(zie https://nl.wikipedia.org/wiki/Wijkteam_(zorg))")
    assert 'href="https://nl.wikipedia.org/wiki/Wijkteam_(zorg)"' in html
    assert html.endswith("</a>)</p>")


def test_www_address_is_linked_over_https():
    assert 'href="https://www.example.org"' in render_body("Kijk op www.example.org")


def test_quote_cannot_break_out_of_the_link():
    html = render_body('https://example.org/"onmouseover="alert(1)')
    assert 'href="https://example.org/"' in html
    assert 'onmouseover="' not in html


@pytest.mark.parametrize("text", ["javascript:alert(1)", "data:text/html,<b>x</b>", "ftp://x.org"])
def test_other_schemes_are_not_linked(text):
    assert "<a " not in render_body(text)


def test_only_recorded_mentions_are_linked():
    html = render_body("Hoi @Anne en @piet, mail info@anne.nl", ["anne"])
    assert html.count("<a ") == 1
    assert 'class="mention" href="/mensen/anne/">@Anne</a>' in html
    assert "@piet" in html


@pytest.mark.parametrize(
    ("uploaded", "saved"),
    [
        ("verslag.pdf", "verslag.pdf"),
        ("Verslag.PDF", "Verslag.pdf"),
        ("../../geheim.pdf", "geheim.pdf"),
        ("regel\r\neen.pdf", "regeleen.pdf"),
        ("pagina.html", "pagina.html.pdf"),
        ("", "bestand.pdf"),
    ],
)
def test_download_name_is_safe_and_matches_the_kind(uploaded, saved):
    assert download_name(uploaded, KINDS["pdf"]) == saved


def test_long_download_name_keeps_its_extension():
    name = download_name("a" * 300 + ".docx", KINDS["docx"])
    assert len(name) == 255
    assert name.endswith(".docx")
