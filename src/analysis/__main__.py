"""Command line: ``python -m analysis {figures,datasets,results,build,registry}``.

Errors a user can fix (missing file, wrong encoding, corrupted dataset, failing
notebook) end with one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def _cmd_figures(args: argparse.Namespace) -> int:
    from .speech import clean_text, extract_figures
    from .text.reading import read_text

    text = read_text(args.path)
    if args.clean:
        text = clean_text(text)
    figures = extract_figures(text)
    if args.amounts_only:
        figures = figures[figures["kind"] == "amount"]
    if args.format == "json":
        sys.stdout.write(figures.to_json(orient="records", force_ascii=False, indent=2) + "\n")
    elif args.format == "csv":
        figures.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        sys.stdout.write(figures.to_string(index=False) + "\n")
    return 0


def _cmd_datasets(args: argparse.Namespace) -> int:
    from .data import datasets

    if args.verify:
        for name in datasets.names():
            datasets.load(name)
            print(f"ok  {name}")
        return 0
    datasets.print_manifest()
    return 0


def _fmt_number(x: object) -> str:
    return "–" if x is None else f"{x:.4g}" if isinstance(x, float) else str(x)


def _fmt_bounds(lo: object, hi: object) -> str:
    if lo is None and hi is None:
        return ""
    return f"  [{_fmt_number(lo)}, {_fmt_number(hi)}]"


def _cmd_results(args: argparse.Namespace) -> int:
    import json

    from . import results

    entries = results.load_all()
    if args.prefix:
        entries = {
            k: v
            for k, v in entries.items()
            if k == args.prefix or k.startswith(args.prefix.rstrip(".") + ".")
        }
    if not entries:
        print(
            "no results yet: run 'make site' to execute the notebooks"
            if not args.prefix
            else f"no results under {args.prefix!r}",
            file=sys.stderr,
        )
        return 1
    if args.format == "json":
        sys.stdout.write(json.dumps(entries, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
        return 0
    for row in results.as_table(entries):
        v = row["value"]
        val = "not estimable" if v is None else v if isinstance(v, str) else f"{v:.6g}"
        ci = _fmt_bounds(row["ci_low"], row["ci_high"])
        rng = _fmt_bounds(row["range_low"], row["range_high"])
        print(f"{row['key']:<48} {val}{ci}{'  range' + rng if rng else ''}  {row['unit']}")
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from .site import build

    return build.main(force=args.force, only=args.only, site=not args.no_site, dry_run=args.dry_run)


def _cmd_registry(args: argparse.Namespace) -> int:
    """``registry generate|validate|report``: exit 0 ok, 1 rows rejected (validate), 2 unreadable input."""
    if args.action == "generate":
        from .registry import generate

        path = generate.generate(args.out, rows=args.rows, seed=args.seed, progress=not args.quiet)
        print(
            f"wrote {args.rows:,} SYNTHETIC registry rows to {path} (planted training hazard ratio "
            f"{generate.PLANTED_HAZARD_RATIO})"
        )
        return 0
    if args.action == "validate":
        from .registry import engine, validate

        engine.check_file(args.path)  # a bad file fails before any engine starts
        con = engine.connect(args.backend, spark_master=args.spark_master)
        checked = validate.validate(con, engine.read_registry(con, args.path))
        print(checked.summary())
        if args.rejects:
            rejects = con.execute(checked.rejects)
            if str(args.rejects).endswith(".csv"):
                rejects.to_csv(args.rejects, index=False, lineterminator="\n")
            else:
                rejects.to_parquet(args.rejects, index=False)
            print(f"{len(rejects):,} rejected rows with their reasons written to {args.rejects}")
        return 0 if checked.ok else 1
    from .registry import report

    result = report.run_report(
        args.path, args.out, backend=args.backend, spark_master=args.spark_master, k=args.k
    )
    print(result.validation.summary(), file=sys.stderr)
    adj, naive = result.adjusted, result.naive
    print(
        f"wrote {', '.join(report.TABLES)} (.csv) to {args.out}; training hazard ratio {adj.value:.3f} "
        f"[{adj.ci[0]:.3f}, {adj.ci[1]:.3f}] adjusted, {naive.value:.3f} naive"
    )
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("figures", help="extract every figure from a UTF-8 Chinese text file")
    p.add_argument("path", help="text file (UTF-8)")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument(
        "--clean",
        action="store_true",
        help="strip web-page boilerplate first (offsets then refer to the cleaned text)",
    )
    p.add_argument("--amounts-only", action="store_true", help="leave out dates")
    p.set_defaults(func=_cmd_figures)

    p = sub.add_parser("datasets", help="list the public datasets with their provenance")
    p.add_argument("--verify", action="store_true", help="load every dataset and check its checksum")
    p.set_defaults(func=_cmd_datasets)

    p = sub.add_parser("results", help="list the recorded findings")
    p.add_argument("prefix", nargs="?", help="a namespace or key, e.g. 'training' (default: all)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=_cmd_results)

    p = sub.add_parser("build", help="execute the notebooks (cached) and build the site")
    p.add_argument("--force", action="store_true", help="re-execute every notebook, ignoring the cache")
    p.add_argument(
        "--only",
        nargs="+",
        metavar="NAME",
        help="execute these notebooks only (e.g. 02_training); notebooks reading them are marked stale",
    )
    p.add_argument("--no-site", action="store_true", help="execute notebooks only, do not run mkdocs")
    p.add_argument(
        "--dry-run", action="store_true", help="say which notebooks would execute and why, run nothing"
    )
    p.set_defaults(func=_cmd_build)

    p = sub.add_parser(
        "registry", help="laid-off-worker registry pipeline (synthetic data): generate, validate, report"
    )
    rsub = p.add_subparsers(dest="action", required=True)
    g = rsub.add_parser("generate", help="write a SYNTHETIC registry to Parquet (chunked, progress bar)")
    g.add_argument("--rows", type=int, default=100_948, help="workers (default: the speech's 100,948)")
    g.add_argument("--seed", type=int, default=2003)
    g.add_argument("--out", required=True, help="Parquet file to write")
    g.add_argument("--quiet", action="store_true", help="no progress bar")
    for name, helptext in (
        ("validate", "per-item failure counts; exit 1 when rows are rejected"),
        ("report", "validated, disclosure-controlled tables and the programme effect as CSVs"),
    ):
        q = rsub.add_parser(name, help=helptext)
        q.add_argument("path", help="registry Parquet file (29 items, data/registry/schema.csv)")
        q.add_argument("--backend", choices=["duckdb", "pyspark"], default="duckdb")
        q.add_argument("--spark-master", default=None, help="Spark master URL (default local[2])")
        if name == "validate":
            q.add_argument("--rejects", help="write rejected rows with their reasons here (.parquet or .csv)")
        else:
            q.add_argument("--out", required=True, help="folder for the CSV tables")
            q.add_argument("--k", type=int, default=10, help="disclosure threshold (default 10)")
    p.set_defaults(func=_cmd_registry)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    args = make_parser().parse_args(argv)
    try:
        return args.func(args)
    except (
        FileNotFoundError
    ) as exc:  # text.reading.InputError is a ValueError (below); not imported here: it pulls pandas
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:  # e.g. clean_text found no speech, dataset checksum mismatch
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
