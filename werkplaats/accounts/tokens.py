"""The secret in an invitation link.

Derived from the invitation row and SECRET_KEY (an HMAC), so nothing secret has to be stored:
the row keeps only its SHA-256 hash, and the mail task is given only the invitation's id (task
arguments are stored in the queue). Someone who can read the database but not SECRET_KEY
cannot make a working link.
"""

from django.utils.crypto import salted_hmac

SALT = "werkplaats.accounts.invitation-token"


def invitation_token(invitation):
    value = f"{invitation.pk}:{invitation.email}:{invitation.created_at.isoformat()}"
    return salted_hmac(SALT, value, algorithm="sha256").hexdigest()
