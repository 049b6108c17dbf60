"""Reading newsletter data: the themes one can choose, a member's subscription, the version of
the privacy statement a consent refers to."""

from django.db.models import F, Prefetch, Q
from wagtail.models import Site

from werkplaats.website.models import StandardPage, ThemePage
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
