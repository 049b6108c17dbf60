from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "werkplaats.activities"
    label = "activities"
    verbose_name = _("Activities")

    def ready(self):
        from . import signals  # noqa: F401
