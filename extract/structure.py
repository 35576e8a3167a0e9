"""From the document model to the Decision record: objectives, their targets and their plan rows.

The objectives are either a numbered list ("1. …", "2. …", continued by paragraphs, bullets and indicator
tables) or a table whose rows are objectives. Plan tables follow, tied to an objective by a "Mục tiêu N"
heading before them, by group rows ("I.", "II.") inside them, or by their order. Everything the extractor
cannot place becomes a warning with its span.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from extract.columns import header_roles
from extract.components.base import ObjectiveDraft, targets_from_text
from extract.components.base import target as _target
from extract.components.commitments import read_commitments
from extract.components.indicator_table import indicator_table_targets
from extract.document import Block, BlockKind, Document, Row
from extract.header import Header, is_mtcl_title, read_header
from extract.markup import fold_spaces
from extract.outline import Outline, build_outline
from extract.targets import parse_targets
from extract.timeframes import parse_timeframe
from extract.units import ParsedUnit, parse_responsibility, split_units
from schemas.models import Objective, Provenance, Task, Timeframe, Unit, Warning

_ITEM = re.compile(r"^(?P<num>\d{1,2})\s*[.)]\s+(?P<text>\S.*)$", re.S)
_PLAN_OBJECTIVE = re.compile(
    r"^(?:\d{1,2}\s*[.)]\s*)?Mục tiêu\s+(?P<num>\d{1,2})\s*[:.]?\s*(?P<text>.*)$", re.S | re.I
)
_ROMAN = re.compile(r"^(?P<r>[IVXL]{1,6})\s*\.?$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}
_PLAN_HEADING = re.compile(r"^(?:KẾ HOẠCH|Kế hoạch thực hiện|THỰC HIỆN MỤC TIÊU)", re.I)
_END_OF_LIST = re.compile(r"^(?:Nơi nhận|Phụ lục|TM\.|KT\.|Q\.|CHỦ TỊCH|PHÓ CHỦ TỊCH)", re.I)


def roman_value(s: str) -> int:
    total, prev = 0, 0
    for ch in reversed(s.upper()):
        v = _ROMAN_VALUES[ch]
        total += -v if v < prev else v
        prev = max(prev, v)
    return total


def _fold(text: str) -> str:
    return fold_spaces(text.replace("\n", " "))


def _prov(start: int, end: int, page: int | None = None, **cell: int | None) -> Provenance:
    return Provenance(page=page, start=start, end=end, **cell)


@dataclass
class Extraction:
    header: Header
    year: int | None
    objectives: list[Objective]
    warnings: list[Warning]
    has_plan: bool
    plan: list[Task] = field(default_factory=list)  # rows of plan tables that no objective groups


def _is_all_caps_heading(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and len(text) < 120 and sum(c.isupper() for c in letters) / len(letters) > 0.8


def _units(parsed: list[ParsedUnit]) -> list[Unit]:
    return [Unit(raw=u.raw, name=u.name) for u in parsed]


# --- the objectives list -------------------------------------------------------------------------------


def _find_list_start(blocks: list[Block]) -> int | None:
    """The first '1.' after a quality-objectives title."""
    seen_title = False
    for i, b in enumerate(blocks):
        if b.kind is BlockKind.table:
            continue
        if is_mtcl_title(b.text) or re.search(r"phấn đấu thực hiện các mục tiêu|các mục tiêu sau", b.text, re.I):
            seen_title = True
            continue
        m = _ITEM.match(b.text)
        if seen_title and m and m.group("num") == "1" and not _PLAN_OBJECTIVE.match(b.text):
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


def _read_list(blocks: list[Block], start: int, placed: set[int]) -> tuple[list[ObjectiveDraft], int]:
    objectives: list[ObjectiveDraft] = []
    i = start
    while i < len(blocks):
        b = blocks[i]
        text = b.text.strip()
        m = _ITEM.match(text) if b.kind is not BlockKind.table else None
        expected = str(len(objectives) + 1)
        if m and m.group("num") == str(len(objectives) + 2) and objectives and _split_lost_marker(objectives):
            expected = str(len(objectives) + 1)
        if m and m.group("num") == expected and not _PLAN_OBJECTIVE.match(text):
            obj = ObjectiveDraft(id=expected, number=expected, start=b.start, end=b.end, page=b.page)
            obj.blocks.append(b)
            obj.texts.append(m.group("text"))
            objectives.append(obj)
        elif (
            objectives
            and (m is None or b.kind is not BlockKind.paragraph)
            and not _END_OF_LIST.match(text)
            and not _PLAN_HEADING.match(text)
            and not (b.kind is not BlockKind.table and _is_all_caps_heading(text))
        ):
            obj = objectives[-1]
            obj.blocks.append(b)
            if b.kind is not BlockKind.table:
                obj.texts.append(text)
            obj.end = b.end
        else:
            break
        placed.add(i)
        i += 1
    return objectives, i


def _finish_list_objective(obj: ObjectiveDraft, warnings: list[Warning]) -> None:
    if obj.lost_marker is not None:
        warnings.append(Warning(code="lost_number", message=f"objective {obj.id}: its printed number could not be "
                                f"read ({obj.lost_marker!r} stands in its place); numbered from the list's order",
                                span=_prov(obj.start, obj.end, obj.page)))
    for b in obj.blocks:
        if b.kind is BlockKind.table:
            targets = indicator_table_targets(b)
            if targets is None:
                warnings.append(_unplaced_warning([b], "a table inside the objectives list that is not an "
                                                       "indicator table"))
            else:
                obj.targets.extend(targets)
        else:
            obj.targets.extend(targets_from_text(b.text, b.start, b.page))


# --- objectives written as a table ----------------------------------------------------------------------


def _objectives_table(blocks: list[Block]) -> int | None:
    for i, b in enumerate(blocks):
        if b.kind is BlockKind.table:
            roles, _ = header_roles(b)
            if "objective" in roles and ("content" in roles or "measurement" in roles):
                return i
    return None


_INLINE_BULLET = re.compile(r"([.;:])\s*[-+•]\s+(?=(\w))")


def _measures(cell: str) -> list[str]:
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


def _read_objectives_table(table: Block, year: int | None) -> list[ObjectiveDraft]:
    roles, header_rows = header_roles(table)
    col = {role: i for i, role in enumerate(roles) if role}
    out: list[ObjectiveDraft] = []
    for r, row in enumerate(table.rows[header_rows:], start=header_rows):
        cells = row.texts()

        def get(role: str, cells: list[str] = cells) -> str:
            i = col.get(role)
            return cells[i] if i is not None and i < len(cells) else ""

        statement = get("objective")
        if not statement.strip():
            continue
        number = get("number").strip().rstrip(".") or None
        obj_cell = row.cells[col["objective"]]
        obj = ObjectiveDraft(id=number or str(len(out) + 1), number=number, start=obj_cell.start, end=obj_cell.end,
                         page=row.page, table_cell=(table.table_index or 0, r, col["objective"]))
        obj.texts.append(statement)
        obj.measurement = _fold(get("measurement")) or None
        for t in parse_targets(statement):
            obj.targets.append(_target(t, statement, obj_cell.start, row.page, table=table.table_index, row=r,
                                       col=col["objective"]))
        lead, support = _row_units(get, col)
        tf = _timeframe(get("time"), year)
        resources = _fold(get("resources")) or None
        for measure in _measures(get("content")):
            obj.tasks.append(
                Task(
                    number=None,
                    content=measure,
                    lead_units=lead,
                    support_units=support,
                    timeframe=tf,
                    expected_result=_fold(get("expected")) or None,
                    monitoring=_fold(get("monitoring")) or None,
                    resources=resources,
                    provenance=_row_prov(table, r, row),
                )
            )
        out.append(obj)
    return out


# --- plan tables -----------------------------------------------------------------------------------------


def _timeframe(raw: str, year: int | None) -> Timeframe:
    p = parse_timeframe(raw, year)
    return Timeframe(raw=_fold(raw), kind=p.kind, start=p.start, end=p.end, recurrence=p.recurrence)  # type: ignore[arg-type]


def _row_prov(table: Block, r: int, row: Row) -> Provenance:
    return _prov(row.cells[0].start, row.cells[-1].end, row.page, table=table.table_index, row=r)


def _row_units(get, col: dict[str, int]) -> tuple[list[Unit], list[Unit]]:  # type: ignore[no-untyped-def]
    lead: list[ParsedUnit] = []
    support: list[ParsedUnit] = []
    if "lead" in col:
        lead = split_units(get("lead"))
    if "support" in col:
        support = split_units(get("support"))
    if "responsibility" in col and not lead:
        lead, extra = parse_responsibility(get("responsibility"))
        support = support + extra
    return _units(lead), _units(support)


def _task(get, col: dict[str, int], table: Block, r: int, row: Row, year: int | None,  # type: ignore[no-untyped-def]
          section: str | None = None) -> Task:
    """One plan row as a Task; `get(role)` is the row's cell of that column role."""
    lead, support = _row_units(get, col)
    return Task(
        number=get("number").strip().rstrip(".") or None,
        section=section,
        content=_fold(get("content").strip()),
        lead_units=lead,
        support_units=support,
        timeframe=_timeframe(get("time"), year),
        expected_result=_fold(get("expected")) or None,
        monitoring=_fold(get("monitoring")) or None,
        resources=_fold(get("resources")) or None,
        provenance=_row_prov(table, r, row),
    )


