"""Build the public website of Werkplaats Sociaal Domein Zuid-Holland Zuid from the seeds.

Idempotent: every page is looked up by its slug under its parent and only created when it is
missing, so running it again keeps what editors changed.
"""

import datetime

from django.db import transaction
from wagtail.models import Page, Site

from ..models import (
    ContactFormField,
    ContactPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    SiteSettings,
    StandardPage,
    ThemeIndexPage,
    ThemePage,
)
from . import images
from .seeds import read_seed

SITE_NAME = "Werkplaats Sociaal Domein Zuid-Holland Zuid"
EMAIL = "info@werkplaatssociaaldomeinzhz.nl"

# Line breaks of the PDF the seed 'Werkgroepen 2016-2017' was scraped from split some words.
HYPHENATION_FIXES = {
    "orga-nisaties": "organisaties",
    "uitda-ging": "uitdaging",
    "in-zichten": "inzichten",
    "ont-moeting": "ontmoeting",
    "zorg-zame": "zorgzame",
    "wijk-bewoners": "wijkbewoners",
    "Wmo- werkplaatsen": "Wmo-werkplaatsen",
    "Dit wil zegen": "Dit wil zeggen",
}

THEMES = [
    (
        "doorontwikkeling-sociale-wijkteams",
        "Doorontwikkeling sociale wijkteams",
        "Integraal gebiedsgericht werken: het optimale model tussen de nulde en de tweede lijn.",
        datetime.date(2016, 9, 1),
        [
            "Sociale wijkteams zijn de pilotfase nog niet voorbij. In veel gemeenten en "
            "organisaties staat de komende jaren de uitdaging centraal om de sociale wijkteams "
            "door te ontwikkelen en aan te passen aan de zich nog steeds groeiende kennis en "
            "praktijk. Leervragen rondom een integraal dienstverleningsconcept staan centraal.",
            "Werkgroep 1 (november 2016 – augustus 2017) zocht in drie uitwisselingen naar een "
            "antwoord op de vragen: wat is het optimale model tussen de nulde en de tweede lijn? "
            "Hoe komen we tot een integraal dienstverleningsconcept van de nulde naar de tweede "
            "lijn? De uitwisselingen leverden visuals op over de opgave, ruimte en grenzen van "
            "wijkteams, de kracht van preventie en collectieve oplossingen, en gouden tips voor "
            "samenwerking met het medisch domein. De bevindingen zijn gebundeld in de bundel "
            "'Ruimte voor ontmoeting'.",
        ],
    ),
    (
        "samenwerking-formeel-en-informeel",
        "Samenwerking formeel en informeel",
        "De aansluiting van informele en formele ondersteuning en zorg.",
        datetime.date(2016, 9, 1),
        [
            "De (werk)relatie tussen informeel en formeel, tussen professionele zorg en sociale "
            "steun en tussen professionals en vrijwilligers/mantelzorgers blijkt voor alle "
            "betrokken partijen een relatie die vragen oproept. Het ontstaan van een zorgzame "
            "ring rondom kwetsbare burgers staat centraal.",
            "Werkgroep 2 verkende vragen als: wat is (eigenlijk) informaliteit, en wie is er "
            "informeel in het sociaal domein? Veel professionele organisaties werden als hybride "
            "gezien, met een formele én informele kant. Veelvuldig is gewezen op het belang van "
            "een schakelaar, makelaar of verbinder tussen het formele en informele. De "
            "bevindingen zijn gebundeld in de bundel 'Op weg naar samenspel'.",
        ],
    ),
    (
        "preventie-intergenerationele-problematiek",
        "Preventie intergenerationele problematiek",
        "Werkzame elementen in casuïstiek voor de preventie van intergenerationele problematiek.",
        datetime.date(2017, 11, 1),
        [
            "Sinds eind 2017 onderzoekt één van de werkteams werkzame elementen in casuïstiek "
            "voor preventie van intergenerationele problematiek. Een van de eerste opbrengsten "
            "is een workshop genogrammen.",
        ],
    ),
    (
        "armoede",
        "Armoede",
        "Samen met bewoners politici in beweging krijgen tegen armoede.",
        datetime.date(2017, 11, 1),
        [
            "Het werkteam informeel-formeel heeft samen met betrokken bewoners een actiegerichte "
            "aanpak om politici in beweging te krijgen tegen armoede, onder meer met "
            "keukentafelgesprekken met politici en beleidsafdelingen.",
        ],
    ),
    (
        "platform-ontmoeting-en-innovatie",
        "Platform ontmoeting en innovatie",
        "Platforms voor ontmoeting, verbondenheid en veerkracht in de regio.",
        datetime.date(2017, 11, 1),
        [
            "Werkteam platform ontmoeting en innovatie houdt zich bezig met de opzet van "
            "verschillende platforms: een platform in Coolhaven, Rotterdam en een platform voor "
            "verbondenheid en veerkracht samen met de BAR-organisatie en de gemeenten Schiedam en "
            "Vlaardingen.",
        ],
    ),
    (
        "zingeving",
        "Zingeving",
        "Zingeving in het werk van wijkteams.",
        datetime.date(2017, 11, 1),
        [
            "Tot de eerste opbrengsten van de werkteams horen presentaties over zingeving voor "
            "wijkteamleden. Meer over dit thema volgt zodra de werkteams erover publiceren.",
        ],
    ),
]

