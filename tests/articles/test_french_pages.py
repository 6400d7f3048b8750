"""Reader pages at a French address speak French: the frame, the article's labels, lists,
search, feeds, errors (labels from locale/fr; datelines: test_datelines.py)."""

import pytest
from django.core.paginator import Paginator
from django.db import OperationalError
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation

from articles.models import Correction
from newsroom.errors import server_error
from tests.factories import make_article, make_author, make_correction, utc

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


def french_article(**overrides):
    fields = {
        "language": "fr",
        "slug": "les-negociations-reprennent",
        "title": "Les négociations reprennent au port",
        "summary": "Syndicats et direction se retrouvent lundi.",
        "body": "Les négociations reprennent.",
        "published_at": utc(2012, 7, 9, 8),
    }
    return make_article(**{**fields, **overrides})


def test_the_french_front_page_frame_is_in_french(client):
    html = client.get("/fr/").content.decode()

    assert '<html lang="fr" dir="ltr">' in html
    assert '<a class="skip-link" href="#main">Aller au contenu</a>' in html
    assert '<nav class="site-nav" aria-label="Rubriques">' in html
    assert '<h2 class="footer-heading">Rubriques</h2>' in html
    assert ">Archives</a>" in html and ">Flux RSS</a>" in html
    assert '<button type="submit">Rechercher</button>' in html
    assert "Rien n’a encore été publié." in html
    assert f'content="Newsroom{NBSP}: toute l’actualité."' in html


def test_a_french_article_has_its_labels_in_french(client):
    article = french_article()
    article.set_byline([make_author("Amira Haddad"), make_author("Jean Dupont")])
    make_correction(article, kind=Correction.Kind.CLARIFICATION, amended_at=utc(2012, 7, 10, 9))

    html = client.get(article.get_absolute_url()).content.decode()

    assert '<p class="byline">Par <a' in html and "</a> et <a" in html
    assert '<h2 id="corrections-heading">Corrections et précisions</h2>' in html
    assert "<strong>Précision</strong>" in html
    assert '<span class="correction-amended">modifiée le <time' in html
    assert '<nav class="share" aria-label="Partager cet article">' in html
    assert ">E-mail</a>" in html
    assert "Last updated" not in html and "Corrections and clarifications" not in html


def test_a_withdrawn_french_article_says_so_in_french(client):
    french_article(withdrawn_at=utc(2012, 7, 10, 8), withdrawal_reason="Erreur de source.")

    response = client.get("/fr/articles/les-negociations-reprennent/")

    html = response.content.decode()
    assert response.status_code == 410
    assert (
        f"<title>Article retiré{NBSP}: Les négociations reprennent au port — Newsroom</title>"
        in html
    )
    assert '<span class="withdrawn">Article retiré le <time' in html
    assert "Voir les dernières actualités" in html


def test_french_search_counts_in_french_and_refuses_in_french(client):
    html = client.get("/fr/search/", {"q": "introuvable"}).content.decode()
    # French counts zero in the singular.
    assert f"0 résultat pour «{NBSP}introuvable{NBSP}»." in html
    assert "Aucun article ne correspond." in html
    assert f"<title>Recherche{NBSP}: introuvable — Newsroom</title>" in html

    html = client.get("/fr/search/", {"q": "mot " * 60}).content.decode()
    assert "Votre recherche ne peut pas dépasser 200 caractères." in html


@pytest.mark.parametrize(
    "count, shown",
    [(1, "1 résultat pour"), (2, "2 résultats pour")],
)
def test_the_french_result_count_agrees_with_the_number(count, shown):
    template = "{% load i18n %}{% blocktranslate count count=n %}{{ count }} result for “{{ terms }}”.{% plural %}{{ count }} results for “{{ terms }}”.{% endblocktranslate %}"  # noqa: E501
    with translation.override("fr"):
        assert shown in Template(template).render(Context({"n": count, "terms": "port"}))


def test_french_pagination_labels():
    page = Paginator(range(60), 20).page(2)
    with translation.override("fr"):
        html = render_to_string("articles/_pagination.html", {"page_obj": page})
    assert '<nav class="pagination" aria-label="Pagination">' in html
    assert "&larr; Plus récents</a>" in html and ">Plus anciens &rarr;</a>" in html
    assert '<span class="pagination-current" aria-current="page">Page 2 sur 3</span>' in html


def test_french_list_headings_and_feeds(client):
    french_article(published_at=utc(2012, 7, 9, 8))

    assert f"Archives{NBSP}: 2012" in client.get("/fr/archive/2012/").content.decode()
    feed = client.get("/fr/feeds/rss/").content.decode()
    assert "<description>Les dernières actualités de Newsroom.</description>" in feed


def test_a_missing_french_page_is_a_french_404(client):
    response = client.get("/fr/nulle-part/")

    assert response.status_code == 404
    html = response.content.decode()
    assert '<h1 class="page-title">Page introuvable</h1>' in html


@pytest.mark.parametrize(
    "address, lang, heading",
    [
        ("/fr/articles/x/", "fr", "Nous revenons dans un instant"),
        ("/articles/x/", "en", "We’ll be back in a moment"),
    ],
)
def test_the_outage_page_speaks_the_language_of_its_address(rf, address, lang, heading):
    # The thread last spoke Arabic; the failure came before the language was chosen.
    with translation.override("ar"):
        try:
            raise OperationalError("the database is down")
        except OperationalError:
            response = server_error(rf.get(address))

    html = response.content.decode()
    assert response.status_code == 503
    assert f'<html lang="{lang}">' in html
    assert f'<h1 class="page-title">{heading}</h1>' in html


def test_an_error_page_in_a_right_to_left_language_is_laid_out_so(rf):
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(rf.get("/ar/"))
    assert response.status_code == 500
    assert '<html lang="ar" dir="rtl">' in response.content.decode()
