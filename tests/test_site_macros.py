"""Site macros: links from a number to the cell that computed it, the speech's sections and sources."""

from __future__ import annotations

import json

import pytest

from analysis import paths, results
from analysis.site import macros


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "RESULTS", tmp_path)

    def write(namespace: str, entries: dict) -> None:
        (tmp_path / f"{namespace}.json").write_text(json.dumps(entries), encoding="utf-8")

    return write


def test_cell_link_points_at_the_recording_cell(store):
    store(
        "training",
        {
            "training.ate": {
                "value": 1794.3,
                "unit": "USD",
                "notebook": "02_training.ipynb",
                "cell": "a1b2c3d4",
            }
        },
    )
    assert macros.cell_link("training.ate") == "generated/notebooks/02_training.ipynb#cell-a1b2c3d4"


def test_cell_link_falls_back_to_the_namespace_notebook_without_notebook_or_cell(store):
    store(
        "subsidies",
        {
            "subsidies.x": {"value": 1, "unit": "count"},
            "subsidies.y": {"value": 2, "unit": "count", "notebook": "notebooks/03_subsidies.ipynb"},
        },
    )
    assert macros.cell_link("subsidies.x") == "generated/notebooks/03_subsidies.ipynb"
    assert macros.cell_link("subsidies.y") == "generated/notebooks/03_subsidies.ipynb"


def test_cell_link_for_an_unrecorded_key_fails_naming_it(store):
    store("training", {})
    with pytest.raises(results.ResultKeyError, match="training.missing"):
        macros.cell_link("training.missing")


def test_result_link_is_a_markdown_link_with_the_key_as_title(store):
    store(
        "speech",
        {"speech.placements": {"value": 27111, "unit": "person", "notebook": "01_speech", "cell": "c1"}},
    )
    link = macros.result_link("speech.placements")
    assert link.startswith("[27,111](generated/notebooks/01_speech.ipynb#cell-c1)")
    assert 'title="speech.placements"' in link


def test_a_note_with_markdown_characters_does_not_break_the_bold_around_its_number(store):
    import markdown

    note = "in-sample; scored out of sample on held-out passages (extractor_*_heldout) [see `x`]"
    store("reports", {"reports.r": {"value": 0.5, "unit": "share", "notebook": "06_reports", "note": note}})
    page = f"recall **{macros.result_link('reports.r', '{:.0%}')}** and precision **90%**"
    html = markdown.markdown(page, extensions=["attr_list"])
    assert '<strong><a class="result"' in html and "<strong>90%</strong>" in html
    assert "{" not in html and "&#42;" in html  # the attribute list was read; the asterisk kept as text


def test_speech_sections_follow_the_speech_numbering():
    from analysis import speech

    zh = speech.paragraphs(speech.speech_text())
    marks = macros.speech_sections(zh, macros._translation())
    ids = [m["id"] for m in marks]
    assert ids[0] == "opening" and ids[-1] == "closing"
    assert "part-1" in ids and "part-2" in ids
    assert [i for i in ids if i.startswith("part-2-")] == [f"part-2-{n}" for n in range(1, 8)]


def test_speech_side_by_side_keeps_every_paragraph_unchanged():
    import re

    from analysis import speech

    text = speech.speech_text()
    out = macros.speech_side_by_side()
    shown = [re.sub(r"<[^>]+>", "", m) for m in re.findall(r'<div class="zh" lang="zh">(.*?)</div>', out)]
    import html

    assert [html.unescape(s) for s in shown] == speech.paragraphs(text)


def test_provenance_reads_the_raw_page_and_hashes_it_now():
    import hashlib

    out = macros.speech_provenance()
    assert hashlib.sha256(paths.SPEECH_RAW.read_bytes()).hexdigest() in out
    assert "来源::未知" in out and "在全市再就业工作经验交流会议上的讲话" in out
    assert "source unknown" in out.lower()


def test_estimate_cell_gives_the_interval_when_there_is_one(store):
    store(
        "reports",
        {
            "reports.a": {"value": 0.8333, "ci": [0.51, 1.16], "unit": "slope", "notebook": "06_reports"},
            "reports.b": {"value": None, "ci": [None, None], "unit": "slope", "notebook": "06_reports"},
        },
    )
    assert macros.estimate_cell("reports.a").endswith("} (0.51 to 1.16)")
    assert macros.estimate_cell("reports.b").startswith("[not estimable]")
