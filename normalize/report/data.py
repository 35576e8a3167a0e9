"""What the report page carries, as JSON: each decision once (with the files it was read from), its header,
objectives, targets and tasks, its text in marked pieces, and one row per target for the charts and tables.

The page draws everything from this, in the browser, so that the filters drive the charts and the tables alike."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from normalize.report.archive import Counted
from normalize.report.sourcetext import Span, load_text, pieces, text_size
from normalize.vocabulary import indicators
from schemas.models import Decision, ProvenanceOrigin, Target, Task

TEXT_BUDGET = 20_000_000  # characters of full text a page carries; the decisions after that get excerpts

LEVELS = {"tinh": "Tỉnh", "thanh_pho": "Thành phố", "thi_xa": "Thị xã", "huyen": "Huyện", "quan": "Quận",
          "phuong": "Phường", "xa": "Xã", "thi_tran": "Thị trấn"}
DOC_TYPES = {"mtcl_decision": "Quyết định MTCL", "plan": "Kế hoạch", "decision": "Quyết định khác",
             "report": "Báo cáo", "charter": "Quy chế", "letter": "Công văn", "submission": "Tờ trình",
             "other": "Khác"}
FIELDS = {"issuer.name": "Cơ quan ban hành", "decision_number": "Số", "issued_on": "Ngày ban hành",
          "title": "Trích yếu", "doc_type": "Loại văn bản", "signer.name": "Người ký", "year": "Năm",
          "issuer.locality": "Địa phương", "issuer.province": "Tỉnh", "issuer.level": "Cấp"}


def place_of(d: Decision) -> str:
    """Where a decision is from: its locality; else its issuer with its number or file (an issuer without a place
    name, "Ủy ban nhân dân thành phố", does not say which city: two such decisions are two places)."""
    if d.issuer.locality:
        return d.issuer.locality
    return f"{d.issuer.name or '?'} ({d.decision_number or Path(d.source.path).name})"


def _place_keys(decisions: Sequence[Decision]) -> dict[str, str]:
    """doc_id -> the place's label on the charts; a name that two provinces or levels share gets them added."""
    key = {d.doc_id: (place_of(d), d.issuer.province or "", d.issuer.level.value if d.issuer.level else "")
           for d in decisions}
    names = Counter(name for name, *_ in set(key.values()))
    labels = {}
    for doc_id, (name, province, level) in key.items():
        extra = ", ".join(x for x in (LEVELS.get(level, ""), province) if x) if names[name] > 1 else ""
        labels[doc_id] = f"{name} ({extra})" if extra else name
    return labels


def _task(t: Task) -> list[Any]:
    return [t.number, t.section, t.content, "; ".join(u.name for u in t.lead_units),
            "; ".join(u.name for u in t.support_units), t.timeframe.raw, t.expected_result]


def _target(t: Target, d_index: int, objective: str) -> dict[str, Any]:
    return {"d": d_index, "o": objective, "ind": t.indicator, "cmp": t.comparator.value, "v": t.value,
            "vx": t.value_max, "unit": t.unit, "per": t.per, "metric": t.metric, "text": t.text,
            "page": t.provenance.page if t.provenance else None}


def _spans(d: Decision, first_target: int) -> list[Span]:
    spans = []
    targets = [t for o in d.objectives for t in o.targets]
    for i, t in enumerate(targets):
        if t.provenance is not None:
            spans.append(Span(t.provenance.start, t.provenance.end, f"t{first_target + i}"))
    for name, p in d.field_provenance.items():
        if p.origin == ProvenanceOrigin.document:
            spans.append(Span(p.start, p.end, f"f:{name}"))
    return spans


def _detail(out: Path, d: Decision, first: int, excerpts: bool) -> dict[str, Any]:
    """What the page shows of a decision when it is opened: objectives (with the page's numbers of their targets,
    counted from `first`), tasks, warnings, and its text in marked pieces."""
    objectives = []
    n = first
    for o in d.objectives:
        objectives.append({"id": o.id, "number": o.number, "text": o.text, "category": o.category.value,
                           "measurement": o.measurement, "targets": list(range(n, n + len(o.targets))),
                           "tasks": [_task(t) for t in o.plan]})
        n += len(o.targets)
    text = load_text(out, d)
    signer = d.signer
    return {
        "title": d.title,
        "signer": " ".join(x for x in (signer.authority.value if signer.authority else None, signer.title,
                                      signer.name) if x) if signer else None,
        "objectives": objectives, "plan": [_task(t) for t in d.plan],
        "warnings": [[w.code, w.message] for w in d.warnings],
        "text": None if text is None else pieces(text, _spans(d, first), excerpts=excerpts),
        "text_mode": None if text is None else "excerpts" if excerpts else "full",
    }


def page_data(out: Path, counted: Sequence[Counted], *,
              text_budget: int = TEXT_BUDGET) -> tuple[dict[str, Any], Iterator[dict[str, Any]]]:
    """(the index the page reads at once: each decision's header and every target; each decision's details, made
    one at a time as the page is written, which the page reads only when the decision is opened)."""
    decisions = [c.decision for c in counted]
    places = _place_keys(decisions)
    rows: list[dict[str, Any]] = []
    docs: list[dict[str, Any]] = []
    plan: list[tuple[Decision, int, bool]] = []  # (decision, its first target's number, excerpts only)
    carried = 0  # characters of full text so far: past the budget, the texts are cut to excerpts
    for i, c in enumerate(counted):
        d = c.decision
        first = len(rows)
        for o in d.objectives:
            rows.extend(_target(t, i, o.id) for t in o.targets)
        size = text_size(out, d)
        excerpts = carried + size > text_budget
        carried += 0 if excerpts else size
        plan.append((d, first, excerpts))
        docs.append({
            "id": d.doc_id, "place": places[d.doc_id], "locality": d.issuer.locality,
            "province": d.issuer.province, "level": d.issuer.level.value if d.issuer.level else None,
            "year": d.year, "type": d.doc_type.value, "issuer": d.issuer.name, "number": d.decision_number,
            "date": d.issued_on.isoformat() if d.issued_on else None,
            "files": [[r.path, r.format, r.reason] for r in c.renderings],
            "objectives": len(d.objectives), "warnings": len(d.warnings),
        })
    # the nth target of one indicator for one place and year (two in one decision, or two decisions): the charts
    # draw each n as its own series, so the two never join into one line
    seen: Counter[tuple[str, Any, Any, str]] = Counter()
    for r in rows:
        doc = docs[r["d"]]
        key = (doc["place"], doc["year"], r["ind"], r["unit"])
        seen[key] += 1
        r["k"] = seen[key]
    index = {
        "indicators": [{"code": x["code"], "label": x["label_vi"], "label_en": x["label_en"], "unit": x["unit"]}
                       for x in indicators()],
        "levels": LEVELS, "types": DOC_TYPES, "fields": FIELDS,
        "decisions": docs, "targets": rows,
        "excerpts": sum(1 for _, _, cut in plan if cut),
        "files": sum(len(c.renderings) for c in counted),
    }
    return index, (_detail(out, d, first, cut) for d, first, cut in plan)
