"""The site search at /zoeken/?q=: pages, news, library, groups and activities in one list."""

import hashlib

from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_GET

from werkplaats.core.cache import keeps_page, remember
from werkplaats.core.fragments import render_one
from werkplaats.website import selectors as website_selectors

from .. import search as site_search

# A search's results are kept at most this long; any change to what can be found (a publish,
# an entry saved, a membership) makes them stale at once (core/cache.py).
RESULTS_TIMEOUT = 3600


def _themes():
    return remember("home-themes", website_selectors.current_themes)


RESULTS_TEMPLATE = "library/includes/search_results.html"


def _results(request, viewer, query):
    """The HTML of the results of `query` for `viewer`, rendered once per searcher's scope
    (what they may see), address and language, and kept until the content changes.

    Not kept apart when the page cache keeps the whole page (a visitor without a session, the
    same address and language): a second copy would cost two more round trips to the cache.
    """

    def context():
        result = site_search.search(viewer, query, request.GET)
        nothing_found = result.count == 0
        return {
            "request": request,
            "query": query,
            "result": result,
            "themes": _themes() if nothing_found else [],
        }

    if keeps_page(request):
        return render_to_string(RESULTS_TEMPLATE, context())
    address = hashlib.sha256(request.GET.urlencode().encode()).hexdigest()
    return render_one(
        RESULTS_TEMPLATE,
        key=f"{viewer.scope}:{address}",
        context=context,
        timeout=RESULTS_TIMEOUT,
    )


@require_GET
def search(request):
    """Results the searcher may see, with facets, snippets and "did you mean".

    A visitor's page may be kept by the anonymous page cache (core/cache.py: never for a
    request with a session cookie); a member's page is marked private so no proxy keeps it.
    The results themselves are kept for everyone, per scope (site_search.Viewer.scope).
    """
    query, error = site_search.clean_query(request.GET.get("q", ""))
    results = None
    if query and not error:
        results = _results(request, site_search.Viewer.of(request.user), query)
    context = {
        "query": query,
        "error": error,
        "results": results,
        "max_query_length": site_search.MAX_QUERY_LENGTH,
        "themes": [] if results else _themes(),
    }
    response = render(request, "library/search.html", context)
    patch_vary_headers(response, ["Cookie"])
    if request.user.is_authenticated:
        patch_cache_control(response, private=True)
    return response
