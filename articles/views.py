import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.mixins import UserPassesTestMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.views import View
from django.views.generic import (
    DetailView,
    ListView,
    MonthArchiveView,
    TemplateView,
    YearArchiveView,
)
from taggit.models import Tag

from newsroom.pagecache import public_page, remembered

from . import lifecycle
from .conditional import public_article, public_listing
from .markdown import render_markdown
from .models import Article, Author, Section
from .pagination import BoundedPaginator
from .search import SearchForm, search_articles


def can_edit_articles(user):
    return (
        user.is_active
        and user.is_staff
        and (user.has_perm("articles.add_article") or user.has_perm("articles.change_article"))
    )


class PublishedListMixin:
    """Published articles, newest first, in bounded pages of NEWSROOM_ARTICLES_PER_PAGE."""

    context_object_name = "articles"
    paginator_class = BoundedPaginator

    def get_paginate_by(self, queryset):
        return settings.NEWSROOM_ARTICLES_PER_PAGE

    def get_queryset(self):
        return Article.objects.published().defer("body", "body_html", "search_vector")

    # See BoundedPaginator; a search ranks its candidates once, in a single query.
    ids_first = True

    def get_paginator(self, *args, **kwargs):
        return super().get_paginator(
            *args, count_name=self.count_name(), ids_first=self.ids_first, **kwargs
        )

    def count_name(self):
        """What identifies this list's count; every page of one list shares it."""
        return hashlib.sha256(self.request.path.encode()).hexdigest()[:32]


@method_decorator(public_article, name="dispatch")
class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        # Usually loaded while computing the ETag; None there means no public article has
        # this slug, which only staff (previewing) need to look up again.
        if hasattr(self.request, "newsroom_article"):
            article = self.request.newsroom_article
            if article is not None:
                return article
            if not can_edit_articles(self.request.user):
                raise Http404("No article at this address.")
        return super().get_object(queryset)

    def get_queryset(self):
        # Staff see drafts and scheduled articles at their real address, as a preview.
        if can_edit_articles(self.request.user):
            return Article.objects.all().for_reading()
        return Article.objects.published().for_reading()

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # Renamed, withdrawn or deleted articles keep answering at their old address.
            return lifecycle.moved_or_gone(request, kwargs["slug"])

    def get_context_data(self, **kwargs):
        article = self.object
        context = super().get_context_data(**kwargs)
        context["is_preview"] = not article.is_published
        if context["is_preview"]:
            filing = article.reader_filing()
        else:
            # Everything around the article changes only with content: remembered until then.
            filing = remembered(f"article-filing:{article.pk}", article.reader_filing)
        article.show_filing(filing)
        context["related_articles"] = filing.related
        context["corrections"] = filing.corrections
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context["is_preview"]:
            patch_cache_control(response, private=True, no_store=True)
            response["X-Robots-Tag"] = "noindex"
        return response


class MarkdownPreviewView(UserPassesTestMixin, View):
    """The admin editor's live preview (django-markdownx posts here)."""

    http_method_names = ["post"]
    raise_exception = True  # an API for the editor: 403, not a login page

    def test_func(self):
        return can_edit_articles(self.request.user)

    def post(self, request):
        response = HttpResponse(render_markdown(request.POST.get("content", "")))
        patch_cache_control(response, private=True, no_store=True)
        return response


@method_decorator(public_listing, name="dispatch")
class ArticleListView(PublishedListMixin, ListView):
    """A paginated list of published articles, drawn with the shared summary fragment."""

    template_name = "articles/article_list.html"


class HomeView(ArticleListView):
    template_name = "articles/home.html"


class FiledUnderView(ArticleListView):
    """Articles filed under one section, author or tag, with that page's own feeds."""

    model = None
    url_name = None  # "section" -> articles:section, articles:section_rss, ...
    intro_field = None

    def get_queryset(self):
        self.filed_under = get_object_or_404(self.model, slug=self.kwargs["slug"])
        return super().get_queryset().filed_under(self.filed_under)

    def heading(self):
        return self.filed_under.name

    def get_context_data(self, **kwargs):
        slug = {"slug": self.filed_under.slug}
        return super().get_context_data(
            heading=self.heading(),
            intro=getattr(self.filed_under, self.intro_field, "") if self.intro_field else "",
            canonical_path=reverse(f"articles:{self.url_name}", kwargs=slug),
            rss_url=reverse(f"articles:{self.url_name}_rss", kwargs=slug),
            atom_url=reverse(f"articles:{self.url_name}_atom", kwargs=slug),
            **kwargs,
        )


class SectionView(FiledUnderView):
    model, url_name, intro_field = Section, "section", "description"


class AuthorView(FiledUnderView):
    model, url_name, intro_field = Author, "author", "bio"


class TagView(FiledUnderView):
    model, url_name, intro_field = Tag, "tag", None

    def heading(self):
        return f"Tagged: {self.filed_under.name}"


class ArchiveMixin(PublishedListMixin):
    # Day boundaries are the newsroom's (TIME_ZONE): Django's date views make
    # the lookups timezone-aware in the current zone.
    date_field = "published_at"
    template_name = "articles/article_list.html"


@method_decorator(public_listing, name="dispatch")
class ArchiveYearView(ArchiveMixin, YearArchiveView):
    make_object_list = True

    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        # Finding the months that have articles reads the whole year; the answer changes
        # only with content.
        return remembered(
            f"archive-months:{self.get_year()}",
            lambda: list(super(ArchiveYearView, self).get_date_list(queryset, date_type, ordering)),
        )

    def get_context_data(self, **kwargs):
        year = self.get_year()
        return super().get_context_data(
            heading=f"Archive: {year}",
            canonical_path=reverse("articles:archive_year", kwargs={"year": year}),
            **kwargs,
        )


@method_decorator(public_listing, name="dispatch")
class ArchiveMonthView(ArchiveMixin, MonthArchiveView):
    month_format = "%m"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        month = context["month"]
        context.update(
            heading=f"Archive: {date_format(month, 'F Y')}",
            canonical_path=reverse(
                "articles:archive_month",
                kwargs={"year": self.get_year(), "month": self.get_month()},
            ),
            date_list=None,  # the month page lists articles, not days
        )
        return context


class SearchView(ArticleListView):
    template_name = "articles/search.html"
    ids_first = False

    def get_queryset(self):
        self.form = SearchForm(self.request.GET)
        self.terms = self.form.cleaned_data["q"].strip() if self.form.is_valid() else ""
        if not self.terms:
            return Article.objects.none()
        return search_articles(super().get_queryset(), self.terms)

    def count_name(self):
        return hashlib.sha256(f"{self.request.path}?{self.terms}".encode()).hexdigest()[:32]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            form=self.form,
            terms=self.terms,
            pagination_query=urlencode({"q": self.terms}) if self.terms else "",
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # Result pages are endless and thin; crawlers should follow articles instead.
        response["X-Robots-Tag"] = "noindex"
        return response


@method_decorator(public_page, name="dispatch")
class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"
