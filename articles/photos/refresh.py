"""What a changed photo does to readers' cached pages."""

from pagecache.generation import invalidate_all_pages


def photo_changed(photo, using=None):
    """A photo's record, crops or renditions changed: pages showing it must be drawn again.

    Today every cached page goes (once per transaction, at commit). The one place to switch
    to invalidating only the pages that show this photo.
    """
    invalidate_all_pages(using=using)
