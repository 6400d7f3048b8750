"""Each newsroom role against each action, through the admin's own views (articles/roles.py)."""

import pytest
import time_machine
from django.urls import reverse

from articles.models import Article, LifecycleEvent
from tests.factories import article_form_data, change_url, make_article, utc

pytestmark = pytest.mark.django_db

NOW = utc(2012, 7, 9, 12)
ADD_URL = reverse("admin:articles_article_add")
ROLES = ("Writer", "Editor", "Administrator")


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.parametrize("role", ROLES)
def test_every_role_writes_and_edits_drafts(client, log_in_as, role):
    log_in_as(role)

    response = client.post(ADD_URL, article_form_data())
    article = Article.objects.get()
    client.post(change_url(article), article_form_data(article, body="Second draft."))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT and article.body == "Second draft."


@pytest.mark.parametrize(
    "role, allowed", [("Writer", False), ("Editor", True), ("Administrator", True)]
)
@pytest.mark.parametrize(
    "publish_at", [("2012-07-09", "11:00:00"), ("2012-07-10", "06:00:00")], ids=["now", "schedule"]
)
def test_only_editors_publish_or_schedule(client, log_in_as, role, allowed, publish_at):
    log_in_as(role)
    data = article_form_data(published_at_0=publish_at[0], published_at_1=publish_at[1])

    response = client.post(ADD_URL, data)

    if allowed:
        assert response.status_code == 302
        assert Article.objects.get().published_at is not None
    else:
        # A crafted POST: the writer's form shows the publish time disabled.
        assert response.status_code == 200
        html = response.content.decode()
        assert "Only an editor can publish or schedule. Your change was not saved." in html
        assert 'value="Harbour reopens"' in html  # what the writer typed is still there
        assert not Article.objects.exists()


def test_a_writer_sees_the_publish_time_disabled_with_the_reason(client, log_in_as):
    log_in_as("Writer")
    html = client.get(ADD_URL).content.decode()
    assert 'name="published_at_0"' in html
    assert "disabled" in html.split('name="published_at_0"')[1].split(">")[0]
    assert "Only an editor can publish or schedule." in html


def test_a_writer_cannot_publish_an_existing_draft(client, log_in_as):
    log_in_as("Writer")
    draft = make_article(published_at=None)

    response = client.post(
        change_url(draft),
        article_form_data(draft, published_at_0="2012-07-09", published_at_1="11:00:00"),
    )

    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.published_at is None


@pytest.mark.parametrize(
    "role, allowed", [("Writer", False), ("Editor", True), ("Administrator", True)]
)
def test_only_editors_withdraw_and_reinstate(client, log_in_as, role, allowed):
    log_in_as(role)
    article = make_article()

    client.post(
        change_url(article),
        article_form_data(article, withdrawn="on", withdrawal_reason="Legal advice."),
    )

    article.refresh_from_db()
    assert (article.status == Article.Status.WITHDRAWN) is allowed
    assert client.get(article.get_absolute_url()).status_code == 200  # staff preview
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == (410 if allowed else 200)


def test_editor_withdraws_and_reinstates_with_a_record(client, log_in_as):
    editor = log_in_as("Editor")
    article = make_article()
    client.post(
        change_url(article),
        article_form_data(article, withdrawn="on", withdrawal_reason="Legal advice."),
    )
    article.refresh_from_db()
    client.post(change_url(article), article_form_data(article, withdrawn=""))

    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    kinds = list(article.events.order_by("id").values_list("kind", "actor"))
    assert kinds == [
        (LifecycleEvent.Kind.WITHDRAWN, editor.pk),
        (LifecycleEvent.Kind.REINSTATED, editor.pk),
    ]


@pytest.mark.parametrize(
    "overrides, error",
    [
        ({"withdrawal_reason": ""}, "Readers are told why: give a public reason."),
        ({"published_at_0": "", "published_at_1": ""}, "Only a published article can be"),
    ],
    ids=["no-reason", "draft"],
)
def test_withdrawal_needs_a_reason_and_a_published_article(client, log_in_as, overrides, error):
    log_in_as("Editor")
    article = make_article(published_at=None) if "published_at_0" in overrides else make_article()

    response = client.post(
        change_url(article), article_form_data(article, withdrawn="on", **overrides)
    )

    assert error in response.content.decode()
    article.refresh_from_db()
    assert article.withdrawn_at is None


@pytest.mark.parametrize(
    "role, allowed", [("Writer", False), ("Editor", True), ("Administrator", True)]
)
def test_only_editors_redate_a_published_article(client, log_in_as, role, allowed):
    log_in_as(role)
    article = make_article(published_at=utc(2012, 7, 9, 8))
    data = article_form_data(article, published_at_0="2012-07-08", published_at_1="08:00:00")

    response = client.post(change_url(article), data)

    article.refresh_from_db()
    assert (article.published_at == utc(2012, 7, 8, 8)) is allowed
    assert article.events.exists() is allowed
    if not allowed:
        assert "Only an editor can publish or schedule." in response.content.decode()


def test_an_editor_without_the_redate_permission_is_refused(client, log_in_as):
    editor = log_in_as("Editor")
    editor.user_permissions.clear()
    editor.groups.get().permissions.remove(
        editor.groups.get().permissions.get(codename="redate_article")
    )
    article = make_article(published_at=utc(2012, 7, 9, 8))

    response = client.post(
        change_url(article),
        article_form_data(article, published_at_0="2012-07-08", published_at_1="08:00:00"),
    )

    assert "Only an editor can re-date a published article." in response.content.decode()


@pytest.mark.parametrize(
    "role, allowed", [("Writer", False), ("Editor", False), ("Administrator", True)]
)
def test_only_administrators_delete_after_confirming(client, log_in_as, role, allowed):
    log_in_as(role)
    article = make_article(title="Mayor to resign")
    delete_url = reverse("admin:articles_article_delete", args=[article.pk])

    confirmation = client.get(delete_url)
    response = client.post(delete_url, {"post": "yes"})

    if allowed:
        assert "Are you sure you want to delete" in confirmation.content.decode()
        assert response.status_code == 302
        assert not Article.objects.out_of_trash().exists()  # in the trash, restorable
        client.logout()
        assert client.get(article.get_absolute_url()).status_code == 410
    else:
        assert confirmation.status_code == 403 and response.status_code == 403
        assert Article.objects.filter(pk=article.pk).exists()


@pytest.mark.parametrize(
    "role, may, may_not",
    [
        ("Writer", "append corrections", "publish and schedule articles"),
        ("Editor", "withdraw and reinstate articles", "delete articles"),
        ("Administrator", "delete articles", None),
    ],
)
def test_admin_index_tells_each_user_what_they_may_do(client, log_in_as, role, may, may_not):
    log_in_as(role)
    html = client.get(reverse("admin:index")).content.decode()
    assert "Your role" in html
    assert f'<li class="allowed">You may {may}' in html
    if may_not:
        assert f'<li class="not-allowed">You may not {may_not}' in html
    else:
        assert "not-allowed" not in html


def test_deleting_from_the_list_leaves_410s_for_what_readers_saw(client, log_in_as):
    log_in_as("Administrator")
    published = make_article(title="Mayor to resign")
    draft = make_article(published_at=None)

    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "delete_selected", "_selected_action": [published.pk, draft.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert not Article.objects.out_of_trash().exists()  # in the trash, restorable
    client.logout()
    assert client.get(published.get_absolute_url()).status_code == 410
    assert client.get(draft.get_absolute_url()).status_code == 404
