"""Commitments outside a quality-objectives list, read from the outline tree.

reads: the outline, the header's document type. assigns: objectives and their targets; claims the blocks of the
nodes it reads (layer "commitments").

Three shapes, each a rule over nodes rather than a scanner over lines:
- an objectives node at any depth: a title "Mục tiêu", "Chỉ tiêu cụ thể", "Mục tiêu chung" (extract/vocab/
  objective_headings.tsv), or an intro line ending with ":" that names them ("… các chỉ tiêu sau:"). Only the
  deepest such nodes count ("II. MỤC TIÊU, NHIỆM VỤ" holding "a) Mục tiêu" is read through its children). Each
  item under it is an objective with the figures of its subtree; a bare "a) Mục tiêu" under an area ("1. Cải cách
  tài chính công", whose "b) Nhiệm vụ" is not read) makes the area one objective titled by the area; an item that
  only titles the bullets under it (no figure of its own) is such an area too;
- a report's forward part (a section titled "phương hướng …"): the items of its first list are objectives when the
  part commits to any figure; items of later lists only where they add a figure not named before;
- a document with neither (a charter aside): each paragraph or item that commits to a figure without an intro
  line — in a plan one that opens with a commitment ("Phấn đấu …", "Tối thiểu 20% …", "100% …",
  extract/vocab/commitment_cues.tsv); in any document a figure whose clause says it is to be reached ("… nhằm
  đạt mục tiêu xây dựng 30% xã …", "có ít nhất 01 sáng kiến", extract/vocab/future_cues.tsv) and not that it
  was ("đã", extract/vocab/past_cues.tsv). The same pass reads what the forward part or the objectives nodes
  left: a commitment in a part of its own ("3. YÊU CẦU … c) Mỗi cơ quan có ít nhất 01 sáng kiến").
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from extract import vocab
from extract.components.base import (
    ObjectiveDraft,
    figure_sentence,
    measured_against,
    quoted_goal,
    reported_last,
    says,
    targets_from_text,
)
from extract.components.indicator_table import indicator_table_targets
from extract.document import Block, BlockKind
from extract.markers import strip_marker
from extract.markup import fold_spaces
from extract.outline import Node, Outline, is_caps_line
from schemas.models import Target

NAME = "commitments"
READS = ("outline", "header.doc_type")
ASSIGNS = ("objectives", "objectives.targets")


@dataclass
class Commitments:
    objectives: list[ObjectiveDraft] = field(default_factory=list)
    claimed: set[int] = field(default_factory=set)
    intro: str = ""  # the titles that introduced them (the heading and its parents), for the year
    warnings: list[str] = field(default_factory=list)


def _key(title: str) -> str:
    return fold_spaces(title).casefold().strip().rstrip(":.").strip()


def _starts(key: str, head: str) -> bool:
    return key == head or (key.startswith(head) and key[len(head):len(head) + 1] in {" ", ",", ":", "(", "-"})


def _is_method(text: str) -> bool:
    low = text.casefold()
    return any(w in low for w in vocab.words("commitment_exclusions"))


def is_objectives_heading(node: Node) -> bool:
    if node.block is None or node.block.kind is BlockKind.table:
        return False
    key = _key(node.title)
    if not key or _is_method(key):
        return False
    if node.kind in {"item", "section"} and len(key.split()) <= 14 and any(
            _starts(key, h) for h in vocab.words("objective_headings")):
        return True
    # an intro line: "Phấn đấu đến năm 2030 đạt các chỉ tiêu sau:" — the words in its last clause, which says what
    # follows; "Chương trình mục tiêu quốc gia" is the name of a programme, not an intro
    if not node.block.text.rstrip().endswith(":") or len(key.split()) > 45:
        return False  # a long paragraph that ends with ":" opens a speech or a report, not a list of targets
    # a quoted title ("tham luận “… thực hiện thành công các mục tiêu của Chương trình” như sau:") says nothing
    unquoted = re.sub(r"[“\"][^”\"]*[”\"]", " ", key)
    if _PURPOSE.match(unquoted):
        # "Để thực hiện có hiệu quả các mục tiêu đề ra …, UBND … đề xuất những giải pháp … như sau:": the aims the
        # purpose clauses name are not what the list holds; its last clause says that
        unquoted = unquoted.rsplit(", ", 1)[1] if ", " in unquoted else ""
    last = unquoted.replace("mục tiêu quốc gia", " ")
    return any(w in last for w in vocab.words("commitment_intros"))


def is_bare_heading(node: Node) -> bool:
    return _key(node.title) in set(vocab.words("objective_headings"))


# a paragraph that opens a list with a purpose ("Để tiếp tục phát huy kết quả …, UBND Thành phố … tập trung các
# nội dung sau:"): what follows is to be done. Its last clause names the list ("… sau:", "… sau đây:", "… như sau:")
_PURPOSE = re.compile(r"^\s*để\s+\w", re.I)
_FOLLOWING = re.compile(r"\b(?:sau|sau đây|như sau)\s*:\s*$", re.I)


def _purpose_intro(node: Node) -> bool:
    """A paragraph "Để <aim>, <who> <does> the following:" over a list; its last clause says nothing is done
    ("đã", extract/vocab/past_cues.tsv): "Để có cơ sở …, ngày 27/11 Sở Tư pháp đã ban hành …" reports."""
    if node.block is None or node.kind != "paragraph" or not node.items():
        return False
    text = fold_spaces(node.block.text).strip()
    if not (_PURPOSE.match(text) and _FOLLOWING.search(text)):
        return False
    last = re.split(r"[,;]\s", text)[-1].casefold()
    return not _has_word(last, vocab.words("past_cues"))


def is_forward_heading(node: Node) -> bool:
    """A part's heading ("III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"), an item that introduces a list of what
    is to be done ("2. … tỉnh tập trung thực hiện đồng bộ các định hướng sau:") or a paragraph that does so with a
    purpose (`_purpose_intro`)."""
    if _purpose_intro(node):
        return True
    if node.block is None or node.kind not in {"section", "item"}:
        return False
    low = node.title.casefold()
    if any(low.startswith(w) for w in vocab.words("report_sections")):
        return False  # "5. Kết quả triển khai … 19 nhiệm vụ trọng tâm": what was done
    heading = node.kind == "section" or is_caps_line(node.title) or (
        bool(node.items()) and (node.block.text.rstrip().endswith(":") or len(node.title.split()) <= 14))
    return heading and any(w in low for w in vocab.words("forward_sections"))


def _texts(node: Node, with_head: bool = True) -> list[str]:
    out = []
    for n in node.walk():
        if n.block is None or n.block.kind is BlockKind.table or (n is node and not with_head):
            continue
        text = fold_spaces(strip_marker(n.block.text)).strip()
        if text and not text.isdigit():  # a page number between two paragraphs is not text
            out.append(text)
    return out


def _targets(node: Node, with_head: bool = True, strict: bool = False) -> list[Target]:
    """The figures of a node's subtree. `strict` (a forward part, which also recounts and describes): a bare count
    or sum ("xử lý 114 hồ sơ", "02 tuyến cao tốc", "400 tỷ đồng") only where its clause commits to it."""
    out: list[Target] = []
    for n in node.walk():
        b = n.block
        if b is None or (n is node and not with_head):
            continue
        if b.kind is BlockKind.table:
            out.extend(indicator_table_targets(b) or [])
            continue
        found = targets_from_text(b.text, b.start, b.page, commitments_only=True)
        if strict:
            found = [t for t in found if t.unit == "%" or t.comparator.value != "eq" or (
                t.provenance is not None and to_reach(b.text, t.provenance.start - b.start))]
        out.extend(found)
    return out


def _number(node: Node) -> str | None:
    """The number an item prints: none for a bullet, nor for one counted in words ("Thứ nhất,", "Hai là:")."""
    if node.ordinal is None or node.style == "word-ordinal":
        return None
    return node.marker


def _draft(number: str | None, head: Node, texts: list[str], targets: list[Target],
           nodes: list[Node]) -> ObjectiveDraft:
    blocks = [b for n in nodes for _, b in n.blocks()]
    first = head.block
    assert first is not None
    printed = number.strip("().:") if number else None  # "1." → "1", "a)" → "a": the number as printed
    end = max((b.end for b in blocks), default=first.end)
    obj = ObjectiveDraft(id="", number=printed or None, start=first.start, end=end, page=first.page)
    obj.blocks = blocks
    obj.texts = texts
    obj.targets = targets
    obj.list_node = head.parent
    return obj


def _is_area(item: Node, with_body: bool = False) -> bool:
    """An item that only titles the commitments under it: short, no figure of its own, a list (or, `with_body`,
    paragraphs) below it."""
    if item.block is None or not (item.items() or (with_body and item.body())):
        return False
    title = item.title
    return (len(title.split()) <= 16 and not title.rstrip().endswith(".")
            and not targets_from_text(item.block.text, item.block.start, item.block.page, commitments_only=True))


def _from_heading(m: Node, out: Commitments) -> None:
    parent = m.parent.parent if m.parent is not None and m.parent.kind == "list" else None
    if is_bare_heading(m) and m.kind == "item" and parent is not None and parent.kind in {"item", "section"} \
            and parent.marker is not None and parent.block is not None and not is_objectives_heading(parent):
        # "1. Cải cách tài chính công / a) Mục tiêu / - …": the area is the objective
        targets = _targets(m, with_head=False)
        out.objectives.append(_draft(_number(parent), parent,
                                     [parent.title], targets, [m]))
        out.claimed.update(i for i, _ in m.blocks())
        if parent.index is not None:
            out.claimed.add(parent.index)
        return
    items = m.items()
    if not items:
        # prose under the heading: each sentence that commits to a figure
        for n in m.body():
            if n.block is None or n.block.kind is BlockKind.table:
                continue
            targets = _targets(n)
            if targets:
                out.objectives.append(_draft(None, n, _texts(n), targets, [n]))
                out.claimed.update(i for i, _ in n.blocks())
        if m.index is not None and out.objectives:
            out.claimed.add(m.index)
        return
    for item in items:
        if _is_method(item.title):
            continue
        number = _number(item)
        if _is_area(item):
            out.objectives.append(_draft(number, item, [item.title], _targets(item, with_head=False), [item]))
        else:
            out.objectives.append(_draft(number, item, _texts(item), _targets(item), [item]))
        out.claimed.update(i for i, _ in item.blocks())
    if m.index is not None:
        out.claimed.add(m.index)
    out.claimed.update(i for n in m.body() for i, _ in n.blocks())


def _forward_items(lst: Node) -> list[Node]:
    """The items of a forward part's list; a group item titled as a part of it ("2. Phương hướng", "3. Nhiệm vụ,
    giải pháp") stands for the items under it."""
    out: list[Node] = []
    heads = vocab.words("forward_sections") + vocab.words("forward_groups")
    grouped = False
    for item in lst.children:
        low = item.title.casefold()
        if any(w in low for w in vocab.words("forecast_words")) and not any(w in low for w in heads):
            continue  # "1. Dự báo tình hình": what is expected to happen, not what is to be done
        if item.items() and not item.title.rstrip().endswith(".") and any(w in low for w in heads):
            out.extend(item.items())  # "2. Một số nhiệm vụ, giải pháp trọng tâm …": 2.1, 2.2 …
            grouped = True
        else:
            out.append(item)  # a body's tasks ("1. Công an tỉnh / a) … b) …"): one objective, its text whole
    if grouped:
        # beside a group of what is to be done, the other items of the part set the scene ("1. Những vấn đề
        # thách thức đặt ra …"): not objectives
        out = [i for i in out if i.parent is not lst]
    return out


