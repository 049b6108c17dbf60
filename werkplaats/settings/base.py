"""Settings shared by every environment. Everything configurable comes from the environment."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent

env = environ.Env()
environ.Env.read_env(PROJECT_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="insecure-development-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "werkplaats.core",
    "werkplaats.website",
    "werkplaats.network",
    "werkplaats.groups",
    "werkplaats.activities",
    "werkplaats.library",
    "werkplaats.newsletter",
    "werkplaats.accounts",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
]

MIDDLEWARE = [
    # The anonymous page cache comes first: a kept page holds the headers of all the others
    # (the security headers among them), and a hit skips them all. Its key holds the scheme,
    # so a plain-http request still reaches SecurityMiddleware's redirect to https.
    "werkplaats.core.cache.AnonymousPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "werkplaats.core.locale.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "werkplaats.website.middleware.KnownSiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "werkplaats.urls"
WSGI_APPLICATION = "werkplaats.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "werkplaats.website.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{PROJECT_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker write while the web server reads.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["CONN_MAX_AGE"] = 0
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: it starts when a plan's estimated cost is high, takes 50-100 ms, and
    # a web request's queries finish in less (a member's search spent 70 of its 90 ms on it).
    # 16 MB for a sort or hash instead of 4: a search over a common word holds its 30,000
    # matches in memory instead of a temporary file (15% faster). A DATABASE_URL with
    # ?options=… decides for itself.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off -c work_mem=16MB")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared by every process on the machine (web workers, task worker, cron jobs), so a publish
# anywhere clears the page cache everywhere. Several machines: a Redis URL.
CACHES = {
    "default": env.cache(
        "CACHE_URL", default=f"filecache://{PROJECT_DIR / 'var' / 'cache'}?max_entries=10000"
    ),
}
# Wagtail stores every image rendition it hands out in a cache, even one it had prefetched:
# memory of each process, so that costs nothing. A rendition Wagtail deleted (the image's
# file was replaced) may be offered by another process for at most a minute.
CACHES["renditions"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "renditions",
    "TIMEOUT": 60,
}
# Sessions read from the cache, written to the database too: a signed-in request asks the
# cache instead of the database, and a cleared cache signs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Each process's own copy of what it read from the cache under the current generation
# (core/cache.py: kept_many), so a page costs the shared cache one read, not one per piece.
CACHES["local"] = {
    "BACKEND": "werkplaats.core.memory_cache.ProcessMemoryCache",
    "LOCATION": "generation-keyed",
    "TIMEOUT": 300,
    # At most 1,000 values that together take 16 MB (pickled): a thousand pieces of pages are
    # small, a thousand searches' results are not. The least recently used go first.
    "OPTIONS": {"MAX_ENTRIES": 1000, "MAX_BYTES": 16 * 1024 * 1024},
}
# Seconds an anonymous page may be served from the cache; publishing clears it sooner.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/mijn/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = PROJECT_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=PROJECT_DIR / "var" / "media")

# Files of private workspaces: no public URL; a view checks permission and serves them.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=PROJECT_DIR / "var" / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    # S3-compatible storage for uploaded media (images, documents, form files).
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default=None)
    AWS_ACCESS_KEY_ID = env("AWS_ACCESS_KEY_ID", default=None)
    AWS_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY", default=None)
    AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN", default=None)
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = env.bool("AWS_QUERYSTRING_AUTH", default=False)
    # Private files in the same bucket under their own prefix, never publicly readable.
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"location": "private", "default_acl": "private", "querystring_auth": True},
    }

# E-mail: printed to the console unless EMAIL_URL names an SMTP server,
# e.g. smtp+tls://user:password@mail.example.nl:587
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Werkplaats <noreply@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)

# Background tasks: database queue by default, Redis (RQ) when TASKS_BACKEND=rq.
TASKS_BACKEND = env("TASKS_BACKEND", default="database")
if TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": env("REDIS_URL", default="redis://127.0.0.1:6379/0")}}
elif TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

WAGTAIL_SITE_NAME = env("SITE_NAME", default="Werkplaats Sociaal Domein Zuid-Holland Zuid")
WAGTAILADMIN_BASE_URL = env("BASE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "werkplaats.core.search",
        # Used on PostgreSQL; on SQLite the backend stems Dutch words itself.
        "SEARCH_CONFIG": "dutch",
    }
}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "pptx", "xlsx", "odt", "odp", "ods", "txt", "csv"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILFORMS_PAGE_SIZE = 50
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_PASSWORD_RESET_ENABLED = True
WAGTAILADMIN_LOGIN_URL = "/beheer/login/"

# Contact form spam protection (no third-party services): submissions per client per hour.
CONTACT_RATE_LIMIT = env.int("CONTACT_RATE_LIMIT", default=5)
CONTACT_RATE_WINDOW = env.int("CONTACT_RATE_WINDOW", default=3600)
# Visitors' sign-ups for activities: per client (an office shares one address) and per e-mail
# address (no flooding one inbox with confirmation mails), per window in seconds.
SIGNUP_RATE_LIMIT = env.int("SIGNUP_RATE_LIMIT", default=30)
SIGNUP_ADDRESS_RATE_LIMIT = env.int("SIGNUP_ADDRESS_RATE_LIMIT", default=5)
SIGNUP_RATE_WINDOW = env.int("SIGNUP_RATE_WINDOW", default=3600)
# Newsletter subscriptions by visitors: per client and per e-mail address, per window (seconds).
NEWSLETTER_RATE_LIMIT = env.int("NEWSLETTER_RATE_LIMIT", default=20)
NEWSLETTER_ADDRESS_RATE_LIMIT = env.int("NEWSLETTER_ADDRESS_RATE_LIMIT", default=3)
NEWSLETTER_RATE_WINDOW = env.int("NEWSLETTER_RATE_WINDOW", default=3600)
# Optional mailto address for the List-Unsubscribe header of newsletter mails.
NEWSLETTER_UNSUBSCRIBE_MAILTO = env("NEWSLETTER_UNSUBSCRIBE_MAILTO", default="")
# Sending issues (newsletter/sending.py): a batch's claim on its deliveries counts as abandoned
# (a killed worker) after this many seconds; an address refused this many times (5xx) is marked
# undeliverable.
NEWSLETTER_CLAIM_TIMEOUT = env.int("NEWSLETTER_CLAIM_TIMEOUT", default=900)
NEWSLETTER_BOUNCE_LIMIT = env.int("NEWSLETTER_BOUNCE_LIMIT", default=3)
# Behind a proxy: the request header holding the client's address, e.g. HTTP_X_REAL_IP.
CLIENT_IP_HEADER = env("CLIENT_IP_HEADER", default="REMOTE_ADDR")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "wagtail": {"level": env("WAGTAIL_LOG_LEVEL", default="WARNING")},
    },
}

# Accounts (django-allauth): sign in with e-mail and password, verified e-mail addresses.
# No open sign-up: coordinators and group leads invite by e-mail. OPEN_SIGNUP=true lets people
# sign up themselves; a coordinator then approves them before they can take part.
ACCOUNT_ADAPTER = "werkplaats.accounts.adapter.AccountAdapter"
ACCOUNT_USER_DISPLAY = "werkplaats.accounts.adapter.user_display"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "werkplaats.accounts.forms.SignupExtraForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "signup": "20/m/ip",
}
OPEN_SIGNUP = env.bool("OPEN_SIGNUP", default=False)
# Days an invitation link stays valid.
INVITATION_DAYS = env.int("INVITATION_DAYS", default=14)
# Invitations one person may send per hour.
INVITATION_RATE_LIMIT = env.int("INVITATION_RATE_LIMIT", default=50)

# Workspace uploads: allowed kinds (checked by content, not only by name) and maximum size.
WORKSPACE_MAX_UPLOAD_MB = env.int("WORKSPACE_MAX_UPLOAD_MB", default=20)

# Library: files of products (kinds checked by content) and "send to a colleague", limited per
# client and per recipient address within the window in seconds.
LIBRARY_MAX_UPLOAD_MB = env.int("LIBRARY_MAX_UPLOAD_MB", default=50)
LIBRARY_SEND_RATE_LIMIT = env.int("LIBRARY_SEND_RATE_LIMIT", default=10)
LIBRARY_SEND_RECIPIENT_RATE_LIMIT = env.int("LIBRARY_SEND_RECIPIENT_RATE_LIMIT", default=3)
LIBRARY_SEND_RATE_WINDOW = env.int("LIBRARY_SEND_RATE_WINDOW", default=3600)
