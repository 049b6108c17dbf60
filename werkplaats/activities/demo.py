"""Demo activities, venues and attendance, as the seeds tell them.

What the seeds give, and what this demo does with it:

- "Alle activiteiten vonden in de gehele regio plaats, van wijkcentra in Rotterdam tot een
  culturele ontmoetingsplek in Dordrecht en van een wijkgebouw in Schiedam tot een MFA in
  Barendrecht." The seeds name no buildings or addresses, so the venues say so in their name
  and route text; no address is made up. The one address the seeds do give is the Werkplaats's
  own (Museumpark 40, Rotterdam); activities whose place the seeds do not name are held there.
- The werkgroepen (November 2016 – August 2017) met "vanaf oktober tot en met juni": five
  meetings each, three uitwisselingen (werkgroep 1) and four focusgroepen (werkgroep 2). The
  seeds give no exact dates; the days here are spread over that period.
- "Ongeveer 40 personen" in the werkgroep meetings and "ruim 150 unieke personen" in the
  exchanges and focus groups: reproduced exactly (40 and 153), with people coming more than
  once. The werkgroep members of the people demo (groups/demo_members.py) come to their own
  werkgroep's meetings; everyone else is a generated, clearly fictional person (names combined
  from two lists with a fixed seed, addresses at example.org) working at a partner organisation
  the demo network already has, in a municipality of the region.
- From late 2017 the werkteams: the workshop genogrammen (its day matches the werkteam's
  workspace notes), a guest lecture, keukentafelgesprekken with politicians, the half-year
  evaluation with the municipalities in June 2018 and the three public kenniscafés in
  September, November and December 2018, with sign-ups and attendance.
- The work conference 'Werken in wijkteams: kansen en dilemma's voor de nieuwe sociaal werker'
  belongs to the implementation trajectory that ended on 30 June 2016; the seeds give neither
  its date nor its place.
- The seeds end in 2018. So that the calendar is alive, a few activities relative to today are
  added; their titles end in "(demo-vervolg)" and their descriptions say the seeds are silent.

Idempotent: venues are found by name and municipality, people by e-mail, activities by slug.
An activity that exists is left as it is (with its sign-ups and attendance), so running the
loader again adds nothing and never overwrites what a coordinator changed. Rows are written in
bulk: signals do not fire, so the caller clears the page cache (load_demo does).
"""

import datetime
import itertools
import random

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from werkplaats.groups.demo_members import MEMBERSHIPS
from werkplaats.groups.models import LearningGroup
from werkplaats.network.models import (
    Affiliation,
    Municipality,
    Organisation,
    Person,
    PersonRole,
    Position,
    Role,
)
from werkplaats.website.models import ThemePage

from .models import (
    Activity,
    ActivityKind,
    Attendance,
    Audience,
    ExtraQuestion,
    Registration,
    RegistrationStatus,
    Venue,
)

DEMO_DOMAIN = "example.org"
SEED = 20161101  # the werkgroepen started in November 2016; any fixed number would do

# --- Venues ---------------------------------------------------------------------------------

NOT_IN_SOURCES = "Adres niet in de bronnen"


def _not_named(words):
    return (
        f"Demo: de bronnen noemen alleen '{words}'. Naam, adres en route van deze plek staan "
        "niet in de bronnen en zijn hier niet verzonnen; een coördinator vult ze aan."
    )


# key, name, address, postcode, place, municipality, route and accessibility
VENUES = [
    (
        "werkplaats",
        "Werkplaats Sociaal Domein (Hogeschool Rotterdam)",
        "Museumpark 40",
        "3015 CX",
        "Rotterdam",
        "Rotterdam",
        "Het adres van de Werkplaats volgens de bronnen: kamer MP.L03.105. Demo: de bronnen "
        "noemen niet welke bijeenkomsten hier waren; activiteiten waarvan de plek niet bekend "
        "is, staan in de demo hier.",
    ),
    (
        "wijkcentrum-1",
        "Wijkcentrum in Rotterdam (naam niet in de bronnen)",
        NOT_IN_SOURCES,
        "",
        "Rotterdam",
        "Rotterdam",
        _not_named("wijkcentra in Rotterdam"),
    ),
    (
        "wijkcentrum-2",
        "Tweede wijkcentrum in Rotterdam (naam niet in de bronnen)",
        NOT_IN_SOURCES,
        "",
        "Rotterdam",
        "Rotterdam",
        _not_named("wijkcentra in Rotterdam"),
    ),
    (
        "dordrecht",
        "Culturele ontmoetingsplek in Dordrecht (naam niet in de bronnen)",
        NOT_IN_SOURCES,
        "",
        "Dordrecht",
        "Dordrecht",
        _not_named("een culturele ontmoetingsplek in Dordrecht"),
    ),
    (
        "schiedam",
        "Wijkgebouw in Schiedam (naam niet in de bronnen)",
        NOT_IN_SOURCES,
        "",
        "Schiedam",
        "Schiedam",
        _not_named("een wijkgebouw in Schiedam"),
    ),
    (
        "barendrecht",
        "MFA in Barendrecht (naam niet in de bronnen)",
        NOT_IN_SOURCES,
        "",
        "Barendrecht",
        "Barendrecht",
        _not_named("een MFA (multifunctionele accommodatie) in Barendrecht"),
    ),
]

