"""Clear the anonymous page cache when what visitors see of the network changes.

The partners page and the footer of every page show organisations, their partnerships and
municipalities. Person pages are never put in the shared cache (see views/profiles.py).
"""

from django.db.models.signals import post_delete, post_save

from werkplaats.core.cache import clear_page_cache

from .models import Municipality, Organisation, Partnership

for model in (Organisation, Partnership, Municipality):
    post_save.connect(clear_page_cache, sender=model, dispatch_uid=f"pagecache-{model.__name__}")
    post_delete.connect(
        clear_page_cache, sender=model, dispatch_uid=f"pagecache-del-{model.__name__}"
    )
