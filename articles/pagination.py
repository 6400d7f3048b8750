from django.conf import settings
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from newsroom.pagecache import remembered


class BoundedPaginator(Paginator):
    """Pages stop at NEWSROOM_MAX_LIST_PAGES.

    Counting a million published articles, or skipping to page 40,000 with OFFSET, costs
    more the bigger the archive gets; a reader paging that deep is better served by the
    date archives. Bounded, both stay cheap at any size.

    With a `count_name`, the count is remembered until newsroom content changes or a
    scheduled article goes live: counting up to 5,000 articles of a tag or an author
    through their taggings or bylines costs more than the page itself, and the answer is
    the same for every request in between.
    """

    def __init__(self, *args, count_name=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_name = count_name

    @cached_property
    def count(self):
        if self.count_name is None:
            return self._bounded_count()
        return remembered(f"list-count:{self.count_name}", self._bounded_count)

    def _bounded_count(self):
        limit = self.per_page * settings.NEWSROOM_MAX_LIST_PAGES
        # Only ids: a ranked search must not compute its rank and snippets just to count.
        return self.object_list.order_by().values("pk")[:limit].count()
