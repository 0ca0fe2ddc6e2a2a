"""Forms the extractor once got wrong (issue 11), each in a sentence written for this project.

Every listed failing form is handled (right value and unit) or flagged (a kind other than
``amount``). The sentences are invented; none is copied from a real report.
"""

from __future__ import annotations

import math

import pytest

from analysis.speech import extract_figures
from analysis.text.figures import EXTRACTOR_VERSION, FIGURE_COLUMNS, KINDS


def _amounts(text: str):
    f = extract_figures(text)
    return f[f["kind"] == "amount"]


def _one(text: str):
    a = _amounts(text)
    assert len(a) == 1, a[["raw", "value", "unit", "kind"]].values.tolist()
    return a.iloc[0]


def test_new_columns_and_version_are_published():
    assert FIGURE_COLUMNS[-3:] == ["low", "high", "sign"]
    assert isinstance(EXTRACTOR_VERSION, str) and EXTRACTOR_VERSION == "2"
    assert {"amount", "date", "identifier", "malformed"} <= set(KINDS)


# ----------------------------------------------------------------- grouping and mixed numerals


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("年末全区就业人员3 512人,同比持平。", 3512, "person"),
        ("辖区内共有12\u2009804个市场主体。", 12804, "count"),
        ("全年招收学徒4\u00a0000名。", 4000, "person"),
        ("全年招收学徒4\u202f000名。", 4000, "person"),
        ("今年新增就业5万5千人。", 55_000, "person"),
        ("今年培训５万５人。", 55_000, "person"),
        ("另有.5万人参加了创业指导。", 5_000, "person"),
        ("就业人数为2,035万6千人。", 20_356_000, "person"),
        ("累计拨付4亿1,250万元。", 412_500_000, "yuan"),
        ("每人最多可领1万2000元。", 12_000, "yuan"),
        ("当年需求人数为 3 萬 407 人。", 30_407, "person"),
        ("筹集资金一万万元。", 100_000_000, "yuan"),
        ("失业率上升零點五個百分點。", 0.5, "percentage_point"),
        ("约有一成企业出现缺工。", 10, "percent"),
        ("媒合成功率接近7成。", 70, "percent"),
        ("四分之一的岗位面向高校毕业生。", 25, "percent"),
        ("注册失业率为6.04‰。", 0.604, "percent"),
        ("园区占地2 150平方公里。", 2_150_000_000, "square_metre"),
        ("全年收入增加一倍。", 1, "times"),
    ],
)
def test_grouped_mixed_and_partial_numerals(text, value, unit):
    row = _one(text)
    assert row["value"] == pytest.approx(value)
    assert row["unit"] == unit


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("人均补贴近千元。", 1000, "yuan"),
        ("年收入超過萬元的农户增加。", 10_000, "yuan"),
        ("提供逾千个岗位。", 1000, "count"),
        ("招聘会吸引千位市民前来。", 1000, "person"),
        ("财政收入超亿元的乡镇有4个。", 100_000_000, "yuan"),
    ],
)
def test_bare_thousand_and_ten_thousand_are_approximate_amounts(text, value, unit):
    row = _amounts(text).iloc[0]
    assert (row["value"], row["unit"]) == (value, unit)
    assert row["approx"] or row["counter"] == "位"


def test_vague_thousands_and_programme_names_are_not_amounts():
    assert _amounts("有数千人参加,全县实施万人培训工程,建成千人劳务基地。").empty


# ----------------------------------------------------------------- ranges


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("每户补贴150至250万元。", 1_500_000, 2_500_000, "yuan"),
        ("贷款额度为3—10万元。", 30_000, 100_000, "yuan"),
        ("每年转移3-5万人。", 30_000, 50_000, "person"),
        ("每年转移3万-5万人。", 30_000, 50_000, "person"),
        ("外出务工的约有三、四萬人。", 30_000, 40_000, "person"),
        ("每期培训二三十人。", 20, 30, "person"),
        ("面向15至24岁青年。", 15, 24, "age_years"),
        ("增幅在5%-8%之间。", 5, 8, "percent"),
        ("占比为百分之五至百分之十。", 5, 10, "percent"),
    ],
)
def test_a_range_is_one_figure_with_both_bounds_scaled(text, low, high, unit):
    row = _one(text)
    assert (row["low"], row["high"], row["unit"]) == (low, high, unit)
    assert row["value"] == pytest.approx((low + high) / 2)
    assert row["approx"]


def test_a_single_number_has_equal_bounds_and_positive_sign():
    row = _one("安置2000人。")
    assert row["low"] == row["high"] == row["value"] == 2000 and row["sign"] == 1


def test_month_ranges_stay_dates():
    f = extract_figures("1-8月份安置2000人")
    assert f.iloc[0]["kind"] == "date" and f.iloc[0]["unit"] == "month_range"


