"""data/evidence/*.csv: schemas, and the CPI chain that deflates yuan to 2003 prices."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.data import evidence


def test_effects_table_loads_with_closed_vocabularies():
    e = evidence.load_effects()
    assert len(e) >= 40
    assert set(e["programme_type"].dropna()) <= evidence.PROGRAMME_TYPES
    # every one of the five levers has at least one row
    assert set(e["programme_type"].dropna()) == evidence.PROGRAMME_TYPES
    assert e["source_url"].str.startswith("http").all()


def test_bidani_training_rows_bracket_the_chinese_evidence():
    e = evidence.load_effects().set_index("id")
    assert e.loc["bidani2009_shenyang_training", "effect"] == -6
    assert e.loc["bidani2009_wuhan_training", "effect"] == 8
    assert (
        e.loc[["bidani2009_shenyang_training", "bidani2009_wuhan_training"], "horizon_months"] == 12
    ).all()


def test_unknown_programme_type_is_rejected_with_the_file_named(tmp_path):
    frame = pd.read_csv(evidence.EVIDENCE_DATA / "effects.csv", dtype=str, keep_default_na=False)
    frame.loc[0, "programme_type"] = "vouchers"
    bad = tmp_path / "effects.csv"
    frame.to_csv(bad, index=False)
    with pytest.raises(evidence.EvidenceDataError, match="effects.csv breaks its schema"):
        evidence.load_effects(bad)


def test_qualitative_row_with_a_number_is_rejected(tmp_path):
    frame = pd.read_csv(evidence.EVIDENCE_DATA / "effects.csv", dtype=str, keep_default_na=False)
    i = frame.index[frame["effect_unit"] == "qualitative_positive"][0]
    frame.loc[i, "effect"] = "5"
    bad = tmp_path / "effects.csv"
    frame.to_csv(bad, index=False)
    with pytest.raises(evidence.EvidenceDataError, match="qualitative row"):
        evidence.load_effects(bad)


def test_reemployment_rates_tag_their_periods():
    r = evidence.load_reemployment_rates().set_index("year")
    assert r.loc["2001", "period_kind"] == "annual" and r.loc["2001", "rate_pct"] == 30.6
    assert r.loc["2001H1", "period_kind"] == "part_year"
    assert r.loc["1998-2001", "period_kind"] == "cumulative_multi_year"
    assert r.loc["2000", "period_kind"] == "survey_stock"  # Appleton et al.: a stock, not an annual flow


def test_price_index_is_100_in_2003_and_chains_both_ways():
    p = evidence.price_index()
    assert p[2003] == 100
    assert p[2004] == pytest.approx(103.9)
    assert p[2002] == pytest.approx(100 / 1.012)
    # the README's check values
    assert p[1998] == pytest.approx(99.9, abs=0.05)
    assert p[2019] == pytest.approx(152.7, abs=0.05)


def test_to_2003_yuan_deflates_later_yuan_and_refuses_unknown_years():
    assert evidence.to_2003_yuan(103.9, 2004) == pytest.approx(100)
    s = evidence.to_2003_yuan(pd.Series([100.0, 100.0]), pd.Series([2003, 2004]))
    assert s.tolist() == pytest.approx([100, 100 / 1.039])
    with pytest.raises(evidence.EvidenceDataError, match="not in the CPI table"):
        evidence.to_2003_yuan(100, 1990)


def test_cpi_gap_breaks_the_chain(tmp_path):
    frame = pd.read_csv(evidence.EVIDENCE_DATA / "cpi_china.csv", dtype=str, keep_default_na=False)
    bad = tmp_path / "cpi.csv"
    frame.drop(index=3).to_csv(bad, index=False)
    with pytest.raises(evidence.EvidenceDataError, match="consecutive"):
        evidence.load_cpi(bad)
