"""Words follow intervals (DESIGN §9): no prose states an effect whose recorded interval includes zero."""

from __future__ import annotations

import re

import pytest

from analysis import paths, results
from analysis.viz import wording

UP, DOWN = "raised hours by", "lowered scrap rates by"


def test_interval_excluding_zero_gets_the_verb_of_its_sign():
    assert wording.finding_words({"value": -0.42, "ci": [-0.82, -0.02]}, UP, DOWN).startswith(
        "lowered scrap rates by 0.42"
    )
    assert wording.finding_words({"value": 1.5, "ci": [0.4, 2.6]}, UP, DOWN).startswith(
        "raised hours by 1.50"
    )


def test_interval_including_zero_never_states_an_effect():
    text = wording.finding_words({"value": -0.25, "ci": [-0.55, 0.05]}, UP, DOWN)
    assert not wording.states_effect(text)
    assert "includes zero" in text and "−0.25" in text


def test_one_sided_interval_reaching_zero_is_treated_as_including_it():
    assert wording.interval_includes_zero([-1.0, None])
    assert not wording.interval_includes_zero([0.5, None])
    assert not wording.states_effect(wording.finding_words({"value": 3.0, "ci": [None, 5.0]}, UP, DOWN))


def test_null_words_may_not_smuggle_an_effect_verb():
    with pytest.raises(ValueError, match="must not state an effect"):
        wording.finding_words({"value": 0.1, "ci": [-1, 1]}, UP, DOWN, none="lowered scrap rates a little")


def test_finding_without_an_interval_cannot_be_worded():
    with pytest.raises(ValueError, match="no interval"):
        wording.finding_words({"value": 0.1}, UP, DOWN)


def test_interval_text_uses_the_range_and_words_for_missing_bounds(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "RESULTS", tmp_path)
    results.record(
        "synthesis.test_cost",
        8777.0,
        unit="yuan",
        source="test",
        range=[3112.0, None],
        note="transferred",
        transferred=True,
    )
    assert wording.interval_text("synthesis.test_cost") == "3,112 to no finite upper bound"


# --------------------------------------------------------------------------- every page's prose

_KEY = re.compile(r"""(?:result|ci|interval)\(\s*["']([a-z0-9_.]+)["']""")
_MACRO = re.compile(r"\{\{.*?\}\}", re.S)


def _chunks(text: str) -> list[str]:
    """Paragraphs and list items of a Markdown page (a claim and its number sit in the same chunk)."""
    return [c for c in re.split(r"\n\s*\n|\n(?=\s*(?:[-*]|\d+\.)\s)", text) if c.strip()]


def _claims(chunk: str) -> list[tuple[str, str, str]]:
    """(verb, key, sentence) for each effect verb in a chunk's prose, with the finding it is about: the first
    finding cited after the verb in its sentence, else the last one before it."""
    out = []
    for sentence in re.split(r"(?<=[.;:!?])\s+(?=[A-Z*(])", chunk):
        prose = _MACRO.sub(lambda m: " " * len(m.group(0)), sentence)  # keep offsets; macro words are safe
        keys = [(m.start(), m.group(1)) for m in _KEY.finditer(sentence)]
        for verb in wording.EFFECT_WORDS.finditer(prose):
            after = [k for pos, k in keys if pos > verb.start()]
            before = [k for pos, k in keys if pos < verb.start()]
            key = after[0] if after else (before[-1] if before else None)
            if key:
                out.append((verb.group(0), key, " ".join(_MACRO.sub("…", sentence).split())))
    return out


def _violations(text: str, entries: dict) -> list[str]:
    out = []
    for chunk in _chunks(text):
        for verb, key, sentence in _claims(chunk):
            entry = entries.get(key)
            if entry is None or entry["unit"] in ("person", "yuan", "percent", "count"):
                continue  # unknown keys fail the build elsewhere; counts and the speech's figures are not effects
            ci = entry.get("ci")
            if ci is None or wording.interval_includes_zero(ci):
                why = "has no interval" if ci is None else f"has the interval {ci}, which includes zero"
                out.append(f"{key}: '{verb}' states an effect, but the finding {why}: {sentence[:160]}")
    return out


def test_the_rule_catches_a_stated_effect_with_an_interval_through_zero():
    entries = {"subsidies.grant_scrap_fe": {"value": -0.25, "unit": "log points", "ci": [-0.55, 0.05]}}
    bad = 'Grants lowered scrap rates by {{ result("subsidies.grant_scrap_fe") }}.'
    good = (
        'Grants {{ finding("subsidies.grant_scrap_fe", "raised scrap rates by", "lowered scrap rates by") }}.'
    )
    assert _violations(bad, entries) and not _violations(good, entries)


@pytest.mark.site
def test_no_page_states_an_effect_whose_interval_includes_zero(built_project):
    entries = results.load_all(built_project.root / "results")  # the session's own build, never a stale tree
    assert entries, "the session build recorded no results"
    problems = []
    for page in sorted(paths.DOCS.glob("*.md")):
        problems += [f"{page.name}: {v}" for v in _violations(page.read_text(encoding="utf-8"), entries)]
    assert not problems, "prose states effects its intervals do not support:\n  " + "\n  ".join(problems)
