"""Clear the anonymous page cache when what visitors see of the library changes.

/bibliotheek/ and its entry and organisation pages are cached whole for visitors
(werkplaats.core.cache). They show the entries with their themes, municipalities, groups,
files and links between entries; the names of authors who show them to visitors; and, on an
organisation's page, what its people contributed (their affiliations and who may see them).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from werkplaats.core.cache import clear_page_cache
from werkplaats.core.files import delete_after_commit
from werkplaats.network.models import Affiliation, Person

from .models import PracticeItem, Product, ProductFile

for model in (PracticeItem, Product, ProductFile, Affiliation):
    post_save.connect(clear_page_cache, sender=model, dispatch_uid=f"pagecache-{model.__name__}")
    post_delete.connect(
        clear_page_cache, sender=model, dispatch_uid=f"pagecache-del-{model.__name__}"
    )
# Saving an entry does not cover changing its many-to-many relations.
for model, names in (
    (Product, ("themes", "municipalities", "authors", "groups", "learning_questions")),
    (Product, ("practice_items",)),
    (PracticeItem, ("themes", "municipalities", "answers_to", "learning_questions")),
):
    for name in names:
        through = getattr(model, name).through
        m2m_changed.connect(clear_page_cache, sender=through, dispatch_uid=f"pagecache-{through}")


def clear_page_cache_for_contributor(sender, instance, **kwargs):
    """A product page shows an author's name to visitors when the author made it public, and
    an organisation's page lists what its people made when they show their organisations: an
    author who hides either must not stay visible in a cached page."""
    if (
        Product.authors.through.objects.filter(person=instance).exists()
        or PracticeItem.objects.filter(created_by=instance).exists()
    ):
        clear_page_cache()


post_save.connect(
    clear_page_cache_for_contributor, sender=Person, dispatch_uid="pagecache-library-contributor"
)


def delete_stored_file(sender, instance, **kwargs):
    """A product file's stored content goes with its row (also when the whole product is
    deleted), once the deletion is committed."""
    delete_after_commit(instance.file.storage, instance.file.name)


post_delete.connect(delete_stored_file, sender=ProductFile, dispatch_uid="library-file-delete")