NEWS = [
    # slug, title, date, seed name, headings, lines to skip, themes, author
    (
        "impact-en-inspiratie-van-leerkringen-in-rotterdam",
        "De impact en inspiratie van leerkringen in Rotterdam",
        # The seed carries no date; it reports the close of the leerkringen on 30 June 2016.
        datetime.date(2016, 6, 30),
        "leerkringen-rotterdam",
        (),
        ("De impact en inspiratie van leerkringen in Rotterdam",),
        ["doorontwikkeling-sociale-wijkteams"],
        "Werkplaats Sociaal Domein",
        ["leerkringen", "transformatieleren", "Rotterdam"],
    ),
    (
        "lerend-van-jaar-1-op-naar-jaar-2",
        "Lerend van jaar 1... op naar jaar 2!",
        datetime.date(2017, 7, 2),
        "lerend-van-jaar-1",
        ("Terugblik werkgroepen", "Werkgroep 1", "Werkgroep 2", "Jaar 2"),
        ("Lerend van jaar 1... op naar jaar 2!", "02-07-17: Lerend van jaar 1... op naar jaar 2!"),
        ["doorontwikkeling-sociale-wijkteams", "samenwerking-formeel-en-informeel"],
        "Werkplaats Sociaal Domein",
        ["werkgroepen", "focusgroepen", "uitwisselingen", "werkteams"],
    ),
    (
        "het-hart-van-de-werkplaats",
        "Het hart van de Werkplaats",
        datetime.date(2018, 7, 11),
        "hart-van-de-werkplaats",
        (),
        ("11-07-18: Het hart van de Werkplaats",),
        [
            "preventie-intergenerationele-problematiek",
            "armoede",
            "platform-ontmoeting-en-innovatie",
            "zingeving",
        ],
        "Werkplaats Sociaal Domein",
        ["werkteams", "kenniscafés", "evaluatie"],
    ),
]


def _fix(text):
    for wrong, right in HYPHENATION_FIXES.items():
        text = text.replace(wrong, right)
    return text


def seed_body(name, headings=(), skip=()):
    """A seed document as StreamField data, with the scrape's broken words mended."""
    return [
        {**block, "value": _fix(block["value"])}
        for block in read_seed(name, headings=headings, skip=skip).stream_data()
    ]


def _paragraphs(*texts):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in texts]


def _publish(page):
    page.save_revision().publish()
    return page


