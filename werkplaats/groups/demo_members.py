"""Demo people, their memberships, and a lived-in workspace for one werkteam.

The people are fictional (names made up, addresses at example.org) but work at the partner
organisations the seeds name. The workspace of werkteam 'Preventie intergenerationele
problematiek' shows what a group does between meetings: the seeds name its aim (werkzame
elementen in casuïstiek) and its first outputs (a workshop genogrammen, literatuurverkenningen,
gastlessen); the messages, notes and actions around them are invented to show the workspace,
and say nothing the seeds do not support about results.

Idempotent: people are found by e-mail, memberships by person and group, workspace items by
their text; running it again adds only what is missing.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from werkplaats.network.models import (
    Affiliation,
    Municipality,
    Organisation,
    Person,
    PersonRole,
)

from .models import (
    ActionItem,
    ActionKind,
    LearningGroup,
    Meeting,
    MemberRole,
    Membership,
    Post,
)

DEMO_DOMAIN = "example.org"

# (first name, last name, organisation, function, roles, position, municipality)
PEOPLE = [
    (
        "Lotte",
        "Vermeer",
        "Gemeente Rotterdam",
        "beleidsadviseur wijkteams",
        ["beleidsmaker"],
        "betaald",
        "Rotterdam",
    ),
    (
        "Youssef",
        "El Amrani",
        "Gemeente Rotterdam",
        "wijkteamlid",
        ["professional"],
        "betaald",
        "Rotterdam",
    ),
    (
        "Marieke",
        "Dijkstra",
        "Gemeente Rotterdam",
        "wijkteamleider",
        ["professional"],
        "betaald",
        "Rotterdam",
    ),
    (
        "Sanne",
        "de Wit",
        "Gemeente Rotterdam",
        "vraagwijzer-consulent",
        ["professional"],
        "betaald",
        "Rotterdam",
    ),
    (
        "Kees",
        "van Leeuwen",
        "Gemeente Dordrecht",
        "beleidsmedewerker sociaal domein",
        ["beleidsmaker"],
        "betaald",
        "Dordrecht",
    ),
    (
        "Fatma",
        "Yilmaz",
        "Gemeente Dordrecht",
        "sociaal werker",
        ["professional"],
        "betaald",
        "Dordrecht",
    ),
    (
        "Ruud",
        "Smits",
        "Gemeente Schiedam",
        "beleidsadviseur Wmo",
        ["beleidsmaker"],
        "betaald",
        "Schiedam",
    ),
    ("Noor", "Bakker", "Gemeente Schiedam", "wijkteamlid", ["professional"], "betaald", "Schiedam"),
    (
        "Anouk",
        "Peeters",
        "Gemeente Vlaardingen",
        "beleidsmedewerker participatie",
        ["beleidsmaker"],
        "betaald",
        "Vlaardingen",
    ),
    (
        "Bram",
        "Hendriks",
        "Gemeente Vlaardingen",
        "wijkcoach",
        ["professional"],
        "betaald",
        "Vlaardingen",
    ),
    (
        "Ingrid",
        "Mulder",
        "Hogeschool Rotterdam",
        "docentonderzoeker Sociaal Werk",
        ["docentonderzoeker"],
        "betaald",
        "Rotterdam",
    ),
    (
        "Jeroen",
        "Visser",
        "Hogeschool Rotterdam",
        "lector (fictief)",
        ["docentonderzoeker"],
        "betaald",
        "Rotterdam",
    ),
    (
        "Esra",
        "Demir",
        "Hogeschool Rotterdam",
        "student Sociaal Werk",
        ["student"],
        "onbetaald",
        "Rotterdam",
    ),
    (
        "Thijs",
        "de Boer",
        "Hogeschool InHolland",
        "docentonderzoeker",
        ["docentonderzoeker"],
        "betaald",
        "Rotterdam",
    ),
    (
        "Lieke",
        "Janssen",
        "Hogeschool InHolland",
        "student Social Work",
        ["student"],
        "onbetaald",
        "Rotterdam",
    ),
    (
        "Henk",
        "Verbeek",
        "BAR-organisatie",
        "beleidsadviseur sociaal domein",
        ["beleidsmaker"],
        "betaald",
        "Barendrecht",
    ),
    (
        "Priya",
        "Ramdin",
        "BAR-organisatie",
        "consulent sociaal team",
        ["professional"],
        "betaald",
        "Barendrecht",
    ),
    # Residents, volunteers and informal carers: the seeds stress hybrid positions.
    ("Gerda", "Kok", None, "", ["bewoner", "vrijwilliger"], "onbetaald", "Rotterdam"),
    ("Ahmed", "Benali", None, "", ["bewoner", "mantelzorger"], "onbetaald", "Schiedam"),
    ("Wil", "Schouten", None, "", ["bewoner", "vrijwilliger"], "onbetaald", "Vlaardingen"),
    (
        "Dewi",
        "Santoso",
        "Gemeente Rotterdam",
        "wijkteamlid",
        ["professional", "mantelzorger"],
        "beide",
        "Rotterdam",
    ),
    (
        "Martin",
        "Koster",
        "Gemeente Dordrecht",
        "raadslid (fictief)",
        ["bestuurder"],
        "onbetaald",
        "Dordrecht",
    ),
]

# group slug -> [(e-mail local part, role, since)]
MEMBERSHIPS = {
    "werkgroep-doorontwikkeling-sociale-wijkteams": [
        ("lotte.vermeer", MemberRole.LEAD, datetime.date(2016, 11, 1)),
        ("youssef.elamrani", MemberRole.MEMBER, datetime.date(2016, 11, 1)),
        ("marieke.dijkstra", MemberRole.MEMBER, datetime.date(2016, 11, 1)),
        ("kees.vanleeuwen", MemberRole.MEMBER, datetime.date(2016, 11, 1)),
        ("noor.bakker", MemberRole.MEMBER, datetime.date(2016, 11, 1)),
        ("ingrid.mulder", MemberRole.TEACHER_RESEARCHER, datetime.date(2016, 11, 1)),
        ("henk.verbeek", MemberRole.MEMBER, datetime.date(2017, 1, 15)),
    ],
    "werkgroep-samenwerking-formeel-en-informeel": [
        ("ruud.smits", MemberRole.LEAD, datetime.date(2016, 11, 1)),
        ("fatma.yilmaz", MemberRole.MEMBER, datetime.date(2016, 11, 1)),
        ("anouk.peeters", MemberRole.MEMBER, datetime.date(2016, 11, 1)),
        ("bram.hendriks", MemberRole.MEMBER, datetime.date(2016, 11, 1)),
        ("thijs.deboer", MemberRole.TEACHER_RESEARCHER, datetime.date(2016, 11, 1)),
        ("gerda.kok", MemberRole.RESIDENT, datetime.date(2017, 2, 1)),
    ],
    "werkteam-preventie-intergenerationele-problematiek": [
        ("marieke.dijkstra", MemberRole.LEAD, datetime.date(2017, 11, 1)),
        ("youssef.elamrani", MemberRole.MEMBER, datetime.date(2017, 11, 1)),
        ("fatma.yilmaz", MemberRole.MEMBER, datetime.date(2017, 11, 1)),
        ("ingrid.mulder", MemberRole.TEACHER_RESEARCHER, datetime.date(2017, 11, 1)),
        ("esra.demir", MemberRole.STUDENT, datetime.date(2018, 2, 1)),
        ("dewi.santoso", MemberRole.MEMBER, datetime.date(2017, 11, 1)),
        ("ahmed.benali", MemberRole.RESIDENT, datetime.date(2018, 1, 10)),
    ],
    "werkteam-informeel-formeel-armoede": [
        ("anouk.peeters", MemberRole.LEAD, datetime.date(2017, 11, 1)),
        ("bram.hendriks", MemberRole.MEMBER, datetime.date(2017, 11, 1)),
        ("gerda.kok", MemberRole.RESIDENT, datetime.date(2017, 11, 1)),
        ("wil.schouten", MemberRole.RESIDENT, datetime.date(2017, 11, 1)),
        ("thijs.deboer", MemberRole.TEACHER_RESEARCHER, datetime.date(2017, 11, 1)),
        ("lieke.janssen", MemberRole.STUDENT, datetime.date(2018, 2, 1)),
        ("martin.koster", MemberRole.MEMBER, datetime.date(2018, 3, 1)),
    ],
    "werkteam-platform-ontmoeting-en-innovatie": [
        ("henk.verbeek", MemberRole.LEAD, datetime.date(2017, 11, 1)),
        ("priya.ramdin", MemberRole.MEMBER, datetime.date(2017, 11, 1)),
        ("ruud.smits", MemberRole.MEMBER, datetime.date(2017, 11, 1)),
        ("noor.bakker", MemberRole.MEMBER, datetime.date(2017, 11, 1)),
        ("sanne.dewit", MemberRole.MEMBER, datetime.date(2017, 11, 1)),
        ("jeroen.visser", MemberRole.TEACHER_RESEARCHER, datetime.date(2017, 11, 1)),
        ("wil.schouten", MemberRole.RESIDENT, datetime.date(2018, 1, 10)),
    ],
}

LIVED_IN_GROUP = "werkteam-preventie-intergenerationele-problematiek"


def demo_email(first_name, last_name):
    local = f"{first_name}.{last_name}".lower().replace(" ", "")
    return f"{local}@{DEMO_DOMAIN}"


def _handle(first_name, last_name):
    return f"{first_name}-{last_name}".lower().replace(" ", "-")


def ensure_people():
    """The demo people with their organisations, functions and roles; by e-mail, once."""
    people = {}
    municipalities = {m.name: m for m in Municipality.objects.all()}
    organisations = {o.name: o for o in Organisation.objects.all()}
    for first, last, org_name, function, roles, position, municipality in PEOPLE:
        email = demo_email(first, last)
        person = Person.objects.with_email(email).first()
        if person is None:
            person = Person.objects.create(
                first_name=first,
                last_name=last,
                email=email,
                handle=_handle(first, last),
                position=position or "",
                work_municipality=municipalities.get(municipality),
            )
            for role in roles:
                PersonRole.objects.get_or_create(person=person, role=role)
            organisation = organisations.get(org_name)
            if organisation is not None:
                Affiliation.objects.get_or_create(
                    person=person, organisation=organisation, function=function
                )
        people[email.split("@")[0]] = person
    return people


def ensure_memberships(people):
    groups = {g.slug: g for g in LearningGroup.objects.filter(slug__in=MEMBERSHIPS)}
    for slug, members in MEMBERSHIPS.items():
        group = groups.get(slug)
        if group is None:
            continue
        ended_on = group.ends_on if group.is_archived else None
        for local, role, since in members:
            person = people[local]
            if Membership.objects.filter(group=group, person=person).exists():
                continue
            Membership.objects.create(
                group=group, person=person, role=role, started_on=since, ended_on=ended_on
            )


def _at(day, hour=10, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


# (author, day, text, [(author, day, reply text)])
THREADS = [
    (
        "marieke.dijkstra",
        datetime.date(2018, 1, 16),
        "Welkom in de werkruimte van ons werkteam! Hier delen we tussen de bijeenkomsten door "
        "casussen (geanonimiseerd!), literatuur en afspraken. Ons vertrekpunt: welke werkzame "
        "elementen zien we in casuïstiek waarin problemen van ouders doorwerken bij hun "
        "kinderen, en wat kan een wijkteam daarmee in de preventie?",
        [
            (
                "ingrid.mulder",
                datetime.date(2018, 1, 17),
                "Fijn! Ik zet de eerste literatuur over intergenerationele overdracht in "
                "Bestanden. @esra-demir, wil jij meelezen voor de literatuurverkenning?",
            ),
            (
                "esra.demir",
                datetime.date(2018, 1, 18),
                "Ja, graag. Ik neem de artikelen over gezinsgericht werken in de wijk.",
            ),
        ],
    ),
    (
        "youssef.elamrani",
        datetime.date(2018, 2, 6),
        "Voorstel voor de bijeenkomst van 13 februari: we bespreken twee casussen uit ons "
        "wijkteam met de vraag 'wat werkte hier nu eigenlijk?'. Ik anonimiseer ze vooraf: geen "
        "namen, geen adressen, geen geboortedata.",
        [
            (
                "fatma.yilmaz",
                datetime.date(2018, 2, 7),
                "Goed plan. In Dordrecht hebben we een casus waarin de oma een sleutelrol "
                "speelde; die kan ik inbrengen.",
            ),
            (
                "ahmed.benali",
                datetime.date(2018, 2, 8),
                "Als mantelzorger herken ik dat. Mag ik vertellen hoe het voor ons gezin voelde "
                "toen er drie hulpverleners tegelijk over de vloer kwamen?",
            ),
            (
                "marieke.dijkstra",
                datetime.date(2018, 2, 8),
                "@ahmed-benali, heel graag. Juist dat perspectief missen we vaak.",
            ),
        ],
    ),
    (
        "dewi.santoso",
        datetime.date(2018, 4, 3),
        "Na de workshop genogrammen: collega's in mijn team vragen of we hem nog een keer "
        "kunnen geven. Wie denkt mee over een korte versie voor een teamoverleg?",
        [
            (
                "ingrid.mulder",
                datetime.date(2018, 4, 4),
                "Dat kan mooi als gastles in de opleiding Sociaal Werk landen. Ik neem contact op "
                "met de coördinator van het tweede jaar.",
            ),
        ],
    ),
    (
        "marieke.dijkstra",
        datetime.date(2018, 6, 20),
        "De halfjaarevaluatie met de gemeenten is geweest. De vragen: hoe staan we ervoor, zijn "
        "we tevreden, is ons werk van betekenis, en wat zijn de plannen? We gaan in elk geval "
        "door tot eind 2018. Het blijft lastig om wat we leren te delen in onze eigen teams; "
        "laten we daar na de zomer een aanpak voor bedenken.",
        [],
    ),
]

MEETINGS = [
    (
        datetime.date(2018, 1, 16),
        "Startbijeenkomst werkteam",
        "Wijkcentrum, Rotterdam",
        "Kennismaking; wat verstaan we onder intergenerationele problematiek; werkafspraken.",
        "Iedereen brengt een andere bril mee: wijkteam, onderwijs, beleid en ervaring als "
        "mantelzorger. Dat verschil is onze kracht, maar vraagt tijd om een gedeelde taal te "
        "vinden.",
        "De volgende keer beginnen we met een casus in plaats van met definities.",
    ),
    (
        datetime.date(2018, 2, 13),
        "Casusbespreking: wat werkte hier?",
        "Wijkcentrum, Rotterdam",
        "Twee geanonimiseerde casussen besproken. Elementen die terugkwamen: één vast gezicht "
        "voor het gezin, grootouders als bondgenoot, en tijd om vertrouwen op te bouwen.",
        "Het perspectief van het gezin zelf maakt de bespreking concreter dan onze eigen "
        "verslagen.",
        "Bij elke casus vragen we vooraf: wie uit het netwerk van het gezin zit er niet aan tafel?",
    ),
    (
        datetime.date(2018, 3, 20),
        "Workshop genogrammen",
        "Dordrecht",
        "Workshop over het tekenen van een genogram met het gezin om patronen over generaties "
        "zichtbaar te maken.",
        "Een genogram samen met het gezin maken levert andere gesprekken op dan erover praten.",
        "Korte versie van de workshop maken voor teamoverleggen.",
    ),
]

ACTIONS = [
    (
        ActionKind.DECISION,
        "We werken alleen met geanonimiseerde casussen in deze werkruimte.",
        None,
        None,
        True,
    ),
    (
        ActionKind.TODO,
        "Literatuurverkenning intergenerationele overdracht: eerste opzet",
        "esra.demir",
        datetime.date(2018, 4, 30),
        True,
    ),
    (
        ActionKind.TODO,
        "Korte versie workshop genogrammen voor teamoverleg uitwerken",
        "dewi.santoso",
        datetime.date(2018, 9, 1),
        False,
    ),
    (
        ActionKind.TODO,
        "Gastles Sociaal Werk (tweede jaar) afstemmen",
        "ingrid.mulder",
        datetime.date(2018, 10, 1),
        False,
    ),
    (ActionKind.DECISION, "Het werkteam gaat in elk geval door tot eind 2018.", None, None, True),
]


def ensure_workspace(people):
    """Posts, meetings and actions for the lived-in werkteam, once."""
    group = LearningGroup.objects.filter(slug=LIVED_IN_GROUP).first()
    if group is None:
        return
    members = {m.person_id for m in Membership.objects.filter(group=group)}
    handles = {p.handle: p for p in people.values() if p.pk in members}
    for author, day, text, replies in THREADS:
        if Post.objects.filter(group=group, body=text).exists():
            continue
        opening = Post.objects.create(
            group=group, author=people[author], body=text, created_at=_at(day)
        )
        last = opening.created_at
        for reply_author, reply_day, reply_text in replies:
            reply = Post.objects.create(
                group=group,
                author=people[reply_author],
                thread=opening,
                parent=opening,
                body=reply_text,
                created_at=_at(reply_day, 14),
            )
            reply.mentions.set(
                [person for handle, person in handles.items() if f"@{handle}" in reply_text]
            )
            last = reply.created_at
        opening.last_activity_at = last
        opening.save(update_fields=["last_activity_at"])
    for day, title, place, notes, learned, differently in MEETINGS:
        Meeting.objects.get_or_create(
            group=group,
            held_on=day,
            title=title,
            defaults={
                "place": place,
                "notes": notes,
                "learned": learned,
                "do_differently": differently,
                "written_by": people["marieke.dijkstra"],
            },
        )
    for kind, text, assignee, due_on, done in ACTIONS:
        ActionItem.objects.get_or_create(
            group=group,
            text=text,
            defaults={
                "kind": kind,
                "assignee": people.get(assignee) if assignee else None,
                "due_on": due_on,
                "done_at": _at(due_on or datetime.date(2018, 6, 20)) if done else None,
                "created_by": people["marieke.dijkstra"],
            },
        )


@transaction.atomic
def load_members():
    people = ensure_people()
    ensure_memberships(people)
    ensure_workspace(people)
    return people
