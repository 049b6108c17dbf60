"""Factories for learning groups (people and organisations: werkplaats.network.tests.factories)."""

import datetime

import factory
from django.utils.text import slugify

from werkplaats.groups.models import (
    GroupKind,
    JoinRequest,
    LearningGroup,
    LearningQuestion,
    MemberRole,
    Membership,
    WorkProgramme,
)
from werkplaats.network.tests.factories import PersonFactory


class WorkProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkProgramme

    title = factory.Sequence(lambda n: f"Werkprogramma {2016 + n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    starts_on = datetime.date(2017, 9, 1)
    ends_on = datetime.date(2018, 8, 31)


class LearningGroupFactory(factory.django.DjangoModelFactory):
    """A current, open werkteam without members. Pass archived_at for a completed one."""

    class Meta:
        model = LearningGroup
        skip_postgeneration_save = True

    kind = GroupKind.WORK_TEAM
    name = factory.Sequence(lambda n: f"Werkteam {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    summary = "Werkt met bewoners aan een concreet product."
    description = "Het werkteam onderzoekt werkzame elementen in casuïstiek."
    starts_on = datetime.date(2017, 11, 1)
    ends_on = None
    is_open = True

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(LearningGroupFactory)
    person = factory.SubFactory(PersonFactory)
    role = MemberRole.MEMBER
    started_on = datetime.date(2017, 11, 1)


class LeadFactory(MembershipFactory):
    role = MemberRole.LEAD


class LearningQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningQuestion

    group = factory.SubFactory(LearningGroupFactory)
    question = factory.Sequence(lambda n: f"Hoe versterken we de samenwerking ({n})?")
    position = factory.Sequence(lambda n: n)


class JoinRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JoinRequest

    group = factory.SubFactory(LearningGroupFactory)
    person = factory.SubFactory(PersonFactory)
    motivation = "Ik werk in een wijkteam en wil graag meedenken."
