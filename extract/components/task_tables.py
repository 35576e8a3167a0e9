"""Task tables that no objective groups (the plans, programmes and reports beyond MTCL decisions).

reads: the document's tables, the tables the plan component tied to objectives (layer "plan_tables").
assigns: the document's top-level plan (tasks, each with the section of the merged row above it); claims the
tables it reads (layer "task_tables"). A meeting agenda (a time column of clock times) is not a plan.
"""

from __future__ import annotations

import re

from extract.columns import header_roles
from extract.components.base import fold
from extract.components.tasks import getter, is_task_table, task
from extract.document import Block, BlockKind, Row
from schemas.models import Task

NAME = "task_tables"
READS = ("blocks.tables", "layers.plan_tables")
ASSIGNS = ("plan",)

_CLOCK = re.compile(r"^\s*\d{1,2}\s*(?:h|giờ|:)\s*\d{0,2}")


def is_agenda(table: Block, col: dict[str, int]) -> bool:
    """A meeting programme: its time column holds clock times ("07h45 - 8h00"), not deadlines."""
    if "time" not in col:
        return False
    # the times given (sub-items of one slot, the closing item, leave theirs empty; the header row has none)
    times = [t for r in table.rows if col["time"] < len(r.cells) and (t := r.texts()[col["time"]].strip())]
    clocks = sum(1 for t in times if _CLOCK.match(t))
    return clocks * 2 > len(times)


def section_text(row: Row) -> str | None:
    """A row that one merged cell spans: the reader says so (its first cell spans the row), or repeats its text
    in every cell it covers."""
    cells = row.texts()
    if len(cells) > 2 and row.cells and row.cells[0].col_span >= len(cells) and cells[0].strip():
        return cells[0]
    filled = {c.strip() for c in cells if c.strip()}
    return filled.pop() if len(filled) == 1 and len(cells) > 2 else None


def read_task_tables(blocks: list[Block], taken: set[int], year: int | None) -> tuple[list[Task], set[int]]:
    tasks: list[Task] = []
    claimed: set[int] = set()
    for i, b in enumerate(blocks):
        if b.kind is not BlockKind.table or i in taken or not is_task_table(b):
            continue
        roles, header_rows = header_roles(b)
        col = {role: k for k, role in enumerate(roles) if role and role != "value"}
        if is_agenda(b, col):
            continue
        claimed.add(i)
        section: str | None = None
        for r, row in enumerate(b.rows[header_rows:], start=header_rows):
            if (title := section_text(row)) is not None:
                section = fold(title)
                continue
            get = getter(row.texts(), col)
            if get("content").strip():  # an empty numbered row is not a task
                tasks.append(task(get, col, b, r, row, year, section))
    return tasks, claimed
