"""The editor's endpoints: the live preview and the image upload answer writers only."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

pytestmark = pytest.mark.django_db


class TestMarkdownPreview:
    url = reverse("desk:markdown_preview")

    def test_matches_the_path_the_editor_widget_posts_to(self, settings):
        assert reverse("desk:markdown_preview") == settings.MARKDOWNX_URLS_PATH

    def test_staff_get_the_sanitised_rendering(self, staff_client):
        response = staff_client.post(self.url, {"content": "# Hi\n\n<script>x</script>"})
        assert response.status_code == 200
        assert response.content.decode() == "<h2>Hi</h2>"
        assert "no-store" in response["Cache-Control"]

    def test_anonymous_readers_are_refused(self, client):
        response = client.post(self.url, {"content": "# Hi"})
        assert response.status_code == 403
        assert "<h2>Hi</h2>" not in response.content.decode()

    def test_non_staff_users_are_refused(self, client, django_user_model):
        user = django_user_model.objects.create_user("reader", password="long enough pass")
        client.force_login(user)
        assert client.post(self.url, {"content": "# Hi"}).status_code == 403

    def test_get_is_not_allowed(self, staff_client):
        assert staff_client.get(self.url).status_code == 405


@pytest.mark.parametrize("codename", ["add_article", "change_article"])
def test_one_rule_opens_both_endpoints_to_whoever_may_write_articles(
    client, django_user_model, codename
):
    # Someone who may only start new articles needs the preview and the upload as much as
    # someone who edits existing ones.
    writer = django_user_model.objects.create_user("writer", password="x" * 16, is_staff=True)
    writer.user_permissions.add(Permission.objects.get(codename=codename))
    client.force_login(writer)

    preview = client.post(reverse("desk:markdown_preview"), {"content": "*hi*"})
    upload = client.post(reverse("desk:image_upload"), {"alt": "A ferry"})

    assert (preview.status_code, preview.content) == (200, b"<p><em>hi</em></p>")
    # Allowed in: the answer is about the missing file, not about permissions.
    assert upload.status_code == 400
    assert upload.json()["error"] == "Choose an image file to upload."


def test_staff_who_may_not_write_articles_get_neither_endpoint(client, django_user_model):
    reader = django_user_model.objects.create_user("viewer", password="x" * 16, is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(reader)

    assert client.post(reverse("desk:markdown_preview"), {"content": "*hi*"}).status_code == 403
    upload = client.post(reverse("desk:image_upload"), {"alt": "A ferry"})
    assert upload.status_code == 403
    assert upload.json()["error"] == "You may not upload images."