# --- Activities of the seeds ----------------------------------------------------------------

WG1 = "werkgroep-doorontwikkeling-sociale-wijkteams"
WG2 = "werkgroep-samenwerking-formeel-en-informeel"
WT_PREVENTION = "werkteam-preventie-intergenerationele-problematiek"
WT_POVERTY = "werkteam-informeel-formeel-armoede"
WT_PLATFORM = "werkteam-platform-ontmoeting-en-innovatie"
WT_FOURTH = "werkteam-4"
WERKTEAMS = [WT_PREVENTION, WT_POVERTY, WT_PLATFORM, WT_FOURTH]

THEME_WIJKTEAMS = "doorontwikkeling-sociale-wijkteams"
THEME_FORMAL = "samenwerking-formeel-en-informeel"

DATES_NOTE = (
    "De bronnen noemen de periode (oktober 2016 tot en met juni 2017), niet de precieze datum; "
    "de dag is voor de demo gekozen."
)


def activity(
    slug,
    kind,
    title,
    day,
    hours,
    venue,
    audience,
    *,
    summary,
    description="",
    groups=(),
    themes=(),
    capacity=None,
    registration_required=False,
    ask_organisation_and_role=False,
    outcome="",
):
    """One demo activity as a dict; `hours` is (start hour, end hour)."""
    return {
        "slug": slug,
        "kind": kind,
        "title": title,
        "day": day,
        "hours": hours,
        "venue": venue,
        "audience": audience,
        "summary": summary,
        "description": description,
        "groups": groups,
        "themes": themes,
        "capacity": capacity,
        "registration_required": registration_required,
        "ask_organisation_and_role": ask_organisation_and_role,
        "outcome": outcome,
    }


def _werkgroep_meetings(group, name, theme, days_and_venues):
    return [
        activity(
            f"{group}-bijeenkomst-{number}",
            ActivityKind.MEETING,
            f"{name}: bijeenkomst {number}",
            day,
            (14, 17),
            venue,
            Audience.GROUP,
            summary=f"Werkgroepbijeenkomst {number} van {name.lower()}.",
            description="Beleidsmakers, uitvoerende sociale professionals en "
            "docentonderzoekers leren van en met elkaar, vanuit de alledaagse praktijk "
            "(transformatieleren). " + DATES_NOTE,
            groups=[group],
            themes=[theme],
        )
        for number, (day, venue) in enumerate(days_and_venues, start=1)
    ]


D = datetime.date

WERKGROEP_MEETINGS = _werkgroep_meetings(
    WG1,
    "Werkgroep 1",
    THEME_WIJKTEAMS,
    [
        (D(2016, 11, 15), "werkplaats"),
        (D(2017, 1, 17), "wijkcentrum-1"),
        (D(2017, 3, 7), "werkplaats"),
        (D(2017, 4, 18), "wijkcentrum-1"),
        (D(2017, 6, 13), "werkplaats"),
    ],
) + _werkgroep_meetings(
    WG2,
    "Werkgroep 2",
    THEME_FORMAL,
    [
        (D(2016, 11, 22), "werkplaats"),
        (D(2017, 1, 24), "dordrecht"),
        (D(2017, 3, 14), "wijkcentrum-2"),
        (D(2017, 4, 25), "schiedam"),
        (D(2017, 6, 20), "werkplaats"),
    ],
)

VISUALS_NOTE = (
    "De uitwisselingen leverden samen visuals op over de opgave, ruimte en grenzen van "
    "wijkteams, de kracht van preventie en collectieve oplossingen, en gouden tips voor "
    "samenwerking met het medisch domein; de verdeling van die onderwerpen over de drie "
    "uitwisselingen is voor de demo. "
)

EXCHANGES = [
    activity(
        f"uitwisseling-{number}-werkgroep-1",
        ActivityKind.EXCHANGE,
        f"Uitwisseling {number}: {subject}",
        day,
        (13, 17),
        venue,
        Audience.PUBLIC,
        summary="Uitwisseling van werkgroep 1 over het optimale model tussen de nulde en de "
        "tweede lijn.",
        description="Hoe komen we tot een integraal dienstverleningsconcept van de nulde naar "
        "de tweede lijn? " + VISUALS_NOTE + DATES_NOTE,
        groups=[WG1],
        themes=[THEME_WIJKTEAMS],
        outcome=f"Visual over {subject}.",
    )
    for number, (day, venue, subject) in enumerate(
        [
            (D(2017, 1, 31), "wijkcentrum-1", "opgave, ruimte en grenzen van wijkteams"),
            (D(2017, 3, 28), "schiedam", "de kracht van preventie en collectieve oplossingen"),
            (D(2017, 5, 23), "barendrecht", "samenwerking met het medisch domein"),
        ],
        start=1,
    )
]

