"""Report benchmark (`python bench/report.py --sizes 100 1000 10000`).

Builds synthetic output folders from an extracted one (default output/, after `make run`): its decisions, one per
duplicate group, copied under other localities (in other provinces) and years, each with its text, N decisions in
all. For each N it times `mtcl report` (building the page), and, in headless Chromium, the page's load until every
chart is drawn, and reports the page's size, its data's size and what the page carries of the texts (full or
excerpts). Results go to bench/results/report.{json,md}.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build(src: Path, dest: Path, n: int) -> None:
    from normalize.compare import load_decisions
    from normalize.duplicates import canonical
    from normalize.writers import text_path

    seeds = canonical(load_decisions(src))
    (dest / "json").mkdir(parents=True)
    (dest / "text").mkdir()
    for i in range(n):
        d = seeds[i % len(seeds)]
        copy = i // len(seeds)
        doc_id = hashlib.sha256(f"{d.doc_id}-{copy}".encode()).hexdigest()[:16]
        year = (d.year or 2022) + copy % 5 if copy else d.year
        issuer = d.issuer.model_copy(update={
            "locality": f"{d.issuer.locality or 'Nơi'} {copy // 5}" if copy else d.issuer.locality,
            "province": f"Tỉnh {copy // 50}" if copy else d.issuer.province})
        number = f"{copy}-{d.decision_number}" if copy and d.decision_number else d.decision_number
        new = d.model_copy(update={"doc_id": doc_id, "year": year, "issuer": issuer, "decision_number": number,
                                   "source": d.source.model_copy(update={"path": f"synthetic/{doc_id}.docx"})})
        (dest / "json" / f"{doc_id}.json").write_text(new.model_dump_json(), encoding="utf-8")
        shutil.copyfile(text_path(src, d.doc_id), text_path(dest, doc_id))


def measure(out: Path, work: Path) -> dict[str, object]:
    from normalize.report import write_report
    from tests.cdp import CHROMIUM, Browser
    from tests.test_report import DRAW_ALL

    page = work / "report.html"
    started = time.perf_counter()
    held = write_report(out, page)
    build_s = time.perf_counter() - started
    html = page.read_text(encoding="utf-8")
    data = html.split('id="mtcl-data">', 1)[1].split("</script>", 1)[0]
    held_last = json.loads(data)["decisions"][-1]["id"]
    row: dict[str, object] = {**held, "build_s": round(build_s, 2), "page_mb": round(page.stat().st_size / 1e6, 2),
                              "data_mb": round(len(data.encode()) / 1e6, 2),
                              }
    if CHROMIUM:
        with Browser(work / "profile") as b:
            b.timeout = 900
            started = time.perf_counter()
            b.open(page.as_uri())
            b.wait_for("!!document.querySelector('.chart-card[data-drawn]')", timeout=900)
            row["first_screen_s"] = round(time.perf_counter() - started, 2)
            started = time.perf_counter()
            row["charts"] = b.js(DRAW_ALL)
            row["all_charts_s"] = round(time.perf_counter() - started, 2)
            row["svg_points"] = b.js("document.querySelectorAll('svg .scatterlayer path.point').length")
            started = time.perf_counter()
            b.js(f"location.hash = 'doc={held_last}'")
            b.wait_for("document.body.dataset.view === 'doc' && !!document.querySelector('#doc-text mark')")
            row["open_decision_s"] = round(time.perf_counter() - started, 2)
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--source", type=Path, default=ROOT / "output", help="an extracted output folder (make run)")
    args = ap.parse_args()
    rows = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix="mtcl-report-bench-") as tmp:
            out = Path(tmp) / "out"
            build(args.source, out, n)
            row = {"decisions_asked": n, **measure(out, Path(tmp))}
            print(json.dumps(row, ensure_ascii=False), flush=True)
            rows.append(row)
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "report.json").write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    keys = list(rows[0])
    lines = ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
    lines += ["| " + " | ".join(str(r.get(k, "")) for k in keys) + " |" for r in rows]
    (results / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
