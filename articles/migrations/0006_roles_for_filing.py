from django.db import migrations

from articles.migrations import _roles


class Migration(migrations.Migration):
    # Sections, authors and tags arrived after the roles: give the roles their permissions.

    dependencies = [
        ("articles", "0005_search_vector_gin_index_postgresql"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunPython(_roles.create_newsroom_roles, migrations.RunPython.noop),
    ]
