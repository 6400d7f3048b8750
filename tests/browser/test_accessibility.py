"""axe-core (npm, installed by `make test`: see AXE_CORE in the Makefile) on the reader
pages a newsroom launches with: home with a full front and a breaking banner, an
article with its pictures, a section front, search results and a site page, on a phone and a
desktop, light and dark. Every rule, every impact: 0 violations."""

import os
from pathlib import Path

import pytest

from articles.models import FrontSection
from articles.photos.renditions import make_renditions
from tests.factories import (
    make_author,
    make_banner,
    make_filed_article,
    make_photo,
    make_section,
    make_site_page,
    place_on_front,
)

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(
    os.environ.get(
        "NEWSROOM_AXE_JS",
        Path(__file__).resolve().parents[2] / ".venv/axe/node_modules/axe-core/axe.min.js",
    )
)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def axe_source():
    if not AXE.exists():
        message = f"axe-core not found at {AXE} (make test installs it with npm)"
        if os.environ.get("NEWSROOM_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text()


def launch_pages():
    amira, jon = make_author("Amira Haddad"), make_author("Jon Park")
    photo = make_photo(size=(1600, 1200), alt_text="Ferries moored at the harbour wall")
    make_renditions.call(photo.pk)
    sections = [make_section(name) for name in ("City", "Sport", "Culture")]
    for position, section in enumerate(sections):
        FrontSection.objects.create(section=section, position=position, stories=3)
        for number in range(4):
            make_filed_article(
                title=f"{section.name} story {number}",
                section=section,
                authors=[amira],
                lead_photo=photo,
                tags=["harbour"],
            )
    article = make_filed_article(
        title="Harbour reopens after the storm",
        summary="Ferries sail again from Monday; the sea wall holds.",
        body="The harbour reopened on Monday.\n\n> The sea wall held.\n\n"
        "| Route | First sailing |\n| --- | --- |\n| North | 06:00 |\n| South | 06:30 |\n\n"
        f'![](photo:{photo.pk} "The first ferry leaves.")',
        section=sections[0],
        authors=[amira, jon],
        lead_photo=photo,
        tags=["harbour", "ferries"],
    )
    place_on_front(article, headline="The harbour is open again")
    make_banner("Bridge closed after a crash", link="https://news.example.org/live")
    # The site's pages: one to read, all of them in every page's footer.
    about = make_site_page(body="We are the city's newsroom.\n\n## Our team\n\nTwelve reporters.")
    make_site_page(title="Contact", slug="contact", footer_order=1)
    make_site_page(title="Corrections policy", slug="corrections-policy", footer_order=2)
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "section": sections[0].get_absolute_url(),
        "search": "/search/?q=harbour",
        "site-page": about.get_absolute_url(),
    }


def violations(page, axe_source):
    # Evaluated through the DevTools protocol: the page's CSP (script-src 'self', no
    # inline script) stays as readers get it, and an injected <script> would be refused.
    page.evaluate(axe_source + "\n;undefined")
    return page.evaluate(
        """async () => {
          const results = await axe.run(document, {
            resultTypes: ["violations"],
            rules: {"target-size": {enabled: true}},  // WCAG 2.2, as Lighthouse checks
          });
          return results.violations.map(v => ({
            id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(" "))
          }));
        }"""
    )


def test_reader_pages_have_no_accessibility_violations(
    browser, live_server, axe_source, screenshot_dir
):
    pages = launch_pages()
    found = {}
    for device, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        for scheme in ("light", "dark"):
            context = browser.new_context(
                base_url=live_server.url, viewport=viewport, color_scheme=scheme
            )
            reader = context.new_page()
            for name, url in pages.items():
                reader.goto(url)
                reader.screenshot(path=screenshot_dir / f"{name}-{device}-{scheme}.png")
                found[f"{name} {device} {scheme}"] = violations(reader, axe_source)
            context.close()
    # The harness sees what it should: a picture without alt text is a violation.
    control = browser.new_context(base_url=live_server.url).new_page()
    control.goto("/")
    control.evaluate("document.querySelector('main').append(document.createElement('img'))")
    assert "image-alt" in {v["id"] for v in violations(control, axe_source)}
    control.context.close()
    assert all(result == [] for result in found.values()), {
        page: result for page, result in found.items() if result
    }
