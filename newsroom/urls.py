from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.views.generic import RedirectView


class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico wherever no page names an icon (feeds, JSON, files)."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        # Per request: in production the static name carries its content hash.
        return static_url("img/favicon.ico")


urlpatterns = [
    # Before the admin, which answers 404 for any address under it that it does not know.
    path("", include("desk.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
    # The admin's language menu posts to set_language (the editor's language cookie).
    path("i18n/", include("django.conf.urls.i18n")),
]
# Reader pages in every language: the default one unprefixed, as before; /fr/... and so on
# for the others (newsroom/languages.py picks the language from the address).
urlpatterns += i18n_patterns(path("", include("articles.urls")), prefix_default_language=False)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# A database outage is answered with a 503 "back in a moment" page, not a 500.
handler500 = "newsroom.errors.server_error"
# An imported article's old permalink answers a 301 where any other address is a 404.
handler404 = "articles.views.page_not_found"
