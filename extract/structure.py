"""From the document model to the Decision record: the components over one outline, and their assembly.

The outline is built once (extract/outline.py); then each component reads it (or the blocks, for tables) and
what the components before it assigned, and records the blocks it claims as its layer:

| component | reads | assigns |
|---|---|---|
| header (extract/header.py) | the blocks before the objectives | issuer, number, date, title, signer, bases… |
| objectives_list | the outline, the MTCL title | objectives, their targets (text and indicator tables) |
| objectives_table | the tables | objectives, targets, tasks (one a "- " measure) |
| commitments | the outline, the document type | objectives and targets of plans, programmes, reports |
| plan_tables | the blocks after the objectives, the objectives, the layers above | objectives' tasks |
| task_tables | the tables, the plan_tables layer | the document's top-level plan |

Which source of objectives a document has is a rule, not an order of claims: a quality-objectives table before
(or without) a list, else the list; a document that has neither and does not speak of quality objectives is read
for commitments. What no layer claims is reported as unplaced text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from extract import vocab
from extract.components.base import Layers, ObjectiveDraft, fold, prov
from extract.components.commitments import read_commitments
from extract.components.objectives_list import find_list_start, read_objectives_list
from extract.components.objectives_table import find_objectives_table, read_objectives_table
from extract.components.plan_tables import read_plan_tables
from extract.components.task_lists import read_task_lists
from extract.components.task_tables import read_task_tables
from extract.doctype import classify
from extract.document import Block, BlockKind, Document
from extract.header import Header, drop_misread, drop_unsure, read_header, repair_symbol, spell_title_as_the_text
from extract.letterhead import type_of
from extract.lexicon import misread_share
from extract.markers import parse_marker
from extract.outline import Outline, build_outline
from extract.references import find_references, mask_references
from schemas.models import Objective, Task, Warning

_fold = fold
_prov = prov


@dataclass
class Extraction:
    header: Header
    year: int | None
    objectives: list[Objective]
    warnings: list[Warning]
    has_plan: bool
    plan: list[Task] = field(default_factory=list)  # rows of plan tables that no objective groups
    layers: Layers = field(default_factory=Layers)  # the blocks each component claimed


# --- year, unplaced text, assembly ---------------------------------------------------------------------------


def _plan_title_year(title: str) -> int | None:
    """The year a plan's title says it is for: "… năm 2026" → 2026, "… giai đoạn 2026 - 2030" → 2030, when that is
    the title's only year. "đến năm 2030" is a horizon (most often of the programme the plan carries out), and a
    title naming several years ("tổng kết … đến năm 2020 … giai đoạn 2021 - 2025") says none."""
    rest = re.sub(r"đến\s+năm\s+(?:19|20)\d{2}", " ", title, flags=re.I)
    period = re.fullmatch(r".*?giai\s+đoạn\s+((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})(?!\d).*", rest, re.I | re.S)
    years = set(_years(rest))
    if period and years == set(_years(title)) == {int(period.group(1)), int(period.group(2))}:
        return int(period.group(2))
    if len(years) == 1 and len(_years(title)) == 1 and re.search(r"năm\s+(?:19|20)\d{2}", rest, re.I):
        return years.pop()
    # the year reviewed, then the year whose tasks are set ("Đánh giá công tác … năm 2025, triển khai nhiệm vụ năm
    # 2026"): the second, where the words between say so (vocab/forward_sections.tsv)
    found = _years(title)
    if len(found) == 2 and found[1] > found[0] and not period:
        between = title[title.find(str(found[0])) + 4 : title.rfind(str(found[1]))].casefold()
        if any(w in between for w in vocab.words("forward_sections")):
            return found[1]
    return None


_PERIOD = re.compile(r"(?:nhiệm\s*kỳ|giai\s+đoạn)\s*[IVX\d]*\s*\(?\s*((?:19|20)\d{2})\s*[-–—]+\s*((?:19|20)\d{2})"
                     r"|đến\s+năm\s+((?:19|20)\d{2})", re.I)


def _period_above(blocks: list[Block], index: int, reach: int = 60) -> list[int]:
    """The end of the nearest term, period or horizon named above block `index`, references to other documents
    aside: "PHƯƠNG HƯỚNG, NHIỆM VỤ … NHIỆM KỲ I (2025 - 2030)" over a congress's "Chỉ tiêu" whose items say "đến cuối
    nhiệm kỳ"; "… Dự án 6 … thuộc Chương trình … đến năm 2030" over the project's "nội dung trọng tâm"."""
    for b in reversed(blocks[max(0, index - reach) : index]):
        if b.kind is not BlockKind.table and (m := _PERIOD.search(mask_references(b.text))):
            return [int(m.group(2) or m.group(3))]
    return []


