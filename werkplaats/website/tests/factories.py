"""Factories for the website's tests. Pages are added to the demo tree and published, as an
editor would, so they reach the search index, the page cache signals and the public site."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils.text import slugify

from werkplaats.website.models import NewsIndexPage, NewsPage, StandardPage


class SuperuserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"redacteur{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    is_staff = True
    is_superuser = True
    password = factory.django.Password("geheim-wachtwoord")


class _PageFactory(factory.django.DjangoModelFactory):
    """Creates the page under `parent` and publishes it (publish=False leaves a draft)."""

    class Meta:
        abstract = True

    slug = factory.LazyAttribute(lambda o: slugify(o.title))

    @classmethod
    def _create(cls, model_class, *args, parent=None, publish=True, **kwargs):
        themes = kwargs.pop("themes", None)
        page = model_class(*args, live=publish, **kwargs)
        if themes is not None:
            page.themes = themes
        parent.add_child(instance=page)
        if publish:
            page.save_revision().publish()
        else:
            page.save_revision()
        return page


class NewsPageFactory(_PageFactory):
    """A news item under the demo's news index, like the demo's: a lead image and a theme."""

    class Meta:
        model = NewsPage

    parent = factory.LazyFunction(lambda: NewsIndexPage.objects.get())
    title = factory.Sequence(lambda n: f"Bericht uit de werkteams nummer {n}")
    date = factory.Sequence(lambda n: datetime.date(2019, 1, 1) + datetime.timedelta(days=n))
    author = "Werkplaats Sociaal Domein"
    intro = factory.LazyAttribute(lambda o: f"Samenvatting van {o.title.lower()}.")
    body = factory.LazyAttribute(
        lambda o: [{"type": "paragraph", "value": f"<p>Tekst van {o.title.lower()}.</p>"}]
    )
    lead_image = factory.LazyFunction(
        lambda: NewsPage.objects.exclude(lead_image=None).first().lead_image
    )
    themes = factory.LazyFunction(
        lambda: list(NewsPage.objects.exclude(themes=None).first().themes.all()[:1])
    )


class StandardPageFactory(_PageFactory):
    class Meta:
        model = StandardPage

    parent = factory.LazyFunction(lambda: NewsIndexPage.objects.get().get_parent())
    title = factory.Sequence(lambda n: f"Informatiepagina {n}")
    intro = "Een pagina voor de test."
    body = factory.LazyAttribute(
        lambda o: [{"type": "paragraph", "value": f"<p>Tekst van {o.title.lower()}.</p>"}]
    )
