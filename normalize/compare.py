"""Cross-locality, cross-year outputs of an output folder: comparison.csv, mtcl.xlsx, mtcl.duckdb, Parquet.

All of them are built from OUT/json/*.json (every decision extracted into OUT so far) and written atomically.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from normalize.duplicates import canonical
from normalize.vocabulary import indicators
from normalize.writers import Table, atomic_write, csv_bytes, flatten
from schemas.models import Decision, Target

_SYMBOL = {"gt": ">", "ge": "≥", "lt": "<", "le": "≤", "eq": "", "between": ""}


def load_decisions(out: Path) -> list[Decision]:
    return [Decision.model_validate_json(p.read_text(encoding="utf-8")) for p in sorted((out / "json").glob("*.json"))]


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def target_cell(t: Target) -> str:
    """How a target reads in a comparison cell: '>98', '≥95', '14–15', '≤3'."""
    if t.value_max is not None:
        return f"{_number(t.value)}–{_number(t.value_max)}"
    return f"{_SYMBOL[t.comparator.value]}{_number(t.value)}"


def column_label(d: Decision) -> str:
    place = d.issuer.locality or d.issuer.name or d.doc_id
    return f"{place} {d.year}" if d.year else place


def comparison_table(decisions: list[Decision]) -> Table:
    """One row per indicator, one column per locality-year, the target in the cell."""
    columns: dict[str, None] = {}
    cells: dict[tuple[str, str], list[str]] = defaultdict(list)
    ordered = sorted(decisions, key=lambda d: (d.issuer.locality or "", d.year or 0, d.doc_id))
    for d in ordered:
        label = column_label(d)
        columns.setdefault(label)
        for o in d.objectives:
            for t in o.targets:
                if t.indicator:
                    cells[(t.indicator, label)].append(target_cell(t))
    rows = []
    for ind in indicators():
        values = [" | ".join(cells.get((ind["code"], c), [])) or None for c in columns]
        if any(values):
            rows.append([ind["code"], ind["label_vi"], ind["label_en"], ind["unit"], *values])
    return Table(["indicator", "label_vi", "label_en", "unit", *columns], rows)


def coverage(decisions: list[Decision]) -> tuple[int, int, dict[str, int]]:
    coded, total = 0, 0
    per: dict[str, int] = defaultdict(int)
    for d in decisions:
        for o in d.objectives:
            for t in o.targets:
                total += 1
                if t.indicator:
                    coded += 1
                    per[t.indicator] += 1
    return coded, total, dict(per)


def coverage_report(out: Path) -> str:
    coded, total, per = coverage(load_decisions(out))
    share = coded / total if total else 0.0
    lines = [f"targets with an indicator code: {coded}/{total} ({share:.1%}); the rest are null"]
    lines += [f"  {code:<32}{n:>5}" for code, n in sorted(per.items(), key=lambda kv: (-kv[1], kv[0]))]
    return "\n".join(lines)


def _xlsx(path: Path, tables: dict[str, Table]) -> None:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for name, table in tables.items():
        ws = wb.create_sheet(name)
        ws.append(table.columns)
        for row in table.rows:
            ws.append([_xlsx_value(v) for v in row])
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
        for i, col in enumerate(table.columns, start=1):
            values = [str(r[i - 1]) for r in table.rows[:200] if r[i - 1] is not None]
            width = max([len(col), *(len(v) for v in values)]) + 2
            ws.column_dimensions[get_column_letter(i)].width = min(width, 60)
            for cell in ws.iter_cols(min_col=i, max_col=i, min_row=2):
                for c in cell:
                    if isinstance(c.value, dt.date):
                        c.number_format = "yyyy-mm-dd"
    fd, tmp = tempfile.mkstemp(suffix=".xlsx.tmp", dir=path.parent)
    os.close(fd)
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _xlsx_value(v: Any) -> Any:
    # spreadsheets must not run text as a formula; numbers and dates stay typed
    if isinstance(v, str) and v.startswith(("=", "+", "-", "@")):
        return "'" + v
    return v


def _frames(tables: dict[str, Table]) -> dict[str, Any]:
    import pandas as pd

    frames = {}
    for name, table in tables.items():
        df = pd.DataFrame(table.rows, columns=table.columns)
        for col in df.columns:
            if col in {"issued_on", "timeframe_start", "timeframe_end"}:
                df[col] = pd.to_datetime(df[col]).dt.date
            elif col in {"page", "start", "end", "table", "row", "col", "year"}:
                df[col] = df[col].astype("Int64")  # nullable integers, not floats with NaN
        frames[name] = df
    return frames


def _duckdb(path: Path, frames: dict[str, Any]) -> None:
    import duckdb

    fd, tmp = tempfile.mkstemp(suffix=".duckdb.tmp", dir=path.parent)
    os.close(fd)
    Path(tmp).unlink()  # duckdb creates the file itself
    try:
        con = duckdb.connect(tmp)
        for name, df in frames.items():
            con.register("frame", df)
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM frame')
            con.unregister("frame")
        con.execute(
            """
            CREATE VIEW targets_by_indicator AS
            SELECT t.indicator, i.label_vi, i.label_en, t.locality, t.level, t.year, t.comparator, t.value,
                   t.value_max, t.unit, t.doc_id, t.objective_id
            FROM targets t LEFT JOIN indicators i ON i.code = t.indicator
            WHERE t.indicator IS NOT NULL
            ORDER BY t.indicator, t.locality, t.year
            """
        )
        con.execute(
            """
            CREATE VIEW latest_target AS
            SELECT * EXCLUDE (rn) FROM (
                SELECT t.*, row_number() OVER (
                    PARTITION BY t.locality, t.indicator ORDER BY t.year DESC NULLS LAST, t.doc_id
                ) AS rn
                FROM targets t WHERE t.indicator IS NOT NULL
            ) WHERE rn = 1
            """
        )
        con.close()
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
        Path(tmp + ".wal").unlink(missing_ok=True)


def write_comparisons(out: Path) -> list[Path]:
    decisions = canonical(load_decisions(out))  # a decision found in two files counts once
    tables = flatten(decisions)
    comparison = comparison_table(decisions)
    written = [out / "comparison.csv", out / "mtcl.xlsx", out / "mtcl.duckdb"]
    atomic_write(written[0], csv_bytes(comparison.columns, comparison.rows))
    sheets = {k: tables[k] for k in ("decisions", "objectives", "targets", "tasks")}
    sheets["comparison"] = comparison
    _xlsx(written[1], sheets)
    ind = indicators()
    tables["indicators"] = Table(["code", "label_vi", "label_en", "unit"],
                                 [[i["code"], i["label_vi"], i["label_en"], i["unit"]] for i in ind])
    frames = _frames(tables)
    _duckdb(written[2], frames)
    parquet = out / "parquet"
    parquet.mkdir(exist_ok=True)
    for name, df in frames.items():
        target = parquet / f"{name}.parquet"
        fd, tmp = tempfile.mkstemp(suffix=".parquet.tmp", dir=parquet)
        os.close(fd)
        try:
            df.to_parquet(tmp, index=False)
            os.replace(tmp, target)
        finally:
            Path(tmp).unlink(missing_ok=True)
        written.append(target)
    return written
