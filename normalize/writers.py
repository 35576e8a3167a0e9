"""Writers for the JSON feed and the spreadsheet CSVs. Every file is written atomically (temp file + rename),
so a crash never leaves a half-written output behind.

The flat tables are made one decision at a time (`decision_rows`), so that an archive's outputs can be
written as a stream: rows of one decision, then the next, never the whole archive in memory."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from schemas.models import Decision

LIST_SEP = " | "
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff".encode()


def atomic_write(path: Path, data: bytes,
                 before_rename: Callable[[os.stat_result], None] | None = None) -> os.stat_result:
    """Write `data` to `path` through a temp file and a rename; returns the file's stat (its inode, size and
    mtime identify this very file: a rename keeps them), which `before_rename` gets first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
            st = os.fstat(fh.fileno())
        if before_rename is not None:
            before_rename(st)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return st


class AtomicFile:
    """`with AtomicFile(path) as fh: fh.write(...)`: a file written piece by piece into a temp file that is
    renamed into place only when the block ends without an error (else it is removed)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> IO[bytes]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        self.fh = os.fdopen(fd, "wb", buffering=1 << 20)
        return self.fh

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            if exc_type is None:
                self.fh.flush()
                os.fsync(self.fh.fileno())
            self.fh.close()
            if exc_type is None:
                os.replace(self.tmp, self.path)
        finally:
            Path(self.tmp).unlink(missing_ok=True)


def safe_cell(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_header(header: Sequence[str]) -> bytes:
    """The start of a CSV file: the BOM (it makes Excel read UTF-8) and the header line."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow(header)
    return BOM + buf.getvalue().encode("utf-8")


_FORMULA_CHARS = frozenset(_FORMULA_START)


def csv_rows(rows: Iterable[Sequence[Any]]) -> bytes:
    """CSV lines of `rows` (no header, no BOM): what follows `csv_header`, in pieces that can be joined.
    `safe_cell` of every value, with the common types (None, text, integers) done inline: this runs for every
    cell of an archive."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    formula = _FORMULA_CHARS
    writer.writerows([
        "" if v is None else (("'" + v) if v[:1] in formula else v) if v.__class__ is str
        else v if v.__class__ is int else safe_cell(v)
        for v in row
    ] for row in rows)
    return buf.getvalue().encode("utf-8")


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    return csv_header(header) + csv_rows(rows)


def decision_json(decision: Decision) -> bytes:
    return (decision.model_dump_json(indent=2, exclude_none=False) + "\n").encode("utf-8")


def write_decision_json(out: Path, decision: Decision) -> Path:
    path = out / "json" / f"{decision.doc_id}.json"
    atomic_write(path, decision_json(decision))
    return path


def text_path(out: Path, doc_id: str) -> Path:
    """OUT/text/<doc_id>.txt: the extracted plain text that a decision's provenance offsets point into (UTF-8,
    as is: the offsets count its characters, so it is read back without newline translation)."""
    return out / "text" / f"{doc_id}.txt"


def jsonl_line(decision: Decision) -> bytes:
    """The decision's line of decisions.jsonl (the file feed: without the extracted text)."""
    return (decision.model_dump_json(exclude={"text"}) + "\n").encode("utf-8")


def _prov(p: Any) -> list[Any]:
    if p is None:
        return [None] * 6
    return [p.page, p.start, p.end, p.table, p.row, p.col]


PROV_COLS = ["page", "start", "end", "table", "row", "col"]

TABLE_COLUMNS: dict[str, list[str]] = {
    "decisions": ["doc_id", "source_path", "format", "doc_type", "issuer_name", "level", "locality", "province",
                  "decision_number", "issued_on", "year", "title", "signer_name", "signer_title",
                  "signer_authority", "objectives", "targets", "tasks", "warnings", "warning_codes", "legal_bases",
                  "recipients"],
    "objectives": ["doc_id", "objective_id", "number", "category", "text", "measurement", "targets", "tasks",
                   *PROV_COLS],
    "targets": ["doc_id", "locality", "level", "year", "objective_id", "target_no", "indicator", "comparator",
                "value", "value_max", "unit", "per", "metric", "text", *PROV_COLS],
    "tasks": ["doc_id", "objective_id", "task_no", "number", "content", "lead_units", "support_units",
              "timeframe_raw", "timeframe_kind", "timeframe_start", "timeframe_end", "recurrence",
              "expected_result", "monitoring", "resources", *PROV_COLS],
    "task_units": ["doc_id", "objective_id", "task_no", "role", "name", "raw"],
}
TABLES = tuple(TABLE_COLUMNS)


@dataclass
class Table:
    columns: list[str]
    rows: list[list[Any]]


