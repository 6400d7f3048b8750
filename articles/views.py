from typing import NamedTuple
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.http import (
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views import View, defaults
from django.views.generic import (
    ListView,
    MonthArchiveView,
    RedirectView,
    TemplateView,
    YearArchiveView,
)
from taggit.models import Tag

from pagecache.dependencies import depends_on, prefetch_remembered, remembered
from pagecache.generation import request_dependencies
from pagecache.middleware import public_page

from .alternates import list_alternates, story_versions
from .brand import brand_stylesheet
from .cache_keys import (
    ALL_ARTICLES,
    article_key,
    article_page_keys,
    in_language,
    list_keys,
    site_page_key,
    story_key,
)
from .cards import card
from .conditional import (
    filed_under_name,
    is_revalidation,
    latest_publication,
    list_cards_name,
    list_count_name,
    listing_page,
    not_modified,
    validators,
    with_validators,
)
from .context_processors import NAVIGATION
from .front import BANNER, current_front
from .languages import active_language, missing_translation, public_version_in, public_versions
from .models import Article, Author, OldAddress, Section, SitePage, SlugRedirect, Tombstone
from .models.story import language_is_rtl
from .pagination import BoundedPaginator
from .search import SearchForm, search_articles


class PublishedListMixin:
    """Published articles, newest first, in bounded pages of NEWSROOM_ARTICLES_PER_PAGE."""

    context_object_name = "articles"
    paginator_class = BoundedPaginator

    def get_paginate_by(self, queryset):
        return settings.NEWSROOM_ARTICLES_PER_PAGE

    def get_queryset(self):
        return (
            Article.objects.published()
            .in_language(active_language())
            .select_related("lead_photo")  # thumbnails: the photo row knows its renditions
            .defer("body", "body_html", "search_vector")
        )

    # See BoundedPaginator; a search ranks its candidates once, in a single query.
    ids_first = True

    # Each page's cards are remembered until the list changes (a search's are not: its
    # terms are anyone's input, and each would fill the cache).
    remember_cards = True

    def get_paginator(self, *args, **kwargs):
        return super().get_paginator(
            *args,
            count_name=self.count_name(),
            count_keys=self.list_keys(),
            ids_first=self.ids_first,
            **kwargs,
        )

    def list_keys(self):
        """What this list shows (see cache_keys.list_keys)."""
        match = self.request.resolver_match
        url_name = match.url_name if match else ""
        return list_keys(url_name, self.kwargs.get("slug"), active_language())

    def count_name(self):
        """What identifies this list's count; every page of one list shares it."""
        return list_count_name(self.request)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The page's articles as cards (articles/cards.py): what the summaries show.
        page = context["page_obj"]
        if self.remember_cards:
            cards = remembered(
                list_cards_name(self.request, page.number),
                lambda: [card(article) for article in page.object_list],
                keys=self.list_keys(),
            )
        else:
            cards = [card(article) for article in page.object_list]
        context["object_list"] = context[self.context_object_name] = cards
        return context


@method_decorator(public_page, name="dispatch")
class ArticleDetailView(View):
    """An article. Readers get it from its remembered parts with no query (a few when it has
    just changed), or a 304 from none; staff who may write see drafts and scheduled
    articles at their address too, as a preview."""

    def get(self, request, slug):
        # The version in the address's language: another language's body never answers
        # here, whatever its slug.
        public = Article.objects.published().in_language(active_language()).filter(slug=slug)
        # The article with everything around it, drawn for this address as readers reach
        # it (absolute URLs), changes only with what it shows: remembered until then (the
        # article, its related articles, who could join them, its sibling versions).
        address = in_language(slug)
        parts_name = f"article-parts:{request.scheme}://{request.get_host()}/{address}"
        latest = in_language("latest-publication")
        navigation = in_language(NAVIGATION)
        if is_revalidation(request):
            # A yes and a date decide a 304 (remembered until the article changes), with
            # what the page shows around the article: no rendering.
            stamps_name = f"article-stamps:{address}"
            prefetch_remembered([stamps_name, parts_name, latest, navigation, BANNER])
            found = remembered(stamps_name, lambda: _stamps(public), keys=_stamps_keys)
            if found is None:
                return self.unpublished(request, slug)
            if remembered_filing(found[0], public) is None:  # withdrawn a moment ago
                return moved_or_gone(request, slug)
            answer = self.not_modified(request, slug, *found)
            if answer is not None:
                return answer

            def of_this_version(parts):
                return (parts.pk, parts.modified) == found[:2]
        else:
            prefetch_remembered([parts_name, latest, navigation, BANNER])
            # The stamps of what the parts show decide alone whether they still hold, as
            # for a 304 and for a stored page: the article's own save stamps its name.
            of_this_version = None

        parts = remembered(
            parts_name,
            lambda: article_parts(request, public),
            keys=lambda parts: parts.keys,
            current=of_this_version,
        )
        if parts is None:  # not published (or withdrawn a moment ago)
            return self.unpublished(request, slug)
        etag, last_modified = validators(
            parts.modified, latest_publication(), parts.siblings_live, key=f"article:{address}"
        )
        answer = not_modified(request, etag, last_modified)
        if answer is not None:
            return answer
        response = render(request, "articles/article_detail.html", {"parts": parts})
        return with_validators(response, etag, last_modified)

    def not_modified(self, request, slug, pk, modified, story_id, siblings_live):
        key = f"article:{in_language(slug)}"
        etag, last_modified = validators(modified, latest_publication(), siblings_live, key=key)
        return not_modified(request, etag, last_modified)

    def unpublished(self, request, slug):
        if Article.may_be_written_by(request.user):
            drafts = Article.objects.in_language(active_language()).filter(slug=slug)
            article = _only(drafts.for_reading())
            if article is not None:
                return render_article(request, article, article.reader_filing(), preview=True)
        # Renamed, withdrawn or deleted articles keep answering at their old address.
        return moved_or_gone(request, slug)


class ArticleParts(NamedTuple):
    """An article page's own parts, rendered once and remembered until what they show
    changes (`keys`); the page around them (navigation, footer) is put together per
    request, from the frame each process keeps (base.html's {% cache %} tags)."""

    pk: int
    modified: object  # the article row's version they were drawn from
    keys: tuple
    title: str
    description: str
    head: str  # safe: rendered by _article_head.html
    main: str  # safe: rendered by _article_main.html
    language: str = settings.LANGUAGE_CODE  # the article's: the page's <html lang>
    direction: str = "ltr"  # and its dir
    # When its latest other public version went live (None: it has none): a version of
    # another language going live by the clock changes the page (its alternates), which
    # that language's latest publication alone would not tell the validators.
    siblings_live: object = None


def render_parts(request, article, filing, *, preview=False, preview_note=""):
    context = {
        "article": article,
        "filing": filing,
        "is_preview": preview,
        "preview_note": preview_note,
        # The context data tests and templates used to see on the page.
        "related_articles": filing.related,
    }
    # The article speaks its own language (labels, datelines) whatever the page around it
    # does: a staff preview is in the editor's language, the article stays in its own.
    with translation.override(article.language):
        head = render_to_string("articles/_article_head.html", context, request)
        main = render_to_string("articles/_article_main.html", context, request)
    return ArticleParts(
        pk=article.pk,
        modified=article.modified,
        keys=(),
        title=article.search_title,
        description=article.search_description,
        head=head,
        main=main,
        language=article.language,
        direction="rtl" if language_is_rtl(article.language) else "ltr",
        siblings_live=_siblings_live(article, filing),
    )


def _siblings_live(article, filing):
    languages = getattr(filing, "languages", None)
    moments = [
        v.published_at for v in (languages.versions if languages else ()) if v.pk != article.pk
    ]
    return max(moments, default=None)


def article_parts(request, public):
    """The published article's parts, or None when it is not published."""
    article = _only(public.for_reading())
    if article is None:
        return None
    # This article's own changes make its page stale (and so the parts), and its
    # siblings' (the versions it links): named first.
    depends_on(_stamps_keys((article.pk, article.modified, article.story_id)))
    filing = remembered_filing(article.pk, public, article)
    parts = render_parts(request, article, filing)
    # What the parts show: the filing's names, and any the rendering named (all this
    # request has named so far: more than needed costs a render, never a stale page).
    return parts._replace(keys=tuple(request_dependencies()[1]))


def remembered_filing(pk, public, article=None):
    """What the article page shows around the article: remembered until that changes."""
    return remembered(
        f"article-filing:{pk}",
        lambda: _filing(article or _only(public.for_reading())),
        keys=lambda filing: article_page_keys(pk, filing, active_language()),
    )


def _filing(article):
    if article is None:
        return None
    return article.reader_filing()._replace(languages=story_versions(article))


def render_article(request, article, filing, *, preview=False, preview_note=""):
    """The article page drawn from scratch; a preview (of a draft, or of unpublished
    changes) is never cached nor indexed."""
    parts = render_parts(request, article, filing, preview=preview, preview_note=preview_note)
    context = {"parts": parts, "article": article, "related_articles": filing.related}
    response = render(request, "articles/article_detail.html", context)
    if preview:
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex"
    return response


def _only(queryset):
    """The one row a unique lookup finds, or None (without first()'s needless sort)."""
    return next(iter(queryset.order_by()[:1]), None)


def _stamps(public):
    """(pk, modified, story id, when its latest other public version went live) of the
    published article, or None."""
    siblings = (
        Article.objects.published()
        .filter(story_id=OuterRef("story_id"))
        .exclude(pk=OuterRef("pk"))
        .order_by("-published_at")
        .values("published_at")[:1]
    )
    stamps = public.annotate(siblings_live=Subquery(siblings))
    return _only(stamps.values_list("pk", "modified", "story_id", "siblings_live"))


def _stamps_keys(stamps):
    return (article_key(stamps[0]), story_key(stamps[2]))


def moved_or_gone(request, slug):
    """The answer for a slug no visible article of the page's language has: 410, 301,
    the versions of the story in other languages (a 404), or a 404."""
    language = active_language()
    # Any article of this language may come to answer here (a new one, a rename, a
    # reinstatement).
    depends_on((in_language(ALL_ARTICLES, language),))
    gone_article = Article.objects.gone().in_language(language).filter(slug=slug).first()
    if gone_article is not None:
        depends_on((article_key(gone_article.pk),))
        # Withdrawn says why; an expired or deleted article is simply no longer available.
        if gone_article.withdrawn_at is not None:
            since, reason = gone_article.withdrawn_at, gone_article.withdrawal_reason
        elif gone_article.is_expired:
            since, reason = gone_article.expires_at, ""
        else:
            since, reason = gone_article.trashed_at, ""
        return gone(request, gone_article.title, since, reason)
    redirects = SlugRedirect.objects.select_related("article")
    redirect = redirects.filter(language=language, old_slug=slug).first()
    if redirect is not None:
        return HttpResponsePermanentRedirect(redirect.article.get_absolute_url())
    tombstone = Tombstone.objects.filter(language=language, slug=slug).first()
    if tombstone is not None:
        return gone(request, tombstone.title, tombstone.deleted_at, "")
    versions = missing_translation(slug, language)
    if versions:
        return not_in_language(request, versions)
    raise Http404("No article at this address.")


def not_in_language(request, versions):
    """A 404 for a story readers may see, but not in this page's language: it links the
    versions there are, each in its own language."""
    context = {"versions": versions, "page_language": active_language()}
    return render(request, "articles/not_in_language.html", context, status=404)


MAX_STORY_ID = 2**31 - 1


@method_decorator(public_page, name="dispatch")
class StoryView(View):
    """/stories/<id>/: a story's stable address, which the publisher shares across
    languages; a 302 to its version in the page's language (the slug may change, the id
    does not)."""

    def get(self, request, story_id):
        if story_id > MAX_STORY_ID:  # the database would refuse the number
            raise Http404("No story with this number.")
        language = active_language()
        # A version of this language may be published, renamed or withdrawn.
        depends_on((in_language(ALL_ARTICLES, language),))
        version = public_version_in(story_id, language)
        if version is not None:
            return HttpResponseRedirect(version.get_absolute_url())
        versions = public_versions(story_id)
        if versions:
            return not_in_language(request, versions)
        raise Http404("No story with this number.")


@method_decorator(public_page, name="dispatch")
class SitePageView(View):
    """/pages/<slug>/: one of the site's own pages (about, contact, corrections policy)
    in the address's language."""

    def get(self, request, slug):
        page = _only(SitePage.objects.filter(language=active_language(), slug=slug))
        if page is None:
            raise Http404("No page at this address.")
        depends_on((site_page_key(page.pk),))
        # Validators from what it shows (itself, and the frame: a new generation).
        etag, last_modified = validators(key=f"site-page:{in_language(slug)}")
        answer = not_modified(request, etag, last_modified)
        if answer is not None:
            return answer
        response = render(request, "articles/site_page.html", {"page": page})
        return with_validators(response, etag, last_modified)


def gone(request, title, since, reason):
    context = {"headline": title, "since": since, "reason": reason}
    return render(request, "articles/article_gone.html", context, status=410)


@method_decorator(listing_page, name="dispatch")
class ArticleListView(PublishedListMixin, ListView):
    """A paginated list of published articles, drawn with the shared summary fragment."""

    template_name = "articles/article_list.html"


class HomeView(ArticleListView):
    """The front the desk runs on the first page, then the latest news, page by page."""

    template_name = "articles/home.html"

    def get(self, request, *args, **kwargs):
        # WordPress's own address of every post, /?p=123: imported ones answer a 301.
        if "p" in request.GET:
            return old_address(request)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        front = (
            current_front(language=active_language()) if context["page_obj"].number == 1 else None
        )
        context["front"] = front
        if front is not None:
            context["more_news"] = [a for a in context["articles"] if a.pk not in front.shown]
        if context["page_obj"].number == 1:
            context["alternates"] = list_alternates("home")
        return context


def old_address(request):
    """An address from the site an article was imported from (`/2012/07/09/slug/`,
    `/?p=123`): a 301 to the article, one hop whatever its slug is now; else a 404."""
    if "p" in request.GET and request.path == "/":
        candidates = [f"/?p={request.GET['p']}"]
    else:
        path = request.path
        candidates = [path, path + "/" if not path.endswith("/") else path[:-1]]
    found = (
        OldAddress.objects.select_related("article", "section", "tag")
        .filter(path__in=candidates)
        .first()
    )
    if found is None:
        raise Http404("Nothing at this address.")
    return _moved_permanently(request, found.target_url())


@public_page
def _moved_permanently(request, url):
    # Any write may add or move an old address (a re-import, a rename).
    depends_on((ALL_ARTICLES,))
    return HttpResponsePermanentRedirect(url)


def page_not_found(request, exception):
    """handler404: an imported article's old permalink answers a 301 before any 404 (a
    fallback like django.contrib.redirects', without the sites framework; the old paths
    can be anything, so no URL pattern could claim them first)."""
    try:
        return old_address(request)
    except Http404:
        return defaults.page_not_found(request, exception)


class FiledUnderView(ArticleListView):
    """Articles filed under one section, author or tag, with that page's own feeds."""

    model = None
    url_name = None  # "section" -> articles:section, articles:section_rss, ...
    intro_field = None

    def get_queryset(self):
        slug = self.kwargs["slug"]
        # Remembered with no names of its own: a section, author or tag saved or deleted
        # moves every page's generation (their names are on pages of every kind).
        self.filed_under = remembered(
            filed_under_name(self.url_name, slug),
            lambda: _only(self.model.objects.filter(slug=slug)),
        )
        if self.filed_under is None:
            raise Http404(f"No {self.model._meta.verbose_name} at this address.")
        return super().get_queryset().filed_under(self.filed_under)

    def heading(self):
        return self.filed_under.name

    def get_context_data(self, **kwargs):
        slug = {"slug": self.filed_under.slug}
        context = super().get_context_data(
            heading=self.heading(),
            intro=getattr(self.filed_under, self.intro_field, "") if self.intro_field else "",
            canonical_path=reverse(f"articles:{self.url_name}", kwargs=slug),
            rss_url=reverse(f"articles:{self.url_name}_rss", kwargs=slug),
            atom_url=reverse(f"articles:{self.url_name}_atom", kwargs=slug),
            **kwargs,
        )
        if context["page_obj"].number == 1:
            # Later pages hold different articles in each language: not each other's.
            context["alternates"] = list_alternates(self.url_name, slug)
        return context


class SectionView(FiledUnderView):
    """A section's latest news; on its first page, the stories the desk placed on top."""

    model, url_name, intro_field = Section, "section", "description"
    template_name = "articles/section.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context["page_obj"].number == 1:
            front = current_front(self.filed_under, language=active_language())
            if front.curated:
                context["front"] = front
                context["more_news"] = [a for a in context["articles"] if a.pk not in front.shown]
        return context


class AuthorView(FiledUnderView):
    model, url_name, intro_field = Author, "author", "bio"


class TagView(FiledUnderView):
    model, url_name, intro_field = Tag, "tag", None

    def heading(self):
        return _("Tagged: %(tag)s") % {"tag": self.filed_under.name}


class ArchiveMixin(PublishedListMixin):
    # Day boundaries are the newsroom's (TIME_ZONE): Django's date views make
    # the lookups timezone-aware in the current zone.
    date_field = "published_at"
    template_name = "articles/article_list.html"


class ArchiveIndexView(RedirectView):
    """/archive/ leads to the archive of the latest news's year, which lists its months
    and links the year before (a year without news would be a 404)."""

    permanent = False

    def get_redirect_url(self, *args, **kwargs):
        latest = (
            Article.objects.published()
            .in_language(active_language())
            .order_by("-published_at")
            .values_list("published_at", flat=True)
            .first()
        )
        year = timezone.localtime(latest).year if latest else timezone.localdate().year
        return reverse("articles:archive_year", kwargs={"year": f"{year:04d}"})


@method_decorator(listing_page, name="dispatch")
class ArchiveYearView(ArchiveMixin, YearArchiveView):
    make_object_list = True

    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        # Finding the months that have articles reads the whole year; the answer changes
        # only with content.
        return remembered(
            in_language(f"archive-months:{self.get_year()}"),
            lambda: list(super(ArchiveYearView, self).get_date_list(queryset, date_type, ordering)),
            keys=(in_language(ALL_ARTICLES),),
        )

    def get_context_data(self, **kwargs):
        year = self.get_year()
        return super().get_context_data(
            heading=_("Archive: %(period)s") % {"period": year},
            canonical_path=reverse("articles:archive_year", kwargs={"year": year}),
            **kwargs,
        )


@method_decorator(listing_page, name="dispatch")
class ArchiveMonthView(ArchiveMixin, MonthArchiveView):
    month_format = "%m"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        month = context["month"]
        context.update(
            heading=_("Archive: %(period)s") % {"period": date_format(month, "F Y")},
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
    remember_cards = False

    def get_queryset(self):
        self.form = SearchForm(self.request.GET)
        self.terms = self.form.cleaned_data["q"].strip() if self.form.is_valid() else ""
        if not self.terms:
            return Article.objects.none()
        return search_articles(super().get_queryset(), self.terms)

    def count_name(self):
        return list_count_name(self.request, f"?{self.terms}")

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
class ManifestView(View):
    """The web app manifest: the site's name, colour and icons for a phone's home screen."""

    def get(self, request):
        manifest = {
            "name": settings.NEWSROOM_SITE_NAME,
            "short_name": settings.NEWSROOM_SITE_NAME[:12],
            "start_url": reverse("articles:home"),
            "display": "standalone",
            "theme_color": settings.NEWSROOM_ACCENT_COLOUR,
            "background_color": "#ffffff",
            "icons": [
                {
                    "src": static("img/apple-touch-icon.png"),
                    "sizes": "180x180",
                    "type": "image/png",
                },
                {"src": static("img/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
            ],
        }
        return JsonResponse(manifest, content_type="application/manifest+json")


class BrandStylesheetView(View):
    """The brand's @font-face rules, font and accent properties (articles/brand.py)."""

    def get(self, request, version):
        brand = brand_stylesheet()
        if brand is None:
            raise Http404("No brand stylesheet: site.css says it all.")
        response = HttpResponse(brand.css, content_type="text/css; charset=utf-8")
        if version == brand.version:
            # The address changes with the content: browsers and CDNs may keep it.
            patch_cache_control(response, public=True, max_age=31536000, immutable=True)
        else:
            # A page from before the last deploy: today's rules, briefly.
            patch_cache_control(response, public=True, max_age=0, s_maxage=60)
        return response


@method_decorator(public_page, name="dispatch")
class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        # Google News reads one sitemap per language (articles/sitemaps.py).
        languages = [code for code, _name in settings.LANGUAGES]
        return super().get_context_data(
            languages=languages, default_language=settings.LANGUAGE_CODE, **kwargs
        )
