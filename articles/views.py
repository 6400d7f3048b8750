from django.conf import settings
from django.contrib.auth.mixins import UserPassesTestMixin
from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.views import View
from django.views.generic import DetailView, ListView

from newsroom.pagecache import public_page

from . import lifecycle
from .conditional import article_validators, conditional_page, listing_validators
from .markdown import render_markdown
from .models import Article
from .pagination import BoundedPaginator


def can_edit_articles(user):
    return (
        user.is_active
        and user.is_staff
        and (user.has_perm("articles.add_article") or user.has_perm("articles.change_article"))
    )


@method_decorator([public_page, conditional_page(listing_validators)], name="dispatch")
class HomeView(ListView):
    template_name = "articles/home.html"
    context_object_name = "articles"
    paginator_class = BoundedPaginator

    def get_paginate_by(self, queryset):
        return settings.NEWSROOM_ARTICLES_PER_PAGE

    def get_queryset(self):
        return Article.objects.published().defer("body", "body_html")


@method_decorator([public_page, conditional_page(article_validators)], name="dispatch")
class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        # Loaded while computing the ETag; None there means no public article has this slug,
        # which only staff (previewing) need to look up again.
        article = getattr(self.request, "newsroom_article", None)
        if article is not None:
            return article
        if hasattr(self.request, "newsroom_article") and not can_edit_articles(self.request.user):
            raise Http404("No article at this address.")
        return super().get_object(queryset)

    def get_queryset(self):
        # Staff see drafts and scheduled articles at their real address, as a preview.
        if can_edit_articles(self.request.user):
            return Article.objects.all()
        return Article.objects.published()

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # Renamed, withdrawn or deleted articles keep answering at their old address.
            return lifecycle.moved_or_gone(request, kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = not self.object.is_published
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
