"""Throughput of extract_figures beside cn2an.transform, on two 1 MB corpora, in one run.

Run with ``make bench``. Targets (issue 11), as medians of several repeats:

* at least 10x the peer on speech-density text (the Jiamusi speech and a few extra sentences,
  repeated: about one figure per 260 characters);
* at least 5x the peer on figure-dense text, as real reports are (about one figure per 40
  characters), built from the project's own test sentences (other people's texts stay out of the
  repository).

Times are CPU seconds of this process (``time.process_time``), medians of interleaved runs, so that
other work on a shared machine does not decide the ratio.

The peer converts Chinese numerals to Arabic in running text, which is the closest off-the-shelf
operation to "find the numbers in a policy text".
"""

from __future__ import annotations

import ast
import re
import statistics
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import cn2an

from analysis import paths, speech

TARGET_BYTES = 1_000_000
#: Test files whose sentences make the figure-dense corpus.
SENTENCE_SOURCES = ["tests/test_text_forms.py", "tests/test_speech.py", "tests/test_reports.py"]
_HAS_NUMBER = re.compile(r"[0-9０-９一二两三四五六七八九十百千万亿萬億]")
_HAS_HAN = re.compile(r"[\u4e00-\u9fff]")


def _repeat_to(unit: str, target_bytes: int) -> str:
    reps = max(1, target_bytes // len(unit.encode("utf-8")) + 1)
    return unit * reps


def speech_corpus(target_bytes: int = TARGET_BYTES) -> str:
    """The cleaned speech plus a paragraph with the forms it lacks, repeated to ``target_bytes``."""
    body = speech.speech_text()
    extra = "\n全年新增就业十二万三千人,培训３２４５人次,发放贷款2,345.6万元和0.85亿元,完成百分之六十二。\n"
    return _repeat_to(body + extra, target_bytes)


def project_sentences() -> list[str]:
    """Chinese sentences with numbers from the project's own tests (string literals, in file order)."""
    out: list[str] = []
    for rel in SENTENCE_SOURCES:
        tree = ast.parse((paths.ROOT / rel).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                s = node.value.strip()
                if len(s) >= 6 and _HAS_HAN.search(s) and _HAS_NUMBER.search(s) and "\n" not in s[:-1]:
                    out.append(s if s.endswith(("。", "\n")) else s + "。")
    return out


def dense_corpus(target_bytes: int = TARGET_BYTES, chars_per_figure: int = 40) -> str:
    """The project's test sentences, each followed by figure-free prose from the speech so that the
    text has one figure per ``chars_per_figure`` characters, as real reports do; repeated to ``target_bytes``."""
    sentences = project_sentences()
    plain = "".join(sentences)
    n_figures = len(speech.extract_figures(plain))
    prose = [
        s + "。"
        for s in speech.speech_text().replace("\n", "").split("。")
        if s and not _HAS_NUMBER.search(s)
    ]
    stream = "".join(prose)
    per_sentence = max(0, (chars_per_figure * n_figures - len(plain)) // len(sentences))
    parts, pos = [], 0
    for sentence in sentences:
        filler = (stream * 2)[pos : pos + per_sentence]
        pos = (pos + per_sentence) % len(stream)
        parts.append(sentence + filler)
    return _repeat_to("".join(parts), target_bytes)


def _seconds(fn: Callable[[str], object], text: str) -> float:
    # CPU time of this process: on a shared machine wall-clock time mostly measures the other processes.
    t0 = time.process_time()
    fn(text)
    return time.process_time() - t0


def peer(text: str) -> str:
    return cn2an.transform(text, "cn2an")


def compare(name: str, text: str, target: float, repeats: int) -> float:
    mb = len(text.encode("utf-8")) / 1e6
    figures = speech.extract_figures(text)  # also warms up
    n = len(figures)
    amounts = int((figures["kind"] == "amount").sum())
    # Interleave the two tools so that a change in machine load affects both alike; report medians.
    ours_runs, theirs_runs = [], []
    for i in range(repeats):
        ours_runs.append(_seconds(speech.extract_figures, text))
        if i % 2 == 0:
            theirs_runs.append(_seconds(peer, text))
    ours, theirs = statistics.median(ours_runs), statistics.median(theirs_runs)
    ratio = theirs / ours
    print(
        f"\n{name}: {mb:.2f} MB, {len(text):,} characters, {n:,} figures ({amounts:,} amounts), "
        f"one figure per {len(text) / max(n, 1):.0f} characters"
    )
    print(f"  {'tool':<34}{'CPU s':>10}{'MB/s':>10}")
    print(f"  {'analysis.speech.extract_figures':<34}{ours:>10.3f}{mb / ours:>10.2f}")
    peer_name = 'cn2an.transform(text, "cn2an")'
    print(f"  {peer_name:<34}{theirs:>10.3f}{mb / theirs:>10.2f}")
    verdict = "OK" if ratio >= target else "BELOW TARGET"
    print(f"  speed-up over the peer: {ratio:.1f}x (target >= {target:g}x): {verdict}")
    return ratio


def main(repeats: int = 7) -> None:
    warnings.filterwarnings("ignore", module="cn2an")  # it warns on every bare 万 in prose
    print(
        f"medians of {repeats} runs of extract_figures and {(repeats + 1) // 2} of cn2an.transform, interleaved"
    )
    compare("speech-density text", speech_corpus(), 10, repeats)
    compare("figure-dense text (the project's test sentences)", dense_corpus(), 5, repeats)


if __name__ == "__main__":
    assert Path(__file__).parent.name == "benchmarks"
    main()
