"""A plan row as a Task: its responsible units, its timeframe, its provenance (shared by the table components)."""

from __future__ import annotations

from collections.abc import Callable

from extract.columns import header_roles
from extract.components.base import fold, prov
from extract.document import Block, Row
from extract.timeframes import parse_timeframe
from extract.units import ParsedUnit, parse_responsibility, split_units
from schemas.models import Provenance, Task, Timeframe, Unit

Getter = Callable[[str], str]  # a row's cell of a column role ("content", "lead", "time", …)


def timeframe(raw: str, year: int | None) -> Timeframe:
    p = parse_timeframe(raw, year)
    return Timeframe(raw=fold(raw), kind=p.kind, start=p.start, end=p.end, recurrence=p.recurrence)  # type: ignore[arg-type]


def row_prov(table: Block, r: int, row: Row) -> Provenance:
    return prov(row.cells[0].start, row.cells[-1].end, row.page, table=table.table_index, row=r)


def units(parsed: list[ParsedUnit]) -> list[Unit]:
    return [Unit(raw=u.raw, name=u.name) for u in parsed]


def row_units(get: Getter, col: dict[str, int]) -> tuple[list[Unit], list[Unit]]:
    lead: list[ParsedUnit] = []
    support: list[ParsedUnit] = []
    if "lead" in col:
        lead = split_units(get("lead"))
    if "support" in col:
        support = split_units(get("support"))
    if "responsibility" in col and not lead:
        lead, extra = parse_responsibility(get("responsibility"))
        support = support + extra
    return units(lead), units(support)


def task(get: Getter, col: dict[str, int], table: Block, r: int, row: Row, year: int | None,
         section: str | None = None) -> Task:
    """One plan row as a Task; `get(role)` is the row's cell of that column role."""
    lead, support = row_units(get, col)
    return Task(
        number=get("number").strip().rstrip(".") or None,
        section=section,
        content=fold(get("content").strip()),
        lead_units=lead,
        support_units=support,
        timeframe=timeframe(get("time"), year),
        expected_result=fold(get("expected")) or None,
        monitoring=fold(get("monitoring")) or None,
        resources=fold(get("resources")) or None,
        provenance=row_prov(table, r, row),
    )


def is_task_table(table: Block) -> bool:
    roles, _ = header_roles(table)
    return "content" in roles and bool({"lead", "support", "responsibility", "time"} & set(roles))


def getter(cells: list[str], col: dict[str, int]) -> Getter:
    def get(role: str) -> str:
        i = col.get(role)
        return cells[i] if i is not None and i < len(cells) else ""

    return get
