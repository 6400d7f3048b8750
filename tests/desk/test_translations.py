"""Language versions at the desk (desk/translations.py, desk/translation_views.py): Translate,
story-level fields shared across versions, stale translations, permissions per language
and the translations board."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, ReviewState, Revision
from desk import translations
from tests.factories import (
    article_form_data,
    change_url,
    make_article,
    make_author,
    make_photo,
    make_section,
    utc,
)

pytestmark = pytest.mark.django_db

NOW = utc(2012, 7, 9, 12)
ADD_URL = reverse("admin:articles_article_add")
CHANGELIST = reverse("admin:articles_article_changelist")
BOARD = reverse("admin:articles_article_translations")


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def translate_url(article):
    return reverse("admin:articles_article_translate", args=[article.pk])


def up_to_date_url(article):
    return reverse("admin:articles_article_up_to_date", args=[article.pk])


def english(**overrides):
    fields = {
        "title": "Harbour reopens after the storm",
        "slug": "harbour-reopens",
        "summary": "Ferries run again.",
        "body": "The harbour reopened on Monday.\n\nFerries left at dawn.",
        "published_at": NOW - timedelta(days=1),
    }
    fields.update(overrides)
    return make_article(**fields)


def limited_to(django_user_model, *languages, role_perms=("publish_article",)):
    """An editor (publishes) who may work in `languages` only."""
    user = django_user_model.objects.create_user(
        "desk-" + "-".join(languages), password="a long staff password", is_staff=True
    )
    codenames = [
        "add_article",
        "change_article",
        "view_article",
        "view_section",
        "view_author",
        *role_perms,
        *(f"work_in_{code}" for code in languages),
    ]
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
    )
    return user


def later(frozen_time, minutes=10):
    frozen_time.shift(timedelta(minutes=minutes))


# --- Permissions ------------------------------------------------------------------------


def test_each_shipped_language_has_a_permission_to_work_in_it(settings):
    codenames = set(
        Permission.objects.filter(codename__startswith="work_in_").values_list("codename", "name")
    )
    assert ("work_in_fr", "Can work in French") in codenames
    assert {f"work_in_{code}" for code, _ in settings.LANGUAGES} == {c for c, _ in codenames}


def test_a_user_without_language_permissions_works_in_every_language(django_user_model, settings):
    user = django_user_model.objects.create_user("plain", is_staff=True)
    assert translations.working_languages(user) == [code for code, _ in settings.LANGUAGES]


def test_a_user_with_some_language_permissions_works_in_those_only(django_user_model):
    user = limited_to(django_user_model, "fr", "ar")
    assert translations.working_languages(user) == ["fr", "ar"]
    assert not translations.may_work_in(user, "en")


def test_the_admin_index_tells_a_limited_editor_their_languages(client, django_user_model):
    client.force_login(limited_to(django_user_model, "fr", "ar"))
    html = client.get(reverse("admin:index")).content.decode()
    assert "You work in: French, Arabic." in html
    assert f'href="{BOARD}"' in html


# --- Translate ------------------------------------------------------------------------


def test_translating_starts_a_draft_in_the_same_story_with_the_source_text(frozen_time):
    section, photo = make_section("Coast"), make_photo()
    source = english(
        section=section, lead_photo=photo, lead_alt_text="Ferries", lead_caption="At dawn."
    )
    source.tags.set([Tag.objects.create(name="Ports", slug="ports")])
    source.set_byline([make_author()])
    later(frozen_time)

    version, created = translations.translate(source, "fr", None)

    assert created
    version.refresh_from_db()
    assert version.story_id == source.story_id and version.language == "fr"
    assert (version.title, version.summary, version.body) == (
        source.title,
        source.summary,
        source.body,
    )
    assert version.slug == "harbour-reopens-after-the-storm"
    assert version.published_at is None and version.review_state == ReviewState.NONE
    assert not version.is_published
    assert version.section == section and version.lead_photo == photo
    assert (version.lead_alt_text, version.lead_caption) == ("Ferries", "At dawn.")
    assert [tag.slug for tag in version.tags.all()] == ["ports"]
    assert version.translation_of == source
    assert version.translated_from_updated_at == source.updated_at
    latest = source.revisions.filter(kind=Revision.Kind.SAVED).first()
    assert version.translated_from_revision == latest
    assert latest.snapshot["body"] == source.body
    assert not translations.is_stale(version)


def test_a_translated_slug_is_unique_in_its_language():
    english(title="Budget vote", slug="budget")
    make_article(title="Budget vote", slug="budget-vote", language="fr")
    source = english(title="Budget vote", slug="budget-vote")

    version, _ = translations.translate(source, "fr", None)

    assert version.slug == "budget-vote-2"


def test_translate_opens_the_new_draft_and_a_second_press_opens_it_again(staff_client):
    source = english()

    response = staff_client.post(translate_url(source), {"language": "fr"})

    version = Article.objects.get(language="fr")
    assert response.status_code == 302 and response["Location"] == change_url(version)
    page = staff_client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "A draft in French, started from the English text" in html
    form = page.context["adminform"].form
    assert form["title"].value() == source.title
    assert form["body"].value() == source.body
    assert form.fields["language"].disabled
    assert "Translated from:" in html and source.title in html

    again = staff_client.post(translate_url(source), {"language": "fr"})
    assert again["Location"] == change_url(version)
    assert Article.objects.filter(language="fr").count() == 1


def test_the_change_form_offers_translation_only_into_missing_languages(staff_client):
    source = english()
    translations.translate(source, "fr", None)

    html = staff_client.get(change_url(source)).content.decode()

    assert 'name="language" value="ru"' in html
    assert 'name="language" value="fr"' not in html
    assert "Other versions:" in html


def test_translate_into_an_unknown_language_is_a_bad_request(staff_client):
    response = staff_client.post(translate_url(english()), {"language": "xx"})
    assert response.status_code == 400


def test_translate_into_a_language_the_user_may_not_work_in_is_refused(client, django_user_model):
    client.force_login(limited_to(django_user_model, "fr"))
    source = english()

    response = client.post(translate_url(source), {"language": "ru"}, follow=True)

    assert "You may not work in" in response.content.decode()
    assert not Article.objects.filter(language="ru").exists()
    # Into their own language, from a source they may only read: allowed.
    client.post(translate_url(source), {"language": "fr"})
    assert Article.objects.filter(language="fr", story=source.story).exists()


def test_the_list_action_translates_the_selected_articles(staff_client):
    first, second = english(), english(title="Second story", slug="second")

    response = staff_client.post(
        CHANGELIST,
        {"action": "translate_into_fr", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert set(Article.objects.filter(language="fr").values_list("translation_of", flat=True)) == {
        first.pk,
        second.pk,
    }
    assert "Started 2 drafts in French." in response.content.decode()


def test_the_list_action_with_one_article_opens_its_translation(staff_client):
    source = english()
    response = staff_client.post(
        CHANGELIST, {"action": "translate_into_uk", "_selected_action": [source.pk]}
    )
    assert response["Location"] == change_url(Article.objects.get(language="uk"))


def test_the_list_offers_no_translate_action_for_languages_the_user_may_not_work_in(
    client, django_user_model
):
    client.force_login(limited_to(django_user_model, "fr"))
    english()
    actions = dict(client.get(CHANGELIST).context["action_form"].fields["action"].choices)
    assert "translate_into_fr" in actions and "translate_into_ru" not in actions


# --- The article form and list ------------------------------------------------------------


def test_a_new_article_chooses_its_language_defaulting_to_the_newsroom_s(staff_client):
    staff_client.post(ADD_URL, article_form_data(title="Sans langue", slug="sans-langue"))
    staff_client.post(
        ADD_URL, article_form_data(title="Le port rouvre", slug="le-port-rouvre", language="fr")
    )

    assert Article.objects.get(slug="sans-langue").language == "en"
    french = Article.objects.get(slug="le-port-rouvre")
    assert french.language == "fr" and french.search_config == "french"
    page = staff_client.get(ADD_URL)
    assert page.context["adminform"].form["language"].value() == "en"


def test_an_existing_version_keeps_its_language(staff_client):
    article = english()
    data = article_form_data(article, client=staff_client, language="fr")
    response = staff_client.post(change_url(article), data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.language == "en"


def test_a_new_article_in_a_language_the_user_may_not_work_in_is_a_form_error(
    client, django_user_model
):
    client.force_login(limited_to(django_user_model, "fr"))

    response = client.post(ADD_URL, article_form_data(language="en"))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["language"]
    assert not Article.objects.exists()
    page = client.get(ADD_URL)
    assert page.context["adminform"].form["language"].value() == "fr"


def test_an_editor_limited_to_french_reads_the_english_version_but_cannot_change_it(
    client, django_user_model
):
    client.force_login(limited_to(django_user_model, "fr"))
    source = english()
    french, _ = translations.translate(source, "fr", None)

    assert client.get(change_url(source)).status_code == 200  # read-only view
    data = article_form_data(source, title="Changed by the French desk")
    assert client.post(change_url(source), data).status_code == 403
    source.refresh_from_db()
    assert source.title == "Harbour reopens after the storm"

    data = article_form_data(french, client=client, title="Le port rouvre")
    assert client.post(change_url(french), data).status_code == 302
    french.refresh_from_db()
    assert french.title == "Le port rouvre"


def test_a_limited_editor_s_bulk_action_on_another_language_changes_nothing(
    client, django_user_model
):
    client.force_login(limited_to(django_user_model, "fr"))
    draft = english(published_at=None)

    response = client.post(
        CHANGELIST, {"action": "publish_now", "_selected_action": [draft.pk]}, follow=True
    )

    assert "You may only work in" in response.content.decode()
    draft.refresh_from_db()
    assert draft.published_at is None


def test_the_list_shows_and_filters_by_language(staff_client):
    source = english()
    french, _ = translations.translate(source, "fr", None)

    page = staff_client.get(CHANGELIST, {"language__exact": "fr"})

    assert list(page.context["cl"].result_list) == [french]
    html = staff_client.get(CHANGELIST).content.decode()
    assert '<abbr class="language-code" title="French" lang="fr">FR</abbr>' in html


# --- Story-level fields ------------------------------------------------------------------


def test_section_tags_and_lead_image_stay_shared_without_moving_last_updated(
    staff_client, frozen_time, django_capture_on_commit_callbacks
):
    source = english()
    french, _ = translations.translate(source, "fr", None)
    french_updated = Article.objects.get(pk=french.pk).updated_at
    later(frozen_time)
    section, photo = make_section("Politics"), make_photo()
    tag = Tag.objects.create(name="Elections", slug="elections")

    data = article_form_data(
        source, client=staff_client, section=str(section.pk), lead_photo=str(photo.pk)
    )
    data["tags"] = [str(tag.pk)]
    data["lead_alt_text"] = "Voters queue"
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(change_url(source), data)

    assert response.status_code == 302
    french.refresh_from_db()
    assert french.section == section and french.lead_photo == photo
    assert [t.slug for t in french.tags.all()] == ["elections"]
    assert french.lead_alt_text == ""  # each version's own, in its language
    assert french.updated_at == french_updated


@pytest.mark.django_db(transaction=True)
def test_a_shared_field_change_invalidates_the_other_version_s_pages(staff_client, monkeypatch):
    from articles.cache_keys import article_key, list_key
    from pagecache import generation

    source = english()
    french, _ = translations.translate(source, "fr", None)
    section = make_section("Coast")
    data = article_form_data(source, client=staff_client, section=str(section.pk))
    stamped = []
    original = generation.write_stamps
    monkeypatch.setattr(
        generation, "write_stamps", lambda names: stamped.extend(names) or original(names)
    )

    assert staff_client.post(change_url(source), data).status_code == 302

    french.refresh_from_db()
    assert french.section == section
    assert article_key(french.pk) in stamped and article_key(source.pk) in stamped
    assert list_key("section", "coast") in stamped


def test_the_list_s_move_and_tag_actions_reach_the_story_s_other_versions(
    staff_client, frozen_time
):
    source = english()
    french, _ = translations.translate(source, "fr", None)
    french_updated = Article.objects.get(pk=french.pk).updated_at
    section = make_section("Coast")
    later(frozen_time)

    staff_client.post(
        CHANGELIST,
        {"action": "move_to_section", "section": section.pk, "_selected_action": [source.pk]},
    )
    staff_client.post(
        CHANGELIST, {"action": "add_tag", "tag": "Ferries", "_selected_action": [source.pk]}
    )

    french.refresh_from_db()
    assert french.section == section
    assert [tag.name for tag in french.tags.all()] == ["Ferries"]
    assert french.updated_at == french_updated


# --- Stale translations --------------------------------------------------------------------


def publish_french(client, french, **overrides):
    data = article_form_data(french, client=client, _publish="1", **overrides)
    response = client.post(change_url(french), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    french.refresh_from_db()
    return french


def test_a_significant_source_update_makes_the_translation_stale(staff_client, frozen_time):
    source = english()
    french, _ = translations.translate(source, "fr", None)
    later(frozen_time)

    data = article_form_data(source, client=staff_client, body="Ferries are back.")
    staff_client.post(change_url(source), data)

    french.refresh_from_db()
    assert translations.is_stale(french)
    html = staff_client.get(change_url(french)).content.decode()
    assert 'id="translation-stale"' in html and "Mark as up to date" in html


def test_a_minor_source_change_does_not_make_the_translation_stale(staff_client, frozen_time):
    source = english()
    french, _ = translations.translate(source, "fr", None)
    later(frozen_time)

    data = article_form_data(
        source, client=staff_client, body=source.body + " Typo.", minor_change="on"
    )
    staff_client.post(change_url(source), data)

    french.refresh_from_db()
    assert not translations.is_stale(french)


def test_publishing_the_translation_clears_it_moving_neither_last_updated(
    staff_client, frozen_time
):
    source = english()
    french, _ = translations.translate(source, "fr", None)
    later(frozen_time)
    staff_client.post(
        change_url(source), article_form_data(source, client=staff_client, body="Ferries back.")
    )
    source.refresh_from_db()
    english_updated = source.updated_at
    french.refresh_from_db()
    french_updated = french.updated_at
    assert translations.is_stale(french)
    later(frozen_time)

    publish_french(staff_client, french)

    source.refresh_from_db()
    assert not translations.is_stale(french)
    assert french.is_published
    assert french.translated_from_updated_at == english_updated
    assert french.translated_from_revision.snapshot["body"] == "Ferries back."
    assert source.updated_at == english_updated
    assert french.updated_at == french_updated


def test_publishing_a_translation_from_the_list_clears_it_too(staff_client, frozen_time):
    source = english()
    french, _ = translations.translate(source, "fr", None)
    later(frozen_time)
    staff_client.post(
        change_url(source), article_form_data(source, client=staff_client, body="Ferries back.")
    )
    french.refresh_from_db()
    french_updated = french.updated_at
    assert translations.is_stale(french)

    staff_client.post(CHANGELIST, {"action": "publish_now", "_selected_action": [french.pk]})

    french.refresh_from_db()
    assert french.is_published and not translations.is_stale(french)
    assert french.updated_at == french_updated


def test_publishing_changes_to_a_live_translation_clears_it(staff_client, frozen_time):
    source = english()
    french, _ = translations.translate(source, "fr", None)
    publish_french(staff_client, french, title="Le port rouvre")
    later(frozen_time)
    staff_client.post(
        change_url(source), article_form_data(source, client=staff_client, summary="New.")
    )
    french.refresh_from_db()
    assert translations.is_stale(french)
    later(frozen_time)

    data = article_form_data(french, client=staff_client, summary="Nouveau.", _continue="1")
    staff_client.post(change_url(french), data)

    french.refresh_from_db()
    assert not translations.is_stale(french)
    assert french.updated_at == NOW + timedelta(minutes=20)


def test_saving_a_translation_as_a_draft_leaves_it_stale(staff_client, frozen_time):
    source = english()
    french, _ = translations.translate(source, "fr", None)
    later(frozen_time)
    staff_client.post(
        change_url(source), article_form_data(source, client=staff_client, body="Ferries back.")
    )
    data = article_form_data(french, client=staff_client, _save_draft="1", title="Brouillon")
    staff_client.post(change_url(french), data)
    french.refresh_from_db()
    assert translations.is_stale(french)


def test_mark_as_up_to_date_clears_it_moving_neither_last_updated(staff_client, frozen_time):
    source = english()
    french, _ = translations.translate(source, "fr", None)
    later(frozen_time)
    staff_client.post(
        change_url(source), article_form_data(source, client=staff_client, body="Ferries back.")
    )
    source.refresh_from_db()
    french.refresh_from_db()
    english_updated, french_updated = source.updated_at, french.updated_at
    later(frozen_time)

    response = staff_client.post(up_to_date_url(french), follow=True)

    assert "Marked as up to date" in response.content.decode()
    french.refresh_from_db()
    source.refresh_from_db()
    assert not translations.is_stale(french)
    assert (source.updated_at, french.updated_at) == (english_updated, french_updated)


def test_mark_as_up_to_date_needs_the_language(client, django_user_model, frozen_time):
    source = english()
    russian, _ = translations.translate(source, "ru", None)
    client.force_login(limited_to(django_user_model, "fr"))
    assert client.post(up_to_date_url(russian)).status_code == 403


def test_mark_as_up_to_date_on_an_original_is_refused_with_a_message(staff_client):
    source = english()
    response = staff_client.post(up_to_date_url(source), follow=True)
    assert "not a translation" in response.content.decode()


# --- The translations board ---------------------------------------------------------------


def board_cells(response):
    return {
        (row.story.pk, cell.language): cell.state
        for row in response.context["rows"]
        for cell in row.cells
    }


def test_the_board_shows_each_language_s_state_per_story(staff_client, frozen_time):
    source = english()
    french, _ = translations.translate(source, "fr", None)
    russian, _ = translations.translate(source, "ru", None)
    Article.objects.filter(pk=russian.pk).update(published_at=NOW - timedelta(hours=1))
    arabic, _ = translations.translate(source, "ar", None)
    later(frozen_time)
    staff_client.post(
        change_url(source),
        article_form_data(source, client=staff_client, body="Ferries are back at dawn."),
    )

    response = staff_client.get(BOARD)

    story = source.story_id
    cells = board_cells(response)
    assert cells[(story, "en")] == "live"
    assert cells[(story, "fr")] == "stale"
    assert cells[(story, "uk")] == "missing"
    html = response.content.decode()
    assert f'action="{translate_url(source)}"' in html
    assert "<ins>" in html and "Ferries are back at dawn." not in html  # words, highlighted
    assert "What changed in the source" in html


def test_the_board_filters_by_language_and_status(staff_client, frozen_time):
    first, second = english(), english(title="Other", slug="other")
    translations.translate(first, "fr", None)

    missing_fr = staff_client.get(BOARD, {"language": "fr", "status": "missing"})
    in_progress = staff_client.get(BOARD, {"language": "fr", "status": "in_progress"})
    live = staff_client.get(BOARD, {"status": "live"})

    assert [row.story.pk for row in missing_fr.context["rows"]] == [second.story_id]
    assert [row.story.pk for row in in_progress.context["rows"]] == [first.story_id]
    assert [row.story.pk for row in live.context["rows"]] == [second.story_id, first.story_id]


def test_the_board_lists_stale_translations_with_the_source_text_when_the_revision_is_gone(
    staff_client, frozen_time
):
    source = english()
    french, _ = translations.translate(source, "fr", None)
    later(frozen_time)
    staff_client.post(
        change_url(source), article_form_data(source, client=staff_client, body="All new.")
    )
    Revision.objects.filter(pk=french.translated_from_revision_id).delete()

    response = staff_client.get(BOARD, {"status": "stale"})

    assert [row.story.pk for row in response.context["rows"]] == [source.story_id]
    html = response.content.decode()
    assert "no longer in its history" in html and "All new." in html


def test_the_board_reads_a_bounded_number_of_queries(
    staff_client, frozen_time, django_assert_max_num_queries
):
    sources = [english(title=f"Story {number}", slug=f"story-{number}") for number in range(30)]
    for source in sources:
        translations.translate(source, "fr", None)
        translations.translate(source, "ar", None)
    later(frozen_time)
    for number, source in enumerate(sources):
        source.body = f"Changed {number}"
        source.save()

    with django_assert_max_num_queries(8):
        response = staff_client.get(BOARD)

    assert len(response.context["rows"]) == 25
    assert list(board_cells(response).values()).count("stale") == 50
    assert staff_client.get(BOARD, {"page": 2}).status_code == 200


def test_the_board_is_for_staff_who_may_see_articles(client, django_user_model):
    user = django_user_model.objects.create_user("nobody", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(BOARD).status_code == 403
