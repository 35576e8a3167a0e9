"""The quality-objectives list: the numbered items of the list that follows an MTCL title, read from the outline.

reads: the outline, the title blocks ("MỤC TIÊU CHẤT LƯỢNG NĂM 2021", "… phấn đấu thực hiện các mục tiêu sau:").
assigns: objectives (one an item: its first line without the number, plus every paragraph, bullet and table under
it), their targets (from the text, and from indicator tables inside an item); claims the items (layer
"objectives_list"). The list ends where the outline's list ends, at a plan's heading ("Kế hoạch thực hiện"), a
closing line ("Nơi nhận", "TM.", "Phụ lục") or a number out of sequence; a number OCR could not read ("v," where
"4." stood) is recovered from the sequence, with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.components.base import ObjectiveDraft, prov, targets_from_text
from extract.components.indicator_table import indicator_table_targets
from extract.components.plan_tables import PLAN_HEADING, PLAN_OBJECTIVE
from extract.document import Block, BlockKind
from extract.header import is_mtcl_title
from extract.markers import parse_marker
from extract.outline import Node, Outline, is_caps_line
from schemas.models import Warning

NAME = "objectives_list"
READS = ("outline", "header.title")
ASSIGNS = ("objectives", "objectives.targets")

_END_OF_LIST = re.compile(r"^(?:Nơi nhận|Phụ lục|TM\.|KT\.|Q\.|CHỦ TỊCH|PHÓ CHỦ TỊCH)", re.I)
_LIST_INTRO = re.compile(r"phấn đấu thực hiện các mục tiêu|các mục tiêu sau", re.I)


@dataclass
class ObjectivesList:
    objectives: list[ObjectiveDraft] = field(default_factory=list)
    claimed: set[int] = field(default_factory=set)
    end: int = 0  # the index of the first block after the list
    warnings: list[Warning] = field(default_factory=list)


def _numbered(block: Block) -> int | None:
    """The number of a "N." / "N)" item, or None."""
    if block.kind is BlockKind.table:
        return None
    m = parse_marker(block.text)
    return m.ordinal if m is not None and m.style in {"arabic.", "arabic)"} else None


def find_list_start(blocks: list[Block]) -> int | None:
    """The first '1.' after a quality-objectives title."""
    seen_title = False
    for i, b in enumerate(blocks):
        if b.kind is BlockKind.table:
            continue
        if is_mtcl_title(b.text) or _LIST_INTRO.search(b.text):
            seen_title = True
            continue
        if seen_title and _numbered(b) == 1 and not PLAN_OBJECTIVE.match(b.text):
            return i
    return None


def _split_lost_marker(objectives: list[ObjectiveDraft]) -> bool:
    """Item N+1 follows item N-1: when N-1 took in a short scrap line ("v,", an OCR misreading of "N.") followed
    by more text, the text after the scrap is item N, whose number was lost. Returns True when it split."""
    last = objectives[-1]
    for k in range(1, len(last.blocks) - 1):
        scrap = last.blocks[k]
        if scrap.kind is BlockKind.table or len(scrap.text.strip()) > 3 or any(c.isdigit() for c in scrap.text):
            continue
        number = str(len(objectives) + 1)
        rest = last.blocks[k + 1 :]
        if rest[0].kind is BlockKind.table:
            return False
        first_text = last.texts.index(scrap.text.strip())
        obj = ObjectiveDraft(id=number, number=number, start=rest[0].start, end=rest[-1].end, page=rest[0].page)
        obj.blocks = list(rest)
        obj.texts = last.texts[first_text + 1 :]
        obj.lost_marker = scrap.text.strip()
        last.blocks = last.blocks[:k]
        last.texts = last.texts[:first_text]
        last.end = last.blocks[-1].end
        objectives.append(obj)
        return True
    return False


def _ends_list(block: Block) -> bool:
    text = block.text.strip()
    return block.kind is not BlockKind.table and (
        bool(_END_OF_LIST.match(text)) or bool(PLAN_HEADING.match(text)) or is_caps_line(text)
        or (block.kind is BlockKind.paragraph and _numbered(block) is not None))


def _item_blocks(item: Node) -> tuple[list[tuple[int, Block]], bool]:
    """The item's blocks up to the first that ends the list; and whether one did."""
    out: list[tuple[int, Block]] = []
    for k, (i, b) in enumerate(item.blocks()):
        if k and _ends_list(b):
            return out, True
        out.append((i, b))
    return out, False


def read_objectives_list(outline: Outline, start: int) -> ObjectivesList:
    out = ObjectivesList(end=start)
    head = outline.node_of(start)
    if head is None or head.parent is None:
        return out
    siblings = head.parent.children
    objectives = out.objectives
    for item in siblings[siblings.index(head):]:
        b = item.block
        if b is None or b.kind is BlockKind.table:
            break
        number = _numbered(b)
        expected = len(objectives) + 1
        if number == expected + 1 and objectives and _split_lost_marker(objectives):
            expected += 1
        if number != expected or PLAN_OBJECTIVE.match(b.text.strip()):
            break
        m = parse_marker(b.text)
        assert m is not None
        blocks, ended = _item_blocks(item)
        obj = ObjectiveDraft(id=str(expected), number=str(expected), start=b.start, end=blocks[-1][1].end,
                             page=b.page)
        obj.blocks = [blk for _, blk in blocks]
        obj.texts = [b.text[m.end:].strip()] + [blk.text.strip() for _, blk in blocks[1:]
                                                 if blk.kind is not BlockKind.table]
        objectives.append(obj)
        out.claimed.update(i for i, _ in blocks)
        out.end = blocks[-1][0] + 1
        if ended:
            break
    for obj in objectives:
        _finish(obj, out.warnings)
    return out


def _finish(obj: ObjectiveDraft, warnings: list[Warning]) -> None:
    if obj.lost_marker is not None:
        warnings.append(Warning(code="lost_number", message=f"objective {obj.id}: its printed number could not be "
                                f"read ({obj.lost_marker!r} stands in its place); numbered from the list's order",
                                span=prov(obj.start, obj.end, obj.page)))
    for b in obj.blocks:
        if b.kind is BlockKind.table:
            targets = indicator_table_targets(b)
            if targets is None:
                first = b.text.strip().replace("\n", " ")
                quote = first[:100] + ("…" if len(first) > 100 else "")
                warnings.append(Warning(code="unplaced_text", message=f"a table inside the objectives list that is "
                                        f"not an indicator table: '{quote}' (1 block(s))",
                                        span=prov(b.start, b.end, b.page)))
            else:
                obj.targets.extend(targets)
        else:
            obj.targets.extend(targets_from_text(b.text, b.start, b.page))
