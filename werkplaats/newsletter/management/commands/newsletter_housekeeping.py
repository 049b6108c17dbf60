"""`manage.py newsletter_housekeeping`: the recurring work of the newsletter.

Deletes subscriptions that were never confirmed from the mail within 30 days of the request
(services.UNCONFIRMED_DAYS); starts scheduled issues whose moment has come; and gives issues
being sent a task again when their worker died or a retry is due (sending.py). Idempotent, so
run it as often as you like: `make run` runs it every ten minutes; in production a cron job or
systemd timer (README).
"""

from django.core.management.base import BaseCommand

from werkplaats.newsletter import sending, services


class Command(BaseCommand):
    help = (
        "Delete newsletter subscriptions not confirmed within 30 days, start scheduled issues "
        "and resume stopped sendings."
    )

    def handle(self, *args, **options):
        deleted = services.delete_unconfirmed()
        self.stdout.write(f"Unconfirmed newsletter subscriptions deleted: {deleted}")
        started = sending.start_due()
        self.stdout.write(f"Scheduled newsletters started: {started}")
        resumed = sending.resume_stalled()
        self.stdout.write(f"Newsletters resumed: {len(resumed)}")
