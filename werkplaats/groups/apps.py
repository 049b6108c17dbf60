from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    # "groups" alone would clash with django.contrib.auth's Group in people's heads, not in
    # Django: the label stays "groups" because it is the app's name in DESIGN.md.
    name = "werkplaats.groups"
    label = "groups"
    verbose_name = _("Learning groups")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401
