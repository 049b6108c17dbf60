"""`make bench`: load generated data into a fresh database, serve it and measure.

Started by bench/run. The steps, each timed:

1. a fresh database (SQLite under bench/work/, or BENCH_DATABASE_URL), migrated, with the demo
   site (`load_demo`), then bench/generate.py's 2,000 news items and 20 themes, then the search
   indexes (`update_index`, `rebuild_search_index`); `collectstatic` right after `load_demo`;
2. SQL queries per public page, on a page-cache miss, in a fresh process (bench/queries.py), with
   the demo's three news items and again with the 2,000;
3. gunicorn (2 workers, production settings, plain http on 127.0.0.1) with the page cache on,
   driven by wrk at 10 and 50 connections on the home page, the news index, a news item and a
   search; then the same with the page cache off (PAGE_CACHE_SECONDS=0), so every request renders;
4. the home page's HTML as a static file from nginx (2 workers): the ceiling for this machine;
5. a publish from another process, and whether the running server's cached pages show it;
6. the signed-in workspace (issue 3): a member of 20 learning groups, one of them with 5,000
   posts (bench/workspace.py), the queries of that group's stream, and wrk on the stream with
   the member's session cookie at 10 and 50 connections;
7. activities (issue 4): 5,000 activities and 500,000 attendance rows (bench/activities.py),
   the calendar's queries with the demo's activities and with those, the calendar
   (/activiteiten/) in the wrk runs of step 3, and the participation figures of a year timed
   in-process.

8. the library (issue 5): 50,000 practice items and products with 5,000 extracted documents
   (bench/library.py), the queries of the library's index and of a search as a visitor and as
   a member, and wrk with the page cache off on a search that asks ten Dutch questions in turn
   and on the library's index, at 10 and 50 connections.

BENCH_ONLY=activities runs step 7 alone: a fresh database, migrate, load_demo, the activities,
the calendar's queries, wrk on the calendar (page cache off and on) and the figures.
BENCH_ONLY=library runs step 8 alone, after migrate and load_demo.

Prints a table and the targets from the issue, and writes everything to bench/results/ as JSON.
Every process it starts is stopped on exit; every wait has a deadline.
"""

import contextlib
import datetime
import http.client
import importlib.metadata
import json
import os
import platform
import re
import resource
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WORK = BENCH / "work"
RESULTS = BENCH / "results"
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"

LOADED_PAGES = ["home", "news_index", "news_item", "search"]
# Times each public page is requested on the server whose workers' peak memory is read last.
EVERY_PAGE_TIMES = 4
MB = 1024 * 1024

# The targets from the issue.
MAX_QUERIES = 10
MAX_P99_MS_AT_10 = 100
MIN_UNCACHED_HOME_RPS = 300
MAX_WORKER_MB = 200
MIN_SHARE_OF_NGINX = 0.10
# The targets of issue 3: the workspace stream of a busy group, for a member of many groups.
MAX_WORKSPACE_QUERIES = 15
MAX_WORKSPACE_P99_MS_AT_10 = 150
# The targets of issue 4: the calendar with 5,000 activities, the participation figures of a
# year over 500,000 attendance rows (on PostgreSQL, the production database).
CALENDAR_URL = "/activiteiten/"
MAX_CALENDAR_P99_MS_AT_10 = 100
MAX_FIGURES_MS = 500
# The targets of issue 5: search over 50,000 library entries on PostgreSQL, the library's index.
MAX_SEARCH_P95_MS_AT_10 = 100
MAX_SEARCH_P99_MS_AT_10 = 250
MAX_LIBRARY_QUERIES = 15
# The targets of issue 6: one issue to 20,000 subscribers through a local SMTP server, and the
# sending worker's memory flat in the number of subscribers (peak at the largest size at most
# this much above the peak at the smallest).
MIN_MAILS_PER_S = 200
NEWSLETTER_SUBSCRIBERS = 20_000
# BENCH_ONLY: the issue whose part runs alone.
ONLY_ISSUES = {"activities": 4, "library": 5, "newsletter": 6}
MAX_NEWSLETTER_MEMORY_GROWTH_MB = 10


def _env_int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


@dataclass
class Config:
    """What bench/run measures; every field can be set from the environment (bench/README.md)."""

    database_url: str = os.environ.get("BENCH_DATABASE_URL") or (
        f"sqlite:///{WORK / 'bench.sqlite3'}"
    )
    cache_url: str = os.environ.get("BENCH_CACHE_URL") or f"filecache://{WORK / 'cache'}"
    page_cache_seconds: int = _env_int("BENCH_PAGE_CACHE_SECONDS", 600)
    duration: int = _env_int("BENCH_DURATION", 10)
    warmup: int = _env_int("BENCH_WARMUP", 3)
    connections: list = field(
        default_factory=lambda: [
            int(c) for c in re.split(r"[ ,]+", os.environ.get("BENCH_CONNECTIONS", "10,50")) if c
        ]
    )
    news: int = _env_int("BENCH_NEWS", 2000)
    themes: int = _env_int("BENCH_THEMES", 20)
    workspace_posts: int = _env_int("BENCH_WORKSPACE_POSTS", 5000)
    workspace_groups: int = _env_int("BENCH_WORKSPACE_GROUPS", 20)
    activities: int = _env_int("BENCH_ACTIVITIES", 5000)
    attendance: int = _env_int("BENCH_ATTENDANCE", 500_000)
    figures_repeat: int = _env_int("BENCH_FIGURES_REPEAT", 20)
    library_entries: int = _env_int("BENCH_LIBRARY_ENTRIES", 50_000)
    library_documents: int = _env_int("BENCH_LIBRARY_DOCUMENTS", 5000)
    # "activities" or "library": only that part's steps (bench/README.md).
    # Issue 6: one issue sent to this many subscribers (the smaller first, for the memory).
    newsletter_sizes: list = field(
        default_factory=lambda: [
            int(n)
            for n in re.split(r"[ ,]+", os.environ.get("BENCH_NEWSLETTER", "5000,20000"))
            if n
        ]
    )
    smtp_port: int = _env_int("BENCH_SMTP_PORT", 8125)
    only: str = os.environ.get("BENCH_ONLY", "").strip()
    workers: int = _env_int("BENCH_WORKERS", 2)
    # The worker README's production recipe names (werkplaats/core/server.py); "sync" for
    # gunicorn's own.
    worker_class: str = os.environ.get("BENCH_WORKER_CLASS") or "werkplaats.core.server.SyncWorker"
    threads: int = _env_int("BENCH_THREADS", 1)
    wrk_threads: int = _env_int("BENCH_WRK_THREADS", 2)
    gunicorn_port: int = _env_int("BENCH_PORT", 8101)
    nginx_port: int = _env_int("BENCH_NGINX_PORT", 8102)
    quiet_wait: int = _env_int("BENCH_QUIET_WAIT", 300)

    @property
    def engine(self):
        return "postgresql" if self.database_url.startswith(("postgres", "pgsql")) else "sqlite"


# Processes -------------------------------------------------------------------------------------


