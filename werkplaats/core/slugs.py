"""Free names for URLs and mentions: "dilemma", then "dilemma-2", "dilemma-3"…"""

from django.utils.text import slugify


def first_free(base, taken):
    """`base` if it is not in `taken`, else `base-N` with the lowest free N from 2."""
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def unique_slug(model, title, exclude_pk=None):
    """A free slug for `model` made from the title: "dilemma", then "dilemma-2"…"""
    max_length = model._meta.get_field("slug").max_length
    base = (slugify(title) or model._meta.model_name)[: max_length - 6].strip("-")
    taken = model.objects.filter(slug__startswith=base)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    return first_free(base, set(taken.values_list("slug", flat=True)))
