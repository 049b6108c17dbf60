"""Demo work programmes, learning groups and learning questions, as the seeds tell them.

- the leerkringen in Rotterdam: "leerkringen op maat" in 2014 and 2015 and the themaleerkring of
  2016; the implementation trajectory ended on 30 June 2016, so they are archived then;
- werkgroep 1 and 2 of the first work programme (November 2016 – August 2017), archived;
- the four werkteams active since late 2017. The seeds describe three of them; the fourth is
  named only by its number ("inmiddels zijn vier werkteams actief"), and its description says so.

Dates the seeds give only as a year or a season are given as that whole period. The learning
questions are the seeds' own words. Members are added by demo_members.py (the people demo).

Idempotent: programmes and groups are found by slug, questions by their text; running it again
adds only what is missing and never overwrites what a coordinator changed.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from werkplaats.network.models import Municipality
from werkplaats.website.models import ThemePage

from .models import GroupKind, LearningGroup, LearningQuestion, QuestionStatus, WorkProgramme

END_OF_IMPLEMENTATION = datetime.date(2016, 6, 30)
END_OF_WERKGROEPEN = datetime.date(2017, 8, 31)

NOT_DESCRIBED = "De bronnen beschrijven dit werkteam niet nader."

# slug, title, start, end, theme slugs, description
PROGRAMMES = [
    (
        "werkprogramma-2016-2017",
        "Werkprogramma 2016–2017",
        datetime.date(2016, 9, 1),
        datetime.date(2017, 8, 31),
        ["doorontwikkeling-sociale-wijkteams", "samenwerking-formeel-en-informeel"],
        "In de periode september 2016 tot en met augustus 2017 is gestart met twee thema's: "
        "doorontwikkeling van sociale wijkteams (integraal gebiedsgericht werken) en "
        "samenwerking formeel en informeel (de aansluiting van informele en formele "
        "ondersteuning en zorg).",
    ),
    (
        "werkprogramma-2017-2018",
        "Werkprogramma 2017–2018",
        datetime.date(2017, 9, 1),
        datetime.date(2018, 12, 31),
        [
            "doorontwikkeling-sociale-wijkteams",
            "samenwerking-formeel-en-informeel",
            "preventie-intergenerationele-problematiek",
            "armoede",
            "platform-ontmoeting-en-innovatie",
            "zingeving",
        ],
        "In jaar 2 werken de betrokkenen in kleinere werkteams, samen met betrokken bewoners, "
        "dichtbij de uitvoeringspraktijk aan concrete uitdagingen met een concreet product. Alle "
        "werkteams hebben aangegeven minimaal tot eind 2018 door te gaan.",
    ),
]

LEERKRING_CONTEXT = (
    "Tijdens het implementatietraject van de Werkplaats Sociaal Domein (voorheen WMO-werkplaats "
    "Rotterdam) werkten wijkteamleden, vraagwijzer-consulenten, wijkteamleiders, "
    "staf/beleidsmedewerkers en wijknetwerkpartners in leerkringen aan het beter toerusten van "
    "sociaal en integraal vakmanschap in Rotterdam. Zo is onder meer vormgegeven aan het "
    "verbinden van de 'operationele onderstroom' met de 'beleidsmatige bovenstroom'."
)

# slug, kind, name, programme slug, start, end, archived on, open, themes, municipalities,
# summary, description, [(question, status, answer summary)]
GROUPS = [
    (
        "leerkringen-op-maat-2014",
        GroupKind.LEARNING_CIRCLE,
        "Leerkringen op maat 2014",
        None,
        datetime.date(2014, 1, 1),
        datetime.date(2014, 12, 31),
        END_OF_IMPLEMENTATION,
        False,
        [],
        ["Rotterdam"],
        "Leerkringen van wijkteams en vraagwijzers in Rotterdam, in 2014.",
        LEERKRING_CONTEXT
        + "\n\nDoor de leerkringen van 2014 en 2015 hebben de wijkteams en (verbrede) "
        "vraagwijzers een ontwikkelende rol gespeeld bij het overdraagbaar maken van opgedane "
        "praktijkkennis. De bronnen noemen alleen het jaar, niet de precieze data.",
        [],
    ),
    (
        "leerkringen-op-maat-2015",
        GroupKind.LEARNING_CIRCLE,
        "Leerkringen op maat 2015",
        None,
        datetime.date(2015, 1, 1),
        datetime.date(2015, 12, 31),
        END_OF_IMPLEMENTATION,
        False,
        [],
        ["Rotterdam"],
        "Leerkringen van wijkteams en vraagwijzers in Rotterdam, in 2015.",
        LEERKRING_CONTEXT
        + "\n\nVanuit het perspectief van de gemeente worden de leerkringen gezien als "
        "'vehikel' waar relevante praktijkpartijen bij betrokken zijn, zich verbinden en een meer "
        "duurzame visie hanteren. De bronnen noemen alleen het jaar, niet de precieze data.",
        [],
    ),
    (
        "themaleerkring-2016",
        GroupKind.THEME_CIRCLE,
        "Themaleerkring 2016",
        None,
        datetime.date(2016, 1, 1),
        END_OF_IMPLEMENTATION,
        END_OF_IMPLEMENTATION,
        False,
        [],
        ["Rotterdam"],
        "De themaleerkring van 2016, de laatste van het implementatietraject in Rotterdam.",
        LEERKRING_CONTEXT
        + "\n\nDe leerkringen 'op maat' en de themaleerkring in 2016 hebben de betrokken "
        "professionals, zoals zij zelf zeggen, meer bewustwording en reflectie opgeleverd, als "
        "individu en als team. Het implementatietraject is op 30 juni 2016 afgerond; de "
        "leerkringen worden als inspirerende leeromgeving opgenomen in het Leerhuis.",
        [],
    ),
    (
        "werkgroep-doorontwikkeling-sociale-wijkteams",
        GroupKind.WORKING_GROUP,
        "Werkgroep 1: Doorontwikkeling sociale wijkteams",
        "werkprogramma-2016-2017",
        datetime.date(2016, 11, 1),
        END_OF_WERKGROEPEN,
        END_OF_WERKGROEPEN,
        False,
        ["doorontwikkeling-sociale-wijkteams"],
        ["Rotterdam", "Dordrecht", "Schiedam", "Vlaardingen"],
        "Leervragen rondom een integraal dienstverleningsconcept van de nulde naar de tweede lijn.",
        "Sociale wijkteams zijn de pilotfase nog niet voorbij. In veel gemeenten en organisaties "
        "staat de komende jaren de uitdaging centraal om de sociale wijkteams door te "
        "ontwikkelen en aan te passen aan de zich nog steeds groeiende kennis en praktijk.\n\n"
        "De werkgroep bestond uit professionals uit welzijn, onderwijs en beleid; "
        "transformatieleren stond centraal. In drie uitwisselingen is samen gezocht naar "
        "antwoorden. De uitwisselingen leverden visuals op over de opgave, ruimte en grenzen van "
        "wijkteams, de kracht van preventie en collectieve oplossingen, en gouden tips voor "
        "samenwerking met het medisch domein. De bevindingen zijn gebundeld in de bundel "
        "'Ruimte voor ontmoeting'.",
        [
            (
                "Wat is het optimale model tussen de nulde en de tweede lijn?",
                QuestionStatus.ANSWERED,
                "Drie uitwisselingen en hun visuals; de bevindingen zijn gebundeld in "
                "'Ruimte voor ontmoeting'.",
            ),
            (
                "Hoe komen we tot een integraal dienstverleningsconcept van de nulde naar de "
                "tweede lijn?",
                QuestionStatus.ANSWERED,
                "Drie uitwisselingen en hun visuals; de bevindingen zijn gebundeld in "
                "'Ruimte voor ontmoeting'.",
            ),
        ],
    ),
    (
        "werkgroep-samenwerking-formeel-en-informeel",
        GroupKind.WORKING_GROUP,
        "Werkgroep 2: Samenwerking formeel en informeel",
        "werkprogramma-2016-2017",
        datetime.date(2016, 11, 1),
        END_OF_WERKGROEPEN,
        END_OF_WERKGROEPEN,
        False,
        ["samenwerking-formeel-en-informeel"],
        ["Rotterdam", "Dordrecht", "Schiedam", "Vlaardingen"],
        "Het samenspel tussen formeel en informeel: het ontstaan van een zorgzame ring rondom "
        "kwetsbare burgers.",
        "De (werk)relatie tussen informeel en formeel, tussen professionele zorg en sociale "
        "steun en tussen professionals en vrijwilligers/mantelzorgers blijkt voor alle "
        "betrokken partijen een relatie die vragen oproept.\n\n"
        "In de werkgroepbijeenkomsten en de focusgroepen kwam het verschil in positie naar "
        "voren: ben je een betaalde of onbetaalde kracht? Veel professionele organisaties werden "
        "als hybride gezien, met een formele én informele kant. Veelvuldig is gewezen op het "
        "belang van een schakelaar, makelaar of verbinder tussen het formele en informele. De "
        "bevindingen zijn gebundeld in de bundel 'Op weg naar samenspel'.",
        [
            (
                "Wat is (eigenlijk) informaliteit?",
                QuestionStatus.ANSWERED,
                "Werkgroepbijeenkomsten en focusgroepen; gebundeld in 'Op weg naar samenspel'.",
            ),
            (
                "Wie is er informeel in het sociaal domein?",
                QuestionStatus.ANSWERED,
                "Werkgroepbijeenkomsten en focusgroepen; gebundeld in 'Op weg naar samenspel'.",
            ),
        ],
    ),
    (
        "werkteam-preventie-intergenerationele-problematiek",
        GroupKind.WORK_TEAM,
        "Werkteam Preventie intergenerationele problematiek",
        "werkprogramma-2017-2018",
        datetime.date(2017, 11, 1),
        None,
        None,
        True,
        ["preventie-intergenerationele-problematiek"],
        [],
        "Onderzoekt werkzame elementen in casuïstiek voor preventie van intergenerationele "
        "problematiek.",
        "Sinds eind 2017 onderzoekt dit werkteam werkzame elementen in casuïstiek voor preventie "
        "van intergenerationele problematiek. Een van de eerste opbrengsten is een workshop "
        "genogrammen. Het werkteam gaat minimaal tot eind 2018 door.",
        [
            (
                "Welke elementen werken in casuïstiek voor de preventie van intergenerationele "
                "problematiek?",
                QuestionStatus.IN_PROGRESS,
                "",
            ),
        ],
    ),
    (
        "werkteam-informeel-formeel-armoede",
        GroupKind.WORK_TEAM,
        "Werkteam Informeel-formeel: armoede",
        "werkprogramma-2017-2018",
        datetime.date(2017, 11, 1),
        None,
        None,
        True,
        ["armoede", "samenwerking-formeel-en-informeel"],
        [],
        "Samen met bewoners politici in beweging krijgen tegen armoede.",
        "Het werkteam informeel-formeel heeft samen met betrokken bewoners een actiegerichte "
        "aanpak om politici in beweging te krijgen tegen armoede, onder meer met "
        "keukentafelgesprekken met politici en beleidsafdelingen. Het werkteam gaat minimaal "
        "tot eind 2018 door.",
        [
            (
                "Hoe krijgen we samen met bewoners politici in beweging tegen armoede?",
                QuestionStatus.IN_PROGRESS,
                "",
            ),
        ],
    ),
    (
        "werkteam-platform-ontmoeting-en-innovatie",
        GroupKind.WORK_TEAM,
        "Werkteam Platform ontmoeting en innovatie",
        "werkprogramma-2017-2018",
        datetime.date(2017, 11, 1),
        None,
        None,
        True,
        ["platform-ontmoeting-en-innovatie"],
        ["Rotterdam", "Schiedam", "Vlaardingen", "Barendrecht", "Albrandswaard", "Ridderkerk"],
        "Zet platforms op: in Coolhaven (Rotterdam) en voor verbondenheid en veerkracht met de "
        "BAR-organisatie, Schiedam en Vlaardingen.",
        "Werkteam platform ontmoeting en innovatie houdt zich bezig met de opzet van "
        "verschillende platforms: een platform in Coolhaven, Rotterdam, en een platform voor "
        "verbondenheid en veerkracht samen met de BAR-organisatie en de gemeenten Schiedam en "
        "Vlaardingen. Het werkteam gaat minimaal tot eind 2018 door.",
        [
            (
                "Hoe zetten we een platform voor ontmoeting, verbondenheid en veerkracht op?",
                QuestionStatus.IN_PROGRESS,
                "",
            ),
        ],
    ),
    (
        "werkteam-4",
        GroupKind.WORK_TEAM,
        "Vierde werkteam",
        "werkprogramma-2017-2018",
        datetime.date(2017, 11, 1),
        None,
        None,
        False,
        [],
        [],
        "Een van de vier werkteams die sinds eind 2017 actief zijn.",
        "Sinds eind 2017 zijn vier werkteams actief. " + NOT_DESCRIBED + " Onder de eerste "
        "opbrengsten van de werkteams samen noemen de bronnen ook presentaties over zingeving "
        "voor wijkteamleden.",
        [],
    ),
]


def _aware(date):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(17, 0)))


def _municipalities(names):
    return [
        Municipality.objects.get_or_create(
            name=name, defaults={"slug": slugify(name), "in_region": True}
        )[0]
        for name in names
    ]


@transaction.atomic
def load_groups():
    """Create the demo programmes, groups and learning questions when missing; returns the
    groups by slug."""
    themes = {theme.slug: theme for theme in ThemePage.objects.all()}
    programmes = {}
    for slug, title, starts_on, ends_on, theme_slugs, description in PROGRAMMES:
        programme = WorkProgramme.objects.filter(slug=slug).first()
        if programme is None:
            programme = WorkProgramme.objects.create(
                slug=slug,
                title=title,
                starts_on=starts_on,
                ends_on=ends_on,
                description=description,
            )
            programme.themes.set([themes[s] for s in theme_slugs if s in themes])
        programmes[slug] = programme

    groups = {}
    for (
        slug,
        kind,
        name,
        programme_slug,
        starts_on,
        ends_on,
        archived_on,
        is_open,
        theme_slugs,
        municipality_names,
        summary,
        description,
        questions,
    ) in GROUPS:
        group = LearningGroup.objects.filter(slug=slug).first()
        if group is None:
            group = LearningGroup.objects.create(
                slug=slug,
                kind=kind,
                name=name,
                programme=programmes.get(programme_slug),
                starts_on=starts_on,
                ends_on=ends_on,
                archived_at=_aware(archived_on) if archived_on else None,
                is_open=is_open,
                summary=summary,
                description=description,
                created_at=_aware(starts_on),
            )
            group.themes.set([themes[s] for s in theme_slugs if s in themes])
            group.municipalities.set(_municipalities(municipality_names))
        existing = set(group.questions.values_list("question", flat=True))
        for position, (question, status, answer_summary) in enumerate(questions):
            if question not in existing:
                LearningQuestion.objects.create(
                    group=group,
                    question=question,
                    status=status,
                    answer_summary=answer_summary,
                    position=position,
                )
        groups[slug] = group
    return groups
