"""Builders for tests: one per model, and one for what the admin's article form posts."""

from datetime import datetime
from itertools import count
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Author, Correction, Section

UTC = ZoneInfo("UTC")
_serial = count(1)


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def make_article(**overrides):
    number = next(_serial)
    fields = {
        "title": f"Headline number {number}",
        "slug": f"headline-{number}",
        "summary": f"Standfirst of article {number}.",
        "body": f"Body of article {number}.",
        "published_at": timezone.now() - timezone.timedelta(hours=1),
    }
    fields.update(overrides)
    return Article.objects.create(**fields)


def make_translation(article, language="fr", **overrides):
    """A published version of `article`'s story in `language`, translated from it (up to
    date: made from its current "Last updated"); shared fields as the desk keeps them."""
    number = next(_serial)
    fields = {
        "story": article.story,
        "language": language,
        "translation_of": article,
        "translated_from_updated_at": article.updated_at,
        "title": f"Titre numéro {number}",
        "slug": f"titre-{number}",
        "summary": f"Chapeau de l'article {number}.",
        "body": f"Corps de l'article {number}.",
        "translator": "Claire Dubois",
        "published_at": article.published_at,
        "section": article.section,
        "lead_photo": article.lead_photo,
    }
    fields.update(overrides)
    return Article.objects.create(**fields)


def make_filed_article(authors=(), tags=(), **overrides):
    """make_article() with a byline (authors in order) and tags."""
    article = make_article(**overrides)
    if authors:
        article.set_byline(authors)
    if tags:
        article.tags.set(tags)
    return article


def make_section(name="City", **overrides):
    fields = {"name": name, "slug": name.lower().replace(" ", "-")}
    fields.update(overrides)
    return Section.objects.create(**fields)


def make_author(name="Amira Haddad", **overrides):
    fields = {"name": name, "slug": name.lower().replace(" ", "-")}
    fields.update(overrides)
    return Author.objects.create(**fields)


def make_correction(article, text="An earlier version gave the wrong date.", **overrides):
    return Correction.objects.create(article=article, text=text, **overrides)


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


# A new story as an editor would type it.
NEW_STORY = {
    "title": "Harbour reopens",
    "slug": "harbour-reopens",
    "summary": "After three days of storms.",
    "body": "Ferries run again.",
    "published_at_0": "",
    "published_at_1": "",
    "update_note": "",
    "withdrawal_reason": "",
}


# What an editor types into the publish-time fields: 09 Jul. 2012, 08:00, in the newsroom's
# zone. (NEW_STORY leaves them empty: a draft.)
TYPED_PUBLISH_TIME = {"published_at_0": "2012-07-09", "published_at_1": "08:00:00"}


def article_form_data(article=None, *, client=None, params=None, corrections=(), **overrides):
    """What the admin's article form posts back, with `overrides` typed over it.

    With `client`: read from the form that client is shown (GET, with `params` such as
    restore=<id>), exactly as a browser sends it back, version token included. Without:
    built from `article` as stored (or NEW_STORY), as a script would post it, no token.
    `corrections`: (text, kind) pairs appended in the corrections inline.
    """
    if client is not None:
        data = _posted_by_browser(client, article, params or {})
    else:
        data = _posted_for(article)
    for text, kind in corrections:
        index = int(data["corrections-TOTAL_FORMS"])
        data[f"corrections-{index}-kind"] = kind
        data[f"corrections-{index}-text"] = text
        data["corrections-TOTAL_FORMS"] = str(index + 1)
    data.update(overrides)
    return data


def _posted_for(article):
    data = {**NEW_STORY, "corrections-TOTAL_FORMS": "0", "corrections-INITIAL_FORMS": "0"}
    if article is None:
        return data
    data.update(
        title=article.title,
        slug=article.slug,
        summary=article.summary,
        body=article.body,
        update_note=article.update_note,
        withdrawal_reason=article.withdrawal_reason,
    )
    if article.withdrawn_at:
        data["withdrawn"] = "on"
    if article.section_id:
        data["section"] = str(article.section_id)
    data["byline"] = [str(author.pk) for author in article.byline_authors]
    data["tags"] = [str(tag.pk) for tag in article.tags.all()]
    if article.published_at:
        local = timezone.localtime(article.published_at)
        data.update(published_at_0=f"{local:%Y-%m-%d}", published_at_1=f"{local:%H:%M:%S}")
    corrections = list(article.corrections.all())
    data["corrections-TOTAL_FORMS"] = data["corrections-INITIAL_FORMS"] = str(len(corrections))
    for index, correction in enumerate(corrections):
        data.update(
            {
                f"corrections-{index}-id": str(correction.pk),
                f"corrections-{index}-article": str(article.pk),
                f"corrections-{index}-kind": correction.kind,
                f"corrections-{index}-text": correction.text,
            }
        )
    return data


