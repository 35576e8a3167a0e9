"""The `mtcl` command: extract, schema, eval.

Exit codes: 0 every file succeeded (warnings included), 1 some files failed, 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from mtcl.evaluate import format_by_rendering, format_report, load_dir, renderings, score
from normalize.writers import atomic_write
from schemas.models import Decision

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "decision.schema.json"


def cmd_extract(ns: argparse.Namespace) -> int:
    from mtcl.batch import run_batch
    from mtcl.metadata import MetadataError, load_manifest, metadata_lookup

    missing = [str(p) for p in ns.inputs if not p.exists()]
    if missing:
        print(f"mtcl extract: no such file or directory: {', '.join(missing)}", file=sys.stderr)
        return 2
    if ns.jobs < 0 or ns.timeout <= 0 or ns.max_memory < 0:
        print("mtcl extract: -j, --timeout and --max-memory must be positive", file=sys.stderr)
        return 2
    try:
        manifest = load_manifest(ns.manifest) if ns.manifest else None
        lookup = metadata_lookup(manifest, ns.path_template, list(ns.inputs)) if (manifest or ns.path_template) \
            else None
    except MetadataError as exc:
        print(f"mtcl extract: {exc}", file=sys.stderr)
        return 2
    stats = run_batch(ns.inputs, ns.output, jobs=ns.jobs or os.cpu_count() or 1, timeout=ns.timeout,
                      memory_mb=ns.max_memory, force=ns.force, with_text=ns.with_text, metadata_for=lookup,
                      cluster=ns.cluster, progress=not ns.quiet)
    from mtcl.catalog import Catalog

    catalog = Catalog(ns.output)
    failures = catalog.failures()
    catalog.close()
    for e in failures:
        print(f"error: {e['file']}: {e['stage']}: {e['error_class']}: {e['message']}", file=sys.stderr)
    print(f"done {stats.done}, skipped {stats.skipped} (unchanged), failed {stats.failed}, warnings {stats.warnings}, "
          f"{stats.seconds:.1f} s → {ns.output}", file=sys.stderr)
    return 1 if failures else 0


def schema_json() -> str:
    schema = Decision.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://mtcl.invalid/schemas/decision.schema.json"
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def cmd_schema(ns: argparse.Namespace) -> int:
    text = schema_json()
    target: Path = ns.output
    if ns.check:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != text:
            print(f"{target} is stale: run 'mtcl schema'", file=sys.stderr)
            return 1
        return 0
    atomic_write(target, text.encode("utf-8"))
    print(f"wrote {target}", file=sys.stderr)
    return 0


def cmd_eval(ns: argparse.Namespace) -> int:
    for p in (ns.output_dir, ns.gold_dir):
        if not p.is_dir():
            print(f"mtcl eval: not a directory: {p}", file=sys.stderr)
            return 2
    pred, gold = load_dir(ns.output_dir), load_dir(ns.gold_dir)
    report = score(pred, gold, only=ns.only)
    print(format_report(report, details=ns.details))
    kinds = renderings(pred)
    if ns.only is None and len(kinds) > 1:
        print("\nby rendering (F1; header = share of header fields equal to gold)")
        print(format_by_rendering({k: score(pred, gold, only=k) for k in kinds}))
    if ns.json:
        atomic_write(ns.json, json.dumps(report.as_dict(), ensure_ascii=False, indent=2).encode("utf-8"))
    return 0


def _need_dir(path: Path, command: str) -> bool:
    if not path.is_dir():
        print(f"mtcl {command}: not a directory: {path}", file=sys.stderr)
        return False
    return True


def cmd_compare(ns: argparse.Namespace) -> int:
    from normalize.compare import write_comparisons

    if not _need_dir(ns.out, "compare"):
        return 2
    for path in write_comparisons(ns.out):
        print(f"wrote {path}", file=sys.stderr)
    return 0


def cmd_indicators(ns: argparse.Namespace) -> int:
    from normalize.compare import coverage_report

    if not _need_dir(ns.out, "indicators"):
        return 2
    print(coverage_report(ns.out))
    return 0


def cmd_serve(ns: argparse.Namespace) -> int:
    from mtcl.serve import run

    if not _need_dir(ns.out, "serve"):
        return 2
    run(ns.out, host=ns.host, port=ns.port)
    return 0


def cmd_report(ns: argparse.Namespace) -> int:
    from normalize.report import write_report

    if not _need_dir(ns.out, "report"):
        return 2
    write_report(ns.out, ns.output)
    print(f"wrote {ns.output}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mtcl", description="Vietnamese quality-objective decisions → data")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="extract decisions from files or folders")
    p.add_argument("inputs", nargs="+", type=Path)
    p.add_argument("-o", "--output", type=Path, default=Path("output"), help="output folder (default: output)")
    p.add_argument("-j", "--jobs", type=int, default=0, help="worker processes (default: all cores)")
    p.add_argument("--with-text", action="store_true", help="include the extracted plain text in each JSON")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress output")
    p.add_argument("--timeout", type=float, default=120.0,
                   help="a file's time in seconds, plus 2 a page and 30 a page to OCR (120)")
    p.add_argument("--max-memory", type=int, default=2048, help="MiB of memory per worker, 0 for no cap (2048)")
    p.add_argument("--force", action="store_true", help="redo files already extracted")
    p.add_argument("--manifest", type=Path, help="CSV: path, locality, level, province, year for files that lack them")
    p.add_argument("--path-template", help="e.g. '{province}/{locality}/{year}/*': metadata from the file's path")
    p.add_argument("--cluster", help="run on a Dask cluster: tcp://HOST:PORT (shared storage for input and output)")
    p.set_defaults(func=cmd_extract)
    p = sub.add_parser("schema", help="write the JSON Schema of the output")
    p.add_argument("-o", "--output", type=Path, default=SCHEMA_PATH)
    p.add_argument("--check", action="store_true", help="exit 1 when the file on disk is stale")
    p.set_defaults(func=cmd_schema)
    p = sub.add_parser("eval", help="score an output folder against gold files")
    p.add_argument("output_dir", type=Path)
    p.add_argument("gold_dir", type=Path)
    p.add_argument("--details", action="store_true", help="list every mismatch")
    p.add_argument("--json", type=Path, help="also write the scores as JSON")
    p.add_argument("--only", metavar="RENDERING", help="score only one rendering: txt, docx, pdf, scan.pdf, …")
    p.set_defaults(func=cmd_eval)
    p = sub.add_parser("compare", help="write comparison.csv, mtcl.xlsx, mtcl.duckdb and Parquet from OUT")
    p.add_argument("out", type=Path)
    p.set_defaults(func=cmd_compare)
    p = sub.add_parser("indicators", help="print how many targets have an indicator code")
    p.add_argument("out", type=Path)
    p.set_defaults(func=cmd_indicators)
    p = sub.add_parser("serve", help="read-only JSON API over OUT")
    p.add_argument("out", type=Path)
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser("report", help="self-contained HTML report of OUT")
    p.add_argument("out", type=Path)
    p.add_argument("-o", "--output", type=Path, default=Path("report.html"))
    p.set_defaults(func=cmd_report)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        ns = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) and 2
    try:
        return int(ns.func(ns))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
