"""The newsletter's benchmark data and mail sink (issue 6), used by bench/driver.py.

    python bench/newsletter.py generate --subscribers 20000
        Confirmed subscribers up to that number (a third with themes chosen), and a fresh
        draft issue with the demo's news, activities and products. Prints JSON: issue id and
        the number of subscribers it will reach.
    python bench/newsletter.py sink --port 8125 --out counts.json
        A local SMTP server (aiosmtpd) that accepts every mail and, when stopped (SIGTERM),
        writes how many it got and to how many different addresses.

The sending itself is `manage.py newsletter_send <issue> --start` in a process of its own: the
code the background task runs, batch by batch over one SMTP connection.
"""

import argparse
import json
import os
import random
import signal
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BATCH = 2000


def generate(subscribers):
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()

    from django.utils import timezone

    from werkplaats.activities.models import Activity, Audience
    from werkplaats.library.models import Product, Visibility
    from werkplaats.newsletter import sending
    from werkplaats.newsletter.models import NewsletterIssue, Subscriber, SubscriberStatus
    from werkplaats.website.models import NewsPage, ThemePage

    now = timezone.now()
    issue_number = NewsletterIssue.objects.count() + 1
    issue = NewsletterIssue.objects.create(
        subject=f"Nieuwsbrief van de Werkplaats, nummer {issue_number}",
        slug=f"bench-nieuwsbrief-{issue_number}",
        intro="<p>Het laatste nieuws, de komende kenniscafés en nieuwe producten.</p>",
    )
    issue.news_items.set(NewsPage.objects.live().order_by("-date")[:3])
    issue.activities.set(
        Activity.objects.filter(audience=Audience.PUBLIC, starts_at__gte=now).order_by("starts_at")[
            :3
        ]
    )
    issue.products.set(Product.objects.filter(visibility=Visibility.PUBLIC).order_by("-pk")[:3])
    rng = random.Random(6)
    # Themes among the issue's own, so every subscriber is a recipient: the figure is per 20,000.
    themes = sorted(sending.issue_themes(issue)) or list(
        ThemePage.objects.live().values_list("pk", flat=True)
    )
    existing = Subscriber.objects.count()
    through = Subscriber.topics.through
    for start in range(existing, subscribers, BATCH):
        made = Subscriber.objects.bulk_create(
            Subscriber(
                email=f"lezer{number:06}@bench.example.org",
                name=f"Lezer {number}",
                status=SubscriberStatus.CONFIRMED,
                confirmed_at=now,
                source="newsletter_page",
            )
            for number in range(start, min(start + BATCH, subscribers))
        )
        if not made[0].pk:  # SQLite before 3.35 gives no ids back
            made = Subscriber.objects.filter(email__in=[s.email for s in made])
        through.objects.bulk_create(
            through(subscriber_id=subscriber.pk, themepage_id=theme)
            for subscriber in made
            if themes and rng.random() < 1 / 3
            for theme in rng.sample(themes, k=min(2, len(themes)))
        )
    return {
        "issue": issue.pk,
        "subscribers": Subscriber.objects.count(),
        "recipients": sending.recipients(issue).count(),
    }


class Counting:
    def __init__(self):
        self.messages = 0
        self.addresses = set()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        with self.lock:
            self.messages += 1
            self.addresses.update(envelope.rcpt_tos)
        return "250 Message accepted for delivery"


def sink(port, out):
    from aiosmtpd.controller import Controller

    handler = Counting()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    controller.start()
    print("listening", flush=True)
    stopped.wait()
    controller.stop()
    Path(out).write_text(
        json.dumps({"messages": handler.messages, "addresses": len(handler.addresses)})
    )


def main():
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("generate")
    make.add_argument("--subscribers", type=int, required=True)
    serve = commands.add_parser("sink")
    serve.add_argument("--port", type=int, required=True)
    serve.add_argument("--out", required=True)
    args = parser.parse_args()
    if args.command == "generate":
        print(json.dumps(generate(args.subscribers)))
    else:
        sink(args.port, args.out)


if __name__ == "__main__":
    main()
