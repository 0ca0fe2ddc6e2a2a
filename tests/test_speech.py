"""clean_text, extract_figures and the curated annotations."""

import hashlib

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import paths, speech
from analysis.numbers import to_chinese_numeral
from analysis.text.reading import read_text

RAW_SPEECH = paths.SPEECH_RAW


def test_raw_speech_is_byte_identical_to_the_seed():
    assert hashlib.sha256(RAW_SPEECH.read_bytes()).hexdigest() == paths.SPEECH_RAW_SHA256
    seed = paths.ROOT.parent / "shared" / "seed" / "speech_jiamusi_2003_scraped.txt"
    if seed.exists():  # ../shared sits beside the checkout in CI and on developer machines
        assert seed.read_bytes() == RAW_SPEECH.read_bytes()


@pytest.fixture(scope="module")
def body():
    return speech.clean_text(read_text(RAW_SPEECH))


def test_clean_text_starts_at_salutation_and_ends_at_last_sentence(body):
    assert body.startswith("同志们:")
    assert body.endswith("做出积极的贡献。")


@pytest.mark.parametrize(
    "junk", ["中国福彩网", "当前位置", "来源::未知", "作者:", "随机阅读", "TODAY'S FOCUS", "图片", "主页 >"]
)
def test_clean_text_removes_boilerplate(body, junk):
    assert junk not in body


def test_clean_text_keeps_eighteen_paragraphs_and_joins_broken_lines(body):
    paras = speech.paragraphs(body)
    assert len(paras) == 18
    assert any("需要做的工作还很多,还有许多问题亟待解决" in p for p in paras)


OTHER_PAGE = """首页 > 领导讲话 > 正文
某县再就业工作会议讲话
发布时间:2004-03-02  来源:县政府网  作者:办公室
[图片]
各位代表:

    今年全县新增就业岗位3,245个,安置下岗失业人员1,806人,完成年计划的百分之九十。

    培训下岗职工1.2万人次,发放小额担保贷款0.85亿元。
这句话被网页
截断了。

上一篇:关于春耕的通知
相关文章
版权所有 某县人民政府
"""


def test_clean_text_on_another_page_shape_keeps_body_only():
    body = speech.clean_text(OTHER_PAGE)
    assert body.startswith("各位代表:")
    assert "发布时间" not in body and "上一篇" not in body and "版权所有" not in body and "图片" not in body
    assert body.endswith("截断了。")
    assert "1,806人" in body


def test_clean_text_without_salutation_starts_after_header():
    page = "当前位置:首页 > 新闻\n来源:日报\n\n  全市安置2000人。\n\n随机阅读\n别的文章"
    assert speech.clean_text(page) == "全市安置2000人。"


def test_clean_text_with_no_body_raises_clear_error():
    with pytest.raises(ValueError, match="no speech text"):
        speech.clean_text("当前位置:首页\n来源:未知\n随机阅读")


# ----------------------------------------------------------------- extraction on the speech


@pytest.fixture(scope="module")
def figures(body):
    return speech.extract_figures(body)


@pytest.mark.parametrize(
    ("raw", "value", "unit"),
    [
        ("27111人", 27111, "person"),
        ("82.9%", 82.9, "percent"),
        ("375个", 375, "count"),
        ("716人", 716, "person"),
        ("7178人", 7178, "person"),
        ("2460人", 2460, "person"),
        ("1200万元", 12_000_000, "yuan"),
        ("1000万元", 10_000_000, "yuan"),
        ("120万元", 1_200_000, "yuan"),
        ("315万元", 3_150_000, "yuan"),
        ("143万元", 1_430_000, "yuan"),
        ("8.3万人", 83_000, "person"),
        ("6300万元", 63_000_000, "yuan"),
        ("926户", 926, "count"),
        ("100948名", 100_948, "person"),
        ("29项", 29, "count"),
        ("2000余人", 2000, "person"),
        ("382个", 382, "count"),
        ("177个", 177, "count"),
        ("117元", 117, "yuan"),
    ],
)
def test_speech_figure_is_found_with_normalised_value(figures, raw, value, unit):
    row = figures[figures["raw"] == raw].iloc[0]
    assert row["value"] == pytest.approx(value)
    assert row["unit"] == unit
    assert row["kind"] == "amount"


def test_speech_approximation_is_flagged(figures):
    assert figures.set_index("raw").loc["2000余人", "approx"]


@pytest.mark.parametrize(
    ("raw", "unit"), [("1-8月份", "month_range"), ("2005年底", "year"), ("2001年以来", "year")]
)
def test_speech_dates_are_dates_not_amounts(figures, raw, unit):
    rows = figures[figures["raw"] == raw]
    assert not rows.empty and set(rows["kind"]) == {"date"} and set(rows["unit"]) == {unit}


def test_offsets_point_at_the_raw_span(body, figures):
    for f in figures.itertuples():
        assert body[f.start : f.end] == f.raw


def test_speech_figures_are_single_positive_numbers(figures):
    # no range and no decrease in the speech: low = high = value, sign 1 (issue 11 columns)
    assert (figures["low"] == figures["value"]).all() and (figures["high"] == figures["value"]).all()
    assert set(figures["sign"]) == {1}


def test_list_numbering_and_rhetorical_numerals_are_not_figures(figures):
    assert not figures["raw"].isin(["1、", "1", "一个", "三个", "四个"]).any()
    assert len(figures) == 28


# ----------------------------------------------------------------- extraction on any text


