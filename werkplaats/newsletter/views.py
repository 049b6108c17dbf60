"""Pages of the newsletter: subscribe (/nieuwsbrief/), confirm, unsubscribe and preferences by
personal link, and the member's own page (/mijn/nieuwsbrief/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import links, selectors, services
from .forms import (
    MemberTopicsForm,
    PreferencesForm,
    SubscribeForm,
    address_rate_limited,
    client_rate_limited,
)
from .models import Source, SubscriberStatus


def _subscribe_page(request, form, status=200):
    return render(
        request,
        "newsletter/subscribe.html",
        {"form": form, "newsletter_page": True},
        status=status,
    )


# No CSRF token: the footer form is on every public page, and those are cached whole for
# visitors (core/cache.py), which a page setting a CSRF cookie can never be. Safe without one:
# a forged POST can only make us send a confirmation mail to the address it names (double
# opt-in; rate limited per client and per address), it changes no session and subscribes
# nobody. Whoever owns the address decides by the link in that mail.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    if request.method != "POST":
        return _subscribe_page(request, SubscribeForm())
    form = SubscribeForm(request.POST)
    if client_rate_limited(request):
        form.is_valid()  # keeps the input, shows the field errors too
        form.add_error(None, _rate_limit_message())
        return _subscribe_page(request, form, status=429)
    if not form.is_valid():
        return _subscribe_page(request, form, status=400)
    email = form.cleaned_data["email"]
    if address_rate_limited(email):
        form.add_error(None, _rate_limit_message())
        return _subscribe_page(request, form, status=429)
    services.request_subscription(**form.subscription_kwargs())
    # The same page whether the address was new, waiting for confirmation or subscribed.
    return render(request, "newsletter/check_mail.html", {"email": email, "newsletter_page": True})


def _rate_limit_message():
    return _(
        "Several subscriptions came from your connection or for this address in a short "
        "time. Please wait an hour and try again, or e-mail us."
    )


def _unusable_link(request, error):
    return render(
        request,
        "newsletter/link_unusable.html",
        {"expired": error.expired, "newsletter_page": True},
        status=400 if error.expired else 404,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """The link in the confirmation mail. GET shows a button and changes nothing: mail
    scanners open links, and a subscription must be the person's own act. POST confirms."""
    try:
        subscriber = links.subscriber_from_confirm_token(token)
    except links.UnusableLink as error:
        return _unusable_link(request, error)
    if subscriber.status == SubscriberStatus.UNSUBSCRIBED:
        # An old mail after unsubscribing: only a new request subscribes again.
        return _unusable_link(request, links.UnusableLink())
    if request.method == "POST":
        newly = services.confirm_subscription(subscriber)
        return render(
            request,
            "newsletter/confirmed.html",
            {
                "already": not newly,
                "preferences_url": links.preferences_url(subscriber),
                "newsletter_page": True,
            },
        )
    if subscriber.status == SubscriberStatus.CONFIRMED:
        return render(
            request,
            "newsletter/confirmed.html",
            {
                "already": True,
                "preferences_url": links.preferences_url(subscriber),
                "newsletter_page": True,
            },
        )
    return render(
        request,
        "newsletter/confirm.html",
        {"subscriber": subscriber, "newsletter_page": True},
    )


# No CSRF token: mail programs unsubscribe by a one-click POST of
# 'List-Unsubscribe=One-Click' to this address (RFC 8058), without any token or cookie. The
# signed token in the path is the authorisation, and the only thing a POST can do is
# withdraw the consent of the subscriber it names, which its owner may do at any time.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET shows one button and changes nothing (mail scanners open links); POST, from that
    button or a mail program's one-click, unsubscribes."""
    try:
        subscriber = links.subscriber_from_manage_token(token)
    except links.UnusableLink as error:
        return _unusable_link(request, error)
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        services.unsubscribe(
            subscriber, source=Source.ONE_CLICK if one_click else Source.UNSUBSCRIBE_PAGE
        )
        return _unsubscribed(request, subscriber)
    if subscriber.status == SubscriberStatus.UNSUBSCRIBED:
        return _unsubscribed(request, subscriber)
    return render(
        request,
        "newsletter/unsubscribe.html",
        {"subscriber": subscriber, "token": token, "newsletter_page": True},
    )


