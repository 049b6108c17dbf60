"""`manage.py rebuild_search_index`: write the site search's index (/zoeken/) anew.

Every change writes its own entry; run this after loading data in bulk (rows written in bulk
send no signals), after an upgrade that changes what an entry holds, or to be sure. Idempotent.
"""

from django.core.management.base import BaseCommand, CommandError

from werkplaats.library import search_index


class Command(BaseCommand):
    help = "Write the site search's index anew (pages, news, library, groups, activities)."

    def add_arguments(self, parser):
        parser.add_argument(
            "sources",
            nargs="*",
            help=f"Only these kinds: {', '.join(search_index.SOURCES)} (default: all).",
        )

    def handle(self, *args, sources=(), **options):
        unknown = sorted(set(sources) - set(search_index.SOURCES))
        if unknown:
            raise CommandError(f"Unknown kind(s): {', '.join(unknown)}")
        written = search_index.rebuild(sources or None)
        if options["verbosity"]:
            for source, count in written.items():
                self.stdout.write(f"{source}: {count}")
