"""An index of article taggings by tag, for tag pages at any archive size.

A tag page walks the newest public articles and asks, for each, whether it has the tag.
django-taggit's own unique index answers that too, but it is ordered by object id, so at
a million articles each probe lands somewhere else in a big index; this one keeps each
tag's articles together (a few pages, which stay in memory). Partial on the articles'
content type, which also makes it the one PostgreSQL prefers. If content type ids are
ever renumbered, the index is simply no longer used: re-run this migration.
"""

from django.db import migrations

INDEX = "article_taggings_by_tag_idx"


def create_index(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    article_type, _ = ContentType.objects.using(schema_editor.connection.alias).get_or_create(
        app_label="articles", model="article"
    )
    schema_editor.execute(
        f"CREATE INDEX {INDEX} ON taggit_taggeditem (tag_id, object_id) "
        f"WHERE content_type_id = {int(article_type.pk)}"
    )


def drop_index(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_byline_unique_by_author"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
