"""The staff interface in the editor's language: French from the browser or the admin's
language menu, English back from the menu, and reader pages never moved by either."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from articles.models import Correction
from desk.management.commands.staff_makemessages import extract
from tests.factories import change_url, make_article, make_correction

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_article_add")
CHANGELIST = reverse("admin:articles_article_changelist")
SET_LANGUAGE = reverse("set_language")


@pytest.fixture(autouse=True)
def _catalogs(staff_catalogs):
    pass


@pytest.fixture
def editor(client, log_in_as):
    log_in_as("Editor")
    return client


def html_lang(response):
    return re.search(r'<html[^>]* lang="([^"]+)"', response.content.decode()).group(1)


def test_an_editor_with_a_french_browser_gets_the_article_form_in_french(editor):
    response = editor.get(ADD_URL, headers={"accept-language": "fr-FR,fr;q=0.9,en;q=0.5"})

    page = response.content.decode()
    assert response.headers["Content-Language"] == "fr" and html_lang(response) == "fr"
    # Our fieldsets, labels, help texts and buttons; Django's own words from its catalog.
    # French puts a no-break space before a colon (Django's label suffix).
    assert '<label class="required" for="id_title">Titre\u00a0:</label>' in page
    assert '<label class="required" for="id_summary">Chapô\u00a0:</label>' in page
    assert ">Signature et classement</h2>" in page
    assert "Les lecteurs voient l'article à partir de ce moment." in page
    assert 'value="Enregistrer le brouillon"' in page and 'value="Publier maintenant"' in page
    assert "Byline and filing" not in page and "Save draft" not in page


def test_the_article_list_speaks_french_with_its_filters_and_actions(editor):
    make_article(title="Harbour reopens", published_at=None)

    response = editor.get(CHANGELIST, headers={"accept-language": "fr"})

    page = response.content.decode()
    assert "Soumettre à relecture" in page  # an action
    assert "Validé, non programmé" in page  # a status filter
    assert ">Brouillon</span>" in page  # the status badge


def test_plural_messages_follow_french_rules(editor):
    one, two = (make_article(published_at=None) for _ in range(2))

    response = editor.post(
        CHANGELIST,
        {"action": "submit_for_review", "_selected_action": [one.pk, two.pk]},
        headers={"accept-language": "fr"},
        follow=True,
    )

    assert "2 articles soumis à relecture." in [str(m) for m in response.context["messages"]]


def test_the_language_menu_offers_english_and_french_only(editor):
    response = editor.get(CHANGELIST, headers={"accept-language": "fr"})

    page = response.content.decode()
    menu = page[
        page.index('id="interface-language"') : page.index(
            "</form>", page.index('id="interface-language"')
        )
    ]
    assert re.findall(r'<option value="(\w+)"', menu) == ["en", "fr"]
    assert '<option value="fr" lang="fr" selected>Français</option>' in menu
    assert f'action="{SET_LANGUAGE}"' in menu


def test_choosing_english_in_the_menu_switches_back_and_persists(editor):
    french = {"accept-language": "fr"}
    page = change_url(make_article(title="Harbour reopens"))

    chosen = editor.post(SET_LANGUAGE, {"language": "en", "next": page}, headers=french)

    assert chosen.status_code == 302 and chosen["Location"] == page
    cookie = chosen.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en" and int(cookie["max-age"]) >= 30 * 24 * 60 * 60
    for url in (page, CHANGELIST, reverse("admin:index")):
        response = editor.get(url, headers=french)
        assert response.headers["Content-Language"] == "en"
        assert "Signature et classement" not in response.content.decode()
    assert ">Byline and filing</h2>" in editor.get(page, headers=french).content.decode()


def test_choosing_french_in_the_menu_wins_over_an_english_browser(editor):
    editor.post(SET_LANGUAGE, {"language": "fr", "next": CHANGELIST})

    response = editor.get(reverse("admin:index"), headers={"accept-language": "en-GB,en"})

    assert response.headers["Content-Language"] == "fr"
    assert "Votre rôle" in response.content.decode()


def test_a_made_up_language_is_ignored(editor):
    response = editor.post(SET_LANGUAGE, {"language": "xx", "next": CHANGELIST})

    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_reader_pages_stay_english_whatever_the_browser_or_menu_say(client):
    article = make_article(title="Harbour reopens")
    make_correction(article, kind=Correction.Kind.CORRECTION)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    for url in (article.get_absolute_url(), "/"):
        response = client.get(url, headers={"accept-language": "fr-FR,fr"})
        assert response.status_code == 200
        assert response.headers["Content-Language"] == "en" and html_lang(response) == "en"
        assert "Accept-Language" not in response.headers.get("Vary", "")
    assert "<strong>Correction</strong>" in client.get(article.get_absolute_url()).content.decode()


def test_every_staff_label_has_a_french_translation(tmp_path):
    """A label added to desk/, the admin templates or the models without its French
    (manage.py staff_makemessages, then translate the new entries) fails here."""
    entries = [
        entry
        for catalog in extract(["fr"], into=tmp_path)  # django.po and djangojs.po
        for entry in catalog.read_text(encoding="utf-8").split("\n\n")[1:]
    ]
    untranslated = [e for e in entries if re.search(r'^msgstr(\[\d\])? ""(\n(?!")|\Z)', e, re.M)]
    fuzzy = [e for e in entries if "#, fuzzy" in e]
    assert untranslated == [] and fuzzy == []
    assert len(entries) > 400


def test_the_desks_pages_answer_in_french(staff_client):
    article = make_article(title="Harbour reopens")
    staff_client.post(
        change_url(article).replace("/change/", "/notes/"), {"note": "Check the quote."}
    )
    pages = [
        reverse("admin:index"),
        change_url(article),
        reverse("admin:articles_article_history", args=[article.pk]),
        reverse("admin:articles_article_delete", args=[article.pk]),
        reverse("admin:articles_photo_changelist"),
        reverse("admin:articles_photo_upload"),
        reverse("admin:articles_frontplacement_changelist"),
        reverse("admin:articles_frontplacement_front_history"),
        reverse("admin:articles_importrun_add"),
        reverse("admin:articles_trashedarticle_changelist"),
    ]
    for url in pages:
        response = staff_client.get(url, headers={"accept-language": "fr"})
        assert response.status_code == 200, url
        assert response.headers["Content-Language"] == "fr", url
    index = staff_client.get(pages[0], headers={"accept-language": "fr"}).content.decode()
    assert "À traiter" in index and "Vous pouvez publier et programmer des articles" in index
    form = staff_client.get(pages[1], headers={"accept-language": "fr"}).content.decode()
    assert "Notes pour la rédaction" in form and "Check the quote." in form


def test_a_french_editor_previews_an_english_article_in_english(staff_client):
    article = make_article(title="Harbour reopens", published_at=None)

    response = staff_client.get(
        reverse("admin:articles_article_preview", args=[article.pk]),
        headers={"accept-language": "fr"},
    )

    assert response.status_code == 200
    assert html_lang(response) == "en" and response.headers["Content-Language"] == "en"
