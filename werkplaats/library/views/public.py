"""The public library (/bibliotheek/): the list of products and practice knowledge, a
product's page and its printable version, a practice item's page, and per organisation what
its people contributed.

Visitors, members and coordinators use the same pages; each sees what `visible_to(user)`
allows. An entry the viewer may not see answers 404, as if it did not exist.

Caching: for visitors these pages are kept whole in the anonymous page cache
(werkplaats.core.cache), which library/signals.py clears when an entry, its files, an author's
profile or an affiliation changes. Signed-in people are never served from that cache and their
pages (which show more, and edit links) are marked private so no shared cache keeps them.
"""

from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from werkplaats.core.fragments import content_key, render_one
from werkplaats.core.pagination import paginate
from werkplaats.network.permissions import is_member

from .. import permissions, selectors
from ..cards import entry_cards
from ..filters import LibraryFilterForm

PER_PAGE = 20
# What a reader calls a file, by its content type; anything else shows its subtype.
FILE_TYPES = {
    "application/pdf": "PDF",
    "application/msword": "Word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.ms-powerpoint": "PowerPoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "application/vnd.ms-excel": "Excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.oasis.opendocument.text": "OpenDocument",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/webp": "WebP",
    "text/plain": "Text",
}


def file_type_label(content_type):
    content_type = (content_type or "").split(";")[0].strip().lower()
    if content_type in FILE_TYPES:
        return FILE_TYPES[content_type]
    return content_type.rsplit("/", 1)[-1].upper() or "?"


def _respond(request, template, context):
    response = render(request, template, context)
    if request.user.is_authenticated:
        patch_cache_control(response, private=True)
    return response


# The filter's four lists, rendered once per choice of values and kept until the content changes
# (core/fragments.py): Django renders every option of a list through templates, which made the
# fields a third of a library page's time.
FILTER_FIELDS_TEMPLATE = "library/includes/filter_fields.html"


def _list_context(request, organisation=None):
    choices = {
        "themes": selectors.filter_themes(),
        "municipalities": selectors.filter_municipalities(),
        "years": selectors.filter_years(),
    }
    form = LibraryFilterForm(request.GET or None, **choices)
    filters = form.filters()
    page_obj = paginate(
        request,
        selectors.library_entries(request.user, filters, organisation=organisation),
        PER_PAGE,
    )
    return {
        "form": form,
        "filter_fields": render_one(
            FILTER_FIELDS_TEMPLATE,
            # Shown and kept by the understood values only: a made-up one selects nothing and
            # marks no field invalid (the page says it was left out), and adds no kept copy.
            key=content_key(*filters.values()),
            context=lambda: {"form": LibraryFilterForm(form.understood() or None, **choices)},
        ),
        "filters": filters,
        "is_filtered": any(filters.values()),
        "ignored_filters": form.ignored(),
        "page_obj": page_obj,
        "cards": entry_cards(page_obj.object_list, heading_level=2),
        "is_member": is_member(request.user),
    }


def index(request):
    return _respond(request, "library/index.html", _list_context(request))


def _edit_links(request, entry, kind):
    if not permissions.can_edit(request.user, entry):
        return None
    return {"kind": kind, "slug": entry.slug}


def product(request, slug):
    entry = selectors.product_detail(request.user, slug)
    if entry is None:
        raise Http404
    authors, hidden_authors = selectors.author_names(request.user, entry)
    files = list(entry.files.all())
    for file in files:
        file.type_label = file_type_label(file.content_type)
    return _respond(
        request,
        "library/product_detail.html",
        {
            "product": entry,
            "files": files,
            "authors": authors,
            "hidden_authors": hidden_authors,
            "permalink": request.build_absolute_uri(entry.get_absolute_url()),
            "edit": _edit_links(request, entry, "producten"),
        },
    )


def product_print(request, slug):
    entry = selectors.product_for_print(request.user, slug)
    if entry is None:
        raise Http404
    authors, hidden_authors = selectors.author_names(request.user, entry)
    return _respond(
        request,
        "library/product_print.html",
        {
            "product": entry,
            "authors": authors,
            "hidden_authors": hidden_authors,
            "permalink": request.build_absolute_uri(entry.get_absolute_url()),
        },
    )


def practice(request, slug):
    item = selectors.practice_detail(request.user, slug)
    if item is None:
        raise Http404
    return _respond(
        request,
        "library/practice_detail.html",
        {
            "item": item,
            "answered_by": selectors.by_kind(item.answered_by.all()),
            "permalink": request.build_absolute_uri(item.get_absolute_url()),
            "edit": _edit_links(request, item, "praktijkkennis"),
        },
    )


def organisation(request, slug):
    found = selectors.organisation_by_slug(slug)
    if found is None:
        raise Http404
    context = _list_context(request, organisation=found)
    context["organisation"] = found
    return _respond(request, "library/organisation.html", context)
