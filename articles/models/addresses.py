"""Addresses of things found by slug."""

from django.urls import reverse


class SlugAddressed:
    """get_absolute_url() from `url_name` and the slug, worked out once per slug.

    reverse() costs tens of microseconds and an article page shows dozens of links; the
    address only changes with the slug (compared on every call, so a rename shows at once).
    Remembered instances carry their addresses with them.
    """

    url_name = None

    def get_absolute_url(self):
        known = self.__dict__.get("_address")
        if known is None or known[0] != self.slug:
            known = self._address = (self.slug, reverse(self.url_name, kwargs={"slug": self.slug}))
        return known[1]