def ensure_child(parent, model, slug, **fields):
    """The live child of `parent` with `slug`, created and published when missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing:
        return existing.specific
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    return _publish(page)


def ensure_home():
    """Replace Wagtail's placeholder 'Welcome' page with the Werkplaats home page."""
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(
            title=SITE_NAME,
            slug="werkplaats",
            seo_title="Werkplaats Sociaal Domein Zuid-Holland Zuid",
            aim="Regionale samenwerking en afstemming rond integraal werken in de wijk",
            intro=(
                "Gemeenten, hogescholen, sociale professionals, beleidsmakers, "
                "docentonderzoekers en bewoners leren samen in de regio Zuid-Holland Zuid."
            ),
            body=(
                "<p>De Werkplaats Sociaal Domein Zuid-Holland Zuid (voorheen Wmo-werkplaats "
                "Rotterdam, 2012-2016) komt op basis van een gezamenlijk werkprogramma tot "
                "regionale samenwerking en afstemming rond het thema ‘integraal werken in de "
                "wijk’. Partners zijn de gemeenten Dordrecht, Rotterdam, Schiedam en Vlaardingen "
                "en de Hogeschool Rotterdam en InHolland/Rotterdam.</p>"
                "<p>De Werkplaats zit dicht op de uitvoeringspraktijk. Onderzoek, ondersteuning, "
                "ontwikkeling en onderwijs (scholing) zijn belangrijke ingrediënten voor de "
                "samenwerking. Sinds eind 2017 vormen de werkteams het hart van de activiteiten: "
                "kleine teams van professionals, beleidsmakers, docentonderzoekers en bewoners "
                "die werken aan concrete, overdraagbare producten.</p>"
            ),
        )
        root.add_child(instance=home)
        _publish(home)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name=SITE_NAME,
        )
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = SITE_NAME
        site.save()
        if not isinstance(old_root.specific, HomePage) and not old_root.get_children().exists():
            old_root.delete()  # Wagtail's own "Welcome to your new Wagtail site!" page
    return home


def ensure_settings(site):
    settings = SiteSettings.for_site(site)
    if not settings.street_address:
        settings.organisation_name = SITE_NAME
        settings.street_address = "Museumpark 40"
        settings.postal_code = "3015 CX"
        settings.city = "Rotterdam"
        settings.room = "Kamer MP.L03.105"
        settings.phone = "010 794 5676"
        settings.email = EMAIL
        settings.footer_text = (
            "Voor het meest actuele nieuws: volg de Werkplaats of meld je aan voor onze "
            "nieuwsbrief."
        )
        settings.save()
    return settings


def ensure_themes(home):
    index = ensure_child(
        home,
        ThemeIndexPage,
        "themas",
        title="Thema's",
        show_in_menus=True,
        intro=(
            "De thema's van het werkprogramma. In september 2016 is gestart met twee thema's; "
            "sinds eind 2017 werken de werkteams aan nieuwe onderwerpen."
        ),
    )
    themes = {}
    for slug, title, intro, started, paragraphs in THEMES:
        themes[slug] = ensure_child(
            index,
            ThemePage,
            slug,
            title=title,
            intro=intro,
            started=started,
            body=_paragraphs(*paragraphs),
        )
    return themes


def ensure_news_index(home):
    return ensure_child(
        home,
        NewsIndexPage,
        "nieuws",
        title="Nieuws",
        show_in_menus=True,
        intro="Nieuws en blogs uit de werkgroepen, werkteams en leerkringen van de Werkplaats.",
    )


def ensure_news(index, themes):
    for number, (slug, title, date, seed, headings, skip, theme_slugs, author, tags) in enumerate(
        NEWS
    ):
        if index.get_children().filter(slug=slug).exists():
            continue
        document = read_seed(seed, headings=headings, skip=skip)
        body = seed_body(seed, headings=headings, skip=skip)
        first = next(text for kind, text in document.blocks if kind == "paragraph")
        page = NewsPage(
            slug=slug,
            title=title,
            date=date,
            author=author,
            intro=_fix(first if len(first) < 320 else first[:317].rsplit(" ", 1)[0] + "…"),
            body=body,
            lead_image=images.lead_image(f"Beeld bij: {title}", f"nieuws-{number + 1}.png", number),
        )
        page.themes = [themes[s] for s in theme_slugs]
        index.add_child(instance=page)
        page.tags.add(*tags)
        _publish(page)
    return index


