from django import template
from django.conf import settings

from articles.models import Revision
from articles.models.story import staff_language_name
from articles.roles import capabilities_for

from .. import dashboard, translations, workflow
from ..timestamps import staff_time_element

register = template.Library()


@register.simple_tag
def needs_attention(user):
    return dashboard.needs_attention(user)


@register.filter
def workflow_status(article):
    # Articles of the "pending changes" panel carry what makes their changes pending.
    pending = getattr(article, "latest_kind", None) == Revision.Kind.DRAFT or getattr(
        article, "waiting", False
    )
    return workflow.status_of(article, pending_changes=pending)


@register.simple_tag
def trash_days():
    return settings.NEWSROOM_TRASH_DAYS


@register.simple_tag
def interface_languages():
    return settings.NEWSROOM_INTERFACE_LANGUAGES


@register.simple_tag
def user_capabilities(user):
    return capabilities_for(user)


@register.simple_tag
def user_languages(user):
    """The names of the languages this user may work in (desk/translations.py)."""
    return [staff_language_name(code) for code in translations.working_languages(user)]


@register.filter
def staff_time(value, style=""):
    """{{ moment|staff_time }}, or {{ moment|staff_time:"time of day" }}."""
    if value is None:
        return ""
    return staff_time_element(value, time_of_day=style == "time of day")
