"""Sealed values: data encrypted with a key derived from SECRET_KEY, for task arguments.

A background task's arguments are stored where it waits (the database queue, Redis) and stay
there after it ran. What holds a secret — a mail with a password reset link — travels sealed,
so reading the queue reveals nothing without SECRET_KEY. Keys from SECRET_KEY_FALLBACKS still
open what was sealed before a key rotation.
"""

import base64
import hashlib
import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

SALT = b"werkplaats.core.sealing"


def _fernet(secret):
    key = hashlib.sha256(SALT + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def _keys():
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet(secret) for secret in secrets])


def seal(data):
    """`data` (anything JSON can hold) as an encrypted, authenticated text."""
    return _keys().encrypt(json.dumps(data).encode()).decode()


def unseal(token):
    """The data of a sealed text; ValueError when it was changed or sealed with another key."""
    try:
        return json.loads(_keys().decrypt(token.encode()))
    except InvalidToken:
        raise ValueError("not sealed with this site's keys") from None
