"""The library in the bench (issue 5): 50,000 entries, the index page's queries, search.

Run by bench/driver.py with the bench settings, against the bench database:

- `generate`: after load_demo. 50,000 library entries by default: 35,000 practice items
  (dilemmas, cases, examples, knowledge questions, tips) in the learning groups and 15,000
  products of every kind, in Dutch recombined from the seed documents, each with one to three
  themes and a municipality, over ten years; most public, a fifth shared with the members, a
  tenth private to their group. 5,000 product files whose text was extracted (the text of a
  document of 20 to 60 seed sentences; the files themselves are not written, search reads only
  the extracted text). Written with bulk_create, the same data for the same seed; then the
  site search's index is built for them (`rebuild_search_index` would do the same).
- `queries`: the library's index page (/bibliotheek/) and a search (/zoeken/?q=…) as a
  visitor and as a signed-in member, each requested twice in this process (run with the page
  cache off); the queries of the second request counted. On PostgreSQL also where a new
  question's time goes (`search_cost`): for 200 questions drawn as wrk.lua draws them, a
  visitor's whole page in this process and the search statement's own execution in the
  database (EXPLAIN ANALYZE), against the number of entries it matched. Prints JSON.

The search load itself runs in the driver: gunicorn and wrk over SEARCH_QUERIES.
"""

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote_plus

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone, translation  # noqa: E402
from django.utils.text import slugify  # noqa: E402

from bench.generate import PLACES, SUBJECTS, seed_sentences  # noqa: E402
from bench.queries import counted_url  # noqa: E402
from werkplaats.groups.models import LearningGroup  # noqa: E402
from werkplaats.library.models import (  # noqa: E402
    ExtractionStatus,
    PracticeItem,
    PracticeKind,
    Product,
    ProductFile,
    ProductKind,
    Visibility,
)
from werkplaats.network.models import Municipality, Role  # noqa: E402
from werkplaats.website.models import ThemePage  # noqa: E402

BATCH = 2000
LIBRARY_URL = "/bibliotheek/"
# What a result looks like on each page (counted by bench/wrk.lua): a response holding it is a
# page with results, not an empty state, an error or a login page.
SEARCH_MARKER = '<li class="search-result"'
LIBRARY_MARKER = '<article class="card library-card'

# Dutch queries a wijkteam professional or a policy maker would type; the driver's wrk.lua
# rotates through them, so no single query's plan or cache decides the figure.
SEARCH_QUERIES = [
    "wijkteam",
    "keukentafelgesprek",
    "informele zorg",
    "leerkring",
    "samenwerking gemeente",
    "zingeving",
    "vroegsignalering",
    "bewonersinitiatieven",
    "genogram",
    "werkzame elementen",
]
# The words wrk.lua draws three of for each request of the "questions never asked before" run:
# with 46 words, nearly every request is a question of its own, so no kept result answers it.
# Every word occurs in the generated data, so every question has results to show (a page
# without any is counted as a failure, driver.py).
SEARCH_WORDS = """
samenwerking wijkteam informele zorg vroegsignalering preventie wijk keukentafelgesprek
zingeving werk bewonersinitiatieven ontmoeting buurt schuldhulp eenzaamheid ouderen jongeren
netwerk mantelzorgers partner onderzoek casuïstiek genogram werkvorm armoede gezondheid
sociale basis bundel publicatie blog visual literatuurverkenning presentatie gastles leerkring
gemeente Rotterdam Dordrecht Schiedam Vlaardingen Barendrecht Ridderkerk Zwijndrecht
werkzame elementen
""".split()  # noqa: SIM905
PRACTICE_TITLES = {
    PracticeKind.DILEMMA: ["Dilemma: {subject}", "Wanneer {subject}?", "Dilemma in {place}"],
    PracticeKind.CASE: ["Casus: {subject} in {place}", "Casus {subject}"],
    PracticeKind.EXAMPLE: ["Praktijkvoorbeeld: {subject}", "Zo doen ze het in {place}"],
    PracticeKind.QUESTION: ["Kennisvraag: {subject}", "Hoe werkt {subject}?"],
    PracticeKind.TIP: ["Gouden tip: {subject}", "Tip over {subject}"],
}
PRODUCT_TITLES = [
    "{kind} over {subject}",
    "{subject}: wat we leerden in {place}",
    "{kind}: {subject}",
]
ROLES = [role for role, _label in Role.choices]


