"""Activities in the bench (issue 4): their data, the calendar's query count, the figures' speed.

Run by bench/driver.py with the bench settings, against the bench database, in three steps:

- `generate`: after load_demo. 60 venues in the region's municipalities; 30,000 people (network
  Persons without accounts: unique handles and example.org addresses, one or two roles, most
  with an organisation of the network and a municipality of work); 5,000 activities over ten
  years up to six months ahead (every kind, mostly public, some for members or for the
  organising groups, capacities, themes, organising groups, a few cancelled, some online);
  500,000 attendance rows on the activities that took place (one per person and activity, a
  fifth of the people coming to most of them, as regulars do); and sign-ups for the upcoming
  activities (confirmed up to the capacity, a waiting list on full ones, some cancelled).
  Written with bulk_create in batches, the same data for the same seed and day; the dates are
  counted from today, so the calendar always has upcoming activities.
- `queries`: the calendar's first page (/activiteiten/) requested twice as a visitor in a fresh
  process (run with the page cache off); the queries of the second request counted and, with
  --sql-dir, written to a file. Prints JSON with the page's figures and the data set's.
- `figures`: activities.figures.participation of a whole year's activities, and of that year's
  exchanges and focus groups (the seeds' yearly reviews), timed in this process: a warm-up,
  then --repeat times. Prints JSON with the median, p95 and max in ms and the answers.

No sign-up mails, reminders or notifications are written: the generated rows are history.
"""

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import time
import zoneinfo
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.text import slugify  # noqa: E402

from bench.generate import PLACES, SUBJECTS, seed_sentences  # noqa: E402
from werkplaats.activities import figures  # noqa: E402
from werkplaats.activities.models import (  # noqa: E402
    Activity,
    ActivityKind,
    Attendance,
    Audience,
    Registration,
    RegistrationStatus,
    Venue,
)
from werkplaats.core.cache import clear_page_cache  # noqa: E402
from werkplaats.groups.models import LearningGroup  # noqa: E402
from werkplaats.network.models import (  # noqa: E402
    Affiliation,
    Municipality,
    Organisation,
    Person,
    PersonRole,
    Position,
    Role,
)
from werkplaats.website.models import ThemePage  # noqa: E402

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
CALENDAR_URL = "/activiteiten/"
# What the calendar shows of each activity (activities/includes/card.html): the responses that
# hold it are the calendar with activities, not an empty state, an error or a login page.
CARD_MARKER = '<article class="activity-card'
PER_PAGE = 20
YEARS_BACK = 9  # activities from 1 January nine years ago …
DAYS_AHEAD = 183  # … to half a year ahead
# The seeds' yearly reviews count "unique people in three exchanges and four focus groups".
SEED_KINDS = [ActivityKind.EXCHANGE, ActivityKind.FOCUS_GROUP]
BATCH = 5000

