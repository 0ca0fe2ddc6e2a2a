"""Build timings side by side: cold, no change, docs-only change, one-module change (medians).

Run with ``make bench`` (or ``python benchmarks/bench_build.py --repeat 3``). Every run builds a
temporary copy of the project (``ANALYSIS_ROOT``), so the checkout's ``results/`` and ``site/``
are never touched. Goals (issue 9): no change <= 1.5 s (well under 10% of cold); a docs-only
change rebuilds the site only; editing ``estimates/panel.py`` re-executes notebooks 03 and 04 only.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ("notebooks", "data", "docs", "src", "mkdocs.yml", "requirements.lock")


def copy_project(dest: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "generated", ".ipynb_checkpoints")
    for name in INPUTS:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=ignore)
        elif src.exists():
            shutil.copy2(src, dest / name)
    return dest


def timed_build(root: Path) -> tuple[float, str]:
    env = {**os.environ, "ANALYSIS_ROOT": str(root)}
    env.pop("ANALYSIS_RESULTS", None)
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "build"], cwd=root, env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"build failed in {root}:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    summary = proc.stdout.strip().splitlines()[-1]
    return seconds, re.sub(r"^build ok in [0-9.]+ s ", "", summary)


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeat",
        type=int,
        default=int(os.environ.get("BENCH_REPEAT", 3)),
        help="runs per scenario (median reported; default 3)",
    )
    args = parser.parse_args()
    times: dict[str, list[float]] = {
        "cold": [],
        "no change": [],
        "docs-only change": [],
        "one-module change": [],
    }
    what: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        for i in range(args.repeat):
            root = copy_project(Path(tmp) / f"p{i}")
            for scenario, change in (
                ("cold", None),
                ("no change", None),
                (
                    "docs-only change",
                    lambda r, i=i: append(r / "docs" / "methods.md", f"\n<!-- bench {i} -->\n"),
                ),
                (
                    "one-module change",
                    lambda r, i=i: append(
                        r / "src" / "analysis" / "estimates" / "panel.py", f"\n# bench {i}\n"
                    ),
                ),
            ):
                if change is not None:
                    change(root)
                seconds, summary = timed_build(root)
                times[scenario].append(seconds)
                what[scenario] = summary
                print(f"run {i + 1}/{args.repeat} {scenario:<18} {seconds:6.1f} s  {summary}", flush=True)
            shutil.rmtree(root, ignore_errors=True)
    cold = statistics.median(times["cold"])
    print(f"\nbuild timings, median of {args.repeat} run(s) each ({os.cpu_count()} cores):")
    print(f"{'scenario':<18} {'median s':>9} {'% of cold':>10}  what the build did")
    for scenario, values in times.items():
        med = statistics.median(values)
        print(f"{scenario:<18} {med:9.2f} {100 * med / cold:9.1f}%  {what[scenario]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
