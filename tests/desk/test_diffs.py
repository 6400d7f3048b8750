import pytest

from desk.diffs import compare, compare_lines, compare_words

pytestmark = pytest.mark.django_db


def test_changed_words_are_marked_on_each_side():
    old, new = compare_words("Ferries leave at 7, daily.", "Ferries leave at 8, daily.")
    assert old == "Ferries leave at <del>7</del>, daily."
    assert new == "Ferries leave at <ins>8</ins>, daily."


def test_identical_text_has_no_marks():
    assert compare_words("Same.", "Same.") == ("Same.", "Same.")


def test_typed_markup_is_shown_as_text():
    old, new = compare_words("a <b>", "a <script>")
    assert old == "a &lt;<del>b</del>&gt;"
    assert new == "a &lt;<ins>script</ins>&gt;"


def test_body_is_compared_line_by_line():
    rows = compare_lines("Intro.\nOld line.\nEnd.", "Intro.\nNew line.\nAdded.\nEnd.")
    assert [(row.old, row.new, row.changed) for row in rows] == [
        ("Intro.", "Intro.", False),
        ("<del>Old</del> line.", "<ins>New</ins> line.", True),
        ("", "<ins>Added.</ins>", True),
        ("End.", "End.", False),
    ]


def test_comparison_covers_every_revision_field_and_tolerates_missing_keys():
    comparison = compare({"title": "Old", "body": "Same."}, {"title": "New", "body": "Same."})
    assert [(field.label, field.changed) for field in comparison] == [
        ("Headline", True),
        ("Standfirst", False),
        ("Body", False),
        ("Section", False),
        ("Authors", False),
        ("Tags", False),
        ("Search title", False),
        ("Search description", False),
        ("Share title", False),
        ("Share description", False),
        ("Lead image", False),
        ("Lead image alt text", False),
        ("Lead image caption", False),
        ("Lead image is decorative", False),
        ("Share image", False),
    ]