def _is_task_table(table: Block) -> bool:
    roles, _ = header_roles(table)
    return "content" in roles and bool({"lead", "support", "responsibility", "time"} & set(roles))


@dataclass
class _PlanState:
    current: int | None = None  # index into objectives
    restated: dict[int, list[tuple[str, Block]]] = field(default_factory=dict)


def _plan_table_rows(table: Block, objectives: list[ObjectiveDraft], state: _PlanState, year: int | None,
                     by_order: int | None) -> list[str]:
    """Adds the table's tasks to their objectives; returns messages for rows it could not tie."""
    roles, header_rows = header_roles(table)
    col = {role: i for i, role in enumerate(roles) if role and role not in {"value"}}
    problems: list[str] = []
    if state.current is None and by_order is not None:
        state.current = by_order
    for r, row in enumerate(table.rows[header_rows:], start=header_rows):
        cells = row.texts()

        def get(role: str, cells: list[str] = cells) -> str:
            i = col.get(role)
            return cells[i] if i is not None and i < len(cells) else ""

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
        objectives[state.current].tasks.append(_task(get, col, table, r, row, year))
    return problems


def _read_plan(blocks: list[Block], start: int, objectives: list[ObjectiveDraft], placed: set[int],
               year: int | None, warnings: list[Warning]) -> bool:
    state = _PlanState()
    tables_seen = 0
    found = False
    restating: int | None = None
    for i in range(start, len(blocks)):
        if i in placed:
            continue
        b = blocks[i]
        text = b.text.strip()
        if b.kind is BlockKind.table:
            restating = None
            if not _is_task_table(b):
                continue
            found = True
            has_groups = any(_ROMAN.match(r.texts()[0].strip()) for r in b.rows if r.cells)
            by_order = tables_seen if state.current is None and not has_groups else None
            for msg in _plan_table_rows(b, objectives, state, year, by_order):
                warnings.append(Warning(code="plan_row_unplaced", message=msg,
                                        span=_prov(b.start, b.end, b.page, table=b.table_index)))
            tables_seen += 1
            placed.add(i)
            continue
        m = _PLAN_OBJECTIVE.match(text)
        if m:
            idx = int(m.group("num")) - 1
            if 0 <= idx < len(objectives):
                state.current = idx
                restating = idx
                if m.group("text").strip():
                    state.restated.setdefault(idx, []).append((m.group("text"), b))
                placed.add(i)
            continue
        if restating is not None and b.kind is not BlockKind.heading:
            state.restated.setdefault(restating, []).append((text, b))
            placed.add(i)
            continue
        if tables_seen == 0 and (_PLAN_HEADING.match(text) or is_mtcl_title(text)):
            placed.add(i)  # the plan's own heading and subtitle
    _restatement_conflicts(objectives, state, warnings)
    return found


