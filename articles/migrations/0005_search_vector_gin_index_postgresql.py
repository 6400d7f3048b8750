# The search vector's GIN index and first fill exist only on PostgreSQL: SQLite has
# no tsvector or GIN, and the project must still migrate there (search falls back).

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX_NAME = "article_search_vector_gin"


def create_index_and_fill(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Article = apps.get_model("articles", "Article")
    quote = schema_editor.quote_name
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {quote(INDEX_NAME)} ON {quote(Article._meta.db_table)} "
        f"USING gin ({quote('search_vector')})"
    )
    config = settings.NEWSROOM_SEARCH_CONFIG
    Article.objects.using(schema_editor.connection.alias).update(
        search_vector=SearchVector("title", weight="A", config=config)
        + SearchVector("summary", weight="B", config=config)
        + SearchVector("body", weight="C", config=config)
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(INDEX_NAME)}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_sections_authors_tags_search"),
    ]

    operations = [
        migrations.RunPython(create_index_and_fill, drop_index),
    ]
