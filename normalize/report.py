"""`mtcl report`: one self-contained HTML page (no network): a chart per indicator across localities and
years, and the decisions table with links to each decision's objectives and warnings."""

from __future__ import annotations

import html
from collections import defaultdict
from pathlib import Path

from normalize.compare import load_decisions, target_cell
from normalize.vocabulary import indicators
from normalize.writers import atomic_write
from schemas.models import Decision, Target

_CSS = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#222;max-width:1200px}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2.5rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #ddd;padding:.3rem .5rem;
vertical-align:top;text-align:left}th{background:#f3f3f3;position:sticky;top:0}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:1rem}
figure{margin:0;border:1px solid #ddd;padding:.5rem}figcaption{font-size:.85rem;margin-bottom:.3rem}
.warn{color:#8a4b00}.muted{color:#777}input{padding:.3rem;width:20rem;margin:.5rem 0}
"""

# a few lines of script to filter the decisions table; the page works without it
_JS = """
document.getElementById('filter').addEventListener('input', function (e) {
  var q = e.target.value.toLowerCase();
  document.querySelectorAll('#decisions tbody tr').forEach(function (tr) {
    tr.style.display = tr.textContent.toLowerCase().indexOf(q) >= 0 ? '' : 'none';
  });
});
"""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _label(d: Decision) -> str:
    place = d.issuer.locality or d.issuer.name or d.doc_id
    return f"{place} {d.year}" if d.year else place


def _bar_chart(points: list[tuple[str, Target]], unit: str) -> str:
    """Horizontal bars, one per locality-year; the bar is the value, a range shows as value–max."""
    width, bar_h, gap, left = 200, 18, 6, 140
    top = max(t.value_max if t.value_max is not None else t.value for _, t in points) or 1.0
    height = len(points) * (bar_h + gap) + 10
    total = width + left + 80
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {total} {height}" width="100%" '
             f'role="img" aria-label="{_e(unit)}">']
    for i, (label, t) in enumerate(points):
        y = 5 + i * (bar_h + gap)
        w = max(2.0, width * t.value / top)
        short = label if len(label) <= 20 else "…" + label[-19:]
        parts.append(f'<text x="{left - 6}" y="{y + 13}" font-size="11" text-anchor="end"><title>{_e(label)}'
                     f'</title>{_e(short)}</text>')
        parts.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="#4a78b5"/>')
        if t.value_max is not None:
            w2 = width * (t.value_max - t.value) / top
            parts.append(f'<rect x="{left + w:.1f}" y="{y}" width="{w2:.1f}" height="{bar_h}" fill="#9db8dc"/>')
            w += w2
        parts.append(f'<text x="{left + w + 4:.1f}" y="{y + 13}" font-size="11">{_e(target_cell(t))} '
                     f'{_e(t.unit)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render(decisions: list[Decision]) -> str:
    ordered = sorted(decisions, key=lambda d: (d.issuer.locality or "", d.year or 0, d.doc_id))
    by_indicator: dict[str, list[tuple[str, Target]]] = defaultdict(list)
    for d in ordered:
        for o in d.objectives:
            for t in o.targets:
                if t.indicator:
                    by_indicator[t.indicator].append((_label(d), t))
    out = ["<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\">",
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
           "<title>mtcl: mục tiêu chất lượng</title>", f"<style>{_CSS}</style></head><body>",
           "<h1>Mục tiêu chất lượng: so sánh giữa các địa phương và các năm</h1>",
           f"<p class=\"muted\">{len(ordered)} decisions, "
           f"{sum(len(o.targets) for d in ordered for o in d.objectives)} targets.</p>",
           "<h2 id=\"indicators\">Indicators</h2><div class=\"charts\">"]
    for ind in indicators():
        points = by_indicator.get(ind["code"])
        if not points:
            continue
        out.append(f"<figure id=\"ind-{_e(ind['code'])}\"><figcaption><b>{_e(ind['label_vi'])}</b> "
                   f"<span class=\"muted\">({_e(ind['code'])}, {_e(ind['unit'])})</span></figcaption>"
                   f"{_bar_chart(points, ind['unit'])}</figure>")
    out.append("</div><h2 id=\"decisions-h\">Decisions</h2>")
    out.append("<input id=\"filter\" type=\"search\" placeholder=\"Lọc / filter\" aria-label=\"filter\">")
    out.append("<table id=\"decisions\"><thead><tr><th>Locality</th><th>Year</th><th>Issuer</th><th>Number</th>"
               "<th>Date</th><th>Type</th><th>Objectives</th><th>Warnings</th></tr></thead><tbody>")
    for d in ordered:
        n_warn = len(d.warnings)
        out.append(
            f"<tr><td>{_e(d.issuer.locality)}</td><td>{_e(d.year)}</td><td>{_e(d.issuer.name)}</td>"
            f"<td>{_e(d.decision_number)}</td><td>{_e(d.issued_on)}</td><td>{_e(d.doc_type.value)}</td>"
            f"<td><a href=\"#doc-{d.doc_id}\">{len(d.objectives)} objectives</a></td>"
            f"<td><a href=\"#warn-{d.doc_id}\">{n_warn} warnings</a></td></tr>")
    out.append("</tbody></table>")
    for d in ordered:
        out.append(f"<h2 id=\"doc-{d.doc_id}\">{_e(d.issuer.name or d.doc_id)}, {_e(d.year)} "
                   f"<span class=\"muted\">({_e(d.source.path)})</span></h2>")
        if d.title:
            out.append(f"<p><i>{_e(d.title)}</i></p>")
        out.append("<table><thead><tr><th>#</th><th>Objective</th><th>Targets</th><th>Tasks</th></tr></thead>"
                   "<tbody>")
        for o in d.objectives:
            targets = "<br>".join(f"{_e(target_cell(t))} {_e(t.unit)}: {_e(t.metric)}"
                                  + (f" <span class=\"muted\">[{_e(t.indicator)}]</span>" if t.indicator else "")
                                  for t in o.targets)
            out.append(f"<tr><td>{_e(o.id)}</td><td>{_e(o.text)}</td><td>{targets}</td><td>{len(o.plan)}</td></tr>")
        out.append("</tbody></table>")
        out.append(f"<h3 id=\"warn-{d.doc_id}\">Warnings</h3><ul>")
        out.extend(f"<li class=\"warn\"><b>{_e(w.code)}</b>: {_e(w.message)}</li>" for w in d.warnings)
        if not d.warnings:
            out.append("<li class=\"muted\">none</li>")
        out.append("</ul><p><a href=\"#decisions-h\">↑ decisions</a></p>")
    out.append(f"<script>{_JS}</script></body></html>")
    return "\n".join(out)


def write_report(out_dir: Path, path: Path) -> None:
    atomic_write(path, render(load_decisions(out_dir)).encode("utf-8"))