def ensure_standard_pages(home):
    about = ensure_child(
        home,
        StandardPage,
        "over",
        title="Over de Werkplaats",
        show_in_menus=True,
        show_in_footer=True,
        intro=(
            "De Wmo-werkplaats Rotterdam, die in de periode 2012-2016 actief was, maakt een "
            "doorstart onder de naam Werkplaats Sociaal Domein Zuid-Holland Zuid."
        ),
        body=seed_body(
            "doelstelling",
            headings=(
                "Doelstelling",
                "Thema's",
                "Meer informatie",
                "Contact",
                "Vorm, inhoud en relaties",
                "Dossier op Sociale Vraagstukken",
            ),
        ),
    )
    ensure_child(
        about,
        StandardPage,
        "werkgroepen-2016-2017",
        title="Werkgroepen 2016-2017",
        intro=(
            "In de periode november 2016 tot augustus 2017 zijn twee werkgroepen actief geweest: "
            "'doorontwikkeling sociale wijkteams' en 'samenwerking formeel en informeel'."
        ),
        body=seed_body(
            "werkgroepen-2016-2017",
            headings=(
                "Werkgroep 1: Doorontwikkeling sociale wijkteams",
                "Werkgroep 2: Samenwerking formeel en informeel",
            ),
            skip=(
                "Werkgroepen 2016-2017",
                "In de periode november 2016 tot augustus 2017 zijn twee werkgroepen actief "
                "geweest: 'doorontwikkeling sociale wijkteams' en 'samenwerking formeel en "
                "informeel'.",
            ),
        ),
    )
    ensure_child(
        home,
        StandardPage,
        "privacy",
        title="Privacyverklaring",
        show_in_footer=True,
        intro="Hoe de Werkplaats Sociaal Domein Zuid-Holland Zuid omgaat met uw persoonsgegevens.",
        body=[
            {"type": "heading", "value": "Wie zijn wij"},
            *_paragraphs(
                "De Werkplaats Sociaal Domein Zuid-Holland Zuid, Museumpark 40, 3015 CX Rotterdam, "
                f"is verantwoordelijk voor de verwerking van persoonsgegevens op deze website. "
                f'Vragen over privacy stelt u via <a href="mailto:{EMAIL}">{EMAIL}</a>.'
            ),
            {"type": "heading", "value": "Welke gegevens en waarom"},
            *_paragraphs(
                "Contactformulier: uw naam, e-mailadres en bericht, om uw vraag te beantwoorden. "
                "We bewaren het bericht tot uw vraag is afgehandeld en ten hoogste één jaar.",
                "Nieuwsbrief: uw e-mailadres en eventueel uw naam, om u de nieuwsbrief te sturen, "
                "tot u zich afmeldt.",
                "Wij gebruiken geen trackingcookies, geen advertentienetwerken en geen externe "
                "analysediensten. Om misbruik van het contactformulier te voorkomen houden we "
                "kort (ten hoogste één uur) een versleutelde, niet terug te rekenen vorm van uw "
                "IP-adres bij.",
            ),
            {"type": "heading", "value": "Uw rechten"},
            *_paragraphs(
                "U hebt het recht op inzage, correctie en verwijdering van uw gegevens, en op "
                "bezwaar tegen de verwerking. Stuur daarvoor een e-mail naar "
                f'<a href="mailto:{EMAIL}">{EMAIL}</a>. Bent u niet tevreden over hoe wij met uw '
                "gegevens omgaan, dan kunt u een klacht indienen bij de Autoriteit "
                "Persoonsgegevens.",
            ),
        ],
    )
    ensure_child(
        home,
        StandardPage,
        "cookies",
        title="Cookieverklaring",
        show_in_footer=True,
        intro="Deze website gebruikt alleen functionele cookies. Daarom ziet u geen cookiemelding.",
        body=[
            {"type": "heading", "value": "Welke cookies"},
            *_paragraphs(
                "<b>django_language</b> onthoudt de taal die u kiest (Nederlands of Engels), "
                "één jaar.",
                "<b>csrftoken</b> beschermt formulieren, zoals het contactformulier, tegen "
                "misbruik door andere websites, één jaar.",
                "<b>sessionid</b> houdt u ingelogd als u een account hebt en inlogt, tot u "
                "uitlogt of na twee weken.",
                "We plaatsen geen analytische, tracking- of advertentiecookies en laden geen "
                "inhoud van derden die dat wel doet.",
            ),
        ],
    )
    ensure_child(
        home,
        StandardPage,
        "toegankelijkheid",
        title="Toegankelijkheidsverklaring",
        show_in_footer=True,
        intro="We willen dat iedereen deze website kan gebruiken.",
        body=[
            *_paragraphs(
                "Deze website is gebouwd volgens de richtlijnen WCAG 2.1 op niveau AA: met "
                "duidelijke koppen, tekstalternatieven voor beeld, volledige bediening met het "
                "toetsenbord, voldoende kleurcontrast en een opmaak die werkt op telefoons vanaf "
                "360 pixels breed.",
                "Elke paginasoort wordt bij iedere wijziging automatisch getest met axe-core in "
                "een echte browser.",
            ),
            {"type": "heading", "value": "Loopt u ergens tegenaan?"},
            *_paragraphs(
                f'Laat het ons weten via <a href="mailto:{EMAIL}">{EMAIL}</a> of bel 010 794 5676. '
                "We reageren binnen vijf werkdagen."
            ),
        ],
    )