def _commitment_years(objectives: list[ObjectiveDraft]) -> list[int]:
    years: list[int] = []
    for o in objectives:
        if not o.targets:
            continue
        for text in o.texts:
            for r in reversed(find_references(text)):
                text = text[:r.start] + " " + text[r.end:]
            years += _years(text)
    return years


def _first_of(b: Block, word: str) -> str | None:
    """The text after `b`'s marker when that marker is the first of `word` ("Chương I", "Điều 1."), else None."""
    m = parse_marker(b.text) if b.kind is not BlockKind.table else None
    if m is None or m.ordinal != 1 or not m.printed.casefold().startswith(word):
        return None
    return b.text[m.end :]


def _charter_openings(blocks: list[Block]) -> list[int]:
    """Offsets where a charter opens without its type line: "Chương I" over an "Điều 1. Tên gọi …" within a few
    lines. An association's charter names the association in its first article (the model charter of the Ministry
    of Home Affairs), and a scan of a dossier often loses the "ĐIỀU LỆ" heading above it under a stamp."""
    found = []
    for i, b in enumerate(blocks):
        if (rest := _first_of(b, "điều")) is not None and rest.startswith("Tên"):
            chapter = next((a for a in blocks[max(0, i - 4) : i] if _first_of(a, "chương") is not None), None)
            if chapter is not None:
                found.append(chapter.start)
    return found


def _charter_parts(blocks: list[Block], first_type: str | None) -> list[tuple[int, int]]:
    """The (start, end) offsets of the parts of a file that are charters: from a type line of a charter
    ("ĐIỀU LỆ", "QUY CHẾ"), or from a charter's first chapter when that line was lost, to the next type line; the
    file's start counts as its own type (`first_type`)."""
    parts: list[tuple[int, str | None]] = [(0, first_type)]
    for b in blocks:
        if b.kind is not BlockKind.table and (kind := type_of(b.text)) is not None:
            parts.append((b.start, kind[1]))
    parts = sorted(parts + [(start, "charter") for start in _charter_openings(blocks)], key=lambda p: p[0])
    ends = [start for start, _ in parts[1:]] + [blocks[-1].end if blocks else 0]
    return [(start, end) for (start, kind), end in zip(parts, ends, strict=True) if kind == "charter"]


def _outside_charters(blocks: list[Block], header: Header, objectives: list[ObjectiveDraft],
                      layers: Layers) -> list[ObjectiveDraft]:
    """A charter's figures are its rules ("họp ít nhất 02 lần", "trên 1/2 tổng số ủy viên"), whether the charter is
    the file or a part of a dossier: objectives read inside one are dropped, their blocks claimed as its rules."""
    parts = _charter_parts(blocks, classify(blocks, False, header.title, header.doc_type)[0])
    inside = [o for o in objectives if any(a <= o.start < b for a, b in parts)]
    if not inside:
        return objectives
    index = {id(b): i for i, b in enumerate(blocks)}
    rules = {index[id(b)] for o in inside for b in o.blocks if id(b) in index}
    for claimed in layers.claims.values():
        claimed -= rules
    layers.claim("charter_rules", rules)
    return [o for o in objectives if o not in inside]


def _years(text: str) -> list[int]:
    return [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text)]


