from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from articles.models import Article, Author, Section, SitePage
from articles.photos.drawings import demo_photo

# (caption, alt text, keywords) of the demo's drawn pictures, in drawing order
# (harbour, skyline, hills, harbour, ...: articles/photos/drawings.py).
DEMO_PICTURES = [
    (
        "Boats in the harbour at first light.",
        "Small boats on blue water by a stone pier",
        "harbour",
    ),
    ("The city centre at dusk.", "Office towers with lit windows against an evening sky", "city"),
    ("The hills above the river valley.", "Green hills under a clear sky", "countryside"),
    ("Ferries waiting out the storm.", "White ferries on choppy water", "harbour, ferries"),
    ("The skyline from the ring road.", "Tall buildings and a low sun", "city, transport"),
    ("Walkers' paths on the ridge.", "Layered green hills at midday", "parks"),
]

STORIES = [
    ("Council approves new cycle lanes for the city centre", "council-cycle-lanes"),
    ("Harbour reopens after three-day storm closure", "harbour-reopens"),
    ("Library extends weekend opening hours", "library-weekend-hours"),
    ("Local bakery wins national bread award", "bakery-bread-award"),
    ("School meals budget rises by 4 per cent", "school-meals-budget"),
    ("Night buses return on two routes", "night-buses-return"),
    ("Museum acquires 19th-century harbour paintings", "museum-harbour-paintings"),
    ("Water bills to fall next spring, regulator says", "water-bills-fall"),
    ("Football club appoints first female chair", "football-club-chair"),
    ("Market square renovation enters final phase", "market-square-renovation"),
    ("Hospital opens new emergency wing", "hospital-emergency-wing"),
    ("Residents vote on park redesign", "park-redesign-vote"),
    ("University research ship returns from Arctic", "research-ship-arctic"),
    ("Rail timetable changes from Monday", "rail-timetable-changes"),
    ("Volunteers plant 5,000 trees along the river", "river-tree-planting"),
    ("City archive puts wartime letters online", "wartime-letters-online"),
    ("Fire service warns of barbecue risk in dry spell", "barbecue-fire-warning"),
    ("Startup hub to open in old post office", "startup-hub-post-office"),
    ("Ferry fares frozen for another year", "ferry-fares-frozen"),
    ("Jazz festival announces line-up", "jazz-festival-line-up"),
    ("Street lights switch to LED across the north district", "led-street-lights"),
    ("Choir celebrates its centenary with free concert", "choir-centenary"),
    ("Cafés asked to cut single-use cups", "cafes-single-use-cups"),
    ("Zürich partner city sends delegation", "zürich-partner-city"),
]

SECTIONS = [
    ("City", "city", "Council, services and the places we share."),
    ("Transport", "transport", "Buses, trains, ferries and the roads between them."),
    ("Culture", "culture", "Music, museums, books and the people behind them."),
    ("Business", "business", "Work, money and the firms that employ the city."),
    ("Sport", "sport", "Clubs, results and the volunteers who keep them going."),
]

AUTHORS = [
    (
        "Amira Haddad",
        "amira-haddad",
        "City hall reporter since 2015. Covers the council and budgets.",
    ),
    ("Tom Becker", "tom-becker", "Transport and environment correspondent."),
    ("Lena Sørensen", "lena-sorensen", "Culture editor; writes about music, museums and books."),
]

# slug -> (section, authors in byline order, tags)
FILING = {
    "council-cycle-lanes": ("city", [0, 1], ["council", "cycling"]),
    "harbour-reopens": ("transport", [1], ["harbour", "weather"]),
    "library-weekend-hours": ("culture", [2], ["libraries"]),
    "bakery-bread-award": ("business", [0], ["food"]),
    "school-meals-budget": ("city", [0], ["council", "schools", "budget"]),
    "night-buses-return": ("transport", [1], ["buses"]),
    "museum-harbour-paintings": ("culture", [2], ["harbour", "museums"]),
    "water-bills-fall": ("business", [0], ["budget"]),
    "football-club-chair": ("sport", [0, 2], ["football"]),
    "market-square-renovation": ("city", [0], ["council"]),
    "hospital-emergency-wing": ("city", [0], ["health"]),
    "park-redesign-vote": ("city", [0, 1], ["council", "parks"]),
    "research-ship-arctic": ("city", [1], ["harbour", "science"]),
    "rail-timetable-changes": ("transport", [1], ["trains"]),
    "river-tree-planting": ("city", [1], ["parks", "environment"]),
    "wartime-letters-online": ("culture", [2], ["history"]),
    "barbecue-fire-warning": ("city", [1], ["weather"]),
    "startup-hub-post-office": ("business", [0], ["jobs"]),
    "ferry-fares-frozen": ("transport", [1], ["harbour", "ferries"]),
    "jazz-festival-line-up": ("culture", [2], ["music", "festivals"]),
    "led-street-lights": ("city", [1], ["environment"]),
    "choir-centenary": ("culture", [2], ["music"]),
    "cafes-single-use-cups": ("business", [1, 0], ["environment", "food"]),
    "zürich-partner-city": ("city", [0], ["council"]),
}

