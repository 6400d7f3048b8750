import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article, Photo
from articles.roles import EDITOR, create_roles
from tests.factories import iptc_block, make_article, make_photo, photo_bytes, xmp_packet

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.media_urls")]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.NEWSROOM_LEAD_IMAGE_REQUIRED = True


def agency_file():
    return {
        "name": "ferry-dawn.jpg",
        "mimeType": "image/jpeg",
        "buffer": photo_bytes(
            (1280, 960),
            iptc=iptc_block(
                caption="The first ferry leaves the harbour at dawn.",
                credit="Jane Doe/Harbour Agency",
                byline="Jane Doe",
                copyright="© 2026 Harbour Agency",
                keywords=["harbour", "ferry"],
            ),
            xmp=xmp_packet(alt_text="A white ferry leaving a stone pier at sunrise"),
            gps=True,
        ),
    }


def choose_in_autocomplete(page, field, typed, option):
    page.locator(f".field-{field} .select2-selection").click()
    page.locator(f'.select2-search__field[aria-controls="select2-id_{field}-results"]').fill(typed)
    page.locator(".select2-results__option", has_text=option).click()


def test_upload_set_focal_point_and_crop_choose_the_lead_image_publish_and_read(
    browser, page, live_server, staff_login, screenshot_dir
):
    staff_login()
    page.goto("/admin/articles/photo/")
    page.get_by_role("link", name="Add photo").click()
    page.locator("input[type=file][name=files]").set_input_files(agency_file())
    page.get_by_role("button", name="Upload").click()

    # One file: straight to its record, prefilled from the IPTC/XMP it carried.
    expect(page.locator(".messagelist")).to_contain_text(
        "dawn.jpg added. From the file: caption, credit line, photographer"
    )
    expect(page.get_by_label("Caption")).to_have_value(
        "The first ferry leaves the harbour at dawn."
    )
    expect(page.get_by_label("Credit line")).to_have_value("Jane Doe/Harbour Agency")
    expect(page.get_by_label("Alt text")).to_have_value(
        "A white ferry leaving a stone pier at sunrise"
    )
    page.screenshot(path=screenshot_dir / "photo-prefilled.png", full_page=True)

    # Focal point: a click on the picture, a quarter from the left, halfway down.
    picture = page.locator("img[data-focal-picker]")
    box = picture.bounding_box()
    picture.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.5})
    expect(page.get_by_label("Focal point (across)")).to_have_value("0.250")
    expect(page.locator(".focal-point-marker")).to_be_visible()
    page.get_by_label("16:9 crop").fill("0, 120, 1280, 720")
    page.screenshot(path=screenshot_dir / "photo-focal-point.png", full_page=True)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    photo = Photo.objects.get()
    assert abs(photo.focal_x - 0.25) < 0.01 and photo.crops == {"16:9": [0, 120, 1280, 720]}
    assert photo.rendition_index["16:9"]["avif"]

    # The story, with the photo as its lead image.
    page.goto("/admin/articles/article/add/")
    page.get_by_label("Headline").press_sequentially("Ferries run again")
    page.get_by_label("Standfirst").fill("All routes are back on the timetable.")
    page.locator("#id_body").fill("The first boat left at 07:10.")
    choose_in_autocomplete(page, "lead_photo", "harbour agency", "The first ferry")
    page.locator("#id_published_at_0").fill("2012-07-09")
    page.locator("#id_published_at_1").fill("08:52:00")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    article = Article.objects.get(slug="ferries-run-again")
    assert article.lead_photo == photo

    for name, viewport in (("desktop", (1280, 900)), ("phone", (390, 844))):
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": viewport[0], "height": viewport[1]},
            device_scale_factor=3 if name == "phone" else 1,
        )
        reader = context.new_page()
        reader.goto(article.get_absolute_url())
        lead = reader.locator(".lead-image img")
        expect(lead).to_have_attribute("fetchpriority", "high")
        expect(lead).to_have_attribute("alt", "A white ferry leaving a stone pier at sunrise")
        expect(reader.locator(".lead-image figcaption")).to_contain_text(
            "The first ferry leaves the harbour at dawn. Jane Doe/Harbour Agency"
        )
        # The browser picked a rendition (AVIF here) and drew it: not a broken image.
        assert lead.evaluate("img => img.complete && img.naturalWidth > 0")
        assert re.search(r"-16x9-\d+\.avif$", lead.evaluate("img => img.currentSrc"))
        reader.screenshot(path=screenshot_dir / f"article-{name}.png", full_page=True)
        context.close()


@pytest.fixture
def log_in_as_editor(page, django_user_model):
    create_roles(apps)
    user = django_user_model.objects.create_user(
        "editor", "editor@example.org", "a long staff password", is_staff=True
    )
    user.groups.add(Group.objects.get(name=EDITOR))
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a long staff password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Site administration").wait_for()


def test_publishing_with_a_picture_whose_rights_expired_is_stopped(
    page, log_in_as_editor, screenshot_dir
):
    photo = make_photo(
        caption="Agency picture of the old bridge",
        rights_expire_at=timezone.now() - timezone.timedelta(days=1),
    )
    # Chosen for the draft while its rights were still current.
    draft = make_article(title="Bridge repairs start", lead_photo=photo, published_at=None)

    page.goto(f"/admin/articles/article/{draft.pk}/change/")
    page.locator("#id_published_at_0").fill("2012-07-09")
    page.locator("#id_published_at_1").fill("08:52:00")
    page.get_by_role("button", name="Save and continue editing").click()

    error = page.locator(".field-lead_photo .errorlist")
    expect(error).to_contain_text("The rights to “Agency picture of the old bridge")
    expect(error).to_contain_text("so the article cannot go live with it")
    page.screenshot(path=screenshot_dir / "expired-rights-stopped.png", full_page=True)
    draft.refresh_from_db()
    assert draft.published_at is None


def test_library_search_finds_a_photo_by_its_credit(page, staff_login, screenshot_dir):
    make_photo(caption="Council chamber", credit_line="Staff photographer")
    make_photo(caption="Ferry at dawn", credit_line="Jane Doe/Harbour Agency")
    staff_login()
    page.goto("/admin/articles/photo/")
    page.locator("#searchbar").fill("Harbour Agency")
    page.get_by_role("button", name="Search").click()
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Ferry at dawn")
    expect(rows.first).to_contain_text("Jane Doe/Harbour Agency")
    page.screenshot(path=screenshot_dir / "library-search.png", full_page=True)