# fmt: off
FIRST_NAMES = [
    "Anouk", "Bram", "Chantal", "Daan", "Esra", "Fatima", "Gert-Jan", "Hanneke", "Ilse",
    "Jeroen", "Karim", "Lotte", "Mohamed", "Nienke", "Oscar", "Priya", "Ruud", "Sanne",
    "Thijs", "Yasmina", "Annemiek", "Bilal", "Cor", "Dewi", "Emre", "Femke", "Gerda", "Hamza",
    "Iris", "Joost", "Kübra", "Lars", "Marloes", "Naima", "Orlando", "Petra", "Rachid",
    "Saskia", "Tim", "Ufuk", "Vera", "Willem", "Zeynep", "Aziz", "Bas", "Carla", "Dirk",
    "Eline", "Fleur", "Guus", "Hatice", "Ingrid", "Jamal", "Kees", "Linda", "Marco", "Nora",
    "Pieter", "Rianne", "Sevda",
]
LAST_NAMES = [
    "de Vries", "Jansen", "van den Berg", "Bakker", "El Amrani", "Visser", "Smit", "de Jong",
    "Yilmaz", "Mulder", "de Graaf", "Kramer", "van Dijk", "Bos", "Verhoeven", "Hendriks",
    "Dekker", "Koster", "Boukhari", "van Leeuwen", "de Boer", "Kaya", "Peters", "Vermeulen",
    "van der Linden", "Öztürk", "Brouwer", "de Wit", "Dijkstra", "Martens", "van Beek",
    "Çelik", "Prins", "Blom", "Huisman", "Ouali", "van Wijk", "Kok", "Postma", "Schouten",
    "Jacobs", "Hoekstra", "van Vliet", "Maas", "Sahin", "Verbeek", "Willems", "Lammers",
    "Kuipers", "Veenstra", "Haddou", "van Rijn", "de Lange", "Boer", "Mertens", "Aydın",
    "Franken", "Tahiri", "Wouters", "Gerritsen",
]
VENUE_KINDS = [
    "Wijkcentrum", "Buurthuis", "Bibliotheek", "Stadhuis", "Hogeschoollocatie", "Kerkzaal",
    "Ontmoetingscentrum", "Huis van de Wijk", "Gezondheidscentrum", "Vrijwilligerscentrale",
]
VENUE_NAMES = [
    "De Schakel", "Het Anker", "De Brug", "Zuidplein", "De Kroon", "Het Baken", "De Waag",
    "Oranjeboom", "De Linde", "Het Kompas", "De Horizon", "Noordhoek", "De Wissel", "Het Plein",
    "De Meeuw", "Centrum", "De Wilg", "Het Haventje",
]
STREETS = [
    "Dorpsstraat", "Kerkstraat", "Havenweg", "Molenlaan", "Wilhelminaplein", "Stationsweg",
    "Julianalaan", "Voorstraat", "Beatrixlaan", "Marktplein", "Schoolstraat", "Parkweg",
]
# kind -> (title start, relative size of the attendance, capacity range, length in hours)
KINDS = {
    ActivityKind.MEETING: ("Bijeenkomst", 2.0, (30, 120), (2, 3)),
    ActivityKind.FOCUS_GROUP: ("Focusgroep", 0.25, (8, 16), (2, 2)),
    ActivityKind.EXCHANGE: ("Uitwisseling", 1.2, (20, 80), (2, 4)),
    ActivityKind.VISIT: ("Wederzijds bezoek", 0.5, (10, 30), (3, 4)),
    ActivityKind.KNOWLEDGE_CAFE: ("Kenniscafé", 2.5, (40, 150), (2, 2)),
    ActivityKind.WORKSHOP: ("Workshop", 1.0, (15, 40), (2, 3)),
    ActivityKind.CONFERENCE: ("Werkconferentie", 9.0, (150, 600), (5, 7)),
    ActivityKind.GUEST_LECTURE: ("Gastles", 1.5, (30, 120), (1, 2)),
    ActivityKind.KITCHEN_TABLE: ("Keukentafelgesprek", 0.15, (4, 10), (1, 2)),
}
# How often each kind happens, out of 100.
KIND_SHARES = {
    ActivityKind.MEETING: 18, ActivityKind.FOCUS_GROUP: 10, ActivityKind.EXCHANGE: 14,
    ActivityKind.VISIT: 6, ActivityKind.KNOWLEDGE_CAFE: 16, ActivityKind.WORKSHOP: 14,
    ActivityKind.CONFERENCE: 3, ActivityKind.GUEST_LECTURE: 9, ActivityKind.KITCHEN_TABLE: 10,
}
TITLE_PATTERNS = [
    "{kind} over {subject}", "{kind}: {subject} in {place}", "{kind} {subject}",
    "{kind} in {place} over {subject}",
]
FUNCTIONS = [
    "wijkteammedewerker", "beleidsadviseur", "docent", "onderzoeker", "coördinator",
    "maatschappelijk werker", "teamleider", "student", "ervaringsdeskundige", "projectleider",
]
# fmt: on
# Roles by how common they are among the people who come.
ROLES = (
    [Role.PROFESSIONAL] * 8
    + [Role.POLICY_MAKER] * 3
    + [Role.TEACHER_RESEARCHER] * 2
    + [Role.STUDENT] * 3
    + [Role.RESIDENT] * 2
    + [Role.VOLUNTEER] * 2
    + [Role.CARER]
    + [Role.ADMINISTRATOR]
)


def _at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=AMSTERDAM)


def make_venues(rng, count, municipalities):
    """`count` venues spread over the region's municipalities, the big cities most."""
    taken = set(Venue.objects.values_list("name", "municipality_id"))
    weights = [
        6 if m.name == "Rotterdam" else 3 if m.name == "Dordrecht" else 1 for m in municipalities
    ]
    venues = []
    while len(venues) < count:
        municipality = rng.choices(municipalities, weights)[0]
        name = f"{rng.choice(VENUE_KINDS)} {rng.choice(VENUE_NAMES)}"
        if (name, municipality.pk) in taken:
            continue
        taken.add((name, municipality.pk))
        venues.append(
            Venue(
                name=name,
                street_address=f"{rng.choice(STREETS)} {rng.randint(1, 240)}",
                postcode=f"{rng.randint(2900, 3299)} {rng.choice('ABCDEGHJKLMNPRST')}"
                f"{rng.choice('ABCDEGHJKLMNPRST')}",
                city=municipality.name,
                municipality=municipality,
                directions="Met de tram of bus tot vlak voor de deur; rolstoeltoegankelijk.",
            )
        )
    return Venue.objects.bulk_create(venues)


