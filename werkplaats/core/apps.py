from django.apps import AppConfig
from django.core.signals import request_finished, request_started


class CoreConfig(AppConfig):
    name = "werkplaats.core"
    label = "core"
    verbose_name = "Werkplaats core"

    def ready(self):
        from .cache import end_request_memo, start_request_memo

        request_started.connect(start_request_memo, dispatch_uid="page-cache-memo-start")
        request_finished.connect(end_request_memo, dispatch_uid="page-cache-memo-end")