FOCUS_GROUPS = [
    activity(
        f"focusgroep-{number}-formeel-informeel",
        ActivityKind.FOCUS_GROUP,
        f"Focusgroep {number} formeel en informeel ({place})",
        day,
        (19, 21),
        venue,
        Audience.PUBLIC,
        summary="Wat is (eigenlijk) informaliteit, en wie is er informeel in het sociaal domein?",
        description="Een focusgroep van werkgroep 2 met professionals, vrijwilligers, "
        "mantelzorgers en bewoners over het samenspel tussen formeel en informeel. " + DATES_NOTE,
        groups=[WG2],
        themes=[THEME_FORMAL],
    )
    for number, (day, venue, place) in enumerate(
        [
            (D(2016, 12, 13), "dordrecht", "Dordrecht"),
            (D(2017, 2, 21), "wijkcentrum-2", "Rotterdam"),
            (D(2017, 4, 11), "schiedam", "Schiedam"),
            (D(2017, 5, 30), "wijkcentrum-1", "Rotterdam"),
        ],
        start=1,
    )
]

KENNISCAFE_NOTE = (
    "Een open bijeenkomst waar de werkteams zichzelf presenteren, opbrengsten delen en het "
    "debat aanjagen. De bronnen noemen de maand; de dag, de plek en welk werkteam presenteert "
    "zijn voor de demo gekozen."
)

OTHER_ACTIVITIES = [
    activity(
        "werkconferentie-werken-in-wijkteams",
        ActivityKind.CONFERENCE,
        "Werkconferentie 'Werken in wijkteams: kansen en dilemma’s voor de nieuwe sociaal werker'",
        D(2016, 6, 9),
        (10, 16),
        "werkplaats",
        Audience.PUBLIC,
        summary="Werkconferentie van de WMO-werkplaats Rotterdam aan het einde van het "
        "implementatietraject.",
        description="Het verslag van deze werkconferentie staat op de website bij de "
        "afronding van het implementatietraject (30 juni 2016). De bronnen noemen de datum en "
        "de plek niet; die zijn voor de demo gekozen.",
        themes=[THEME_WIJKTEAMS],
    ),
    activity(
        "workshop-genogrammen-2018",
        ActivityKind.WORKSHOP,
        "Workshop genogrammen",
        D(2018, 3, 20),
        (13, 16),
        "dordrecht",
        Audience.MEMBERS,
        summary="Een genogram samen met het gezin tekenen om patronen over generaties "
        "zichtbaar te maken.",
        description="Een van de eerste opbrengsten van het werkteam Preventie "
        "intergenerationele problematiek.",
        groups=[WT_PREVENTION],
        themes=["preventie-intergenerationele-problematiek"],
        outcome="Collega's vroegen om een korte versie voor teamoverleggen.",
    ),
    activity(
        "gastles-sociaal-werk-2018",
        ActivityKind.GUEST_LECTURE,
        "Gastles opleiding Sociaal Werk",
        D(2018, 5, 15),
        (10, 12),
        "werkplaats",
        Audience.MEMBERS,
        summary="Werkteamleden geven een gastles aan studenten Sociaal Werk.",
        description="Gastlessen horen volgens de bronnen bij de eerste opbrengsten van de "
        "werkteams; onderwerp en datum van deze gastles zijn voor de demo gekozen.",
        groups=[WT_PREVENTION],
        themes=["preventie-intergenerationele-problematiek"],
    ),
    activity(
        "keukentafelgesprek-armoede-1",
        ActivityKind.KITCHEN_TABLE,
        "Keukentafelgesprek over armoede met politici (1)",
        D(2018, 4, 10),
        (19, 21),
        "wijkcentrum-2",
        Audience.GROUP,
        summary="Bewoners en professionals gaan met politici aan tafel over armoede.",
        description="Het werkteam informeel-formeel wil samen met betrokken bewoners politici "
        "in beweging krijgen tegen armoede. Data en plekken zijn voor de demo gekozen.",
        groups=[WT_POVERTY],
        themes=["armoede"],
    ),
    activity(
        "keukentafelgesprek-armoede-2",
        ActivityKind.KITCHEN_TABLE,
        "Keukentafelgesprek over armoede met beleidsafdelingen (2)",
        D(2018, 5, 29),
        (19, 21),
        "dordrecht",
        Audience.GROUP,
        summary="Bewoners en professionals gaan met beleidsmakers aan tafel over armoede.",
        description="Het tweede keukentafelgesprek, nu met beleidsafdelingen. Data en plekken "
        "zijn voor de demo gekozen.",
        groups=[WT_POVERTY],
        themes=["armoede"],
    ),
    activity(
        "halfjaarevaluatie-werkteams-juni-2018",
        ActivityKind.MEETING,
        "Halfjaarevaluatie van de werkteams met de gemeenten",
        D(2018, 6, 14),
        (13, 16),
        "werkplaats",
        Audience.GROUP,
        summary="Hoe staan de werkteams ervoor? Zijn we tevreden? Is ons werk van betekenis? "
        "En wat zijn de plannen?",
        description="In juni 2018 hebben de werkteams het afgelopen half jaar geëvalueerd en "
        "samen met de betrokken gemeenten de stand van zaken opgemaakt. De dag is voor de demo "
        "gekozen.",
        groups=WERKTEAMS,
        outcome="Alle werkteams gaan minimaal tot eind 2018 door. Het blijft moeilijk om het "
        "geleerde te delen binnen de eigen gemeente, organisatie of team.",
    ),
    *[
        activity(
            f"kenniscafe-{month_slug}-2018",
            ActivityKind.KNOWLEDGE_CAFE,
            f"Kenniscafé {month}: {subject}",
            day,
            (19, 21, 30),
            venue,
            Audience.PUBLIC,
            summary=f"Het werkteam {subject} presenteert zich, deelt opbrengsten en jaagt "
            "het debat aan.",
            description=KENNISCAFE_NOTE,
            groups=[group],
            themes=[theme],
            capacity=50,
            registration_required=True,
            ask_organisation_and_role=True,
        )
        for month_slug, month, day, venue, subject, group, theme in [
            (
                "september",
                "september",
                D(2018, 9, 20),
                "wijkcentrum-1",
                "preventie intergenerationele problematiek",
                WT_PREVENTION,
                "preventie-intergenerationele-problematiek",
            ),
            (
                "november",
                "november",
                D(2018, 11, 15),
                "dordrecht",
                "informeel-formeel: armoede",
                WT_POVERTY,
                "armoede",
            ),
            (
                "december",
                "december",
                D(2018, 12, 13),
                "schiedam",
                "platform ontmoeting en innovatie",
                WT_PLATFORM,
                "platform-ontmoeting-en-innovatie",
            ),
        ]
    ],
]

