"""
`manage.py render_bodies`: render every stored body again with today's renderer.

body_html is rendered once, on save (articles/markdown.py). When the renderer changes (the
sanitiser's allow-list, how body headings sit under the headline), articles saved before
keep the old HTML until they are saved again; this brings them all up to date. Run it
after an upgrade that says so. Rows whose HTML is already current are not written.
"""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from articles.markdown import render_markdown
from articles.models import Article
from pagecache.generation import invalidate_all_pages


class Command(BaseCommand):
    help = "Render every article's body again with the current Markdown renderer."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, batch_size, quiet, **options):
        articles = Article._base_manager.order_by("pk")
        changed = 0
        with tqdm(total=articles.count(), unit="article", disable=quiet) as progress:
            last_pk = 0
            # Batches by id: memory stays bounded at any archive size.
            while batch := list(
                articles.filter(pk__gt=last_pk).only("pk", "body", "body_html")[:batch_size]
            ):
                last_pk = batch[-1].pk
                stale = []
                for article in batch:
                    html = render_markdown(article.body)
                    if html != article.body_html:
                        article.body_html = html
                        stale.append(article)
                # Only the HTML: "Last updated" and the modified stamp stay as they are.
                Article._base_manager.bulk_update(stale, ["body_html"])
                changed += len(stale)
                progress.update(len(batch))
        if changed:
            invalidate_all_pages()  # bulk_update sends no signals
        self.stdout.write(self.style.SUCCESS(f"Rendered {changed} article bodies again."))
