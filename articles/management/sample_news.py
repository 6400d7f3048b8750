"""The sample newsroom seed_articles writes: headlines, standfirsts and body blocks."""

SUBJECTS = [
    "Council", "Harbour authority", "University", "Hospital trust", "Rail operator",
    "City library", "Football club", "Water company", "Police", "Fire service",
    "School board", "Museum", "Port", "Airport", "Chamber of commerce", "Orchestra",
]  # fmt: skip
VERBS = [
    "approves", "delays", "rejects", "announces", "reviews", "expands", "cuts",
    "celebrates", "opens", "closes", "funds", "questions", "defends", "plans",
]  # fmt: skip
OBJECTS = [
    "new cycle lanes", "budget for next year", "night bus routes", "river clean-up",
    "housing plan", "weekend opening hours", "ticket prices", "green energy scheme",
    "school meals contract", "market square redesign", "summer festival", "flood defences",
    "parking charges", "tree planting programme", "recycling targets", "youth centre",
]  # fmt: skip
PARAGRAPHS = [
    "The decision followed a long debate in which {subject} members weighed the cost "
    "against the benefits for residents across the city.",
    "Officials said the first changes would be visible within weeks, with the full "
    "programme completed by the end of the year.",
    "## What residents said\n\nMany welcomed the move, while some asked for more detail "
    "about how the plans would affect **local businesses** and daily journeys.",
    '> "We listened to what people told us," a spokesperson said. "This is the start, '
    'not the end, of the conversation."',
    "Key points:\n\n- the plan is funded for three years\n- a review follows after twelve "
    "months\n- residents can comment until the end of next month",
    "Opposition members critics argued that the timetable was too ambitious and that "
    "the money could be spent *elsewhere*.",
    "Figures published alongside the announcement show demand rising steadily over the "
    "past five years, with the sharpest increase last winter.",
    "Read the [full report](https://example.org/reports) for the detailed figures and "
    "the consultation responses.",
    "### Background\n\nSimilar schemes in neighbouring towns have had mixed results; "
    "supporters point to falling costs, critics to slower progress than promised.",
    "The next public meeting is scheduled for the first Tuesday of the month at the town "
    "hall, and will also be streamed online.",
]

# Plain reporting, most of a news story: with 8-12 of these and 2-4 blocks above, a body
# runs to about 400-800 words, the length of a typical news article.
PROSE = [
    "The {subject} confirmed the details at a briefing on Monday morning, after weeks of "
    "speculation about the timing. A statement released shortly afterwards said the "
    "proposal had been discussed with community groups, local businesses and neighbouring "
    "authorities, and that their comments had shaped the final version. Officials declined "
    "to say how many responses had been received.",
    "Under the plan, the first phase will begin in the spring and run for around eighteen "
    "months. A second phase depends on the outcome of a review, which is expected to report "
    "before the end of next year. The {subject} said it would publish progress figures "
    "every quarter so that residents could judge the results for themselves.",
    "Not everyone is convinced. Several residents who attended last week's public meeting "
    "said they had only learned about the proposal from neighbours, and asked why the "
    "consultation had not been advertised more widely. One described the process as rushed; "
    "another said the changes were overdue and should have come years ago.",
    "The cost has been put at several million over three years, to be met partly from "
    "existing budgets and partly from a national grant that the {subject} applied for last "
    "autumn. If the grant is not renewed, officials said, the later stages would be scaled "
    "back rather than cancelled, and existing services would not be affected.",
    "Local traders have mixed feelings. The owner of a bakery on the high street said "
    "footfall had fallen since the roadworks began and worried that further disruption "
    "would keep customers away. A neighbouring café owner took the opposite view, arguing "
    "that a quieter, greener street would bring more visitors in the long run.",
    "Experts say the picture is more complicated than either side suggests. A researcher "
    "who has studied similar schemes said the benefits usually take two to three years to "
    "appear, and that early complaints tend to fade once people adjust their routines. "
    "Careful monitoring in the first year, she added, matters more than the plan itself.",
    "The {subject} has faced criticism in the past for announcing projects without a clear "
    "timetable. This time, a spokesperson said, every milestone would be published in "
    "advance, along with the name of the official responsible for delivering it, and any "
    "delay would be explained publicly rather than discovered by residents.",
    "Opposition councillors said they would support the principle but wanted stronger "
    "guarantees on cost. They have tabled an amendment that would require a full report to "
    "be brought back to the council if spending rises by more than ten per cent, and a "
    "vote on that amendment is expected at the next full meeting.",
    "For families living nearby, the practical questions are more immediate: how long the "
    "work will last, whether access to homes will be maintained, and what happens to "
    "parking while it is under way. The {subject} said a dedicated helpline would open "
    "before work starts and that letters would go to every affected household.",
    "Campaigners who have pushed for the change for almost a decade welcomed the "
    "announcement but said they would be watching closely. Their spokesperson said the "
    "group had seen promising plans quietly shelved before, and that it would hold "
    "officials to the dates they had published, starting with the first phase in spring.",
    "Figures obtained by this newspaper show that complaints about the current arrangements "
    "have roughly doubled over the past five years. Most concern delays and a lack of "
    "information, rather than the service itself, which suggests that clearer "
    "communication could make as much difference as the new investment.",
    "Asked whether the timetable was realistic, a senior official at the {subject} "
    "acknowledged that similar projects elsewhere had overrun, but said lessons had been "
    "learned. Contractors would be paid in stages, she said, and only when each stage had "
    "been inspected and signed off by an independent engineer.",
]
PROSE_SUBJECTS = ["council", "city", "authority", "trust"]


