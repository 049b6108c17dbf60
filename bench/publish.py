"""Publish one news item the way an editor does, from a process of its own.

bench/run uses it to check that a publish reaches pages the running server has cached: the
publish here sends Wagtail's page_published signal, which bumps the page cache's generation in
the cache backend named by CACHE_URL (see werkplaats/core/cache.py). A process of its own is how
scheduled publishing (`publish_scheduled`) and the task worker publish, too.
"""

import datetime
import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.utils.text import slugify  # noqa: E402

from werkplaats.website.models import NewsIndexPage, NewsPage  # noqa: E402


def main():
    title = sys.argv[1]
    index = NewsIndexPage.objects.get()
    page = NewsPage(
        title=title,
        slug=slugify(title),
        date=datetime.date.today(),
        intro="Een bericht om te controleren dat gepubliceerde inhoud meteen zichtbaar is.",
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    print(page.url)


if __name__ == "__main__":
    main()
