"""Claim one's history when an address is verified (allauth signals), wired in apps.py."""

from allauth.account.signals import email_confirmed, user_signed_up

from . import services


def claim_on_email_confirmed(request, email_address, **kwargs):
    """A verified address links the (approved) user to the Person with that address, or a new
    one. Unapproved self-sign-ups wait: approval links them."""
    services.link_person_to_user(email_address.user, email_address.email)


def claim_on_signed_up(request, user, **kwargs):
    """Sign-up with an address that is verified already (e.g. verified in the same flow)."""
    services.link_verified_addresses(user)


def connect():
    email_confirmed.connect(claim_on_email_confirmed, dispatch_uid="accounts-claim-confirmed")
    user_signed_up.connect(claim_on_signed_up, dispatch_uid="accounts-claim-signed-up")
