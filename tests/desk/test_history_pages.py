import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article, EditingSession, Revision
from tests.factories import (
    article_form_data,
    change_url,
    make_article,
    make_author,
    make_filed_article,
    make_section,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    return Client()


def live_article(**overrides):
    return make_article(
        title="Harbour reopens", summary="After the storm.", body="Ferries run again.", **overrides
    )


def test_a_draft_of_a_live_article_leaves_what_readers_see_alone(staff_client, reader):
    article = live_article()
    data = article_form_data(article, client=staff_client)

    response = staff_client.post(
        change_url(article),
        {**data, "title": "Harbour fully reopens", "body": "Draft.", "_save_draft": "1"},
    )

    assert response.status_code == 302
    assert response["Location"] == change_url(article)
    article.refresh_from_db()
    assert (article.title, article.body) == ("Harbour reopens", "Ferries run again.")
    page = reader.get(article.get_absolute_url()).content.decode()
    assert "<h1>Harbour reopens</h1>" in page and "Draft." not in page
    home = reader.get(reverse("articles:home")).content.decode()
    assert "Harbour reopens" in home and "Harbour fully reopens" not in home
    draft = article.revisions.first()
    assert draft.kind == Revision.Kind.DRAFT
    assert draft.snapshot["title"] == "Harbour fully reopens"


def test_the_editor_continues_from_the_draft_and_publishes_it(staff_client, reader):
    article = live_article()
    data = article_form_data(article, client=staff_client)
    staff_client.post(change_url(article), {**data, "body": "Draft one.", "_save_draft": "1"})

    response = staff_client.get(change_url(article))
    data = article_form_data(article, client=staff_client)
    html = response.content.decode()
    assert data["body"] == "Draft one."
    assert "This article has unpublished changes by editor" in html
    assert 'value="Save draft"' in html and 'value="Publish changes"' in html

    staff_client.post(change_url(article), {**data, "body": "Draft two.", "_save_draft": "1"})
    data = article_form_data(article, client=staff_client)
    assert staff_client.post(change_url(article), {**data, "_continue": "1"}).status_code == 302

    article.refresh_from_db()
    assert article.body == "Draft two."
    assert "Draft two." in reader.get(article.get_absolute_url()).content.decode()
    kinds = list(article.revisions.order_by("id").values_list("kind", flat=True))
    assert kinds == ["saved", "draft", "draft", "saved"]  # first: the state before editing


def test_the_article_list_shows_who_has_unpublished_changes(staff_client):
    article = live_article()
    make_article(title="Untouched story")
    data = article_form_data(article, client=staff_client)
    staff_client.post(change_url(article), {**data, "body": "Draft.", "_save_draft": "1"})

    response = staff_client.get(reverse("admin:articles_article_changelist"))

    assert "Draft by editor" in response.content.decode()
    assert response.content.decode().count("Draft by") == 1


def test_a_draft_cannot_hold_a_new_address_or_publish_time(staff_client):
    article = live_article()
    data = article_form_data(article, client=staff_client)

    response = staff_client.post(
        change_url(article), {**data, "slug": "moved", "body": "Draft.", "_save_draft": "1"}
    )

    assert response.status_code == 200
    assert "readers would see a change to Slug right away" in (response.content.decode())
    assert response.context["adminform"].form["body"].value() == "Draft."
    article.refresh_from_db()
    assert article.slug != "moved"
    assert not article.revisions.filter(kind=Revision.Kind.DRAFT).exists()


def test_a_new_article_is_saved_as_a_draft_any_number_of_times(staff_client, reader):
    add = reverse("admin:articles_article_add")
    staff_client.post(add, {"title": "Budget", "slug": "budget", "summary": "S.", "body": "One."})
    article = Article.objects.get()
    for body in ("Two.", "Three."):
        data = article_form_data(article, client=staff_client)
        # Not live: "Save draft" saves the article itself, no pending draft beside it.
        assert (
            'value="Publish changes"' not in staff_client.get(change_url(article)).content.decode()
        )
        staff_client.post(change_url(article), {**data, "body": body, "_save_draft": "1"})

    article.refresh_from_db()
    assert article.body == "Three." and article.status == Article.Status.DRAFT
    assert article.revisions.count() == 3
    assert reader.get(article.get_absolute_url()).status_code == 404


def test_staff_preview_the_unpublished_changes(staff_client, reader):
    article = live_article()
    data = article_form_data(article, client=staff_client)
    staff_client.post(change_url(article), {**data, "body": "**Draft** text.", "_save_draft": "1"})
    url = reverse("admin:articles_article_preview", args=[article.pk])

    response = staff_client.get(url)

    html = response.content.decode()
    assert "<strong>Draft</strong> text." in html
    assert "Unpublished changes: readers still see the published version." in html
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    assert '<meta name="robots" content="noindex">' in html
    assert reader.get(url).status_code == 302  # readers are sent to the login page
    assert "Draft" not in reader.get(article.get_absolute_url()).content.decode()


def test_someone_who_may_only_read_articles_gets_no_save_buttons_and_no_notice(
    django_user_model, reader
):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    reader.force_login(viewer)
    article = live_article()

    response = reader.get(change_url(article))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Save draft" not in html and "Share preview" not in html
    assert "Note for the history" not in html
    assert response.context["also_editing"] == []
    assert not EditingSession.objects.exists()
    assert (
        reader.get(reverse("admin:articles_article_history", args=[article.pk])).status_code == 200
    )


def test_the_article_list_needs_no_query_per_article(staff_client, django_assert_max_num_queries):
    for number in range(6):
        article = live_article(slug=f"story-{number}")
        Revision.objects.create(article=article, kind=Revision.Kind.DRAFT, snapshot={})
    staff_client.get(reverse("admin:articles_article_changelist"))  # warm the session

    with django_assert_max_num_queries(8):
        response = staff_client.get(reverse("admin:articles_article_changelist"))

    assert response.content.decode().count("Draft by someone") == 6


def test_a_draft_refuses_any_other_change_instead_of_dropping_it(staff_client):
    article = live_article()
    data = article_form_data(article, client=staff_client)

    response = staff_client.post(
        change_url(article),
        {**data, "published_at_0": "2001-01-01", "body": "Draft.", "_save_draft": "1"},
    )

    assert response.status_code == 200
    assert "readers would see a change to Publish at right away" in response.content.decode()
    assert not article.revisions.filter(kind=Revision.Kind.DRAFT).exists()


def test_a_draft_can_change_the_filing_without_readers_seeing_it(staff_client):

    city, transport = make_section("City"), make_section("Transport")
    amira, tom = make_author("Amira Haddad"), make_author("Tom Becker")
    article = make_filed_article(section=city, authors=[amira], tags=["harbour"])
    data = article_form_data(article, client=staff_client)

    response = staff_client.post(
        change_url(article),
        {**data, "section": transport.pk, "byline": [tom.pk, amira.pk], "_save_draft": "1"},
    )

    assert response.status_code == 302
    live = Article.objects.with_bylines().get()
    assert (live.section, live.byline_authors) == (city, [amira])
    draft = live.revisions.first()
    assert draft.kind == Revision.Kind.DRAFT
    assert (draft.snapshot["section"], draft.snapshot["authors"]) == (
        transport.pk,
        [tom.pk, amira.pk],
    )
