"""Factories for the network's tests (and for other apps' tests that need people)."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils.text import slugify

from werkplaats.network.models import (
    Affiliation,
    Municipality,
    Notification,
    Organisation,
    OrganisationKind,
    Partnership,
    Person,
    PersonRole,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"lid{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("geheim-wachtwoord")


class CoordinatorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"coordinator{n}")
    is_staff = True
    is_superuser = True


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Gemeente {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Welzijnsorganisatie {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = OrganisationKind.WELFARE


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    organisation = factory.SubFactory(OrganisationFactory)
    started_on = datetime.date(2016, 4, 1)
    ended_on = None


class PersonFactory(factory.django.DjangoModelFactory):
    """A member: a person with an account. `user=None` makes a person without one."""

    class Meta:
        model = Person

    user = factory.SubFactory(UserFactory)
    first_name = factory.Sequence(lambda n: f"Anne{n}")
    last_name = "de Vries"
    email = factory.LazyAttribute(lambda o: o.user.email if o.user else None)
    handle = factory.Sequence(lambda n: f"anne-{n}")


class PersonRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonRole

    person = factory.SubFactory(PersonFactory)
    role = "professional"


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    function = "wijkteamlid"


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(PersonFactory)
    kind = "reply"
    title = factory.Sequence(lambda n: f"Nieuwe reactie {n}")
    url = "/mijn/"
