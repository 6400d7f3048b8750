from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    # Before the admin, which answers 404 for any address under it that it does not know.
    path("", include("desk.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# A database outage is answered with a 503 "back in a moment" page, not a 500.
handler500 = "newsroom.errors.server_error"
