"""The bench's own arithmetic (no servers): ratios are taken within a round and reported as
median and range, with the load average; the baselines' text is the same every run."""

from bench import run
from bench.baselines import text


def rounds(*values, load=1.0):
    return [{"rps": value, "load": load} for value in values]


def test_ratios_are_taken_within_each_round_and_reported_as_median_and_range():
    results = {
        "article cold (cache bypassed)": rounds(300, 100, 200),
        "minimal Django article (baseline)": rounds(100, 100, 100, load=2.5),
        "home (cold)": rounds(50, 60, 70),
    }
    report = run.round_ratios(results)
    assert "| minimal Django article (baseline) | 100 | 100–100 | 2.5 | 2.5–2.5 |" in report
    # 3x, 1x, 2x within the rounds: median 2x (the medians' ratio would also be 2x, but a
    # range of 1–3x shows the noise).
    assert "| cold article / minimal Django | 2.00x | 1.00–3.00x | 1.5x | met |" in report
    assert "| cold home / minimal Django | 0.60x | 0.50–0.70x | 1.2x | MISSED |" in report
    # Rows not measured in this run (no Wagtail, no --compare) are left out, not zero.
    assert "Wagtail" not in report
    assert "compared" not in report


def test_the_baselines_articles_are_the_same_every_run_and_about_6_kb_of_markdown():
    first = list(text.articles(3))
    assert first == list(text.articles(3))
    assert [slug for _title, slug, _standfirst, _body in first] == ["story-1", "story-2", "story-3"]
    assert all(5_500 <= len(body) <= 7_500 for *_rest, body in first)
    assert all("## " in body and "\n- " in body for *_rest, body in first)
