"""Interface language: Dutch unless the visitor chose English with the language switch.

Django's LocaleMiddleware also follows the browser's Accept-Language header. We do not: the
content is Dutch, and an English interface around it should be a choice, not a surprise. It
also keeps the page cache simple (one entry per chosen language).
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


def language_from_request(request):
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in dict(settings.LANGUAGES):
        return chosen
    return settings.LANGUAGE_CODE


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response
