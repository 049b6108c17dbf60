"""Reading newsletter data: the themes one can choose, a member's subscription, the version of
the privacy statement a consent refers to, and what a new issue suggests."""

from django.db.models import F, Prefetch, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import Site

from werkplaats.website.models import NewsPage, StandardPage, ThemePage
from werkplaats.website.selectors import public

from .models import ConsentRecord, Subscriber

PRIVACY_SLUG = "privacy"


def privacy_page():
    """The live privacy statement: the StandardPage with slug 'privacy' under the site root."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return None
    return (
        StandardPage.objects.live()
        .child_of(site.root_page)
        .filter(slug=PRIVACY_SLUG)
        .only("pk", "live_revision_id", "last_published_at")
        .first()
    )


def privacy_statement_version():
    """Which text of the privacy statement is in force, as kept in a consent record: the date
    it was last published and the id of its live revision, e.g. '2026-11-30 rev 42'. Every
    publish of the page gives a new version. 'none' when there is no live privacy page."""
    page = privacy_page()
    if page is None or page.last_published_at is None:
        return "none"
    return f"{page.last_published_at:%Y-%m-%d} rev {page.live_revision_id}"


def topic_choices():
    """The live, public themes a subscriber can choose, by title."""
    return public(ThemePage.objects.live()).order_by("title")


def subscriber_for_user(user):
    """The subscription of a signed-in member: linked to the account, or by its e-mail."""
    if not user.is_authenticated:
        return None
    match = Q(user=user)
    if user.email:
        match |= Q(email__iexact=user.email)
    return (
        Subscriber.objects.filter(match)
        .prefetch_related(Prefetch("topics", queryset=ThemePage.objects.only("pk", "title")))
        .order_by(F("user_id").desc(nulls_last=True))  # the linked one first
        .first()
    )


def consent_history(subscriber):
    return list(ConsentRecord.objects.filter(subscriber=subscriber).order_by("at", "pk"))


# --- suggestions for a new issue (the coordinators' side, /beheer/nieuwsbrief/uitgaven/) ------

NEWS_FALLBACK_DAYS = 30
PRODUCTS_FALLBACK_DAYS = 90
ACTIVITIES_AHEAD_DAYS = 60


def last_sent_issue():
    """The issue sent most recently (its sending started last), or None."""
    from .models import NewsletterIssue

    return NewsletterIssue.objects.sent().order_by("-started_at", "-pk").first()


def new_since(fallback_days, now=None):
    """Where "new" starts: when the last sent issue was fixed (its sending started), or
    `fallback_days` ago when nothing was sent yet."""
    now = now or timezone.now()
    last = last_sent_issue()
    if last is not None and last.started_at is not None:
        return last.started_at
    return now - timezone.timedelta(days=fallback_days)


def suggested_news(now=None):
    """Live, public news items first published since the last sent issue (or the last 30
    days), newest first."""
    since = new_since(NEWS_FALLBACK_DAYS, now)
    return (
        public(NewsPage.objects.live())
        .filter(first_published_at__gte=since)
        .order_by("-first_published_at", "-pk")
    )


def suggested_activities(now=None):
    """Public, not cancelled activities that start in the coming 60 days, soonest first (the
    order the issue lists them in)."""
    from werkplaats.activities.models import Activity, Audience

    now = now or timezone.now()
    return (
        Activity.objects.not_cancelled()
        .filter(
            audience=Audience.PUBLIC,
            starts_at__gte=now,
            starts_at__lt=now + timezone.timedelta(days=ACTIVITIES_AHEAD_DAYS),
        )
        .select_related("venue")
        .order_by("starts_at", "pk")
    )


def suggested_products(now=None):
    """Public products that became public (or, without that date, were added) since the last
    sent issue (or the last 90 days), newest first."""
    from werkplaats.library.models import Product

    since = new_since(PRODUCTS_FALLBACK_DAYS, now)
    return (
        Product.objects.public()
        .annotate(new_at=Coalesce("published_at", "created_at"))
        .filter(new_at__gte=since)
        .order_by("-new_at", "-pk")
    )
