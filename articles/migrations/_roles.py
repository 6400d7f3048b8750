"""Shared by the migrations that (re)build the newsroom's role groups."""

from django.contrib.auth.management import create_permissions

from articles.roles import create_roles


def create_newsroom_roles(apps, schema_editor):
    # Permissions are normally created after all migrations ran (post_migrate);
    # the groups need them now, on a fresh database too.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    create_roles(apps)