def _visibility(rng):
    roll = rng.random()
    if roll < 0.7:
        return Visibility.PUBLIC
    return Visibility.MEMBERS if roll < 0.9 else Visibility.GROUP


def _text(rng, sentences, low, high):
    return " ".join(rng.sample(sentences, rng.randint(low, high)))


def _slugs(model):
    return set(model.objects.values_list("slug", flat=True))


def _slug(title, number, taken):
    slug = f"{slugify(title)[:190].strip('-')}-{number}"
    taken.add(slug)
    return slug


def generate(args):
    rng = random.Random(args.seed)
    sentences = seed_sentences()
    groups = list(LearningGroup.objects.order_by("pk"))
    themes = list(ThemePage.objects.order_by("pk").values_list("pk", flat=True))
    municipalities = list(Municipality.objects.order_by("pk").values_list("pk", flat=True))
    now = timezone.now()
    started = time.monotonic()
    items_total = args.entries * 7 // 10
    products_total = args.entries - items_total
    with transaction.atomic(), translation.override("nl"):
        taken = _slugs(PracticeItem)
        item_ids = _bulk(
            PracticeItem,
            (
                _practice_item(rng, sentences, groups, number, taken, now)
                for number in range(1, items_total + 1)
            ),
        )
        taken = _slugs(Product)
        product_ids = _bulk(
            Product,
            (
                _product(rng, sentences, number, taken, now)
                for number in range(1, products_total + 1)
            ),
        )
        _relations(rng, PracticeItem, item_ids, themes, municipalities)
        _relations(rng, Product, product_ids, themes, municipalities)
        through = Product.groups.through
        through.objects.bulk_create(
            [through(product_id=pk, learninggroup_id=rng.choice(groups).pk) for pk in product_ids],
            batch_size=BATCH,
        )
        files = [
            ProductFile(
                product_id=pk,
                file=f"library/products/{pk}/bench-{number}.pdf",
                title=f"Document {number}",
                original_name=f"document-{number}.pdf",
                content_type="application/pdf",
                size=rng.randint(80_000, 4_000_000),
                extracted_text=_text(rng, sentences, 20, 60),
                extraction_status=ExtractionStatus.DONE,
            )
            for number, pk in enumerate(rng.sample(product_ids, args.documents), 1)
        ]
        ProductFile.objects.bulk_create(files, batch_size=BATCH)
    generated = time.monotonic() - started
    started = time.monotonic()
    indexed = _index()
    print(
        json.dumps(
            {
                "practice_items": PracticeItem.objects.count(),
                "products": Product.objects.count(),
                "documents": ProductFile.objects.exclude(extracted_text="").count(),
                "generate_s": round(generated, 1),
                "index_s": round(time.monotonic() - started, 1),
                "indexed": indexed,
            }
        )
    )


def _practice_item(rng, sentences, groups, number, taken, now):
    kind = rng.choice(list(PracticeKind))
    title = rng.choice(PRACTICE_TITLES[kind]).format(
        subject=rng.choice(SUBJECTS), place=rng.choice(PLACES)
    )[:200]
    when = now - datetime.timedelta(days=rng.randint(0, 3650), minutes=rng.randint(0, 1440))
    return PracticeItem(
        kind=kind,
        title=title,
        slug=_slug(title, number, taken),
        summary=_text(rng, sentences, 1, 1)[:400],
        body=_text(rng, sentences, 3, 12)[:20000],
        group=rng.choice(groups),
        roles=rng.sample(ROLES, rng.randint(1, 2)),
        visibility=_visibility(rng),
        created_at=when,
        updated_at=when,
        published_at=when,
    )


