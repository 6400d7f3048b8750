import re

import html5lib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_markdown, top_heading_level
from tests.factories import XSS_PAYLOADS

SAFE_SCHEMES = {None, "http", "https", "mailto"}  # None: a relative URL


def url_scheme(url):
    """The scheme a browser would see (WHATWG URL: strip C0/space, drop tab and newline)."""
    url = url.strip("".join(map(chr, range(0x21))))
    url = re.sub(r"[\t\n\r]", "", url)
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return match.group(1).lower() if match else None


def elements_of(html):
    """(tag, attributes) as a browser's parser builds them (html5lib: the WHATWG algorithm).

    SVG and MathML elements keep their namespace in the tag, so namespace confusion
    cannot pass for an allowed HTML element.
    """
    fragment = html5lib.parseFragment(html, namespaceHTMLElements=False)
    for element in fragment.iter():
        if isinstance(element.tag, str) and element is not fragment:
            yield element.tag, {str(name): value for name, value in element.attrib.items()}


def assert_reader_safe(html):
    for tag, attrs in elements_of(html):
        assert tag in ALLOWED_TAGS, f"tag <{tag}> survived in {html!r}"
        for name, value in attrs.items():
            allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
            assert name in allowed, f"attribute {name}= on <{tag}> survived in {html!r}"
            if name in {"href", "src"}:
                scheme = url_scheme(value or "")
                assert scheme in SAFE_SCHEMES, f"unsafe URL {value!r} survived in {html!r}"


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_script_reaches_a_reader(payload):
    html = render_markdown(payload)
    assert_reader_safe(html)
    assert "<script" not in html.lower()
    assert "onerror=" not in html.lower() or "&lt;" in html


def test_enough_distinct_payloads_are_covered():
    assert len(set(XSS_PAYLOADS)) >= 40


def test_attribute_list_syntax_stays_text():
    html = render_markdown('## Heading {: onmouseover="alert(1)" }')
    assert html.startswith("<h2>Heading {: onmouseover=")
    assert not any("onmouseover" in attrs for _, attrs in elements_of(html))


def test_namespaced_elements_are_caught_by_the_checker():
    # The guarantee's checker itself: SVG parsed as SVG is not an allowed tag.
    with pytest.raises(AssertionError, match="survived"):
        assert_reader_safe('<svg><a href="/x">x</a></svg>')
    with pytest.raises(AssertionError, match="unsafe URL"):
        assert_reader_safe('<a href="&#x6A;avascript:alert(1)">x</a>')


# Pieces of hostile Markdown and HTML; hypothesis glues them together in any order.
_FRAGMENTS = st.sampled_from(
    [
        "<",
        ">",
        "</",
        "/>",
        "=",
        '"',
        "'",
        " ",
        "\n",
        "\n\n",
        "`",
        "```\n",
        "[",
        "]",
        "(",
        ")",
        "![",
        "]: ",
        "&#",
        "&#x",
        ";",
        ":",
        "{: ",
        " }",
        "-->",
        "<!--",
        "<![CDATA[",
        "script",
        "img",
        "a",
        "svg",
        "math",
        "mtext",
        "mglyph",
        "style",
        "iframe",
        "p",
        "table",
        "template",
        "noscript",
        "textarea",
        "title",
        "form",
        "object",
        "base",
        "href",
        "src",
        "onerror",
        "onload",
        "onclick",
        "xlink:href",
        "srcdoc",
        "formaction",
        "javascript",
        "JaVaScRiPt",
        "java\tscript",
        "vbscript",
        "data",
        "alert(1)",
        "text/html,",
        "106",
        "x6A",
        "58",
        "\x00",
        "\x0e",
        "https://example.org/",
        "mailto:desk@example.org",
        "/media/x.png",
    ]
)
_HOSTILE_TEXT = st.lists(st.one_of(_FRAGMENTS, st.text(max_size=3)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(_HOSTILE_TEXT)
def test_only_allow_listed_tags_attributes_and_schemes_survive(text):
    assert_reader_safe(render_markdown(text))


@settings(max_examples=100, deadline=None)
@given(_HOSTILE_TEXT)
def test_sanitised_output_is_stable_when_sanitised_again(text):
    # Re-parsing the output must not reveal anything new (no mutation on reparse).
    html = render_markdown(text)
    assert_reader_safe(html)
    from articles.markdown import sanitise_html

    assert_reader_safe(sanitise_html(html))


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
        # An editor's "##" is the article's first sub-level, right under the headline.
        ("## Reaction\n\n### From the council", "<h2>Reaction</h2>\n<h3>From the council</h3>"),
        ("### Background", "<h2>Background</h2>"),
        ("Intro.\n\n## Why\n\n#### Detail", "<p>Intro.</p>\n<h2>Why</h2>\n<h4>Detail</h4>"),
    ],
)
def test_the_bodys_top_heading_follows_the_headline_without_a_skipped_level(markdown, expected):
    assert render_markdown(markdown) == expected


def test_a_block_rendered_as_part_of_a_longer_body_takes_the_bodys_levels():
    # How the seeder builds bodies from blocks: "#" then "##" must stay h2 then h3.
    body = "# Council votes\n\n## What happens next"
    assert top_heading_level(body) == 1
    assert top_heading_level("Intro.\n\n### Aside") == 3
    assert top_heading_level("No headings at all.") is None
    assert render_markdown("## What happens next", top_heading_level(body)) == (
        "<h3>What happens next</h3>"
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
