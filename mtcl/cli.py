"""The `mtcl` command: extract, schema, eval.

Exit codes: 0 every file succeeded (warnings included), 1 some files failed, 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from mtcl.evaluate import evaluate, format_report
from mtcl.pipeline import FileError, process_file
from normalize.writers import atomic_write, write_decision_json, write_errors, write_tables
from schemas.models import Decision

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "decision.schema.json"


def iter_inputs(paths: Sequence[Path]) -> Iterator[Path]:
    for p in paths:
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Path(root) / name
        else:
            yield p


def _work(args: tuple[str, bool]) -> tuple[str, dict[str, Any] | None, dict[str, str] | None]:
    """Runs in a worker process: one file, never raises."""
    path, with_text = args
    try:
        result = process_file(Path(path), display_path=path, with_text=with_text)
        return path, result.decision.model_dump(mode="json"), None
    except FileError as exc:
        return path, None, {"file": path, "stage": exc.stage, "error_class": exc.error_class, "message": str(exc)}
    except Exception as exc:
        return path, None, {"file": path, "stage": "extract", "error_class": type(exc).__name__,
                            "message": str(exc) or type(exc).__name__}


class Progress:
    """A live line on a terminal, a log line every few seconds otherwise."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.done, self.failed = total, 0, 0
        self.start = self.last = time.monotonic()
        self.tty = sys.stderr.isatty()
        self.enabled = enabled

    def step(self, failed: bool) -> None:
        self.done += 1
        self.failed += failed
        if not self.enabled:
            return
        now = time.monotonic()
        rate = self.done / max(now - self.start, 1e-9)
        eta = (self.total - self.done) / rate if rate else 0
        line = f"{self.done}/{self.total} files  {rate:.1f} files/s  ETA {eta:.0f}s  failed {self.failed}"
        if self.tty:
            print("\r" + line, end="" if self.done < self.total else "\n", file=sys.stderr, flush=True)
        elif now - self.last >= 5 or self.done == self.total:
            print(line, file=sys.stderr, flush=True)
            self.last = now


def cmd_extract(ns: argparse.Namespace) -> int:
    missing = [str(p) for p in ns.inputs if not p.exists()]
    if missing:
        print(f"mtcl extract: no such file or directory: {', '.join(missing)}", file=sys.stderr)
        return 2
    files = [str(p) for p in iter_inputs(ns.inputs)]
    out: Path = ns.output
    out.mkdir(parents=True, exist_ok=True)
    progress = Progress(len(files), enabled=not ns.quiet)
    decisions: list[Decision] = []
    errors: list[dict[str, str]] = []
    warnings = 0
    started = time.monotonic()
    jobs = ns.jobs or os.cpu_count() or 1
    work = [(f, ns.with_text) for f in files]
    if jobs > 1 and len(files) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = pool.map(_work, work, chunksize=1)
            for path, data, err in results:
                warnings += _collect(out, path, data, err, decisions, errors)
                progress.step(err is not None)
    else:
        for item in work:
            path, data, err = _work(item)
            warnings += _collect(out, path, data, err, decisions, errors)
            progress.step(err is not None)
    write_tables(out, decisions)
    write_errors(out, errors)
    try:
        from normalize.compare import write_comparisons

        write_comparisons(out)
    except Exception as exc:
        print(f"error: comparison outputs not written: {type(exc).__name__}: {exc}", file=sys.stderr)
    for e in errors:
        print(f"error: {e['file']}: {e['stage']}: {e['message']}", file=sys.stderr)
    elapsed = time.monotonic() - started
    print(f"done {len(decisions)}, failed {len(errors)}, warnings {warnings}, {elapsed:.1f}s → {out}",
          file=sys.stderr)
    return 1 if errors else 0


def _collect(out: Path, path: str, data: dict[str, Any] | None, err: dict[str, str] | None,
             decisions: list[Decision], errors: list[dict[str, str]]) -> int:
    if err is not None or data is None:
        errors.append(err or {"file": path, "stage": "extract", "error_class": "Unknown", "message": "no result"})
        return 0
    decision = Decision.model_validate(data)
    write_decision_json(out, decision)
    decisions.append(decision)
    return len(decision.warnings)


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
    report = evaluate(ns.output_dir, ns.gold_dir)
    print(format_report(report, details=ns.details))
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