def _unsubscribed(request, subscriber):
    return render(
        request,
        "newsletter/unsubscribed.html",
        {"subscriber": subscriber, "newsletter_page": True},
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request, token):
    """Change name and themes, or unsubscribe, from the personal link; no sign-in needed."""
    try:
        subscriber = links.subscriber_from_manage_token(token)
    except links.UnusableLink as error:
        return _unusable_link(request, error)
    subscribed = subscriber.status == SubscriberStatus.CONFIRMED
    status = 200
    if request.method == "POST" and subscribed:
        form = PreferencesForm(request.POST)
        if form.is_valid():
            services.update_preferences(
                subscriber,
                name=form.cleaned_data["name"],
                topics=form.cleaned_data["topics"],
                source=Source.PREFERENCES_PAGE,
            )
            messages.success(request, _("Your preferences have been saved."))
            return redirect("newsletter:preferences", token=token)
        status = 400
    else:
        form = PreferencesForm(
            initial={"name": subscriber.name, "topics": list(subscriber.topics.all())}
        )
    return render(
        request,
        "newsletter/preferences.html",
        {
            "form": form,
            "subscriber": subscriber,
            "subscribed": subscribed,
            "token": token,
            "newsletter_page": True,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def mine(request):
    """A member's subscription: subscribe with the account's address in one step, change the
    themes, unsubscribe."""
    subscriber = selectors.subscriber_for_user(request.user)
    subscribed = subscriber is not None and subscriber.status == SubscriberStatus.CONFIRMED
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "unsubscribe":
            if subscribed:
                services.unsubscribe(subscriber, source=Source.MEMBER_PAGE)
                messages.success(
                    request, _("You are unsubscribed. You no longer get the newsletter.")
                )
            return redirect("newsletter:mine")
        form = MemberTopicsForm(request.POST)
        if not request.user.email:
            form.add_error(None, _("Your account has no e-mail address to send the newsletter to."))
            status = 400
        elif form.is_valid():
            topics = form.cleaned_data["topics"]
            if subscribed:
                services.update_preferences(subscriber, topics=topics, source=Source.MEMBER_PAGE)
                messages.success(request, _("Your themes have been saved."))
            else:
                services.subscribe_member(request.user, topics=topics)
                messages.success(
                    request, _("You are subscribed. The next newsletter comes to your address.")
                )
            return redirect("newsletter:mine")
        else:
            status = 400
    else:
        initial = list(subscriber.topics.all()) if subscribed else []
        form = MemberTopicsForm(initial={"topics": initial})
    return render(
        request,
        "newsletter/mine.html",
        {
            "form": form,
            "subscriber": subscriber,
            "subscribed": subscribed,
            "history": selectors.consent_history(subscriber) if subscriber else [],
            "newsletter_page": True,
        },
        status=status,
    )


# --- the web archive ---------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
def archive(request):
    """Every newsletter sent, newest first."""
    from werkplaats.core.pagination import paginate

    from .models import NewsletterIssue

    issues = NewsletterIssue.objects.sent().order_by("-finished_at", "-pk")
    page_obj = paginate(request, issues, 20)
    return render(
        request, "newsletter/archive.html", {"page_obj": page_obj, "issues": page_obj.object_list}
    )


@require_http_methods(["GET", "HEAD"])
def archive_issue(request, slug):
    """A sent newsletter as a web page: the same content as the mail, without personal links."""
    from django.shortcuts import get_object_or_404

    from . import sending
    from .models import NewsletterIssue

    issue = get_object_or_404(NewsletterIssue.objects.sent(), slug=slug)
    return render(request, "newsletter/archive_issue.html", sending.issue_context(issue))
