"""A newsroom's own typefaces and colour, loaded from our origin under the content policy."""

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


@pytest.mark.skipif(not (DEJAVU / "DejaVuSerif.ttf").exists(), reason="no fonts-dejavu-core")
def test_headlines_use_the_brand_font_loaded_from_our_own_origin_and_links_its_accent(
    page, live_server, settings, tmp_path, screenshot_dir
):
    fonts = tmp_path / "static" / "fonts"
    fonts.mkdir(parents=True)
    shutil.copy(DEJAVU / "DejaVuSerif-Bold.ttf", fonts / "brand-headline-bold.ttf")
    shutil.copy(DEJAVU / "DejaVuSans.ttf", fonts / "brand-body.ttf")
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, tmp_path / "static"]
    settings.NEWSROOM_BRAND_FONTS = {
        "headline": {
            "family": "Brand Headline",
            "files": [{"path": "fonts/brand-headline-bold.ttf", "weight": 700}],
        },
        "body": {"family": "Brand Body", "files": [{"path": "fonts/brand-body.ttf"}]},
    }
    settings.NEWSROOM_ACCENT_COLOUR = "#1d4ed8"
    article = make_article(title="Harbour reopens after the storm")
    problems, requested = [], []
    page.on(
        "console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None
    )
    page.on("request", lambda request: requested.append(request.url))

    response = page.goto(article.get_absolute_url())
    expect(page.locator("h1")).to_have_text("Harbour reopens after the storm")
    page.evaluate("document.fonts.ready")
    page.screenshot(path=screenshot_dir / "article-with-brand-fonts.png")

    assert "default-src 'self'" in response.headers["content-security-policy"]
    headline = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    body = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert headline.startswith('"Brand Headline"')
    assert body.startswith('"Brand Body"')
    loaded = page.evaluate(
        "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family).sort()"
    )
    assert loaded == ["Brand Body", "Brand Headline"]
    assert page.evaluate("document.fonts.check('700 2rem \"Brand Headline\"')")
    font_files = page.evaluate(
        "performance.getEntriesByType('resource').map(e => e.name).filter(n => n.endsWith('.ttf'))"
    )
    assert sorted(urlsplit(url).path for url in font_files) == [
        "/static/fonts/brand-body.ttf",
        "/static/fonts/brand-headline-bold.ttf",
    ]
    # The accent colours links in light mode; dark mode keeps its own, legible on black.
    link_colour = "getComputedStyle(document.querySelector('.share a, main a')).color"
    assert page.evaluate(link_colour) == "rgb(29, 78, 216)"
    page.emulate_media(color_scheme="dark")
    assert page.evaluate(link_colour) == "rgb(255, 138, 128)"
    origin = live_server.url
    assert all(url.startswith(origin) for url in requested), requested
    assert problems == []  # no CSP violation, no failed request, no unused or mismatched preload
