from django import template

from articles.models import Article
from articles.roles import capabilities_for

register = template.Library()


@register.simple_tag
def next_scheduled_articles(limit=5):
    return Article.objects.scheduled().order_by("published_at", "id")[:limit]


@register.simple_tag
def user_capabilities(user):
    return capabilities_for(user)
