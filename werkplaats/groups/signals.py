"""Clear the anonymous page cache when what the public group pages show changes.

/groepen/ and /groepen/<slug>/ show groups, their learning questions, member counts and work
programmes; theme pages list the groups of their theme.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from werkplaats.core.cache import clear_page_cache
from werkplaats.core.files import delete_after_commit
from werkplaats.network.models import Person

from .models import (
    LearningGroup,
    LearningQuestion,
    MemberRole,
    Membership,
    SharedFile,
    WorkProgramme,
)

for model in (LearningGroup, LearningQuestion, Membership, WorkProgramme):
    post_save.connect(clear_page_cache, sender=model, dispatch_uid=f"pagecache-{model.__name__}")
    post_delete.connect(
        clear_page_cache, sender=model, dispatch_uid=f"pagecache-del-{model.__name__}"
    )
# Themes and municipalities are many-to-many: saving the group does not cover changing them.
for through in (LearningGroup.themes.through, LearningGroup.municipalities.through):
    m2m_changed.connect(clear_page_cache, sender=through, dispatch_uid=f"pagecache-{through}")


def clear_page_cache_for_lead(sender, instance, **kwargs):
    """Group pages show a lead's name to visitors when the lead made it public: a lead who
    renames or hides their name must not stay visible in a cached page."""
    if Membership.objects.current().filter(person=instance, role=MemberRole.LEAD).exists():
        clear_page_cache()


post_save.connect(clear_page_cache_for_lead, sender=Person, dispatch_uid="pagecache-group-lead")


def delete_stored_file(sender, instance, **kwargs):
    """A shared file's content leaves the private storage with its row, however the row went
    (removed by a member, or with its group or post), once the deletion is committed."""
    delete_after_commit(instance.file.storage, instance.file.name)


post_delete.connect(delete_stored_file, sender=SharedFile, dispatch_uid="shared-file-content")
