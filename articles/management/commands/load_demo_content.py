from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from articles.models import Article

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

BODY = """{lede}

## What happens next

The plans will be discussed at the next public meeting. Residents can:

- read the full proposal at the town hall,
- send comments by email before the deadline,
- attend the meeting in person or watch the stream.

> "We listened to what people told us," a spokesperson said.

Read the [council's announcement](https://example.org/announcements) for details.
"""


class Command(BaseCommand):
    help = "Fill an empty database with demo articles (does nothing if any article exists)."

    def handle(self, *args, **options):
        if Article.objects.exists():
            self.stdout.write("Articles already exist; demo content not loaded.")
            return
        now = timezone.now().replace(second=0, microsecond=0)
        with transaction.atomic():
            for age_in_hours, (title, slug) in enumerate(STORIES, start=1):
                published_at = now - timedelta(hours=age_in_hours * 7)
                Article.objects.create(
                    title=title,
                    slug=slug,
                    summary=f"{title}. Here is what it means for readers across the city.",
                    body=BODY.format(lede=f"**{title}.** The decision was announced this week."),
                    published_at=published_at,
                    # Every third story was updated a few hours after it went out.
                    updated_at=published_at + timedelta(hours=3 if age_in_hours % 3 == 0 else 0),
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
                f"Loaded {len(STORIES) + 2} demo articles (one draft, one scheduled)."
            )
        )