SEED_ACTIVITIES = WERKGROEP_MEETINGS + EXCHANGES + FOCUS_GROUPS + OTHER_ACTIVITIES

# --- Upcoming: the demo continues -----------------------------------------------------------

CONTINUATION = (
    "Demo-vervolg: de bronnen beschrijven de Werkplaats tot en met 2018 en zeggen niets over "
    "activiteiten daarna. Deze activiteit staat in de demo om een levende agenda te laten zien "
    "(aanmelden, wachtlijst, extra vragen); ze is gepland ten opzichte van de dag waarop de "
    "demo is geladen."
)

DIETARY_QUESTION = (
    "Heeft u dieetwensen?",
    "Bijvoorbeeld vegetarisch, halal of glutenvrij. Uw antwoord wordt 14 dagen na het "
    "kenniscafé gewist.",
)

# slug, days from today, kind, title, hours, venue, audience, groups, capacity, sign-up, summary
UPCOMING = [
    (
        "werkteamoverleg-preventie-demo-vervolg",
        10,
        ActivityKind.MEETING,
        "Werkteamoverleg Preventie intergenerationele problematiek (demo-vervolg)",
        (15, 17),
        "wijkcentrum-1",
        Audience.GROUP,
        [WT_PREVENTION],
        None,
        False,
        "Het werkteam bespreekt twee geanonimiseerde casussen: wat werkte hier?",
    ),
    (
        "kenniscafe-wat-werkt-in-de-wijk-demo-vervolg",
        21,
        ActivityKind.KNOWLEDGE_CAFE,
        "Kenniscafé: wat werkt in de wijk? (demo-vervolg)",
        (19, 21),
        "dordrecht",
        Audience.PUBLIC,
        WERKTEAMS[:3],
        40,
        True,
        "De werkteams delen hun opbrengsten en gaan met bewoners, professionals en "
        "beleidsmakers in gesprek.",
    ),
    (
        "workshop-genogrammen-korte-versie-demo-vervolg",
        28,
        ActivityKind.WORKSHOP,
        "Workshop genogrammen, korte versie (demo-vervolg)",
        (14, 16),
        "schiedam",
        Audience.MEMBERS,
        [WT_PREVENTION],
        12,
        True,
        "De korte versie van de workshop genogrammen, voor een teamoverleg. Vol: aanmelden "
        "zet u op de wachtlijst.",
    ),
    (
        "ledenbijeenkomst-demo-vervolg",
        35,
        ActivityKind.MEETING,
        "Ledenbijeenkomst: terugblik en plannen (demo-vervolg)",
        (16, 18),
        "werkplaats",
        Audience.MEMBERS,
        [],
        None,
        True,
        "Voor alle leden van de Werkplaats: wat hebben we geleerd, en wat zijn de plannen?",
    ),
]

# --- Fictional people -----------------------------------------------------------------------

