import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import TYPED_PUBLISH_TIME, article_form_data, make_photo

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_article_add")


@pytest.fixture(autouse=True)
def lead_image_required(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.NEWSROOM_LEAD_IMAGE_REQUIRED = True


def publish(client, **fields):
    return client.post(ADD_URL, article_form_data(**TYPED_PUBLISH_TIME, **fields))


def errors(response, field):
    return [str(error) for error in response.context["adminform"].form.errors.get(field, [])]


def test_publishing_without_a_lead_image_is_a_form_error(staff_client):
    response = publish(staff_client)
    assert response.status_code == 200
    assert errors(response, "lead_photo") == [
        "A published article needs a lead image: choose one from the photo library."
    ]
    assert not Article.objects.exists()


def test_a_draft_needs_no_lead_image(staff_client):
    response = staff_client.post(ADD_URL, article_form_data())
    assert response.status_code == 302


def test_publishing_with_a_lead_image_takes_the_librarys_alt_text(staff_client):
    photo = make_photo(alt_text="Two ferries at the pier")
    response = publish(staff_client, lead_photo=str(photo.pk), lead_caption="Back at sea.")
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.lead_photo == photo
    assert article.lead_image_alt == "Two ferries at the pier"
    assert article.lead_image_caption == "Back at sea."


def test_a_lead_image_without_any_alt_text_needs_one_or_the_decorative_tick(staff_client):
    photo = make_photo(alt_text="")
    response = publish(staff_client, lead_photo=str(photo.pk))
    assert "The lead image needs alt text" in errors(response, "lead_alt_text")[0]
    response = publish(staff_client, lead_photo=str(photo.pk), lead_decorative="on")
    assert response.status_code == 302


def test_a_photo_whose_rights_expired_cannot_be_chosen(staff_client):
    photo = make_photo(
        caption="Ferries at dawn", rights_expire_at=timezone.now() - timezone.timedelta(days=2)
    )
    response = staff_client.post(ADD_URL, article_form_data(lead_photo=str(photo.pk)))
    (message,) = errors(response, "lead_photo")
    assert message.startswith(f"The rights to “{photo}” expired")
    assert "cannot be newly used" in message


def test_a_share_image_whose_rights_expired_cannot_be_chosen_or_go_live(staff_client):
    expired = make_photo(rights_expire_at=timezone.now() - timezone.timedelta(days=2))
    response = staff_client.post(ADD_URL, article_form_data(social_photo=str(expired.pk)))
    (message,) = errors(response, "social_photo")
    assert message.startswith(f"The rights to “{expired}” expired")

    ending = make_photo(rights_expire_at=timezone.now() + timezone.timedelta(days=1))
    later = timezone.localtime() + timezone.timedelta(days=3)
    response = staff_client.post(
        ADD_URL,
        article_form_data(
            lead_photo=str(make_photo().pk),
            social_photo=str(ending.pk),
            published_at_0=f"{later:%Y-%m-%d}",
            published_at_1=f"{later:%H:%M:%S}",
        ),
    )
    (message,) = errors(response, "social_photo")
    assert "so the article cannot go live with it" in message
    assert Article.objects.count() == 0


def test_an_article_scheduled_after_its_lead_images_rights_end_is_stopped(staff_client):
    photo = make_photo(rights_expire_at=timezone.now() + timezone.timedelta(days=1))
    later = timezone.localtime() + timezone.timedelta(days=3)
    response = staff_client.post(
        ADD_URL,
        article_form_data(
            lead_photo=str(photo.pk),
            published_at_0=f"{later:%Y-%m-%d}",
            published_at_1=f"{later:%H:%M:%S}",
        ),
    )
    (message,) = errors(response, "lead_photo")
    assert "so the article cannot go live with it" in message


def test_a_live_article_whose_lead_images_rights_ran_out_cannot_be_saved_live(staff_client):
    photo = make_photo()
    response = publish(staff_client, lead_photo=str(photo.pk))
    article = Article.objects.get()
    photo.rights_expire_at = timezone.now() - timezone.timedelta(minutes=1)
    photo.save()
    response = staff_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_form_data(article, lead_photo=str(photo.pk), title="New headline"),
    )
    assert "so the article cannot go live with it" in errors(response, "lead_photo")[0]


def test_the_lead_image_picker_offers_only_photos_that_may_be_used(staff_client):
    usable = make_photo(caption="Harbour usable")
    make_photo(caption="Harbour expired", rights_expire_at=timezone.now())
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "articles",
            "model_name": "article",
            "field_name": "lead_photo",
            "term": "harbour",
        },
    )
    assert [result["id"] for result in response.json()["results"]] == [str(usable.pk)]


def test_an_expired_inline_photo_stops_publication_naming_it(staff_client):
    lead = make_photo()
    inline = make_photo(
        caption="Old agency picture", rights_expire_at=timezone.now() - timezone.timedelta(days=1)
    )
    response = publish(
        staff_client, lead_photo=str(lead.pk), body=f"Text.\n\n![](photo:{inline.pk})"
    )
    (message,) = errors(response, "body")
    assert message.startswith(f"The rights to “{inline}” expired")
    assert not Article.objects.exists()


def test_a_body_naming_a_photo_not_in_the_library_is_a_form_error(staff_client):
    response = staff_client.post(ADD_URL, article_form_data(body="![](photo:424242)"))
    assert "photo:424242, which is not in the photo library" in errors(response, "body")[0]


def test_the_admin_lists_live_articles_still_showing_expired_pictures(staff_client):
    from tests.factories import make_article

    expired = make_photo(rights_expire_at=timezone.now() - timezone.timedelta(hours=1))
    fine = make_photo()
    as_lead = make_article(title="Lead expired", lead_photo=expired)
    inline = make_article(title="Inline expired", lead_photo=fine, body=f"![](photo:{expired.pk})")
    make_article(title="Fine", lead_photo=fine)
    make_article(title="Draft expired", lead_photo=expired, published_at=None)
    response = staff_client.get(
        reverse("admin:articles_article_changelist"), {"pictures": "expired"}
    )
    assert {a.title for a in response.context["cl"].result_list} == {as_lead.title, inline.title}


def test_the_admin_index_points_the_desk_to_articles_showing_expired_pictures(staff_client):
    from tests.factories import make_article

    expired = make_photo(rights_expire_at=timezone.now() - timezone.timedelta(hours=1))
    make_article(title="Lead expired", lead_photo=expired)
    make_article(title="Fine", lead_photo=make_photo())
    page = staff_client.get(reverse("admin:index")).content.decode()
    panel = page.split('id="expired-rights-images"', 1)[1].split("</section>", 1)[0]
    assert "Lead expired" in panel
    assert "Fine" not in panel
    assert "?pictures=expired" in panel
