"""The network of the demo: the region's municipalities and the partners the seeds name.

Idempotent: rows are looked up by name and only created when missing, so running it again keeps
what coordinators changed. Logos are generated wordmarks (werkplaats.website.demo.images): we do
not copy other organisations' logos into the repository.
"""

import datetime

from django.db import transaction
from django.utils.text import slugify

from werkplaats.website.demo import images

from .models import Municipality, Organisation, OrganisationKind, Partnership

# The seeds: Rotterdam, Dordrecht, Schiedam and Vlaardingen from the start; the BAR-gemeenten
# (Barendrecht, Albrandswaard, Ridderkerk) through the BAR-organisatie from the work teams on.
MUNICIPALITIES = [
    "Rotterdam",
    "Dordrecht",
    "Schiedam",
    "Vlaardingen",
    "Barendrecht",
    "Albrandswaard",
    "Ridderkerk",
]

START = datetime.date(2016, 4, 1)  # "Sinds april 2016 zijn de partners in overleg…"
# The work teams started late 2017; the platform team works "samen met de BAR-organisatie".
BAR_START = datetime.date(2017, 11, 1)

MUNICIPALITY, UNIVERSITY = OrganisationKind.MUNICIPALITY, OrganisationKind.UNIVERSITY
# name, kind, municipality, website, description, partner since
PARTNERS = [
    ("Gemeente Rotterdam", MUNICIPALITY, "Rotterdam", "https://www.rotterdam.nl", "", START),
    ("Gemeente Dordrecht", MUNICIPALITY, "Dordrecht", "https://www.dordrecht.nl", "", START),
    ("Gemeente Schiedam", MUNICIPALITY, "Schiedam", "https://www.schiedam.nl", "", START),
    ("Gemeente Vlaardingen", MUNICIPALITY, "Vlaardingen", "https://www.vlaardingen.nl", "", START),
    (
        "BAR-organisatie",
        MUNICIPALITY,
        "Barendrecht",
        "",
        "De werkorganisatie van de gemeenten Barendrecht, Albrandswaard en Ridderkerk.",
        BAR_START,
    ),
    (
        "Hogeschool Rotterdam",
        UNIVERSITY,
        "Rotterdam",
        "https://www.hogeschoolrotterdam.nl",
        "Het lectoraat Maatschappelijke Zorg en de opleidingen Sociaal Werk.",
        START,
    ),
    (
        "Hogeschool InHolland",
        UNIVERSITY,
        "Rotterdam",
        "https://www.inholland.nl",
        "InHolland/Rotterdam: het lectoraat Dynamiek van de Stad en de opleidingen Sociaal Werk.",
        START,
    ),
]


@transaction.atomic
def load_network():
    """Create the demo municipalities, partner organisations and partnerships when missing."""
    municipalities = {}
    for name in MUNICIPALITIES:
        municipalities[name], _created = Municipality.objects.get_or_create(
            name=name, defaults={"slug": slugify(name), "in_region": True}
        )
    organisations = {}
    for name, kind, municipality, website, description, since in PARTNERS:
        organisation = Organisation.objects.filter(name=name).first()
        if organisation is None:
            organisation = Organisation.objects.create(
                name=name,
                slug=slugify(name),
                kind=kind,
                municipality=municipalities[municipality],
                website=website,
                description=description,
                logo=images.wordmark(name, f"logo-{slugify(name)}.png"),
            )
        if not organisation.partnerships.exists():
            Partnership.objects.create(organisation=organisation, started_on=since)
        organisations[name] = organisation
    return organisations
