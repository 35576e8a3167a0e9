"""What every component shares: the objective being built, targets read from a text, provenance, layers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from extract import vocab
from extract.document import Block
from extract.markers import parse_marker
from extract.markup import fold_spaces
from extract.targets import ParsedTarget, parse_targets
from schemas.models import Provenance, Target, Task


def fold(text: str) -> str:
    return fold_spaces(text.replace("\n", " "))


def prov(start: int, end: int, page: int | None = None, **cell: int | None) -> Provenance:
    return Provenance(page=page, start=start, end=end, **cell)


@dataclass
class ObjectiveDraft:
    id: str
    number: str | None
    blocks: list[Block] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    measurement: str | None = None
    start: int = 0
    end: int = 0
    page: int | None = None
    table_cell: tuple[int, int, int] | None = None
    lost_marker: str | None = None  # the scrap read where its number stood (OCR); numbered from the order
    list_node: object | None = field(default=None, repr=False)  # the list it is an item of (outline components)


def target(t: ParsedTarget, text: str, offset: int, page: int | None, **cell: int | None) -> Target:
    return Target(
        text=fold(t.text_in(text)),
        metric=fold(t.metric),
        comparator=t.comparator,  # type: ignore[arg-type]
        value=t.value,
        value_max=t.value_max,
        unit=t.unit,
        per=t.per,
        provenance=prov(offset + t.start, offset + t.end, page, **cell),
    )


_TIME_UNITS = {"ngày", "ngày đêm", "tháng", "năm", "tuần", "giờ", "phút", "ngày làm việc"}


def purpose(text: str) -> str:
    """"để đạt được mục tiêu 20%" is a purpose, a figure to reach, not "đạt được" (achieved): folded to "để đạt"."""
    return re.sub(r"\b(?:để|đề|nhằm)\s+đạt\s+được\b", "để đạt", text)


def figure_sentence(text: str, at: int) -> tuple[str, str]:
    """(sentence, segment) of the figure at `at`, lower case, up to it: its sentence, and that sentence after its
    last ";" (a list of commitments in one sentence: "… 100% hồ sơ …; 80% …"), purposes folded (`purpose`)."""
    sentence = purpose(re.split(r"[.!?]\s|\n", text[:at])[-1].casefold())
    return sentence, re.split(r";\s", sentence)[-1]


def measured_against(text: str, at: int) -> bool:
    """The figure at `at` is a criterion, and after its colon the text says how things stand against it ("Công
    suất tối thiểu 250 người: hiện có 04 địa phương … dưới 250 người"): a standard measured by, not committed to."""
    label = re.match(r"[^.;:!?\n]{0,80}:\s*", text[at:])
    return bool(label) and any(text[at + label.end():].casefold().startswith(w) for w in vocab.words("state_cues"))


def quoted_goal(text: str, at: int) -> bool:
    """The figure at `at` is inside a goal quoted from another document ("Thực hiện Nghị quyết số 50/NQ-CP …, trong
    đó với mục tiêu “Xây dựng 20% xã, phường … trong năm 2025”, …"): that document's commitment, not this one's."""
    from extract.references import find_references

    before = re.split(r"[.!?]\s|\n", text[:at])[-1]  # the figure's sentence up to it, as printed (codes' case)
    quote = max(before.rfind("“"), before.rfind('"'))
    if quote < 0 or "”" in before[quote + 1:] or '"' in before[quote + 1:]:
        return False
    lead = before[:quote]
    return "mục tiêu" in lead[-60:].casefold() and bool(find_references(lead))


_GOAL_NOUNS = ("mục tiêu", "chỉ tiêu")  # they name a goal; whether it is set now or was set before, a verb says


@cache
def _saying() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Words that commit (future_cues.tsv less the nouns that only name a goal), and words after which a figure
    reports or forecasts ("đã", the state cues, "dự kiến": "dự kiến Ban Chấp hành: 35 người", "dự kiến được cấp 480
    tỷ đồng" are a plan's or a forecast's figures, not ones committed to), each as one pattern."""
    def words(ws: tuple[str, ...]) -> re.Pattern[str]:
        return re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(w) for w in sorted(ws, key=len, reverse=True))})(?!\w)")

    committing = tuple(w for w in vocab.words("future_cues") if w not in _GOAL_NOUNS)
    return words(committing), words(("đã", "dự kiến", *vocab.words("state_cues")))