# ----------------------------------------------------------------- signs


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("工业产值增长率为-5%。", -5, "percent"),
        ("出口增速为负5%。", -5, "percent"),
        ("登记失业率下降5个百分点。", -5, "percentage_point"),
        ("比上年减少600人。", -600, "person"),
        ("城镇失业率低于全省平均水平0.4个百分点。", -0.4, "percentage_point"),
        ("外出务工人数同比下降了2.5%。", -2.5, "percent"),
    ],
)
def test_signs_and_stated_decreases_are_negative(text, value, unit):
    row = _one(text)
    assert (row["value"], row["unit"], row["sign"]) == (value, unit, -1)
    assert row["low"] == row["high"] == value


def test_every_member_of_a_listed_decrease_is_negative():
    a = _amounts("三个片区的失业率分别下降0.2、0.5及0.7个百分点。")
    assert a["value"].tolist() == [-0.2, -0.5, -0.7]
    assert set(a["unit"]) == {"percentage_point"} and set(a["sign"]) == {-1}


@pytest.mark.parametrize(
    "text",
    [
        "失业率回落至2.9%。",
        "失业率降至2.9%。",
        "远低于全国的2.9%。",
        "控制在低于2.9%的水平。",
        "减免税费2.9万元。",
    ],
)
def test_a_level_reached_or_compared_with_is_positive(text):
    row = _one(text)
    assert row["sign"] == 1 and row["value"] > 0


# ----------------------------------------------------------------- units from the context


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("全市有35万下岗职工。", 350_000, "person"),
        ("每年外出180万农民工。", 1_800_000, "person"),
        ("全縣約26萬農民工返鄉。", 260_000, "person"),
        ("吸纳5.2万多富余劳动力。", 52_000, "person"),
        ("组织2万在外务工人员返乡创业。", 20_000, "person"),
        ("全市人口约52万。", 520_000, "person"),
        ("全年财政收入800亿。", 80_000_000_000, "yuan"),
        ("发放创业贷款3亿,扶持", 300_000_000, "yuan"),
        ("该局获得2300万奖励金。", 23_000_000, "yuan"),
        ("受理劳动争议案件316件。", 316, "count"),
        ("查处违法案件42宗。", 42, "count"),
        ("年滿65歲的长者。", 65, "age_years"),
        ("考核共分5大项。", 5, "count"),
        ("共完成12小项。", 12, "count"),
    ],
)
def test_context_gives_the_unit(text, value, unit):
    row = _one(text)
    assert (row["value"], row["unit"]) == (value, unit)


def test_a_list_shares_its_unit():
    a = _amounts("三个站点分别接待了38、51及27人次。")
    assert a["value"].tolist() == [38, 51, 27] and set(a["unit"]) == {"person_time"}


def test_an_elided_unit_is_taken_from_its_pair():
    a = _amounts("从业人员由15万多人减少到13万多。")
    assert a["unit"].tolist() == ["person", "person"]
    assert a["value"].tolist() == [150_000, 130_000]


def test_traditional_over_is_approximate():
    row = _one("參加人數超過3000人。")
    assert row["value"] == 3000 and row["approx"]


# ----------------------------------------------------------------- not amounts


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("地址:某路8号,邮编154002。", "identifier"),
        ("见《劳动保障通讯》(31期)。", "identifier"),
        ("90年代以来企业改制。", "date"),
        ("20世纪末期的改革。", "date"),
        ("2016/17學年的入学人数。", "date"),
        ("文件编号991103。", "identifier"),
        ("实施111人才工程。", "identifier"),
        ("三次产业结构为12.1∶40.3∶47.6。", "number"),
        ("活动在市政大楼5楼举行。", "number"),
        ("各区情况见图 12。", "number"),
        ("每次不超过5分钟。", "duration"),
        ("为期18个月。", "duration"),
    ],
)
def test_codes_dates_and_names_are_not_amounts(text, kind):
    f = extract_figures(text)
    assert not f.empty and (f["kind"] != "amount").all(), f[["raw", "kind"]].values.tolist()
    assert kind in set(f["kind"])


def test_slogans_and_articles_are_not_amounts():
    f = extract_figures("坚持培训一人,就业一人;他开了一家小饭馆,统一人员管理。")
    assert _amounts("坚持培训一人,就业一人;他开了一家小饭馆,统一人员管理。").empty
    assert set(f["kind"]) <= {"phrase"}


def test_quoted_names_and_clock_times_are_not_amounts():
    assert _amounts("办好“六件实事”,上午9时至11时开放。").empty


def test_a_span_never_swallows_a_trailing_newline_or_space():
    f = extract_figures("全年财政收入800亿\n见图 23 \n")
    assert f.iloc[0]["raw"] == "800亿"
    assert not any(r != r.rstrip() for r in f["raw"])


@pytest.mark.parametrize("text", ["共转移1..2万人。", "样本量为10^5人。", "总额1e5元。", "共有1.5.3万人。"])
def test_garbage_numbers_are_flagged_malformed_without_a_value(text):
    f = extract_figures(text)
    assert _amounts(text).empty
    bad = f[f["kind"].isin(["malformed", "identifier"])]
    assert len(bad) >= 1 and bad["value"].map(math.isnan).all()


def test_indefinite_one_and_rhetorical_counts_are_words():
    assert _amounts("这是一个特殊的群体,要抓好三个代表和四个方面的工作。").empty
