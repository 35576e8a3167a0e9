"""`mtcl eval`: score extracted Decisions against hand-checked gold files.

Objectives pair by id and similar text; targets by (objective, comparator, value, value_max, unit), then also
by metric; tasks by objective and similar content; units and timeframes inside paired tasks. Header fields are
scored as accuracy. Text is compared NFC, case-folded, with whitespace, dashes and old/new tone placement
folded, so that "Uỷ"/"Ủy" or "HĐND-UBND"/"HĐND - UBND" do not count as errors.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_TONE = {"oá": "óa", "oà": "òa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "oé": "óe", "oè": "òe", "oẻ": "ỏe",
         "oẽ": "õe", "oẹ": "ọe", "uý": "úy", "uỳ": "ùy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"}
HEADER_FIELDS = ["doc_type", "issuer.name", "issuer.level", "issuer.locality", "issuer.province",
                 "decision_number", "issued_on", "year", "title", "signer.name", "signer.title",
                 "signer.authority"]
TEXT_SIM = 0.85
METRIC_SIM = 0.5


def norm(value: Any) -> str:
    if value is None:
        return ""
    s = unicodedata.normalize("NFC", str(value)).casefold()
    for old, new in _TONE.items():
        s = s.replace(old, new)
    s = re.sub(r"[–—]", "-", s)
    s = re.sub(r"\s*-\s*", "-", s)
    s = re.sub(r"\s+", " ", s).strip()
    return s.strip(" .;,:\"'“”")


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, norm(a), norm(b), autojunk=False).ratio()


def token_overlap(a: str, b: str) -> float:
    wa, wb = set(norm(a).split()), set(norm(b).split())
    if not wa or not wb:
        return 1.0 if wa == wb else 0.0
    return len(wa & wb) / max(len(wa), len(wb))


@dataclass
class PRF:
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    def add(self, tp: int, n_pred: int, n_gold: int) -> None:
        self.tp += tp
        self.n_pred += n_pred
        self.n_gold += n_gold

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else (1.0 if not self.n_gold else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else (1.0 if not self.n_pred else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Acc:
    """A header field: right (equal to gold), wrong (a value that is not gold's, or a value where gold has none)
    and missing (no value where gold has one: an unreadable handwritten number is missing, never wrong)."""

    right: int = 0
    total: int = 0
    wrong: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def missing(self) -> int:
        return self.total - self.right - self.wrong

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class Report:
    prf: dict[str, PRF] = field(default_factory=dict)
    acc: dict[str, Acc] = field(default_factory=dict)
    docs: int = 0
    missing: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)

    def p(self, name: str) -> PRF:
        return self.prf.setdefault(name, PRF())

    def a(self, name: str) -> Acc:
        return self.acc.setdefault(name, Acc())

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.docs,
            "missing": self.missing,
            "prf": {k: {"precision": v.precision, "recall": v.recall, "f1": v.f1, "tp": v.tp,
                        "predicted": v.n_pred, "gold": v.n_gold} for k, v in self.prf.items()},
            "accuracy": {k: {"accuracy": v.accuracy, "right": v.right, "wrong": v.wrong, "missing": v.missing,
                             "total": v.total, "misses": v.misses}
                         for k, v in self.acc.items()},
        }


def _get(d: dict[str, Any], dotted: str) -> Any:
    cur: Any = d
    for part in dotted.split("."):
        if not isinstance(cur, dict):
            return None
        cur = cur.get(part)
    return cur


def _pair(gold: list[Any], pred: list[Any], score: Any, threshold: float) -> list[tuple[int, int]]:
    """Greedy one-to-one pairing by descending score."""
    cands = sorted(((score(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(pred)), reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for s, i, j in cands:
        if s < threshold or i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        pairs.append((i, j))
    return pairs


def _target_key(t: dict[str, Any]) -> tuple[Any, ...]:
    vmax = t.get("value_max")
    return (t["comparator"], round(float(t["value"]), 6), None if vmax is None else round(float(vmax), 6),
            norm(t["unit"]))


def _timeframe_key(tf: dict[str, Any]) -> tuple[Any, ...]:
    return (tf.get("kind"), tf.get("start"), tf.get("end"), tf.get("recurrence"))


def _multiset_tp(a: list[str], b: list[str]) -> int:
    return sum((Counter(a) & Counter(b)).values())


def score_document(gold: dict[str, Any], pred: dict[str, Any], report: Report, label: str) -> None:
    report.docs += 1
    for f in HEADER_FIELDS:
        g, p = _get(gold, f), _get(pred, f)
        acc = report.a(f)
        acc.total += 1
        if norm(g) == norm(p):
            acc.right += 1
        elif norm(p):
            acc.wrong += 1
            acc.misses.append(f"{label}: wrong: gold {g!r} ≠ {p!r}")
        else:
            acc.misses.append(f"{label}: missing: gold {g!r}")
    for f in ("legal_bases", "recipients"):
        g_items = [norm(x) for x in gold.get(f) or []]
        p_items = [norm(x) for x in pred.get(f) or []]
        report.p(f).add(_multiset_tp(g_items, p_items), len(p_items), len(g_items))

    g_objs, p_objs = gold.get("objectives") or [], pred.get("objectives") or []
    pairs = _pair(g_objs, p_objs,
                  lambda g, p: (similarity(g["text"], p["text"]) + (0.01 if g["id"] == p["id"] else 0)), TEXT_SIM)
    report.p("objectives").add(len(pairs), len(p_objs), len(g_objs))
    for i, g in enumerate(g_objs):
        if i not in {a for a, _ in pairs}:
            report.details.append(f"{label}: objective {g['id']} not found: {g['text'][:80]!r}")
    paired = {i: j for i, j in pairs}
    # targets and tasks are compared objective by objective (gold objective ↔ its paired prediction)
    for i, g in enumerate(g_objs):
        p = p_objs[paired[i]] if i in paired else {"targets": [], "plan": []}
        _score_targets(g.get("targets") or [], p.get("targets") or [], report, f"{label} obj {g['id']}")
        _score_tasks(g.get("plan") or [], p.get("plan") or [], report, f"{label} obj {g['id']}")
    for j, p in enumerate(p_objs):
        if j not in paired.values():
            _score_targets([], p.get("targets") or [], report, f"{label} extra obj {p['id']}")
            _score_tasks([], p.get("plan") or [], report, f"{label} extra obj {p['id']}")
    # a plan's task tables that no objective groups (plans, programmes beyond MTCL decisions)
    _score_tasks(gold.get("plan") or [], pred.get("plan") or [], report, f"{label} plan")


def _score_targets(gold: list[dict[str, Any]], pred: list[dict[str, Any]], report: Report, label: str) -> None:
    g_keys = [_target_key(t) for t in gold]
    p_keys = [_target_key(t) for t in pred]
    report.p("targets").add(_multiset_tp(g_keys, p_keys), len(p_keys), len(g_keys))  # type: ignore[arg-type]
    pairs = _pair(gold, pred, lambda g, p: (_target_key(g) == _target_key(p)) + token_overlap(g["metric"],
                                                                                          p["metric"]) / 10, 1.0)
    with_metric = sum(1 for i, j in pairs if token_overlap(gold[i]["metric"], pred[j]["metric"]) >= METRIC_SIM)
    report.p("targets+metric").add(with_metric, len(pred), len(gold))
    missing = Counter(g_keys) - Counter(p_keys)
    extra = Counter(p_keys) - Counter(g_keys)
    for k in missing.elements():
        report.details.append(f"{label}: missing target {k}")
    for k in extra.elements():
        report.details.append(f"{label}: extra target {k}")


def _score_tasks(gold: list[dict[str, Any]], pred: list[dict[str, Any]], report: Report, label: str) -> None:
    pairs = _pair(gold, pred, lambda g, p: similarity(g["content"], p["content"]), TEXT_SIM)
    report.p("tasks").add(len(pairs), len(pred), len(gold))
    paired_g = {i for i, _ in pairs}
    paired_p = {j for _, j in pairs}
    for i, g in enumerate(gold):
        if i not in paired_g:
            report.details.append(f"{label}: missing task {g.get('number')} {g['content'][:70]!r}")
    for j, p in enumerate(pred):
        if j not in paired_p:
            report.details.append(f"{label}: extra task {p.get('number')} {p['content'][:70]!r}")
    for role in ("lead_units", "support_units"):
        tp = 0
        for i, j in pairs:
            g_names = [norm(u["name"]) for u in gold[i].get(role) or []]
            p_names = [norm(u["name"]) for u in pred[j].get(role) or []]
            tp += _multiset_tp(g_names, p_names)
            if Counter(g_names) != Counter(p_names):
                report.details.append(f"{label} task {gold[i].get('number')}: {role} gold {g_names} ≠ {p_names}")
        n_pred = sum(len(p.get(role) or []) for p in pred)
        n_gold = sum(len(g.get(role) or []) for g in gold)
        report.p(role).add(tp, n_pred, n_gold)
    tp = 0
    for i, j in pairs:
        gk, pk = _timeframe_key(gold[i]["timeframe"]), _timeframe_key(pred[j]["timeframe"])
        if gk == pk:
            tp += 1
        else:
            report.details.append(f"{label} task {gold[i].get('number')}: timeframe "
                                  f"{gold[i]['timeframe'].get('raw')!r} gold {gk} ≠ {pk}")
    report.p("timeframes").add(tp, len(pred), len(gold))


def load_dir(path: Path) -> dict[str, dict[str, Any]]:
    """doc_id → decision dict, from DIR/json/*.json or DIR/*.json."""
    folder = path / "json" if (path / "json").is_dir() else path
    out: dict[str, dict[str, Any]] = {}
    for f in sorted(folder.glob("*.json")):
        data = json.loads(f.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "doc_id" in data:
            out[data["doc_id"]] = data
    return out


def _stem(path: str) -> str:
    """'corpus/003_x.scan.pdf' → '003_x': every rendering of a sample is scored against that sample's gold."""
    return Path(path).name.split(".", 1)[0]


def rendering(path: str) -> str:
    """'corpus/003_x.scan.pdf' → 'scan.pdf', 'corpus/003_x.txt' → 'txt': which rendering of a sample a file is."""
    name = Path(path).name
    parts = name.split(".", 1)
    if len(parts) < 2:
        return ""
    # a tag and a format ("scan.pdf", "docx-named.doc"); an archive's name with dots or spaces of its own ("… .signed.
    # signed.kydauden (1).pdf") is scored by its format
    return parts[1] if parts[1].count(".") <= 1 and " " not in parts[1] else Path(name).suffix.lstrip(".")


def evaluate(output_dir: Path, gold_dir: Path, only: str | None = None) -> Report:
    """Score every prediction of OUTPUT_DIR that has a gold file in GOLD_DIR (see `score`)."""
    return score(load_dir(output_dir), load_dir(gold_dir), only)


def score(pred: dict[str, dict[str, Any]], gold: dict[str, dict[str, Any]], only: str | None = None) -> Report:
    """Pair predictions with gold by doc_id, else by their sample's stem. `only` keeps the predictions of one
    rendering ('txt', 'docx', 'scan.pdf', …); a gold file with no prediction is scored as missing only when no
    rendering filter is set."""
    if only is not None:
        pred = {k: p for k, p in pred.items() if rendering(p.get("source", {}).get("path", "")) == only}
    gold_by_stem = {_stem(g.get("source", {}).get("path", k)): g for k, g in gold.items()}
    report = Report()
    pairs: list[tuple[str, dict[str, Any], dict[str, Any] | None]] = []
    for doc_id, p in pred.items():
        path = p.get("source", {}).get("path", doc_id)
        g = gold.get(doc_id) or gold_by_stem.get(_stem(path))
        if g is not None:
            pairs.append((Path(path).name, g, p))
    scored = {id(g) for _, g, _ in pairs}
    for g in gold.values():
        if id(g) not in scored and only is None:
            pairs.append((Path(g.get("source", {}).get("path", "")).name, g, None))
    for label, g, p in sorted(pairs, key=lambda t: t[0]):
        if p is None:
            report.missing.append(label)
            score_document(g, {"objectives": []}, report, label)
        else:
            score_document(g, p, report, label)
    return report


def format_report(report: Report, *, details: bool = False) -> str:
    lines = [f"documents scored: {report.docs}" + (f"  (no output for: {', '.join(report.missing)})"
                                                    if report.missing else "")]
    lines.append(f"{'field':<18}{'precision':>10}{'recall':>10}{'f1':>8}{'tp':>6}{'pred':>6}{'gold':>6}")
    order = ["objectives", "targets", "targets+metric", "tasks", "lead_units", "support_units", "timeframes",
             "legal_bases", "recipients"]
    for name in order + [k for k in report.prf if k not in order]:
        if name in report.prf:
            v = report.prf[name]
            lines.append(f"{name:<18}{v.precision:>10.3f}{v.recall:>10.3f}{v.f1:>8.3f}{v.tp:>6}{v.n_pred:>6}"
                         f"{v.n_gold:>6}")
    lines.append(f"{'header field':<18}{'accuracy':>10}{'right':>8}{'wrong':>8}{'missing':>8}{'total':>8}")
    for name, v in report.acc.items():
        lines.append(f"{name:<18}{v.accuracy:>10.3f}{v.right:>8}{v.wrong:>8}{v.missing:>8}{v.total:>8}")
    if details:
        for name, v in report.acc.items():
            lines.extend(f"  {name}: {m}" for m in v.misses)
        lines.extend(f"  {d}" for d in report.details)
    return "\n".join(lines)


def renderings(pred: dict[str, dict[str, Any]]) -> list[str]:
    """The renderings among loaded predictions ('txt', 'docx', 'scan.pdf', …)."""
    return sorted({rendering(d.get("source", {}).get("path", "")) for d in pred.values()})


def format_by_rendering(reports: dict[str, Report]) -> str:
    cols = ["objectives", "targets", "tasks", "lead_units", "support_units", "timeframes"]
    lines = [f"{'rendering':<16}{'docs':>5}" + "".join(f"{c[:10]:>11}" for c in cols) + f"{'header':>9}"]
    for name, r in reports.items():
        right = sum(a.right for a in r.acc.values())
        total = sum(a.total for a in r.acc.values())
        cells = "".join(f"{r.prf[c].f1 if c in r.prf else float('nan'):>11.3f}" for c in cols)
        lines.append(f"{name or '?':<16}{r.docs:>5}{cells}{(right / total if total else 1.0):>9.3f}")
    return "\n".join(lines)


def metric_close(got: str, want: str, threshold: float = 0.6) -> bool:
    """At least `threshold` of the wanted metric's words are in the extracted one, and it is not much longer."""
    g, w = set(norm(got).split()), set(norm(want).split())
    if not w:
        return not g
    return len(g & w) / len(w) >= threshold and len(g) <= 2 * len(w) + 3
