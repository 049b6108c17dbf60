"""SQL queries per public page, on a page-cache miss, in a fresh process.

Run by bench/run against the bench database with PAGE_CACHE_SECONDS=0. Each page is requested
once to warm up (image renditions, content types, Wagtail's per-process caches), as a visitor
after a publish meets it, and then once more while the queries are captured. Prints the pages
as JSON; with --sql-dir, writes each page's queries to a text file there, to read what a page
spends its queries on.
"""

import argparse
import json
import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils.text import slugify  # noqa: E402

from werkplaats.website.models import NewsPage, ThemePage  # noqa: E402

SEARCH_TERM = "wijkteams"


def public_pages():
    """name -> URL: the four pages under load first, then every other kind of public page."""
    newest = NewsPage.objects.live().order_by("-date", "-pk").first()
    theme = ThemePage.objects.live().filter(slug="armoede").first() or ThemePage.objects.first()
    # A theme and year with news in the demo and in the generated data alike, so the counts of
    # both data sets compare a list with a list.
    year = NewsPage.objects.live().filter(themes=theme).order_by("-date").first().date.year
    return {
        "home": "/",
        "news_index": "/nieuws/",
        "news_item": newest.url,
        "search": f"/zoeken/?q={SEARCH_TERM}",
        "news_index_page_50": "/nieuws/?pagina=50",
        "news_index_filtered": f"/nieuws/?thema={theme.slug}&jaar={year}",
        "themes": "/themas/",
        "theme": theme.url,
        "about": "/over/",
        "about_child": "/over/werkgroepen-2016-2017/",
        "contact": "/contact/",
        "search_nothing_found": "/zoeken/?q=onvindbaarwoord",
        "feed_atom": "/nieuws/feed/",
        "feed_rss": "/nieuws/feed/rss/",
        "sitemap": "/sitemap.xml",
    }


def counted_url(url):
    """The address whose queries are counted after a warm-up request of `url`: the same one,
    except for a search. Its results are kept once rendered (library/views/search.py), so
    another address of the same search is counted: a search that runs, on a warm site."""
    return f"{url}&pagina=1" if url.startswith("/zoeken/?") else url


def measure(client, url, sql_dir=None, name=None):
    client.get(url)  # warm-up
    with CaptureQueriesContext(connection) as queries:
        response = client.get(counted_url(url))
    if sql_dir:
        lines = [f"{url}: {len(queries)} queries", ""]
        lines += [f"{number}. {query['sql']}\n" for number, query in enumerate(queries, 1)]
        (Path(sql_dir) / f"{slugify(name)}.sql.txt").write_text("\n".join(lines))
    return {
        "url": url,
        "status": response.status_code,
        "queries": len(queries),
        "bytes": len(response.content),
        "x_cache": response.get("X-Cache"),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sql-dir", help="write each page's queries to a file in this folder")
    args = parser.parse_args()
    if settings.PAGE_CACHE_SECONDS:
        raise SystemExit("queries.py counts a page-cache miss: run it with PAGE_CACHE_SECONDS=0")
    if args.sql_dir:
        Path(args.sql_dir).mkdir(parents=True, exist_ok=True)
    client = Client(HTTP_HOST="127.0.0.1")
    pages = {name: measure(client, url, args.sql_dir, name) for name, url in public_pages().items()}
    json.dump(
        {
            "news_items": NewsPage.objects.live().count(),
            "themes": ThemePage.objects.live().count(),
            "pages": pages,
        },
        sys.stdout,
        indent=1,
    )
    print()


if __name__ == "__main__":
    main()
