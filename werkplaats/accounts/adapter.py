"""How django-allauth behaves here: sign-up only when OPEN_SIGNUP is on (and then waiting for a
coordinator's approval), and every mail in Dutch with a subject naming the Werkplaats."""

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation


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
            super().send_mail(template_prefix, email, {**context, "current_site": site})


def user_display(user):
    """How allauth names a user in its pages and messages (ACCOUNT_USER_DISPLAY): the name, or
    the e-mail address, never the generated user name."""
    return user.get_full_name() or user.email