def _posted_by_browser(client, article, params):
    url = change_url(article) if article is not None else reverse("admin:articles_article_add")
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    data = _form_values(response.context["adminform"].form)
    data.setdefault("corrections-TOTAL_FORMS", "0")
    data.setdefault("corrections-INITIAL_FORMS", "0")
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_form_values(formset.management_form))
        for inline_form in formset.forms:
            data.update(_form_values(inline_form))
    return data


def _form_values(form):
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue  # a browser never submits a disabled field
        value = form[name].value()
        key = form[name].html_name
        widgets = getattr(field.widget, "widgets", None)
        if widgets:  # the admin's split date and time
            parts = field.widget.decompress(value) if value else [None] * len(widgets)
            for index, part in enumerate(parts):
                data[f"{key}_{index}"] = "" if part is None else str(part)
        elif value is False:
            continue  # an unticked checkbox sends nothing
        elif value is True:
            data[key] = "on"
        else:
            data[key] = "" if value is None else value
    return data


# Hostile Markdown and HTML an account could type: none of it may run in a reader's browser.
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="https://evil.example"></iframe>',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    "[click](javascript:alert(1))",
    "[click](  javascript:alert(1)  )",
    "![x](javascript:alert(1))",
    "[click](data:text/html,<script>alert(1)</script>)",
    "[click](vbscript:msgbox(1))",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<body onload="alert(1)">',
    '<object data="https://evil.example/x.swf"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<form action="https://evil.example"><input name="password"></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<a href="&#106;avascript:alert(1)">entity</a>',
    '<a href="java\tscript:alert(1)">tab</a>',
    '<a href="java&#10;script:alert(1)">encoded newline</a>',
    '<a href=" &#14;  javascript:alert(1)">leading control characters</a>',
    '<p onclick="alert(1)">click me</p>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<style>body{display:none}</style>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<base href="https://evil.example/">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "`code` <img src=x onerror=alert(1)//",
    # Entity-encoded and whitespace-split javascript: URLs.
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">hex</a>',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105'
    '&#0000112&#0000116&#0000058alert(1)">padded decimal, no semicolons</a>',
    '<a href="javascript&colon;alert(1)">named colon</a>',
    '<a href="jav&#x09;ascript:alert(1)">encoded tab</a>',
    '<a href="java&#x0D;script:alert(1)">encoded carriage return</a>',
    '<a href="  java\x00script:alert(1)">NUL inside</a>',
    "[x](&#106;avascript:alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x]( javascript&#58;alert(1) )",
    "[x](<javascript:alert(1)>)",
    # Reference-style links and images.
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    '[x][ref]\n\n[ref]: &#106;avascript:alert(1) "a title"',
    "![x][img]\n\n[img]: javascript:alert(1)",
    "[ref]\n\n[ref]: data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    # Autolinks.
    "<javascript:alert(1)>",
    "<JAVASCRIPT:alert(1)>",
    "<vbscript:msgbox(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    # SVG/MathML namespace confusion (mutation XSS).
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>',
    '<math><a xlink:href="javascript:alert(1)">click</a></math>',
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    '<math><mi><mglyph><svg><mtext><textarea><a title="</textarea><img src=x onerror=alert(1)>">',
    # Markdown attribute lists (no extension enables them: they stay text).
    '## Heading {: onmouseover="alert(1)" }',
    'Paragraph\n{: onclick="alert(1)" style="position:fixed" }',
    # Allowed tags carrying forbidden attributes, and other containers.
    '<a href="https://example.org" onmouseover="alert(1)">hover</a>',
    '<img src="https://example.org/x.png" alt="x" onload="alert(1)" srcset="javascript:alert(1)">',
    '<a href="/x" style="position:fixed;inset:0">cover</a>',
    "<template><script>alert(1)</script></template>",
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    "<![CDATA[<script>alert(1)</script>]]>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "```\n<script>alert(1)</script>\n```",
]