def make_people(rng, count, municipalities, organisations):
    """`count` people without accounts, with roles, organisations and municipalities of work.

    Handles and addresses carry a number, so none meets a demo person's or the workspace's."""
    taken_handles = set(Person.objects.values_list("handle", flat=True))
    taken_emails = set(Person.objects.exclude(email=None).values_list("email", flat=True))
    weights = [
        8 if m.name == "Rotterdam" else 3 if m.name == "Dordrecht" else 1 for m in municipalities
    ]
    people, number = [], 0
    while len(people) < count:
        number += 1
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        handle = f"{slugify(f'{first} {last}')}-{number}"
        email = f"{handle.replace('-', '.')}@example.org"
        if handle in taken_handles or email in taken_emails:
            continue
        people.append(
            Person(
                first_name=first,
                last_name=last,
                email=email,
                handle=handle,
                position=rng.choice([Position.PAID] * 6 + [Position.UNPAID] * 3 + [Position.BOTH]),
                work_municipality=(
                    rng.choices(municipalities, weights)[0] if rng.random() < 0.85 else None
                ),
                created_at=_at(datetime.date(2016, 4, 1), 9)
                + datetime.timedelta(minutes=rng.randrange(9 * 365 * 24 * 60)),
            )
        )
    people = Person.objects.bulk_create(people, batch_size=BATCH)
    roles, affiliations = [], []
    for person in people:
        # One in twenty gave no role: counted as "Unknown".
        if rng.random() >= 0.05:
            for role in set(rng.sample(ROLES, rng.choice([1, 1, 1, 2]))):
                roles.append(PersonRole(person=person, role=role))
        if organisations and rng.random() < 0.7:
            for organisation in rng.sample(organisations, rng.choice([1] * 9 + [2])):
                affiliations.append(
                    Affiliation(
                        person=person, organisation=organisation, function=rng.choice(FUNCTIONS)
                    )
                )
    PersonRole.objects.bulk_create(roles, batch_size=BATCH)
    Affiliation.objects.bulk_create(affiliations, batch_size=BATCH)
    return people, len(roles), len(affiliations)