# None of these first names is used by the people demo, so no address collides with theirs.
FIRST_NAMES = [
    "Anna", "Bas", "Chantal", "Daan", "Eline", "Fleur", "Gijs", "Hanneke", "Iris", "Jasper",
    "Karin", "Luuk", "Maaike", "Niels", "Olga", "Pieter", "Rianne", "Stefan", "Tamara",
    "Vincent", "Yvonne", "Zeynep", "Mohamed", "Samira", "Rachid", "Naima", "Kevin", "Linda",
    "Mark", "Petra", "Ruben", "Sophie", "Tim", "Wendy", "Ayse", "Emre", "Joyce", "Dennis",
    "Ilse", "Hans",
]  # fmt: skip
LAST_NAMES = [
    "Jansen", "de Vries", "van den Berg", "van Dijk", "Bos", "Meijer", "de Groot", "Vos",
    "Peters", "Willems", "van der Linden", "Dekker", "Brouwer", "de Jong", "Koç", "Vermeulen",
    "van der Heijden", "Kramer", "Prins", "Huisman", "Postma", "Kaya", "Boukhari", "Wijnands",
    "Lambregts", "Sedney", "Tahiri", "Groen", "Verhoef", "Snijders", "Kuipers", "van Wijk",
    "Ouali", "Hoekstra", "Claassen", "Mahabier", "van Rijn", "Dijkman", "Özdemir", "Blom",
]  # fmt: skip

PARTNER_MUNICIPALITIES = {
    "Rotterdam": "Gemeente Rotterdam",
    "Dordrecht": "Gemeente Dordrecht",
    "Schiedam": "Gemeente Schiedam",
    "Vlaardingen": "Gemeente Vlaardingen",
    "Barendrecht": "BAR-organisatie",
    "Albrandswaard": "BAR-organisatie",
    "Ridderkerk": "BAR-organisatie",
}
# Where people work, weighted: most in Rotterdam, the BAR-gemeenten least.
WORK_PLACES = ["Rotterdam"] * 5 + ["Dordrecht"] * 3 + ["Schiedam"] * 2 + ["Vlaardingen"] * 2
WORK_PLACES += ["Barendrecht", "Albrandswaard", "Ridderkerk"]
UNIVERSITIES = ["Hogeschool Rotterdam", "Hogeschool InHolland"]

# (roles, paid or unpaid, where: "municipality", "university" or None, functions)
PROFILES = {
    "professional": (
        [Role.PROFESSIONAL],
        Position.PAID,
        "municipality",
        ["wijkteamlid", "vraagwijzer-consulent", "wijkteamleider", "sociaal werker"],
    ),
    "professional_carer": (
        [Role.PROFESSIONAL, Role.CARER],
        Position.BOTH,
        "municipality",
        ["wijkteamlid", "sociaal werker"],
    ),
    "policy": (
        [Role.POLICY_MAKER],
        Position.PAID,
        "municipality",
        ["beleidsmedewerker sociaal domein", "beleidsadviseur Wmo", "staf wijkteams"],
    ),
    "teacher": (
        [Role.TEACHER_RESEARCHER],
        Position.PAID,
        "university",
        ["docentonderzoeker Sociaal Werk", "docent Social Work"],
    ),
    "student": ([Role.STUDENT], Position.UNPAID, "university", ["student Sociaal Werk"]),
    "resident": ([Role.RESIDENT], Position.UNPAID, None, []),
    "volunteer": ([Role.RESIDENT, Role.VOLUNTEER], Position.UNPAID, None, []),
    "carer": ([Role.RESIDENT, Role.CARER], Position.UNPAID, None, []),
    "politician": (
        [Role.ADMINISTRATOR],
        Position.UNPAID,
        "municipality",
        ["gemeenteraadslid (fictief)"],
    ),
}

# Who came when: the werkgroepen were policy makers, professionals and teacher-researchers;
# the exchanges and focus groups also drew residents, volunteers, carers and students; the
# kenniscafés were open to everyone.
WERKGROEP_MIX = ["professional"] * 3 + ["policy"] * 2 + ["teacher"]
OPEN_MIX = (
    ["professional"] * 5
    + ["professional_carer", "policy", "policy", "teacher", "student", "student"]
    + ["resident", "resident", "volunteer", "volunteer", "carer", "carer"]
)
CAFE_MIX = OPEN_MIX + ["politician"]

WERKGROEP_EXTRAS = 27  # with the 13 werkgroep members of the people demo: 40 people
EXCHANGE_NEWCOMERS = 132  # with 21 people of the werkgroepen: 153 unique people
CAFE_NEWCOMERS = 35


def fictional_people():
    """[(first name, last name, profile key)]: the generated people, in a fixed order.

    The same every run (a fixed seed), so the loader finds them again by e-mail."""
    rng = random.Random(SEED)
    pairs = list(itertools.product(FIRST_NAMES, LAST_NAMES))
    rng.shuffle(pairs)
    mixes = (
        [WERKGROEP_MIX] * WERKGROEP_EXTRAS
        + [OPEN_MIX] * EXCHANGE_NEWCOMERS
        + [CAFE_MIX] * CAFE_NEWCOMERS
    )
    return [
        (first, last, mix[rng.randrange(len(mix))])
        for (first, last), mix in zip(pairs, mixes, strict=False)
    ]


def _email(first, last):
    local = slugify(f"{first} {last}").replace("-", ".")
    return f"{local}@{DEMO_DOMAIN}"