def _last(pattern: re.Pattern[str], text: str) -> int:
    return max((m.start() for m in pattern.finditer(text)), default=-1)


def says(text: str) -> bool:
    """`text` (lower case) holds a word that commits or one that reports."""
    committing, reporting = _saying()
    return bool(committing.search(text) or reporting.search(text))


def reported_last(text: str) -> bool:
    """In `text` (lower case, up to a figure), the last word that says is one that reports: "… đến nay đã có 35 xã
    …, đạt 30,7%", "đã ban hành Kế hoạch … và đưa chỉ tiêu 20%"; "đã có kế hoạch, phấn đấu 100%" commits. A
    participle ("giấy tờ đã được số hoá") reports nothing."""
    committing, reporting = _saying()
    return _last(reporting, text.replace("đã được", "__ được")) > _last(committing, text)


def _counted_years(t: ParsedTarget, text: str) -> bool:
    """"N năm" counts years in which something is achieved: "có" and a comparator of its own before it ("có ít nhất 2
    năm", "ít nhất có hai năm": the term *has* so many years) and, in the rest of its clause, a word that says what is
    achieved (extract/vocab/counted_years.tsv), not "kể từ". A term's length has no "có" ("Nhiệm kỳ của Giám đốc
    không quá 05 năm, có thể được bổ nhiệm lại")."""
    if t.comparator == "eq":
        return False
    before = re.split(r"[,;:.]", text[max(0, t.q_start - 30):t.q_start].casefold())[-1]
    if not re.search(r"(?<!\w)có(?!\w)", before):
        return False
    rest = re.split(r"[;.]", text[t.q_end:])[0][:80].casefold()
    if rest.lstrip(" ,").startswith("kể từ"):
        return False
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", rest) for w in vocab.words("counted_years"))


def is_commitment(t: ParsedTarget, text: str) -> bool:
    """A figure a body commits to reach, not one it reports or a span of time it names: nothing of value 0 ("thu
    phí 0 đồng"), no statistic ("hiện còn 57/124 xã …", extract/vocab/state_cues.tsv), no bare duration ("đợt cao
    điểm 90 ngày đêm", extract/vocab/duration_cues.tsv)."""
    if t.value == 0 and t.value_max is None:
        return False
    before = purpose(text[max(0, t.q_start - 80):t.q_start].casefold())
    clause = re.split(r"[;:.!?]|, (?=[^\d])", before)[-1]
    if any(w in clause for w in vocab.words("state_cues")) or measured_against(text, t.q_start):
        return False
    _, segment = figure_sentence(text, t.q_start)
    if reported_last(segment):
        return False
    # a vote's or a quorum's threshold, in the figure's segment: a rule of procedure (procedure_cues.tsv)
    if any(w in segment + re.split(r"[.;!?]\s|\n", text[t.q_start:])[0].casefold()
           for w in vocab.words("procedure_cues")):
        return False
    if t.unit == "năm" and not _counted_years(t, text):
        return False  # "5 năm" is a span, "tháng 5 năm 2025" a date; "ít nhất 2 năm … được công nhận" counts
    if t.comparator == "eq" and t.unit in _TIME_UNITS:
        words = clause.split()[-3:]
        if any(w in " ".join(words) for w in vocab.words("duration_cues")):
            return False
    return True


def targets_from_text(text: str, offset: int, page: int | None, commitments_only: bool = False) -> list[Target]:
    # an item's number is no figure: blanked (offsets kept) so that "10.100% hội viên" (a lost space) reads 100%
    marker = parse_marker(text)
    parsed = text if marker is None or not marker.enumerated else " " * marker.end + text[marker.end:]
    return [target(t, text, offset, page) for t in parse_targets(parsed)
            if not commitments_only or is_commitment(t, parsed)]


@dataclass
class Layers:
    """The blocks each component claims (block indices by component name), in the order they claimed them."""

    claims: dict[str, set[int]] = field(default_factory=dict)

    def claim(self, component: str, indices: object) -> None:
        self.claims.setdefault(component, set()).update(indices)  # type: ignore[arg-type]

    def claimed(self) -> set[int]:
        out: set[int] = set()
        for s in self.claims.values():
            out |= s
        return out

    def owner(self, index: int) -> str | None:
        return next((name for name, s in self.claims.items() if index in s), None)
