"""The site search at /zoeken/?q=: pages, news, library, groups and activities in one list."""

from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_GET

from werkplaats.core.cache import remember
from werkplaats.website import selectors as website_selectors

from .. import search as site_search


@require_GET
def search(request):
    """Results the searcher may see, with facets, snippets and "did you mean".

    A visitor's page may be kept by the anonymous page cache (core/cache.py: never for a
    request with a session cookie); a member's page is marked private so no proxy keeps it.
    """
    query, error = site_search.clean_query(request.GET.get("q", ""))
    result = None
    if query and not error:
        result = site_search.search(request.user, query, request.GET)
    nothing_found = result is not None and result.count == 0
    context = {
        "query": query,
        "error": error,
        "result": result,
        "max_query_length": site_search.MAX_QUERY_LENGTH,
        "themes": (
            remember("home-themes", website_selectors.current_themes)
            if result is None or nothing_found
            else []
        ),
    }
    response = render(request, "library/search.html", context)
    patch_vary_headers(response, ["Cookie"])
    if request.user.is_authenticated:
        patch_cache_control(response, private=True)
    return response
