"""Datelines in each language (articles/templatetags/reader.py `dateline`): the seed's
English style, CLDR's abbreviated months elsewhere, in the newsroom's zone."""

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation

from tests.factories import make_article, utc

NBSP = "\u00a0"
# 23:30 UTC on 8 July is already the 9th in Paris (UTC+2 in summer), and 22:30 UTC on
# 8 May too: a dateline taken in UTC would show the 8th.
JULY_NIGHT = utc(2012, 7, 8, 23, 30)
MAY_NIGHT = utc(2012, 5, 8, 22, 30)
# 08:52 in Paris.
JULY_MORNING = utc(2012, 7, 9, 6, 52)


def dateline(language, value, with_time=False):
    template = Template("{% load reader %}{% dateline value with_time %}")
    with override_settings(TIME_ZONE="Europe/Paris"), translation.override(language):
        return template.render(Context({"value": value, "with_time": with_time}))


@pytest.mark.parametrize(
    "language, july, may",
    [
        ("en", "09 Jul. 2012", "09 May. 2012"),
        ("fr", "09 juil. 2012", "09 mai 2012"),
        # The genitive after a day number: "мая", not the nominative "май".
        ("ru", "09 июл. 2012", "09 мая 2012"),
        ("uk", "09 лип. 2012", "09 трав. 2012"),
        ("ar", "09 يوليو 2012", "09 مايو 2012"),
    ],
)
def test_each_language_dates_an_article_in_its_own_words_on_the_newsrooms_day(language, july, may):
    assert (
        dateline(language, JULY_NIGHT)
        == f'<time datetime="2012-07-09T01:30:00+02:00">{july}</time>'
    )
    assert (
        dateline(language, MAY_NIGHT) == f'<time datetime="2012-05-09T00:30:00+02:00">{may}</time>'
    )


@pytest.mark.parametrize(
    "language, shown",
    [
        ("en", "09 Jul. 2012 08:52"),
        ("fr", "09 juil. 2012 08:52"),
        ("ru", "09 июл. 2012 08:52"),
        ("uk", "09 лип. 2012 08:52"),
        ("ar", "09 يوليو 2012 08:52"),
    ],
)
def test_each_language_gives_the_time_of_an_update_in_the_newsrooms_zone(language, shown):
    assert dateline(language, JULY_MORNING, with_time=True) == (
        f'<time datetime="2012-07-09T08:52:00+02:00">{shown}</time>'
    )


def test_every_published_language_has_its_dateline_tested():
    from django.conf import settings

    tested = {"en", "fr", "ru", "uk", "ar"}
    assert {code for code, _name in settings.LANGUAGES} == tested


@pytest.mark.django_db
@override_settings(TIME_ZONE="Europe/Paris")
@pytest.mark.parametrize(
    "language, slug, published, label, updated",
    [
        ("en", "talks-resume", "09 Jul. 2012", "Last updated:", "09 Jul. 2012 08:52"),
        (
            "fr",
            "les-negociations-reprennent",
            "09 juil. 2012",
            f"Dernière mise à jour{NBSP}:",
            "09 juil. 2012 08:52",
        ),
    ],
)
def test_the_article_page_dates_the_seed_article_in_its_language(
    client, language, slug, published, label, updated
):
    article = make_article(language=language, slug=slug, published_at=JULY_NIGHT)
    type(article).objects.filter(pk=article.pk).update(updated_at=JULY_MORNING)

    html = client.get(article.get_absolute_url()).content.decode()

    published_time = f'<time datetime="2012-07-09T01:30:00+02:00">{published}</time>'
    updated_time = f'<time datetime="2012-07-09T08:52:00+02:00">{updated}</time>'
    assert f'<span class="published">{published_time}</span>' in html
    assert f'<span class="updated">{label} {updated_time}</span>' in html


@pytest.mark.django_db
def test_a_french_article_is_dated_in_french_inside_an_english_page(client):
    # A share-preview link has no language prefix, yet the article is drawn in its own
    # language, and the page says so (<html lang>) for screen readers and translators.
    from desk.previews import share_link

    article = make_article(
        language="fr", slug="brouillon", published_at=None, title="Les négociations reprennent"
    )
    type(article).objects.filter(pk=article.pk).update(updated_at=JULY_MORNING)

    html = client.get(share_link(article).path).content.decode()

    assert '<html lang="fr" dir="ltr">' in html
    assert f"Dernière mise à jour{NBSP}: <time" in html and "09 juil. 2012 06:52</time>" in html
    assert "Last updated" not in html
