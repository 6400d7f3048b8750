"""Addresses of things found by slug."""

from django.urls import reverse
from django.utils import translation


class SlugAddressed:
    """get_absolute_url() from `url_name` and the slug, worked out once per slug.

    reverse() costs tens of microseconds and an article page shows dozens of links; the
    address only changes with the slug (compared on every call, so a rename shows at once).
    Remembered instances carry their addresses with them.

    The address is in address_language(): the page's language for sections, authors and
    tags (a French page links the French section page), an article's own for articles.
    """

    url_name = None

    def address_language(self):
        return translation.get_language()

    def get_absolute_url(self):
        language = self.address_language()
        known = self.__dict__.get("_address")
        if known is None or known[0] != (language, self.slug):
            with translation.override(language):
                address = reverse(self.url_name, kwargs={"slug": self.slug})
            known = self._address = ((language, self.slug), address)
        return known[1]