def _same(a: Target, b: Target) -> bool:
    if (a.value, a.value_max, a.unit) != (b.value, b.value_max, b.unit):
        return False
    wa, wb = set(a.metric.casefold().split()), set(b.metric.casefold().split())
    return len(wa & wb) >= 0.5 * max(1, min(len(wa), len(wb)))


def _from_forward(f: Node, out: Commitments) -> None:
    lists = []
    taken: set[int] = set()
    for n in f.walk():
        # the lists of items (a list of sections "I.", "II." is read through its sections)
        if n.kind == "list" and any(c.kind == "item" for c in n.children) \
                and not any(id(a) in taken for a in n.ancestors()):
            lists.append(n)
            taken.update(id(i) for i in n.children)
    if not lists:
        # parts written as prose ("I. CẢI CÁCH THỦ TỤC HÀNH CHÍNH" and its paragraphs): each part is one item
        lists = [n for n in f.walk() if n.kind == "list" and n.children
                 and all(c.kind == "section" and c.block is not None for c in n.children)][:1]
        if not lists:
            return
    seen: list[Target] = []
    found: list[tuple[Node, list[Target], bool]] = []
    for k, lst in enumerate(lists):
        for item in _forward_items(lst):
            targets = _targets(item, strict=True)
            # a figure a later item restates (the same quantity of the same thing) is not counted twice
            fresh = [t for t in targets if not any(_same(t, s) for s in seen)]
            seen.extend(targets)
            found.append((item, fresh, k == 0))
    if not any(fresh for _, fresh, _ in found):
        return
    for item, fresh, in_first in found:
        if not fresh and not in_first:
            continue
        out.objectives.append(_draft(_number(item), item, _texts(item), fresh,
                                     [item]))
        out.claimed.update(i for i, _ in item.blocks())
    if f.index is not None:
        out.claimed.add(f.index)