# --- The photo library ---------------------------------------------------------------


def iptc_block(**datasets):
    """An APP13 (Photoshop) segment holding IPTC IIM record 2 datasets, as agencies send:
    iptc_block(caption="...", credit="...") with the names below."""
    numbers = {
        "caption": 120,
        "credit": 110,
        "byline": 80,
        "copyright": 116,
        "source": 115,
        "keywords": 25,
    }
    iim = b""
    for name, values in datasets.items():
        for value in values if isinstance(values, list) else [values]:
            encoded = value.encode("utf-8")
            iim += bytes([0x1C, 2, numbers[name]]) + len(encoded).to_bytes(2, "big") + encoded
    if len(iim) % 2:
        iim += b"\0"
    resource = b"8BIM" + (0x0404).to_bytes(2, "big") + b"\0\0" + len(iim).to_bytes(4, "big") + iim
    payload = b"Photoshop 3.0\0" + resource
    return b"\xff\xed" + (len(payload) + 2).to_bytes(2, "big") + payload


def xmp_packet(alt_text="", description="", credit="", creator="", rights=""):
    def alternative(value):
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{value}</rdf:li></rdf:Alt>'

    return (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" '
        'xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/" '
        f'photoshop:Credit="{credit}">'
        f"<dc:description>{alternative(description)}</dc:description>"
        f"<dc:creator><rdf:Seq><rdf:li>{creator}</rdf:li></rdf:Seq></dc:creator>"
        f"<dc:rights>{alternative(rights)}</dc:rights>"
        "<Iptc4xmpCore:AltTextAccessibility>"
        f"{alternative(alt_text)}</Iptc4xmpCore:AltTextAccessibility>"
        '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    ).encode()


def photo_bytes(size=(320, 200), format_="JPEG", iptc=None, xmp=None, gps=False, colour=None):
    """A picture with something to see (a sky, a hill, a sun), optionally with metadata."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, colour or (90, 150, 210))
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.ellipse((width * 0.6, height * 0.1, width * 0.8, height * 0.4), fill=(250, 220, 90))
    draw.polygon([(0, height), (width * 0.4, height * 0.45), (width, height)], fill=(60, 120, 60))
    options = {}
    if xmp:
        options["xmp"] = xmp
    if gps:
        exif = Image.Exif()
        exif.get_ifd(0x8825)[2] = (51.0, 30.0, 0.0)  # GPSLatitude
        exif[0x010F] = "Camera maker"
        options["exif"] = exif.tobytes()
    output = io.BytesIO()
    image.save(output, format_, **options)
    data = output.getvalue()
    if iptc:
        data = data[:2] + iptc + data[2:]
    return data


def make_photo(size=(320, 200), colour=None, **fields):
    """A library photo (renditions not made: call make_renditions.call(photo.pk) for them)."""
    from articles.photos.library import add_photo

    defaults = {"caption": "Ferries at the pier.", "alt_text": "Two ferries moored at a pier"}
    defaults.update(fields)
    number = next(_serial)
    colour = colour or ((number * 47) % 256, (number * 101) % 256, (number * 13) % 256)
    photo, _ = add_photo(photo_bytes(size, colour=colour), "jpg", **defaults)
    return photo


def place_on_front(article, slot=1, **overrides):
    from articles.models import FrontPlacement

    return FrontPlacement.objects.create(article=article, slot=slot, **overrides)


def make_banner(text="Storm warning for the coast", **overrides):
    from articles.models import BreakingNews

    fields = {"expires_at": timezone.now() + timezone.timedelta(hours=2)}
    fields.update(overrides)
    return BreakingNews.objects.create(text=text, **fields)


def make_site_page(title="About us", **overrides):
    from articles.models import SitePage

    fields = {"slug": "about", "body": "We are the city's newsroom."}
    fields.update(overrides)
    return SitePage.objects.create(title=title, **fields)
