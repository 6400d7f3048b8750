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
