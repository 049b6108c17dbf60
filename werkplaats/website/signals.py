"""Clear the anonymous page cache whenever what visitors see may have changed."""

from django.db.models.signals import post_delete, post_save
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from werkplaats.core.cache import clear_page_cache

from .models import SiteSettings

page_published.connect(clear_page_cache, dispatch_uid="pagecache-published")
page_unpublished.connect(clear_page_cache, dispatch_uid="pagecache-unpublished")
page_slug_changed.connect(clear_page_cache, dispatch_uid="pagecache-slug")
post_page_move.connect(clear_page_cache, dispatch_uid="pagecache-moved")
post_delete.connect(clear_page_cache, sender=Page, dispatch_uid="pagecache-deleted")
# A view restriction makes pages private (or public again): cached copies must not outlive it.
# The sites themselves: their host names and root pages (see middleware.py).
for model in (SiteSettings, get_image_model(), PageViewRestriction, Site):
    post_save.connect(clear_page_cache, sender=model, dispatch_uid=f"pagecache-{model.__name__}")
    post_delete.connect(
        clear_page_cache, sender=model, dispatch_uid=f"pagecache-del-{model.__name__}"
    )
