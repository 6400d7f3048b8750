"""The desk's own addresses: the editor's endpoints under the admin, and share links."""

from django.conf import settings
from django.urls import path
from django.views.i18n import JavaScriptCatalog

from . import views

app_name = "desk"

urlpatterns = [
    # settings.MARKDOWNX_URLS_PATH and MARKDOWNX_UPLOAD_URLS_PATH name these two for the
    # editor widget; markdownx's own views are never routed.
    path(
        f"{settings.ADMIN_URL}desk/markdown-preview/",
        views.markdown_preview,
        name="markdown_preview",
    ),
    path(f"{settings.ADMIN_URL}desk/images/", views.image_upload, name="image_upload"),
    # The editor's scripts' labels (desk/locale/*/djangojs.po), in the editor's language.
    path(
        f"{settings.ADMIN_URL}desk/jsi18n/",
        JavaScriptCatalog.as_view(packages=["desk"]),
        name="jsi18n",
    ),
    # Share-preview links: signed, expiring, revocable; see desk/previews.py.
    path("preview/<str:token>/", views.shared_preview, name="shared_preview"),
]