def _from_inline_forward(outline: Outline, out: Commitments) -> None:
    """Forward parts written inside paragraphs, one a section of a report ("+ Các nhiệm vụ trọng tâm trong thời
    gian tới: (1) Duy trì …; (2) …"): each such paragraph is an objective when one of them commits to a figure."""
    found: list[tuple[Node, list[Target]]] = []
    for n in outline.root.walk():
        b = n.block
        if b is None or b.kind is BlockKind.table or n.kind not in {"item", "paragraph"}:
            continue
        head, colon, rest = strip_marker(b.text).partition(":")
        if not colon or len(rest.strip()) < 20 or len(head.split()) > 14:
            continue
        if any(w in head.casefold() for w in vocab.words("forward_sections")):
            found.append((n, _targets(n, strict=True)))
    if not any(targets for _, targets in found):
        return
    for n, targets in found:
        obj = _draft(_number(n), n, _texts(n), targets, [n])
        obj.list_node = outline.root  # one list of paragraphs, wherever each stands
        out.objectives.append(obj)
        out.claimed.update(i for i, _ in n.blocks())


def _cued(text: str) -> bool:
    key = _key(strip_marker(text))
    return any(_starts(key, w) for w in vocab.words("commitment_cues"))


def _has_word(text: str, words: tuple[str, ...]) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text) for w in words)


