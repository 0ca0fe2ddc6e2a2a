"""One grammar for numbers in Chinese text: character tables, sub-patterns and the numeral evaluator.

Both the figure scanner (:mod:`analysis.text.figures`) and the parsers
(:func:`analysis.text.numbers.parse_number`, :func:`~analysis.text.numbers.parse_figure`) are
built from the pieces defined here, so a form that one of them reads, the other reads the same way.

The grammar works on *normalised* text (:func:`normalise_text`): full-width ASCII becomes ASCII and
traditional characters that matter to numbers, units and their context words become simplified.
The mapping is one character to one character, so offsets into normalised text are offsets into
the original.

A numeral is a run of Arabic groups and Chinese numeral characters, in any mixture
(``1,194万8千``, ``3亿2,385万``, ``200亿零四千230``, ``十二万三千``, ``五万五``, ``2 万 12``), with an
optional decimal part (``3.5``, ``一百点123``, ``零点五``). :func:`numeral_value` evaluates it exactly
with :class:`decimal.Decimal`. A single digit directly after a unit character is read the spoken
way (``三万五`` = 35,000, ``5万5`` = 55,000); several digits are added as written (``1万600`` = 10,600).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

__all__ = [
    "APPROX_AFTER",
    "APPROX_BEFORE",
    "ARABIC",
    "BIG_UNITS",
    "CN_DIGITS",
    "CN_NUMERAL_CHARS",
    "DECREASE_WORDS",
    "DURATION_WORDS",
    "MONEY_WORDS",
    "NUMERAL",
    "PEOPLE_NOUNS",
    "SMALL_UNITS",
    "UNIT_FACTORS",
    "UNIT_WORDS",
    "normalise_text",
    "numeral_value",
    "unit_pattern",
]

# --------------------------------------------------------------------------- characters

#: Traditional -> simplified for the characters that matter to numbers, units and the words around them.
_TRADITIONAL_PAIRS = (
    "萬万 億亿 餘余 兩两 圓元 圆元 員员 個个 參参 貳贰 陸陆 戶户 點点 筆笔 場场 項项 數数 歲岁 過过 職职 農农 勞劳 "
    "動动 學学 資资 貸贷 額额 負负 約约 減减 較较 幾几 來来 業业 將将 達达 總总 為为 間间 張张 輛辆 條条 臺台 "
    "棟栋 處处 實实 務务 費费 補补 獎奖 勵励 與与 準准 備备 錢钱 類类 種种 頭头 隻只 層层 樓楼 號号 屆届 區区 "
    "縣县 鎮镇 鄉乡 漲涨 計计 劃划 產产 於于 億亿 紀纪 畢毕 齡龄 倉仓 證证 稅税 獲获 發发 撥拨 籌筹 貼贴 盈盈 "
    "營营 銷销 潤润 益益 預预 額额 贊赞 項项 筆笔 億亿 級级 門门 僅仅 壓压 跌跌 縮缩 降降 蕭萧 滑滑 陷陷 鐘钟 "
    "時时 週周 階阶 歷历 屆届 屬属 戰战 閒闲 載载 瀏浏 覽览 團团 隊队 組组 廠厂 辦办 訓训 練练 進进 導导 擴扩 "
    "據据 檢检 驗验 醫医 療疗 險险 衛卫 讀读 語语 證证 從从 至至 對对 滿满 級级 歐欧 蘭兰 韓韩 臺台 灣湾 門门 "
    "澳澳 幣币 圓元 雙双 億亿 兆兆 羣群 眾众 僱雇 傭佣 貧贫 殘残 婦妇 齡龄 長长 務务 畢毕 練练 術术 擁拥 億亿"
)
_TRADITIONAL: dict[str, str] = {p[0]: p[1] for p in _TRADITIONAL_PAIRS.split() if p[0] != p[1]}

#: Full-width ASCII block (０-９，．％ ...) -> ASCII, plus the traditional characters.
_NORMALISE: dict[str, str] = (
    {chr(cp): chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
    | _TRADITIONAL
    | {
        "−": "-",
        "﹣": "-",
    }
)
_NEEDS_NORMALISING = re.compile("[" + "".join(re.escape(c) for c in _NORMALISE) + "]")


def normalise_text(text: str) -> str:
    """Map full-width ASCII to ASCII and traditional number, unit and context characters to simplified.

    One character to one character, so offsets into the result are offsets into the input.

    >>> normalise_text("３２４５萬")
    '3245万'
    """
    # Characters to map are rare in real text: substituting only them beats translating every character.
    return _NEEDS_NORMALISING.sub(_normalise_char, text)


def _normalise_char(m: re.Match[str]) -> str:
    return _NORMALISE[m.group()]


#: Chinese digits (ordinary and financial capitals) and their values.
CN_DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "两": 2,
    "贰": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
#: Units inside a 万-section.
SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
#: Section units.
BIG_UNITS: dict[str, int] = {"万": 10**4, "亿": 10**8}
#: Every character a Chinese numeral is written with (廿 = twenty).
CN_NUMERAL_CHARS = "".join(CN_DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS) + "廿"

# --------------------------------------------------------------------------- sub-patterns

#: Characters that group thousands: comma, and the spaces typeset yearbooks use (space, no-break, thin).
_GROUP_SPACE = "[ \u00a0\u2009\u202f]"
#: An Arabic number: comma- or space-grouped thousands (each group exactly three digits), or plain
#: digits; an optional decimal part; or a bare decimal part (``.5``).
ARABIC = (
    r"(?:(?:\d{1,3}(?:,\d{3})+(?!\d)|\d{1,3}(?:" + _GROUP_SPACE + r"\d{3})+(?![\d])|\d+)(?:\.\d+)?|\.\d+)"
)
_CN_CLASS = "[" + CN_NUMERAL_CHARS + "]"
_DIGIT_CLASS = "[0-9" + "".join(CN_DIGITS) + "]"
#: A numeral: Arabic groups and Chinese numeral characters in any mixture, with an optional decimal
#: point (``点`` or ``.``) and single spaces around 万/亿 (``2 万 12``).
NUMERAL = (
    "(?:" + ARABIC + "|" + _CN_CLASS + ")"
    "(?:" + ARABIC + "|" + _CN_CLASS + "|点(?=" + _DIGIT_CLASS + ")"
    "|" + _GROUP_SPACE + "(?=[万亿])|(?<=[万亿])" + _GROUP_SPACE + r"(?=\d))*"
)

#: Words before a number that make it approximate (about, nearly, more than, less than, up to).
APPROX_BEFORE = (
    "大约",
    "将近",
    "接近",
    "逼近",
    "超过",
    "上看",
    "不足",
    "不到",
    "多达",
    "近",
    "约",
    "逾",
    "超",
    "过",
)
#: Words after a number (or its unit) that make it approximate.
APPROX_AFTER = ("或以上", "以上", "左右", "以内", "上下")

#: A fall or a shortfall: a number right after these (in the same clause) is the size of a decrease.
DECREASE_WORDS = ("下降", "下跌", "减少", "降低", "低于", "回落", "下滑", "缩减", "减", "跌", "降")

#: Measure words after a number and the unit they give. Longest match wins.
UNIT_WORDS: dict[str, str] = {
    "人次": "person_time",
    "人": "person",
    "名": "person",
    "位": "person",
    "美元": "usd",
    "港元": "yuan",
    "港币": "yuan",
    "澳门元": "yuan",
    "元": "yuan",
    "%": "percent",
    "‰": "percent",
    "个百分点": "percentage_point",
    "百分点": "percentage_point",
    "成": "percent",
    "个": "count",
    "家": "count",
    "户": "count",
    "项": "count",
    "所": "count",
    "处": "count",
    "座": "count",
    "批": "count",
    "期": "count",
    "班": "count",
    "条": "count",
    "次": "count",
    "台": "count",
    "本": "count",
    "笔": "count",
    "场": "count",
    "份": "count",
    "件": "count",
    "宗": "count",
    "起": "count",
    "栋": "count",
    "幢": "count",
    "间": "count",
    "套": "count",
    "张": "count",
    "辆": "count",
    "头": "count",
    "羽": "count",
    "只": "count",
    "句": "count",
    "篇": "count",
    "种": "count",
    "类": "count",
    "岁": "age_years",
    "周岁": "age_years",
    "平方公里": "square_metre",
    "平方米": "square_metre",
    "亩": "mu",
    "公顷": "hectare",
    "公里": "km",
    "吨": "ton",
    "倍": "times",
}

#: Units that are periods, not amounts (a duration is reported with ``kind == "duration"``).
DURATION_WORDS: dict[str, str] = {
    "个月": "months",
    "小时": "hours",
    "分钟": "minutes",
    "天": "days",
    "年": "years",
    "周": "weeks",
}

#: Factors that bring a unit word to its base unit (km² to m², per mille to percent, 成 = tenths).
UNIT_FACTORS: dict[str, Decimal] = {"平方公里": Decimal(10**6), "‰": Decimal("0.1"), "成": Decimal(10)}

#: Nouns for people that may follow a number without 人 (35万下岗职工, 180万农民工): the unit is ``person``.
PEOPLE_NOUNS = (
    "人员",
    "人口",
    "职工",
    "员工",
    "劳动力",
    "农民工",
    "农民",
    "工人",
    "学员",
    "学生",
    "毕业生",
    "青年",
    "妇女",
    "残疾人",
    "居民",
    "民众",
    "群众",
    "移工",
    "劳工",
    "雇员",
    "失业者",
    "求职者",
    "老人",
    "长者",
    "党员",
    "干部",
    "贫困户人口",
    "大军",
)

#: Words that make a bare 万/亿 an amount of money (收入800亿): the unit is ``yuan``.
MONEY_WORDS = (
    "收入",
    "贷款",
    "资金",
    "奖励金",
    "奖金",
    "补助",
    "补贴",
    "经费",
    "投入",
    "投资",
    "产值",
    "总额",
    "金额",
    "工资",
    "薪资",
    "税收",
    "财政",
    "预算",
    "营业额",
    "销售额",
    "利润",
    "收益",
    "基金",
    "准备金",
    "生产总值",
    "GDP",
    "存款",
    "拨付",
    "发放",
    "筹集",
    "援助",
    "费用",
    "款",
)


def unit_pattern(words: Iterable[str]) -> str:
    """A regex matching any of ``words``, the longest where several match (人次 before 人, 个百分点 before 个).

    Written as a trie (``人(?:次)?``), so the engine compares one character per step instead of trying
    every word in turn.
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie(trie)


