"""Queue the daily notification digest: one task per person who chose it and has news.

Run once a day from cron (e.g. 07:00); the tasks are idempotent, so running it twice is harmless.
"""

from django.core.management.base import BaseCommand

from werkplaats.network.selectors import people_awaiting_digest
from werkplaats.network.tasks import send_daily_digest


class Command(BaseCommand):
    help = "Queue the daily notification digest mail for everyone who chose it."

    def handle(self, *args, **options):
        person_ids = list(people_awaiting_digest())
        for person_id in person_ids:
            send_daily_digest.enqueue(person_id=person_id)
        self.stdout.write(f"Queued {len(person_ids)} digest(s).")
