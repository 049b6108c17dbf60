from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "werkplaats.core"
    label = "core"
    verbose_name = "Werkplaats core"
