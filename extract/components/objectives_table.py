"""Objectives written as a table (STT | Mục tiêu chất lượng | Đo lường kết quả | Biện pháp | Trách nhiệm | …).

reads: the document's tables and their header roles. assigns: objectives (one a row), their measurement, targets
and tasks (each "- " measure of "Biện pháp" one task sharing the row's units, time and resources); claims the
table (layer "objectives_table").
"""

from __future__ import annotations

import re

from extract.columns import header_roles
from extract.components.base import ObjectiveDraft, fold, target
from extract.components.tasks import getter, row_prov, row_units, timeframe
from extract.document import Block, BlockKind
from extract.markup import fold_spaces
from extract.targets import parse_targets
from schemas.models import Task

NAME = "objectives_table"
READS = ("blocks.tables",)
ASSIGNS = ("objectives", "objectives.targets", "objectives.plan")


def find_objectives_table(blocks: list[Block]) -> int | None:
    for i, b in enumerate(blocks):
        if b.kind is BlockKind.table:
            roles, _ = header_roles(b)
            if "objective" in roles and ("content" in roles or "measurement" in roles):
                return i
    return None


_INLINE_BULLET = re.compile(r"([.;:])\s*[-+•]\s+(?=(\w))")


def measures(cell: str) -> list[str]:
    """Each '- ' measure of a 'Biện pháp' cell; a cell without bullets is one measure."""
    items: list[str] = []
    # a bullet run into the sentence before it ("… hàng tuần.- Thường xuyên …", a wrapped PDF cell)
    cell = _INLINE_BULLET.sub(lambda m: m.group(1) + "\n- " if m.group(2).isupper() else m.group(0), cell)
    for line in cell.split("\n"):
        line = line.strip()
        if not line:
            continue
        if line.startswith(("- ", "-", "+ ", "• ")) or not items:
            items.append(re.sub(r"^[-+•]\s*", "", line))
        else:
            items[-1] += " " + line
    return [fold_spaces(i) for i in items if i.strip()]


def read_objectives_table(table: Block, year: int | None) -> list[ObjectiveDraft]:
    roles, header_rows = header_roles(table)
    col = {role: i for i, role in enumerate(roles) if role}
    out: list[ObjectiveDraft] = []
    for r, row in enumerate(table.rows[header_rows:], start=header_rows):
        get = getter(row.texts(), col)
        statement = get("objective")
        if not statement.strip():
            continue
        number = get("number").strip().rstrip(".") or None
        obj_cell = row.cells[col["objective"]]
        obj = ObjectiveDraft(id=number or str(len(out) + 1), number=number, start=obj_cell.start, end=obj_cell.end,
                             page=row.page, table_cell=(table.table_index or 0, r, col["objective"]))
        obj.texts.append(statement)
        obj.measurement = fold(get("measurement")) or None
        for t in parse_targets(statement):
            obj.targets.append(target(t, statement, obj_cell.start, row.page, table=table.table_index, row=r,
                                      col=col["objective"]))
        lead, support = row_units(get, col)
        tf = timeframe(get("time"), year)
        resources = fold(get("resources")) or None
        for measure in measures(get("content")):
            obj.tasks.append(
                Task(
                    number=None,
                    content=measure,
                    lead_units=lead,
                    support_units=support,
                    timeframe=tf,
                    expected_result=fold(get("expected")) or None,
                    monitoring=fold(get("monitoring")) or None,
                    resources=resources,
                    provenance=row_prov(table, r, row),
                )
            )
        out.append(obj)
    return out
