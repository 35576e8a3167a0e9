"""The HTML report: each decision once, its text with every value marked at its source span, Plotly charts that
draw every target, filters that drive them, one click from a chart or a table to the value in the document.
The page is driven in headless Chromium (tests/cdp.py); a screenshot is taken of every view."""

from __future__ import annotations

import base64
import gzip
import json
import os
import re
import shutil
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from mtcl.cli import main
from normalize.report.page import plotly_js
from normalize.report.sourcetext import Span, pieces
from schemas.models import Decision, Target
from tests.cdp import CHROMIUM, Browser
from tests.conftest import CORPUS

needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is installed by scripts/system-deps.sh")


def _decisions(out: Path) -> list[Decision]:
    return [Decision.model_validate_json(p.read_text(encoding="utf-8")) for p in sorted((out / "json").glob("*.json"))]


def _targets(d: Decision) -> list[Target]:
    return [t for o in d.objectives for t in o.targets]


def _representatives(out: Path) -> dict[str, Decision]:
    """The corpus' decisions, one per sample: every rendering of a sample shares its stem, and the first file by
    path (the .docx) represents it."""
    stems = sorted({p.name.split(".")[0] for p in CORPUS.iterdir() if p.is_file()})
    by_name = {Path(d.source.path).name: d for d in _decisions(out)}
    return {stem: by_name[f"{stem}.docx"] for stem in stems}


def _span(out: Path, d: Decision, t: Target) -> str:
    assert t.provenance is not None
    text = (out / "text" / f"{d.doc_id}.txt").read_bytes().decode("utf-8")
    return text[t.provenance.start : t.provenance.end]


def _points(decisions: list[Decision]) -> Counter[str]:
    """What the charts must draw: one point per coded target of a decision with a year, by indicator and unit."""
    return Counter(f"{t.indicator}|{t.unit}{'/' + t.per if t.per else ''}"
                   for d in decisions if d.year is not None for t in _targets(d) if t.indicator)


# --- without a browser -----------------------------------------------------------------------------------------

def test_pieces_mark_overlapping_values_and_cut_excerpts() -> None:
    text = "Mục tiêu: đạt 95% hồ sơ đúng hạn; giảm còn 25 phút. " + "x" * 400 + " Tối thiểu 40% trực tuyến."
    a, b, c = text.index("95%"), text.index("25 phút"), text.index("40%")
    spans = [Span(a - 4, a + 3, "t0"), Span(a, a + 3, "f:x"), Span(b, b + 7, "t1"), Span(c, c + 3, "t2")]
    full = pieces(text, spans)
    assert "".join(p if isinstance(p, str) else p[0] for p in full) == text  # nothing lost, nothing added
    marked = [(p[0], p[1]) for p in full if isinstance(p, list)]
    assert marked == [("đạt ", ["t0"]), ("95%", ["t0", "f:x"]), ("25 phút", ["t1"]), ("40%", ["t2"])]
    cut = pieces(text, spans, excerpts=True, context=15)
    # two passages (the first two values are 26 characters apart, the text ends 12 after the last): one cut
    assert cut.count(None) == 1 and cut[0] is not None and cut[-1] is not None
    shown = "".join(p if isinstance(p, str) else p[0] for p in cut if p is not None)
    assert "95%" in shown and "25 phút" in shown and "40%" in shown and "x" * 30 not in shown


def test_extract_keeps_the_text_the_offsets_point_into(corpus_output: Path) -> None:
    for d in _decisions(corpus_output):
        for t in _targets(d):
            span = _span(corpus_output, d, t)
            # the value's digits as printed ("98", "99,9", "0,2", "1.650", "800-1000") are in its span
            assert re.sub(r"\D", "", f"{t.value:g}") in re.sub(r"[.,\s]", "", span), (span, t.value)


