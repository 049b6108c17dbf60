from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "werkplaats.library"
    label = "library"
    verbose_name = _("Library")

    def ready(self):
        from . import search_signals, signals  # noqa: F401
