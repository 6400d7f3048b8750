import re
from html.parser import HTMLParser

import pytest

from articles.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_markdown

SAFE_SCHEMES = {None, "http", "https", "mailto"}  # None: a relative URL


def url_scheme(url):
    """The scheme a browser would see (WHATWG URL: strip C0/space, drop tab and newline)."""
    url = url.strip("".join(map(chr, range(0x21))))
    url = re.sub(r"[\t\n\r]", "", url)
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return match.group(1).lower() if match else None


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def elements_of(html):
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.elements


def assert_reader_safe(html):
    for tag, attrs in elements_of(html):
        assert tag in ALLOWED_TAGS, f"tag <{tag}> survived in {html!r}"
        for name, value in attrs.items():
            allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
            assert name in allowed, f"attribute {name}= on <{tag}> survived in {html!r}"
            if name in {"href", "src"}:
                scheme = url_scheme(value or "")
                assert scheme in SAFE_SCHEMES, f"unsafe URL {value!r} survived in {html!r}"


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
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_script_reaches_a_reader(payload):
    html = render_markdown(payload)
    assert_reader_safe(html)
    assert "<script" not in html.lower()
    assert "onerror=" not in html.lower() or "&lt;" in html


def test_enough_distinct_payloads_are_covered():
    assert len(set(XSS_PAYLOADS)) >= 15


def test_markdown_formatting_survives_sanitising():
    html = render_markdown(
        "# Big news\n\nSome *emphasis* and **strength**.\n\n"
        "- first\n- second\n\n1. one\n2. two\n\n> quoted\n\n"
        "`inline` code\n\n```\nblock\n```\n\n"
        "| a | b |\n|:--|--:|\n| 1 | 2 |\n"
    )
    for fragment in [
        "<h2>Big news</h2>",
        "<em>emphasis</em>",
        "<strong>strength</strong>",
        "<li>first</li>",
        "<ol>",
        "<blockquote>",
        "<code>inline</code>",
        "<pre><code>block",
        '<th align="left">a</th>',
        '<td align="right">2</td>',
    ]:
        assert fragment in html


def test_body_headings_are_demoted_below_the_headline():
    assert render_markdown("# One\n\n## Two\n\n###### Six") == (
        "<h2>One</h2>\n<h3>Two</h3>\n<h6>Six</h6>"
    )


@pytest.mark.parametrize(
    "markdown, expected",
    [
        ("[site](https://example.org)", '<a href="https://example.org" rel="noopener noreferrer">'),
        ("[mail](mailto:desk@example.org)", 'href="mailto:desk@example.org"'),
        ("[rel](/articles/other/)", 'href="/articles/other/"'),
        ("![A harbour](/media/harbour.jpg)", '<img alt="A harbour" src="/media/harbour.jpg">'),
        ("![A map](https://example.org/map.png)", 'src="https://example.org/map.png"'),
    ],
)
def test_safe_links_and_images_are_kept(markdown, expected):
    assert expected in render_markdown(markdown)


def test_unsafe_link_keeps_its_text_but_loses_its_target():
    html = render_markdown("[click here](javascript:alert(1))")
    assert "click here" in html
    assert "javascript" not in html


def test_empty_body_renders_to_nothing():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""
