"""Demo library: the practice knowledge and products the seeds name, in the seeds' own words.

What the seeds give, and what this demo does with it:

- The bundels: 'Leren transformeren' ("een uitgave van de gezamenlijke Wmo-werkplaatsen", the
  werkgroepen's way of working), 'Ruimte voor ontmoeting' (werkgroep 1) and 'Op weg naar
  samenspel' (werkgroep 2, "naar verwachting in het najaar [2017] gereed"); the two articles on
  Sociale Vraagstukken the seeds point to; the visuals and the "voorlopige conclusies" of
  werkgroep 1; the report of the work conference, the summary of the WMO-werkplaats 2013-2016
  and the blogs about the last leerkringen (all named on the site at the end of June 2016).
- The werkteams' first outputs (July 2018): gastlessen, literatuurverkenningen, a workshop
  genogrammen, presentaties over zingeving for wijkteamleden, keukentafelgesprekken with
  politicians and policy departments.
- The dilemmas, knowledge questions, examples and tips are the findings the seeds report
  (positie betaald/onbetaald, hybride organisaties, de verbinder, het benoemen van de scheiding,
  het geleerde delen in de eigen organisatie…), each in the group it came from, linked to the
  group's learning questions and to the item it answers. Where the seeds only name something
  (the golden tips are on a visual whose text the seeds do not give), the entry says so instead
  of inventing the content. Years the seeds do not give are chosen and said to be chosen.
- Audiences: most entries are public, as the seeds published them. To show every state, the
  werkteams' work in progress is shared with members only, two entries stay private to their
  werkteam (the literature review being written and a case from the lived-in workspace of
  groups/demo_members.py), and the keukentafelgesprekken wait for a coordinator's review.
- People are the fictional demo people of groups/demo_members.py; no organisation is named
  beyond the seeds.

How it writes: the services check that the acting person has an active account and may write
in the group; in the demo most people have no account and the werkgroepen are archived, so the
loader writes the rows itself. It still goes through the services' helpers for everything that
matters: a first `Version` per entry (services._record_version), the history notes of sharing
and publishing (services._note / services._publish), and the privacy guard
(services.privacy_findings), which must find nothing in a text before it leaves its group.

Idempotent: entries are found by slug; an entry that exists is left as it is (a coordinator may
have changed it), so running the loader again adds nothing and changes nothing.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from werkplaats.groups.models import LearningGroup, LearningQuestion
from werkplaats.network.models import Municipality, Person, Role
from werkplaats.website.models import ThemePage

from . import services
from .models import (
    Licence,
    PracticeItem,
    PracticeKind,
    Product,
    ProductKind,
    ReviewStatus,
    Visibility,
)

DEMO_DOMAIN = "example.org"

WG1 = "werkgroep-doorontwikkeling-sociale-wijkteams"
WG2 = "werkgroep-samenwerking-formeel-en-informeel"
WT_PREVENTION = "werkteam-preventie-intergenerationele-problematiek"
WT_POVERTY = "werkteam-informeel-formeel-armoede"
WT_PLATFORM = "werkteam-platform-ontmoeting-en-innovatie"
WT_FOURTH = "werkteam-4"
LEERKRING_2015 = "leerkringen-op-maat-2015"
THEMALEERKRING = "themaleerkring-2016"

THEME_WIJKTEAMS = "doorontwikkeling-sociale-wijkteams"
THEME_FORMAL = "samenwerking-formeel-en-informeel"
THEME_PREVENTION = "preventie-intergenerationele-problematiek"
THEME_POVERTY = "armoede"
THEME_PLATFORM = "platform-ontmoeting-en-innovatie"
THEME_MEANING = "zingeving"

REGION = ["Rotterdam", "Dordrecht", "Schiedam", "Vlaardingen"]
PENDING = "pending"  # a visibility in the lists below: shared with members, public asked for

D = datetime.date

# No e-mail address or phone number: the privacy guard would (rightly) stop those until a
# coordinator marks them as not personal.
CONTACT = (
    "Werkplaats Sociaal Domein Zuid-Holland Zuid, Museumpark 40, Rotterdam; zie de "
    "contactpagina van deze website."
)

# --- Practice knowledge ---------------------------------------------------------------------

# Each: slug, kind, group, author (e-mail local part or None), day, visibility, title, summary,
# body, roles, themes, municipalities, answers_to (slugs), learning questions (their text).
PRACTICE_ITEMS = [
    # Werkgroep 1: doorontwikkeling sociale wijkteams.
    {
        "slug": "kennisvraag-optimale-model-nulde-tweede-lijn",
        "kind": PracticeKind.QUESTION,
        "group": WG1,
        "author": "lotte.vermeer",
        "day": D(2016, 11, 15),
        "visibility": Visibility.PUBLIC,
        "title": "Wat is het optimale model tussen de nulde en de tweede lijn?",
        "summary": "De vraag waarmee werkgroep 1 in drie uitwisselingen op zoek ging naar een "
        "integraal dienstverleningsconcept voor sociale wijkteams.",
        "body": "Sociale wijkteams zijn de pilotfase nog niet voorbij. In veel gemeenten en "
        "organisaties staat de komende jaren de uitdaging centraal om de sociale wijkteams door "
        "te ontwikkelen en aan te passen aan de zich nog steeds groeiende kennis en praktijk.\n\n"
        "Werkgroep 1 – professionals uit welzijn, onderwijs en beleid – ging door drie "
        "uitwisselingen samen op zoek naar een antwoord op de vraag: wat is het optimale model "
        "tussen de nulde en de tweede lijn?",
        "roles": [Role.PROFESSIONAL, Role.POLICY_MAKER],
        "themes": [THEME_WIJKTEAMS],
        "municipalities": REGION,
        "learning_questions": ["Wat is het optimale model tussen de nulde en de tweede lijn?"],
    },
    {
        "slug": "kennisvraag-integraal-dienstverleningsconcept",
        "kind": PracticeKind.QUESTION,
        "group": WG1,
        "author": "lotte.vermeer",
        "day": D(2016, 11, 15),
        "visibility": Visibility.PUBLIC,
        "title": "Hoe komen we tot een integraal dienstverleningsconcept van de nulde naar de "
        "tweede lijn?",
        "summary": "Leervragen rondom een integraal dienstverleningsconcept stonden centraal in "
        "werkgroep 1.",
        "body": "Naast de vraag naar het optimale model zocht werkgroep 1 naar de weg ernaartoe: "
        "hoe komen we tot een integraal dienstverleningsconcept van de nulde naar de tweede "
        "lijn? In het werk van de werkgroep was de alledaagse praktijk leidend: het perspectief "
        "van de cliënt, doelgroep, vrijwilliger of wijkbewoner staat altijd centraal.",
        "roles": [Role.PROFESSIONAL, Role.POLICY_MAKER],
        "themes": [THEME_WIJKTEAMS],
        "municipalities": REGION,
        "learning_questions": [
            "Hoe komen we tot een integraal dienstverleningsconcept van de nulde naar de "
            "tweede lijn?"
        ],
    },
    {
        "slug": "dilemma-opgave-ruimte-en-grenzen-van-wijkteams",
        "kind": PracticeKind.DILEMMA,
        "group": WG1,
        "author": "youssef.elamrani",
        "day": D(2017, 1, 31),
        "visibility": Visibility.PUBLIC,
        "title": "Opgave, ruimte en grenzen van wijkteams",
        "summary": "Wat is de opgave van een sociaal wijkteam, hoeveel ruimte krijgt het en waar "
        "liggen de grenzen? Het onderwerp van de eerste uitwisseling van werkgroep 1.",
        "body": "Sociale wijkteams moeten zich blijven aanpassen aan de groeiende kennis en "
        "praktijk. Tegelijk vraagt het werk om duidelijkheid: wat is de opgave van het wijkteam, "
        "hoeveel ruimte krijgen de professionals om zelf invulling te geven aan hun werk, en "
        "waar liggen de grenzen van wat een wijkteam kan en moet doen?\n\n"
        "De eerste uitwisseling van werkgroep 1 maakte dit dilemma zichtbaar in een visual, "
        "waarmee gemeenten en organisaties het onderling bespreekbaar kunnen maken. Lees ook "
        "'Geef wijkteams meer ruimte' op Sociale Vraagstukken.",
        "roles": [Role.PROFESSIONAL, Role.POLICY_MAKER],
        "themes": [THEME_WIJKTEAMS],
        "municipalities": REGION,
        "answers_to": ["kennisvraag-optimale-model-nulde-tweede-lijn"],
    },
    {
        "slug": "praktijkvoorbeeld-kracht-van-preventie-en-collectieve-oplossingen",
        "kind": PracticeKind.EXAMPLE,
        "group": WG1,
        "author": "noor.bakker",
        "day": D(2017, 3, 28),
        "visibility": Visibility.PUBLIC,
        "title": "De kracht van preventie en collectieve oplossingen",
        "summary": "Uit de tweede uitwisseling van werkgroep 1: wijkteams die inzetten op "
        "preventie en collectieve oplossingen, naast hulp aan één huishouden.",
        "body": "In de tweede uitwisseling van werkgroep 1 ging het over de kracht van preventie "
        "en collectieve oplossingen: niet alleen per huishouden ondersteuning bieden, maar ook "
        "vooraf en met de wijk samen. De uitwisseling leverde een visual op waarmee gemeenten en "
        "organisaties dit thema binnen de doorontwikkeling van sociale wijkteams onderling "
        "bespreekbaar kunnen maken.",
        "roles": [Role.PROFESSIONAL],
        "themes": [THEME_WIJKTEAMS],
        "municipalities": REGION,
        "answers_to": ["kennisvraag-integraal-dienstverleningsconcept"],
        "learning_questions": [
            "Hoe komen we tot een integraal dienstverleningsconcept van de nulde naar de "
            "tweede lijn?"
        ],
    },
    {
        "slug": "gouden-tips-samenwerking-medisch-domein",
        "kind": PracticeKind.TIP,
        "group": WG1,
        "author": "marieke.dijkstra",
        "day": D(2017, 5, 23),
        "visibility": Visibility.PUBLIC,
        "title": "Gouden tips voor samenwerking met het medisch domein",
        "summary": "De derde uitwisseling van werkgroep 1 leverde gouden tips op voor de "
        "samenwerking van wijkteams met het medisch domein.",
        "body": "Een integraal dienstverleningsconcept van de nulde naar de tweede lijn vraagt "
        "samenwerking met het medisch domein. De derde uitwisseling van werkgroep 1 bracht "
        "daarvoor gouden tips bijeen, vastgelegd in een visual.\n\n"
        "Demo: de bronnen noemen de gouden tips, maar geven hun tekst niet weer; die staat op de "
        "visual en is hier niet verzonnen.",
        "roles": [Role.PROFESSIONAL],
        "themes": [THEME_WIJKTEAMS],
        "municipalities": REGION,
        "answers_to": ["kennisvraag-integraal-dienstverleningsconcept"],
    },
    # Werkgroep 2: samenwerking formeel en informeel.
    {
        "slug": "kennisvraag-wat-is-informaliteit",
        "kind": PracticeKind.QUESTION,
        "group": WG2,
        "author": "ruud.smits",
        "day": D(2016, 11, 22),
        "visibility": Visibility.PUBLIC,
        "title": "Wat is (eigenlijk) informaliteit?",
        "summary": "Een van de vragen die in werkgroep 2 de aanzet gaven tot boeiende gesprekken "
        "en nieuwe inzichten over het samenspel tussen formeel en informeel.",
        "body": "De (werk)relatie tussen informeel en formeel, tussen professionele zorg en "
        "sociale steun en tussen professionals en vrijwilligers/mantelzorgers blijkt voor alle "
        "betrokken partijen een relatie die vragen oproept. Werkgroep 2 begon bij de basis: wat "
        "is (eigenlijk) informaliteit?",
        "roles": [Role.PROFESSIONAL, Role.VOLUNTEER, Role.CARER],
        "themes": [THEME_FORMAL],
        "municipalities": REGION,
        "learning_questions": ["Wat is (eigenlijk) informaliteit?"],
    },
    {
        "slug": "kennisvraag-wie-is-er-informeel",
        "kind": PracticeKind.QUESTION,
        "group": WG2,
        "author": "ruud.smits",
        "day": D(2016, 11, 22),
        "visibility": Visibility.PUBLIC,
        "title": "Wie is er informeel in het sociaal domein?",
        "summary": "De tweede vraag van werkgroep 2, besproken in werkgroepbijeenkomsten en vier "
        "focusgroepen.",
        "body": "Wie is er informeel in het sociaal domein? De vrijwilliger, de mantelzorger, de "
        "bewonersgroep – of ook de professional? Werkgroep 2 besprak de vraag in de "
        "werkgroepbijeenkomsten en in vier focusgroepen in de regio.",
        "roles": [Role.PROFESSIONAL, Role.VOLUNTEER, Role.CARER, Role.RESIDENT],
        "themes": [THEME_FORMAL],
        "municipalities": REGION,
        "learning_questions": ["Wie is er informeel in het sociaal domein?"],
    },
    {
        "slug": "dilemma-betaalde-of-onbetaalde-kracht",
        "kind": PracticeKind.DILEMMA,
        "group": WG2,
        "author": "fatma.yilmaz",
        "day": D(2017, 2, 21),
        "visibility": Visibility.PUBLIC,
        "title": "Ben je een betaalde of een onbetaalde kracht?",
        "summary": "Het verschil in positie kwam steeds terug, maar binnen een positie gaat het "
        "ook om de rol die je aanneemt en hoe je met elkaar omgaat.",
        "body": "In de werkgroepbijeenkomsten en de focusgroepen kwam veelvuldig het verschil in "
        "positie naar voren: ben je een betaalde of onbetaalde kracht? Maar binnen een positie "
        "gaat het ook om de rol die je aanneemt én de manier waarop je met elkaar omgaat.\n\n"
        "Naast je positie en rol gaat het dus ook om de sociale relatie: de manier waarop je "
        "met elkaar omgaat en je gedrag, houding en benadering daarin.",
        "roles": [Role.PROFESSIONAL, Role.VOLUNTEER, Role.CARER],
        "themes": [THEME_FORMAL],
        "municipalities": REGION,
        "answers_to": ["kennisvraag-wie-is-er-informeel"],
        "learning_questions": ["Wie is er informeel in het sociaal domein?"],
    },
    {
        "slug": "praktijkvoorbeeld-hybride-organisaties",
        "kind": PracticeKind.EXAMPLE,
        "group": WG2,
        "author": "bram.hendriks",
        "day": D(2017, 4, 11),
        "visibility": Visibility.PUBLIC,
        "title": "Hybride organisaties: een formele én een informele kant",
        "summary": "In de focusgroepen werden veel professionele organisaties als hybride "
        "gezien, en omschreven veel professionals zich als zowel formeel als informeel.",
        "body": "Opvallend in de focusgroepen van werkgroep 2 was dat veel professionele "
        "organisaties als hybride werden gezien: met een formele én een informele kant. En veel "
        "professionals omschreven zich bovendien als zowel formeel als informeel.\n\n"
        "Wie informeel is, volgt dus niet alleen uit de organisatie waar je werkt of uit je "
        "positie, maar ook uit de rol die je aanneemt en de sociale relatie met de ander.",
        "roles": [Role.PROFESSIONAL, Role.VOLUNTEER],
        "themes": [THEME_FORMAL],
        "municipalities": REGION,
        "answers_to": ["kennisvraag-wat-is-informaliteit", "kennisvraag-wie-is-er-informeel"],
        "learning_questions": [
            "Wat is (eigenlijk) informaliteit?",
            "Wie is er informeel in het sociaal domein?",
        ],
    },
    {
        "slug": "tip-een-verbinder-tussen-formeel-en-informeel",
        "kind": PracticeKind.TIP,
        "group": WG2,
        "author": "thijs.deboer",
        "day": D(2017, 5, 30),
        "visibility": Visibility.PUBLIC,
        "title": "Zorg voor een schakelaar, makelaar of verbinder tussen formeel en informeel",
        "summary": "Veelvuldig is gewezen op het belang van iemand die het formele en het "
        "informele met elkaar verbindt.",
        "body": "Veelvuldig is in werkgroep 2 gewezen op het belang van een schakelaar, makelaar "
        "of verbinder tussen het formele en informele. Bijvoorbeeld tussen enerzijds "
        "bewonersgroepen en ontmoetingsplekken en anderzijds wijkteams en de "
        "beleidsuitvoering.",
        "roles": [Role.PROFESSIONAL, Role.RESIDENT, Role.POLICY_MAKER],
        "themes": [THEME_FORMAL],
        "municipalities": REGION,
        "answers_to": ["dilemma-betaalde-of-onbetaalde-kracht"],
    },
    {
        "slug": "dilemma-de-scheiding-benoemen-houdt-haar-in-stand",
        "kind": PracticeKind.DILEMMA,
        "group": WG2,
        "author": "gerda.kok",
        "day": D(2017, 6, 20),
        "visibility": Visibility.PUBLIC,
        "title": "Wie de scheiding tussen formeel en informeel benoemt, houdt haar in stand",
        "summary": "Het constant benoemen van de scheiding formeel versus informeel construeert "
        "en bestendigt diezelfde scheiding.",
        "body": "Het spannende begrippenpaar formeel–informeel helpt om het samenspel te "
        "bespreken. Wel moet gesteld worden dat het constant benoemen van de scheiding (formeel "
        "versus informeel) diezelfde scheiding ook construeert en in stand houdt. Hoe praat je "
        "over samenspel zonder de tegenstelling steeds opnieuw te maken?",
        "roles": [Role.PROFESSIONAL, Role.RESIDENT],
        "themes": [THEME_FORMAL],
        "municipalities": REGION,
        "answers_to": ["kennisvraag-wat-is-informaliteit"],
        "learning_questions": ["Wat is (eigenlijk) informaliteit?"],
    },
    # Leerkringen (2014-2016).
    {
        "slug": "praktijkvoorbeeld-leerkringen-als-vehikel",
        "kind": PracticeKind.EXAMPLE,
        "group": LEERKRING_2015,
        "author": None,
        "day": D(2015, 12, 15),
        "visibility": Visibility.PUBLIC,
        "title": "Leerkringen als vehikel: onderstroom en bovenstroom verbinden",
        "summary": "Vanuit de gemeente gezien zijn de leerkringen een vehikel waar "
        "praktijkpartijen zich verbinden en een meer duurzame visie hanteren.",
        "body": "In de leerkringen werkten wijkteamleden, vraagwijzer-consulenten, "
        "wijkteamleiders, staf/beleidsmedewerkers en wijknetwerkpartners aan het beter toerusten "
        "van sociaal en integraal vakmanschap in Rotterdam. Zo is onder meer vormgegeven aan het "
        "verbinden van de 'operationele onderstroom' met de 'beleidsmatige bovenstroom'.\n\n"
        "Vanuit het perspectief van de gemeente worden de leerkringen gezien als 'vehikel' waar "
        "relevante praktijkpartijen bij betrokken zijn, zich verbinden en een meer duurzame "
        "visie hanteren; dat ondersteunt het 'nieuwe doelgericht samenwerken'.",
        "roles": [Role.PROFESSIONAL, Role.POLICY_MAKER],
        "themes": [THEME_WIJKTEAMS],
        "municipalities": ["Rotterdam"],
    },
    # Werkteams (from late 2017).
    {
        "slug": "kennisvraag-werkzame-elementen-in-casuistiek",
        "kind": PracticeKind.QUESTION,
        "group": WT_PREVENTION,
        "author": "marieke.dijkstra",
        "day": D(2018, 1, 16),
        "visibility": Visibility.PUBLIC,
        "title": "Welke elementen werken in casuïstiek voor de preventie van intergenerationele "
        "problematiek?",
        "summary": "De vraag van het werkteam Preventie intergenerationele problematiek, dat "
        "sinds eind 2017 werkzame elementen in casuïstiek onderzoekt.",
        "body": "Sinds eind 2017 onderzoekt het werkteam werkzame elementen in casuïstiek voor "
        "preventie van intergenerationele problematiek. Een van de eerste opbrengsten is een "
        "workshop genogrammen.",
        "roles": [Role.PROFESSIONAL, Role.TEACHER_RESEARCHER],
        "themes": [THEME_PREVENTION],
        "learning_questions": [
            "Welke elementen werken in casuïstiek voor de preventie van intergenerationele "
            "problematiek?"
        ],
    },
    {
        "slug": "casus-wat-werkte-hier",
        "kind": PracticeKind.CASE,
        "group": WT_PREVENTION,
        "author": "youssef.elamrani",
        "day": D(2018, 2, 13),
        "visibility": Visibility.GROUP,
        "title": "Casusbespreking: wat werkte hier?",
        "summary": "Twee geanonimiseerde casussen uit een wijkteam, besproken met de vraag "
        "welke elementen werkten.",
        "body": "Demo: deze casus volgt de werkruimte van het werkteam in de demo, niet de "
        "bronnen, en blijft daarom binnen de groep.\n\n"
        "Elementen die in beide casussen terugkwamen: één vast gezicht voor het gezin, "
        "grootouders als bondgenoot, en tijd om vertrouwen op te bouwen. Het perspectief van "
        "het gezin zelf maakte de bespreking concreter dan onze eigen verslagen.",
        "roles": [Role.PROFESSIONAL, Role.CARER],
        "themes": [THEME_PREVENTION],
        "answers_to": ["kennisvraag-werkzame-elementen-in-casuistiek"],
        "learning_questions": [
            "Welke elementen werken in casuïstiek voor de preventie van intergenerationele "
            "problematiek?"
        ],
    },
    {
        "slug": "praktijkvoorbeeld-genogram-met-het-gezin",
        "kind": PracticeKind.EXAMPLE,
        "group": WT_PREVENTION,
        "author": "dewi.santoso",
        "day": D(2018, 3, 20),
        "visibility": Visibility.MEMBERS,
        "title": "Een genogram samen met het gezin tekenen",
        "summary": "Patronen over generaties zichtbaar maken door een genogram samen met het "
        "gezin te tekenen: de workshop genogrammen van het werkteam.",
        "body": "Een genogram samen met het gezin tekenen maakt patronen over generaties "
        "zichtbaar. Het werkteam Preventie intergenerationele problematiek maakte er een "
        "workshop van, een van zijn eerste opbrengsten.",
        "roles": [Role.PROFESSIONAL],
        "themes": [THEME_PREVENTION],
        "answers_to": ["kennisvraag-werkzame-elementen-in-casuistiek"],
        "learning_questions": [
            "Welke elementen werken in casuïstiek voor de preventie van intergenerationele "
            "problematiek?"
        ],
    },
    {
        "slug": "dilemma-het-geleerde-delen-in-de-eigen-organisatie",
        "kind": PracticeKind.DILEMMA,
        "group": WT_PREVENTION,
        "author": "marieke.dijkstra",
        "day": D(2018, 6, 20),
        "visibility": Visibility.PUBLIC,
        "title": "Het geleerde delen in de eigen gemeente, organisatie of team",
        "summary": "De leerprocessen in de werkteams zijn betekenisvol voor de leden, maar het "
        "blijft moeilijk om het geleerde te delen binnen de eigen organisatie.",
        "body": "De werkteams delen en leren van elkaar; de gemengde samenstelling helpt daarbij. "
        "De leerprocessen blijken op individueel niveau betekenisvol en waardevol voor de "
        "aangesloten leden. Kanttekening is dat het voor aangesloten professionals moeilijk "
        "blijft om nieuwe inspiratie en het geleerde te delen binnen de eigen gemeente, "
        "organisatie of team.\n\n"
        "De ambitie is om ook op team- en organisatieniveau betekenisvol en van waarde te zijn. "
        "De werkteams pleiten voor commitment en meer draagvlak binnen de eigen organisaties.",
        "roles": [Role.PROFESSIONAL, Role.POLICY_MAKER],
        "themes": [THEME_PREVENTION],
        "municipalities": REGION,
    },
    {
        "slug": "kennisvraag-politici-in-beweging-tegen-armoede",
        "kind": PracticeKind.QUESTION,
        "group": WT_POVERTY,
        "author": "anouk.peeters",
        "day": D(2017, 11, 28),
        "visibility": Visibility.PUBLIC,
        "title": "Hoe krijgen we samen met bewoners politici in beweging tegen armoede?",
        "summary": "De vraag van het werkteam informeel-formeel, dat samen met betrokken "
        "bewoners een actiegerichte aanpak tegen armoede heeft.",
        "body": "Het werkteam informeel-formeel heeft samen met betrokken bewoners een "
        "actiegerichte aanpak om politici in beweging te krijgen tegen armoede.",
        "roles": [Role.RESIDENT, Role.ADMINISTRATOR, Role.PROFESSIONAL],
        "themes": [THEME_POVERTY, THEME_FORMAL],
        "learning_questions": [
            "Hoe krijgen we samen met bewoners politici in beweging tegen armoede?"
        ],
    },
    {
        "slug": "praktijkvoorbeeld-keukentafelgesprekken-met-politici",
        "kind": PracticeKind.EXAMPLE,
        "group": WT_POVERTY,
        "author": "gerda.kok",
        "day": D(2018, 5, 29),
        "visibility": Visibility.PUBLIC,
        "title": "Aan de keukentafel met politici en beleidsafdelingen",
        "summary": "Bewoners en professionals gaan met politici en beleidsafdelingen aan tafel "
        "over armoede.",
        "body": "Keukentafelgesprekken met politici en beleidsafdelingen horen bij de eerste "
        "opbrengsten van de werkteams. Het werkteam informeel-formeel voert ze samen met "
        "betrokken bewoners, als deel van een actiegerichte aanpak om politici in beweging te "
        "krijgen tegen armoede.",
        "roles": [Role.RESIDENT, Role.ADMINISTRATOR],
        "themes": [THEME_POVERTY],
        "answers_to": ["kennisvraag-politici-in-beweging-tegen-armoede"],
        "learning_questions": [
            "Hoe krijgen we samen met bewoners politici in beweging tegen armoede?"
        ],
    },
    {
        "slug": "kennisvraag-platform-ontmoeting-verbondenheid-veerkracht",
        "kind": PracticeKind.QUESTION,
        "group": WT_PLATFORM,
        "author": "henk.verbeek",
        "day": D(2017, 11, 28),
        "visibility": Visibility.PUBLIC,
        "title": "Hoe zetten we een platform voor ontmoeting, verbondenheid en veerkracht op?",
        "summary": "Het werkteam platform ontmoeting en innovatie zet platforms op in Coolhaven "
        "(Rotterdam) en met de BAR-organisatie, Schiedam en Vlaardingen.",
        "body": "Werkteam platform ontmoeting en innovatie houdt zich bezig met de opzet van "
        "verschillende platforms: een platform in Coolhaven, Rotterdam, en een platform voor "
        "verbondenheid en veerkracht samen met de BAR-organisatie en de gemeenten Schiedam en "
        "Vlaardingen.",
        "roles": [Role.PROFESSIONAL, Role.RESIDENT, Role.POLICY_MAKER],
        "themes": [THEME_PLATFORM],
        "municipalities": ["Rotterdam", "Schiedam", "Vlaardingen", "Barendrecht"],
        "learning_questions": [
            "Hoe zetten we een platform voor ontmoeting, verbondenheid en veerkracht op?"
        ],
    },
    {
        "slug": "praktijkvoorbeeld-platform-coolhaven",
        "kind": PracticeKind.EXAMPLE,
        "group": WT_PLATFORM,
        "author": "priya.ramdin",
        "day": D(2018, 6, 14),
        "visibility": Visibility.MEMBERS,
        "title": "Een platform in Coolhaven, Rotterdam",
        "summary": "Een van de platforms die het werkteam platform ontmoeting en innovatie opzet.",
        "body": "Het werkteam platform ontmoeting en innovatie zet een platform op in Coolhaven, "
        "Rotterdam. Demo: de bronnen noemen het platform, maar beschrijven de opzet niet; het "
        "werkteam deelt het met de leden zolang het nog in opbouw is.",
        "roles": [Role.PROFESSIONAL, Role.RESIDENT],
        "themes": [THEME_PLATFORM],
        "municipalities": ["Rotterdam"],
        "answers_to": ["kennisvraag-platform-ontmoeting-verbondenheid-veerkracht"],
    },
]

# --- Products -------------------------------------------------------------------------------

TRANSFORMATIELEREN = (
    "Bij transformatieleren staan de urgente vragen uit de praktijk centraal. Een belangrijk "
    "aspect is ervaringsleren, waarbij er zowel aandacht gaat naar ervaringen als naar "
    "kennisontwikkeling. Ervaringsleren is een actief proces waarin bestaande kennis wordt "
    "uitgewisseld en nieuwe kennis en inzichten worden opgebouwd."
)

PRODUCTS = [
    {
        "slug": "leren-transformeren",
        "kind": ProductKind.PUBLICATION,
        "title": "Leren transformeren",
        "year": 2016,
        "groups": [],
        "authors": [],
        "author_names": "De gezamenlijke Wmo-werkplaatsen",
        "day": D(2016, 9, 1),
        "visibility": Visibility.PUBLIC,
        "summary": "Bundel van de gezamenlijke Wmo-werkplaatsen over transformatieleren: leren "
        "vanuit de urgente vragen uit de praktijk, met aandacht voor ervaring én "
        "kennisontwikkeling.",
        "description": "In de werkwijze van de werkgroepen van de Werkplaats staat "
        "transformatieleren centraal, zoals beschreven in de bundel 'Leren transformeren', een "
        "uitgave van de gezamenlijke Wmo-werkplaatsen.\n\n" + TRANSFORMATIELEREN + "\n\n"
        "Demo: de bronnen noemen het jaar van uitgave niet; 2016 is het jaar waarin de "
        "werkgroepen ermee begonnen.",
        "themes": [THEME_WIJKTEAMS, THEME_FORMAL],
        "municipalities": [],
        "aim": "Professionals uit de praktijk, van praktijkonderzoek en onderwijs samen laten "
        "leren en werken, zodat het werk in het sociaal domein verandert, verbetert en "
        "vernieuwt.",
        "target_group": "Beleidsmakers, sociale professionals en docentonderzoekers die samen "
        "willen leren vanuit de alledaagse praktijk.",
        "approach": TRANSFORMATIELEREN,
        "working_elements": "De alledaagse praktijk is leidend: het perspectief van de cliënt, "
        "doelgroep, vrijwilliger of wijkbewoner staat altijd centraal.",
        "conditions": "Een optimale leeromgeving: een veilige sfeer met ruimte voor eigen "
        "invulling, waar open wordt gesproken, als voorwaarde om echt van en met elkaar te "
        "leren.",
    },
    {
        "slug": "ruimte-voor-ontmoeting",
        "kind": ProductKind.PUBLICATION,
        "title": "Ruimte voor ontmoeting",
        "year": 2017,
        "groups": [WG1],
        "authors": ["lotte.vermeer", "ingrid.mulder"],
        "author_names": "",
        "day": D(2017, 9, 15),
        "visibility": Visibility.PUBLIC,
        "summary": "De bevindingen van werkgroep 1 'Doorontwikkeling sociale wijkteams' "
        "(2016-2017) over een integraal dienstverleningsconcept van de nulde naar de tweede "
        "lijn.",
        "description": "Sociale wijkteams zijn de pilotfase nog niet voorbij. In veel gemeenten "
        "en organisaties staat de komende jaren de uitdaging centraal om de sociale wijkteams "
        "door te ontwikkelen en aan te passen aan de zich nog steeds groeiende kennis en "
        "praktijk.\n\n"
        "In werkgroep 1 is onder andere door drie uitwisselingen samen gezocht naar een antwoord "
        "op de vragen: wat is het optimale model tussen de nulde en de tweede lijn? Hoe komen we "
        "tot een integraal dienstverleningsconcept van de nulde naar de tweede lijn? De "
        "bevindingen zijn gebundeld in deze bundel. Lees ook 'Geef wijkteams meer ruimte' op "
        "Sociale Vraagstukken.",
        "themes": [THEME_WIJKTEAMS],
        "municipalities": REGION,
        "learning_questions": [
            (WG1, "Wat is het optimale model tussen de nulde en de tweede lijn?"),
            (
                WG1,
                "Hoe komen we tot een integraal dienstverleningsconcept van de nulde naar de "
                "tweede lijn?",
            ),
        ],
        "practice_items": [
            "dilemma-opgave-ruimte-en-grenzen-van-wijkteams",
            "praktijkvoorbeeld-kracht-van-preventie-en-collectieve-oplossingen",
            "gouden-tips-samenwerking-medisch-domein",
        ],
        "aim": "Gemeenten en organisaties helpen de sociale wijkteams door te ontwikkelen tot "
        "een integraal dienstverleningsconcept van de nulde naar de tweede lijn.",
        "target_group": "Wijkteamleden, wijkteamleiders, beleidsmakers en docentonderzoekers "
        "van gemeenten en organisaties met sociale wijkteams.",
        "approach": "Een werkgroep van professionals uit welzijn, onderwijs en beleid, die van "
        "oktober tot en met juni samen leerde (transformatieleren), met drie uitwisselingen in "
        "de regio: over de opgave, ruimte en grenzen van wijkteams, over de kracht van preventie "
        "en collectieve oplossingen, en over samenwerking met het medisch domein.",
        "results": "Drie visuals en voorlopige conclusies, waarmee gemeenten en organisaties "
        "verschillende thema's binnen de doorontwikkeling van sociale wijkteams onderling "
        "bespreekbaar kunnen maken. Aan de werkgroepbijeenkomsten namen ongeveer 40 personen "
        "deel, aan de drie uitwisselingen en vier focusgroepen van beide werkgroepen ruim 150 "
        "unieke personen.",
        "conditions": "Een veilige sfeer met ruimte voor eigen invulling, waar open wordt "
        "gesproken; de verschillen in werkwijzen, ervaringen en opinies maken het leerrijk.",
        "contact": CONTACT,
    },
    {
        "slug": "op-weg-naar-samenspel",
        "kind": ProductKind.PUBLICATION,
        "title": "Op weg naar samenspel",
        "year": 2017,
        "groups": [WG2],
        "authors": ["ruud.smits", "thijs.deboer"],
        "author_names": "",
        "day": D(2017, 11, 1),
        "visibility": Visibility.PUBLIC,
        "summary": "De bevindingen van werkgroep 2 'Samenwerking formeel en informeel': "
        "verhalen, dilemma's, praktijkvoorbeelden en oplossingsrichtingen rond het begrippenpaar "
        "formeel–informeel.",
        "description": "De (werk)relatie tussen informeel en formeel, tussen professionele zorg "
        "en sociale steun en tussen professionals en vrijwilligers/mantelzorgers blijkt voor "
        "alle betrokken partijen een relatie die vragen oproept. Het ontstaan van een zorgzame "
        "ring rondom kwetsbare burgers staat centraal.\n\n"
        "Alle opgehaalde verhalen, dilemma's, praktijkvoorbeelden en oplossingsrichtingen "
        "rondom het spannende begrippenpaar formeel–informeel vormen de basis van deze bundel. "
        "Lees ook 'Formeel en informeel in het sociale domein zijn als yin en yang' op Sociale "
        "Vraagstukken.",
        "themes": [THEME_FORMAL],
        "municipalities": REGION,
        "learning_questions": [
            (WG2, "Wat is (eigenlijk) informaliteit?"),
            (WG2, "Wie is er informeel in het sociaal domein?"),
        ],
        "practice_items": [
            "dilemma-betaalde-of-onbetaalde-kracht",
            "praktijkvoorbeeld-hybride-organisaties",
            "tip-een-verbinder-tussen-formeel-en-informeel",
            "dilemma-de-scheiding-benoemen-houdt-haar-in-stand",
        ],
        "aim": "Het samenspel tussen formeel en informeel versterken: een zorgzame ring rondom "
        "kwetsbare burgers.",
        "target_group": "Sociale professionals, vrijwilligers, mantelzorgers, bewonersgroepen en "
        "beleidsmakers die samenwerken rond kwetsbare burgers.",
        "approach": "Werkgroepbijeenkomsten en vier focusgroepen in de regio, met vragen als: "
        "wat is (eigenlijk) informaliteit, en wie is er informeel in het sociaal domein?",
        "working_elements": "Niet alleen de positie (betaald of onbetaald) telt, maar ook de rol "
        "die je aanneemt en de sociale relatie: je gedrag, houding en benadering. Een "
        "schakelaar, makelaar of verbinder tussen het formele en het informele, bijvoorbeeld "
        "tussen bewonersgroepen en ontmoetingsplekken enerzijds en wijkteams en de "
        "beleidsuitvoering anderzijds.",
        "results": "Veel professionele organisaties werden als hybride gezien, met een formele "
        "én informele kant; veel professionals omschreven zich als zowel formeel als informeel.",
        "conditions": "Besef dat het constant benoemen van de scheiding formeel versus "
        "informeel diezelfde scheiding ook construeert en in stand houdt.",
        "contact": CONTACT,
    },
    {
        "slug": "voorlopige-conclusies-werkgroep-1",
        "kind": ProductKind.OTHER,
        "title": "Voorlopige conclusies van werkgroep 1",
        "year": 2017,
        "groups": [WG1],
        "authors": ["lotte.vermeer"],
        "author_names": "",
        "day": D(2017, 7, 2),
        "visibility": Visibility.PUBLIC,
        "summary": "Wat werkgroep 1 na drie uitwisselingen voorlopig concludeerde over de "
        "doorontwikkeling van sociale wijkteams.",
        "description": "Bij de terugblik op jaar 1 (juli 2017) deelde de Werkplaats de "
        "voorlopige conclusies van werkgroep 1. De uitwisselingen hebben visuals opgeleverd "
        "over de opgave, ruimte en grenzen van wijkteams, de kracht van preventie en collectieve "
        "oplossingen, en gouden tips voor samenwerking met het medisch domein.",
        "themes": [THEME_WIJKTEAMS],
        "municipalities": REGION,
        "practice_items": [
            "kennisvraag-optimale-model-nulde-tweede-lijn",
            "kennisvraag-integraal-dienstverleningsconcept",
        ],
        "results": "Gemeenten en organisaties kunnen met de visuals verschillende thema's binnen "
        "de doorontwikkeling van sociale wijkteams onderling bespreekbaar maken.",
        "contact": CONTACT,
    },
    *[
        {
            "slug": f"visual-{slug}",
            "kind": ProductKind.VISUAL,
            "title": f"Visual: {title}",
            "year": 2017,
            "groups": [WG1],
            "authors": [],
            "author_names": "",
            "day": day,
            "visibility": Visibility.PUBLIC,
            "summary": f"Visual uit de {number} uitwisseling van werkgroep 1, over {about}.",
            "description": "De uitwisselingen van werkgroep 1 hebben visuals opgeleverd over de "
            "opgave, ruimte en grenzen van wijkteams, de kracht van preventie en collectieve "
            "oplossingen, en gouden tips voor samenwerking met het medisch domein.",
            "themes": [THEME_WIJKTEAMS],
            "municipalities": REGION,
            "practice_items": [item],
            "aim": "Gemeenten en organisaties kunnen hiermee verschillende thema's binnen de "
            "doorontwikkeling van sociale wijkteams onderling bespreekbaar maken.",
            "target_group": "Wijkteams, hun leidinggevenden en beleidsmakers.",
            "requirements": "De visual en een gesprek met het team of de partners in de wijk.",
            "contact": CONTACT,
        }
        for slug, title, number, about, day, item in [
            (
                "opgave-ruimte-en-grenzen-van-wijkteams",
                "opgave, ruimte en grenzen van wijkteams",
                "eerste",
                "de opgave, de ruimte en de grenzen van sociale wijkteams",
                D(2017, 2, 7),
                "dilemma-opgave-ruimte-en-grenzen-van-wijkteams",
            ),
            (
                "kracht-van-preventie-en-collectieve-oplossingen",
                "de kracht van preventie en collectieve oplossingen",
                "tweede",
                "de kracht van preventie en collectieve oplossingen",
                D(2017, 4, 4),
                "praktijkvoorbeeld-kracht-van-preventie-en-collectieve-oplossingen",
            ),
            (
                "gouden-tips-samenwerking-medisch-domein",
                "gouden tips voor samenwerking met het medisch domein",
                "derde",
                "gouden tips voor samenwerking met het medisch domein",
                D(2017, 5, 30),
                "gouden-tips-samenwerking-medisch-domein",
            ),
        ]
    ],
    {
        "slug": "geef-wijkteams-meer-ruimte",
        "kind": ProductKind.BLOG,
        "title": "Geef wijkteams meer ruimte",
        "year": 2017,
        "groups": [WG1],
        "authors": [],
        "author_names": "",
        "day": D(2017, 10, 1),
        "visibility": Visibility.PUBLIC,
        "summary": "Artikel op Sociale Vraagstukken, bij de bevindingen van werkgroep 1 in de "
        "bundel 'Ruimte voor ontmoeting'.",
        "description": "De bevindingen van werkgroep 1 zijn gebundeld in 'Ruimte voor "
        "ontmoeting'. Lees ook 'Geef wijkteams meer ruimte' op Sociale Vraagstukken, dat een "
        "dossier over de Werkplaatsen Sociaal Domein bijhoudt.\n\n"
        "Demo: de bronnen noemen de titel, niet de auteurs, de datum of het adres van het "
        "artikel; het jaar is voor de demo gekozen.",
        "themes": [THEME_WIJKTEAMS],
        "municipalities": [],
    },
    {
        "slug": "formeel-en-informeel-zijn-als-yin-en-yang",
        "kind": ProductKind.BLOG,
        "title": "Formeel en informeel in het sociale domein zijn als yin en yang",
        "year": 2017,
        "groups": [WG2],
        "authors": [],
        "author_names": "",
        "day": D(2017, 11, 15),
        "visibility": Visibility.PUBLIC,
        "summary": "Artikel op Sociale Vraagstukken, bij de bevindingen van werkgroep 2 in de "
        "bundel 'Op weg naar samenspel'.",
        "description": "De bevindingen van werkgroep 2 zijn gebundeld in 'Op weg naar "
        "samenspel'. Lees ook 'Formeel en informeel in het sociale domein zijn als yin en yang' "
        "op Sociale Vraagstukken, dat een dossier over de Werkplaatsen Sociaal Domein "
        "bijhoudt.\n\n"
        "Demo: de bronnen noemen de titel, niet de auteurs, de datum of het adres van het "
        "artikel; het jaar is voor de demo gekozen.",
        "themes": [THEME_FORMAL],
        "municipalities": [],
    },
    {
        "slug": "verslag-werkconferentie-werken-in-wijkteams",
        "kind": ProductKind.PUBLICATION,
        "title": "Verslag werkconferentie 'Werken in wijkteams: kansen en dilemma's voor de "
        "nieuwe sociaal werker'",
        "year": 2016,
        "groups": [],
        "authors": [],
        "author_names": "WMO-werkplaats Rotterdam",
        "day": D(2016, 6, 30),
        "visibility": Visibility.PUBLIC,
        "summary": "Het verslag van de werkconferentie aan het einde van het "
        "implementatietraject van de WMO-werkplaats Rotterdam.",
        "description": "Het implementatietraject (leerkringen) van de Werkplaats Sociaal Domein "
        "is op 30 juni 2016 afgerond. Op de website staan sindsdien onder meer de blogs over de "
        "laatste leerkringen, het verslag van de werkconferentie 'Werken in wijkteams: kansen "
        "en dilemma's voor de nieuwe sociaal werker' en een samenvatting van de opbrengsten van "
        "de voormalige WMO-werkplaats 2013-2016.",
        "themes": [THEME_WIJKTEAMS],
        "municipalities": ["Rotterdam"],
    },
    {
        "slug": "opbrengsten-wmo-werkplaats-2013-2016",
        "kind": ProductKind.PUBLICATION,
        "title": "Opbrengsten van de WMO-werkplaats 2013-2016: samenvatting",
        "year": 2016,
        "groups": ["leerkringen-op-maat-2014", LEERKRING_2015, THEMALEERKRING],
        "authors": [],
        "author_names": "WMO-werkplaats Rotterdam",
        "day": D(2016, 6, 30),
        "visibility": Visibility.PUBLIC,
        "summary": "Een samenvatting van wat de WMO-werkplaats Rotterdam met de leerkringen "
        "van 2014 tot en met 2016 opleverde.",
        "description": "Tijdens het implementatietraject hebben wijkteamleden, "
        "vraagwijzer-consulenten, wijkteamleiders, staf/beleidsmedewerkers en "
        "wijknetwerkpartners laten zien dat er meer dan voldoende expertise in huis is voor "
        "zelfsturing van de professional. Door professionals uit de praktijk, van "
        "praktijkonderzoek en onderwijs samen te laten leren en werken, kan het werk in het "
        "sociaal domein veranderen, verbeteren en vernieuwen.",
        "themes": [THEME_WIJKTEAMS],
        "municipalities": ["Rotterdam"],
        "practice_items": ["praktijkvoorbeeld-leerkringen-als-vehikel"],
        "aim": "Sociaal en integraal vakmanschap in Rotterdam beter toerusten, en de "
        "'operationele onderstroom' verbinden met de 'beleidsmatige bovenstroom'.",
        "target_group": "Wijkteams, (verbrede) vraagwijzers, hun leidinggevenden en "
        "beleidsmedewerkers.",
        "approach": "Leerkringen 'op maat' in 2014 en in 2015 en een themaleerkring in 2016, "
        "waarin professionals op (ver)nieuw(d)e wijze werken en leren (transformatieleren).",
        "working_elements": "De gedrevenheid van sociaal professionals: zij zien kansen en zijn "
        "bereid op vernieuwde wijze te werken en te leren. Breed, generalistisch kijken en "
        "handelen.",
        "results": "Meer bewustwording en reflectie, als individu en als team; ruimte om nieuwe "
        "oplossingen en werkwijzen te implementeren; een sterker teamproces. Wijkteamleiders en "
        "wijkteamleden geven aan dat het samenspel hen meer energie geeft en concrete acties "
        "voor kwaliteitsbewustzijn en -verbetering oplevert.",
        "conditions": "Het resultaat vraagt om borging en continuïteit.",
        "contact": CONTACT,
    },
    {
        "slug": "blogs-over-de-laatste-leerkringen",
        "kind": ProductKind.BLOG,
        "title": "Blogs over de laatste leerkringen",
        "year": 2016,
        "groups": [THEMALEERKRING],
        "authors": [],
        "author_names": "",
        "day": D(2016, 6, 30),
        "visibility": Visibility.PUBLIC,
        "summary": "Blogs over de leerkringen 'op maat' en de themaleerkring van 2016, de "
        "laatste van het implementatietraject.",
        "description": "De leerkringen 'op maat' en de themaleerkring in 2016 hebben de "
        "betrokken professionals, zoals zij zelf zeggen, meer bewustwording en reflectie "
        "opgeleverd, als individu en als team. De leerkringen worden als inspirerende "
        "leeromgeving opgenomen in het Leerhuis.",
        "themes": [THEME_WIJKTEAMS],
        "municipalities": ["Rotterdam"],
    },
    # The werkteams' first outputs (July 2018).
    {
        "slug": "workshop-genogrammen",
        "kind": ProductKind.WORKSHOP,
        "title": "Workshop genogrammen",
        "year": 2018,
        "groups": [WT_PREVENTION],
        "authors": ["marieke.dijkstra", "dewi.santoso"],
        "author_names": "",
        "day": D(2018, 3, 20),
        "visibility": Visibility.MEMBERS,
        "summary": "Workshopmateriaal: een genogram samen met het gezin tekenen om patronen "
        "over generaties zichtbaar te maken.",
        "description": "Een van de eerste opbrengsten van het werkteam Preventie "
        "intergenerationele problematiek, dat werkzame elementen in casuïstiek onderzoekt.",
        "themes": [THEME_PREVENTION],
        "municipalities": [],
        "learning_questions": [
            (
                WT_PREVENTION,
                "Welke elementen werken in casuïstiek voor de preventie van intergenerationele "
                "problematiek?",
            )
        ],
        "practice_items": ["praktijkvoorbeeld-genogram-met-het-gezin"],
        "aim": "Patronen over generaties zichtbaar maken, als bijdrage aan de preventie van "
        "intergenerationele problematiek.",
        "target_group": "Wijkteamleden en andere sociale professionals die met gezinnen werken.",
        "approach": "Een genogram samen met het gezin tekenen, in plaats van erover te praten.",
        "working_elements": "Een genogram samen met het gezin maken levert andere gesprekken op "
        "dan erover praten.",
        "requirements": "Een middag (de workshop duurde drie uur).",
    },
    {
        "slug": "literatuurverkenning-intergenerationele-overdracht",
        "kind": ProductKind.LITERATURE,
        "title": "Literatuurverkenning intergenerationele overdracht",
        "year": 2018,
        "groups": [WT_PREVENTION],
        "authors": ["esra.demir", "ingrid.mulder"],
        "author_names": "",
        "day": D(2018, 4, 30),
        "visibility": Visibility.GROUP,
        "summary": "Een eerste opzet van een literatuurverkenning over intergenerationele "
        "overdracht, voor het werkteam Preventie intergenerationele problematiek.",
        "description": "Literatuurverkenningen horen bij de eerste opbrengsten van de werkteams. "
        "Demo: deze verkenning volgt de werkruimte van het werkteam in de demo; ze is nog in "
        "bewerking en blijft binnen de groep.",
        "themes": [THEME_PREVENTION],
        "municipalities": [],
        "learning_questions": [
            (
                WT_PREVENTION,
                "Welke elementen werken in casuïstiek voor de preventie van intergenerationele "
                "problematiek?",
            )
        ],
    },
    {
        "slug": "gastles-opleiding-sociaal-werk",
        "kind": ProductKind.GUEST_LECTURE,
        "title": "Gastles opleiding Sociaal Werk",
        "year": 2018,
        "groups": [WT_PREVENTION],
        "authors": ["ingrid.mulder"],
        "author_names": "",
        "day": D(2018, 5, 15),
        "visibility": Visibility.MEMBERS,
        "summary": "Werkteamleden geven een gastles aan studenten Sociaal Werk over preventie "
        "van intergenerationele problematiek.",
        "description": "Gastlessen horen volgens de bronnen bij de eerste opbrengsten van de "
        "werkteams; onderwerp en datum van deze gastles zijn voor de demo gekozen.",
        "themes": [THEME_PREVENTION],
        "municipalities": [],
        "aim": "Wat het werkteam leert, delen met studenten Sociaal Werk.",
        "target_group": "Studenten van de opleidingen Sociaal Werk.",
    },
    {
        "slug": "presentaties-over-zingeving-voor-wijkteamleden",
        "kind": ProductKind.PRESENTATION,
        "title": "Presentaties over zingeving voor wijkteamleden",
        "year": 2018,
        "groups": [WT_FOURTH],
        "authors": [],
        "author_names": "",
        "day": D(2018, 7, 11),
        "visibility": Visibility.PUBLIC,
        "summary": "Presentaties over zingeving voor wijkteamleden, een van de eerste "
        "opbrengsten van de werkteams.",
        "description": "De eerste opbrengsten van de werkteams zijn gastlessen, "
        "literatuurverkenningen, een workshop genogrammen, presentaties over zingeving voor "
        "wijkteamleden en keukentafelgesprekken met politici en beleidsafdelingen. Demo: de "
        "bronnen zeggen niet welk werkteam de presentaties maakte; hier staan ze bij het "
        "vierde werkteam.",
        "themes": [THEME_MEANING],
        "municipalities": [],
        "target_group": "Wijkteamleden.",
    },
    {
        "slug": "keukentafelgesprekken-met-politici-en-beleidsafdelingen",
        "kind": ProductKind.OTHER,
        "title": "Keukentafelgesprekken met politici en beleidsafdelingen",
        "year": 2018,
        "groups": [WT_POVERTY],
        "authors": ["anouk.peeters", "gerda.kok"],
        "author_names": "",
        "day": D(2018, 6, 14),
        "visibility": PENDING,
        "summary": "Een actiegerichte aanpak van bewoners en professionals om politici in "
        "beweging te krijgen tegen armoede: aan de keukentafel.",
        "description": "Het werkteam informeel-formeel heeft samen met betrokken bewoners een "
        "actiegerichte aanpak om politici in beweging te krijgen tegen armoede. "
        "Keukentafelgesprekken met politici en beleidsafdelingen horen bij de eerste "
        "opbrengsten van de werkteams.",
        "themes": [THEME_POVERTY, THEME_FORMAL],
        "municipalities": [],
        "learning_questions": [
            (WT_POVERTY, "Hoe krijgen we samen met bewoners politici in beweging tegen armoede?")
        ],
        "practice_items": [
            "kennisvraag-politici-in-beweging-tegen-armoede",
            "praktijkvoorbeeld-keukentafelgesprekken-met-politici",
        ],
        "aim": "Politici en beleidsafdelingen in beweging krijgen tegen armoede.",
        "target_group": "Bewoners, sociale professionals, politici en beleidsafdelingen.",
        "approach": "Bewoners en professionals gaan met politici en met beleidsafdelingen aan "
        "de keukentafel.",
        "working_elements": "Bewoners zijn vanaf het begin betrokken: het is een aanpak samen "
        "met bewoners, niet over hen.",
    },
]


# --- Loading --------------------------------------------------------------------------------


def _aware(day, hour=12):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


class _Lookup:
    """The groups, questions, themes, municipalities and people the entries refer to."""

    def __init__(self):
        self.groups = {g.slug: g for g in LearningGroup.objects.all()}
        self.questions = {
            (q.group.slug, q.question): q for q in LearningQuestion.objects.select_related("group")
        }
        self.themes = {theme.slug: theme for theme in ThemePage.objects.all()}
        self.municipalities = {m.name: m for m in Municipality.objects.all()}
        emails = {
            f"{local}@{DEMO_DOMAIN}"
            for spec in [*PRACTICE_ITEMS, *PRODUCTS]
            for local in [spec.get("author"), *spec.get("authors", [])]
            if local
        }
        self.people = {
            person.email.split("@")[0]: person for person in Person.objects.filter(email__in=emails)
        }
        self.reviewer = services.coordinators().order_by("pk").first()

    def each(self, mapping, keys):
        return [mapping[key] for key in keys if key in mapping]


def _check_guard(entry):
    findings = services.privacy_findings(entry)
    if findings:
        raise ValueError(f"The privacy guard finds {findings} in demo entry {entry.slug}")


def _share(entry, visibility, author, reviewer, day):
    """Widen the audience as the publishing flow would, with its notes in the history."""
    if visibility == Visibility.GROUP:
        return
    _check_guard(entry)
    services._publish(author, entry, Visibility.MEMBERS)
    if visibility == PENDING:
        entry.review_status = ReviewStatus.PENDING
        entry.save(update_fields=["review_status"])
        services._note(entry, author, gettext("Asked to make this public"))
    elif visibility == Visibility.PUBLIC:
        entry.published_at = _aware(day, 15)
        entry.reviewed_by = reviewer
        entry.reviewed_at = entry.published_at
        entry.save(update_fields=["published_at", "reviewed_by", "reviewed_at"])
        services._publish(reviewer or author, entry, Visibility.PUBLIC)


def _finish(entry, relations, lookup, spec):
    for name, objects in relations.items():
        getattr(entry, name).set(objects)
    author = lookup.people.get(spec.get("author") or next(iter(spec.get("authors", [])), ""))
    services._record_version(entry, author, None)
    _share(entry, spec["visibility"], author, lookup.reviewer, spec["day"])
    # The history keeps the day the entry was written, not the day the demo was loaded.
    entry.versions.update(created_at=_aware(spec["day"]))


def _ensure_items(lookup):
    existing = set(
        PracticeItem.objects.filter(slug__in=[s["slug"] for s in PRACTICE_ITEMS]).values_list(
            "slug", flat=True
        )
    )
    created = []
    for spec in PRACTICE_ITEMS:
        group = lookup.groups.get(spec["group"])
        if spec["slug"] in existing or group is None:
            continue
        written = _aware(spec["day"])
        item = PracticeItem(
            slug=spec["slug"],
            kind=spec["kind"],
            group=group,
            title=spec["title"],
            summary=spec["summary"],
            body=spec["body"],
            roles=[str(role) for role in spec.get("roles", [])],
            created_by=lookup.people.get(spec["author"] or ""),
            created_at=written,
            updated_at=written,
        )
        item.full_clean()
        item.save()
        relations = {
            "themes": lookup.each(lookup.themes, spec.get("themes", [])),
            "municipalities": lookup.each(lookup.municipalities, spec.get("municipalities", [])),
            "learning_questions": lookup.each(
                lookup.questions,
                [(spec["group"], question) for question in spec.get("learning_questions", [])],
            ),
        }
        created.append((item, relations, spec))
    # Answers point at items that may be created later in the list: link them once all exist.
    items = {
        i.slug: i for i in PracticeItem.objects.filter(slug__in=[s["slug"] for s in PRACTICE_ITEMS])
    }
    for item, relations, spec in created:
        relations["answers_to"] = lookup.each(items, spec.get("answers_to", []))
        _finish(item, relations, lookup, spec)
    return [item for item, _relations, _spec in created]


def _ensure_products(lookup):
    existing = set(
        Product.objects.filter(slug__in=[s["slug"] for s in PRODUCTS]).values_list(
            "slug", flat=True
        )
    )
    items = {
        i.slug: i for i in PracticeItem.objects.filter(slug__in=[s["slug"] for s in PRACTICE_ITEMS])
    }
    created = []
    for spec in PRODUCTS:
        if spec["slug"] in existing:
            continue
        if any(slug not in lookup.groups for slug in spec["groups"]):
            continue
        written = _aware(spec["day"])
        authors = lookup.each(lookup.people, spec["authors"])
        product = Product(
            slug=spec["slug"],
            kind=spec["kind"],
            title=spec["title"],
            summary=spec["summary"],
            description=spec.get("description", ""),
            author_names=spec["author_names"],
            year=spec["year"],
            licence=Licence.CC_BY,
            created_by=authors[0] if authors else None,
            created_at=written,
            updated_at=written,
            **{name: spec.get(name, "") for name in Product.TRANSFER_FIELDS},
        )
        product.full_clean()
        product.save()
        relations = {
            "themes": lookup.each(lookup.themes, spec["themes"]),
            "municipalities": lookup.each(lookup.municipalities, spec["municipalities"]),
            "authors": authors,
            "groups": lookup.each(lookup.groups, spec["groups"]),
            "learning_questions": lookup.each(lookup.questions, spec.get("learning_questions", [])),
            "practice_items": lookup.each(items, spec.get("practice_items", [])),
        }
        _finish(product, relations, lookup, spec)
        created.append(product)
    return created


# Products and the demo activities they came out of (activities/demo.py), linked when both
# exist: the activity's archive page shows the product, the product page the activity.
CAME_OUT_OF = {
    "visual-opgave-ruimte-en-grenzen-van-wijkteams": ["uitwisseling-1-werkgroep-1"],
    "visual-kracht-van-preventie-en-collectieve-oplossingen": ["uitwisseling-2-werkgroep-1"],
    "visual-gouden-tips-samenwerking-medisch-domein": ["uitwisseling-3-werkgroep-1"],
    "workshop-genogrammen": ["workshop-genogrammen-2018"],
    "gastles-opleiding-sociaal-werk": ["gastles-sociaal-werk-2018"],
}


def _link_activities():
    from werkplaats.activities.models import Activity

    for product_slug, activity_slugs in CAME_OUT_OF.items():
        product = Product.objects.filter(slug=product_slug).first()
        if product is not None:
            product.activities.add(*Activity.objects.filter(slug__in=activity_slugs))


@transaction.atomic
def load_library():
    """Create the demo practice knowledge and products when missing; returns all demo entries
    (new and existing) as a list."""
    lookup = _Lookup()
    _ensure_items(lookup)
    _ensure_products(lookup)
    _link_activities()
    return [
        *PracticeItem.objects.filter(slug__in=[s["slug"] for s in PRACTICE_ITEMS]),
        *Product.objects.filter(slug__in=[s["slug"] for s in PRODUCTS]),
    ]