BODY = """{lede}

## What happens next

The plans will be discussed at the next public meeting. Residents can:

- read the full proposal at the town hall,
- send comments by email before the deadline,
- attend the meeting in person or watch the stream.

> "We listened to what people told us," a spokesperson said.

Read the [council's announcement](https://example.org/announcements) for details.
"""


# The French desk's versions of some stories: English slug -> (headline, slug, standfirst,
# lede, translator). Each translates its English version as it reads now.
FRENCH = {
    "council-cycle-lanes": (
        "Le conseil approuve de nouvelles pistes cyclables pour le centre-ville",
        "pistes-cyclables-centre-ville",
        "Des pistes séparées de la circulation sur quatre grands axes : ce qui change pour "
        "les cyclistes, les commerçants et les riverains.",
        "**Le conseil municipal a approuvé mardi soir un réseau de pistes cyclables dans le "
        "centre-ville.** Les travaux commenceront au printemps, après une dernière "
        "consultation des commerçants.",
        "Claire Dubois",
    ),
    "harbour-reopens": (
        "Le port rouvre après trois jours de fermeture pour tempête",
        "le-port-rouvre",
        "Les ferries reprennent leurs rotations ce matin ; les quais endommagés restent "
        "fermés au public.",
        "**Le port a rouvert ce matin, après trois jours de fermeture dus à la tempête.** "
        "Les premiers ferries sont partis à l'heure, et la capitainerie prévoit un trafic "
        "normal d'ici la fin de la semaine.",
        "Julien Moreau",
    ),
    "library-weekend-hours": (
        "La bibliothèque prolonge ses horaires du week-end",
        "bibliotheque-horaires-week-end",
        "Ouverte jusqu'à 20 heures le samedi et l'après-midi du dimanche, dès le mois prochain.",
        "**La bibliothèque municipale ouvrira plus longtemps le week-end à partir du mois "
        "prochain.** La mesure répond à une pétition signée par plus de deux mille lecteurs.",
        "Claire Dubois",
    ),
    "night-buses-return": (
        "Les bus de nuit reviennent sur deux lignes",
        "retour-des-bus-de-nuit",
        "Un départ toutes les demi-heures entre minuit et cinq heures, du vendredi au dimanche.",
        "**Les bus de nuit circulent de nouveau sur deux lignes depuis vendredi.** Leur "
        "retour était réclamé par les salariés de l'hôpital et des restaurants du centre.",
        "Julien Moreau",
    ),
    "zürich-partner-city": (
        "Zurich, ville jumelle, envoie une délégation",
        "délégation-de-zurich",
        "Élus et chefs d'entreprise suisses visitent le port et l'université cette semaine.",
        "**Une délégation de Zurich, ville jumelle depuis 1962, est arrivée lundi.** Au "
        "programme : le port, l'université et une rencontre avec le conseil municipal.",
        "Claire Dubois",
    ),
}

BODY_FR = """{lede}

## Et maintenant

Le projet sera débattu lors de la prochaine réunion publique. Les habitants peuvent :

- consulter la proposition complète à l'hôtel de ville,
- envoyer leurs remarques par courriel avant la date limite,
- assister à la réunion sur place ou la suivre en direct.

> « Nous avons écouté ce que les gens nous ont dit », a déclaré un porte-parole.

Lisez l'[annonce du conseil](https://example.org/announcements) pour le détail.
"""

