"""Per-format benchmark (`make bench-formats`, or `python bench/formats.py`).

For each rendering of the corpus (text, DOCX, digital PDF, scanned PDF, .doc) it times the whole pipeline on
each file (read → structure → NLP → Decision), reports pages/s and the peak memory of a fresh process, and for
digital PDFs the ratio of the pipeline's time to pypdfium2's plain text extraction of the same file. Every file
runs in its own process so that peak memory is that file's alone; each is run once to warm up (models loaded,
as in a long-lived batch worker) and then timed `--repeat` times, except the scan, which is timed on its single
run; the caches of results worked out from the document's texts (`extract/memo.py`: parses, units, deadlines,
folded lines) are emptied before each timed run, so that a run does not reuse what the one before worked out.
A digital PDF's plain extraction is timed right after each run of the pipeline, and each file's time is the
median of its runs: on a shared machine, whose speed drifts from one second to the next, the two are then
measured alike. Results go to bench/results/formats.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# rendering → the suffix after the sample's stem (corpus/003_0f72404e718a4a6c.scan.pdf is a "scan")
RENDERINGS = {"text": "txt", "docx": "docx", "pdf": "pdf", "scan": "scan.pdf", "doc": "legacy.doc",
              "tcvn3": "tcvn3.docx", "vni": "vni.docx"}


def _measure(path: str, repeat: int, queue: mp.Queue) -> None:  # type: ignore[type-arg]
    from extract import memo
    from mtcl.pipeline import process_file

    digital = path.endswith(".pdf") and ".scan." not in path
    if repeat > 1:
        process_file(Path(path))  # warm up: a batch worker is long-lived, its models are loaded once
    runs, plains = [], []
    for _ in range(repeat):
        # what was worked out from this document's texts is forgotten: each run reads it as a worker sees a new file
        memo.clear()
        t0 = time.perf_counter()
        result = process_file(Path(path))
        runs.append(time.perf_counter() - t0)
        if digital:  # right after the pipeline's run, so that both see the machine as it is at that moment
            import pypdfium2 as pdfium

            t0 = time.perf_counter()
            pdf = pdfium.PdfDocument(path)
            for page in pdf:
                page.get_textpage().get_text_range()
            pdf.close()
            plains.append(time.perf_counter() - t0)
    pages = result.decision.source.pages or 1
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put({"file": Path(path).name, "seconds": statistics.median(runs), "pages": pages, "peak_mb": peak_mb,
               "plain": statistics.median(plains) if plains else None})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7, help="runs per file (the scan runs once)")
    ns = parser.parse_args(argv)
    ctx = mp.get_context("spawn")
    rows = []
    for kind, pattern in RENDERINGS.items():
        for path in sorted(p for p in (ROOT / "corpus").iterdir() if p.name.split(".", 1)[-1] == pattern):
            queue: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
            proc = ctx.Process(target=_measure, args=(str(path), 1 if kind == "scan" else ns.repeat, queue))
            proc.start()
            row = queue.get()
            proc.join()
            row["kind"] = kind
            rows.append(row)
            print(f"{kind:<6} {row['file']:<40} {row['seconds']:.3f} s  {row['pages']} p  {row['peak_mb']:.0f} MB",
                  file=sys.stderr)
    summary = []
    for kind in RENDERINGS:
        sel = [r for r in rows if r["kind"] == kind]
        if not sel:
            continue
        seconds = sum(r["seconds"] for r in sel)
        pages = sum(r["pages"] for r in sel)
        plain = [r for r in sel if r["plain"]]
        ratio = sum(r["seconds"] for r in plain) / sum(r["plain"] for r in plain) if plain else None
        summary.append({"kind": kind, "files": len(sel), "pages": pages, "pages_per_s": pages / seconds,
                        "docs_per_s": len(sel) / seconds, "peak_mb": max(r["peak_mb"] for r in sel),
                        "pipeline_over_pypdfium2": ratio})
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "formats.json").write_text(json.dumps({"files": rows, "summary": summary}, indent=1), encoding="utf-8")
    lines = ["| rendering | files | pages | pages/s | docs/s | peak MB (one process) | pipeline ÷ pypdfium2 text |",
             "|---|---|---|---|---|---|---|"]
    for s in summary:
        ratio = f"{s['pipeline_over_pypdfium2']:.1f}×" if s["pipeline_over_pypdfium2"] else "–"
        lines.append(f"| {s['kind']} | {s['files']} | {s['pages']} | {s['pages_per_s']:.2f} | {s['docs_per_s']:.2f} "
                     f"| {s['peak_mb']:.0f} | {ratio} |")
    lines.append("")
    lines.append("Formats without pages (text, DOCX) count one page per document.")
    (out / "formats.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
