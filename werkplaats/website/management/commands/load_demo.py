import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from werkplaats.website.demo.site import load_site

CREDENTIALS_FILE = settings.PROJECT_DIR / "var" / "coordinator.txt"


class Command(BaseCommand):
    help = "Load the demo data of Werkplaats Sociaal Domein Zuid-Holland Zuid (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-coordinator", action="store_true", help="Do not create the coordinator account."
        )

    def handle(self, *args, **options):
        home = load_site()
        # Indexing normally runs in the task worker; do it now so search works at once.
        call_command("update_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Website loaded: {home.title}"))
        if not options["no_coordinator"]:
            self.ensure_coordinator()

    def ensure_coordinator(self):
        """A coordinator (superuser) for the demo. Its password is made once, kept in
        var/coordinator.txt (outside git) and printed on every run."""
        User = get_user_model()
        username = "coordinator"
        if User.objects.filter(username=username).exists() and CREDENTIALS_FILE.exists():
            password = CREDENTIALS_FILE.read_text().strip()
        else:
            password = secrets.token_urlsafe(12)
            user = User.objects.filter(username=username).first() or User(username=username)
            user.email = "coordinator@example.org"
            user.first_name, user.last_name = "Demo", "Coördinator"
            user.is_staff = user.is_superuser = True
            user.set_password(password)
            user.save()
            CREDENTIALS_FILE.parent.mkdir(parents=True, exist_ok=True)
            CREDENTIALS_FILE.write_text(password + "\n")
            CREDENTIALS_FILE.chmod(0o600)
        self.stdout.write(
            f"Coordinator account for /beheer/: username '{username}', password '{password}'"
        )
