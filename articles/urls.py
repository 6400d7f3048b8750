from django.urls import path, register_converter

from . import uploads, views


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
    # Path fixed by settings.MARKDOWNX_URLS_PATH, which the editor widget reads.
    path("markdownx/markdownify/", views.MarkdownPreviewView.as_view(), name="markdown_preview"),
    # Path fixed by settings.MARKDOWNX_UPLOAD_URLS_PATH; replaces markdownx's own upload.
    path("markdownx/upload/", uploads.ImageUploadView.as_view(), name="image_upload"),
]