@pytest.mark.parametrize(
    ("text", "value", "unit", "approx"),
    [
        ("培训３２４５人", 3245, "person", False),
        ("安置27,111人", 27111, "person", False),
        ("投入2,345.6万元", 23_456_000, "yuan", False),
        ("贷款0.85亿元", 85_000_000, "yuan", False),
        ("新增十二万三千人", 123_000, "person", False),
        ("转移四万人", 40_000, "person", False),
        ("占百分之六十二", 62, "percent", False),
        ("帮助300多人", 300, "person", True),
        ("培训5000人次", 5000, "person_time", False),
        ("发放1200余万元", 12_000_000, "yuan", True),
        ("安置1.2萬人", 12_000, "person", False),
        ("失业率控制在4.5%以内", 4.5, "percent", True),  # 以内: a bound
        ("建成15家企业", 15, "count", False),
        ("提高3个百分点", 3, "percentage_point", False),
    ],
)
def test_extract_figures_on_policy_text(text, value, unit, approx):
    f = speech.extract_figures(text)
    assert len(f) == 1
    assert f.iloc[0]["value"] == pytest.approx(value)
    assert (f.iloc[0]["unit"], bool(f.iloc[0]["approx"])) == (unit, approx)


def test_person_times_are_distinct_from_persons():
    f = speech.extract_figures("培训1000人次,其中500人实现再就业")
    assert list(f["unit"]) == ["person_time", "person"]


def test_ordinals_and_words_are_not_figures():
    f = speech.extract_figures("第一,要千方百计做好第3项工作,一个群体,十分重要,三个代表")
    assert f.empty


def test_empty_text_gives_empty_table_with_columns():
    f = speech.extract_figures("")
    assert f.empty and list(f.columns) == speech.FIGURE_COLUMNS


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=10, max_value=99_999_999), st.sampled_from(["人", "元", "个", "人次"]))
def test_extract_figures_reads_back_chinese_numerals_in_sentences(n, unit):
    # from 10 up: a bare 一个/三个 is a word in prose ("一个群体"), deliberately not a figure
    text = f"今年全市共{to_chinese_numeral(n)}{unit},比上年增加。"
    f = speech.extract_figures(text)
    assert len(f) == 1 and f.iloc[0]["value"] == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**9))
def test_extract_figures_reads_back_separated_digits(n):
    f = speech.extract_figures(f"共安置{n:,}人。")
    assert f.iloc[0]["value"] == n and f.iloc[0]["unit"] == "person"


# ----------------------------------------------------------------- annotations


def test_every_annotation_matches_an_extracted_figure(figures):
    ann = speech.load_annotations()
    figs = figures.assign(occurrence=figures.groupby("raw").cumcount() + 1)
    keys = set(zip(figs["raw"], figs["occurrence"], strict=True))
    stale = [(r, o) for r, o in zip(ann["raw"], ann["occurrence"], strict=True) if (r, o) not in keys]
    assert not stale, f"annotations that match no figure: {stale}"


def test_every_extracted_amount_has_an_annotation():
    f = speech.speech_figures()
    missing = f[(f["kind"] == "amount") & (f["label"] == "")]["raw"].tolist()
    assert not missing, f"amounts without annotation: {missing}"


def test_annotation_vocabulary_is_checked(tmp_path):
    bad = tmp_path / "a.csv"
    pd.DataFrame(
        [{"raw": "1人", "occurrence": 1, "label": "x", "category": "inputs", "lever": "training", "note": ""}]
    ).to_csv(bad, index=False)
    with pytest.raises(ValueError, match="unknown category"):
        speech.load_annotations(bad)


def test_derived_indicators_follow_their_formulas():
    ind = speech.derived_indicators(speech.speech_figures()).set_index("key")["value"]
    assert ind["speech.implied_annual_plan"] == pytest.approx(27111 / 0.829)
    assert ind["speech.listed_money_yuan"] == 27_780_000
    assert ind["speech.yuan_per_placement"] == pytest.approx(27_780_000 / 27111)
    # 315万 paid for the 7,178 re-employment trainees, not the 2,460 pre-employment ones (issue 10).
    assert ind["speech.training_subsidy_per_trainee"] == pytest.approx(3_150_000 / 7178)
    assert ind["speech.trainees_reemployment"] == 7178


def test_annotation_levers_use_the_synthesis_vocabulary():
    ann = speech.load_annotations()
    money = speech.listed_money(speech.speech_figures()).set_index("raw")["lever"].to_dict()
    assert money == {
        "1200万元": "small_loans",
        "1000万元": "wage_subsidy",
        "120万元": "public_jobs",
        "315万元": "training",
        "143万元": "job_search",
    }
    assert set(speech.LEVER_PROGRAMME_TYPES) == {
        "training",
        "wage_subsidy",
        "public_jobs",
        "job_search",
        "small_loans",
    }
    assert set(ann["lever"]) <= speech.LEVER_VOCABULARY
    assert not {"subsidy", "credit"} & speech.LEVER_VOCABULARY


def test_old_lever_names_are_rejected(tmp_path):
    bad = tmp_path / "a.csv"
    pd.DataFrame(
        [{"raw": "1人", "occurrence": 1, "label": "x", "category": "input", "lever": "credit", "note": ""}]
    ).to_csv(bad, index=False)
    with pytest.raises(ValueError, match="unknown category.*lever \\['credit'\\]"):
        speech.load_annotations(bad)
