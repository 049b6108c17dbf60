"""The production settings pass Django's deployment checklist (`manage.py check --deploy`)."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "werkplaats.settings.production",
    "ALLOWED_HOSTS": "www.werkplaatssociaaldomeinzhz.nl,werkplaatssociaaldomeinzhz.nl",
    "DATABASE_URL": "postgres://werkplaats:geheim@db.internal:5432/werkplaats",
    "CACHE_URL": "redis://cache.internal:6379/1",
    "EMAIL_URL": "smtp+tls://werkplaats:geheim@mail.internal:587",
    "BASE_URL": "https://www.werkplaatssociaaldomeinzhz.nl",
}


def manage(*args, **env):
    """Run manage.py in a fresh process with only the given environment (no .env leaks in)."""
    environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/nonexistent"}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    result = manage("check", "--deploy", **PRODUCTION_ENV, SECRET_KEY=secrets.token_urlsafe(50))

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "System check identified no issues" in output


def test_check_deploy_reports_a_weak_secret_key():
    """The check really looks at the production settings: a short key is reported."""
    result = manage("check", "--deploy", **PRODUCTION_ENV, SECRET_KEY="kort")

    assert "security.W009" in result.stdout + result.stderr


def test_production_refuses_to_start_without_secret_key():
    result = manage("check", **PRODUCTION_ENV)

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