# An archive story in both languages, with the publisher's own dates: published on
# 09 Jul. 2012, last updated at 08:52 (in the newsroom's zone), in English and in French.
ARCHIVE_ENGLISH = {
    "title": "Harbour pilots and port authority reach agreement after two weeks of talks",
    "slug": "harbour-pilots-agreement",
    "summary": "Ships will be guided in at night again from Tuesday; the deal runs for "
    "three years.",
    "body": "**Harbour pilots and the port authority signed an agreement on Monday night "
    "after two weeks of negotiations.** Night-time pilotage, suspended since the end of "
    "June, resumes on Tuesday.\n\nThe deal raises the number of pilots on call at night "
    "from two to three and runs for three years. Shipping lines had warned that cargo "
    "would be diverted to other ports if the dispute went on.\n\n*Updated at 08:52 with "
    "the date night pilotage resumes.*",
}
ARCHIVE_FRENCH = {
    "title": "Pilotes et autorité portuaire concluent un accord après deux semaines de discussions",
    "slug": "accord-des-pilotes-du-port",
    "summary": "Les navires seront de nouveau guidés la nuit dès mardi ; l'accord court sur "
    "trois ans.",
    "body": "**Les pilotes du port et l'autorité portuaire ont signé lundi soir un accord, "
    "au terme d'une longue négociation.** Le pilotage de nuit, suspendu depuis la fin "
    "juin, reprend mardi.\n\nL'accord porte de deux à trois le nombre de pilotes "
    "d'astreinte la nuit et court sur trois ans. Les armateurs avaient prévenu que les "
    "marchandises seraient détournées vers d'autres ports si le conflit se prolongeait."
    "\n\n*Mis à jour à 8 h 52 avec la date de reprise du pilotage de nuit.*",
    "translator": "Julien Moreau",
}

# The site's own pages, linked from the footer: (language, slug, title, body).
SITE_PAGES = [
    (
        "en",
        "about",
        "About us",
        "Newsroom is an independent local newsroom covering the city, its transport, culture, "
        "business and sport.\n\n"
        "Our reporters and editors work from the old harbour office. We are funded by our "
        "readers and by advertising that never decides what we cover.",
    ),
    (
        "en",
        "contact",
        "Contact",
        "## News tips\n\nWrite to [tips@example.org](mailto:tips@example.org). "
        "We read every message and protect our sources.\n\n"
        "## The newsroom\n\nNewsroom, 1 Harbour Street. The desk is staffed every day "
        "from 07:00 to 23:00.",
    ),
    (
        "en",
        "corrections-policy",
        "Corrections policy",
        "We correct errors of fact promptly and openly.\n\n"
        "## Reporting an error\n\nWrite to "
        "[corrections@example.org](mailto:corrections@example.org) with the article's "
        "address and what you believe is wrong. An editor answers within two working days.\n\n"
        "## How corrections are shown\n\nA corrected article says so at its foot, with the "
        'date and what was changed; its "Last updated" time moves. We do not quietly '
        "rewrite published facts. An article that cannot stand is withdrawn, and its address "
        "explains why.",
    ),
    (
        "fr",
        "a-propos",
        "Qui sommes-nous",
        "Newsroom est une rédaction locale indépendante qui couvre la ville, ses transports, "
        "sa culture, son économie et son sport.\n\n"
        "Nos journalistes travaillent depuis l'ancienne capitainerie du port. Nous sommes "
        "financés par nos lecteurs et par une publicité qui ne décide jamais de nos sujets.",
    ),
    (
        "fr",
        "contact",
        "Nous contacter",
        "## Informations\n\nÉcrivez à [tips@example.org](mailto:tips@example.org). "
        "Nous lisons chaque message et protégeons nos sources.\n\n"
        "## La rédaction\n\nNewsroom, 1 rue du Port. Le desk est ouvert tous les jours "
        "de 7 h à 23 h.",
    ),
    (
        "fr",
        "politique-de-correction",
        "Politique de correction",
        "Nous corrigeons les erreurs factuelles rapidement et ouvertement.\n\n"
        "## Signaler une erreur\n\nÉcrivez à "
        "[corrections@example.org](mailto:corrections@example.org) en indiquant l'adresse "
        "de l'article et ce qui vous semble faux. Un éditeur vous répond sous deux jours "
        "ouvrés.\n\n"
        "## Comment les corrections apparaissent\n\nUn article corrigé le signale en bas "
        "de page, avec la date et ce qui a changé ; sa date de « Dernière mise à jour » "
        "avance. Nous ne réécrivons jamais discrètement un fait publié. Un article qui ne "
        "tient plus est retiré, et son adresse explique pourquoi.",
    ),
]