def _product(rng, sentences, number, taken, now):
    kind = rng.choice(list(ProductKind))
    title = rng.choice(PRODUCT_TITLES).format(
        kind=kind.label.capitalize(), subject=rng.choice(SUBJECTS), place=rng.choice(PLACES)
    )[:200]
    when = now - datetime.timedelta(days=rng.randint(0, 3650))
    return Product(
        kind=kind,
        title=title,
        slug=_slug(title, number, taken),
        summary=_text(rng, sentences, 1, 2)[:400],
        description=_text(rng, sentences, 4, 15),
        year=when.year,
        visibility=_visibility(rng),
        aim=_text(rng, sentences, 1, 2),
        target_group=_text(rng, sentences, 1, 1),
        approach=_text(rng, sentences, 2, 5),
        working_elements=_text(rng, sentences, 1, 4),
        results=_text(rng, sentences, 1, 3),
        created_at=when,
        updated_at=when,
        published_at=when,
    )


def _bulk(model, rows):
    ids, batch = [], []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            ids += [obj.pk for obj in model.objects.bulk_create(batch)]
            batch = []
    if batch:
        ids += [obj.pk for obj in model.objects.bulk_create(batch)]
    if None in ids:  # no RETURNING: read the keys back by slug
        ids = list(model.objects.order_by("pk").values_list("pk", flat=True))
    return ids


def _relations(rng, model, ids, themes, municipalities):
    name = model._meta.model_name
    for field, choices, low, high in (
        ("themes", themes, 1, 3),
        ("municipalities", municipalities, 1, 1),
    ):
        through = getattr(model, field).through
        target = through._meta.get_field(
            "themepage" if field == "themes" else "municipality"
        ).attname
        rows = [
            through(**{f"{name}_id": pk, target: choice})
            for pk in ids
            for choice in rng.sample(choices, min(len(choices), rng.randint(low, high)))
        ]
        through.objects.bulk_create(rows, batch_size=BATCH)


def _index():
    """Build the site search's index of the library's entries (bulk_create sends no signals)."""
    from werkplaats.library import search_index

    return {
        f"search entries: {source}": count
        for source, count in search_index.rebuild(["product", "practice"]).items()
    }


def _member_client():
    """A signed-in member of a learning group: the bench's own (load_demo runs without
    accounts here), made once."""
    from django.contrib.auth import get_user_model

    from werkplaats.groups.models import Membership
    from werkplaats.network.models import Person

    user, _ = get_user_model().objects.get_or_create(
        username="bench-library", defaults={"email": "bench-library@example.org"}
    )
    person, _ = Person.objects.get_or_create(
        user=user,
        defaults={"first_name": "Bench", "last_name": "Lid", "handle": "bench-library"},
    )
    group = LearningGroup.objects.order_by("pk").first()
    Membership.objects.get_or_create(group=group, person=person, ended_on=None)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


# Questions drawn for the search's cost model (search_cost), as wrk.lua draws them.
COST_QUESTIONS = 200


