from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """Full URL (scheme and host of this request) for a path from reverse()/get_absolute_url()."""
    return context["request"].build_absolute_uri(path)
