from django.shortcuts import get_object_or_404, render
from django.urls import path

from articles.markdown import render_markdown
from articles.models import Article, ReaderFiling
from newsroom.urls import urlpatterns as newsroom_urlpatterns


def naive_article(request, slug):
    """The baseline: a plain Django view rendering Markdown on every request (with its
    byline and tags loaded in a fixed number of queries, as any decent view would)."""
    article = get_object_or_404(Article.objects.published().with_bylines(), slug=slug)
    article.body_html = render_markdown(article.body)
    filing = ReaderFiling(article.section, article.byline_authors, article.tag_list, [], [])
    return render(request, "articles/article_detail.html", {"article": article, "filing": filing})


urlpatterns = [
    path("bench/naive/<str:slug>/", naive_article),
    *newsroom_urlpatterns,
]
