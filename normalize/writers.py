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
from typing import IO, TYPE_CHECKING, Any

from pydantic import BaseModel

from normalize.vocabulary import comparator_words, indicator_label
from schemas.models import Decision, Rendering

if TYPE_CHECKING:
    from normalize.duplicates import ArchiveEntry

LIST_SEP = " | "
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff".encode()


def _file_mode() -> int:
    """The mode a new file gets under this process's umask (0644 under the usual 022). Read from /proc (each
    time: a program may change its umask), as os.umask can only be read by setting it, which is not safe while
    other threads create files."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def temp_file(folder: Path, prefix: str = "", suffix: str = ".tmp") -> tuple[int, str]:
    """A temp file in `folder` (for an output renamed into place when complete), with the mode the umask gives a
    new file: mkstemp's own 0600 would survive the rename and leave the output readable by its owner only."""
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=folder)
    try:
        os.fchmod(fd, _file_mode())
    except BaseException:
        os.close(fd)
        Path(tmp).unlink(missing_ok=True)
        raise
    return fd, tmp


def atomic_write(path: Path, data: bytes,
                 before_rename: Callable[[os.stat_result], None] | None = None) -> os.stat_result:
    """Write `data` to `path` through a temp file and a rename; returns the file's stat (its inode, size and
    mtime identify this very file: a rename keeps them), which `before_rename` gets first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = temp_file(path.parent, prefix=f".{path.name}.")
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
        fd, self.tmp = temp_file(self.path.parent, prefix=f".{self.path.name}.")
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


# a decision's group of renderings is known only when every file is read: the archive's outputs (the feed, the
# API) add it (`with_archive_json`); OUT/json/<doc_id>.json, one file's reading, is without it
_ARCHIVE_FIELDS = {"duplicate_group", "renderings"}


def decision_json(decision: Decision) -> bytes:
    """OUT/json/<doc_id>.json: one file's reading (without the archive's fields)."""
    return (decision.model_dump_json(indent=2, exclude_none=False, exclude=_ARCHIVE_FIELDS) + "\n").encode("utf-8")


def write_decision_json(out: Path, decision: Decision) -> Path:
    path = out / "json" / f"{decision.doc_id}.json"
    atomic_write(path, decision_json(decision))
    return path


def text_path(out: Path, doc_id: str) -> Path:
    """OUT/text/<doc_id>.txt: the extracted plain text that a decision's provenance offsets point into (UTF-8,
    as is: the offsets count its characters, so it is read back without newline translation)."""
    return out / "text" / f"{doc_id}.txt"


def jsonl_line(decision: Decision) -> bytes:
    """The decision's line of decisions.jsonl (the file feed: without the extracted text), without its archive
    fields (`feed_line` adds them)."""
    return (decision.model_dump_json(exclude={"text", *_ARCHIVE_FIELDS}) + "\n").encode("utf-8")


class _ArchiveFields(BaseModel):
    duplicate_group: int | None
    renderings: list[Rendering]


def archive_fields(entry: ArchiveEntry) -> dict[str, Any]:
    """The Decision fields `duplicate_group` and `renderings` of an archive entry."""
    return {"duplicate_group": entry.group,
            "renderings": [Rendering(doc_id=r.doc_id, path=r.path, format=r.format, ocr=r.ocr,  # type: ignore[arg-type]
                                     reason=r.reason or None) for r in entry.renderings]}


def with_archive_json(data: bytes, entry: ArchiveEntry) -> bytes:
    """A decision's JSON object without its archive fields (`jsonl_line`, `decision_json`) with them added at its
    end."""
    body = data.rstrip()
    assert body.endswith(b"}")
    extra = _ArchiveFields(**archive_fields(entry)).model_dump_json().encode("utf-8")
    return body[:-1] + b"," + extra[1:] + data[len(body):]


def feed_line(decision: Decision, entry: ArchiveEntry) -> bytes:
    """The decision's line of decisions.jsonl: the archive's record of it (`normalize.duplicates.archive`)."""
    return with_archive_json(jsonl_line(decision), entry)


def _prov(p: Any) -> list[Any]:
    if p is None:
        return [None] * 6
    return [p.page, p.start, p.end, p.table, p.row, p.col]


# not start/end/table/row: SQL's reserved words (DuckDB reads `select start, end from targets` as an error)
PROV_COLS = ["page", "text_start", "text_end", "table_no", "row_no", "col_no"]
# a decision's group of renderings (see `with_archive`): in the decisions table, after its format
ARCHIVE_COLS = ["duplicate_group", "renderings", "rendering_paths", "rendering_doc_ids"]

TABLE_COLUMNS: dict[str, list[str]] = {
    "decisions": ["doc_id", "source_path", "format", *ARCHIVE_COLS, "doc_type", "issuer_name", "level", "locality",
                  "province", "decision_number", "issued_on", "year", "title", "signer_name", "signer_title",
                  "signer_authority", "objectives", "targets", "tasks", "warnings", "warning_codes", "legal_bases",
                  "recipients"],
    "objectives": ["doc_id", "objective_id", "number", "category", "text", "measurement", "targets", "tasks",
                   *PROV_COLS],
    "targets": ["doc_id", "locality", "level", "year", "objective_id", "target_no", "indicator", "indicator_label",
                "comparator", "comparator_words", "value", "value_max", "unit", "per", "metric", "text", *PROV_COLS],
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


def decision_rows(d: Decision) -> dict[str, list[list[Any]]]:
    """The rows one decision adds to each of the five spreadsheet tables (joined by doc_id and objective id).
    Values keep their types (dates, numbers) so that every writer can render them its own way."""
    n_targets = sum(len(o.targets) for o in d.objectives)
    n_tasks = sum(len(o.plan) for o in d.objectives) + len(d.plan)
    signer = d.signer
    level = d.issuer.level.value if d.issuer.level else None
    dec_rows = [[
        d.doc_id, d.source.path, d.source.format.value, None, 1, d.source.path, d.doc_id, d.doc_type.value,
        d.issuer.name,
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
            tgt_rows.append([d.doc_id, d.issuer.locality, level, d.year, o.id, k, t.indicator,
                             indicator_label(t.indicator), t.comparator.value, comparator_words(t.comparator.value),
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


_ARCHIVE_AT = TABLE_COLUMNS["decisions"].index(ARCHIVE_COLS[0])


def with_archive(row: Sequence[Any], entry: ArchiveEntry) -> list[Any]:
    """A decision's row of the decisions table with its group: its number, how many files it was read from, their
    paths and doc_ids (joined by ` | `, the representative's first)."""
    out = list(row)
    out[_ARCHIVE_AT : _ARCHIVE_AT + len(ARCHIVE_COLS)] = [
        entry.group, len(entry.renderings), LIST_SEP.join(r.path for r in entry.renderings),
        LIST_SEP.join(r.doc_id for r in entry.renderings)]
    return out


def archive_rows(d: Decision, entry: ArchiveEntry) -> dict[str, list[list[Any]]]:
    """The rows the archive's record of a decision adds to each table: `decision_rows` with its group."""
    rows = decision_rows(d)
    rows["decisions"] = [with_archive(r, entry) for r in rows["decisions"]]
    return rows


def archive_decisions(decisions: Sequence[Decision], files: Iterable[tuple[str, str]] = ()
                      ) -> list[tuple[Decision, ArchiveEntry]]:
    """The archive's decisions among `decisions` (every file's reading; `files`: see `archive`): each once, with
    its group, in table order (see `normalize.duplicates.archive`)."""
    from normalize.duplicates import archive

    by_id = {d.doc_id: d for d in decisions}
    return [(by_id[e.doc_id], e) for e in archive(decisions, files)]


def flatten(decisions: Sequence[Decision]) -> dict[str, Table]:
    """The five spreadsheet tables of the archive `decisions` hold, in memory (for small sets; archives are
    streamed)."""
    tables = {name: Table(list(cols), []) for name, cols in TABLE_COLUMNS.items()}
    for d, entry in archive_decisions(decisions):
        for name, rows in archive_rows(d, entry).items():
            tables[name].rows.extend(rows)
    return tables


def write_tables(out: Path, decisions: Sequence[Decision]) -> None:
    """decisions.jsonl and the five CSVs of the archive `decisions` hold (in memory; `write_table_stream` for
    archives)."""
    write_table_stream(out, ((feed_line(d, e), [csv_rows(r) for r in archive_rows(d, e).values()])
                             for d, e in archive_decisions(decisions)))


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
