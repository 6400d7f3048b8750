"""The labels we wrote, in French: every template's msgids have a French translation, no
English is left outside the translation tags of reader templates, and the catalog is
complete. (Django merges catalogs: override("fr") sees locale/ and desk/locale alike.)"""

import re
import subprocess
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.extract import extract_python
from babel.messages.pofile import read_po
from django.utils import translation
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates")]
TEMPLATES = sorted(
    path
    for folder in TEMPLATE_DIRS
    if "bench" not in folder.parts
    for path in folder.rglob("*")
    if path.suffix in {".html", ".txt", ".xml"}
)
READER_TEMPLATES = [
    path
    for path in TEMPLATES
    if path.suffix == ".html"
    and path.is_relative_to(ROOT / "templates")
    and not path.is_relative_to(ROOT / "templates" / "admin")
]
# Words French writes as English does.
SAME_IN_FRENCH = {"Correction", "Note", "page %(number)s"}


def template_messages(path):
    """(context, singular, plural) of every label in a template, as makemessages finds them."""
    # templatize turns the template into Python-like source for xgettext; its string
    # literals are one-line reprs, so taking the indentation away changes no msgid.
    source = templatize(path.read_text(), origin=str(path))
    source = "\n".join(line.lstrip() for line in source.splitlines())
    keywords = ("gettext", "pgettext", "ngettext", "npgettext")
    for _line, function, args, _comments in extract_python(
        BytesIO(source.encode()), keywords, [], {}
    ):
        args = (args,) if isinstance(args, str) else args
        context = args[0] if function.startswith(("pgettext", "npgettext")) else None
        strings = args[1:] if context is not None else args
        plural = strings[1] if function.startswith(("ngettext", "npgettext")) else None
        yield context, strings[0], plural


def french(context, singular, plural, count=1):
    with translation.override("fr"):
        if plural is None:
            if context is None:
                return translation.gettext(singular)
            return translation.pgettext(context, singular)
        if context is None:
            return translation.ngettext(singular, plural, count)
        return translation.npgettext(context, singular, plural, count)


def test_the_templates_are_found():
    names = {path.relative_to(ROOT).as_posix() for path in TEMPLATES}
    assert {"templates/base.html", "templates/articles/_article_main.html"} <= names
    assert any(name.startswith("templates/admin/") for name in names)


def test_every_template_label_has_a_french_translation():
    untranslated = []
    for path in TEMPLATES:
        for context, singular, plural in template_messages(path):
            if singular in SAME_IN_FRENCH:
                continue
            missing = french(context, singular, plural) == singular or (
                plural is not None and french(context, singular, plural, count=2) == plural
            )
            if missing:
                untranslated.append(f"{path.relative_to(ROOT)}: {singular!r}")
    assert untranslated == []


def test_the_check_notices_a_label_without_translation(tmp_path):
    template = tmp_path / "new.html"
    template.write_text(
        '{% load i18n %}<h1>{% translate "A label nobody translated" %}</h1>'
        "{% blocktranslate count n=total %}{{ n }} story{% plural %}{{ n }} stories"
        "{% endblocktranslate %}"
    )
    found = list(template_messages(template))
    assert found == [
        (None, "A label nobody translated", None),
        (None, "%(n)s story", "%(n)s stories"),
    ]
    assert french(*found[0]) == "A label nobody translated"


# --- English left outside the tags ---------------------------------------------------

# Text nothing translates: feed formats, and what is the same in every language.
NOT_WORDS = {"RSS", "Atom"}
# What readers read in attributes (the rest are addresses, names and classes).
READ_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "aria-description"}
_COMMENT = re.compile(r"{#.*?#}|{% comment %}.*?{% endcomment %}", re.DOTALL)
# A block that fills a class attribute from outside any element (main_class).
_CLASS_BLOCK = re.compile(r"{% block (\w+_class) %}.*?{% endblock \1 %}", re.DOTALL)
_BLOCKTRANSLATE = re.compile(r"{% blocktranslate.*?{% endblocktranslate %}", re.DOTALL)
_TAG = re.compile(r"{%.*?%}", re.DOTALL)
_VARIABLE = re.compile(r"{{.*?}}", re.DOTALL)
_WORD = re.compile(r"[^\W\d_]{2,}")


class _ReadText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self._skipping = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._skipping += 1
        for name, value in attrs:
            description = tag == "meta" and name == "content" and ("name", "description") in attrs
            if value and (description or (tag != "meta" and name in READ_ATTRIBUTES)):
                self.texts.append(value)

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self.texts.append(data)


def english_outside_tags(source):
    """Words readers would read that no translation tag holds."""
    source = _CLASS_BLOCK.sub("", _COMMENT.sub("", source))
    source = _BLOCKTRANSLATE.sub("§", source)
    # {% translate %} and other tags write text or nothing; a variable writes data.
    source = re.sub(r"<(/?){{.*?}}", r"<\1h2", source)  # <{{ level }}> is a heading
    source = _TAG.sub(lambda tag: "§" if "translate" in tag.group() else " ", source)
    source = _VARIABLE.sub("§", source)
    parser = _ReadText()
    parser.feed(source)
    parser.close()
    words = [word for text in parser.texts for word in _WORD.findall(text)]
    return [word for word in words if word not in NOT_WORDS]


@pytest.mark.parametrize(
    "path", READER_TEMPLATES, ids=lambda path: path.relative_to(ROOT / "templates").as_posix()
)
def test_reader_templates_leave_no_english_outside_translation_tags(path):
    assert english_outside_tags(path.read_text()) == []


def test_the_check_notices_english_left_in_a_template():
    source = (
        '{% load i18n %}<nav aria-label="Pages">{# a note #}<p>{% translate "Fine" %}</p>'
        '<a href="{{ url }}" title="{% translate "Fine" %}">Older</a>'
        '<{{ level }} class="summary">{{ headline }}</{{ level }}></nav>'
    )
    assert english_outside_tags(source) == ["Pages", "Older"]
    assert english_outside_tags('<meta name="description" content="The latest news">') == [
        "The",
        "latest",
        "news",
    ]


# --- The catalog ------------------------------------------------------------------------


def test_the_french_catalog_is_complete_with_french_plurals():
    with (ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po").open("rb") as po:
        catalog = read_po(po)
    assert catalog.locale.language == "fr"
    assert catalog.plural_expr == "(n > 1)"  # French: 0 and 1 are singular
    assert not catalog.fuzzy
    unfinished = [
        message.id
        for message in catalog
        if message.id
        and (
            "fuzzy" in message.flags
            or not all(message.string if isinstance(message.string, tuple) else (message.string,))
        )
    ]
    assert unfinished == []


def test_compiled_catalogs_are_never_committed():
    compiled = ["locale/fr/LC_MESSAGES/django.mo", "desk/locale/fr/LC_MESSAGES/django.mo"]
    ignored = subprocess.run(
        ["git", "check-ignore", "--no-index", *compiled],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert ignored.stdout.split() == compiled