def remove_old_newsletter_page(home):
    """The newsletter is the newsletter app's view at /nieuwsbrief/ now. An older demo made a
    StandardPage there (subscribing by e-mailing us); delete it, or it would hide nothing but
    still be listed in the footer, the sitemap and search. Idempotent."""
    old = home.get_children().filter(slug="nieuwsbrief").type(StandardPage).first()
    if old is not None:
        old.delete()


def ensure_contact(home):
    existing = home.get_children().filter(slug="contact").first()
    if existing:
        return existing.specific
    page = ContactPage(
        slug="contact",
        title="Contact",
        show_in_menus=True,
        show_in_footer=True,
        intro="Vragen over de Werkplaats, de werkteams of een kenniscafé? Neem contact met ons op.",
        body="<p>Interesse in of meer weten over de werkteams? We horen graag van u.</p>",
        route_description=(
            "<p>Het bezoekadres is Museumpark 40, 3015 CX Rotterdam. Plan uw reis met het "
            'openbaar vervoer via <a href="https://9292.nl">9292.nl</a> of met uw eigen '
            "routeplanner. Meld u bij aankomst bij de receptie en vraag naar kamer "
            "MP.L03.105.</p>"
        ),
        thank_you_text=("<p>Dank voor uw bericht. We reageren binnen drie werkdagen.</p>"),
        to_address="",
        from_address="",
        subject="Bericht via het contactformulier",
    )
    home.add_child(instance=page)
    fields = [
        ("Naam", "singleline", True, ""),
        ("E-mailadres", "email", True, "We gebruiken uw e-mailadres alleen om te antwoorden."),
        ("Organisatie", "singleline", False, ""),
        ("Bericht", "multiline", True, ""),
    ]
    for order, (label, field_type, required, help_text) in enumerate(fields):
        ContactFormField.objects.create(
            page=page,
            sort_order=order,
            label=label,
            field_type=field_type,
            required=required,
            help_text=help_text,
        )
    return _publish(page)


@transaction.atomic
def load_site():
    home = ensure_home()
    site = Site.objects.get(is_default_site=True)
    ensure_settings(site)
    news_index = ensure_news_index(home)  # first, so 'Nieuws' leads the menu
    themes = ensure_themes(home)
    ensure_news(news_index, themes)
    ensure_standard_pages(home)
    remove_old_newsletter_page(home)
    ensure_contact(home)
    return home