class Command(BaseCommand):
    help = "Fill an empty database with demo articles (does nothing if any article exists)."

    def handle(self, *args, **options):
        if Article.objects.exists():
            self.stdout.write("Articles already exist; demo content not loaded.")
            return
        now = timezone.now().replace(second=0, microsecond=0)
        with transaction.atomic():
            sections = {
                slug: Section.objects.get_or_create(
                    slug=slug, defaults={"name": name, "description": text, "order": order}
                )[0]
                for order, (name, slug, text) in enumerate(SECTIONS)
            }
            authors = [
                Author.objects.get_or_create(slug=slug, defaults={"name": name, "bio": bio})[0]
                for name, slug, bio in AUTHORS
            ]
            # Drawn here (articles/photos/drawings.py); their renditions are made when
            # this transaction commits.
            photos = [
                demo_photo(
                    number,
                    size=(1600, 1200),
                    caption=caption,
                    alt_text=alt,
                    credit_line="Newsroom demo pictures",
                    creator="A drawing program",
                    copyright_notice="Demo content, free to use",
                    licence="CC0 1.0",
                    licence_url="https://creativecommons.org/publicdomain/zero/1.0/",
                    keywords=keywords,
                )
                for number, (caption, alt, keywords) in enumerate(DEMO_PICTURES)
            ]
            english = {}
            for age_in_hours, (title, slug) in enumerate(STORIES, start=1):
                published_at = now - timedelta(hours=age_in_hours * 7)
                section, byline, tags = FILING[slug]
                body = BODY.format(lede=f"**{title}.** The decision was announced this week.")
                if age_in_hours == 2:  # one story shows a second picture in its body
                    inline = photos[(age_in_hours + 2) % len(photos)]
                    body += f'\n\n![](photo:{inline.pk} "The view from the other side.")\n'
                article = Article.objects.create(
                    title=title,
                    slug=slug,
                    summary=f"{title}. Here is what it means for readers across the city.",
                    body=body,
                    lead_photo=photos[age_in_hours % len(photos)],
                    published_at=published_at,
                    # Every third story was updated a few hours after it went out.
                    updated_at=published_at + timedelta(hours=3 if age_in_hours % 3 == 0 else 0),
                    section=sections[section],
                )
                article.set_byline([authors[index] for index in byline])
                article.tags.set(tags)
                english[slug] = article
            translations = [
                self._translate(
                    english[slug],
                    title=title,
                    slug=french_slug,
                    summary=summary,
                    body=BODY_FR.format(lede=lede),
                    translator=translator,
                    # Published an hour after the English version's last update.
                    published_at=english[slug].updated_at + timedelta(hours=1),
                )
                for slug, (title, french_slug, summary, lede, translator) in FRENCH.items()
            ]
            translations.append(self._archive_story(sections, authors, photos))
            for order, (language, slug, title, body) in enumerate(SITE_PAGES):
                SitePage.objects.get_or_create(
                    language=language,
                    slug=slug,
                    defaults={"title": title, "body": body, "footer_order": order},
                )
            Article.objects.create(
                title="Draft: budget analysis (not yet published)",
                slug="draft-budget-analysis",
                summary="A draft only staff can preview.",
                body="Work in progress.",
            )
            Article.objects.create(
                title="Scheduled: election night live coverage",
                slug="election-night-coverage",
                summary="Goes live tomorrow; until then only staff can preview it.",
                body="Coverage starts at 20:00.",
                published_at=now + timedelta(days=1),
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {len(STORIES) + 3} demo articles (one draft, one scheduled) and "
                f"{len(translations)} French versions of them in {len(SECTIONS)} sections by "
                f"{len(AUTHORS)} authors, with {len(SITE_PAGES)} site pages."
            )
        )

    def _translate(self, source, **fields):
        """A published French version of `source`, up to date with it, filed as it is
        (the story's section, lead picture, byline and tags are shared)."""
        version = Article.objects.create(
            story=source.story,
            language="fr",
            translation_of=source,
            translated_from_updated_at=source.updated_at,
            section=source.section,
            lead_photo=source.lead_photo,
            **{"updated_at": fields["published_at"], **fields},
        )
        version.set_byline(source.byline_authors)
        version.tags.set(list(source.tags.all()))
        return version

    def _archive_story(self, sections, authors, photos):
        zone = ZoneInfo(settings.TIME_ZONE)
        published_at = datetime(2012, 7, 9, 7, 5, tzinfo=zone)
        updated_at = datetime(2012, 7, 9, 8, 52, tzinfo=zone)
        article = Article.objects.create(
            **ARCHIVE_ENGLISH,
            published_at=published_at,
            updated_at=updated_at,
            section=sections["transport"],
            lead_photo=photos[0],
        )
        article.set_byline([authors[1]])
        article.tags.set(["harbour"])
        return self._translate(
            article, **ARCHIVE_FRENCH, published_at=published_at, updated_at=updated_at
        )
