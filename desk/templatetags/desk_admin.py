from django import template

from articles.models import Article
from articles.roles import capabilities_for

from ..photo_admin import showing_expired_pictures
from ..timestamps import staff_time_element

register = template.Library()


@register.simple_tag
def next_scheduled_articles(limit=5):
    return Article.objects.scheduled().order_by("published_at", "id")[:limit]


@register.simple_tag
def live_articles_showing_expired_pictures():
    return showing_expired_pictures(Article.objects.all()).count()


@register.simple_tag
def user_capabilities(user):
    return capabilities_for(user)


@register.filter
def staff_time(value, style=""):
    """{{ moment|staff_time }}, or {{ moment|staff_time:"time of day" }}."""
    if value is None:
        return ""
    return staff_time_element(value, time_of_day=style == "time of day")
