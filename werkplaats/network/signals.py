"""Clear the anonymous page cache when what visitors see of the network changes, and remove a
person's photo with the person.

The partners page and the footer of every page show organisations, their partnerships and
municipalities. Person pages are never put in the shared cache (see views/profiles.py).
"""

from django.db.models.signals import post_delete, post_save

from werkplaats.core.cache import clear_page_cache
from werkplaats.core.files import delete_after_commit

from .models import Municipality, Organisation, Partnership, Person

for model in (Organisation, Partnership, Municipality):
    post_save.connect(clear_page_cache, sender=model, dispatch_uid=f"pagecache-{model.__name__}")
    post_delete.connect(
        clear_page_cache, sender=model, dispatch_uid=f"pagecache-del-{model.__name__}"
    )


def delete_photo_file(sender, instance, **kwargs):
    """A person's photo leaves the private storage with the person, once that is committed."""
    delete_after_commit(instance.photo.storage, instance.photo.name)


post_delete.connect(delete_photo_file, sender=Person, dispatch_uid="person-photo-file")
