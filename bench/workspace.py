"""The signed-in workspace in the bench (issue 3): its data, its query count, a session for wrk.

Run by bench/driver.py with the bench settings, against the bench database, in three steps:

- `generate`: after load_demo and generate.py. A bench member (an account and a Person) who is
  a current member of 20 learning groups: the demo's 9 and 11 generated work teams and learning
  circles. One generated werkteam has 5,000 posts: 4,000 discussions and 1,000 replies (some
  nested), by the 20 members of that group, in Dutch recombined from the seed documents, with
  @mentions, links, a few edited and a few removed messages, over six years. Members are added
  with groups.services.add_member (archived demo groups, which it refuses, get the membership
  a member keeps when a group is archived); posts are bulk-inserted with what
  workspace_services.create_post guarantees: replies in their opening post's thread, an opening
  post's last activity at its latest reply, mentions only of current members, removed posts
  without text or mentions. The member's address, password and stream URL go to
  bench/work/workspace-member.json.
- `queries`: the stream's first page requested twice as that member (Django's test client,
  force_login) in a fresh process, with the page cache setting of the run (as in production);
  the queries of the second request counted and, with --sql-dir, written to a file. Prints JSON
  with the page's figures and the data set's.
- `session`: signs the member in (a session in the database, as a sign-in makes) and prints the
  Cookie header a browser would send (session and CSRF cookies), for wrk.

Notifications of the generated posts are not written: they are history, mailed long ago.
"""

import argparse
import datetime
import json
import os
import random
import secrets
import sys
import time
import zoneinfo
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils.text import slugify  # noqa: E402

from bench.generate import FIRST_NAMES, LAST_NAMES, PLACES, SUBJECTS, seed_sentences  # noqa: E402
from werkplaats.groups import services  # noqa: E402
from werkplaats.groups.models import (  # noqa: E402
    GroupKind,
    LearningGroup,
    MemberRole,
    Membership,
    Post,
)
from werkplaats.groups.workspace_services import mentioned_handles  # noqa: E402
from werkplaats.network.models import Person  # noqa: E402

WORK = Path(__file__).resolve().parent / "work"
MEMBER_FILE = WORK / "workspace-member.json"
AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
# What the stream's first page shows of each discussion; 20 per page (views.workspace).
THREAD_MARKER = 'class="thread-card"'
THREADS_PER_PAGE = 20

MEMBER = {
    "username": "bench.lid",
    "email": "bente.vandalen@example.org",
    "first_name": "Bente",
    "last_name": "van Dalen",
    "handle": "bente-van-dalen",
}
BUSY_GROUP = "werkteam-schulden-en-bestaanszekerheid"
FIRST_POST = datetime.datetime(2019, 9, 2, 8, 0, tzinfo=AMSTERDAM)
LAST_POST = datetime.datetime(2025, 10, 31, 18, 0, tzinfo=AMSTERDAM)