def _restatement_conflicts(objectives: list[ObjectiveDraft], state: _PlanState, warnings: list[Warning]) -> None:
    """A plan that restates an objective with another figure: the list wins, a warning names both."""
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
                warnings.append(Warning(
                    code="conflict_target",
                    message=(f"objective {objectives[idx].id}: the plan says '{_fold(t.text_in(text))}' where the "
                             f"objectives list says '{rival.text}'; kept the list's {rival.value:g}{rival.unit}"),
                    span=_prov(block.start, block.end, block.page),
                ))


def _overlap(a: str, b: str) -> float:
    wa, wb = set(a.lower().split()), set(b.lower().split())
    return len(wa & wb) / max(1, min(len(wa), len(wb)))


# --- plan tables of documents that are not quality-objectives decisions --------------------------------------

_CLOCK = re.compile(r"^\s*\d{1,2}\s*(?:h|giờ|:)\s*\d{0,2}")


def _is_agenda(table: Block, col: dict[str, int]) -> bool:
    """A meeting programme: its time column holds clock times ("07h45 - 8h00"), not deadlines."""
    if "time" not in col:
        return False
    times = [r.texts()[col["time"]] for r in table.rows if col["time"] < len(r.cells)]
    clocks = sum(1 for t in times if _CLOCK.match(t))
    return clocks * 2 > len(times)