class Processes:
    """The servers bench/run starts, each in a process group of its own, stopped on exit."""

    def __init__(self):
        self.running = []

    def start(self, name, args, env, log):
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("ab") as out:
            process = subprocess.Popen(
                [str(a) for a in args],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        process.bench_name = name
        self.running.append(process)
        return process

    def stop(self, process, grace=15):
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        if process in self.running:
            self.running.remove(process)

    def stop_all(self):
        for process in list(reversed(self.running)):
            self.stop(process)


PROCESSES = Processes()


def _on_signal(signum, frame):
    raise SystemExit(f"stopped by signal {signum}")


def step(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(args, env, log, timeout):
    """Run a command to completion, its output to `log`; on failure show the log's end."""
    started = time.monotonic()
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        result = subprocess.run(
            [str(a) for a in args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=out,
            timeout=timeout,
        )
        out.write(result.stdout)
    if result.returncode:
        tail = log.read_text(errors="replace").splitlines()[-30:]
        raise SystemExit(f"failed: {' '.join(map(str, args))}\n" + "\n".join(tail))
    return result.stdout.decode(), time.monotonic() - started


def django_env(config, **extra):
    """The environment of every Django process: production settings, plain http on 127.0.0.1.

    Built from scratch, so the shell's DATABASE_URL and the like cannot leak in."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/nonexistent"),
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "BASE_URL": f"http://127.0.0.1:{config.gunicorn_port}",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": config.database_url,
        "CACHE_URL": config.cache_url,
        "PAGE_CACHE_SECONDS": str(config.page_cache_seconds),
        "TASKS_BACKEND": "database",
        "MEDIA_ROOT": str(WORK / "media"),
        "LOG_LEVEL": "WARNING",
    }
    env.update({key: str(value) for key, value in extra.items()})
    return env


SECRET_KEY = secrets.token_urlsafe(50)


# Database --------------------------------------------------------------------------------------


def fresh_database(config):
    """Drop and create the bench database. Refuses a database whose name lacks 'bench'."""
    import environ

    settings = environ.Env.db_url_config(config.database_url)
    name = str(settings["NAME"])
    if "bench" not in Path(name).name:
        raise SystemExit(
            f"BENCH_DATABASE_URL names the database {name!r}; bench/run drops and recreates it, "
            "so its name must contain 'bench' (e.g. werkplaats_bench)"
        )
    if config.engine == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(name + suffix).unlink(missing_ok=True)
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        return f"SQLite {sqlite3.sqlite_version}"
    from psycopg import sql

    with _postgres(config, "postgres") as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        version = connection.execute("SHOW server_version").fetchone()[0]
    return f"PostgreSQL {version}"


def _postgres(config, dbname):
    """An autocommit connection to the bench database's server (to `dbname`, or the bench
    database itself when None)."""
    import environ
    import psycopg

    settings = environ.Env.db_url_config(config.database_url)
    return psycopg.connect(
        dbname=dbname or settings["NAME"],
        host=settings.get("HOST") or None,
        port=settings.get("PORT") or None,
        user=settings.get("USER") or None,
        password=settings.get("PASSWORD") or None,
        autocommit=True,
        connect_timeout=10,
    )


MANAGE = [PYTHON, "manage.py"]
PREPARE_LOG = WORK / "logs" / "prepare.log"


def load_demo(config, timings):
    """Migrate the fresh database, empty the cache, load the demo site."""
    env, log, manage = django_env(config), PREPARE_LOG, MANAGE
    step("migrate")
    _, timings["migrate_s"] = run([*manage, "migrate", "--no-input"], env, log, 900)
    if not config.cache_url.startswith("locmem"):
        # Pages cached by an earlier run have the same addresses: start from an empty cache.
        step(f"clear the cache {config.cache_url}")
        clear = "from django.core.cache import cache; cache.clear()"
        run([*manage, "shell", "-c", clear], env, log, 120)
    step("load the demo site")
    _, timings["load_demo_s"] = run([*manage, "load_demo", "--no-coordinator"], env, log, 900)
    # Before any page is rendered: the production settings find static files through the
    # manifest that collectstatic writes, and a fresh clone has none yet.
    collect_static(config, timings)


def prepare(config, timings):
    env = django_env(config)
    log = PREPARE_LOG
    manage = MANAGE
    load_demo(config, timings)
    step("queries per page with the demo's news items")
    demo_queries = count_queries(config, "demo")
    step("queries of the calendar with the demo's activities")
    calendar_demo = count_calendar_queries(config, "demo")
    step(f"generate {config.news} news items and {config.themes} themes")
    output, timings["generate_s"] = run(
        [PYTHON, BENCH / "generate.py", "--news", config.news, "--themes", config.themes],
        env,
        log,
        900,
    )
    print("       " + output.strip())
    step(
        f"generate a member of {config.workspace_groups} groups and "
        f"{config.workspace_posts} posts in one of them"
    )
    output, timings["generate_workspace_s"] = run(
        [
            PYTHON,
            BENCH / "workspace.py",
            "generate",
            "--posts",
            config.workspace_posts,
            "--groups",
            config.workspace_groups,
        ],
        env,
        log,
        900,
    )
    print("       " + output.strip())
    generate_activities(config, timings)
    step("build the search index")
    _, timings["update_index_s"] = run([*manage, "update_index"], env, log, 900)
    _, timings["rebuild_search_index_s"] = run(
        [*manage, "rebuild_search_index", "-v0"], env, log, 900
    )
    # After update_index: the library's generator indexes its own entries.
    generate_library(config, timings)
    vacuum_analyze(config, timings)
    return demo_queries, calendar_demo


def prepare_activities(config, timings):
    """BENCH_ONLY=activities: the demo site and the activities of issue 4, nothing else."""
    load_demo(config, timings)
    step("queries of the calendar with the demo's activities")
    calendar_demo = count_calendar_queries(config, "demo")
    generate_activities(config, timings)
    vacuum_analyze(config, timings)
    return calendar_demo


def generate_activities(config, timings):
    step(
        f"generate {config.activities} activities and {config.attendance} attendance rows, "
        "with their people, venues and sign-ups"
    )
    output, timings["generate_activities_s"] = run(
        [
            PYTHON,
            BENCH / "activities.py",
            "generate",
            "--activities",
            config.activities,
            "--attendance",
            config.attendance,
        ],
        django_env(config),
        PREPARE_LOG,
        900,
    )
    print("       " + output.strip())


def generate_library(config, timings):
    step(
        f"generate {config.library_entries} library entries with "
        f"{config.library_documents} extracted documents, and index them"
    )
    output, timings["generate_library_s"] = run(
        [
            PYTHON,
            BENCH / "library.py",
            "generate",
            "--entries",
            config.library_entries,
            "--documents",
            config.library_documents,
        ],
        django_env(config),
        PREPARE_LOG,
        1800,
    )
    print("       " + output.strip())
    return json.loads(output.strip().splitlines()[-1])


def count_library_queries(config):
    """The library's index and a search, as a visitor and as a member, on a render."""
    output, _ = run(
        [PYTHON, BENCH / "library.py", "queries", "--sql-dir", WORK / "sql" / "library"],
        django_env(config, PAGE_CACHE_SECONDS=0),
        WORK / "logs" / "queries-library.log",
        600,
    )
    return json.loads(output)


def library_run(config, queries):
    """The search (ten Dutch questions in turn) and the library's index as a visitor, on a
    gunicorn of its own each with the page cache off: every request searches or renders.
    bench/wrk.lua counts the responses that hold a result, so an empty or error page fails."""
    figures, workers = {}, []
    new_questions = [queries["search_new_path"], "--words", *queries["search_words"]]
    pages = {
        "search": ("/zoeken/?q=wijkteam", queries["marker"]["search"], queries["search_paths"]),
        "search_new": ("/zoeken/?q=wijkteam", queries["marker"]["search"], new_questions),
        "library": ("/bibliotheek/", queries["marker"]["library"], ()),
    }
    for name, (path, marker, paths) in pages.items():
        wait_for_quiet(config)
        step(f"gunicorn, {config.workers} {config.worker_class} workers, uncached: {name}")
        with gunicorn(config, "library", PAGE_CACHE_SECONDS=0) as (base, process):
            asked = paths[: paths.index("--words")] if "--words" in paths else paths
            for each in asked or (path,):
                each = each.replace("{words}", "wijkteam")
                status, _, body = fetch(base + each, timeout=120)
                if status != 200 or marker.encode() not in body:
                    raise SystemExit(
                        f"{each} answered {status} without {marker!r}; see bench/work/logs/"
                    )
            figures[name] = drive(
                config, base, process.pid, {name: path}, marker=marker, paths=paths
            )[name]
            workers += [{"after": name, **w} for w in worker_memory(process.pid)]
    return {"page_cache_seconds": 0, "pages": figures, "workers": workers}


def library_targets(results):
    """The targets of issue 5 (none in results saved before it)."""
    queries, run = results["queries"].get("library"), results["runs"].get("library")
    if not queries or not run:
        return []
    low = str(min(results["config"]["connections"]))
    postgresql = results["config"]["database"] == "postgresql"
    # Ten questions in turn: from the second round on, their results are kept (views/search.py).
    # Questions never asked before: every request runs the search statement.
    searches = [("ten questions in turn, results kept", run["pages"]["search"][low])]
    if "search_new" in run["pages"]:
        searches.insert(0, ("questions never asked before", run["pages"]["search_new"][low]))
    index_pages = {
        name: page for name, page in queries["pages"].items() if name.startswith("library")
    }
    worst = max(index_pages, key=lambda name: index_pages[name]["queries"])
    return [
        (
            f"library index pages <= {MAX_LIBRARY_QUERIES} SQL queries",
            f"max {index_pages[worst]['queries']} ({worst}) with "
            f"{queries['data']['practice_items'] + queries['data']['products']} entries",
            index_pages[worst]["queries"] <= MAX_LIBRARY_QUERIES,
        ),
    ] + [
        (
            f"search {percentile} <= {bound} ms at {low} connections (PostgreSQL), {kind}",
            f"{search[percentile + '_ms']:.0f} ms ({search['rps']:.1f} req/s)"
            + ("" if postgresql else f" — on {results['config']['database']}, not judged"),
            search[percentile + "_ms"] <= bound if postgresql else None,
        )
        for kind, search in searches
        for percentile, bound in (
            ("p95", MAX_SEARCH_P95_MS_AT_10),
            ("p99", MAX_SEARCH_P99_MS_AT_10),
        )
    ]


def library_checks(results):
    """The library data set is the one of issue 5, its query counts come from renders, and
    every response under load was a 200 holding a result, none through the page cache."""
    queries, run = results["queries"].get("library"), results["runs"].get("library")
    if not queries or not run:
        return []
    config, data = results["config"], queries["data"]
    wrong, responses = {}, 0
    for name, by_conns in run["pages"].items():
        for conns, r in by_conns.items():
            responses += r["requests"]
            problems = [f"{kind}: {n}" for kind, n in r["status"].items() if kind != "2xx"]
            if r.get("marked", 0) < r["requests"]:
                problems.append(f"without a result: {r['requests'] - r.get('marked', 0)}")
            if r["errors"]:
                problems.append(f"errors: {r['errors']}")
            if r["x_cache"]["hit"] + r["x_cache"]["miss"]:
                problems.append("through the page cache")
            if problems:
                wrong[f"{name} at {conns}"] = problems
    bad_pages = [name for name, page in queries["pages"].items() if page["status"] != 200]
    return [
        (
            "library data set",
            f"{data['practice_items']} practice items, {data['products']} products, "
            f"{data['documents']} documents with text",
            data["practice_items"] + data["products"] >= config.get("library_entries", 50_000)
            and data["documents"] >= config.get("library_documents", 5000),
        ),
        (
            "library queries were taken on renders (200s)",
            ", ".join(bad_pages) or f"all {len(queries['pages'])} pages",
            not bad_pages,
        ),
        (
            "library responses under load: 200s holding results",
            "; ".join(f"{where}: {', '.join(p)}" for where, p in wrong.items())
            or f"all {responses} (page cache off)",
            not wrong,
        ),
    ]


def newsletter_run(config):
    """Issue 6: for each size, subscribers up to that number and one issue sent by
    `manage.py newsletter_send --start` (the batches the background task runs) to a local SMTP
    server that counts what it gets; the worker's peak memory read from /proc while it runs."""
    results = {}
    for size in sorted(config.newsletter_sizes):
        step(f"newsletter: one issue to {size} subscribers through a local SMTP server")
        output, _ = run(
            [PYTHON, BENCH / "newsletter.py", "generate", "--subscribers", size],
            django_env(config),
            PREPARE_LOG,
            900,
        )
        data = json.loads(output.strip().splitlines()[-1])
        if not port_is_free(config.smtp_port):
            raise SystemExit(f"port {config.smtp_port} is in use; set BENCH_SMTP_PORT")
        counts_file = WORK / "newsletter" / f"received-{size}.json"
        counts_file.parent.mkdir(parents=True, exist_ok=True)
        counts_file.unlink(missing_ok=True)
        sink = PROCESSES.start(
            "smtp-sink",
            [
                PYTHON,
                BENCH / "newsletter.py",
                "sink",
                "--port",
                config.smtp_port,
                "--out",
                counts_file,
            ],
            django_env(config),
            WORK / "logs" / "smtp-sink.log",
        )
        deadline = time.monotonic() + 30
        while port_is_free(config.smtp_port):
            if time.monotonic() > deadline or sink.poll() is not None:
                raise SystemExit("the SMTP sink did not start; see bench/work/logs/smtp-sink.log")
            time.sleep(0.1)
        log = WORK / "logs" / f"newsletter-{size}.log"
        log.unlink(missing_ok=True)
        env = django_env(config, EMAIL_URL=f"smtp://127.0.0.1:{config.smtp_port}")
        began = time.monotonic()
        worker = PROCESSES.start(
            "newsletter",
            [*MANAGE, "newsletter_send", data["issue"], "--start", "--wait", "1"],
            env,
            log,
        )
        peak_kb = 0
        while worker.poll() is None:
            status = _proc_status(worker.pid)
            if status:
                peak_kb = max(peak_kb, status["VmHWM"])
            if time.monotonic() - began > 1800:
                raise SystemExit(f"newsletter_send did not finish in 30 minutes; see {log}")
            time.sleep(0.05)
        wall = time.monotonic() - began
        PROCESSES.stop(sink)
        text = log.read_text(errors="replace")
        done = re.search(r"Done in ([0-9.]+) s: (\d+) sent", text)
        if worker.returncode or not done:
            raise SystemExit(f"newsletter_send failed:\n{text[-2000:]}")
        received = json.loads(counts_file.read_text())
        send_s, sent = float(done.group(1)), int(done.group(2))
        results[str(size)] = {
            "subscribers": data["subscribers"],
            "recipients": data["recipients"],
            "sent": sent,
            "send_s": round(send_s, 2),
            "mails_per_s": round(sent / send_s, 1) if send_s else 0.0,
            "wall_s": round(wall, 2),
            "peak_mb": round(peak_kb / 1024, 1),
            "received": received,
        }
        print(
            f"       {sent} mails in {send_s:.1f} s ({sent / send_s:.0f}/s), "
            f"peak {peak_kb / 1024:.0f} MB, the sink got {received['messages']}"
        )
    return results


def newsletter_targets(results):
    """The targets of issue 6 (none in results saved before it)."""
    runs = results["runs"].get("newsletter")
    if not runs:
        return []
    sizes = sorted(runs, key=int)
    small, large = runs[sizes[0]], runs[sizes[-1]]
    growth = large["peak_mb"] - small["peak_mb"]
    # The issue's figure is for 20,000 subscribers: a smaller run is reported, not judged.
    full_size = int(sizes[-1]) >= NEWSLETTER_SUBSCRIBERS
    return [
        (
            f"newsletter >= {MIN_MAILS_PER_S} mails/s to {NEWSLETTER_SUBSCRIBERS} subscribers",
            f"{large['mails_per_s']:.0f} mails/s ({large['sent']} in {large['send_s']:.1f} s)"
            + ("" if full_size else f" — to {sizes[-1]} only, not judged"),
            large["mails_per_s"] >= MIN_MAILS_PER_S if full_size else None,
        ),
        (
            "newsletter worker memory flat in the number of subscribers",
            f"peak {small['peak_mb']:.0f} MB at {sizes[0]}, {large['peak_mb']:.0f} MB at "
            f"{sizes[-1]} (+{growth:.1f} MB; at most +{MAX_NEWSLETTER_MEMORY_GROWTH_MB})",
            len(sizes) > 1 and growth <= MAX_NEWSLETTER_MEMORY_GROWTH_MB,
        ),
    ]


def newsletter_checks(results):
    """Every recipient got exactly one mail: the sink's count is the number sent."""
    runs = results["runs"].get("newsletter")
    if not runs:
        return []
    wrong = {
        size: run
        for size, run in runs.items()
        if not (
            run["sent"] == run["recipients"] == run["received"]["messages"]
            and run["received"]["addresses"] == run["recipients"]
        )
    }
    return [
        (
            "newsletter: each recipient got one mail",
            "; ".join(
                f"{size}: {run['recipients']} recipients, {run['sent']} sent, the server got "
                f"{run['received']['messages']} for {run['received']['addresses']} addresses"
                for size, run in wrong.items()
            )
            or ", ".join(f"{run['recipients']} of {size}" for size, run in runs.items()),
            not wrong,
        )
    ]


def vacuum_analyze(config, timings):
    if config.engine == "postgresql":
        # What autovacuum does within a minute on a live database. Without it, the planner
        # takes the 2,000 new pages for one row and nests loops: 0.5 s per news list query.
        step("VACUUM ANALYZE")
        started = time.monotonic()
        with _postgres(config, None) as connection:
            connection.execute("VACUUM ANALYZE")
        timings["vacuum_analyze_s"] = time.monotonic() - started


def collect_static(config, timings):
    step("collect static files")
    _, timings["collectstatic_s"] = run(
        [*MANAGE, "collectstatic", "--no-input", "--clear"], django_env(config), PREPARE_LOG, 900
    )


def count_workspace_queries(config):
    """The workspace stream's queries for the signed-in member, with the page cache setting
    of production (the anonymous page cache passes signed-in requests by)."""
    output, _ = run(
        [PYTHON, BENCH / "workspace.py", "queries", "--sql-dir", WORK / "sql" / "workspace"],
        django_env(config),
        WORK / "logs" / "queries-workspace.log",
        600,
    )
    return json.loads(output)


def count_calendar_queries(config, label):
    """The calendar's first page as a visitor, on a render (page cache off)."""
    output, _ = run(
        [PYTHON, BENCH / "activities.py", "queries", "--sql-dir", WORK / "sql" / label],
        django_env(config, PAGE_CACHE_SECONDS=0),
        WORK / "logs" / f"queries-calendar-{label}.log",
        600,
    )
    return json.loads(output)


def figures_run(config, attempts=3):
    """activities.figures.participation of a year, timed in a process of its own (the figures
    page runs it in a worker); again while other processes took more than a tenth of the CPUs,
    keeping the least disturbed run, as for wrk."""
    runs = []
    for attempt in range(attempts):
        wait_for_quiet(config)
        step(
            f"participation figures of a year, {config.figures_repeat} times"
            + (f" (try {attempt + 1})" if attempt else "")
        )
        output, _ = run(
            [
                PYTHON,
                BENCH / "activities.py",
                "figures",
                "--repeat",
                config.figures_repeat,
                "--sql-dir",
                WORK / "sql" / "large",
            ],
            django_env(config),
            WORK / "logs" / "figures.log",
            1800,
        )
        result = json.loads(output)
        runs.append(result)
        for name, case in result["cases"].items():
            step(
                f"  {name:<32} median {case['median_ms']:>7.1f} ms  p95 {case['p95_ms']:>7.1f} ms"
                f"  {case['unique_people']} unique people  other CPU {result['cpu']['other']:.0%}"
            )
        if result["cpu"]["other"] < 0.10:
            break
    best = min(runs, key=lambda r: r["cpu"]["other"])
    best["attempts"] = len(runs)
    return best


def count_queries(config, label):
    output, _ = run(
        [PYTHON, BENCH / "queries.py", "--sql-dir", WORK / "sql" / label],
        django_env(config, PAGE_CACHE_SECONDS=0),
        WORK / "logs" / f"queries-{label}.log",
        600,
    )
    return json.loads(output)


# HTTP ------------------------------------------------------------------------------------------


def fetch(url, timeout=30):
    """(status, headers, body) of a GET; error statuses are returned, not raised."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def wait_until_serving(url, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{process.bench_name} exited with {process.returncode}; see its log")
        with contextlib.suppress(OSError):
            status, _, _ = fetch(url, timeout=5)
            if status < 500:
                return
        time.sleep(0.2)
    raise SystemExit(f"{process.bench_name} did not answer {url} within {seconds} s")


def port_is_free(port):
    with socket.socket() as probe:
        # As servers do: connections of the previous server in TIME_WAIT do not block the port.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def cpu_jiffies():
    """(busy, all) CPU time of the machine so far, in clock ticks, from /proc/stat."""
    ticks = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return sum(ticks) - ticks[3] - ticks[4], sum(ticks)  # idle and iowait are not busy


def process_jiffies(pids):
    """pid -> CPU time (user + system) so far, in clock ticks, of the processes still there."""
    ticks = {}
    for pid in pids:
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks[pid] = int(fields[11]) + int(fields[12])
    return ticks


def database_pids(config):
    """The PostgreSQL backends serving the bench database (none with SQLite: it runs inside
    the workers). Their CPU time is the server's, not another process's."""
    if config.engine == "sqlite":
        return []
    with _postgres(config, None) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return [pid for (pid,) in rows]


def children_jiffies():
    """CPU time of this process's finished children (wrk), in clock ticks."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (usage.ru_utime + usage.ru_stime) * os.sysconf("SC_CLK_TCK")


def wait_for_quiet(config):
    """Wait (at most BENCH_QUIET_WAIT seconds) for a 3 s window in which other processes use
    less than a tenth of the CPUs: on a shared machine, their load would be measured as ours."""
    started = time.monotonic()
    said = None
    while True:
        busy, total = cpu_jiffies()
        time.sleep(3)
        busy2, total2 = cpu_jiffies()
        share = (busy2 - busy) / max(total2 - total, 1)
        waited = time.monotonic() - started
        if share < 0.10:
            if said is not None:
                step(f"quiet after {waited:.0f} s")
            return share
        if waited > config.quiet_wait:
            step(f"warning: other processes keep {share:.0%} of the CPUs busy; figures will be low")
            return share
        if said is None or time.monotonic() - said > 60:
            step(f"waiting for quiet: other processes use {share:.0%} of the CPUs")
            said = time.monotonic()


def wrk(config, url, connections, seconds, server_pid=None, headers=(), marker=None, paths=()):
    """One wrk run; the figures bench/wrk.lua prints, in the units of the report, and the
    shares of the CPUs used by the server, by wrk and by everything else meanwhile.

    `headers` are sent with every request ("Cookie: ..."); with a `marker`, the responses whose
    body contains it are counted as `marked`; with `paths`, those are requested in turn."""
    server_pids = [server_pid, *child_pids(server_pid)] if server_pid else []
    before = process_jiffies(server_pids), process_jiffies(database_pids(config))
    busy, total = cpu_jiffies()
    client = children_jiffies()
    result = subprocess.run(
        [
            "wrk",
            f"--threads={min(config.wrk_threads, connections)}",
            f"--connections={connections}",
            f"--duration={seconds}s",
            "--timeout=5s",
            "--latency",
            f"--script={BENCH / 'wrk.lua'}",
            *(arg for header in headers for arg in ("--header", header)),
            url,
            *(["--", marker or "", *paths] if marker or paths else []),
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    busy2, total2 = cpu_jiffies()
    elapsed = total2 - total
    client = (children_jiffies() - client) / elapsed
    after = process_jiffies(server_pids), process_jiffies(database_pids(config))
    server, database = (
        sum(ticks - start.get(pid, 0) for pid, ticks in end.items()) / elapsed
        for start, end in zip(before, after, strict=True)
    )
    other = (busy2 - busy) / elapsed - server - database - client
    line = next((ln for ln in result.stdout.splitlines() if ln.startswith("WRKJSON ")), None)
    if result.returncode or line is None:
        raise SystemExit(f"wrk failed on {url}:\n{result.stdout}\n{result.stderr}")
    raw = json.loads(line.removeprefix("WRKJSON "))
    requests = raw["requests"]
    latency = raw["latency_us"]
    return {
        "requests": requests,
        "rps": round(requests / (raw["duration_us"] / 1e6), 1),
        "p50_ms": round(latency["p50"] / 1000, 2),
        "p90_ms": round(latency["p90"] / 1000, 2),
        "p95_ms": round(latency["p95"] / 1000, 2),
        "p99_ms": round(latency["p99"] / 1000, 2),
        "max_ms": round(latency["max"] / 1000, 2),
        "errors": sum(raw["errors"].values()),
        "error_kinds": {kind: n for kind, n in raw["errors"].items() if n},
        "bytes_per_response": round(raw["bytes"] / requests) if requests else 0,
        "status": {kind: n for kind, n in raw["status"].items() if n},
        "x_cache": raw["x_cache"],
        **({"marked": raw["marked"]} if marker else {}),
        "cpu": {
            "server": round(server, 3),
            "database": round(database, 3),
            "wrk": round(client, 3),
            "other": round(other, 3),
        },
    }


def wait_until_idle(base, seconds=300):
    """Until /robots.txt comes back at once, three times running: requests a wrk run left
    queued (a sync worker still renders them after wrk has gone) are done."""
    deadline = time.monotonic() + seconds
    fast = 0
    while fast < 3:
        if time.monotonic() > deadline:
            raise SystemExit(f"the server at {base} was still busy after {seconds} s")
        started = time.monotonic()
        fetch(base + "/robots.txt", timeout=seconds)
        fast = fast + 1 if time.monotonic() - started < 0.1 else 0
        time.sleep(0.1)


def warm_up(config, url, cached, seconds=120, **request):
    """wrk for BENCH_WARMUP seconds at the lowest concurrency; with the page cache on, again
    until a whole warm-up sees no miss, so every worker holds the page."""
    deadline = time.monotonic() + seconds
    while True:
        result = wrk(config, url, min(config.connections), config.warmup, **request)
        done = not cached or (result["requests"] and not result["x_cache"]["miss"])
        if done or time.monotonic() > deadline:
            return result


def drive(config, base, server_pid, pages, cached=False, **request):
    """wrk on every page: a warm-up, then each concurrency in turn. `request`: wrk()'s
    headers and marker."""
    figures = {}
    for name, path in pages.items():
        wait_until_idle(base)
        warm_up(config, base + path, cached, **request)
        figures[name] = {}
        for connections in config.connections:
            figures[name][str(connections)] = measure(
                config, base, server_pid, name, path, connections, **request
            )
    return figures


def measure(config, base, server_pid, name, path, connections, attempts=3, **request):
    """A wrk run; again (at most `attempts` times in all) while other processes took more than
    a tenth of the CPUs, keeping the least disturbed run. A shared machine needs this."""
    runs = []
    for attempt in range(attempts):
        if attempt:
            wait_for_quiet(config)
        wait_until_idle(base)
        result = wrk(config, base + path, connections, config.duration, server_pid, **request)
        runs.append(result)
        step(
            f"  {name:<11} {connections:>3} conns {result['rps']:>8.1f} req/s  "
            f"p99 {result['p99_ms']:>7.1f} ms  errors {result['errors']}  "
            f"other CPU {result['cpu']['other']:.0%}"
        )
        if result["cpu"]["other"] < 0.10:
            break
    best = min(runs, key=lambda r: r["cpu"]["other"])
    best["attempts"] = len(runs)
    return best


# Servers ---------------------------------------------------------------------------------------


def worker_memory(master_pid):
    """Peak (VmHWM) and current (VmRSS) resident memory of each gunicorn worker, in MB."""
    workers = []
    for pid in child_pids(master_pid):
        status = _proc_status(pid)
        if status:
            workers.append(
                {
                    "pid": pid,
                    "peak_mb": round(status["VmHWM"] / 1024, 1),
                    "rss_mb": round(status["VmRSS"] / 1024, 1),
                }
            )
    return workers


def child_pids(pid):
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        return [int(child) for child in children.read_text().split()]
    # Kernels without CONFIG_PROC_CHILDREN.
    return [
        int(stat.parent.name)
        for stat in Path("/proc").glob("[0-9]*/stat")
        if _parent_pid(stat) == pid
    ]


def _parent_pid(stat):
    with contextlib.suppress(OSError, IndexError, ValueError):
        return int(stat.read_text().rsplit(")", 1)[1].split()[1])
    return None


def _proc_status(pid):
    values = {}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                values[key] = int(rest.split()[0])  # kB
    return values if len(values) == 2 else None


@contextlib.contextmanager
def gunicorn(config, label, app="werkplaats.wsgi", **env):
    if not port_is_free(config.gunicorn_port):
        raise SystemExit(f"port {config.gunicorn_port} is in use; set BENCH_PORT")
    args = [
        GUNICORN,
        app,
        f"--workers={config.workers}",
        f"--worker-class={config.worker_class}",
        f"--bind=127.0.0.1:{config.gunicorn_port}",
        "--log-level=warning",
    ]
    if config.worker_class == "gthread":
        args.append(f"--threads={config.threads}")
    process = PROCESSES.start(
        f"gunicorn ({label})",
        args,
        django_env(config, **env),
        WORK / "logs" / f"gunicorn-{label}.log",
    )
    base = f"http://127.0.0.1:{config.gunicorn_port}"
    try:
        wait_until_serving(base + "/robots.txt", process)
        yield base, process
    finally:
        PROCESSES.stop(process)


NGINX_CONF = """\
# The ceiling: the home page's HTML as a static file. Written by bench/driver.py.
worker_processes {workers};
daemon off;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    default_type text/html;
    client_body_temp_path {work}/tmp/body;
    proxy_temp_path {work}/tmp/proxy;
    server {{
        listen 127.0.0.1:{port};
        root {work}/html;
        location / {{ try_files /index.html =404; }}
    }}
}}
"""


@contextlib.contextmanager
def nginx(config, html):
    if not port_is_free(config.nginx_port):
        raise SystemExit(f"port {config.nginx_port} is in use; set BENCH_NGINX_PORT")
    work = WORK / "nginx"
    shutil.rmtree(work, ignore_errors=True)
    for folder in ("html", "tmp/body", "tmp/proxy"):
        (work / folder).mkdir(parents=True)
    (work / "html" / "index.html").write_bytes(html)
    conf = work / "nginx.conf"
    conf.write_text(NGINX_CONF.format(workers=config.workers, work=work, port=config.nginx_port))
    process = PROCESSES.start(
        "nginx",
        ["nginx", "-p", work, "-e", work / "error.log", "-c", conf],
        {"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
        WORK / "logs" / "nginx.log",
    )
    base = f"http://127.0.0.1:{config.nginx_port}"
    try:
        wait_until_serving(base + "/", process)
        yield base, process
    finally:
        PROCESSES.stop(process)


def server_run(config, label, loaded, every_page, page_cache_seconds, markers=None):
    """Each loaded page on a gunicorn of its own (so requests a run leaves queued cannot slow
    the next page), then one more that serves every public page, for the peak memory.

    `markers`: page name -> text its responses must hold (counted by bench/wrk.lua as
    `marked`); a page with a marker must show it to a first request before it is driven."""
    cached = page_cache_seconds > 0
    markers = markers or {}
    figures, workers = {}, []
    for name, path in loaded.items():
        wait_for_quiet(config)
        step(f"gunicorn, {config.workers} {config.worker_class} workers, {label}: {name}")
        with gunicorn(config, label, PAGE_CACHE_SECONDS=page_cache_seconds) as (base, process):
            request = {"marker": markers[name]} if name in markers else {}
            if request:
                status, _, body = fetch(base + path, timeout=120)
                if status != 200 or markers[name].encode() not in body:
                    raise SystemExit(
                        f"{path} answered {status} without {markers[name]!r}; see bench/work/logs/"
                    )
            figures[name] = drive(config, base, process.pid, {name: path}, cached, **request)[name]
            workers += [{"after": name, **w} for w in worker_memory(process.pid)]
    step(f"gunicorn, {label}: every public page, {EVERY_PAGE_TIMES} times")
    with gunicorn(config, label, PAGE_CACHE_SECONDS=page_cache_seconds) as (base, process):
        for _ in range(EVERY_PAGE_TIMES):
            for path in every_page.values():
                fetch(base + path, timeout=120)
        workers += [{"after": "every page", **w} for w in worker_memory(process.pid)]
        status, _, home = fetch(base + "/")
    if status != 200:
        raise SystemExit(f"the home page answered {status}")
    return {
        "page_cache_seconds": page_cache_seconds,
        "pages": figures,
        "workers": workers,
        "home_html": home,
    }


def publish_check(config):
    """Fill the cache with the home page, publish from another process, read the home page."""
    step("publish from another process; do cached pages show it?")
    title = f"Controlebericht {datetime.datetime.now():%Y%m%d %H%M%S}"
    with gunicorn(config, "publish-check") as (base, _):
        warm_up(config, base + "/", cached=True)  # every worker holds the home page
        run(
            [PYTHON, BENCH / "publish.py", title],
            django_env(config),
            WORK / "logs" / "publish.log",
            120,
        )
        reads = [fetch(base + "/") for _ in range(20)]
    fresh = sum(title.encode() in body for _, _, body in reads)
    hits = sum(headers.get("X-Cache") == "hit" for _, headers, _ in reads)
    return {"title": title, "reads": len(reads), "showing_it": fresh, "cache_hits": hits}


def fetch_signed_in(base, path, cookie, timeout=30):
    """(status, headers, body) of a GET with a Cookie header. A redirect is returned, not
    followed: the login page must not pass for the page asked for."""
    address = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Cookie": cookie})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def workspace_run(config):
    """The workspace stream on a gunicorn of its own (the page cache setting of production),
    driven as the signed-in member: wrk sends the Cookie header of a sign-in bench/workspace.py
    made (its session is in the database, where every worker finds it), and bench/wrk.lua
    counts the responses that are the stream."""
    wait_for_quiet(config)
    step(f"gunicorn, {config.workers} {config.worker_class} workers, signed in: workspace stream")
    with gunicorn(config, "workspace") as (base, process):
        output, _ = run(
            [PYTHON, BENCH / "workspace.py", "session"],
            django_env(config),
            WORK / "logs" / "workspace-session.log",
            120,
        )
        session = json.loads(output)
        status, headers, body = fetch_signed_in(base, session["url"], session["cookie"])
        if status != 200 or session["marker"].encode() not in body:
            raise SystemExit(
                f"the workspace stream answered {status} {headers.get('Location') or ''} "
                "to the signed-in member, not the stream; see bench/work/logs/"
            )
        figures = drive(
            config,
            base,
            process.pid,
            {"stream": session["url"]},
            headers=[f"Cookie: {session['cookie']}"],
            marker=session["marker"],
        )
        workers = [{"after": "stream", **w} for w in worker_memory(process.pid)]
    return {
        "page_cache_seconds": config.page_cache_seconds,
        "pages": figures,
        "workers": workers,
    }


# Machine ---------------------------------------------------------------------------------------


def machine(database_version):
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    memtotal = re.search(r"^MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text(), re.M)
    os_release = Path("/etc/os-release")
    pretty = (
        re.search(r'^PRETTY_NAME="?([^"\n]+)', os_release.read_text(), re.M)
        if (os_release.exists())
        else None
    )

    def tool_version(args):
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            done = subprocess.run(args, capture_output=True, text=True, timeout=10)
            return (done.stdout + done.stderr).strip().splitlines()[0]
        return None

    def git(*args):
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            return subprocess.run(
                ["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10
            ).stdout.strip()
        return None

    changed = git("status", "--porcelain", "--", "werkplaats")
    return {
        "hostname": socket.gethostname(),
        "cpus": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)),
        "cpu_model": model.group(1).strip() if model else None,
        "memory_mb": round(int(memtotal.group(1)) / 1024) if memtotal else None,
        "kernel": platform.release(),
        "os": pretty.group(1) if pretty else None,
        "load_average_at_start": os.getloadavg(),
        "python": platform.python_version(),
        "django": importlib.metadata.version("django"),
        "wagtail": importlib.metadata.version("wagtail"),
        "gunicorn": importlib.metadata.version("gunicorn"),
        "wrk": tool_version(["wrk", "-v"]),
        "nginx": tool_version(["nginx", "-v"]),
        "database": database_version,
        "git_commit": git("rev-parse", "--short", "HEAD"),
        "werkplaats_uncommitted_files": len(changed.splitlines()) if changed else 0,
    }


# Report ----------------------------------------------------------------------------------------


def targets(results):
    """(target, measured, passed) for each target of the issue; passed is None for a target
    that does not apply to the run (the figures' target is PostgreSQL's)."""
    if "large" not in results["queries"]:  # BENCH_ONLY=activities, library or newsletter
        return activities_targets(results) + library_targets(results) + newsletter_targets(results)
    queries = results["queries"]["large"]["pages"]
    demo = results["queries"]["demo"]["pages"]
    cached = results["runs"]["cached"]["pages"]
    uncached = results["runs"]["uncached"]["pages"]
    ceiling = results["runs"]["nginx"]["pages"]["home_static"]
    low, high = (
        str(min(results["config"]["connections"])),
        str(max(results["config"]["connections"])),
    )
    rows = []

    worst = max(queries, key=lambda name: queries[name]["queries"])
    rows.append(
        (
            f"<= {MAX_QUERIES} SQL queries on any public page",
            f"max {queries[worst]['queries']} ({worst}); "
            f"over {MAX_QUERIES}: {sum(p['queries'] > MAX_QUERIES for p in queries.values())}"
            f" of {len(queries)} pages",
            queries[worst]["queries"] <= MAX_QUERIES,
        )
    )
    grew = [
        f"{name} {demo[name]['queries']}->{queries[name]['queries']}"
        for name in queries
        if name in demo and queries[name]["queries"] > demo[name]["queries"]
    ]
    counts = (
        f"{results['queries']['demo']['news_items']} and "
        f"{results['queries']['large']['news_items']} news items"
    )
    rows.append(
        (
            "queries independent of the number of items",
            f"grew: {', '.join(grew)}" if grew else f"no page grew ({counts})",
            not grew,
        )
    )
    for label, figures in (("page cache on", cached), ("page cache off", uncached)):
        # The calendar has a row of its own (issue 4).
        p99 = {name: figures[name][low]["p99_ms"] for name in figures if name != "calendar"}
        rows.append(
            (
                f"p99 <= {MAX_P99_MS_AT_10} ms at {low} connections ({label})",
                ", ".join(f"{name} {ms:.0f} ms" for name, ms in p99.items()),
                max(p99.values()) <= MAX_P99_MS_AT_10,
            )
        )
    errors = {
        f"{name} ({label})": run[name][high]["errors"]
        for label, run in (("page cache on", cached), ("page cache off", uncached))
        for name in run
        if run[name][high]["errors"]
    }
    rows.append(
        (
            f"0 errors at {high} connections",
            ", ".join(f"{n} in {where}" for where, n in errors.items()) or "0 errors",
            not errors,
        )
    )
    peak = max(
        worker["peak_mb"]
        for label in ("cached", "uncached", "workspace")
        for worker in results["runs"].get(label, {}).get("workers", [])
    )
    rows.append(
        (
            f"peak memory per gunicorn worker <= {MAX_WORKER_MB} MB",
            f"{peak:.1f} MB",
            peak <= MAX_WORKER_MB,
        )
    )
    home = {c: uncached["home"][c]["rps"] for c in uncached["home"]}
    rows.append(
        (
            f"uncached home >= {MIN_UNCACHED_HOME_RPS} req/s",
            ", ".join(f"{rps:.1f} req/s at {c}" for c, rps in home.items()),
            min(home.values()) >= MIN_UNCACHED_HOME_RPS,
        )
    )
    share, where = min(
        (cached[name][c]["rps"] / ceiling[c]["rps"], f"{name} at {c}")
        for name in cached
        for c in cached[name]
    )
    rows.append(
        (
            f"cached pages >= {MIN_SHARE_OF_NGINX:.0%} of the nginx ceiling",
            f"min {share:.1%} ({where})",
            share >= MIN_SHARE_OF_NGINX,
        )
    )
    check = results["publish_check"]
    rows.append(
        (
            "a publish shows at once on cached pages",
            f"{check['showing_it']} of {check['reads']} home page reads show it "
            f"(CACHE_URL {results['config']['cache_url']})",
            check["showing_it"] == check["reads"],
        )
    )
    return (
        rows
        + workspace_targets(results)
        + activities_targets(results)
        + library_targets(results)
        + newsletter_targets(results)
    )


def workspace_targets(results):
    """The targets of issue 3 (none in results saved before it)."""
    queries, run = results["queries"].get("workspace"), results["runs"].get("workspace")
    if not queries or not run:
        return []
    page, data = queries["pages"]["workspace_stream"], queries["data"]
    low = str(min(results["config"]["connections"]))
    p99 = run["pages"]["stream"][low]["p99_ms"]
    return [
        (
            f"workspace stream first page <= {MAX_WORKSPACE_QUERIES} SQL queries",
            f"{page['queries']} ({data['posts']} posts in the group, the member in "
            f"{data['member_groups']} groups)",
            page["queries"] <= MAX_WORKSPACE_QUERIES,
        ),
        (
            f"workspace stream p99 <= {MAX_WORKSPACE_P99_MS_AT_10} ms at {low} connections",
            f"{p99:.0f} ms",
            p99 <= MAX_WORKSPACE_P99_MS_AT_10,
        ),
    ]


def activities_targets(results):
    """The targets of issue 4 (none in results saved before it)."""
    calendar = results["queries"].get("calendar")
    figures = results.get("figures")
    if not calendar or not figures:
        return []
    demo, large = calendar["demo"]["pages"]["calendar"], calendar["large"]["pages"]["calendar"]
    low = str(min(results["config"]["connections"]))
    p99 = results["runs"]["uncached"]["pages"]["calendar"][low]["p99_ms"]
    year = figures["cases"]["year"]
    seeds = figures["cases"]["year_exchanges_and_focus_groups"]
    postgresql = figures["database"] == "postgresql"
    # An empty calendar skips the queries of its cards: only a list compares with a list.
    compared = demo["activities_shown"] > 0
    return [
        (
            f"calendar <= {MAX_QUERIES} SQL queries, not growing with the activities",
            f"{large['queries']} showing {large['activities_shown']} of "
            f"{calendar['large']['data']['activities']} activities; "
            + (
                f"{demo['queries']} showing {demo['activities_shown']} of the demo's "
                f"{calendar['demo']['data']['activities']}"
                if compared
                else "the demo shows no activity: growth not compared"
            ),
            large["queries"] <= MAX_QUERIES
            and (not compared or large["queries"] <= demo["queries"]),
        ),
        (
            f"calendar p99 <= {MAX_CALENDAR_P99_MS_AT_10} ms at {low} connections (uncached)",
            f"{p99:.0f} ms",
            p99 <= MAX_CALENDAR_P99_MS_AT_10,
        ),
        (
            f"participation figures for a year <= {MAX_FIGURES_MS} ms (PostgreSQL)",
            f"{figures['year']}: p95 {year['p95_ms']:.0f} ms (median {year['median_ms']:.0f}, "
            f"max {year['max_ms']:.0f}), {year['unique_people']} unique people in "
            f"{year['activities']} activities; exchanges and focus groups: p95 "
            f"{seeds['p95_ms']:.0f} ms, {seeds['unique_people']} people"
            + ("" if postgresql else f" — on {figures['database']}, not judged"),
            max(year["p95_ms"], seeds["p95_ms"]) <= MAX_FIGURES_MS if postgresql else None,
        ),
    ]


def activities_checks(results):
    """The activities data set is the one of issue 4, the calendar's query count comes from a
    render showing a page of activities, and every calendar response under load was a 200
    showing activities (with the page cache off none went through it), the figures' timing was
    not disturbed."""
    calendar = results["queries"].get("calendar")
    figures = results.get("figures")
    if not calendar or not figures:
        return []
    config, runs = results["config"], results["runs"]
    data, page = calendar["large"]["data"], calendar["large"]["pages"]["calendar"]
    rendered = page["status"] == 200 and page["activities_shown"] > 0 and not page["x_cache"]
    wrong, responses = {}, 0
    for label in ("uncached", "cached"):
        for conns, r in runs[label]["pages"]["calendar"].items():
            responses += r["requests"]
            problems = [f"{kind}: {n}" for kind, n in r["status"].items() if kind != "2xx"]
            if r.get("marked", 0) < r["requests"]:
                problems.append(f"without activities: {r['requests'] - r.get('marked', 0)}")
            if r["errors"]:
                problems.append(f"errors: {r['errors']}")
            through_cache = r["x_cache"]["hit"] + r["x_cache"]["miss"]
            if label == "uncached" and through_cache:
                problems.append(f"through the page cache: {through_cache}")
            if problems:
                wrong[f"{label} at {conns}"] = problems
    return [
        (
            "activities data set",
            f"{data['activities']} activities ({data['upcoming']} upcoming, "
            f"{data['upcoming_public']} of them public), {data['attendance']} attendance rows, "
            f"{data['registrations']} sign-ups, {data['people']} people",
            data["activities"] >= config.get("activities", 5000)
            and data["attendance"] >= config.get("attendance", 500_000),
        ),
        (
            "calendar queries were taken on a render",
            f"status {page['status']}, {page['activities_shown']} activities shown, "
            f"X-Cache {page['x_cache'] or 'none'}",
            rendered,
        ),
        (
            "calendar responses under load: 200s showing activities",
            "; ".join(f"{where}: {', '.join(p)}" for where, p in wrong.items())
            or f"all {responses} (page cache off and on)",
            not wrong,
        ),
        (
            "CPU used by other processes while timing the figures",
            f"{figures['cpu']['other']:.1%} of the machine ({figures['attempts']} tries)",
            figures["cpu"]["other"] < 0.10,
        ),
    ]


def checks(results):
    """(check, measured, passed): the cached run was served from the cache, the uncached run
    rendered every page, the large data set is the one measured, the machine was not busy."""
    runs = results["runs"]

    def measurements(label):
        pages = runs.get(label, {}).get("pages", {})
        return [r for by_conns in pages.values() for r in by_conns.values()]

    cached = measurements("cached")
    hit_share = min(
        (r["x_cache"]["hit"] / r["requests"] if r["requests"] else 0 for r in cached), default=0
    )
    uncached_hits = sum(
        r["x_cache"]["hit"] + r["x_cache"]["miss"] for r in measurements("uncached")
    )
    everything = [r for label in runs for r in measurements(label)]
    busiest = max((r["cpu"]["other"] for r in everything), default=0.0)
    hits = (
        "page cache on: share of responses that were hits",
        f"min {hit_share:.2%} over the measured runs",
        hit_share >= 0.99,
    )
    rendered_all = (
        "page cache off: responses through the page cache",
        f"{uncached_hits} (no X-Cache header: every response rendered)",
        uncached_hits == 0,
    )
    quiet = (
        "CPU used by other processes during a run",
        f"max {busiest:.1%} of the machine (loopback network work counts here too)",
        busiest < 0.10,
    )
    if "large" not in results["queries"]:  # BENCH_ONLY=activities, library or newsletter
        return [
            *([hits] if cached else []),
            *([rendered_all] if "uncached" in runs else []),
            *([quiet] if everything else []),
            *activities_checks(results),
            *library_checks(results),
            *newsletter_checks(results),
        ]
    large = results["queries"]["large"]
    # A render may run no query at all: every piece of the home page can be kept (core/cache.py).
    # What tells a render from a page-cache hit is the missing X-Cache header.
    passed = [
        name for name, p in large["pages"].items() if p["x_cache"] is not None or p["status"] != 200
    ]
    return [
        hits,
        rendered_all,
        (
            "query counts were taken on a render",
            f"passed the page cache or failed: {', '.join(passed)}"
            if passed
            else f"all {len(large['pages'])} pages rendered (200, no X-Cache header)",
            not passed,
        ),
        (
            "data set",
            f"{large['news_items']} news items, {large['themes']} themes",
            large["news_items"] >= results["config"]["news"] and large["themes"] >= 1,
        ),
        quiet,
        *workspace_checks(results),
        *activities_checks(results),
        *library_checks(results),
        *newsletter_checks(results),
    ]


def workspace_checks(results):
    """The workspace data set is the one of issue 3, its query count comes from a signed-in
    render, and every response under load was a 200 with the stream: a redirect to the login
    page (3xx), an error page or a page cache hit fails the check."""
    queries, run = results["queries"].get("workspace"), results["runs"].get("workspace")
    if not queries or not run:
        return []
    config = results["config"]
    data, page = queries["data"], queries["pages"]["workspace_stream"]
    rendered = page["status"] == 200 and page["threads_shown"] == 20 and page["x_cache"] is None
    wrong = {}
    for conns, r in run["pages"]["stream"].items():
        problems = [f"{kind}: {n}" for kind, n in r["status"].items() if kind != "2xx"]
        if r.get("marked", 0) < r["requests"]:
            problems.append(f"without the stream: {r['requests'] - r.get('marked', 0)}")
        if r["errors"]:
            problems.append(f"errors: {r['errors']}")
        if r["x_cache"]["hit"] + r["x_cache"]["miss"]:
            problems.append(f"through the page cache: {r['x_cache']['hit'] + r['x_cache']['miss']}")
        if problems:
            wrong[conns] = problems
    responses = sum(r["requests"] for r in run["pages"]["stream"].values())
    return [
        (
            "workspace data set",
            f"{data['posts']} posts in {data['group']} ({data['threads']} discussions, "
            f"{data['replies']} replies, {data['authors']} authors); the member in "
            f"{data['member_groups']} groups",
            data["posts"] >= config.get("workspace_posts", 5000)
            and data["member_groups"] >= config.get("workspace_groups", 20),
        ),
        (
            "workspace queries were taken on a signed-in render",
            f"status {page['status']}, {page['threads_shown']} discussions shown, "
            f"X-Cache {page['x_cache'] or 'none'}",
            rendered,
        ),
        (
            "workspace responses under load: 200s of the stream",
            "; ".join(f"at {c}: {', '.join(p)}" for c, p in wrong.items())
            or f"all {responses} (signed in, none a redirect or through the page cache)",
            not wrong,
        ),
    ]


def report(results):
    lines = []
    add = lines.append
    m = results["machine"]
    config = results["config"]
    add("")
    add(
        f"Machine: {m['hostname']}, {m['cpus_usable']} of {m['cpus']} CPUs ({m['cpu_model']}), "
        f"{m['memory_mb']} MB, Linux {m['kernel']}, {m['os']}"
    )
    add(
        f"Stack: Python {m['python']}, Django {m['django']}, Wagtail {m['wagtail']}, gunicorn "
        f"{m['gunicorn']} ({config['workers']} {config['worker_class']} workers), "
        f"{m['database']}, cache {config['cache_url']}"
    )
    large = results["queries"].get("large")
    add(
        (
            f"Data: {large['news_items']} news items, {large['themes']} themes; "
            if large
            else f"Data: the demo site and issue {ONLY_ISSUES.get(config.get('only'), '?')}'s "
            f"part only (BENCH_ONLY={config.get('only')}); "
        )
        + f"wrk {config['duration']} s per page and concurrency after a {config['warmup']} s "
        "warm-up"
    )
    calendar = results["queries"].get("calendar")
    if calendar:
        data = calendar["large"]["data"]
        add(
            f"Activities: {data['activities']} ({data['upcoming']} upcoming), "
            f"{data['attendance']} attendance rows, {data['registrations']} sign-ups, "
            f"{data['people']} people, {data['venues']} venues"
        )
    workspace = results["queries"].get("workspace")
    if workspace:
        data = workspace["data"]
        add(
            f"Workspace: {data['posts']} posts ({data['threads']} discussions, "
            f"{data['replies']} replies) by {data['authors']} authors in {data['group']}; "
            f"the signed-in member in {data['member_groups']} groups"
        )
    library = results["queries"].get("library")
    if library:
        data = library["data"]
        add(
            f"Library: {data['practice_items']} practice items, {data['products']} products, "
            f"{data['documents']} documents with extracted text"
        )
    add("")
    add("SQL queries per page (page-cache miss)")
    if large:
        demo = results["queries"]["demo"]
        add(
            f"  {'page':<22} {'demo (' + str(demo['news_items']) + ')':>10} "
            f"{str(large['news_items']) + ' items':>11} {'HTML bytes':>11}  url"
        )
        for name, page in large["pages"].items():
            before = demo["pages"].get(name, {}).get("queries", "")
            add(
                f"  {name:<22} {before:>10} {page['queries']:>11} {page['bytes']:>11}  "
                f"{page['url']}"
            )
    if calendar:
        before, page = calendar["demo"]["pages"]["calendar"], calendar["large"]["pages"]["calendar"]
        add(
            f"  {'calendar':<22} {before['queries']:>10} {page['queries']:>11} "
            f"{page['bytes']:>11}  {page['url']} (with {calendar['demo']['data']['activities']} "
            f"and {calendar['large']['data']['activities']} activities)"
        )
    if workspace:
        for name, page in workspace["pages"].items():
            add(
                f"  {name + ' (signed in)':<34} {page['queries']:>11} {page['bytes']:>11}  "
                f"{page['url']}"
            )
    if library:
        for name, page in library["pages"].items():
            add(f"  {name:<34} {page['queries']:>11} {page['bytes']:>11}  {page['url']}")
    cost = (library or {}).get("search_cost")
    if cost:
        add("")
        add(
            f"Where a new question's time goes ({cost['questions']} questions as wrk draws them, "
            "a visitor, in one process, one at a time)"
        )
        add(
            f"  the page {cost['page_ms_mean']} ms; its search statement in the database "
            f"{cost['execution_ms_mean']} ms (planning {cost['planning_ms_mean']} ms more)"
        )
        add(
            f"  matches the visitor may see: median {cost['matches_median']}, mean "
            f"{cost['matches_mean']}, max {cost['matches_max']}; the statement costs about "
            f"{cost['execution_fixed_ms']} ms + {cost['execution_us_per_match']} µs per match"
        )
        for limit, share in cost["share_of_execution"].items():
            add(
                f"  questions with over {limit} matches: {share['questions']:.0%} of the "
                f"questions, {share['execution']:.0%} of the statement's time"
            )
    add("")
    ceiling = results["runs"].get("nginx", {}).get("pages", {}).get("home_static", {})
    add(
        f"  {'page':<11} {'run':<9} {'conns':>5} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} "
        f"{'errors':>6} {'bytes/resp':>10} {'cache hits':>10} {'of nginx':>8} {'other CPU':>9}"
    )
    for label in ("cached", "uncached", "nginx", "bare-wsgi", "workspace", "library"):
        for name, by_conns in results["runs"].get(label, {}).get("pages", {}).items():
            for conns, r in by_conns.items():
                hits = r["x_cache"]["hit"] / r["requests"] if r["requests"] else 0
                nginx_rps = ceiling.get(conns, {}).get("rps")
                share = f"{r['rps'] / nginx_rps:.1%}" if nginx_rps else "-"
                add(
                    f"  {name:<11} {label:<9} {conns:>5} {r['rps']:>9.1f} {r['p50_ms']:>8.2f} "
                    f"{r.get('p95_ms', float('nan')):>8.2f} {r['p99_ms']:>8.2f} {r['errors']:>6} "
                    f"{r['bytes_per_response']:>10} "
                    f"{hits:>10.1%} {share:>8} {r['cpu']['other']:>9.1%}"
                )
    add("")
    for label in ("cached", "uncached", "workspace", "library"):
        if label not in results["runs"]:
            continue
        workers = results["runs"][label]["workers"]
        top = max(workers, key=lambda w: w["peak_mb"])
        add(
            f"gunicorn workers ({label}): peak {top['peak_mb']} MB (after {top['after']}), "
            f"the {len(workers)} workers' peaks "
            f"{min(w['peak_mb'] for w in workers)}-{top['peak_mb']} MB"
        )
    figures = results.get("figures")
    if figures:
        add("")
        add(
            f"Participation figures (activities.figures.participation), {figures['year']}, "
            f"{figures['database']}, {figures['cases']['year']['repeat']} times after a warm-up; "
            f"other CPU {figures['cpu']['other']:.1%}"
        )
        add(
            f"  {'case':<34} {'queries':>7} {'median ms':>9} {'p95 ms':>8} {'max ms':>8} "
            f"{'activities':>10} {'attendance':>10} {'unique people':>13}"
        )
        for name, case in figures["cases"].items():
            add(
                f"  {name:<34} {case['queries']:>7} {case['median_ms']:>9.1f} "
                f"{case['p95_ms']:>8.1f} {case['max_ms']:>8.1f} {case['activities']:>10} "
                f"{case['attendances']:>10} {case['unique_people']:>13}"
            )
    newsletter = results["runs"].get("newsletter")
    if newsletter:
        add("")
        add(
            "Newsletter (newsletter_send: the background task's batches, one process, "
            "to a local aiosmtpd)"
        )
        add(
            f"  {'subscribers':>11} {'sent':>7} {'send s':>7} {'mails/s':>8} {'wall s':>7} "
            f"{'peak MB':>8} {'received':>9}"
        )
        for size, run in sorted(newsletter.items(), key=lambda pair: int(pair[0])):
            add(
                f"  {size:>11} {run['sent']:>7} {run['send_s']:>7.1f} {run['mails_per_s']:>8.0f} "
                f"{run['wall_s']:>7.1f} {run['peak_mb']:>8.1f} {run['received']['messages']:>9}"
            )
    add("")
    add("Checks that the figures measure what they claim")
    for check, measured, passed in results["checks"]:
        add(f"  {'ok  ' if passed else 'BAD '}  {check:<52} {measured}")
    add("")
    add("Targets")
    for target, measured, passed in results["targets"]:
        verdict = "n/a " if passed is None else "PASS" if passed else "FAIL"
        add(f"  {verdict}  {target:<52} {measured}")
    add("")
    return "\n".join(lines)


# Main ------------------------------------------------------------------------------------------


def main():
    signal.signal(signal.SIGTERM, _on_signal)
    config = Config()
    if config.only not in ("", "activities", "library", "newsletter"):
        raise SystemExit(
            f"BENCH_ONLY={config.only!r}: the parts that run alone are 'activities', 'library', "
            "'newsletter'"
        )
    if config.only == "library":
        return main_library(config)
    if config.only == "newsletter":
        return main_newsletter(config)
    only_activities = config.only == "activities"
    started = datetime.datetime.now().astimezone()
    timings = {}
    for folder in ("logs", "sql", "media"):
        shutil.rmtree(WORK / folder, ignore_errors=True)
    WORK.mkdir(parents=True, exist_ok=True)
    try:
        step(f"fresh {config.engine} database")
        database_version = fresh_database(config)
        info = machine(database_version)
        if only_activities:
            calendar_demo = prepare_activities(config, timings)
        else:
            demo_queries, calendar_demo = prepare(config, timings)
            step(f"queries per page with {config.news} generated news items")
            large_queries = count_queries(config, "large")
            step("queries of the workspace stream, signed in")
            workspace_queries = count_workspace_queries(config)
        step(f"queries of the calendar with {config.activities} generated activities")
        calendar_large = count_calendar_queries(config, "large")
        calendar = {"calendar": CALENDAR_URL}
        markers = {"calendar": calendar_large["marker"]}
        if only_activities:
            every_page = loaded = calendar
        else:
            every_page = {name: page["url"] for name, page in large_queries["pages"].items()}
            every_page |= calendar
            loaded = {name: every_page[name] for name in LOADED_PAGES} | calendar

        runs = {}
        runs["cached"] = server_run(
            config, "cached", loaded, every_page, config.page_cache_seconds, markers
        )
        runs["uncached"] = server_run(config, "uncached", loaded, every_page, 0, markers)
        html = runs["cached"].pop("home_html")
        runs["uncached"].pop("home_html")
        if not only_activities:
            step("queries of the library's index and of a search")
            library_queries = count_library_queries(config)
            runs["library"] = library_run(config, library_queries)
            runs["workspace"] = workspace_run(config)
            runs["newsletter"] = newsletter_run(config)
            step(f"nginx, {config.workers} workers, the home page's HTML as a static file")
            wait_for_quiet(config)
            with nginx(config, html) as (base, process):
                runs["nginx"] = {"pages": drive(config, base, process.pid, {"home_static": "/"})}
            wait_for_quiet(config)
            step("gunicorn, the same HTML from a bare WSGI app: gunicorn's own ceiling")
            bare = "bench.static_wsgi:application"
            with gunicorn(
                config, "bare", app=bare, BENCH_HTML=WORK / "nginx" / "html" / "index.html"
            ) as (
                base,
                process,
            ):
                runs["bare-wsgi"] = {
                    "pages": drive(config, base, process.pid, {"home_static": "/"})
                }
            publish = publish_check(config)
        figures = figures_run(config)
    finally:
        PROCESSES.stop_all()

    info["load_average_at_end"] = os.getloadavg()
    results = {
        "started": started.isoformat(timespec="seconds"),
        "machine": info,
        "config": {
            **{k: v for k, v in vars(config).items() if k != "database_url"},
            "database": config.engine,
            "home_html_bytes": len(html),
        },
        "timings_s": {key: round(value, 1) for key, value in timings.items()},
        "queries": {"calendar": {"demo": calendar_demo, "large": calendar_large}},
        "runs": runs,
        "figures": figures,
    }
    if not only_activities:
        results["queries"] |= {
            "demo": demo_queries,
            "large": large_queries,
            "workspace": workspace_queries,
            "library": library_queries,
        }
        results["publish_check"] = publish
    return finish(results, config, started, "-activities" if only_activities else "")


def finish(results, config, started, part):
    """Judge, print and save a run; the exit status."""
    results["checks"] = checks(results)
    results["targets"] = targets(results)
    print(report(results))
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{started:%Y%m%d-%H%M%S}-{config.engine}{part}.json"
    path.write_text(json.dumps(results, indent=1) + "\n")
    print(f"written to {path.relative_to(ROOT)}")
    # None: a target that does not apply to this database (reported, not judged).
    failed = [target for target, _, passed in results["targets"] if passed is False]
    # A finished measurement succeeds; BENCH_STRICT=1 makes a missed target fail (for CI).
    return 1 if failed and os.environ.get("BENCH_STRICT") == "1" else 0


def run_part(config, part, measure):
    """BENCH_ONLY=<part>: a fresh database, migrate, the demo site, then `measure(config,
    timings)` -> (queries, runs); judged, printed and saved like a full run."""
    started = datetime.datetime.now().astimezone()
    timings = {}
    for folder in ("logs", "sql", "media", "newsletter"):
        shutil.rmtree(WORK / folder, ignore_errors=True)
    WORK.mkdir(parents=True, exist_ok=True)
    try:
        step(f"fresh {config.engine} database")
        info = machine(fresh_database(config))
        load_demo(config, timings)
        queries, runs = measure(config, timings)
    finally:
        PROCESSES.stop_all()
    info["load_average_at_end"] = os.getloadavg()
    results = {
        "started": started.isoformat(timespec="seconds"),
        "machine": info,
        "config": {
            **{k: v for k, v in vars(config).items() if k != "database_url"},
            "database": config.engine,
        },
        "timings_s": {key: round(value, 1) for key, value in timings.items()},
        "queries": queries,
        "runs": runs,
    }
    return finish(results, config, started, f"-{part}")


def main_library(config):
    """BENCH_ONLY=library: the demo site and the library of issue 5, nothing else."""

    def measure(config, timings):
        generate_library(config, timings)
        vacuum_analyze(config, timings)
        step("queries of the library's index and of a search")
        library_queries = count_library_queries(config)
        return {"library": library_queries}, {"library": library_run(config, library_queries)}

    return run_part(config, "library", measure)


def main_newsletter(config):
    """BENCH_ONLY=newsletter: the demo site and the newsletter of issue 6, nothing else."""
    return run_part(
        config, "newsletter", lambda config, timings: ({}, {"newsletter": newsletter_run(config)})
    )


def print_saved(path):
    """Print the report of a saved run again, its checks and targets worked out anew."""
    results = json.loads(Path(path).read_text())
    results["checks"] = checks(results)
    results["targets"] = targets(results)
    print(report(results))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--report"] and len(sys.argv) == 3:
        print_saved(sys.argv[2])
    else:
        sys.exit(main())
