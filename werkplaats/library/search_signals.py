"""Keep the site search's index (search_index.py) up to date: an entry is written in the same
transaction as the change to its object, so the search never finds what a rolled-back change
wrote, and finds a saved change at once.

What an entry holds, and so what rewrites it:
- its own fields (post_save, post_delete);
- its themes and municipalities (many-to-many: saving the object does not cover them);
- the text of related objects it is found by: a product's files (their extracted text), a
  group's learning questions, a practice item's group name, an activity's venue;
- a page only while it is live: published, unpublished, deleted.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from werkplaats.activities.models import Activity, Venue
from werkplaats.groups.models import LearningGroup, LearningQuestion

from . import search_index
from .models import PracticeItem, Product, ProductFile

MODELS = {
    Product: "product",
    PracticeItem: "practice",
    LearningGroup: "group",
    Activity: "activity",
}


def _saved(source):
    def handler(sender, instance, raw=False, **kwargs):
        if not raw:
            search_index.update(source, [instance.pk])

    return handler


def _deleted(source):
    def handler(sender, instance, **kwargs):
        search_index.remove(source, [instance.pk])

    return handler


def _relations_changed(source):
    def handler(sender, instance, action, reverse, pk_set, **kwargs):
        if action not in ("post_add", "post_remove", "post_clear"):
            return
        if not reverse:
            search_index.update(source, [instance.pk])
        elif pk_set:  # e.g. products added to a theme from the theme's side
            search_index.update(source, pk_set)

    return handler


for model, source in MODELS.items():
    # weak=False: the handlers are made here and kept by nothing else.
    post_save.connect(_saved(source), sender=model, weak=False, dispatch_uid=f"search-{source}")
    post_delete.connect(
        _deleted(source), sender=model, weak=False, dispatch_uid=f"search-del-{source}"
    )
    changed = _relations_changed(source)
    for name in ("themes", "municipalities"):
        if hasattr(model, name):
            through = getattr(model, name).through
            m2m_changed.connect(
                changed, sender=through, weak=False, dispatch_uid=f"search-{through}"
            )


def update_product_of_file(sender, instance, raw=False, **kwargs):
    if not raw:
        search_index.update("product", [instance.product_id])


def update_group_of_question(sender, instance, raw=False, **kwargs):
    if not raw:
        search_index.update("group", [instance.group_id])


# What related entries are found by: a group's name (its practice items), a venue's name, place
# and municipality (its activities). Only a change of these rewrites them: a group may have
# thousands of practice items.
FOUND_BY = {LearningGroup: ("name",), Venue: ("name", "city", "municipality_id")}


def remember_found_by(sender, instance, raw=False, **kwargs):
    fields = FOUND_BY[sender]
    old = None
    if not raw and instance.pk is not None:
        old = sender.objects.filter(pk=instance.pk).values_list(*fields).first()
    instance._search_found_by = old


def _found_by_changed(sender, instance):
    old = getattr(instance, "_search_found_by", None)
    return old is not None and old != tuple(getattr(instance, name) for name in FOUND_BY[sender])


def update_practice_of_group(sender, instance, raw=False, **kwargs):
    if not raw and _found_by_changed(sender, instance):
        search_index.update("practice", instance.practice_items.values_list("pk", flat=True))


def update_activities_at_venue(sender, instance, raw=False, **kwargs):
    if not raw and _found_by_changed(sender, instance):
        search_index.update("activity", instance.activities.values_list("pk", flat=True))


for model in FOUND_BY:
    pre_save.connect(remember_found_by, sender=model, dispatch_uid=f"search-was-{model.__name__}")


for handler, model in (
    (update_product_of_file, ProductFile),
    (update_group_of_question, LearningQuestion),
):
    post_save.connect(handler, sender=model, dispatch_uid=f"search-{model.__name__}")
    post_delete.connect(handler, sender=model, dispatch_uid=f"search-del-{model.__name__}")
post_save.connect(update_practice_of_group, sender=LearningGroup, dispatch_uid="search-group-name")
post_save.connect(update_activities_at_venue, sender=Venue, dispatch_uid="search-venue")


def update_page(sender, instance, **kwargs):
    search_index.update("page", [instance.pk])


def remove_page(sender, instance, **kwargs):
    if isinstance(instance, Page):
        search_index.remove("page", [instance.pk])


page_published.connect(update_page, dispatch_uid="search-page-published")
page_unpublished.connect(update_page, dispatch_uid="search-page-unpublished")
post_delete.connect(remove_page, dispatch_uid="search-page-deleted")
