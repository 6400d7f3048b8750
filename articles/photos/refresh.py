"""What a changed photo does to readers' cached pages."""

from pagecache.dependencies import invalidate

from ..cache_keys import photo_page_keys


def photo_changed(photo, using=None):
    """A photo's record, crops or renditions changed: the pages showing it are drawn again
    (at commit, once per transaction), and nothing else. None: deleted photos, which the
    desk only deletes when no article shows them."""
    if photo is not None:
        invalidate(photo_page_keys(photo.pk), using=using)