def to_reach(text: str, at: int) -> bool:
    """The figure of the target span at `at` of `text` is one to reach: its clause up to the figure (from the
    sentence's start, the target's own comparator words included: "ít nhất 01 sáng kiến") says so, or the words
    right after it say it must be ("100% hồ sơ phải được tiếp nhận"), and neither says it is done or reported."""
    digit = re.search(r"\d", text[at:])
    at = at + digit.start() if digit else at
    # what commits may open the sentence, up to a ";" ("… 4 chỉ tiêu chung, gồm: 100% công đoàn …"); what
    # reports is said in the figure's own clause ("Năm 2025 đã đạt 20%, phấn đấu năm 2026 đạt 30%")
    sentence, segment = figure_sentence(text, at)
    intro = sentence.split(": ", 1)[0] if ": " in sentence else ""  # "… 4 chỉ tiêu chung, gồm: 100% …; 100% …"
    clause = re.split(r"[,:(]\s?", segment)[-1]
    after = re.split(r"[.;!?,]\s|:\s|\n", text[at:])[0][:80].casefold()
    if any(_has_word(part, vocab.words("past_cues")) for part in (clause, after)) or any(
            w in clause for w in vocab.words("state_cues")):
        return False
    if measured_against(text, at) or quoted_goal(text, at):
        return False
    if any(segment.lstrip(" -+•").startswith(w) for w in vocab.words("review_cues")):
        return False  # "Đánh giá … việc thực hiện chỉ tiêu 20% …": a target reviewed, not one set here
    future = vocab.words("future_cues")
    # the last word that says governs, in the figure's segment ("… đến năm 2030 đạt 60% …, đến nay đã có 35 xã …,
    # đạt 30,7%") and, where the segment says nothing, in its sentence ("… nghĩa vụ phải thực hiện; trong đó, dự
    # kiến Ban Chấp hành: 35 người; Ban Thường vụ: 15 người")
    if reported_last(segment if says(segment) else sentence):
        return False
    return _has_word(segment, future) or _has_word(intro, future) or _has_word(after, _MODAL)


