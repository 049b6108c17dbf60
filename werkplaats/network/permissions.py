"""Who may see what of a person. Used by views, templates and (later) search and the API."""

from .models import Visibility


def is_coordinator(user):
    return bool(user and user.is_authenticated and user.is_coordinator)


def person_for(user):
    """The Person of a signed-in user, or None. Cached on the user object for the request."""
    if not (user and user.is_authenticated):
        return None
    if not hasattr(user, "_werkplaats_person"):
        from .models import Person

        user._werkplaats_person = Person.objects.filter(user=user).first()
    return user._werkplaats_person


def is_member(user):
    """A member of the Werkplaats: a signed-in, active user with a Person."""
    return person_for(user) is not None


def can_see_profile_part(viewer, person, level):
    """May `viewer` see a part of `person`'s profile that has visibility `level`?"""
    if level == Visibility.PUBLIC:
        return True
    viewer_person = person_for(viewer)
    if viewer_person is not None and viewer_person.pk == person.pk:
        return True
    if is_coordinator(viewer):
        return True
    if level == Visibility.MEMBERS:
        return viewer_person is not None
    return False


PROFILE_PARTS = ("name", "photo", "email", "organisations", "roles", "municipality", "bio")


def profile_parts_for(viewer, person):
    """{part: may `viewer` see it} for every part of `person`'s profile."""
    return {
        part: can_see_profile_part(viewer, person, getattr(person, f"{part}_visibility"))
        for part in PROFILE_PARTS
    }


def is_partner_contact(user):
    """Is the user the contact person of at least one partner organisation?

    Partner contacts see the reports and products relevant to their organisations.
    """
    person = person_for(user)
    return person is not None and person.contact_for.exists()