def ensure_people():
    """The generated people with their roles and affiliations; by e-mail, once. Returns the
    people in the order of fictional_people()."""
    specs = fictional_people()
    emails = [_email(first, last) for first, last, _profile in specs]
    existing = {p.email: p for p in Person.objects.filter(email__in=emails)}
    municipalities = {m.name: m for m in Municipality.objects.filter(name__in=WORK_PLACES)}
    organisations = {o.name: o for o in Organisation.objects.all()}
    taken_handles = set(Person.objects.values_list("handle", flat=True))
    rng = random.Random(SEED + 1)
    new, details = [], []
    for (first, last, profile), email in zip(specs, emails, strict=True):
        work_place = WORK_PLACES[rng.randrange(len(WORK_PLACES))]
        roles, position, where, functions = PROFILES[profile]
        function = functions[rng.randrange(len(functions))] if functions else ""
        university = UNIVERSITIES[rng.randrange(len(UNIVERSITIES))]
        if email in existing:
            continue
        handle = base = slugify(f"{first} {last}")
        number = 2
        while handle in taken_handles:
            handle, number = f"{base}-{number}", number + 1
        taken_handles.add(handle)
        person = Person(
            first_name=first,
            last_name=last,
            email=email,
            handle=handle,
            position=position,
            work_municipality=municipalities.get(work_place),
        )
        organisation = {
            "municipality": organisations.get(PARTNER_MUNICIPALITIES[work_place]),
            "university": organisations.get(university),
            None: None,
        }[where]
        new.append(person)
        details.append((person, roles, organisation, function))
    Person.objects.bulk_create(new)
    PersonRole.objects.bulk_create(
        PersonRole(person=person, role=role) for person, roles, _o, _f in details for role in roles
    )
    Affiliation.objects.bulk_create(
        Affiliation(person=person, organisation=organisation, function=function)
        for person, _roles, organisation, function in details
        if organisation is not None
    )
    by_email = {p.email: p for p in Person.objects.filter(email__in=emails)}
    return [by_email[email] for email in emails]


class Directory:
    """The demo's people, each with `demo_roles` and `demo_organisation` read once (two
    queries), so the plans below can choose by role without a query per person."""

    def __init__(self, generated):
        emails = {
            f"{local}@{DEMO_DOMAIN}"
            for members in MEMBERSHIPS.values()
            for local, _role, _since in members
        }
        self.generated = generated
        self.by_email = {p.email: p for p in Person.objects.filter(email__in=emails)}
        self.by_email.update({p.email: p for p in generated})
        people = list(self.by_email.values())
        roles, organisations = {}, {}
        for person_id, role in PersonRole.objects.filter(person__in=people).values_list(
            "person_id", "role"
        ):
            roles.setdefault(person_id, []).append(role)
        for person_id, name in (
            Affiliation.objects.filter(person__in=people)
            .order_by("pk")
            .values_list("person_id", "organisation__name")
        ):
            organisations.setdefault(person_id, name)
        for person in people:
            person.demo_roles = sorted(roles.get(person.pk, []))
            person.demo_organisation = organisations.get(person.pk, "")

    def members(self, slugs):
        """The people-demo members of these groups, in MEMBERSHIPS order, each once."""
        found = {}
        for slug in slugs:
            for local, _role, _since in MEMBERSHIPS.get(slug, []):
                person = self.by_email.get(f"{local}@{DEMO_DOMAIN}")
                if person is not None:
                    found.setdefault(person.pk, person)
        return list(found.values())

    def member(self, local):
        return self.by_email.get(f"{local}@{DEMO_DOMAIN}")


# --- Who came -------------------------------------------------------------------------------


def _spread(people, activities, rng, *, again=0.3, third=0.08):
    """{activity slug: [people]}: everyone at one activity (round robin, so every one of them
    is counted), some at a second and a few at a third."""
    present = {spec["slug"]: [] for spec in activities}
    for index, person in enumerate(people):
        first = index % len(activities)
        chosen = [first]
        for chance in (again, third):
            if rng.random() < chance:
                others = [i for i in range(len(activities)) if i not in chosen]
                if others:
                    chosen.append(others[rng.randrange(len(others))])
        for i in chosen:
            present[activities[i]["slug"]].append(person)
    return present


