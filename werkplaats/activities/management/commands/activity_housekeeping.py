"""`manage.py activity_housekeeping`: the recurring work of activities.

Queues the reminder mails of activities starting within a day, deletes answers to extra
questions once they are no longer needed, and deletes visitors' sign-ups that were never
confirmed. Every step is idempotent, so run it as often as you like: `make run` runs it every
ten minutes; in production a cron job or systemd timer (README).
"""

from django.core.management.base import BaseCommand

from werkplaats.activities import services


class Command(BaseCommand):
    help = "Send activity reminders and delete personal data that is no longer needed."

    def handle(self, *args, **options):
        reminders = services.queue_reminders()
        answers = services.purge_answers()
        unconfirmed = services.delete_unconfirmed()
        self.stdout.write(
            f"Reminders queued: {reminders}; answers deleted: {answers}; "
            f"unconfirmed sign-ups deleted: {unconfirmed}"
        )
