"""Tasks written as a list with labelled lines instead of a table.

reads: the outline. assigns: tasks (content, lead and support units, timeframe, expected result); claims the
items it reads (layer "task_lists").

A plan or letter that assigns work without a table writes each task as an item followed by its fields:

    (2) Sao lưu, duy trì các cơ sở dữ liệu trong hệ thống cũ …
    - Đơn vị chủ trì thực hiện: Văn phòng UBND tỉnh.
    - Đơn vị phối hợp: Các sở, ban, ngành; UBND các xã, phường, đặc khu.
    - Thời gian hoàn thành: Trong tháng 8/2025.

A labelled line is a short label, a colon and a value; the label's role is read by the same vocabulary as a task
table's column headers (extract/vocab/table_headers.tsv: "chủ trì" → lead, "thời gian" → time …), so a list and a
table that say the same thing give the same task. An item is a task when a line under it names who is responsible
(a body, not a person chairing a meeting); the item's own text, without its labelled lines, is the content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.columns import cell_role
from extract.components.base import fold, prov
from extract.components.tasks import timeframe, units
from extract.document import BlockKind
from extract.markers import strip_marker
from extract.outline import Node, Outline
from extract.units import parse_responsibility, split_units
from schemas.models import Task

NAME = "task_lists"
READS = ("outline",)
ASSIGNS = ("tasks",)

_LABEL = re.compile(r"^\s*(?:[-+•–]\s*)?(?P<label>[^:：\n]{3,60}?)\s*[:：]\s*(?P<value>\S.*)$", re.S)
_FIELDS = {"lead", "support", "responsibility", "time", "expected", "monitoring", "resources"}
_WHO = {"lead", "support", "responsibility"}
_PERSON = re.compile(r"^(?:đồng chí|đ/c|ông|bà|lãnh đạo)\b", re.I)  # who chairs a meeting, not a body


@dataclass
class TaskLists:
    tasks: list[tuple[Node, Task]] = field(default_factory=list)  # each task with the item it was read from
    claimed: set[int] = field(default_factory=set)


def labelled(text: str) -> tuple[str, str] | None:
    """(role, value) of a labelled line ("- Thời gian hoàn thành: Trong tháng 8/2025." → ("time", "Trong …"))."""
    m = _LABEL.match(text.strip())
    if not m or len(m.group("label").split()) > 7:
        return None
    role = cell_role(m.group("label"))
    if role not in _FIELDS:
        return None
    return role, m.group("value").strip().rstrip(".;").strip()


def _field_nodes(item: Node) -> list[Node]:
    """The lines directly under an item: its body paragraphs and the items of its lists."""
    out = list(item.body())
    for lst in (c for c in item.children if c.kind == "list"):
        out.extend(c for c in lst.children if c.block is not None)
    return sorted(out, key=lambda n: n.index if n.index is not None else 0)


def _task(item: Node, year: int | None) -> tuple[Task, set[int]] | None:
    b = item.block
    if b is None or b.kind is BlockKind.table or labelled(b.text) is not None:
        return None
    fields: dict[str, str] = {}
    content = [fold(strip_marker(b.text)).strip()]
    used = {item.index} if item.index is not None else set()
    for n in _field_nodes(item):
        if n.block is None or n.block.kind is BlockKind.table:
            continue
        found = labelled(n.block.text)
        if found is None:
            if not fields:  # the item's own text goes on in a paragraph before its fields
                content.append(fold(strip_marker(n.block.text)).strip())
                used.update(i for i, _ in n.blocks())
            continue
        role, value = found
        fields.setdefault(role, value)
        used.update(i for i, _ in n.blocks())
    who = {r: v for r, v in fields.items() if r in _WHO and not _PERSON.match(v)}
    if not who:
        return None
    lead = split_units(who["lead"]) if "lead" in who else []
    support = split_units(who["support"]) if "support" in who else []
    if "responsibility" in who and not lead:
        lead, extra = parse_responsibility(who["responsibility"])
        support = support + extra
    section = None
    parent = item.parent.parent if item.parent is not None and item.parent.kind == "list" else None
    if parent is not None and parent.kind in {"item", "section"} and parent.block is not None:
        section = fold(strip_marker(parent.block.text)).strip() or None
    spans = [(bl.start, bl.end) for i, bl in item.blocks() if i in used]
    number = (item.marker or "").strip("().: ") if item.ordinal is not None else ""  # a bullet prints no number
    return Task(
        number=number or None,
        section=section,
        content=" ".join(c for c in content if c),
        lead_units=units(lead),
        support_units=units(support),
        timeframe=timeframe(fields.get("time", ""), year),
        expected_result=fields.get("expected"),
        monitoring=fields.get("monitoring"),
        resources=fields.get("resources"),
        provenance=prov(min(s for s, _ in spans), max(e for _, e in spans), b.page),
    ), {i for i in used if i is not None}


def read_task_lists(outline: Outline, year: int | None) -> TaskLists:
    out = TaskLists()
    for node in outline.root.walk():
        if node.kind != "item":
            continue
        found = _task(node, year)
        if found is not None:
            task, used = found
            out.tasks.append((node, task))
            out.claimed |= used
    return out
