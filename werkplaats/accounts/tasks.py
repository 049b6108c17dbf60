"""Background tasks of accounts (django-tasks): the mails of invitations, approval and allauth."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from werkplaats.core.once import once as _once


def site_name():
    return settings.WAGTAIL_SITE_NAME


def absolute_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _send(template, to, context, *, html=False):
    """Render accounts/mail/<template>.txt (and .html) in Dutch and send it."""
    context = {"site_name": site_name(), **context}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"accounts/mail/{template}_subject.txt", context)
        subject = " ".join(subject.split())
        body = render_to_string(f"accounts/mail/{template}.txt", context)
        html_body = render_to_string(f"accounts/mail/{template}.html", context) if html else None
    message = EmailMultiAlternatives(subject=subject, body=body, to=[to])
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()


@task()
def send_invitation_mail(invitation_id):
    """Mail the invitation link. Does nothing when the invitation is no longer pending, when its
    link cannot be made again (SECRET_KEY changed since), or when it was mailed already."""
    from .models import Invitation, hash_token
    from .tokens import invitation_token

    invitation = (
        Invitation.objects.pending()
        .select_related("group", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        return
    token = invitation_token(invitation)
    if hash_token(token) != invitation.token_hash:
        return
    inviter = invitation.invited_by
    context = {
        "invitation": invitation,
        "inviter_name": (inviter.get_full_name() or inviter.email) if inviter else site_name(),
        "url": absolute_url(reverse("accounts:accept_invitation", args=[token])),
        "expires_at": invitation.expires_at,
    }
    _once(
        f"accounts:invitation-mail:{invitation.token_hash}",
        lambda: _send("invitation", invitation.email, context, html=True),
    )


@task()
def send_approval_mail(user_id):
    """Tell a self-signed-up user that a coordinator approved their account."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id, approved_at__isnull=False).first()
    if user is None:
        return
    context = {"user": user, "url": absolute_url(reverse("accounts:dashboard"))}
    _once(
        f"accounts:approval-mail:{user.pk}:{user.approved_at.timestamp()}",
        lambda: _send("approved", user.email, context),
    )


@task()
def send_declined_mail(user_id):
    """Tell someone that their sign-up was not approved, and where to ask why."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id, is_active=False).first()
    if user is None:
        return
    context = {"user": user, "contact_url": absolute_url("/contact/")}
    _once(f"accounts:declined-mail:{user.pk}", lambda: _send("declined", user.email, context))


@task()
def send_account_mail(sealed):
    """Send a mail django-allauth rendered during the request (e-mail verification, password
    reset, security notices), so that the request never waits for the mail server.

    `sealed` is the rendered mail's data, sealed (core.sealing: it may hold a reset link); see
    AccountAdapter.send_mail. Sending is marked by the mail's id, so a retried task sends once.
    """
    from werkplaats.core.sealing import unseal

    message = unseal(sealed)

    def send():
        mail = EmailMultiAlternatives(
            subject=message["subject"],
            body=message["body"],
            from_email=message["from_email"],
            to=message["to"],
            headers=message.get("headers") or None,
        )
        for content, mimetype in message.get("alternatives", []):
            mail.attach_alternative(content, mimetype)
        mail.send()

    return _once(f"accounts:mail:{message['id']}", send)
