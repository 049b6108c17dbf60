"""Factories for accounts' tests. People and groups come from the network and groups factories."""

import datetime

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from werkplaats.accounts.models import COORDINATORS_GROUP, Invitation, hash_token
from werkplaats.network.tests.factories import UserFactory

PASSWORD = "geheim-wachtwoord"


class VerifiedUserFactory(UserFactory):
    """A user who can sign in with e-mail and password (allauth: a verified primary address)."""

    class Meta:
        skip_postgeneration_save = True

    first_name = "Sanne"
    last_name = "de Vries"

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.update_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class StaffCoordinatorFactory(VerifiedUserFactory):
    """A coordinator through the "Coördinatoren" group (not a superuser)."""

    username = factory.Sequence(lambda n: f"coordinator-groep{n}")

    @factory.post_generation
    def coordinators_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name=COORDINATORS_GROUP))


class InvitationFactory(factory.django.DjangoModelFactory):
    """A pending invitation; its token is `invitation.token` (only the hash is stored)."""

    class Meta:
        model = Invitation

    email = factory.Sequence(lambda n: f"genodigde{n}@example.org")
    first_name = "Fatima"
    last_name = "El Amrani"
    invited_by = factory.SubFactory(StaffCoordinatorFactory)
    token = factory.LazyFunction(Invitation.new_token)
    token_hash = factory.LazyAttribute(lambda o: hash_token(o.token))
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))

    class Params:
        expired = factory.Trait(
            expires_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
        )

    @classmethod
    def _create(cls, model_class, *args, token=None, **kwargs):
        invitation = super()._create(model_class, *args, **kwargs)
        invitation.token = token
        return invitation