def _trie(node: dict[str, dict]) -> str:
    alternatives = [re.escape(ch) + _trie(child) for ch, child in sorted(node.items()) if ch]
    if not alternatives:
        return ""
    body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
    return "(?:" + body + ")?" if "" in node else body


# --------------------------------------------------------------------------- evaluation

_TOKEN = re.compile(r"(\d+(?:\.\d*)?|\.\d+)|(.)")
_GROUPING = re.compile(r"[,\s\u00a0\u2009\u202f]")
_ARABIC_CHAR = re.compile(r"[0-9.]")
_DIGITS_AND_MULTIPLIER = re.compile(r"(\d+(?:\.\d+)?)([万亿])")
_FRACTION_DIGITS = re.compile("^([0-9" + "".join(CN_DIGITS) + "]+)([万亿]*)$")


def _decimal(s: str) -> Decimal:
    try:
        return Decimal(s)
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {s!r}") from exc


def numeral_value(numeral: str) -> Decimal | int:
    """Evaluate a numeral of normalised text, without sign or unit, exactly (an ``int``, or a ``Decimal``
    when it has a fractional part).

    Raises
    ------
    ValueError
        if ``numeral`` is not a well-formed number (``千方``, ``1..2``, an empty string).

    >>> numeral_value("1,194万8千")
    11948000
    >>> numeral_value("三万五")
    35000
    >>> numeral_value("三点五万")
    Decimal('35000.0')
    """
    if numeral.isascii():  # the common cases: plain digits, a decimal
        if numeral.isdigit():
            return int(numeral)  # type: ignore[return-value]  # an int is exact too
        if numeral.replace(".", "", 1).isdigit() and numeral[-1] != ".":
            return Decimal(numeral)
    simple = _DIGITS_AND_MULTIPLIER.fullmatch(numeral)
    if simple:  # 3万, 0.85亿
        digits, mult = simple.groups()
        return (int(digits) if digits.isdigit() else Decimal(digits)) * BIG_UNITS[mult]
    s = numeral.replace(",", "") if "," in numeral else numeral
    if not s.replace(".", "").isalnum():  # spaces grouping thousands or around 万 (2 万 12)
        s = _GROUPING.sub("", s)
    if not s:
        raise ValueError("empty numeral")
    if s.isascii() and s.replace(".", "", 1).isdigit() and not s.endswith("."):
        return Decimal(s)
    if "点" in s:
        whole, _, frac = s.partition("点")
        m = _FRACTION_DIGITS.match(frac)
        if not whole or not m:
            raise ValueError(f"not a decimal numeral: {numeral!r}")
        digits = "".join(str(CN_DIGITS[c]) if c in CN_DIGITS else c for c in m[1])
        value = _integer_value(whole, numeral) + Decimal("0." + digits)
        for c in m[2]:
            value *= BIG_UNITS[c]
        return value
    return _integer_value(s, numeral)