def _year(blocks: list[Block], start: int, header: Header) -> tuple[int | None, Warning | None]:
    votes: Counter[int] = Counter()
    for b in blocks[start:]:
        for m in re.finditer(r"(?:năm\s+|/\s*)((?:19|20)\d{2})(?!\d)", b.text, re.I):
            votes[int(m.group(1))] += 1
    title_year = None
    if header.title and (m := re.search(r"năm\s+((?:19|20)\d{2})", header.title, re.I)):
        title_year = int(m.group(1))
        votes[title_year] += 1
    if not votes:
        return (header.issued_on[0] if header.issued_on else None), None
    year, count = votes.most_common(1)[0]
    if title_year is not None and title_year != year:
        return year, Warning(
            code="conflict_year",
            message=(f"the title says '{header.title}' (year {title_year}) but the objectives and plan name "
                     f"{year} {count} times against {votes[title_year]} for {title_year}; kept {year}"),
        )
    return year, None


def _unplaced_warning(run: list[Block], why: str = "text the extractor could not place") -> Warning:
    first = run[0].text.strip().replace("\n", " ")
    quote = first[:100] + ("…" if len(first) > 100 else "")
    return Warning(code="unplaced_text", message=f"{why}: '{quote}' ({len(run)} block(s))",
                   span=_prov(run[0].start, run[-1].end, run[0].page))


def _unplaced(blocks: list[Block], placed: set[int]) -> list[Warning]:
    out: list[Warning] = []
    run: list[Block] = []
    for i, b in enumerate(blocks):
        if i in placed:
            if run:
                out.append(_unplaced_warning(run))
                run = []
            continue
        run.append(b)
    if run:
        out.append(_unplaced_warning(run))
    return out


def _to_model(obj: ObjectiveDraft, category: str = "other") -> Objective:
    text = _fold(" ".join(t.strip() for t in obj.texts if t.strip()))
    cell = {}
    if obj.table_cell:
        cell = {"table": obj.table_cell[0], "row": obj.table_cell[1], "col": obj.table_cell[2]}
    return Objective(
        id=obj.id,
        number=obj.number,
        text=text,
        category=category,  # type: ignore[arg-type]
        measurement=obj.measurement,
        targets=obj.targets,
        plan=obj.tasks,
        provenance=_prov(obj.start, obj.end, obj.page, **cell),
    )


# the share of unknown words above which a text layer is damaged (a font that lost letters): measured on the
# archive's text PDFs, 0.062 for the one whose font lost capitals, at most 0.005 for all others (a typo, a symbol)
DAMAGED_LAYER = 0.02


