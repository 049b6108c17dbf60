"""`manage.py newsletter_send <issue id>`: send (or resume) an issue from the shell, now.

The same batches as the background task (sending.send_batch), in this process, until every
delivery is settled: while the SMTP server is away it waits and tries again. Safe beside a
running worker: claims keep them from sending the same mail. `--start` first starts an issue
that is still a draft or scheduled. Used by the benchmark and the crash tests too.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from werkplaats.newsletter import sending
from werkplaats.newsletter.models import IssueStatus, NewsletterIssue


class Command(BaseCommand):
    help = "Send or resume a newsletter issue in this process."

    def add_arguments(self, parser):
        parser.add_argument("issue", type=int, help="the issue's id")
        parser.add_argument("--start", action="store_true", help="start a draft first")
        parser.add_argument(
            "--batch-size", type=int, default=sending.BATCH_SIZE, help="deliveries per batch"
        )
        parser.add_argument(
            "--wait",
            type=float,
            default=30.0,
            help="seconds between tries while the SMTP server is away",
        )

    def handle(self, *args, issue, start, batch_size, wait, **options):
        found = NewsletterIssue.objects.filter(pk=issue).first()
        if found is None:
            raise CommandError(f"No newsletter issue with id {issue}.")
        if start and found.is_editable:
            count = sending.start(found)
            self.stdout.write(f"Started: {count} recipients")
        elif found.status not in (IssueStatus.SENDING, IssueStatus.SENT):
            raise CommandError("This issue is not being sent; use --start to start it.")
        totals = sending.BatchResult()
        began = time.monotonic()
        while True:
            result = sending.send_batch(issue, size=batch_size)
            totals.sent += result.sent
            totals.bounced += result.bounced
            totals.retried += result.retried
            totals.skipped += result.skipped
            if result.finished:
                break
            if result.outage:
                self.stderr.write(f"SMTP server unreachable; trying again in {wait:g} s")
                time.sleep(wait)
            elif result.handled == 0:
                time.sleep(min(wait, 5.0))
        self.stdout.write(
            f"Done in {time.monotonic() - began:.2f} s: {totals.sent} sent, "
            f"{totals.bounced} refused, {totals.retried} to retry, {totals.skipped} skipped"
        )
