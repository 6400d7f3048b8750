import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import XSS_PAYLOADS, make_article

pytestmark = pytest.mark.django_db(transaction=True)

# Runs before any page script: any payload that executes calls one of these.
HOOK_DIALOGS = """
window.__fired = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (...args) => { window.__fired.push([name, String(args[0])]); };
}
"""


def watch_csp(page):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def test_reader_page_with_every_xss_payload_runs_none_of_them(page, screenshot_dir):
    # PostgreSQL stores no NUL character (the admin form refuses one as an error).
    payloads = [payload.replace("\x00", "") for payload in XSS_PAYLOADS]
    article = make_article(
        title="Everything an attacker tried",
        body="\n\n".join(f"Payload {n}:\n\n{p}" for n, p in enumerate(payloads)),
    )
    page.add_init_script(HOOK_DIALOGS)
    violations = watch_csp(page)

    page.goto(article.get_absolute_url())
    expect(page.locator("h1")).to_have_text("Everything an attacker tried")
    # Give onload/onerror handlers and timers their chance to fire.
    page.wait_for_load_state("load")
    page.mouse.move(400, 400)
    page.wait_for_timeout(300)

    assert page.evaluate("window.__fired") == []
    body = page.locator(".article-body")
    assert body.locator("script, svg, math, iframe, object, embed, style, form").count() == 0
    handlers = page.evaluate(
        """[...document.querySelectorAll('.article-body *')]
             .flatMap(el => [...el.attributes].map(a => a.name))
             .filter(name => name.startsWith('on') || name === 'style')"""
    )
    assert handlers == []
    # The sanitiser left nothing for the content policy to block.
    assert violations == []
    page.screenshot(path=screenshot_dir / "xss-article.png", full_page=False)


def png(colour="teal"):
    output = io.BytesIO()
    Image.new("RGB", (120, 80), colour).save(output, "PNG")
    return output.getvalue()


def test_editor_uploads_an_image_with_alt_text_under_the_strict_policy(
    page, staff_login, screenshot_dir, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    violations = watch_csp(page)
    staff_login()
    page.get_by_role("link", name="Articles").click()
    page.get_by_role("link", name="Add article").click()
    page.get_by_label("Headline").fill("Harbour at dawn")
    page.get_by_label("Standfirst").fill("Pictures from the pier.")
    page.locator("#id_body").fill("The first ferry left at 06:10.")

    # Not an image: the editor says so and nothing is inserted.
    page.get_by_label("Image description (alt text)").fill("A ferry")
    page.get_by_label("Image file").set_input_files(
        {"name": "ferry.png", "mimeType": "image/png", "buffer": b"<svg onload=alert(1)>"}
    )
    page.get_by_role("button", name="Upload and insert").click()
    expect(page.locator(".image-upload-status")).to_have_text(
        "This file is not a PNG, JPEG, WebP or GIF image."
    )
    expect(page.locator("#id_body")).to_have_value("The first ferry left at 06:10.")

    # No description: the editor is asked for one before anything is sent.
    page.get_by_label("Image description (alt text)").fill("")
    page.get_by_label("Image file").set_input_files(
        {"name": "IMG_2041.png", "mimeType": "image/png", "buffer": png()}
    )
    page.get_by_role("button", name="Upload and insert").click()
    expect(page.locator(".image-upload-status")).to_contain_text("alt text")

    # A file dropped on the editor is not uploaded without a description either.
    dropped = page.evaluate_handle(
        """() => {
            const transfer = new DataTransfer();
            transfer.items.add(new File(["x"], "dropped.png", {type: "image/png"}));
            return transfer;
        }"""
    )
    page.dispatch_event("#id_body", "drop", {"dataTransfer": dropped})
    expect(page.locator(".image-upload-status")).to_have_text(
        "Describe the image, then press “Upload and insert”."
    )
    expect(page.get_by_label("Image description (alt text)")).to_be_focused()
    assert page.evaluate("document.querySelector('#id_body-image-file').files[0].name") == (
        "dropped.png"
    )
    expect(page.locator("#id_body")).to_have_value("The first ferry left at 06:10.")

    page.get_by_label("Image file").set_input_files(
        {"name": "IMG_2041.png", "mimeType": "image/png", "buffer": png()}
    )
    page.get_by_label("Image description (alt text)").fill("The morning ferry leaving the pier")
    page.get_by_role("button", name="Upload and insert").click()
    expect(page.locator(".image-upload-status")).to_have_text("Image inserted.")
    expect(page.locator("#id_body")).to_have_value(
        re.compile(
            r"The first ferry left at 06:10\.\n\n"
            r"!\[The morning ferry leaving the pier\]"
            r"\(/media/images/\d{4}/\d\d/\d\d/[0-9a-f]{32}\.png\)"
        )
    )
    # The live preview renders it through the sanitiser, alt text included.
    preview_image = page.locator(".markdownx-preview img")
    expect(preview_image).to_have_attribute("alt", "The morning ferry leaving the pier")
    page.screenshot(path=screenshot_dir / "editor-image.png", full_page=True)

    page.locator("#id_published_at_0").fill("2012-07-09")
    page.locator("#id_published_at_1").fill("08:52:00")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    assert 'alt="The morning ferry leaving the pier"' in Article.objects.get().body_html

    # The admin, the editor and its preview ran without a single CSP violation.
    assert violations == []


def test_publishing_an_image_without_alt_text_shows_a_form_error(page, staff_login, screenshot_dir):
    staff_login()
    page.goto("/admin/articles/article/add/")
    page.get_by_label("Headline").fill("Storm damage")
    page.get_by_label("Standfirst").fill("Roofs and boats.")
    page.locator("#id_body").fill("![](/media/images/2026/03/14/roof.jpg)")
    page.locator("#id_published_at_0").fill("2012-07-09")
    page.locator("#id_published_at_1").fill("08:52:00")
    page.get_by_role("button", name="Save and continue editing").click()

    expect(page.locator(".errorlist")).to_contain_text("Every image needs alt text")
    expect(page.locator("#id_body")).to_have_value("![](/media/images/2026/03/14/roof.jpg)")
    page.screenshot(path=screenshot_dir / "alt-text-error.png", full_page=True)
    assert not Article.objects.exists()


def test_repeated_wrong_passwords_show_the_lockout_page(page, django_user_model, screenshot_dir):
    django_user_model.objects.create_superuser("desk", "desk@example.org", "a long staff password")
    for _ in range(5):
        page.goto("/admin/login/")
        page.get_by_label("Username").fill("desk")
        page.get_by_label("Password").fill("not the password")
        with page.expect_response(re.compile(r"/admin/login/")) as answer:
            page.get_by_role("button", name="Log in").click()

    assert answer.value.status == 429
    expect(page.locator("h1")).to_have_text("Too many failed logins")
    expect(page.locator("main")).to_contain_text("paused for 15 minutes")
    page.screenshot(path=screenshot_dir / "lockout.png", full_page=True)