def attendance_plan(directory):
    """{activity slug: [people present]} for the seeds' activities (see the module text)."""
    rng = random.Random(SEED + 2)
    generated = directory.generated
    _members = directory.members
    werkgroep_extras = generated[:WERKGROEP_EXTRAS]
    newcomers = generated[WERKGROEP_EXTRAS : WERKGROEP_EXTRAS + EXCHANGE_NEWCOMERS]
    cafe_newcomers = generated[WERKGROEP_EXTRAS + EXCHANGE_NEWCOMERS :]
    wg1_circle = _members([WG1]) + werkgroep_extras[:14]
    wg2_circle = _members([WG2]) + werkgroep_extras[14:]

    plan = {}
    for group, circle in ((WG1, wg1_circle), (WG2, wg2_circle)):
        meetings = [spec for spec in WERKGROEP_MEETINGS if spec["groups"] == [group]]
        # Werkgroep members come most of the time: each misses about one meeting in three.
        spread = _spread(circle, meetings, rng, again=0.0, third=0.0)
        for spec in meetings:
            regulars = [p for p in circle if p not in spread[spec["slug"]] and rng.random() < 0.6]
            plan[spec["slug"]] = spread[spec["slug"]] + regulars

    # 21 of the werkgroepen's 40 also came to the exchanges (werkgroep 1) and focus groups
    # (werkgroep 2); everyone else there was new: 153 unique people in all.
    exchanges = _spread(wg1_circle[:10] + newcomers[:66], EXCHANGES, rng)
    focus_groups = _spread(wg2_circle[:11] + newcomers[66:], FOCUS_GROUPS, rng)
    plan.update(exchanges)
    plan.update(focus_groups)

    open_pool = newcomers
    plan["werkconferentie-werken-in-wijkteams"] = rng.sample(
        _members([WG1, WG2]) + werkgroep_extras, 30
    )
    prevention, poverty = _members([WT_PREVENTION]), _members([WT_POVERTY])
    students = [p for p in open_pool + cafe_newcomers if _has_role(p, Role.STUDENT)]
    professionals = [p for p in open_pool if _has_role(p, Role.PROFESSIONAL)]
    politicians = [p for p in cafe_newcomers if _has_role(p, Role.ADMINISTRATOR)]
    plan["workshop-genogrammen-2018"] = prevention + professionals[:18]
    plan["gastles-sociaal-werk-2018"] = prevention[:3] + students[:20]
    plan["keukentafelgesprek-armoede-1"] = poverty + politicians[:3]
    plan["keukentafelgesprek-armoede-2"] = (
        poverty + [p for p in open_pool if _has_role(p, Role.POLICY_MAKER)][:4]
    )
    plan["halfjaarevaluatie-werkteams-juni-2018"] = (
        _members(WERKTEAMS) + [p for p in werkgroep_extras if _has_role(p, Role.POLICY_MAKER)][:5]
    )
    return plan


def _has_role(person, role):
    return role in person.demo_roles


def kenniscafe_plan(directory):
    """{slug: ([registered], [walk-ins])} for the three kenniscafés of 2018."""
    rng = random.Random(SEED + 3)
    candidates = directory.generated[WERKGROEP_EXTRAS:]
    plan = {}
    for spec in OTHER_ACTIVITIES:
        if spec["kind"] != ActivityKind.KNOWLEDGE_CAFE:
            continue
        team = directory.members(spec["groups"])
        others = [p for p in candidates if p not in team]
        chosen = rng.sample(others, 52)
        plan[spec["slug"]] = (team + chosen[: 44 - len(team)], chosen[48:52])
    return plan


# --- Writing --------------------------------------------------------------------------------


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _times(spec):
    start_hour, end_hour, *end_minute = spec["hours"]
    return _at(spec["day"], start_hour), _at(spec["day"], end_hour, *(end_minute or [0]))


def ensure_venues():
    municipalities = {m.name: m for m in Municipality.objects.all()}
    venues = {}
    for key, name, address, postcode, city, municipality, directions in VENUES:
        venues[key], _created = Venue.objects.get_or_create(
            name=name,
            municipality=municipalities[municipality],
            defaults={
                "street_address": address,
                "postcode": postcode,
                "city": city,
                "directions": directions,
            },
        )
    return venues


