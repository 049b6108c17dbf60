"""Factories for activities (people: werkplaats.network.tests.factories; groups:
werkplaats.groups.tests.factories).

The defaults make the common case: a public kenniscafé in Dordrecht a week from now, open for
sign-up, without a place limit. Pass what a test is about, e.g.
`ActivityFactory(capacity=2, audience=Audience.GROUP, groups=[group])`.
"""

import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify

from werkplaats.activities.models import (
    Activity,
    ActivityKind,
    Attendance,
    Audience,
    CalendarFeed,
    ExtraQuestion,
    Registration,
    RegistrationStatus,
    Venue,
)
from werkplaats.network.tests.factories import MunicipalityFactory, PersonFactory


def in_days(days, hour=19):
    """An aware datetime `days` from today at `hour`:00 local time (negative: in the past)."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue
        django_get_or_create = ("name", "municipality")

    name = factory.Sequence(lambda n: f"Wijkcentrum {n}")
    street_address = factory.Sequence(lambda n: f"Voorstraat {n + 1}")
    postcode = "3311 AA"
    city = factory.LazyAttribute(lambda o: o.municipality.name)
    municipality = factory.SubFactory(MunicipalityFactory, name="Dordrecht")
    directions = "Vijf minuten lopen vanaf station Dordrecht. Rolstoeltoegankelijk."


class ActivityFactory(factory.django.DjangoModelFactory):
    """A public kenniscafé a week from now, 19:00–21:00, open for sign-up, no place limit.

    `groups=[...]` and `themes=[...]` set the organising groups and themes.
    """

    class Meta:
        model = Activity
        skip_postgeneration_save = True

    kind = ActivityKind.KNOWLEDGE_CAFE
    title = factory.Sequence(lambda n: f"Kenniscafé {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = "Praktijk en onderzoek ontmoeten elkaar rond een dilemma uit de wijk."
    description = "We bespreken casuïstiek en gouden tips met professionals en bewoners."
    starts_at = factory.LazyFunction(lambda: in_days(7, 19))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    venue = factory.SubFactory(VenueFactory)
    audience = Audience.PUBLIC
    registration_required = True
    capacity = None

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(extracted)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class PastActivityFactory(ActivityFactory):
    """An activity that took place two weeks ago."""

    starts_at = factory.LazyFunction(lambda: in_days(-14, 19))


class ExtraQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExtraQuestion

    activity = factory.SubFactory(ActivityFactory)
    label = "Heeft u dieetwensen?"
    help_text = "Bijvoorbeeld vegetarisch of glutenvrij."
    required = False
    position = factory.Sequence(lambda n: n)


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration of a member. Pass status=… for another state; waitlisted_at
    and confirmed_at follow the status."""

    class Meta:
        model = Registration

    activity = factory.SubFactory(ActivityFactory)
    person = factory.SubFactory(PersonFactory)
    status = RegistrationStatus.CONFIRMED
    confirmed_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == RegistrationStatus.CONFIRMED else None
    )
    waitlisted_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == RegistrationStatus.WAITLIST else None
    )
    cancelled_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == RegistrationStatus.CANCELLED else None
    )


class VisitorRegistrationFactory(RegistrationFactory):
    """A visitor (a person without an account) who has not yet confirmed from the mail."""

    person = factory.SubFactory(
        PersonFactory, user=None, email=factory.Sequence(lambda n: f"bezoeker{n}@example.org")
    )
    status = RegistrationStatus.UNCONFIRMED


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    activity = factory.SubFactory(PastActivityFactory)
    person = factory.SubFactory(PersonFactory)


class CalendarFeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarFeed
        django_get_or_create = ("person",)

    person = factory.SubFactory(PersonFactory)
