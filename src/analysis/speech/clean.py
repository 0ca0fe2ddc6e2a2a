"""Cleaning a scraped page down to the speech body (from the salutation to the last sentence)."""

from __future__ import annotations

import re

__all__ = ["clean_text", "paragraphs"]

# --------------------------------------------------------------------------- cleaning

_SALUTATION = re.compile(
    r"^[ \t\u3000\xa0]*(同志们|各位[^\n:：]{0,12}|女士们[^\n:：]{0,12}|先生们[^\n:：]{0,12}|同事们|朋友们)[:：]\s*$",
    re.M,
)
#: Lines that are page furniture wherever they appear.
_BOILERPLATE_LINE = re.compile(
    r"^\s*(?:"
    r"图片|\[图片\]|<img[^>]*>|点击查看大图|点击图片.*|"
    r"当前位置[:：].*|您现在的位置[:：].*|首页\s*>.*|主页\s*>.*|.*>\s*>\s*$|"
    r"来源[:：].*|作者[:：].*|发布时间[:：].*|发布日期[:：].*|时间[:：]\s*\d.*|浏览次数.*|点击[:：]?\s*\d+.*|"
    r"上一页.*|下一页.*|上一篇.*|下一篇.*|\[\d+\](?:\s*\[\d+\])*\s*|第\s*\d+\s*页.*|"
    r"责任编辑[:：].*|编辑[:：].*|打印本页.*|关闭窗口.*|分享到.*|【(?:打印|关闭|字体).*"
    r")\s*$"
)
#: Lines after which nothing belongs to the speech.
_TAIL_MARKER = re.compile(
    r"^\s*(?:随机阅读|相关阅读|相关文章|相关链接|推荐阅读|热门文章|猜你喜欢|延伸阅读|最新文章|"
    r"上一篇|下一篇|版权所有|Copyright|copyright|©|免责声明|TODAY'S FOCUS)"
)
_TERMINAL = tuple("。！？!?”」』…；;")
_INDENT = re.compile(r"^[ \t\u3000\xa0]+")
_WS = " \t\u3000\xa0\u200b\ufeff"


def clean_text(raw: str) -> str:
    """Return the body of a scraped speech, paragraphs separated by one blank line.

    Keeps the text from the salutation line ("同志们:", "各位代表:", ...) to the last
    complete sentence; drops banners, breadcrumbs, "来源/作者" lines, image
    placeholders, pagination and "随机阅读"-style tails. Lines that a page broke in the
    middle of a sentence (an unindented line after a paragraph with no final
    punctuation) are joined back.

    Parameters
    ----------
    raw
        The page text as scraped.

    Returns
    -------
    str
        The cleaned body.

    Raises
    ------
    ValueError
        If nothing that looks like speech text is left.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    # Lines seen before the body (site banners) are boilerplate when repeated after it.
    m = _SALUTATION.search(text)
    if m:
        start_line = text.count("\n", 0, m.start())
    else:
        # No salutation: start after the last header line (source/author/breadcrumb).
        start_line = 0
        for i, line in enumerate(lines[: max(1, len(lines) // 2)]):
            if _BOILERPLATE_LINE.match(line):
                start_line = i + 1
    header = {ln.strip(_WS) for ln in lines[:start_line] if ln.strip(_WS)}

    paras: list[str] = []
    for line in lines[start_line:]:
        stripped = line.strip(_WS)
        if not stripped:
            continue
        if _TAIL_MARKER.match(stripped) or (stripped in header and paras):
            break
        if _BOILERPLATE_LINE.match(stripped):
            continue
        indented = bool(_INDENT.match(line))
        if paras and not indented and not paras[-1].endswith(_TERMINAL) and not _is_heading(paras[-1]):
            paras[-1] += stripped  # a sentence broken by the page: join it back
        else:
            paras.append(stripped)
    # End at the last complete sentence.
    while paras and not _has_sentence(paras[-1]):
        paras.pop()
    if paras:
        last = paras[-1]
        cut = max(last.rfind(ch) for ch in _TERMINAL)
        if cut >= 0:
            paras[-1] = last[: cut + 1]
    if not paras or (len(paras) == 1 and _SALUTATION.match(paras[0])):
        raise ValueError("no speech text found: the page has no paragraphs after the boilerplate")
    return "\n\n".join(paras)


def _is_heading(line: str) -> bool:
    return (
        bool(
            re.match(
                r"^(?:[一二三四五六七八九十]+、|\d+、|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\))",
                line,
            )
        )
        and len(line) <= 60
    )


def _has_sentence(line: str) -> bool:
    return any(ch in line for ch in _TERMINAL) or bool(_SALUTATION.match(line))


def paragraphs(text: str) -> list[str]:
    """Split cleaned text into its paragraphs."""
    return [p for p in text.split("\n\n") if p.strip()]
