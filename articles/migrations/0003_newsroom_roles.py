from django.db import migrations

from articles.migrations._roles import create_newsroom_roles


def remove_newsroom_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["Writer", "Editor", "Administrator"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_lifecycle"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_newsroom_roles, remove_newsroom_roles),
    ]
