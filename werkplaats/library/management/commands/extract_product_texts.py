"""`manage.py extract_product_texts`: read the text of product files still waiting for it.

Normally each upload queues its own extraction; this picks up files whose task never ran (a
worker that died, a queue that was emptied) and, with --again, reads every file anew (after an
upgrade of the readers). Idempotent: run it as often as you like.
"""

from django.core.management.base import BaseCommand

from werkplaats.library.models import ExtractionStatus, ProductFile
from werkplaats.library.tasks import extract_product_file


class Command(BaseCommand):
    help = "Extract the text of product files that are still waiting (or, with --again, all)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--again", action="store_true", help="Read every PDF, Word and PowerPoint file anew."
        )

    def handle(self, *args, again=False, **options):
        files = ProductFile.objects.all()
        if again:
            files.exclude(extraction_status=ExtractionStatus.NONE).update(
                extraction_status=ExtractionStatus.PENDING
            )
        pending = list(
            files.filter(extraction_status=ExtractionStatus.PENDING).values_list("pk", flat=True)
        )
        counts = {}
        for file_id in pending:
            status = extract_product_file.call(file_id)
            counts[status] = counts.get(status, 0) + 1
        done = counts.get(ExtractionStatus.DONE, 0)
        failed = counts.get(ExtractionStatus.FAILED, 0)
        self.stdout.write(f"Files read: {len(pending)}; text found: {done}; failed: {failed}")