# fmt: off
# slug, kind, name, start, open?, summary. The first is the busy group.
GROUPS = [
    (BUSY_GROUP, GroupKind.WORK_TEAM, "Werkteam Schulden en bestaanszekerheid",
     datetime.date(2019, 9, 1), True,
     "Vroegsignalering van schulden samen met wijkteams, schuldhulp en bewoners."),
    ("leerkring-eenzaamheid-dordrecht", GroupKind.LEARNING_CIRCLE,
     "Leerkring Eenzaamheid Dordrecht", datetime.date(2020, 2, 1), True,
     "Professionals en vrijwilligers leren van elkaars aanpak van eenzaamheid."),
    ("werkteam-mantelzorg-en-werk", GroupKind.WORK_TEAM, "Werkteam Mantelzorg en werk",
     datetime.date(2020, 9, 1), False,
     "Werkende mantelzorgers ontlasten, met werkgevers in de regio."),
    ("themaleerkring-jeugd-en-gezin", GroupKind.THEME_CIRCLE, "Themaleerkring Jeugd en gezin",
     datetime.date(2021, 1, 15), True,
     "Opgroeien en opvoeden in de wijk: wat werkt in de samenwerking rond gezinnen?"),
    ("werkgroep-integrale-toegang", GroupKind.WORKING_GROUP, "Werkgroep Integrale toegang",
     datetime.date(2021, 4, 1), False,
     "Eén toegang tot hulp en ondersteuning, gezien vanuit de inwoner."),
    ("werkteam-ggz-in-de-wijk", GroupKind.WORK_TEAM, "Werkteam Ggz in de wijk",
     datetime.date(2021, 10, 1), True,
     "Psychische kwetsbaarheid herkennen en samen ondersteunen in de buurt."),
    ("leerkring-laaggeletterdheid", GroupKind.LEARNING_CIRCLE, "Leerkring Laaggeletterdheid",
     datetime.date(2022, 3, 1), True,
     "Taal als sleutel tot hulp: signaleren en doorverwijzen in het sociaal domein."),
    ("werkteam-wonen-en-zorg", GroupKind.WORK_TEAM, "Werkteam Wonen en zorg",
     datetime.date(2022, 9, 1), False,
     "Langer thuis wonen, met zorg en steun dichtbij."),
    ("werkgroep-digitale-inclusie", GroupKind.WORKING_GROUP, "Werkgroep Digitale inclusie",
     datetime.date(2023, 2, 1), True,
     "Digitale vaardigheden en toegankelijke dienstverlening voor iedereen."),
    ("leerkring-vrijwillige-inzet-zwijndrecht", GroupKind.LEARNING_CIRCLE,
     "Leerkring Vrijwillige inzet Zwijndrecht", datetime.date(2023, 9, 1), True,
     "Vrijwilligers en professionals die elkaar versterken."),
    ("werkteam-gezondheidsverschillen", GroupKind.WORK_TEAM, "Werkteam Gezondheidsverschillen",
     datetime.date(2024, 1, 8), True,
     "Samen werken aan gezondheid in kwetsbare wijken."),
]
OPENINGS = [
    "Wie heeft er ervaring met {subject}? {s}",
    "Vraag aan de groep: {s} Hoe pakken jullie dat aan in {place}?",
    "Verslag van ons teamoverleg in {place}. {s} {s}",
    "{s} @{handle}, wil jij hier voor de volgende bijeenkomst naar kijken?",
    "Interessant om te lezen over {subject}: https://www.movisie.nl/artikel/{slug} {s}",
    "Even een update over {subject}: {s}",
    "Ter voorbereiding op de bijeenkomst van volgende week: {s}\n\n{s}",
    "Casus (geanonimiseerd) uit {place}: {s} Wat zouden jullie doen?",
    "{s}",
    "Ik zet de aantekeningen over {subject} in Bestanden. Kort samengevat: {s}",
]
REPLIES = [
    "Dank je, @{handle}! {s}",
    "Goed punt. {s}",
    "Herkenbaar, dat zien we in {place} ook. {s}",
    "Ik neem dit mee naar ons team en kom erop terug.",
    "Eens. {s}",
    "@{handle}, kun jij hier iets over zeggen vanuit jouw praktijk?",
    "Mooi verslag. Zullen we {subject} op de agenda zetten?",
    "{s}",
]
# fmt: on


class Writer:
    """Messages and replies in Dutch, the same for the same seed."""

    def __init__(self, seed):
        self.random = random.Random(seed)
        self.sentences = [s for s in seed_sentences() if len(s) <= 400]

    def text(self, patterns, handles):
        pattern = self.random.choice(patterns)
        subject = self.random.choice(SUBJECTS)
        values = {
            "subject": subject,
            "place": self.random.choice(PLACES),
            "handle": self.random.choice(handles),
            "slug": slugify(subject),
        }
        parts = pattern.split("{s}")
        body = parts[0].format(**values)
        for part in parts[1:]:
            body += self.random.choice(self.sentences) + part.format(**values)
        return body


