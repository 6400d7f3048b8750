"""An expand step, as a rolling deploy's first half would ship it (README, "Run on several
machines"): a new nullable column, which the code already running neither reads nor
writes (its INSERTs and SELECTs name their columns), and an index built without locking
writers out (CREATE INDEX CONCURRENTLY, so outside a transaction). The contract step, a
later release, would drop what the old code still used. Only the drills apply it."""

from django.db import migrations


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("articles", "0020_merge_front_page")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE articles_article ADD COLUMN drill_note text NULL",
            "ALTER TABLE articles_article DROP COLUMN drill_note",
        ),
        migrations.RunSQL(
            "CREATE INDEX CONCURRENTLY articles_article_drill_note "
            "ON articles_article (drill_note)",
            "DROP INDEX CONCURRENTLY articles_article_drill_note",
        ),
    ]
