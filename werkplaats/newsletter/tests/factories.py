"""Factories for the newsletter's tests."""

import factory
from django.utils import timezone

from werkplaats.newsletter.models import Source, Subscriber, SubscriberStatus


class SubscriberFactory(factory.django.DjangoModelFactory):
    """A confirmed subscriber (no consent record: use the services for that)."""

    class Meta:
        model = Subscriber
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"lezer{n}@example.org")
    name = "Noor Bakker"
    source = Source.NEWSLETTER_PAGE
    status = SubscriberStatus.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)


class PendingSubscriberFactory(SubscriberFactory):
    status = SubscriberStatus.PENDING
    confirmed_at = None
