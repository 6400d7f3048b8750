from django.apps import AppConfig


class DeskConfig(AppConfig):
    """What editors use: the article admin, its pages and endpoints. Model-free: the
    content it edits is the articles app's."""

    name = "desk"
    verbose_name = "Desk"
