"""Side-by-side comparison of two snapshots: the body line by line, words highlighted."""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape, format_html, format_html_join

from .revisions import revision_fields

# Words, runs of spaces and single punctuation marks: a changed comma stays a small change.
TOKENS = re.compile(r"\w+|\s+|[^\w\s]")
LINE_BY_LINE = {"body"}


@dataclass
class Row:
    old: str
    new: str
    changed: bool


@dataclass
class FieldComparison:
    label: str
    rows: list
    changed: bool


def _join(parts):
    return format_html_join("", "{}", ((part,) for part in parts))


def compare_words(old, new):
    """(old_html, new_html): removed words in <del>, added words in <ins>."""
    a, b = TOKENS.findall(old), TOKENS.findall(new)
    left, right = [], []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            left.append(escape(removed))
            right.append(escape(added))
            continue
        if removed:
            left.append(format_html("<del>{}</del>", removed))
        if added:
            right.append(format_html("<ins>{}</ins>", added))
    return _join(left), _join(right)


def compare_lines(old, new):
    a, b = old.splitlines(), new.splitlines()
    rows = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            rows.extend(Row(escape(line), escape(line), False) for line in a[i1:i2])
            continue
        removed, added = a[i1:i2], b[j1:j2]
        for index in range(max(len(removed), len(added))):
            old_line = removed[index] if index < len(removed) else None
            new_line = added[index] if index < len(added) else None
            if old_line is not None and new_line is not None:
                rows.append(Row(*compare_words(old_line, new_line), True))
            elif old_line is not None:
                rows.append(Row(format_html("<del>{}</del>", old_line), "", True))
            else:
                rows.append(Row("", format_html("<ins>{}</ins>", new_line), True))
    return rows


def display_value(field, value):
    if value is None:
        return ""
    if field.many_to_many or field.is_relation:
        ids = value if field.many_to_many else [value]
        found = {obj.pk: str(obj) for obj in field.related_model._base_manager.filter(pk__in=ids)}
        return ", ".join(found.get(pk, f"#{pk} (deleted)") for pk in ids)
    return str(value)


def compare(old_snapshot, new_snapshot, fields=None):
    """One FieldComparison per revision field (or per one of `fields`), in form order."""
    comparisons = []
    for field in revision_fields():
        if fields is not None and field.name not in fields:
            continue
        old = display_value(field, old_snapshot.get(field.name))
        new = display_value(field, new_snapshot.get(field.name))
        if field.name in LINE_BY_LINE:
            rows = compare_lines(old, new)
        else:
            rows = [Row(*compare_words(old, new), old != new)]
        comparisons.append(FieldComparison(str(field.verbose_name).capitalize(), rows, old != new))
    return comparisons
