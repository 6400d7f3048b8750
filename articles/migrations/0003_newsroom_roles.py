from django.contrib.auth.management import create_permissions
from django.db import migrations

from articles.roles import create_roles


def create_newsroom_roles(apps, schema_editor):
    # Permissions are normally created after all migrations ran (post_migrate);
    # the groups need them now, on a fresh database too.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    create_roles(apps)


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