def _section_text(cells: list[str]) -> str | None:
    """A row that one merged cell spans (a reader may repeat its text in every cell it covers)."""
    filled = {c.strip() for c in cells if c.strip()}
    return filled.pop() if len(filled) == 1 and len(cells) > 2 else None


def _free_plan(blocks: list[Block], placed: set[int], year: int | None,
               warnings: list[Warning]) -> list[Task]:
    tasks: list[Task] = []
    for i, b in enumerate(blocks):
        if b.kind is not BlockKind.table or i in placed or not _is_task_table(b):
            continue
        roles, header_rows = header_roles(b)
        col = {role: k for k, role in enumerate(roles) if role and role != "value"}
        if _is_agenda(b, col):
            continue
        placed.add(i)
        section: str | None = None
        for r, row in enumerate(b.rows[header_rows:], start=header_rows):
            cells = row.texts()
            if (title := _section_text(cells)) is not None:
                section = _fold(title)
                continue

            def get(role: str, cells: list[str] = cells, col: dict[str, int] = col) -> str:
                k = col.get(role)
                return cells[k] if k is not None and k < len(cells) else ""

            if get("content").strip():  # an empty numbered row is not a task
                tasks.append(_task(get, col, b, r, row, year, section))
    return tasks


# --- year, unplaced text, assembly ---------------------------------------------------------------------------


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


def extract_structure(doc: Document, outline: Outline | None = None) -> Extraction:
    blocks = doc.blocks
    outline = outline or build_outline(doc)
    warnings: list[Warning] = []
    placed: set[int] = set()
    list_start = _find_list_start(blocks)
    table_at = _objectives_table(blocks)
    use_table = table_at is not None and (list_start is None or table_at < list_start)
    first = table_at if use_table else list_start
    header = read_header(blocks, first if first is not None else len(blocks))
    placed |= header.placed
    year, year_warning = _year(blocks, first if first is not None else 0, header)
    objectives: list[ObjectiveDraft] = []
    end = first if first is not None else len(blocks)
    if use_table and table_at is not None:
        objectives = _read_objectives_table(blocks[table_at], year)
        placed.add(table_at)
        end = table_at + 1
    elif list_start is not None:
        objectives, end = _read_list(blocks, list_start, placed)
        for obj in objectives:
            _finish_list_objective(obj, warnings)
    # the preamble just before the list ("… phấn đấu thực hiện các mục tiêu:") introduces it
    if first is not None:
        for i in range(max(0, first - 3), first):
            if blocks[i].kind is not BlockKind.table and i not in placed and (
                blocks[i].text.rstrip().endswith(":") or "mục tiêu" in blocks[i].text.lower()
            ):
                placed.add(i)
    if not objectives and first is None and not header.mtcl:
        found = read_commitments(outline, header.doc_type)
        objectives = found.objectives
        placed |= found.claimed
        if objectives:
            # "các chỉ tiêu đến năm 2030", "NHIỆM KỲ V (2025-2030)": the commitments are for the last year named;
            # a heading without a year ("a) Mục tiêu"): the plan's title ("… năm 2026", "giai đoạn 2026 - 2030")
            years = _years(found.intro) or _years(header.title or "")
            year, year_warning = (max(years), None) if years else _year(
                blocks, blocks.index(objectives[0].blocks[0]), header)
    plan_year = max(_years(header.title or ""), default=None) if header.doc_type == "plan" else None
    if not objectives and plan_year is not None:
        year = plan_year  # a plan is for the year its title names, even when it states no figure
    has_plan = bool(objectives) and _read_plan(blocks, end, objectives, placed, year, warnings)
    free_plan: list[Task] = []
    if not header.mtcl:
        free_plan = _free_plan(blocks, placed, year if objectives or plan_year else (
            header.issued_on[0] if header.issued_on else None), warnings)
    if not objectives and plan_year is None:
        year, year_warning = None, None  # the year the objectives are for: a document without any has none
    for code, message, block in header.conflicts:
        warnings.append(Warning(code=code, message=message,
                                span=_prov(block.start, block.end, block.page) if block else None))
    if year_warning:
        warnings.append(year_warning)
    warnings.extend(_unplaced(blocks, placed))
    return Extraction(header=header, year=year, objectives=[_to_model(o) for o in objectives],
                      warnings=warnings, has_plan=has_plan or bool(free_plan), plan=free_plan)


def issued_date(header: Header) -> dt.date | None:
    if not header.issued_on:
        return None
    try:
        return dt.date(*header.issued_on)
    except ValueError:
        return None