#: Token of each numeral character: (kind, value, a single digit?). Kinds: d digit, z zero, s 十/百/千, b 万/亿.
_CHAR_TOKENS: dict[str, tuple[str, int, bool]] = {
    **{c: ("z" if v == 0 else "d", v, True) for c, v in CN_DIGITS.items()},
    **{c: ("s", v, False) for c, v in SMALL_UNITS.items()},
    **{c: ("b", v, False) for c, v in BIG_UNITS.items()},
}


def _integer_value(s: str, original: str) -> Decimal | int:
    tokens: list[tuple[str, Decimal | int, bool]] = []
    if "廿" in s:
        s = s.replace("廿", "二十")
    if _ARABIC_CHAR.search(s):  # mixed with Arabic digits: 1万600, 200亿零四千230
        for m in _TOKEN.finditer(s):
            if m[1] is not None:
                if m[1].endswith("."):
                    raise ValueError(f"stray decimal point in {original!r}")
                tokens.append(("n", _decimal(m[1]) if "." in m[1] else int(m[1]), len(m[1]) == 1))
            elif m[2] in _CHAR_TOKENS:
                tokens.append(_CHAR_TOKENS[m[2]])
            else:
                raise ValueError(f"{m[2]!r} is not part of a numeral ({original!r})")
    else:
        try:
            tokens = [_CHAR_TOKENS[c] for c in s]
        except KeyError as exc:
            raise ValueError(f"{exc.args[0]!r} is not part of a numeral ({original!r})") from None
    if not "".join([k for k, _, _ in tokens]).strip("dz"):  # 一七二零, 〇, 二〇〇五: digit by digit
        return int("".join(str(v) for _, v, _ in tokens))  # type: ignore[return-value]
    if len(tokens) == 1:
        return tokens[0][1]
    yi = wan = cur = 0
    num: Decimal | int | None = None
    single = False
    last_unit: int | None = None
    prev = ""
    written = False  # a digit or a small unit since the last 万/亿 (0万 is zero; a bare 万 is ten thousand)
    for kind, v, is_single in tokens:
        if kind in "dn":
            if prev in ("d", "n"):
                raise ValueError(f"two numbers in a row in {original!r}")
            num, single, written = v, is_single, True
        elif kind == "z":
            num, single, written = None, False, True
        elif kind == "s":
            if isinstance(num, Decimal) and num != num.to_integral_value():
                raise ValueError(f"a decimal before {int(v)} in {original!r}")
            cur += (1 if num is None else num) * v
            num, last_unit, written = None, v, True
        else:  # 万 or 亿
            section = cur + (num or 0)
            if not written:
                section = 0 if (yi or wan) else 1  # 一万万, 一万亿; a bare 万
            if v == 10**4:
                if not written and wan:
                    yi, wan = yi + wan * 10**4, 0  # 一万万 = 一亿
                else:
                    wan += section * v
            else:
                yi = (yi + wan + section) * v
                wan = 0
            cur, num, last_unit, written = 0, None, v, False
        prev = kind
    if num is not None:
        if (
            single
            and prev in ("d", "n")
            and last_unit is not None
            and len(tokens) >= 2
            and tokens[-2][0] in "sb"
        ):
            num *= last_unit // 10  # 三万五 = 35,000; 两千六 = 2,600; 一百二 = 120
        cur += num
    return yi + wan + cur