SECTION_NAMES = [
    "City", "Politics", "Business", "Transport", "Culture", "Sport", "Science", "Opinion",
]  # fmt: skip
AUTHOR_COUNT = 120
TAG_COUNT = 300


def summary(title):
    return f"{title}: what changes, who is affected and what happens next."


def paragraph_pool():
    """The blocks bodies are made of: first the Markdown features, then plain prose.

    Each feature block is used at most once per body: two blockquotes (or lists) in a row
    would merge into one.
    """
    features = [
        text.format(subject=subject) for text, subject in zip(PARAGRAPHS, SUBJECTS, strict=False)
    ]
    prose = [text.format(subject=subject) for text in PROSE for subject in PROSE_SUBJECTS]
    return features + prose


# The French desk's versions of the same stories: each list translates the English one
# above item by item, so that a story's French version is a translation of its English one
# (same blocks, in the same order, with the same Markdown).
SUBJECTS_FR = [
    "Le conseil municipal", "L'autorité portuaire", "L'université", "L'hôpital",
    "L'opérateur ferroviaire", "La bibliothèque municipale", "Le club de football",
    "La compagnie des eaux", "La police", "Le service d'incendie", "Le conseil scolaire",
    "Le musée", "Le port", "L'aéroport", "La chambre de commerce", "L'orchestre",
]  # fmt: skip
# "The decision followed a debate in which {subject} members…": "les membres du conseil".
SUBJECTS_OF_FR = [
    "du conseil municipal", "de l'autorité portuaire", "de l'université", "de l'hôpital",
    "de l'opérateur ferroviaire", "de la bibliothèque municipale", "du club de football",
    "de la compagnie des eaux", "de la police", "du service d'incendie",
    "du conseil scolaire", "du musée", "du port", "de l'aéroport", "de la chambre de commerce",
    "de l'orchestre",
]  # fmt: skip
VERBS_FR = [
    "approuve", "reporte", "rejette", "annonce", "réexamine", "étend", "réduit",
    "célèbre", "ouvre", "ferme", "finance", "remet en question", "défend", "prépare",
]  # fmt: skip
OBJECTS_FR = [
    "de nouvelles pistes cyclables", "le budget de l'an prochain", "les lignes de bus de nuit",
    "le nettoyage de la rivière", "le plan logement", "les horaires du week-end",
    "le prix des billets", "le programme d'énergie verte", "le contrat des cantines scolaires",
    "le réaménagement de la place du marché", "le festival d'été", "les digues anti-crue",
    "les tarifs de stationnement", "le programme de plantation d'arbres",
    "les objectifs de recyclage", "la maison des jeunes",
]  # fmt: skip
PARAGRAPHS_FR = [
    "La décision a suivi un long débat au cours duquel les membres {subject} ont pesé le "
    "coût et les avantages pour les habitants de toute la ville.",
    "Les responsables ont indiqué que les premiers changements seraient visibles d'ici "
    "quelques semaines, et le programme complet achevé d'ici la fin de l'année.",
    "## Ce qu'en disent les habitants\n\nBeaucoup ont salué la décision, tandis que "
    "d'autres ont demandé plus de précisions sur ses effets pour les **commerces de "
    "proximité** et les trajets quotidiens.",
    "> «\u00a0Nous avons écouté ce que les gens nous ont dit\u00a0», a déclaré un "
    "porte-parole. «\u00a0C'est le début de la conversation, pas sa fin.\u00a0»",
    "Points clés\u00a0:\n\n- le projet est financé pour trois ans\n- un bilan suivra au bout "
    "de douze mois\n- les habitants peuvent donner leur avis jusqu'à la fin du mois prochain",
    "Des élus de l'opposition ont estimé que le calendrier était trop ambitieux et que "
    "l'argent pourrait être dépensé *ailleurs*.",
    "Les chiffres publiés avec l'annonce montrent une demande en hausse régulière depuis "
    "cinq ans, avec la plus forte progression l'hiver dernier.",
    "Consultez le [rapport complet](https://example.org/reports) pour le détail des "
    "chiffres et les réponses à la consultation.",
    "### Contexte\n\nDes projets similaires dans des villes voisines ont donné des résultats "
    "mitigés\u00a0; leurs partisans soulignent la baisse des coûts, leurs détracteurs des "
    "progrès plus lents que promis.",
    "La prochaine réunion publique est prévue le premier mardi du mois à l'hôtel de ville, "
    "et sera également retransmise en ligne.",
]
# {Subject} opens a sentence; {subject} never follows "de" or "à" (no "de le conseil").
PROSE_FR = [
    "{Subject} a confirmé les détails lors d'un point presse lundi matin, après des "
    "semaines de spéculations sur le calendrier. Un communiqué publié peu après indique que "
    "le projet a été discuté avec les associations de quartier, les commerces locaux et les "
    "collectivités voisines, et que leurs remarques ont façonné la version finale. Les "
    "responsables n'ont pas voulu dire combien de contributions avaient été reçues.",
    "Selon le projet, la première phase commencera au printemps et durera environ "
    "dix-huit mois. Une deuxième phase dépendra des conclusions d'un bilan attendu avant la "
    "fin de l'année prochaine. {Subject} a promis de publier des chiffres d'avancement "
    "chaque trimestre, afin que les habitants puissent juger eux-mêmes des résultats.",
    "Tout le monde n'est pas convaincu. Plusieurs habitants présents à la réunion publique "
    "de la semaine dernière disent n'avoir appris l'existence du projet que par leurs "
    "voisins, et demandent pourquoi la consultation n'a pas été mieux annoncée. L'un décrit "
    "une procédure précipitée\u00a0; un autre estime que ces changements auraient dû arriver "
    "depuis des années.",
    "Le coût est estimé à plusieurs millions sur trois ans, financés en partie par les "
    "budgets existants et en partie par une subvention nationale que {subject} a demandée "
    "l'automne dernier. Si la subvention n'est pas renouvelée, précisent les responsables, "
    "les étapes suivantes seront réduites plutôt qu'annulées, et les services existants ne "
    "seront pas touchés.",
    "Les commerçants sont partagés. La propriétaire d'une boulangerie de la grand-rue "
    "affirme que la fréquentation a baissé depuis le début des travaux et craint que de "
    "nouvelles perturbations n'éloignent les clients. Le patron d'un café voisin est d'un "
    "avis contraire\u00a0: une rue plus calme et plus verte attirera selon lui davantage de "
    "visiteurs à long terme.",
    "Les spécialistes jugent la situation plus complexe que ne le disent les deux camps. "
    "Une chercheuse qui a étudié des projets similaires explique que les bénéfices mettent "
    "généralement deux à trois ans à apparaître, et que les premières plaintes s'estompent "
    "une fois que chacun a adapté ses habitudes. Un suivi attentif la première année, "
    "ajoute-t-elle, compte davantage que le projet lui-même.",
    "Ce n'est pas la première fois que {subject} annonce des projets sans calendrier "
    "précis, ce qui lui a valu des critiques par le passé. Cette fois, selon un "
    "porte-parole, chaque étape sera publiée à l'avance, avec le nom du responsable chargé "
    "de la mener à bien, et tout retard sera expliqué publiquement plutôt que découvert par "
    "les habitants.",
    "Après de longues négociations, les élus de l'opposition se disent favorables au "
    "principe mais réclament des garanties plus solides sur les coûts. Ils ont déposé un "
    "amendement qui imposerait un rapport complet devant le conseil si les dépenses "
    "augmentent de plus de dix pour cent\u00a0; il sera mis aux voix lors de la prochaine "
    "séance plénière.",
    "Pour les familles qui vivent à proximité, les questions pratiques sont plus "
    "immédiates\u00a0: combien de temps dureront les travaux, l'accès aux logements sera-t-il "
    "maintenu, et qu'adviendra-t-il du stationnement pendant le chantier\u00a0? {Subject} a "
    "annoncé qu'une ligne téléphonique dédiée ouvrirait avant le début des travaux et qu'un "
    "courrier serait envoyé à chaque foyer concerné.",
    "Les militants qui réclament ce changement depuis près de dix ans ont salué l'annonce, "
    "tout en promettant de rester vigilants. Leur porte-parole rappelle que le groupe a déjà "
    "vu des projets prometteurs discrètement abandonnés, et qu'il tiendra les responsables "
    "aux dates publiées, à commencer par la première phase au printemps.",
    "Selon des chiffres obtenus par notre journal, les plaintes concernant l'organisation "
    "actuelle ont presque doublé en cinq ans. La plupart portent sur les retards et le "
    "manque d'information plutôt que sur le service lui-même, ce qui laisse penser qu'une "
    "meilleure communication pourrait compter autant que les nouveaux investissements.",
    "Interrogée sur le réalisme du calendrier, une haute responsable travaillant pour "
    "{subject} reconnaît que des projets similaires ont pris du retard ailleurs, mais assure "
    "que les leçons ont été tirées. Les entreprises seront payées par étapes, précise-t-elle, "
    "et seulement après qu'un ingénieur indépendant aura inspecté et validé chacune d'elles.",
]
PROSE_SUBJECTS_FR = ["le conseil", "la ville", "l'autorité", "la fondation"]
# Who translated the seeded French versions (shown with the byline).
TRANSLATORS_FR = ["Claire Dubois", "Julien Moreau", "Sophie Lefèvre", "Karim Benali"]

FRENCH_TITLE_WORDS = {
    **dict(zip(SUBJECTS, SUBJECTS_FR, strict=True)),
    **dict(zip(VERBS, VERBS_FR, strict=True)),
    **dict(zip(OBJECTS, OBJECTS_FR, strict=True)),
}


def french_title(subject, verb, object_):
    """The French headline of the English "{subject} {verb} {object}"."""
    return " ".join(FRENCH_TITLE_WORDS[word] for word in (subject, verb, object_))


def summary_fr(title):
    # French puts a no-break space before a colon.
    return f"{title}\u00a0: ce qui change, qui est concerné et la suite."


def paragraph_pool_fr():
    """paragraph_pool() in French: block n translates block n."""
    features = [
        text.format(subject=subject)
        for text, subject in zip(PARAGRAPHS_FR, SUBJECTS_OF_FR, strict=False)
    ]
    prose = [
        text.format(subject=subject, Subject=subject[0].upper() + subject[1:])
        for text in PROSE_FR
        for subject in PROSE_SUBJECTS_FR
    ]
    return features + prose
