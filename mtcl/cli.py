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
    from mtcl.batch import iter_inputs, run_batch
    from mtcl.metadata import MetadataError, load_manifest, metadata_lookup

    missing = [str(p) for p in ns.inputs if not p.exists()]
    if missing:
        print(f"mtcl extract: no such file or directory: {', '.join(missing)}", file=sys.stderr)
        return 2
    if ns.output.exists() and not ns.output.is_dir():
        print(f"mtcl extract: the output must be a folder: {ns.output} is a file", file=sys.stderr)
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
    if next(iter(iter_inputs(ns.inputs, [ns.output], ns.include or (), ns.exclude or ())), None) is None:
        filtered = " that --include/--exclude keep" if ns.include or ns.exclude else ""
        print(f"mtcl extract: no files{filtered} in {', '.join(map(str, ns.inputs))}: nothing to extract "
              f"({ns.output} left as it is)", file=sys.stderr)
        return 0
    stats = run_batch(ns.inputs, ns.output, jobs=ns.jobs or os.cpu_count() or 1, timeout=ns.timeout,
                      memory_mb=ns.max_memory, force=ns.force, with_text=ns.with_text, metadata_for=lookup,
                      cluster=ns.cluster, progress=not ns.quiet, include=ns.include or (), exclude=ns.exclude or ())
    from mtcl.catalog import Catalog

    catalog = Catalog(ns.output)
    failures = catalog.failures()
    catalog.close()
    for e in failures:
        print(f"error: {e['file']}: {e['stage']}: {e['error_class']}: {e['message']}", file=sys.stderr)
    unsupported = (f", skipped {stats.unsupported} of an unsupported type (listed in {ns.output / 'skipped.csv'})"
                   if stats.unsupported else "")
    # a resume's files read earlier have warnings too: the count is of every file OUT holds, this run's beside it
    warnings = (f"warnings {stats.warnings_total} (in all {stats.done + stats.skipped} files; {stats.warnings} in the "
                f"{stats.done} read now)" if stats.skipped else f"warnings {stats.warnings_total}")
    print(f"done {stats.done}, skipped {stats.skipped} (unchanged){unsupported}, failed {stats.failed}, {warnings}, "
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
    """OUT must be an output folder of `mtcl extract` (it holds json/ or a catalog)."""
    if not path.is_dir():
        print(f"mtcl {command}: not a directory: {path}", file=sys.stderr)
        return False
    if not (path / "json").is_dir() and not (path / "catalog.sqlite").is_file():
        print(f"mtcl {command}: {path} is not an output folder of mtcl extract (no json/ folder, no catalog.sqlite)",
              file=sys.stderr)
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
    from normalize.report import ReportError, write_report

    if not _need_dir(ns.out, "report"):
        return 2
    if ns.output.is_dir():
        print(f"mtcl report: -o must name a file: {ns.output} is a folder", file=sys.stderr)
        return 2
    try:
        held = write_report(ns.out, ns.output)
    except ReportError as exc:
        print(f"mtcl report: {exc}", file=sys.stderr)
        return 2
    cut = f"; {held['excerpts']} carry excerpts of their text (the page's budget)" if held["excerpts"] else ""
    print(f"wrote {ns.output}: {held['decisions']} decisions (from {held['files']} files), {held['targets']} targets"
          f"{cut}", file=sys.stderr)
    return 0


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("mtcl")
    except PackageNotFoundError:  # run from a source tree that was not installed
        return "unknown"


class _Defaults(argparse.ArgumentDefaultsHelpFormatter):
    """Every --help shows each option's default (a flag's, off, and an unset option's go without saying)."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        if action.default in (None, False):
            return action.help
        return super()._get_help_string(action)


def build_parser() -> argparse.ArgumentParser:
    fmt = _Defaults
    parser = argparse.ArgumentParser(prog="mtcl", description="Vietnamese quality-objective decisions → data",
                                     formatter_class=fmt)
    parser.add_argument("--version", action="version", version=f"mtcl {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help, description=help, formatter_class=fmt)

    p = command("extract", "extract decisions from files or folders")
    p.add_argument("inputs", nargs="+", type=Path, help="files and folders (read recursively)")
    p.add_argument("-o", "--output", type=Path, default=Path("output"),
                   help="output folder (never read as input when it is inside an input folder)")
    p.add_argument("-j", "--jobs", type=int, default=0, help="worker processes; 0 for one per core")
    p.add_argument("--with-text", action="store_true", help="include the extracted plain text in each JSON")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress output")
    p.add_argument("--timeout", type=float, default=120.0,
                   help="a file's time in seconds, plus 2 a page and 30 a page to OCR")
    p.add_argument("--max-memory", type=int, default=2048, help="MiB of memory per worker, 0 for no cap")
    p.add_argument("--force", action="store_true", help="redo files already extracted")
    p.add_argument("--include", action="append", metavar="GLOB",
                   help="read only files whose path (relative to the folder given) or name matches; repeatable")
    p.add_argument("--exclude", action="append", metavar="GLOB",
                   help="leave out files whose path (relative to the folder given) or name matches; repeatable")
    p.add_argument("--manifest", type=Path, help="CSV: path, locality, level, province, year for files that lack them")
    p.add_argument("--path-template", help="e.g. '{province}/{locality}/{year}/*': metadata from the file's path")
    p.add_argument("--cluster", help="run on a Dask cluster: tcp://HOST:PORT (shared storage for input and output)")
    p.set_defaults(func=cmd_extract)
    p = command("schema", "write the JSON Schema of the output")
    p.add_argument("-o", "--output", type=Path, default=SCHEMA_PATH, help="where to write it")
    p.add_argument("--check", action="store_true", help="exit 1 when the file on disk is stale")
    p.set_defaults(func=cmd_schema)
    p = command("eval", "score an output folder against gold files")
    p.add_argument("output_dir", type=Path, help="an output folder of mtcl extract")
    p.add_argument("gold_dir", type=Path, help="a folder of gold JSON files")
    p.add_argument("--details", action="store_true", help="list every mismatch")
    p.add_argument("--json", type=Path, help="also write the scores as JSON to this file")
    p.add_argument("--only", metavar="RENDERING", help="score only one rendering: txt, docx, pdf, scan.pdf, …")
    p.set_defaults(func=cmd_eval)
    p = command("compare", "write comparison.csv, comparison_long.csv, mtcl.xlsx, mtcl.duckdb and Parquet from OUT")
    p.add_argument("out", type=Path, help="an output folder of mtcl extract")
    p.set_defaults(func=cmd_compare)
    p = command("indicators", "print how many of the archive's targets have an indicator code")
    p.add_argument("out", type=Path, help="an output folder of mtcl extract")
    p.set_defaults(func=cmd_indicators)
    p = command("serve", "read-only JSON API over OUT (its documentation at /docs works offline)")
    p.add_argument("out", type=Path, help="an output folder of mtcl extract")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on")
    p.set_defaults(func=cmd_serve)
    p = command("report", "self-contained HTML report of OUT")
    p.add_argument("out", type=Path, help="an output folder of mtcl extract")
    p.add_argument("-o", "--output", type=Path, default=Path("report.html"), help="the HTML file to write")
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
    except BrokenPipeError:  # `mtcl indicators OUT | head`: the reader has gone, which is no error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
