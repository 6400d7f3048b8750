"""Create the Wagtail baseline's tables and pages (as children of the default home page):
`python -m bench.baselines.wagtailsite.seed N` in .venv/wagtail. Prints one page's path."""

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.baselines.wagtailsite.settings")

import django  # noqa: E402

django.setup()

import markdown  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Page, Site  # noqa: E402

from bench.baselines import text  # noqa: E402
from bench.baselines.wagtailsite.models import StoryPage  # noqa: E402


def main(count):
    call_command("migrate", verbosity=0)
    home = Site.objects.get(is_default_site=True).root_page
    existing = StoryPage.objects.count()
    if existing < count:
        now = timezone.now()
        for number, (title, slug, standfirst, body) in enumerate(text.articles(count), 1):
            if number <= existing:
                continue
            # Rich text is stored as HTML, as Wagtail's editor saves it.
            home.add_child(
                instance=StoryPage(
                    title=title, slug=slug, standfirst=standfirst,
                    body=markdown.markdown(body), first_published_at=now, live=True,
                )
            )  # fmt: skip
            home = Page.objects.get(pk=home.pk)  # treebeard: the parent's counts moved
    print(f"/story-{count // 2}/")


if __name__ == "__main__":
    main(int(sys.argv[1]))
