import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "werkplaats.settings.production")
application = get_wsgi_application()

# After Django is set up: anonymous visitors' kept pages are answered before Django's own
# request handling (werkplaats/core/cache.py).
from werkplaats.core.cache import PageCacheApplication  # noqa: E402

application = PageCacheApplication(application)
