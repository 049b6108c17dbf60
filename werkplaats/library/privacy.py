"""The privacy guard: direct identifiers of clients in a text, found before it leaves the group.

What it looks for (issue 5): BSN numbers that pass the 11-proef, phone numbers, e-mail
addresses, dates of birth, a postcode with a house number, and the names a group keeps in its
list. It errs on the side of finding too much: a reviewer can mark a finding as not personal
(the phone number of a municipality's front desk), and then it no longer blocks publishing.

Dates: a full date counts as a date of birth when the text says so ("geboren", "geb.",
"geboortedatum") or when it lies more than `OLD_DATE_YEARS` years back, which the dates of the
Werkplaats's own meetings and projects do not.
"""

import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KIND_LABELS = {
    "bsn": _("BSN (citizen service number)"),
    "phone": _("phone number"),
    "email": _("e-mail address"),
    "birth_date": _("date of birth"),
    "address": _("postcode and house number"),
    "name": _("name from the group's list"),
}

OLD_DATE_YEARS = 15

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "april": 4,
    "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip

_BSN = re.compile(
    r"(?<![\d.\-])(\d{4}[.\s]?\d{2}[.\s]?\d{3}|\d{3}[.\s]?\d{2}[.\s]?\d{3}[.\s]?\d)(?![\d\-])"
)
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+", re.UNICODE)
# Dutch numbers: 06-12345678, 06 1234 5678, 020-1234567, 0513 123456, +31 6 12345678,
# 0031 20 123 4567, 088-1234567; 10 digits after the leading 0 (or 9 after +31/0031).
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)31[\s\-.]?(?:\(0\)[\s\-.]?)?|0)(?:[\s\-.()]*\d){9}(?!\d)"
)
_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})[\-/.](\d{1,2})[\-/.](\d{4})(?!\d)")
_WORD_DATE = re.compile(
    r"(?<!\d)(\d{1,2})\s+("
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + r")\.?\s+(\d{4})(?!\d)",
    re.IGNORECASE,
)
_BIRTH_CONTEXT = re.compile(r"(geboren|geb\.|geboortedatum|geb\s|d\.o\.b|dob)\W*$", re.IGNORECASE)
# A postcode (1234 AB) with a house number right after it, or a number right before it
# ("Dorpsstraat 12, 1234 AB"). The letters are capitals, as postcodes are written: "2014 en
# 2015" is no address. SS, SA and SD are never issued, but that is no reason to miss.
_POSTCODE_NUMBER = re.compile(
    r"\b[1-9]\d{3}\s?[A-Z]{2}\b[\s,]+\d{1,5}(?:\s?[A-Za-z]\b|-\d+)?"
    r"|\b[A-Za-zÀ-ÿ'\-]+\s\d{1,5}(?:\s?[A-Za-z]\b)?,?\s+[1-9]\d{3}\s?[A-Z]{2}\b"
)


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str
    start: int
    end: int

    @property
    def label(self):
        return KIND_LABELS[self.kind]

    @property
    def key(self):
        return f"{self.kind}:{normalise(self.text)}"


def normalise(text):
    return " ".join(text.lower().split())


def is_valid_bsn(value):
    """The 11-proef: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is divisible by 11 (and not all zeros)."""
    digits = [int(c) for c in value if c.isdigit()]
    if len(digits) == 8:
        digits = [0, *digits]
    if len(digits) != 9 or not any(digits):
        return False
    total = sum(weight * digit for weight, digit in zip(range(9, 1, -1), digits[:8], strict=True))
    return (total - digits[8]) % 11 == 0


def _plausible_date(day, month, year):
    return 1 <= day <= 31 and 1 <= month <= 12 and 1900 <= year <= timezone.localdate().year


def _dates(text):
    for pattern in (_NUMERIC_DATE, _WORD_DATE):
        for match in pattern.finditer(text):
            day, month, year = match.groups()
            month = int(month) if month.isdigit() else MONTHS[month.lower()]
            day, year = int(day), int(year)
            if not _plausible_date(day, month, year):
                continue
            before = text[max(0, match.start() - 25) : match.start()]
            old = year <= timezone.localdate().year - OLD_DATE_YEARS
            if old or _BIRTH_CONTEXT.search(before):
                yield Finding("birth_date", match.group(0), match.start(), match.end())


def _names(text, names):
    for name in names:
        name = name.strip()
        if not name:
            continue
        pattern = re.compile(
            r"(?<!\w)" + r"\s+".join(map(re.escape, name.split())) + r"(?!\w)", re.IGNORECASE
        )
        for match in pattern.finditer(text):
            yield Finding("name", match.group(0), match.start(), match.end())


def scan(text, names=(), waived=()):
    """Every finding in `text`, in order, without overlaps and without the waived ones.

    `names` are the group's guarded names; `waived` the keys (`Finding.key`) a reviewer marked
    as not personal.
    """
    text = text or ""
    found = []
    found += [Finding("email", m.group(0), m.start(), m.end()) for m in _EMAIL.finditer(text)]
    found += [
        Finding("bsn", m.group(0), m.start(), m.end())
        for m in _BSN.finditer(text)
        if is_valid_bsn(m.group(0))
    ]
    found += [Finding("phone", m.group(0), m.start(), m.end()) for m in _PHONE.finditer(text)]
    found += list(_dates(text))
    found += [
        Finding("address", m.group(0), m.start(), m.end()) for m in _POSTCODE_NUMBER.finditer(text)
    ]
    found += list(_names(text, names))
    waived = set(waived)
    result = []
    # Longest first at the same place, so "06 12345678" is not also a shorter BSN-like match.
    for finding in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if result and finding.start < result[-1].end:
            continue
        if finding.key in waived:
            continue
        result.append(finding)
    return result


def highlight(text, findings):
    """`text` as safe HTML with each finding wrapped in <mark> and numbered."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    parts = []
    position = 0
    for number, finding in enumerate(findings, start=1):
        parts.append(escape(text[position : finding.start]))
        parts.append(
            f'<mark class="privacy-finding" id="vondst-{number}" '
            f'title="{escape(finding.label)}">{escape(finding.text)}</mark>'
        )
        position = finding.end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))