def extract_structure(doc: Document, outline: Outline | None = None) -> Extraction:
    blocks = doc.blocks
    outline = outline or build_outline(doc)
    layers = Layers()
    warnings: list[Warning] = []
    list_start = find_list_start(blocks)
    table_at = find_objectives_table(blocks)
    use_table = table_at is not None and (list_start is None or table_at < list_start)
    first = table_at if use_table else list_start
    header = read_header(blocks, first if first is not None else len(blocks))
    if doc.ocr:
        spell_title_as_the_text(header, blocks)
    # a scan's reading, and a text layer whose fonts lost letters ("iệp hội oanh nghiệp"): no misread value stands;
    # a typed document's own typo ("lần thữ nhất") is what it prints
    drop_misread(header, judged=doc.ocr or misread_share(
        " ".join(b.text for b in blocks[:400] if b.kind is not BlockKind.table)) >= DAMAGED_LAYER)
    if doc.ocr:
        drop_unsure(header)
        repair_symbol(header)
    layers.claim("header", header.placed)
    year, year_warning = _year(blocks, first if first is not None else 0, header)
    objectives: list[ObjectiveDraft] = []
    end = first if first is not None else len(blocks)
    if use_table and table_at is not None:
        objectives = read_objectives_table(blocks[table_at], year)
        layers.claim("objectives_table", {table_at})
        end = table_at + 1
    elif list_start is not None:
        found_list = read_objectives_list(outline, list_start)
        objectives, end = found_list.objectives, found_list.end
        layers.claim("objectives_list", found_list.claimed)
        warnings.extend(found_list.warnings)
    if first is not None:
        # the preamble just before the list ("… phấn đấu thực hiện các mục tiêu:") introduces it
        taken = layers.claimed()
        layers.claim("objectives_list", {i for i in range(max(0, first - 3), first)
                                         if blocks[i].kind is not BlockKind.table and i not in taken
                                         and (blocks[i].text.rstrip().endswith(":")
                                              or "mục tiêu" in blocks[i].text.lower())})
    if not objectives and first is None and not header.mtcl:
        found = read_commitments(outline, header.doc_type)
        objectives = found.objectives
        layers.claim("commitments", found.claimed)
        if objectives:
            # "các chỉ tiêu đến năm 2030", "NHIỆM KỲ V (2025-2030)": the commitments are for the last year named;
            # a heading without a year ("a) Mục tiêu"): the title ("… năm 2026", "giai đoạn 2026 - 2030"), unless
            # it names only a horizon ("Tổng kết Chiến lược … đến năm 2030"); then the years the commitments
            # themselves name ("… trong Quý I/2026", "50% vào năm 2030"), references to other documents aside
            # A report's title names the period it reports on ("Tổng kết … giai đoạn 2021 - 2025"): its forward
            # part, when its heading names no year ("… trong thời gian tới"), is for the year the report is dated
            title = header.title or ""
            dated = [header.date_year] if header.doc_type == "report" and header.date_year else []
            first_block = blocks.index(objectives[0].blocks[0])
            years = (_years(found.intro) or dated
                     or _years(re.sub(r"đến\s+năm\s+(?:19|20)\d{2}", " ", title, flags=re.I))
                     or _commitment_years(objectives) or _period_above(blocks, first_block))
            year, year_warning = (max(years), None) if years else _year(blocks, first_block, header)
    if objectives and not header.mtcl:
        objectives = _outside_charters(blocks, header, objectives, layers)
    plan_year = _plan_title_year(header.title or "") if header.doc_type == "plan" else None
    if not objectives and plan_year is not None:
        year = plan_year  # a plan is for the year its title names, even when it states no figure
    has_plan = False
    if objectives:
        plan = read_plan_tables(blocks, end, objectives, layers.claimed(), year)
        layers.claim("plan_tables", plan.claimed)
        warnings.extend(plan.warnings)
        has_plan = plan.found
    free_plan: list[Task] = []
    if not header.mtcl:
        free_plan, claimed = read_task_tables(blocks, layers.claimed(), year if objectives or plan_year else (
            header.issued_on[0] if header.issued_on else None))
        layers.claim("task_tables", claimed)
    # tasks written as items with labelled lines ("- Đơn vị chủ trì: …", "- Thời gian hoàn thành: …"): an
    # objective's when the item sits inside it, else the document's own plan
    listed = read_task_lists(outline, year if objectives or plan_year else (
        header.issued_on[0] if header.issued_on else None))
    layers.claim("task_lists", listed.claimed)
    for node, listed_task in listed.tasks:
        owner = next((o for o in objectives if node.block is not None and any(b is node.block for b in o.blocks)),
                     None)
        (owner.tasks if owner is not None else free_plan).append(listed_task)
    if not objectives and plan_year is None:
        year, year_warning = None, None  # the year the objectives are for: a document without any has none
    for code, message, block in header.conflicts:
        warnings.append(Warning(code=code, message=message,
                                span=_prov(block.start, block.end, block.page) if block else None))
    if year_warning:
        warnings.append(year_warning)
    warnings.extend(_unplaced(blocks, layers.claimed()))
    doc.layers = {name: [(blocks[i].start, blocks[i].end) for i in sorted(claimed)]
                  for name, claimed in layers.claims.items()}
    return Extraction(header=header, year=year, objectives=[_to_model(o) for o in objectives],
                      warnings=warnings, has_plan=has_plan or bool(free_plan) or bool(listed.tasks), plan=free_plan,
                      layers=layers)


def issued_date(header: Header) -> dt.date | None:
    if not header.issued_on:
        return None
    try:
        return dt.date(*header.issued_on)
    except ValueError:
        return None
