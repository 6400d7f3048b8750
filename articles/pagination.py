from django.conf import settings
from django.core.paginator import Paginator
from django.utils.functional import cached_property


class BoundedPaginator(Paginator):
    """Pages stop at NEWSROOM_MAX_LIST_PAGES.

    Counting a million published articles, or skipping to page 40,000 with OFFSET, costs
    more the bigger the archive gets; a reader paging that deep is better served by the
    date archives. Bounded, both stay cheap at any size.
    """

    @cached_property
    def count(self):
        limit = self.per_page * settings.NEWSROOM_MAX_LIST_PAGES
        # Only ids: a ranked search must not compute its rank and snippets just to count.
        return self.object_list.order_by().values("pk")[:limit].count()
