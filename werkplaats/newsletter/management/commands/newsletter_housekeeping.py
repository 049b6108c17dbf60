"""`manage.py newsletter_housekeeping`: the recurring work of the newsletter.

Deletes subscriptions that were never confirmed from the mail within 30 days of the request
(services.UNCONFIRMED_DAYS). Idempotent, so run it as often as you like: `make run` runs it
every ten minutes; in production a cron job or systemd timer (README).
"""

from django.core.management.base import BaseCommand

from werkplaats.newsletter import services


class Command(BaseCommand):
    help = "Delete newsletter subscriptions that were not confirmed within 30 days."

    def handle(self, *args, **options):
        deleted = services.delete_unconfirmed()
        self.stdout.write(f"Unconfirmed newsletter subscriptions deleted: {deleted}")