def _page_data(html: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="mtcl-data">(.*?)</script>', html, re.S)
    assert found
    return json.loads(found.group(1))


def _details(html: str) -> dict[str, dict[str, Any]]:
    """Each decision's details (objectives, tasks, text), by doc_id: JSON, gzip, base64."""
    return {m.group(1): json.loads(gzip.decompress(base64.b64decode(m.group(2))))
            for m in re.finditer(r'<script type="[^"]+" id="d-([0-9a-f]{16})">(.*?)</script>', html, re.S)}


def test_report_counts_each_decision_once_with_its_files(corpus_output: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    assert main(["report", str(corpus_output), "-o", str(report)]) == 0
    data = _page_data(report.read_text(encoding="utf-8"))
    reps = _representatives(corpus_output)
    assert sorted(d["id"] for d in data["decisions"]) == sorted(d.doc_id for d in reps.values())
    assert data["files"] == len([p for p in CORPUS.iterdir() if p.is_file()]) == 22
    assert len(data["targets"]) == sum(len(_targets(d)) for d in reps.values())
    for stem, d in reps.items():
        shown = next(x for x in data["decisions"] if x["id"] == d.doc_id)
        assert sorted(Path(f[0]).name for f in shown["files"]) == sorted(
            p.name for p in CORPUS.iterdir() if p.name.split(".")[0] == stem)


def test_report_reads_the_text_from_the_json_or_says_it_is_missing(samples_output: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(samples_output, out)
    first, second = sorted((out / "text").iterdir())[:2]
    # one decision's text only in its JSON (`--with-text`), one's nowhere (extracted before texts were kept)
    doc = json.loads((out / "json" / f"{first.stem}.json").read_text(encoding="utf-8"))
    doc["text"] = first.read_bytes().decode("utf-8")
    (out / "json" / f"{first.stem}.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    first.unlink()
    second.unlink()
    report = tmp_path / "report.html"
    assert main(["report", str(out), "-o", str(report)]) == 0
    by_id = _details(report.read_text(encoding="utf-8"))
    assert by_id[first.stem]["text"] and any(isinstance(p, list) for p in by_id[first.stem]["text"])
    assert by_id[second.stem]["text"] is None


def test_report_text_cannot_end_the_script_and_a_large_archive_gets_excerpts(samples_output: Path,
                                                                              tmp_path: Path) -> None:
    from normalize.report import write_report

    out = tmp_path / "out"
    shutil.copytree(samples_output, out)
    evil = "</script><script>alert(1)</script><!--"
    victim = sorted((out / "text").iterdir())[0]
    victim.write_bytes(victim.read_bytes() + evil.encode())  # after every offset: the spans stay where they were
    doc_path = out / "json" / f"{victim.stem}.json"
    doc = json.loads(doc_path.read_text(encoding="utf-8"))
    doc["objectives"][0]["targets"][0]["text"] += evil  # in the page's index (the hover's text)
    doc_path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    report = tmp_path / "report.html"
    write_report(out, report)
    html = report.read_text(encoding="utf-8")
    full = _details(html)
    # the index, each decision's details, plotly.js and the page's script: no text ended one, none began a comment
    assert html.count("</script>") == 3 + len(full) == 8 and "<!--" not in html.replace(plotly_js(), "")
    index = _page_data(html)
    assert any(t["text"].endswith(evil) for t in index["targets"])
    assert all(d["text_mode"] == "full" for d in full.values())
    assert evil in json.dumps(full[victim.stem], ensure_ascii=False)
    small = tmp_path / "small.html"
    write_report(out, small, text_budget=1000)  # each sample's text is longer
    cut = _details(small.read_text(encoding="utf-8"))
    assert all(d["text_mode"] == "excerpts" and None in d["text"] for d in cut.values())
    assert _page_data(small.read_text(encoding="utf-8"))["excerpts"] == 5
    assert small.stat().st_size < report.stat().st_size


def test_report_of_a_folder_that_is_no_output_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["report", str(tmp_path / "missing"), "-o", str(tmp_path / "r.html")]) == 2


# --- in headless Chromium --------------------------------------------------------------------------------------

# every chart scrolled into sight in turn (a chart draws when it comes near the screen), as a reader scrolling
# down the page; the number of charts drawn, or -1 when one did not draw
DRAW_ALL = """(async () => {
  const cards = Array.from(document.querySelectorAll('.chart-card'));
  for (const c of cards) {
    c.scrollIntoView();
    for (let i = 0; i < 1200 && !c.dataset.drawn; i++) await new Promise(r => setTimeout(r, 25));
  }
  window.scrollTo(0, 0);
  return cards.every(c => c.dataset.drawn) ? cards.length : -1;
})()"""


def _cards(b: Browser) -> dict[str, int]:
    """Each drawn chart's indicator|unit and the number of points Plotly drew in its SVG."""
    return dict(b.js("Array.from(document.querySelectorAll('.chart-card')).map(c => [c.dataset.key, "
                     "c.querySelectorAll('svg .scatterlayer .trace .points path.point').length])"))


def _center_of(b: Browser, expression: str) -> tuple[float, float]:
    """The middle of an element (scrolled into view first), in viewport pixels."""
    box = b.js(f"(() => {{ const e = {expression}; e.scrollIntoView({{block: 'center'}}); "
               "const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()")
    return box[0], box[1]


def _point(key: str, place: str) -> str:
    """A JavaScript expression for the first point that the chart of `key` draws for `place`."""
    return (f"(() => {{ const gd = document.querySelector('.chart-card[data-key=\"{key}\"] .plot'); "
            f"const i = gd.data.findIndex(t => t.name === {json.dumps(place)}); "
            "return gd.querySelectorAll('.scatterlayer .trace')[i].querySelector('path.point'); })()")


def _current_source(b: Browser) -> dict[str, Any]:
    b.wait_for("document.body.dataset.view === 'doc' && !!document.querySelector('#doc-text mark.current')")
    return b.js("(() => { const m = document.querySelector('#doc-text mark.current'); "
                "const r = m.getBoundingClientRect(), p = document.getElementById('doc-text').getBoundingClientRect();"
                "return {doc: new URLSearchParams(location.hash.slice(1)).get('doc'), text: m.textContent, "
                "visible: r.top >= p.top && r.bottom <= p.bottom && r.top >= 0 && r.bottom <= innerHeight}; })()")


def _choose(b: Browser, select: str, value: str) -> None:
    b.js(f"(() => {{ const s = document.getElementById('{select}'); s.value = {json.dumps(value)}; "
         "s.dispatchEvent(new Event('change')); })()")


@needs_chromium
def test_console_errors_are_caught(tmp_path: Path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text("<html><body><script>console.error('boom'); setTimeout(() => missing(), 0);</script></body></html>")
    with Browser(tmp_path / "profile") as b:
        b.open(bad.as_uri())
        # the browser reports the uncaught error on its own time (a loaded machine: later than a fixed wait)
        deadline = time.monotonic() + 10
        while not any("missing" in e for e in b.console_errors()) and time.monotonic() < deadline:
            b.js("new Promise(r => setTimeout(r, 50))")
        errors = b.console_errors()
    assert any("boom" in e for e in errors) and any("missing" in e for e in errors)


@needs_chromium
def test_report_in_chromium(corpus_output: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    assert main(["report", str(corpus_output), "-o", str(report)]) == 0
    html = report.read_text(encoding="utf-8")
    assert plotly_js() in html  # inlined, once (its own text names web addresses: the browser checks below)
    ours = html.replace(plotly_js(), "")
    assert not re.search(r"(?:src|href)=[\"']?(?:https?:)?//", ours), "the page loads nothing from the network"
    reps = _representatives(corpus_output)
    ha_long = next(d for d in reps.values() if d.issuer.locality == "Hạ Long")
    shots = Path(os.environ.get("MTCL_REPORT_SHOTS") or tmp_path)
    with Browser(tmp_path / "profile", width=1280, height=900) as b:
        b.open(report.as_uri())
        b.wait_for("!!document.querySelector('.chart-card[data-drawn]')")  # the first screen draws by itself
        assert b.js("document.querySelectorAll('.chart-card:not([data-drawn])').length") > 0  # the rest on sight
        n = b.js(DRAW_ALL)
        # every chart drew every target of its indicator: each decision once (Phước Long 2021 once, not eight times)
        assert _cards(b) == _points(list(reps.values())) and n == len(_points(list(reps.values())))
        summary = b.js("document.getElementById('summary').textContent")
        n_targets = sum(len(_targets(d)) for d in reps.values())
        assert summary.startswith("6 văn bản (đọc từ 22 tệp") and f"· {n_targets} chỉ tiêu" in summary
        assert "Tỷ lệ hài lòng của người dân, tổ chức" in b.js("document.getElementById('charts').textContent")
        b.screenshot(shots / "report-indicators.png")

        # two targets of one indicator in one decision: two series, told apart by name (and by the hover's text)
        twice = Counter(t.indicator for t in _targets(ha_long) if t.indicator)
        code = next(c for c, n in twice.items() if n == 2 and f"{c}|%" in _cards(b))
        names = b.js(f"document.querySelector('.chart-card[data-key=\"{code}|%\"] .plot').data"
                     ".filter(t => t.legendgroup === 'Hạ Long').map(t => t.name)")
        assert names == ["Hạ Long", "Hạ Long (2)"]

        # hover: the exact text of the target, its comparator as written ("< 2 %", not an HTML tag)
        late = next((d, t) for d in reps.values() for t in _targets(d) if t.indicator == "tthc_late_rate")
        assert _cards(b)["tthc_late_rate|%"] == 1
        b.hover(*_center_of(b, "document.querySelector('.chart-card[data-key=\"tthc_late_rate|%\"] path.point')"))
        tip = b.wait_for("document.querySelector('.hoverlayer .hovertext')?.textContent")
        assert "< 2 %" in tip and " ".join(late[1].text.split()[:3]) in tip

        # a click on a chart's point opens the decision at that value, marked in its text
        sat = next(t for t in _targets(ha_long) if t.indicator == "satisfaction_rate")
        b.click(*_center_of(b, _point("satisfaction_rate|%", "Hạ Long")))
        src = _current_source(b)
        assert src == {"doc": ha_long.doc_id, "text": _span(corpus_output, ha_long, sat), "visible": True}
        assert b.js("document.querySelector('.tchip.current').textContent").startswith("> 98 %")
        b.screenshot(shots / "report-decision.png")
        assert b.js("document.querySelectorAll('#doc-text mark[data-t]').length") >= len(_targets(ha_long))

        # a filter drives the charts (and the tables)
        b.js("location.hash = 'view=indicators'")
        b.wait_for("document.body.dataset.view === 'indicators'")
        _choose(b, "f-place", "Hạ Long")
        assert b.js(DRAW_ALL) == len(_points([ha_long]))
        assert _cards(b) == _points([ha_long])
        b.screenshot(shots / "report-filtered.png")
        b.js("location.hash = 'view=targets'")
        b.wait_for("document.body.dataset.view === 'targets'")
        assert b.js("document.querySelectorAll('#targets-table tbody tr').length") == len(_targets(ha_long))
        b.screenshot(shots / "report-targets.png")
        # a click on a value in the table: the same
        wait = next(t for t in _targets(ha_long) if t.indicator == "waiting_time")
        b.click(*_center_of(b, "Array.from(document.querySelectorAll('#targets-table tbody tr'))"
                               ".find(r => r.textContent.includes('waiting_time')).querySelector('a.value')"))
        assert _current_source(b) == {"doc": ha_long.doc_id, "text": _span(corpus_output, ha_long, wait),
                                      "visible": True}

        b.js("location.hash = 'view=decisions'")
        b.wait_for("document.body.dataset.view === 'decisions'")
        b.js("document.getElementById('f-reset').click()")
        rows = b.js("Array.from(document.querySelectorAll('#decisions-table tbody tr')).map(r => r.dataset.doc)")
        assert sorted(rows) == sorted(d.doc_id for d in reps.values())
        b.screenshot(shots / "report-decisions.png")

        requests = [e["params"]["request"]["url"] for e in b.events if e.get("method") == "Network.requestWillBeSent"]
        assert all(u.startswith(("file:", "data:", "about:", "blob:")) for u in requests), requests
        assert b.console_errors() == []
    for name in ("indicators", "decision", "filtered", "targets", "decisions"):
        assert (shots / f"report-{name}.png").stat().st_size > 20_000