_MODAL = ("phải", "cần", "sẽ", "phấn đấu")  # "100% hồ sơ phải được …": said after the figure


# a paragraph that proposes a legal text's wording ("đề xuất sửa Điều 7 Thông tư số 244 như sau: Quy định … thu nộp
# 100% tiền phí …"): the figures are the provision's, not commitments of the body writing
_AMENDS = re.compile(r"\b(?:sửa đổi|bổ sung|sửa|thay thế)\b[^.;]{0,120}?\b(?:Điều|khoản|điểm)\s+\d+[^.;]{0,160}?"
                     r"\bnhư sau\b", re.I)


def _from_prose(outline: Outline, out: Commitments, doc_type: str | None, after: int | None = None,
                within: Node | None = None) -> None:
    """Paragraphs and items that commit to a figure; a paragraph under a titled item ("1. Về xây dựng xã, phường
    không ma túy" and its paragraphs) makes the item the objective. A figure already committed to elsewhere
    (a plan's summary restating its chỉ tiêu) is not read again."""
    seen = [t for o in out.objectives for t in o.targets]
    for n in (within or outline.root).walk():
        b = n.block
        if b is None or b.kind is BlockKind.table or n.kind not in {"item", "paragraph"}:
            continue
        if after is not None and b.start < after:
            continue
        if n.index in out.claimed or any(a.index is not None and a.index in out.claimed for a in n.ancestors()):
            continue
        if _is_method(b.text) or _AMENDS.search(b.text):
            continue
        targets = targets_from_text(b.text, b.start, b.page, commitments_only=True)
        if not (doc_type == "plan" and _cued(b.text)):
            targets = [t for t in targets
                       if t.provenance is not None and to_reach(b.text, t.provenance.start - b.start)]
        targets = [t for t in targets if not any(_same(t, s) for s in seen)]
        if not targets:
            continue
        head = n
        if n.kind == "paragraph" and n.parent is not None and n.parent.kind == "item" and n.parent.block is not None \
                and not n.parent.items() and _is_area(n.parent, with_body=True):
            head = n.parent  # the item titles what its paragraphs commit to
            targets = [t for p in [head, *head.body()] if p.block is not None and p.block.kind is not BlockKind.table
                       for t in targets_from_text(p.block.text, p.block.start, p.block.page, commitments_only=True)
                       if t.provenance is not None and to_reach(p.block.text, t.provenance.start - p.block.start)
                       and not any(_same(t, s) for s in seen)]
        texts = _texts(head) if head is not n else [fold_spaces(strip_marker(b.text)).strip()]
        out.objectives.append(_draft(_number(head), head, texts, targets, [head]))
        seen.extend(targets)
        out.claimed.update(i for i, _ in head.blocks())


def _with_figures(objectives: list[ObjectiveDraft]) -> list[ObjectiveDraft]:
    """Objectives read from one list (siblings) that commit to no figure at all are a list of aims or of tasks
    ("x.1 Mục tiêu" of each task area): dropped, list by list."""
    groups: dict[int, list[ObjectiveDraft]] = {}
    for o in objectives:
        groups.setdefault(id(o.list_node), []).append(o)
    keep = {id(o) for group in groups.values() if any(g.targets for g in group) for o in group}
    return [o for o in objectives if id(o) in keep]


