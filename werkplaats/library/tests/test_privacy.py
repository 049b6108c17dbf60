"""The privacy guard finds direct identifiers of clients, and only those."""

import datetime

import pytest

from werkplaats.library.privacy import highlight, is_valid_bsn, scan


def kinds(text, **kwargs):
    return [(finding.kind, finding.text) for finding in scan(text, **kwargs)]


@pytest.mark.parametrize("bsn", ["111222333", "123456782", "999999990", "1112.22.333"])
def test_valid_bsns_pass_the_eleven_test(bsn):
    assert is_valid_bsn(bsn)


@pytest.mark.parametrize("number", ["123456789", "111222334", "000000000", "12345678901"])
def test_invalid_bsns_fail_the_eleven_test(number):
    assert not is_valid_bsn(number)


def test_a_valid_bsn_in_a_text_is_found():
    assert kinds("Cliënt met BSN 123456782 meldt zich.") == [("bsn", "123456782")]


def test_a_bsn_written_with_dots_is_found():
    assert kinds("bsn: 1234.56.782 volgens dossier") == [("bsn", "1234.56.782")]


def test_nine_digits_that_fail_the_eleven_test_are_no_bsn():
    assert kinds("Projectnummer 123456789 van de gemeente.") == []


@pytest.mark.parametrize(
    "phone",
    [
        "06-12345678",
        "06 1234 5678",
        "020-1234567",
        "+31 6 12345678",
        "0031 20 123 4567",
        "(0513) 123456",
    ],
)
def test_dutch_phone_numbers_are_found(phone):
    found = kinds(f"Bel haar op {phone} na vijven.")
    assert [kind for kind, _text in found] == ["phone"]


def test_years_and_counts_are_no_phone_numbers():
    assert kinds("In 2019 kwamen 120 mensen naar 3 bijeenkomsten.") == []


def test_email_addresses_are_found():
    assert kinds("Mail j.jansen@gmail.com even.") == [("email", "j.jansen@gmail.com")]


def test_a_date_said_to_be_a_birth_date_is_found():
    assert kinds("Mevrouw, geboren 12-03-2021, woont alleen.") == [("birth_date", "12-03-2021")]


def test_a_written_out_old_date_is_found():
    assert kinds("Sinds 4 mei 1948 woont hij daar.") == [("birth_date", "4 mei 1948")]


def test_a_recent_meeting_date_is_not_a_birth_date():
    this_year = datetime.date.today().year
    assert kinds(f"Op 12 maart {this_year - 1} kwam de leerkring bijeen.") == []


def test_postcode_with_house_number_is_found():
    assert [kind for kind, _ in kinds("Adres: 9251 AB 12, Burgum")] == ["address"]
    assert [kind for kind, _ in kinds("Hoofdstraat 12, 9251 AB Burgum")] == ["address"]


def test_years_joined_by_a_short_word_are_not_an_address():
    assert kinds("In 2014 en 2015 kwam de leerkring zes keer bijeen.") == []


def test_a_postcode_alone_is_not_an_address():
    assert kinds("Het gebied rond 9251 AB is landelijk.") == []


def test_names_from_the_group_list_are_found_whatever_the_case():
    found = kinds("We spraken met mevrouw de Boer en MEVROUW DE BOER zelf.", names=["de Boer"])
    assert found == [("name", "de Boer"), ("name", "DE BOER")]


def test_a_guarded_name_inside_another_word_is_not_found():
    assert kinds("Een boerderij aan de rand.", names=["Boer"]) == []


def test_waived_findings_are_left_out():
    text = "Bel de Sociale Wijkteams op 088-1234567."
    (finding,) = scan(text)
    assert scan(text, waived={finding.key}) == []


def test_highlight_marks_findings_and_escapes_the_rest():
    text = "<b>Bel</b> 06-12345678"
    html = highlight(text, scan(text))
    assert html.startswith("&lt;b&gt;Bel&lt;/b&gt; <mark")
    assert ">06-12345678</mark>" in html
