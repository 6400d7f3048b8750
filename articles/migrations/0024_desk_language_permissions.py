"""One permission per shipped language, "Can work in <language>" (desk/translations.py).

A data migration rather than Meta.permissions built from settings.LANGUAGES: the model's
state stays the same whatever languages a site ships, so makemigrations never asks for a
migration when LANGUAGES changes; articles/receivers.py adds the permission of a language
added later after each migrate.
"""

from django.db import migrations

from articles.roles import create_language_permissions


def add_language_permissions(apps, schema_editor):
    create_language_permissions(apps)


def remove_language_permissions(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="articles", codename__startswith="work_in_"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0023_stories_and_languages"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(add_language_permissions, remove_language_permissions),
    ]
