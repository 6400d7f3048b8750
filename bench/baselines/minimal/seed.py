"""Create the minimal baseline's tables and articles: `python -m bench.baselines.minimal.seed N`
(MINIMAL_DATABASE_URL, DJANGO_SECRET_KEY set). Prints one slug from the middle."""

import os
import sys
from datetime import UTC, datetime, timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.baselines.minimal.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from bench.baselines import text  # noqa: E402
from bench.baselines.minimal.models import Article  # noqa: E402


def main(count):
    call_command("migrate", verbosity=0)
    if Article.objects.count() != count:
        Article.objects.all().delete()
        start = datetime(2020, 1, 1, tzinfo=UTC)
        Article.objects.bulk_create(
            (
                Article(
                    title=title, slug=slug, standfirst=standfirst, body=body,
                    published_at=start + timedelta(hours=number),
                )
                for number, (title, slug, standfirst, body) in enumerate(text.articles(count))
            ),
            batch_size=1000,
        )  # fmt: skip
    print(f"story-{count // 2}")


if __name__ == "__main__":
    main(int(sys.argv[1]))
