"""Messages of Django itself that its Dutch catalogue lacks in this version (the msgid changed in
5.2.x). Listed here only so `makemessages` puts them in accounts/locale, where they are
translated; nothing calls this."""

from django.utils.translation import ngettext


def _missing_in_djangos_dutch_catalogue():  # pragma: no cover
    ngettext(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        8,
    )
