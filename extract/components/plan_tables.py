"""The implementation plan of an objectives list: task tables tied to their objectives.

reads: the blocks after the objectives, the objectives (to tie rows to), the layers of the header and the
objectives (blocks already read). assigns: objectives' plan (tasks), conflict warnings where the plan restates an
objective with another figure; claims the tables, the "Mục tiêu N" headings and restatements it reads (layer
"plan_tables"). A table is tied to an objective by a "Mục tiêu N" heading before it, by group rows ("I.", "II.")
inside it, or by its order.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from extract.columns import header_roles
from extract.components.base import ObjectiveDraft, fold, prov
from extract.components.tasks import getter, is_task_table, task
from extract.document import Block, BlockKind
from extract.header import is_mtcl_title
from extract.markers import roman_value
from extract.targets import parse_targets
from schemas.models import Warning

NAME = "plan_tables"
READS = ("blocks", "objectives", "layers.header", "layers.objectives")
ASSIGNS = ("objectives.plan",)

PLAN_OBJECTIVE = re.compile(
    r"^(?:\d{1,2}\s*[.)]\s*)?Mục tiêu\s+(?P<num>\d{1,2})\s*[:.]?\s*(?P<text>.*)$", re.S | re.I
)
PLAN_HEADING = re.compile(r"^(?:KẾ HOẠCH|Kế hoạch thực hiện|THỰC HIỆN MỤC TIÊU)", re.I)
_ROMAN = re.compile(r"^(?P<r>[IVXL]{1,6})\s*\.?$")


@dataclass
class _PlanState:
    current: int | None = None  # index into objectives
    restated: dict[int, list[tuple[str, Block]]] = field(default_factory=dict)


@dataclass
class PlanTables:
    found: bool = False
    claimed: set[int] = field(default_factory=set)
    warnings: list[Warning] = field(default_factory=list)


def _table_rows(table: Block, objectives: list[ObjectiveDraft], state: _PlanState, year: int | None,
                by_order: int | None) -> list[str]:
    """Adds the table's tasks to their objectives; returns messages for rows it could not tie."""
    roles, header_rows = header_roles(table)
    col = {role: i for i, role in enumerate(roles) if role and role not in {"value"}}
    problems: list[str] = []
    if state.current is None and by_order is not None:
        state.current = by_order
    for r, row in enumerate(table.rows[header_rows:], start=header_rows):
        get = getter(row.texts(), col)
        number = get("number").strip()
        content = get("content").strip()
        others = [get(x) for x in ("lead", "support", "responsibility", "time") if x in col]
        group = _ROMAN.match(number)
        if group and content and not any(o.strip() for o in others):
            idx = roman_value(group.group("r")) - 1
            if 0 <= idx < len(objectives):
                state.current = idx
                state.restated.setdefault(idx, []).append((content, table))
            else:
                problems.append(f"group row '{number} {content[:60]}' names no objective")
            continue
        if not content:
            continue  # an empty numbered row ("9.") is not a task
        if state.current is None or state.current >= len(objectives):
            problems.append(f"row '{number} {content[:60]}' is not tied to any objective")
            continue
        objectives[state.current].tasks.append(task(get, col, table, r, row, year))
    return problems


def read_plan_tables(blocks: list[Block], start: int, objectives: list[ObjectiveDraft], taken: set[int],
                     year: int | None) -> PlanTables:
    out = PlanTables()
    state = _PlanState()
    tables_seen = 0
    restating: int | None = None
    for i in range(start, len(blocks)):
        if i in taken:
            continue
        b = blocks[i]
        text = b.text.strip()
        if b.kind is BlockKind.table:
            restating = None
            if not is_task_table(b):
                continue
            out.found = True
            has_groups = any(_ROMAN.match(r.texts()[0].strip()) for r in b.rows if r.cells)
            by_order = tables_seen if state.current is None and not has_groups else None
            for msg in _table_rows(b, objectives, state, year, by_order):
                out.warnings.append(Warning(code="plan_row_unplaced", message=msg,
                                            span=prov(b.start, b.end, b.page, table=b.table_index)))
            tables_seen += 1
            out.claimed.add(i)
            continue
        m = PLAN_OBJECTIVE.match(text)
        if m:
            idx = int(m.group("num")) - 1
            if 0 <= idx < len(objectives):
                state.current = idx
                restating = idx
                if m.group("text").strip():
                    state.restated.setdefault(idx, []).append((m.group("text"), b))
                out.claimed.add(i)
            continue
        if restating is not None and b.kind is not BlockKind.heading:
            state.restated.setdefault(restating, []).append((text, b))
            out.claimed.add(i)
            continue
        if tables_seen == 0 and (PLAN_HEADING.match(text) or is_mtcl_title(text)):
            out.claimed.add(i)  # the plan's own heading and subtitle
    out.warnings.extend(_restatement_conflicts(objectives, state))
    return out


def _restatement_conflicts(objectives: list[ObjectiveDraft], state: _PlanState) -> list[Warning]:
    """A plan that restates an objective with another figure: the list wins, a warning names both."""
    out: list[Warning] = []
    for idx, parts in state.restated.items():
        listed = objectives[idx].targets
        listed_keys = Counter((t.unit, t.value) for t in listed)
        for text, block in parts:
            for t in parse_targets(text):
                if (t.unit, t.value) in listed_keys:
                    continue
                rival = next((x for x in listed if x.unit == t.unit and x.comparator == t.comparator
                              and _overlap(x.metric, t.metric) >= 0.5), None)
                if rival is None:
                    continue
                out.append(Warning(
                    code="conflict_target",
                    message=(f"objective {objectives[idx].id}: the plan says '{fold(t.text_in(text))}' where the "
                             f"objectives list says '{rival.text}'; kept the list's {rival.value:g}{rival.unit}"),
                    span=prov(block.start, block.end, block.page),
                ))
    return out


def _overlap(a: str, b: str) -> float:
    wa, wb = set(a.lower().split()), set(b.lower().split())
    return len(wa & wb) / max(1, min(len(wa), len(wb)))