def make_activities(rng, count, today, venues, themes, groups, sentences):
    """`count` activities from 1 January YEARS_BACK years ago to DAYS_AHEAD days ahead."""
    first = datetime.date(today.year - YEARS_BACK, 1, 1)
    days = (today - first).days + DAYS_AHEAD
    kinds, shares = list(KIND_SHARES), list(KIND_SHARES.values())
    taken = set(Activity.objects.values_list("slug", flat=True))
    activities, links = [], []
    for number in range(1, count + 1):
        kind = rng.choices(kinds, shares)[0]
        label, _size, capacity, hours = KINDS[kind]
        day = first + datetime.timedelta(days=rng.randrange(days))
        if day.weekday() >= 5:  # the weekend's activities move to the Friday before
            day -= datetime.timedelta(days=day.weekday() - 4)
        starts = _at(day, rng.choice([9, 10, 13, 14, 15, 19]), rng.choice([0, 0, 30]))
        ends = starts + datetime.timedelta(hours=rng.randint(*hours), minutes=rng.choice([0, 30]))
        title = rng.choice(TITLE_PATTERNS).format(
            kind=label, subject=rng.choice(SUBJECTS), place=rng.choice(PLACES)
        )
        slug = f"{slugify(title)[:180].strip('-')}-{starts:%Y%m%d}"
        while slug in taken:
            slug += f"-{number}"
        taken.add(slug)
        online = rng.random() < 0.08
        organisers = rng.sample(groups, rng.choice([0, 1, 1, 1, 2])) if groups else []
        audience = rng.choices(
            [Audience.PUBLIC, Audience.MEMBERS, Audience.GROUP], [80, 12, 8 if organisers else 0]
        )[0]
        required = rng.random() < 0.85
        activities.append(
            Activity(
                kind=kind,
                title=title,
                slug=slug,
                summary=rng.choice(sentences)[:300],
                description="\n\n".join(rng.sample(sentences, 3)),
                starts_at=starts,
                ends_at=ends,
                venue=None if online else rng.choice(venues),
                online_url=f"https://meet.example.org/{slug[:60]}" if online else "",
                audience=audience,
                registration_required=required,
                capacity=rng.randint(*capacity) if required and rng.random() < 0.8 else None,
                registration_closes_at=(
                    starts - datetime.timedelta(days=2) if required and rng.random() < 0.2 else None
                ),
                ask_organisation_and_role=rng.random() < 0.3,
                cancelled_at=(
                    starts - datetime.timedelta(days=rng.randint(1, 10))
                    if rng.random() < 0.02
                    else None
                ),
                cancellation_reason="Te weinig aanmeldingen." if rng.random() < 0.02 else "",
                created_at=starts - datetime.timedelta(days=rng.randint(20, 90)),
            )
        )
        links.append((organisers, rng.sample(themes, rng.choice([0, 1, 1, 2])) if themes else []))
    for activity in activities:
        if activity.cancelled_at is None:
            activity.cancellation_reason = ""
        elif not activity.cancellation_reason:
            activity.cancellation_reason = "De spreker is verhinderd."
    activities = Activity.objects.bulk_create(activities, batch_size=1000)
    group_rows, theme_rows = [], []
    GroupLink, ThemeLink = Activity.groups.through, Activity.themes.through
    for activity, (organisers, chosen) in zip(activities, links, strict=True):
        group_rows += [
            GroupLink(activity_id=activity.pk, learninggroup_id=g.pk) for g in organisers
        ]
        theme_rows += [ThemeLink(activity_id=activity.pk, themepage_id=t.pk) for t in chosen]
    GroupLink.objects.bulk_create(group_rows, batch_size=BATCH)
    ThemeLink.objects.bulk_create(theme_rows, batch_size=BATCH)
    return activities


def _spread(rng, total, weights, caps):
    """`total` split in proportion to `weights`, none above its cap, summing to `total`."""
    scale = total / sum(weights)
    counts = [min(cap, max(1, round(w * scale))) for w, cap in zip(weights, caps, strict=True)]
    while sum(counts) != total:
        i = rng.randrange(len(counts))
        if sum(counts) < total and counts[i] < caps[i]:
            counts[i] += 1
        elif sum(counts) > total and counts[i] > 1:
            counts[i] -= 1
    return counts


def _attendees(rng, count, people, regulars):
    """`count` distinct people: about two fifths from the regulars, the rest from everyone."""
    chosen = set(rng.sample(range(regulars), min(regulars, int(count * 0.4))))
    while len(chosen) < count:
        chosen.add(rng.randrange(len(people)))
    return [people[i] for i in chosen]