def _account(username, email, first_name, last_name, password=None):
    """A user as an accepted invitation makes one: approved, with a verified address."""
    user = get_user_model()(
        username=username, email=email, first_name=first_name, last_name=last_name
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()  # has not chosen one yet; signs in by a reset link
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _person(user, handle):
    return Person.objects.create(
        user=user,
        first_name=user.first_name,
        last_name=user.last_name,
        email=user.email,
        handle=handle,
        position="betaald",
    )


def make_people(count, rng):
    """The bench member and `count - 1` other members, with unused names and handles."""
    password = secrets.token_urlsafe(12)
    member = _person(
        _account(
            MEMBER["username"],
            MEMBER["email"],
            MEMBER["first_name"],
            MEMBER["last_name"],
            password,
        ),
        MEMBER["handle"],
    )
    taken = set(Person.objects.values_list("handle", flat=True))
    names = [(first, last) for first in FIRST_NAMES for last in LAST_NAMES]
    rng.shuffle(names)
    people = [member]
    for first, last in names:
        if len(people) == count:
            break
        handle = slugify(f"{first} {last}")
        if handle in taken:
            continue
        taken.add(handle)
        local = handle.replace("-", ".")
        user = _account(f"bench.{local}", f"{local}@example.org", first, last)
        people.append(_person(user, handle))
    return member, password, people


def make_groups(count):
    groups = []
    for slug, kind, name, starts_on, is_open, summary in GROUPS[:count]:
        groups.append(
            LearningGroup.objects.create(
                slug=slug,
                kind=kind,
                name=name,
                starts_on=starts_on,
                is_open=is_open,
                summary=summary,
                description=summary,
                created_at=datetime.datetime.combine(starts_on, datetime.time(9), AMSTERDAM),
            )
        )
    return groups


def join(group, person, role=MemberRole.MEMBER):
    """A current membership, through the service a group lead or an invitation uses. Archived
    groups take no new members there: a member of an archived group is one who was in it when
    it was archived (archive_group leaves memberships as they are), so that is written here."""
    if not group.is_archived:
        return services.add_member(None, group, person, role=role)
    return Membership.objects.create(
        group=group, person=person, role=role, started_on=group.starts_on
    )


def _at(rng, start, end):
    return start + datetime.timedelta(seconds=rng.randrange(int((end - start).total_seconds())))


def make_posts(writer, group, authors, posts, replies):
    """`posts - replies` discussions and `replies` replies in the group, bulk-inserted with what
    create_post and remove_post guarantee (see the module's docstring)."""
    rng = writer.random
    handles = {person.handle: person for person in authors}
    openings = []
    for _ in range(posts - replies):
        created = _at(rng, FIRST_POST, LAST_POST)
        openings.append(
            Post(
                group=group,
                author=rng.choice(authors),
                body=writer.text(OPENINGS, list(handles)),
                created_at=created,
                last_activity_at=created,
            )
        )
    openings.sort(key=lambda post: post.created_at)
    # Replies: a fifth of the discussions (none of the oldest quarter) get one or more.
    replied = rng.sample(openings[len(openings) // 4 :], max(1, len(openings) // 5))
    counts = [0] * len(replied)
    for _ in range(replies):
        counts[rng.randrange(len(replied))] += 1
    reply_rows = []  # (depth, Post)
    for thread, count in zip(replied, counts, strict=True):
        thread_replies = []
        when = thread.created_at
        for _ in range(count):
            when += datetime.timedelta(minutes=rng.randrange(20, 4 * 24 * 60))
            parent, depth = thread, 1
            if thread_replies and rng.random() < 0.3:
                parent, depth = rng.choice(thread_replies)
                depth += 1
            reply = Post(
                group=group,
                author=rng.choice(authors),
                thread=thread,
                parent=parent,
                body=writer.text(REPLIES, list(handles)),
                created_at=when,
                last_activity_at=when,
            )
            thread_replies.append((reply, depth))
            reply_rows.append((depth, reply))
            thread.last_activity_at = max(thread.last_activity_at, when)
    everything = openings + [reply for _, reply in reply_rows]
    for post in rng.sample(everything, len(everything) // 30):
        post.edited_at = post.created_at + datetime.timedelta(minutes=rng.randrange(2, 600))
    for post in rng.sample(everything, len(everything) // 200):
        post.removed_at = post.created_at + datetime.timedelta(days=rng.randrange(1, 30))
        post.body = ""
        post.edited_at = None

    Post.objects.bulk_create(openings, batch_size=500)
    # By depth, so each reply's parent has its primary key when the reply is inserted.
    for depth in sorted({depth for depth, _ in reply_rows}):
        Post.objects.bulk_create([reply for d, reply in reply_rows if d == depth], batch_size=500)
    assert all(post.pk for post in everything), "the database must return the new primary keys"

    # Mentions: as create_post records them, the current members whose @handle the text names.
    through = Post.mentions.through
    through.objects.bulk_create(
        [
            through(post_id=post.pk, person_id=handles[handle].pk)
            for post in everything
            for handle in sorted(mentioned_handles(post.body))
            if handle in handles
        ],
        batch_size=1000,
    )
    return len(openings), len(reply_rows)


def generate(args):
    started = time.monotonic()
    writer = Writer(args.seed)
    rng = writer.random
    demo_groups = list(LearningGroup.objects.order_by("pk"))
    extra = args.groups - len(demo_groups)
    if not 1 <= extra <= len(GROUPS):
        raise SystemExit(
            f"{len(demo_groups)} groups exist; workspace.py can add 1 to {len(GROUPS)}, not {extra}"
        )
    with transaction.atomic():
        member, password, people = make_people(args.authors, rng)
        groups = make_groups(extra)
        busy = groups[0]
        for group in demo_groups + groups:
            join(group, member)
        # Everyone writes in the busy group (one of them its lead); the other generated groups
        # have a lead and a few members each.
        others = people[1:]
        join(busy, others[0], MemberRole.LEAD)
        for person in others[1:]:
            join(busy, person)
        for group in groups[1:]:
            lead, *members = rng.sample(others, rng.randint(3, 7))
            join(group, lead, MemberRole.LEAD)
            for person in members:
                join(group, person)
        threads, replies = make_posts(writer, busy, people, args.posts, args.posts // 5)
    url = busy.get_workspace_url()
    WORK.mkdir(parents=True, exist_ok=True)
    MEMBER_FILE.write_text(
        json.dumps(
            {"email": member.email, "password": password, "group": busy.slug, "url": url},
            indent=1,
        )
        + "\n"
    )
    MEMBER_FILE.chmod(0o600)
    print(
        f"generated a member of {len(demo_groups) + len(groups)} groups and {threads} "
        f"discussions with {replies} replies by {len(people)} members in {busy.slug} "
        f"in {time.monotonic() - started:.1f} s"
    )


def member_and_url():
    details = json.loads(MEMBER_FILE.read_text())
    user = get_user_model().objects.get(email=details["email"])
    return user, details


def data_set(user, slug):
    group = LearningGroup.objects.get(slug=slug)
    posts = Post.objects.filter(group=group)
    return {
        "group": slug,
        "posts": posts.count(),
        "threads": posts.filter(parent__isnull=True).count(),
        "replies": posts.filter(parent__isnull=False).count(),
        "authors": posts.values("author").distinct().count(),
        "member_groups": Membership.objects.current().filter(person__user=user).count(),
    }


def queries(args):
    user, details = member_and_url()
    if args.sql_dir:
        Path(args.sql_dir).mkdir(parents=True, exist_ok=True)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    url = details["url"]
    client.get(url)  # warm-up: per-process caches, renditions of the layout's logos
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    content = response.content.decode()
    if args.sql_dir:
        lines = [f"{url} (signed in as {user.email}): {len(captured)} queries", ""]
        lines += [f"{number}. {query['sql']}\n" for number, query in enumerate(captured, 1)]
        (Path(args.sql_dir) / "workspace-stream.sql.txt").write_text("\n".join(lines))
    json.dump(
        {
            "data": data_set(user, details["group"]),
            "page_cache_seconds": settings.PAGE_CACHE_SECONDS,
            "pages": {
                "workspace_stream": {
                    "url": url,
                    "status": response.status_code,
                    "location": response.get("Location"),
                    "queries": len(captured),
                    "bytes": len(response.content),
                    "threads_shown": content.count(THREAD_MARKER),
                    "x_cache": response.get("X-Cache"),
                }
            },
        },
        sys.stdout,
        indent=1,
    )
    print()


def session(args):
    """Sign in as the member and print the Cookie header and the page's address as JSON."""
    user, details = member_and_url()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    response = client.get(details["url"])  # as a browser's first visit: gets the CSRF cookie
    if response.status_code != 200:
        raise SystemExit(f"the stream answered {response.status_code} to the signed-in member")
    cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
    json.dump(
        {"cookie": cookie, "url": details["url"], "marker": THREAD_MARKER}, sys.stdout, indent=1
    )
    print()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("generate", help="the member, the groups and the posts")
    make.add_argument("--posts", type=int, default=5000, help="posts in the busy group")
    make.add_argument("--groups", type=int, default=20, help="the member's groups in all")
    make.add_argument("--authors", type=int, default=20, help="members writing in the group")
    make.add_argument("--seed", type=int, default=2019, help="random seed")
    count = commands.add_parser("queries", help="queries of the stream's first page, as JSON")
    count.add_argument("--sql-dir", help="write the page's queries to a file in this folder")
    commands.add_parser("session", help="a signed-in session's Cookie header, as JSON")
    args = parser.parse_args()
    {"generate": generate, "queries": queries, "session": session}[args.command](args)


if __name__ == "__main__":
    main()
