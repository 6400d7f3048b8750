import markdown
from django.shortcuts import get_object_or_404, render

from .models import Article


def article(request, slug):
    article = get_object_or_404(Article, slug=slug)
    body_html = markdown.markdown(article.body)
    return render(request, "minimal/article.html", {"article": article, "body_html": body_html})