def make_attendance(rng, total, activities, people, now):
    """`total` attendance rows over the activities that took place (not cancelled), a
    conference drawing more than a kitchen-table talk; unique per activity and person."""
    held = [a for a in activities if a.ends_at < now and a.cancelled_at is None]
    weights = [KINDS[a.kind][1] * rng.uniform(0.5, 1.5) for a in held]
    counts = _spread(rng, total, weights, [len(people) // 10] * len(held))
    regulars = len(people) // 5  # people were shuffled: the first fifth come most
    batch, written = [], 0
    for activity, count in zip(held, counts, strict=True):
        for person in _attendees(rng, count, people, regulars):
            batch.append(
                Attendance(
                    activity_id=activity.pk,
                    person_id=person.pk,
                    walk_in=rng.random() < 0.15,
                    recorded_at=activity.starts_at + datetime.timedelta(minutes=rng.randrange(30)),
                )
            )
        if len(batch) >= BATCH:
            Attendance.objects.bulk_create(batch, batch_size=BATCH)
            written += len(batch)
            batch = []
        # A full activity had as many places as people who came (or more).
        if activity.capacity is not None and activity.capacity < count:
            activity.capacity = count
    Attendance.objects.bulk_create(batch, batch_size=BATCH)
    written += len(batch)
    Activity.objects.bulk_update(
        [a for a in held if a.capacity is not None], ["capacity"], batch_size=1000
    )
    return written, len(held)


def make_registrations(rng, activities, people, now):
    """Sign-ups for the upcoming activities that need them: confirmed up to the capacity (a
    third of the limited ones full, with a waiting list), some cancelled, a few unconfirmed."""
    rows = []
    for activity in activities:
        if activity.ends_at < now or activity.cancelled_at or not activity.registration_required:
            continue
        capacity = activity.capacity
        if capacity is None:
            confirmed, waiting = rng.randint(5, 80), 0
        elif rng.random() < 0.33:
            confirmed, waiting = capacity, rng.randint(1, max(1, capacity // 4))
        else:
            confirmed, waiting = rng.randint(0, capacity - 1), 0
        cancelled, unconfirmed = rng.randint(0, 3), rng.randint(0, 2)
        chosen = rng.sample(people, confirmed + waiting + cancelled + unconfirmed)
        statuses = (
            [RegistrationStatus.CONFIRMED] * confirmed
            + [RegistrationStatus.WAITLIST] * waiting
            + [RegistrationStatus.CANCELLED] * cancelled
            + [RegistrationStatus.UNCONFIRMED] * unconfirmed
        )
        opened = min(activity.created_at, now)
        for person, status in zip(chosen, statuses, strict=True):
            created = opened + (now - opened) * rng.random()
            rows.append(
                Registration(
                    activity_id=activity.pk,
                    person_id=person.pk,
                    status=status,
                    key=f"{rng.getrandbits(96):024x}",
                    created_at=created,
                    confirmed_at=created if status != RegistrationStatus.UNCONFIRMED else None,
                    waitlisted_at=created if status == RegistrationStatus.WAITLIST else None,
                    cancelled_at=created if status == RegistrationStatus.CANCELLED else None,
                )
            )
    Registration.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def generate(args):
    started = time.monotonic()
    rng = random.Random(args.seed)
    now = timezone.now()
    today = timezone.localdate(now)
    sentences = [s for s in seed_sentences() if len(s) <= 300]
    municipalities = list(Municipality.objects.filter(in_region=True).order_by("name"))
    organisations = list(Organisation.objects.order_by("name"))
    themes = list(ThemePage.objects.live().order_by("pk"))
    groups = list(LearningGroup.objects.order_by("pk"))
    if not municipalities:
        raise SystemExit("no municipality in the region: run load_demo first")
    timings = {}
    with transaction.atomic():
        mark = time.monotonic()
        venues = make_venues(rng, args.venues, municipalities)
        people, roles, affiliations = make_people(rng, args.people, municipalities, organisations)
        timings["people_s"] = time.monotonic() - mark
        mark = time.monotonic()
        activities = make_activities(rng, args.activities, today, venues, themes, groups, sentences)
        timings["activities_s"] = time.monotonic() - mark
        mark = time.monotonic()
        rng.shuffle(people)  # the regulars: the first fifth after shuffling
        attendance, held = make_attendance(rng, args.attendance, activities, people, now)
        timings["attendance_s"] = time.monotonic() - mark
        mark = time.monotonic()
        registrations = make_registrations(rng, activities, people, now)
        timings["registrations_s"] = time.monotonic() - mark
    # Rows written in bulk send no signals: no page or filter list from before may be served.
    clear_page_cache()
    upcoming = sum(a.ends_at >= now for a in activities)
    print(
        f"generated {len(venues)} venues, {len(people)} people ({roles} roles, {affiliations} "
        f"affiliations), {len(activities)} activities ({held} held, {upcoming} upcoming), "
        f"{attendance} attendance rows and {registrations} sign-ups in "
        f"{time.monotonic() - started:.1f} s ("
        + ", ".join(f"{k.removesuffix('_s')} {v:.1f} s" for k, v in timings.items())
        + ")"
    )


def data_set():
    now = timezone.now()
    return {
        "activities": Activity.objects.count(),
        "upcoming": Activity.objects.upcoming(now).count(),
        "upcoming_public": Activity.objects.upcoming(now).visible_to(None).count(),
        "attendance": Attendance.objects.count(),
        "registrations": Registration.objects.count(),
        "venues": Venue.objects.count(),
        "people": Person.objects.count(),
    }


def queries(args):
    if settings.PAGE_CACHE_SECONDS:
        raise SystemExit("run with PAGE_CACHE_SECONDS=0: the count is of a render")
    client = Client(HTTP_HOST="127.0.0.1")
    client.get(CALENDAR_URL)  # warm-up: per-process caches, the filter lists
    with CaptureQueriesContext(connection) as captured:
        response = client.get(CALENDAR_URL)
    if args.sql_dir:
        Path(args.sql_dir).mkdir(parents=True, exist_ok=True)
        lines = [f"{CALENDAR_URL} (a visitor): {len(captured)} queries", ""]
        lines += [f"{number}. {query['sql']}\n" for number, query in enumerate(captured, 1)]
        (Path(args.sql_dir) / "calendar.sql.txt").write_text("\n".join(lines))
    json.dump(
        {
            "data": data_set(),
            "marker": CARD_MARKER,
            "pages": {
                "calendar": {
                    "url": CALENDAR_URL,
                    "status": response.status_code,
                    "queries": len(captured),
                    "bytes": len(response.content),
                    "activities_shown": response.content.decode().count(CARD_MARKER),
                    "x_cache": response.get("X-Cache"),
                }
            },
        },
        sys.stdout,
        indent=1,
    )
    print()


def _timed(run, repeat):
    run()  # warm-up
    times, answer = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        answer = run()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "repeat": repeat,
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(0, round(0.95 * len(times)) - 1)], 1),
        "max_ms": round(times[-1], 1),
        "min_ms": round(times[0], 1),
        "activities": answer["activities"],
        "attendances": answer["attendances"],
        "unique_people": answer["unique_people"],
        "by_kind": answer["by_kind"],
        "rows": {
            key: len(answer[key])
            for key in ("by_kind", "by_role", "by_organisation", "by_municipality")
        },
    }


def _machine_ticks():
    """(busy, all) CPU time of the machine so far, in clock ticks, from /proc/stat."""
    ticks = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return sum(ticks) - ticks[3] - ticks[4], sum(ticks)  # idle and iowait are not busy


def _process_ticks(pid):
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return 0


def _database_pid():
    """The PostgreSQL backend serving this process (None with SQLite: it runs in here)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def figures_timing(args):
    year = args.year or timezone.localdate().year - 1
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    cases = {
        "year": {},
        "year_exchanges_and_focus_groups": {"kinds": [str(kind) for kind in SEED_KINDS]},
    }
    results = {}
    backend = _database_pid()
    busy, total = _machine_ticks()
    own, database = _process_ticks(os.getpid()), _process_ticks(backend) if backend else 0
    for name, kwargs in cases.items():
        with CaptureQueriesContext(connection) as captured:
            figures.participation(figures.period_activities(start, end, **kwargs))
        if args.sql_dir:
            Path(args.sql_dir).mkdir(parents=True, exist_ok=True)
            lines = [f"participation({name}, {year}): {len(captured)} queries", ""]
            lines += [f"{n}. {q['sql']}\n" for n, q in enumerate(captured, 1)]
            (Path(args.sql_dir) / f"figures-{name}.sql.txt").write_text("\n".join(lines))
        results[name] = {
            "period": [start.isoformat(), end.isoformat()],
            **kwargs,
            "queries": len(captured),
            **_timed(
                lambda kwargs=kwargs: figures.participation(
                    figures.period_activities(start, end, **kwargs)
                ),
                args.repeat,
            ),
        }
    busy2, total2 = _machine_ticks()
    elapsed = max(total2 - total, 1)
    own = (_process_ticks(os.getpid()) - own) / elapsed
    database = ((_process_ticks(backend) if backend else 0) - database) / elapsed
    cpu = {
        "figures": round(own, 3),
        "database": round(database, 3),
        # Everything else the machine did meanwhile, as a share of all its CPUs.
        "other": round(max(0.0, (busy2 - busy) / elapsed - own - database), 3),
    }
    json.dump(
        {
            "database": connection.vendor,
            "year": year,
            "cpu": cpu,
            "data": data_set(),
            "cases": results,
        },
        sys.stdout,
        indent=1,
    )
    print()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("generate", help="venues, people, activities, attendance")
    make.add_argument("--activities", type=int, default=5000)
    make.add_argument("--attendance", type=int, default=500_000)
    make.add_argument("--people", type=int, default=30_000)
    make.add_argument("--venues", type=int, default=60)
    make.add_argument("--seed", type=int, default=2016, help="random seed")
    count = commands.add_parser("queries", help="queries of the calendar's first page, as JSON")
    count.add_argument("--sql-dir", help="write the page's queries to a file in this folder")
    timing = commands.add_parser("figures", help="time the participation figures, as JSON")
    timing.add_argument("--year", type=int, help="default: last year")
    timing.add_argument("--repeat", type=int, default=20)
    timing.add_argument("--sql-dir", help="write the figures' queries to files in this folder")
    args = parser.parse_args()
    {"generate": generate, "queries": queries, "figures": figures_timing}[args.command](args)


if __name__ == "__main__":
    main()
