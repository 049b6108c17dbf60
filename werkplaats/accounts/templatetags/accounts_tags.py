from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def open_signup():
    """Whether people may sign up themselves (OPEN_SIGNUP)."""
    return settings.OPEN_SIGNUP
