"""The test suite. DATABASE_URL chooses SQLite (default) or PostgreSQL."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import env

# Files of this test run only, so two runs on one machine (CI runs SQLite and PostgreSQL side by
# side) never delete or overwrite each other's. Processes a test starts inherit the folder.
if not os.environ.get("WERKPLAATS_TEST_FILES"):
    os.environ["WERKPLAATS_TEST_FILES"] = tempfile.mkdtemp(prefix="werkplaats-test-")
    atexit.register(shutil.rmtree, os.environ["WERKPLAATS_TEST_FILES"], ignore_errors=True)
TEST_FILES = Path(os.environ["WERKPLAATS_TEST_FILES"])

DEBUG = False
SECRET_KEY = "test-only-secret-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = TEST_FILES / "media"
# One process (the browser tests' live server is a thread): memory is shared enough, and fast.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "werkplaats-test",
    },
    "renditions": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "renditions-test",
    },
    "local": {**CACHES["local"], "LOCATION": "generation-keyed-test"},  # noqa: F405
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": TEST_FILES / "private", "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = env("BASE_URL", default="http://testserver")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