def _create_activities(specs, venues):
    """Create the activities of `specs` that do not exist yet; returns {slug: new activity}."""
    slugs = [spec["slug"] for spec in specs]
    existing = set(Activity.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    groups = {g.slug: g for g in LearningGroup.objects.all()}
    themes = {t.slug: t for t in ThemePage.objects.all()}
    created = {}
    for spec in specs:
        if spec["slug"] in existing:
            continue
        starts_at, ends_at = _times(spec)
        new = Activity.objects.create(
            slug=spec["slug"],
            kind=spec["kind"],
            title=spec["title"],
            summary=spec["summary"],
            description=spec["description"],
            starts_at=starts_at,
            ends_at=ends_at,
            venue=venues[spec["venue"]],
            audience=spec["audience"],
            registration_required=spec["registration_required"],
            capacity=spec["capacity"],
            ask_organisation_and_role=spec["ask_organisation_and_role"],
            outcome=spec["outcome"],
            created_at=starts_at - datetime.timedelta(days=30),
        )
        new.groups.set([groups[s] for s in spec["groups"] if s in groups])
        new.themes.set([themes[s] for s in spec["themes"] if s in themes])
        created[spec["slug"]] = new
    return created


def _first_role(person):
    return person.demo_roles[0] if person.demo_roles else ""


def _registration(activity, person, status, signed_up, **fields):
    return Registration(
        activity=activity,
        person=person,
        status=status,
        created_at=signed_up,
        confirmed_at=signed_up if status == RegistrationStatus.CONFIRMED else None,
        waitlisted_at=signed_up if status == RegistrationStatus.WAITLIST else None,
        mailed=[status],
        **fields,
    )


def _write_history(created, directory):
    """Attendance of the seeds' activities, and sign-ups plus attendance of the kenniscafés."""
    attendance = []
    for slug, present in attendance_plan(directory).items():
        if slug in created:
            activity = created[slug]
            attendance += [
                Attendance(activity=activity, person=person, recorded_at=activity.ends_at)
                for person in dict.fromkeys(present)
            ]
    rng = random.Random(SEED + 4)
    registrations = []
    for slug, (registered, walk_ins) in kenniscafe_plan(directory).items():
        if slug not in created:
            continue
        activity = created[slug]
        for number, person in enumerate(registered):
            signed_up = activity.starts_at - datetime.timedelta(days=3 + number % 20, hours=number)
            registration = _registration(
                activity,
                person,
                RegistrationStatus.CONFIRMED,
                signed_up,
                organisation=person.demo_organisation,
                role=_first_role(person),
            )
            registrations.append(registration)
            if rng.random() < 0.85:  # most who sign up come
                attendance.append(
                    Attendance(
                        activity=activity,
                        person=person,
                        registration=registration,
                        recorded_at=activity.starts_at,
                    )
                )
        attendance += [
            Attendance(
                activity=activity, person=person, walk_in=True, recorded_at=activity.starts_at
            )
            for person in walk_ins
        ]
    Registration.objects.bulk_create(registrations)
    Attendance.objects.bulk_create(attendance)


def _write_upcoming(created, directory):
    today = timezone.localdate()
    people = directory.generated
    members = {
        key: directory.member(key)
        for key in ("youssef.elamrani", "dewi.santoso", "marieke.dijkstra", "ahmed.benali")
        if directory.member(key) is not None
    }
    registrations = []
    for slug, activity in created.items():
        if slug == "kenniscafe-wat-werkt-in-de-wijk-demo-vervolg":
            question = ExtraQuestion.objects.create(
                activity=activity, label=DIETARY_QUESTION[0], help_text=DIETARY_QUESTION[1]
            )
            answers = ["vegetarisch", "", "", "halal", "", "glutenvrij", ""]
            guests = people[WERKGROEP_EXTRAS + 40 : WERKGROEP_EXTRAS + 54]
            for number, person in enumerate(guests):
                answer = answers[number % len(answers)]
                registrations.append(
                    _registration(
                        activity,
                        person,
                        RegistrationStatus.CONFIRMED,
                        timezone.now() - datetime.timedelta(days=number % 5, hours=number),
                        answers={str(question.pk): answer} if answer else {},
                    )
                )
        elif slug == "workshop-genogrammen-korte-versie-demo-vervolg":
            # Full, with a waiting list: 12 places taken, 3 waiting in order.
            guests = [members[k] for k in ("youssef.elamrani", "dewi.santoso") if k in members]
            guests += people[WERKGROEP_EXTRAS + 80 : WERKGROEP_EXTRAS + 93]
            for number, person in enumerate(guests):
                status = (
                    RegistrationStatus.CONFIRMED if number < 12 else RegistrationStatus.WAITLIST
                )
                signed_up = timezone.now() - datetime.timedelta(days=6, hours=-number)
                registrations.append(_registration(activity, person, status, signed_up))
        elif slug == "ledenbijeenkomst-demo-vervolg":
            for number, key in enumerate(["marieke.dijkstra", "ahmed.benali"]):
                if key in members:
                    registrations.append(
                        _registration(
                            activity,
                            members[key],
                            RegistrationStatus.CONFIRMED,
                            timezone.now() - datetime.timedelta(days=2, hours=number),
                        )
                    )
        activity.registration_closes_at = (
            activity.starts_at - datetime.timedelta(days=1) if activity.capacity else None
        )
        activity.created_at = timezone.make_aware(
            datetime.datetime.combine(today - datetime.timedelta(days=14), datetime.time(9))
        )
        activity.save(update_fields=["registration_closes_at", "created_at"])
    Registration.objects.bulk_create(registrations)


@transaction.atomic
def load_activities():
    """Create the demo venues, activities, people, sign-ups and attendance when missing;
    returns the activities by slug."""
    venues = ensure_venues()
    directory = Directory(ensure_people())
    created = _create_activities(SEED_ACTIVITIES, venues)
    _write_history(created, directory)

    today = timezone.localdate()
    upcoming_specs = [
        activity(
            slug,
            kind,
            title,
            today + datetime.timedelta(days=days),
            hours,
            venue,
            audience,
            summary=summary,
            description=CONTINUATION,
            groups=groups,
            capacity=capacity,
            registration_required=sign_up,
        )
        for slug, days, kind, title, hours, venue, audience, groups, capacity, sign_up, summary in (
            UPCOMING
        )
    ]
    upcoming = _create_activities(upcoming_specs, venues)
    _write_upcoming(upcoming, directory)
    slugs = [spec["slug"] for spec in SEED_ACTIVITIES + upcoming_specs]
    return {a.slug: a for a in Activity.objects.filter(slug__in=slugs)}
