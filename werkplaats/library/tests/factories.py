import factory
from django.utils.text import slugify

from werkplaats.groups.tests.factories import LearningGroupFactory

from ..models import PracticeItem, PracticeKind, Product, ProductKind, Visibility


class PracticeItemFactory(factory.django.DjangoModelFactory):
    """A dilemma private to a new group. Pass visibility=Visibility.PUBLIC for a public one."""

    class Meta:
        model = PracticeItem
        skip_postgeneration_save = True

    kind = PracticeKind.DILEMMA
    title = factory.Sequence(lambda n: f"Dilemma {n}: formeel of informeel?")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = "Wanneer laat een professional het over aan de buurt?"
    body = "Een buurtbewoner helpt een oudere buurvrouw; het wijkteam twijfelt of het mag."
    group = factory.SubFactory(LearningGroupFactory)
    visibility = Visibility.GROUP


class ProductFactory(factory.django.DjangoModelFactory):
    """A public publication. Pass groups=[...] and visibility for a private one."""

    class Meta:
        model = Product
        skip_postgeneration_save = True

    kind = ProductKind.PUBLICATION
    title = factory.Sequence(lambda n: f"Bundel {n}: leren transformeren")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = "Wat werkgroep 1 leerde over integraal werken in de wijk."
    year = 2019
    visibility = Visibility.PUBLIC
    aim = "Professionals en beleidsmakers leren van elkaars praktijk."

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(extracted)

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create and extracted:
            self.authors.set(extracted)
