"""
The newsroom's roles as permission sets. The groups are created by a data
migration (`newsroom_roles`); the admin enforces the permissions on the server, and shows
each user the list below so nobody has to guess what their role allows.
"""

from django.conf import settings
from django.db.models import Q
from django.utils.translation import get_language_info, gettext_lazy

WRITER = "Writer"
EDITOR = "Editor"
ADMINISTRATOR = "Administrator"

_WRITING = (
    "articles.add_article",
    "articles.change_article",
    "articles.view_article",
    "articles.add_correction",
    "articles.view_correction",
    "articles.view_lifecycleevent",
    # Filing: the byline, section and tag pickers need to see what they pick from.
    "articles.view_section",
    "articles.view_author",
    "taggit.view_tag",
    "taggit.add_tag",
    # The photo library: writers upload pictures and set their crops and credits.
    "articles.view_photo",
    "articles.add_photo",
    "articles.change_photo",
    "articles.view_rendition",
    # The site's pages (about, contact): writers may read what they say, editors edit.
    "articles.view_sitepage",
)
_EDITING = (
    *_WRITING,
    "articles.publish_article",
    "articles.redate_article",
    "articles.withdraw_article",
    "articles.change_correction",
    "articles.add_section",
    "articles.change_section",
    "articles.add_author",
    "articles.change_author",
    "articles.add_sitepage",
    "articles.change_sitepage",
    "taggit.change_tag",
    # Archive imports from the admin (desk/import_admin.py).
    "articles.add_importrun",
    "articles.change_importrun",
    "articles.view_importrun",
    # The front page.
    *(
        f"articles.{action}_{model}"
        for model in ("frontplacement", "frontsection", "breakingnews")
        for action in ("add", "change", "delete", "view")
    ),
)
ROLES = {
    WRITER: _WRITING,
    EDITOR: _EDITING,
    ADMINISTRATOR: (
        *_EDITING,
        "articles.delete_article",
        "articles.delete_correction",
        "articles.delete_section",
        "articles.delete_author",
        "articles.delete_sitepage",
        "taggit.delete_tag",
        "articles.delete_photo",
        "auth.add_user",
        "auth.change_user",
        "auth.view_user",
        "auth.view_group",
    ),
}

# What the admin tells each user they may do, in the newsroom's words.
CAPABILITIES = (
    (gettext_lazy("write and edit articles"), "articles.change_article"),
    (gettext_lazy("append corrections and clarifications"), "articles.add_correction"),
    (gettext_lazy("amend a correction (recorded)"), "articles.change_correction"),
    (gettext_lazy("publish and schedule articles"), "articles.publish_article"),
    (gettext_lazy("approve articles and publish writers' changes"), "articles.publish_article"),
    (gettext_lazy("re-date a published article (recorded)"), "articles.redate_article"),
    (gettext_lazy("withdraw and reinstate articles"), "articles.withdraw_article"),
    (gettext_lazy("delete articles"), "articles.delete_article"),
)


def create_roles(apps):
    """Create or update the role groups; works with migration and live app registries.

    Permissions of models that a migration has not created yet are left out; the
    migration that adds those models calls this again (tests check the final groups).
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = Q()
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.filter(wanted))


def create_language_permissions(apps):
    """ "Can work in <language>" for each language in settings.LANGUAGES. No role holds
    them: a user granted none works in every language, and granting some limits a user
    to those (desk/translations.py). Works with migration and live app registries."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="articles", model="article")
    for code, _name in settings.LANGUAGES:
        Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"work_in_{code}",
            defaults={"name": f"Can work in {get_language_info(code)['name']}"},
        )


def capabilities_for(user):
    return [(label, user.has_perm(perm)) for label, perm in CAPABILITIES]
