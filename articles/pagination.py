from django.conf import settings
from django.core.paginator import Paginator
from django.utils.functional import SimpleLazyObject, cached_property

from pagecache.generation import remembered


class BoundedPaginator(Paginator):
    """Pages stop at NEWSROOM_MAX_LIST_PAGES.

    Counting a million published articles, or skipping to page 40,000 with OFFSET, costs
    more the bigger the archive gets; a reader paging that deep is better served by the
    date archives. Bounded, both stay cheap at any size.

    With a `count_name`, the count is remembered until the list changes (its
    `count_keys`, see articles/cache_keys.py) or a scheduled article goes live: counting
    up to 5,000 articles of a tag or an author through their taggings or bylines costs
    more than the page itself, and the answer is the same for every request in between.
    """

    def __init__(self, *args, count_name=None, count_keys=(), ids_first=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_name = count_name
        self.count_keys = count_keys
        self.ids_first = ids_first

    @cached_property
    def count(self):
        if self.count_name is None:
            return self._bounded_count()
        return remembered(
            f"list-count:{self.count_name}", self._bounded_count, keys=self.count_keys
        )

    def _bounded_count(self):
        limit = self.per_page * settings.NEWSROOM_MAX_LIST_PAGES
        # Only ids: a ranked search must not compute its rank and snippets just to count.
        return self.object_list.order_by().values("pk")[:limit].count()

    def _get_page(self, object_list, number, paginator):
        if self.ids_first:
            # The page's ids first, then its articles: the ids come from an index alone,
            # and earlier pages are skipped there too. Only the articles shown are read
            # from the table, which at a million articles is far bigger than PostgreSQL's
            # buffers; reading every article walked past cost more than the page.
            # Built when read: a page whose cards are remembered never reads its rows.
            ids = object_list
            object_list = SimpleLazyObject(lambda: self.object_list.filter(pk__in=ids.values("pk")))
        return super()._get_page(object_list, number, paginator)
