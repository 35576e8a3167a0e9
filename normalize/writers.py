"""Writers for the JSON feed and the spreadsheet CSVs. Every file is written atomically (temp file + rename),
so a crash never leaves a half-written output behind."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schemas.models import Decision

LIST_SEP = " | "
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return buf.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8


def decision_json(decision: Decision) -> bytes:
    return (decision.model_dump_json(indent=2, exclude_none=False) + "\n").encode("utf-8")


def write_decision_json(out: Path, decision: Decision) -> Path:
    path = out / "json" / f"{decision.doc_id}.json"
    atomic_write(path, decision_json(decision))
    return path


def _prov(p: Any) -> list[Any]:
    if p is None:
        return [None] * 6
    return [p.page, p.start, p.end, p.table, p.row, p.col]


PROV_COLS = ["page", "start", "end", "table", "row", "col"]


@dataclass
class Table:
    columns: list[str]
    rows: list[list[Any]]


def flatten(decisions: Sequence[Decision]) -> dict[str, Table]:
    """The five spreadsheet tables, one row per record, joined by doc_id and objective id. Values keep their
    types (dates, numbers) so that every writer can render them its own way."""
    ordered = sorted(decisions, key=lambda d: (d.source.path, d.doc_id))
    dec_rows, obj_rows, tgt_rows, task_rows, unit_rows = [], [], [], [], []
    for d in ordered:
        n_targets = sum(len(o.targets) for o in d.objectives)
        n_tasks = sum(len(o.plan) for o in d.objectives)
        signer = d.signer
        dec_rows.append([
            d.doc_id, d.source.path, d.source.format.value, d.doc_type.value, d.issuer.name,
            d.issuer.level.value if d.issuer.level else None, d.issuer.locality, d.issuer.province,
            d.decision_number, d.issued_on, d.year, d.title,
            signer.name if signer else None, signer.title if signer else None,
            signer.authority.value if signer and signer.authority else None,
            len(d.objectives), n_targets, n_tasks, len(d.warnings),
            LIST_SEP.join(sorted({w.code for w in d.warnings})),
            LIST_SEP.join(d.legal_bases), LIST_SEP.join(d.recipients),
        ])
        for o in d.objectives:
            obj_rows.append([d.doc_id, o.id, o.number, o.category.value, o.text, o.measurement,
                             len(o.targets), len(o.plan), *_prov(o.provenance)])
            for k, t in enumerate(o.targets, start=1):
                tgt_rows.append([d.doc_id, d.issuer.locality, d.issuer.level.value if d.issuer.level else None,
                                 d.year, o.id, k, t.indicator, t.comparator.value, t.value, t.value_max, t.unit,
                                 t.per, t.metric, t.text, *_prov(t.provenance)])
            for k, task in enumerate(o.plan, start=1):
                tf = task.timeframe
                task_rows.append([
                    d.doc_id, o.id, k, task.number, task.content,
                    LIST_SEP.join(u.name for u in task.lead_units), LIST_SEP.join(u.name for u in task.support_units),
                    tf.raw, tf.kind.value, tf.start, tf.end, tf.recurrence,
                    task.expected_result, task.monitoring, task.resources, *_prov(task.provenance),
                ])
                for role, units in (("lead", task.lead_units), ("support", task.support_units)):
                    for u in units:
                        unit_rows.append([d.doc_id, o.id, k, role, u.name, u.raw])
    return {
        "decisions": Table(
            ["doc_id", "source_path", "format", "doc_type", "issuer_name", "level", "locality", "province",
             "decision_number", "issued_on", "year", "title", "signer_name", "signer_title", "signer_authority",
             "objectives", "targets", "tasks", "warnings", "warning_codes", "legal_bases", "recipients"], dec_rows),
        "objectives": Table(
            ["doc_id", "objective_id", "number", "category", "text", "measurement", "targets", "tasks",
             *PROV_COLS], obj_rows),
        "targets": Table(
            ["doc_id", "locality", "level", "year", "objective_id", "target_no", "indicator", "comparator", "value",
             "value_max", "unit", "per", "metric", "text", *PROV_COLS], tgt_rows),
        "tasks": Table(
            ["doc_id", "objective_id", "task_no", "number", "content", "lead_units", "support_units",
             "timeframe_raw", "timeframe_kind", "timeframe_start", "timeframe_end", "recurrence",
             "expected_result", "monitoring", "resources", *PROV_COLS], task_rows),
        "task_units": Table(["doc_id", "objective_id", "task_no", "role", "name", "raw"], unit_rows),
    }


def write_tables(out: Path, decisions: Sequence[Decision]) -> None:
    """decisions.jsonl and the five CSVs."""
    ordered = sorted(decisions, key=lambda d: (d.source.path, d.doc_id))
    atomic_write(
        out / "decisions.jsonl",
        "".join(d.model_dump_json(exclude={"text"}) + "\n" for d in ordered).encode("utf-8"),
    )
    for name, table in flatten(ordered).items():
        atomic_write(out / "csv" / f"{name}.csv", csv_bytes(table.columns, table.rows))


def write_errors(out: Path, errors: Sequence[dict[str, str]]) -> None:
    cols = ["file", "stage", "error_class", "message"]
    atomic_write(out / "errors.csv", csv_bytes(cols, ([e[c] for c in cols] for e in errors)))
    atomic_write(out / "errors.jsonl", "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in errors).encode())