def search_cost(seed=2016):
    """Where the time of a question never asked before goes, as a visitor on PostgreSQL.

    For each question: the page in this process (the test client, results not kept before:
    every question differs), then the search statement alone under EXPLAIN (ANALYZE, TIMING
    OFF), which runs it in full and reports the database's own planning and execution time;
    and how many entries the visitor may see it matched. A straight line through (matches,
    execution) gives the statement's fixed cost and its cost per match; the shares say how
    much of the database's time the questions with many matches take.
    """
    from django.contrib.auth.models import AnonymousUser

    from werkplaats.library import search as site_search

    if connection.vendor != "postgresql":
        return None
    rng = random.Random(seed)
    asked = set()
    while len(asked) < COST_QUESTIONS:
        asked.add(" ".join(rng.choice(SEARCH_WORDS) for _ in range(3)))
    viewer = site_search.Viewer.of(AnonymousUser())
    client = Client(HTTP_HOST="127.0.0.1")
    client.get("/zoeken/?q=warm")
    rows = []
    with connection.cursor() as cursor:
        for question in sorted(asked):
            started = time.perf_counter()
            response = client.get(f"/zoeken/?q={quote_plus(question)}")
            page_ms = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise SystemExit(f"/zoeken/?q={question} answered {response.status_code}")
            found = site_search.find(viewer, question, site_search.Selection())
            sql, params = site_search._statement(
                viewer, question, site_search.Selection(), 0, found.least
            )
            cursor.execute("EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) " + sql, params)
            [plan] = cursor.fetchone()[0]
            rows.append((found.total, plan["Planning Time"], plan["Execution Time"], page_ms))
    n = len(rows)
    execution = sum(row[2] for row in rows)
    per_match, fixed = statistics.linear_regression(
        [row[0] for row in rows], [row[2] for row in rows]
    )
    matches = sorted(row[0] for row in rows)
    return {
        "questions": n,
        "page_ms_mean": round(sum(row[3] for row in rows) / n, 2),
        "planning_ms_mean": round(sum(row[1] for row in rows) / n, 2),
        "execution_ms_mean": round(execution / n, 2),
        "matches_median": matches[n // 2],
        "matches_mean": round(sum(matches) / n),
        "matches_max": matches[-1],
        "execution_fixed_ms": round(fixed, 2),
        "execution_us_per_match": round(per_match * 1000, 2),
        "share_of_execution": {
            str(limit): {
                "questions": round(sum(row[0] > limit for row in rows) / n, 3),
                "execution": round(sum(row[2] for row in rows if row[0] > limit) / execution, 3),
            }
            for limit in (1000, 2000, 5000)
        },
    }


def queries(args):
    pages = {
        "library": LIBRARY_URL,
        "library_filtered": f"{LIBRARY_URL}?soort=dilemma",
        "search": f"/zoeken/?q={SEARCH_QUERIES[0]}",
    }
    results = {}
    for audience, client in (
        ("visitor", Client(HTTP_HOST="127.0.0.1")),
        ("member", _member_client()),
    ):
        for name, url in pages.items():
            client.get(url)
            url = counted_url(url)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            if args.sql_dir:
                folder = Path(args.sql_dir)
                folder.mkdir(parents=True, exist_ok=True)
                lines = [f"{url} as {audience}: {len(captured)} queries", ""]
                lines += [f"{n}. {q['sql']}\n" for n, q in enumerate(captured, 1)]
                (folder / f"{name}-{audience}.sql.txt").write_text("\n".join(lines))
            results[f"{name}_{audience}"] = {
                "url": url,
                "status": response.status_code,
                "queries": len(captured),
                "bytes": len(response.content),
            }
    json.dump(
        {
            "pages": results,
            "marker": {"search": SEARCH_MARKER, "library": LIBRARY_MARKER},
            "search_paths": [f"/zoeken/?q={quote_plus(q)}" for q in SEARCH_QUERIES],
            "search_new_path": "/zoeken/?q={words}",
            "search_words": [quote_plus(word) for word in SEARCH_WORDS],
            "search_cost": search_cost(),
            "data": {
                "practice_items": PracticeItem.objects.count(),
                "products": Product.objects.count(),
                "documents": ProductFile.objects.exclude(extracted_text="").count(),
            },
        },
        sys.stdout,
        indent=1,
    )
    print()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("generate", help="practice items, products, extracted documents")
    make.add_argument("--entries", type=int, default=50_000)
    make.add_argument("--documents", type=int, default=5000)
    make.add_argument("--seed", type=int, default=2016, help="random seed")
    count = commands.add_parser("queries", help="queries of the library and search, as JSON")
    count.add_argument("--sql-dir", help="write each page's queries to a file in this folder")
    args = parser.parse_args()
    {"generate": generate, "queries": queries}[args.command](args)


if __name__ == "__main__":
    main()
