import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from articles.models import Article
from articles.roles import EDITOR, WRITER, create_roles
from tests.factories import make_article, utc

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def log_in_with_role(page, django_user_model):
    def log_in(role):
        create_roles(apps)
        user = django_user_model.objects.create_user(
            role.lower(), f"{role.lower()}@example.org", "a long staff password", is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
        page.goto("/admin/login/")
        page.get_by_label("Username").fill(role.lower())
        page.get_by_label("Password").fill("a long staff password")
        page.get_by_role("button", name="Log in").click()
        page.get_by_role("heading", name="Site administration").wait_for()

    return log_in


def test_a_writer_sees_publishing_reserved_for_editors_and_saves_a_draft(
    page, log_in_with_role, screenshot_dir
):
    log_in_with_role(WRITER)
    expect(page.locator("#newsroom-sidebar")).to_contain_text(
        "You may not publish and schedule articles"
    )

    page.goto("/admin/articles/article/add/")
    page.get_by_label("Headline").fill("Bridge repairs start")
    page.get_by_label("Standfirst").fill("Lanes close from Monday.")
    expect(page.locator("#id_published_at_0")).to_be_disabled()
    expect(page.locator(".field-published_at")).to_contain_text(
        "Only an editor can publish or schedule."
    )
    page.screenshot(path=screenshot_dir / "writer-add-form.png", full_page=True)
    page.get_by_role("button", name="Save and continue editing").click()

    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    assert Article.objects.get().status == Article.Status.DRAFT


def test_an_editor_withdraws_an_article_and_readers_get_the_withdrawn_page(
    browser, page, live_server, log_in_with_role, screenshot_dir
):
    article = make_article(title="Mayor to resign", published_at=utc(2012, 7, 9, 8))
    log_in_with_role(EDITOR)

    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.get_by_role("heading", name="Withdrawal").click()  # a collapsed fieldset
    page.get_by_label("Withdrawn").check()
    page.get_by_label("Withdrawal reason").fill("The central claim could not be verified.")
    # A live article: withdrawing acts on it at once, so it goes with "Publish changes".
    page.get_by_role("button", name="Publish changes").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(page.locator(".field-editorial_record")).to_contain_text("Withdrawn by editor")

    reader = browser.new_context(base_url=live_server.url).new_page()
    response = reader.goto(article.get_absolute_url())
    assert response.status == 410
    expect(reader.locator("h1")).to_have_text("Mayor to resign")
    expect(reader.locator(".withdrawal-reason")).to_have_text(
        "The central claim could not be verified."
    )
    reader.goto("/")
    expect(reader.get_by_text("Mayor to resign")).to_have_count(0)
    reader.goto(article.get_absolute_url())
    reader.screenshot(path=screenshot_dir / "withdrawn-410.png", full_page=True)
    reader.context.close()
