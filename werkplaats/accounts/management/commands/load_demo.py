"""`manage.py load_demo`: the demo Werkplaats, from every app's demo module, in layer order.

It lives in accounts, the bottom app of DESIGN.md's table, because it is the one app that may
import all the others. Idempotent: each part adds only what is missing.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from werkplaats.activities.demo import load_activities
from werkplaats.core.cache import clear_page_cache
from werkplaats.groups.demo import load_groups
from werkplaats.groups.demo_members import load_members
from werkplaats.library.demo import load_library
from werkplaats.network.demo import load_network
from werkplaats.network.models import Person
from werkplaats.newsletter.demo import load_newsletter
from werkplaats.website.demo.site import load_site

CREDENTIALS_FILE = settings.PROJECT_DIR / "var" / "coordinator.txt"
DEMO_CREDENTIALS_FILE = settings.PROJECT_DIR / "var" / "demo-members.txt"
# Demo members one can sign in as, to see the member side: a group lead, a member, a resident.
DEMO_MEMBER_ACCOUNTS = ["marieke.dijkstra", "youssef.elamrani", "ahmed.benali"]


class Command(BaseCommand):
    help = "Load the demo data of Werkplaats Sociaal Domein Zuid-Holland Zuid (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-accounts",
            "--no-coordinator",
            dest="no_accounts",
            action="store_true",
            help="Do not create the coordinator and demo member accounts.",
        )

    def handle(self, *args, **options):
        home = load_site()
        self.stdout.write(self.style.SUCCESS(f"Website loaded: {home.title}"))
        load_network()
        load_groups()
        people = load_members()
        self.stdout.write(self.style.SUCCESS(f"Network loaded: {len(people)} demo people"))
        activities = load_activities()
        self.stdout.write(self.style.SUCCESS(f"Activities loaded: {len(activities)} activities"))
        entries = load_library()
        self.stdout.write(self.style.SUCCESS(f"Library loaded: {len(entries)} entries"))
        subscribers = load_newsletter()
        self.stdout.write(
            self.style.SUCCESS(f"Newsletter loaded: {len(subscribers)} demo subscribers")
        )
        # Indexing normally runs in the task worker; do it now, after every part is loaded, so
        # search finds the pages, activities and library entries at once.
        call_command("update_index", verbosity=0)
        call_command("rebuild_search_index", verbosity=0)
        # Rows written in bulk send no signals: make sure no page from before is served.
        clear_page_cache()
        if not options["no_accounts"]:
            self.ensure_coordinator()
            self.ensure_demo_members(people)

    def _password(self, path):
        """A password made once, kept in var/ (outside git) and printed on every run."""
        if path.exists():
            return path.read_text().strip(), False
        password = secrets.token_urlsafe(12)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(password + "\n")
        path.chmod(0o600)
        return password, True

    @transaction.atomic
    def _ensure_user(self, *, username, email, first_name, last_name, password, new, **flags):
        from allauth.account.models import EmailAddress

        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None or new:
            user = user or User(username=username)
            user.email, user.first_name, user.last_name = email, first_name, last_name
            for name, value in flags.items():
                setattr(user, name, value)
            if hasattr(user, "approved_at") and user.approved_at is None:
                user.approved_at = timezone.now()
            user.set_password(password)
            user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user

    def ensure_coordinator(self):
        password, new = self._password(CREDENTIALS_FILE)
        email = "coordinator@example.org"
        user = self._ensure_user(
            username="coordinator",
            email=email,
            first_name="Demo",
            last_name="Coördinator",
            password=password,
            new=new,
            is_staff=True,
            is_superuser=True,
        )
        person = Person.objects.with_email(email).first() or Person(
            email=email, first_name="Demo", last_name="Coördinator", handle="coordinator"
        )
        person.user = user
        person.save()
        self.stdout.write(
            f"Coordinator: sign in at /account/login/ or /beheer/ with '{email}' "
            f"(or user name 'coordinator'), password '{password}'"
        )

    def ensure_demo_members(self, people):
        password, new = self._password(DEMO_CREDENTIALS_FILE)
        for local in DEMO_MEMBER_ACCOUNTS:
            person = people[local]
            user = self._ensure_user(
                username=local,
                email=person.email,
                first_name=person.first_name,
                last_name=person.last_name,
                password=password,
                new=new or person.user_id is None,
            )
            if person.user_id != user.pk:
                person.user = user
                person.save(update_fields=["user"])
        addresses = ", ".join(people[local].email for local in DEMO_MEMBER_ACCOUNTS)
        self.stdout.write(f"Demo members ({addresses}): password '{password}'")
