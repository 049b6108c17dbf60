"""How django-allauth behaves here: sign-up only when OPEN_SIGNUP is on (and then waiting for a
coordinator's approval), and every mail in Dutch with a subject naming the Werkplaats, sent by
a background task after the request's transaction commits."""

import uuid
from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.db import transaction
from django.utils import translation

from werkplaats.core.sealing import seal

from .tasks import send_account_mail


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return settings.OPEN_SIGNUP

    def save_user(self, request, user, form, commit=True):
        # Self sign-up: not a member until a coordinator approves (see services.approve_user).
        user.approved_at = None
        return super().save_user(request, user, form, commit=commit)

    def format_email_subject(self, subject):
        return f"{subject} – {settings.WAGTAIL_SITE_NAME}"

    def send_mail(self, template_prefix, email, context):
        site = SimpleNamespace(
            name=settings.WAGTAIL_SITE_NAME,
            domain=urlsplit(settings.WAGTAILADMIN_BASE_URL).netloc or "localhost",
        )
        with translation.override(settings.LANGUAGE_CODE):
            mail = self.render_mail(template_prefix, email, {**context, "current_site": site})
        # Rendered here (the context holds the request and the user), sent by the worker.
        message = {
            "id": uuid.uuid4().hex,
            "subject": mail.subject,
            "body": mail.body,
            "from_email": mail.from_email,
            "to": list(mail.to),
            "headers": dict(mail.extra_headers),
            "alternatives": [
                (content, mimetype) for content, mimetype in getattr(mail, "alternatives", [])
            ],
        }
        # The mail can hold a password reset or verification link: the queue keeps it sealed.
        sealed = seal(message)
        transaction.on_commit(lambda: send_account_mail.enqueue(sealed=sealed))


def user_display(user):
    """How allauth names a user in its pages and messages (ACCOUNT_USER_DISPLAY): the name, or
    the e-mail address, never the generated user name."""
    return user.get_full_name() or user.email