def _restated_once(objectives: list[ObjectiveDraft], aims: Sequence[ObjectiveDraft] = ()) -> list[ObjectiveDraft]:
    """An objective restated later in the file (a congress's resolution repeating its report's chỉ tiêu, a plan's
    summary), word for word or nearly (two OCR readings of one sentence), is counted once, where it is first
    stated. `aims`: items dropped as a list of aims (`_with_figures`); restated later in a list with figures, they
    stay aims."""
    out: list[ObjectiveDraft] = []
    seen: list[tuple[str, list[tuple[str, float]]]] = []
    dropped = {id(o) for o in aims}
    aim_keys: list[str] = []
    objectives = sorted([*objectives, *aims], key=lambda o: o.start)

    def near(a: str, b: str) -> bool:
        return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.9

    for o in objectives:
        key = re.sub(r"\W+", " ", " ".join(o.texts).casefold()).strip()
        figures = [(str(t.comparator), t.value) for t in o.targets]
        if key and any(near(key, k) for k, _ in seen if abs(len(k) - len(key)) <= 0.2 * len(key)):
            continue
        # a restatement whose next items were run into it (their numbers misread by OCR: "§." for "8."): it opens
        # with a long earlier objective, nearly word for word, and with that objective's figures
        if key and any(len(k) >= 80 and len(key) > 1.2 * len(k) and f and figures[:len(f)] == f
                       and near(key[:len(k)], k) for k, f in seen):
            continue
        # an aim's title restated with more words after it, itself with no figure: still an aim
        if key and not figures and any(len(k) >= 40 and near(key[:len(k)], k) for k in aim_keys):
            continue
        if id(o) in dropped:
            aim_keys.append(key)
        seen.append((key, figures))
        if id(o) not in dropped:
            out.append(o)
    return out


def _part_of(block: Block, outline: Outline) -> Node | None:
    """The part of the document that holds `block`: its nearest section that is a forward part or a part
    printed in capitals ("KẾ HOẠCH NĂM 2026", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ")."""
    node = next((n for n in outline.nodes.values() if n.block is block), None)
    for a in node.ancestors() if node is not None else ():
        if a.kind == "section" and (is_forward_heading(a) or is_caps_line(a.title)):
            return a
    return None


def read_commitments(outline: Outline, doc_type: str | None) -> Commitments:
    out = Commitments()
    heads = [n for n in outline.root.walk() if is_objectives_heading(n)]
    inside = {id(a) for n in heads for a in n.ancestors()}
    deepest = [n for n in heads if id(n) not in inside]
    intro: list[str] = []
    for m in deepest:
        before = len(out.objectives)
        _from_heading(m, out)
        if len(out.objectives) > before and not intro:
            intro = [m.title] + [a.title for a in m.ancestors() if a.block is not None]
    if not out.objectives and doc_type != "plan":  # a plan's "nhiệm vụ năm 2026" part is its tasks
        for f in outline.root.walk():
            if is_forward_heading(f) and not any(id(a) in inside for a in [f]):
                _from_forward(f, out)
                if out.objectives:
                    intro = [f.title]
                    break
    inline = False
    if not out.objectives and doc_type != "plan":
        _from_inline_forward(outline, out)
        inline = bool(out.objectives)
    found = out.objectives
    out.objectives = _with_figures(found)
    kept = {id(o) for o in out.objectives}
    aims = [o for o in found if id(o) not in kept]
    first = min((o.start for o in out.objectives), default=None)
    # a report's body reports, and its commitments are in its forward part: read in prose only inside the part
    # that holds them (a charter's thresholds are rules: extract/structure.py drops what is read inside a charter)
    if doc_type == "report":
        part = _part_of(out.objectives[0].blocks[0], outline) if out.objectives and not inline else None
        if part is not None:
            _from_prose(outline, out, doc_type, after=first, within=part)
    elif doc_type != "decision":  # a decision's attached charter holds rules, not commitments
        # what comes after the first commitments is forward-looking too; what comes before them reports what was
        # done (a goal restated there is the reason for past work)
        _from_prose(outline, out, doc_type, after=first)
    out.objectives.sort(key=lambda o: o.start)
    out.objectives = _restated_once(out.objectives, aims)
    if not any(obj.targets for obj in out.objectives):
        # a "Mục tiêu" list that commits to no figure (a charter's aims, a plan's purposes) gives no objectives
        return Commitments()
    for k, obj in enumerate(out.objectives, start=1):
        obj.id = str(k)
    out.intro = " ".join(intro)
    return out
