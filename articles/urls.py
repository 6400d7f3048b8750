from django.urls import path, register_converter

from . import preview, views


class UnicodeSlugConverter:
    # Same alphabet as SlugField(allow_unicode=True); anything else is a 404 before any query.
    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(UnicodeSlugConverter, "slug_unicode")

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/<slug_unicode:slug>/", views.ArticleDetailView.as_view(), name="article"),
    # Share-preview links: signed, expiring, revocable; see articles/preview.py.
    path("preview/<str:token>/", preview.SharedPreviewView.as_view(), name="shared_preview"),
    # Path fixed by settings.MARKDOWNX_URLS_PATH, which the editor widget reads.
    path("markdownx/markdownify/", views.MarkdownPreviewView.as_view(), name="markdown_preview"),
]
