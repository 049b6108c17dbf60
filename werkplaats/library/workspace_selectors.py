"""The reads behind the library's member pages: a group's entries, the review queue, histories.

Query counts are decided here: lists select and prefetch what their rows show.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Subquery

from .models import PracticeItem, Product, ReviewStatus, Version

KIND_MODELS = {"praktijkkennis": PracticeItem, "producten": Product}


def kind_of(entry):
    return "producten" if isinstance(entry, Product) else "praktijkkennis"


def group_entries(group, kind=None):
    """(practice items, products) of a group as querysets, newest first; `kind` limits to one of
    them (the other is None)."""
    items = products = None
    if kind in (None, "praktijkkennis"):
        items = (
            PracticeItem.objects.filter(group=group)
            .select_related("created_by")
            .order_by("-updated_at", "-pk")
        )
    if kind in (None, "producten"):
        products = (
            Product.objects.filter(groups=group)
            .prefetch_related("authors")
            .order_by("-updated_at", "-pk")
        )
    return items, products


def _waiting_since(model):
    """The time of an entry's latest history line: for a waiting entry, when it was asked
    (or last changed while waiting, which is what the reviewer will read)."""
    content_type = ContentType.objects.get_for_model(model)
    latest = Version.objects.filter(content_type=content_type, object_id=OuterRef("pk")).order_by(
        "-number"
    )
    return Subquery(latest.values("created_at")[:1])


def review_queue():
    """Every entry waiting for a coordinator's review, oldest request first."""
    entries = []
    for model in (PracticeItem, Product):
        queryset = model.objects.filter(review_status=ReviewStatus.PENDING).annotate(
            waiting_since=_waiting_since(model)
        )
        if model is PracticeItem:
            queryset = queryset.select_related("group", "created_by")
        else:
            queryset = queryset.select_related("created_by").prefetch_related("groups")
        entries += list(queryset)
    return sorted(entries, key=lambda entry: (entry.waiting_since or entry.created_at, entry.pk))


def versions(entry):
    return list(entry.versions.select_related("author").order_by("-number"))