def table_order(d: Decision) -> tuple[str, str]:
    """The order of decisions in every table and feed: by source path, then doc_id."""
    return (d.source.path, d.doc_id)


def decision_rows(d: Decision) -> dict[str, list[list[Any]]]:
    """The rows one decision adds to each of the five spreadsheet tables (joined by doc_id and objective id).
    Values keep their types (dates, numbers) so that every writer can render them its own way."""
    n_targets = sum(len(o.targets) for o in d.objectives)
    n_tasks = sum(len(o.plan) for o in d.objectives) + len(d.plan)
    signer = d.signer
    level = d.issuer.level.value if d.issuer.level else None
    dec_rows = [[
        d.doc_id, d.source.path, d.source.format.value, d.doc_type.value, d.issuer.name,
        level, d.issuer.locality, d.issuer.province,
        d.decision_number, d.issued_on, d.year, d.title,
        signer.name if signer else None, signer.title if signer else None,
        signer.authority.value if signer and signer.authority else None,
        len(d.objectives), n_targets, n_tasks, len(d.warnings),
        LIST_SEP.join(sorted({w.code for w in d.warnings})),
        LIST_SEP.join(d.legal_bases), LIST_SEP.join(d.recipients),
    ]]
    obj_rows: list[list[Any]] = []
    tgt_rows: list[list[Any]] = []
    task_rows: list[list[Any]] = []
    unit_rows: list[list[Any]] = []
    for o in d.objectives:
        obj_rows.append([d.doc_id, o.id, o.number, o.category.value, o.text, o.measurement,
                         len(o.targets), len(o.plan), *_prov(o.provenance)])
        for k, t in enumerate(o.targets, start=1):
            tgt_rows.append([d.doc_id, d.issuer.locality, level, d.year, o.id, k, t.indicator, t.comparator.value,
                             t.value, t.value_max, t.unit, t.per, t.metric, t.text, *_prov(t.provenance)])
    # a plan's task tables that no objective groups have no objective id
    for objective_id, plan in [(o.id, o.plan) for o in d.objectives] + [(None, d.plan)]:
        for k, task in enumerate(plan, start=1):
            tf = task.timeframe
            task_rows.append([
                d.doc_id, objective_id, k, task.number, task.content,
                LIST_SEP.join(u.name for u in task.lead_units), LIST_SEP.join(u.name for u in task.support_units),
                tf.raw, tf.kind.value, tf.start, tf.end, tf.recurrence,
                task.expected_result, task.monitoring, task.resources, *_prov(task.provenance),
            ])
            for role, units in (("lead", task.lead_units), ("support", task.support_units)):
                for u in units:
                    unit_rows.append([d.doc_id, objective_id, k, role, u.name, u.raw])
    return {"decisions": dec_rows, "objectives": obj_rows, "targets": tgt_rows, "tasks": task_rows,
            "task_units": unit_rows}


def flatten(decisions: Sequence[Decision]) -> dict[str, Table]:
    """The five spreadsheet tables of `decisions`, in memory (for small sets; archives are streamed)."""
    tables = {name: Table(list(cols), []) for name, cols in TABLE_COLUMNS.items()}
    for d in sorted(decisions, key=table_order):
        for name, rows in decision_rows(d).items():
            tables[name].rows.extend(rows)
    return tables


def write_tables(out: Path, decisions: Sequence[Decision]) -> None:
    """decisions.jsonl and the five CSVs of `decisions` (in memory; `write_table_stream` for archives)."""
    write_table_stream(out, ((jsonl_line(d), [csv_rows(r) for r in decision_rows(d).values()])
                             for d in sorted(decisions, key=table_order)))


def write_table_stream(out: Path, pieces: Iterable[tuple[bytes, Sequence[bytes]]]) -> None:
    """decisions.jsonl and the five CSVs from, per decision in table order, its jsonl line and its CSV lines
    for each table (in `TABLES` order): one decision at a time, all six files renamed into place at the end."""
    paths = [out / "decisions.jsonl", *(out / "csv" / f"{name}.csv" for name in TABLES)]
    with contextlib.ExitStack() as stack:
        jsonl, *csvs = [stack.enter_context(AtomicFile(p)) for p in paths]
        for name, fh in zip(TABLES, csvs, strict=True):
            fh.write(csv_header(TABLE_COLUMNS[name]))
        for line, parts in pieces:
            jsonl.write(line)
            for fh, part in zip(csvs, parts, strict=True):
                fh.write(part)


def write_errors(out: Path, errors: Sequence[dict[str, str]]) -> None:
    cols = ["file", "stage", "error_class", "message"]
    atomic_write(out / "errors.csv", csv_bytes(cols, ([e[c] for c in cols] for e in errors)))
    atomic_write(out / "errors.jsonl", "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in errors).encode())
