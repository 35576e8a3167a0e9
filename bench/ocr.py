"""OCR benchmark (`make bench-ocr`, or `python bench/ocr.py`): the pipeline's time per scanned page against the
`tesseract` command alone on the same page images, in one run.

The files are the corpus' scan and the scans of ../shared/real (or those given on the command line). Each page the
pipeline OCRs is rendered first, as the pipeline renders it (`extract/readers/ocr.py`: 300 dpi of the sheet), and
saved as a PNG (not timed), as rendered and as the pipeline gives it to Tesseract (ruling lines erased). Then,
`--repeat` times, in turn: the whole pipeline on the file (read, OCR, structure, NLP: `process_file`, one thread,
models loaded by a warm-up run, the caches of worked-out texts emptied before each run), and
`tesseract PAGE.png stdout -l vie --psm 4 tsv` on each of its page images (the command as the pipeline used to start
it, with `OMP_THREAD_LIMIT=1`: on this 2-core machine Tesseract's own threads make it slower, 32.5 s against 14.5 s
for the corpus scan's nine pages), on the pages as Tesseract is given them (the ratio) and as rendered, lines and
all (the ratio in brackets). On the latter the command does other work: on a table page it reads next to nothing,
in a fifth of the time; on a blank page with a black scanner border it gives up early where, the border erased, it
searches the bleed-through. Each is timed by its best run (other programs on a shared machine only ever add time,
in bursts of seconds that a median of a few runs still catches; the medians are in the JSON too). The command with
its default threads is timed once for reference. Results go to bench/results/ocr.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_FILES = ["corpus/*.scan.pdf", "../shared/real/*scan*.pdf", "../shared/real/*ocr*.pdf"]


def _render(path: Path, pages: list[int], folder: Path) -> tuple[list[Path], list[Path]]:
    """The pages as rendered, and as given to Tesseract (ruling lines erased), as PNGs."""
    import pypdfium2 as pdfium
    from PIL import Image

    from extract.readers.ocr import erase_ruling_lines, render_page

    pdf = pdfium.PdfDocument(path)
    rendered, given = [], []
    try:
        for index in pages:
            pixels = render_page(pdf, index)
            rendered.append(folder / f"{path.stem}.{index}.png")
            Image.fromarray(pixels).save(rendered[-1])
            given.append(folder / f"{path.stem}.{index}.erased.png")
            Image.fromarray(erase_ruling_lines(pixels)[0]).save(given[-1])
    finally:
        pdf.close()
    return rendered, given


def _tesseract(pngs: list[Path], threads: str | None) -> float:
    env = dict(os.environ)
    env.pop("OMP_THREAD_LIMIT", None)
    if threads:
        env["OMP_THREAD_LIMIT"] = threads
    started = time.perf_counter()
    for png in pngs:
        subprocess.run(["tesseract", str(png), "stdout", "-l", "vie", "--psm", "4", "tsv"], env=env,
                       capture_output=True, check=True)
    return time.perf_counter() - started


def _pipeline(paths: list[str], conn) -> None:  # type: ignore[no-untyped-def]
    """In a process of its own (as a batch worker): a warm-up run of each file (models loaded, as a long-lived
    worker has them), which tells which pages the reader OCRs; then a run of a file on demand."""
    from extract import memo
    from extract.readers import pdf
    from mtcl.pipeline import process_file

    seen: list[int] = []
    ocr = pdf._ocr

    def recorded(original, opened, indexes):  # type: ignore[no-untyped-def]
        seen[:] = indexes
        return ocr(original, opened, indexes)

    pdf._ocr = recorded
    for p in paths:
        seen.clear()
        process_file(Path(p))
        conn.send(list(seen))
    pdf._ocr = ocr
    while (p := conn.recv()) is not None:
        memo.clear()
        started = time.perf_counter()
        result = process_file(Path(p))
        conn.send((time.perf_counter() - started, result.decision.source.ocr))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path, help="scanned PDFs (default: the corpus' and shared/real's)")
    parser.add_argument("--repeat", type=int, default=5)
    ns = parser.parse_args(argv)
    files = ns.files or sorted({p for pattern in DEFAULT_FILES for p in ROOT.glob(pattern)})
    work = Path(tempfile.mkdtemp(prefix="mtcl-bench-ocr-"))
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_pipeline, args=([str(p) for p in files], child))
    proc.start()
    images = {}
    for path in files:
        pages = parent.recv()
        if pages:
            images[path] = _render(path, pages, work)
    rows = []
    for path, (rendered, given) in images.items():
        pipeline, command, raw = [], [], []
        for _ in range(ns.repeat):
            parent.send(str(path))
            seconds, _ = parent.recv()
            pipeline.append(seconds)
            command.append(_tesseract(given, "1"))
            raw.append(_tesseract(rendered, "1"))
        threaded = _tesseract(given, None)
        row = {"file": path.name, "pages": len(given), "pipeline_s": min(pipeline), "tesseract_s": min(command),
               "tesseract_rendered_s": min(raw), "pipeline_median_s": statistics.median(pipeline),
               "tesseract_median_s": statistics.median(command), "tesseract_default_threads_s": threaded}
        row["ratio"] = row["pipeline_s"] / row["tesseract_s"]
        row["ratio_rendered"] = row["pipeline_s"] / row["tesseract_rendered_s"]
        rows.append(row)
        print(f"{path.name:<45} {len(given):>3} p  pipeline {row['pipeline_s']:.1f} s  tesseract "
              f"{row['tesseract_s']:.1f} s (on the rendered pages {min(raw):.1f} s, default threads {threaded:.1f} s)"
              f"  ratio {row['ratio']:.2f}", file=sys.stderr, flush=True)
    parent.send(None)
    proc.join()
    pages = sum(r["pages"] for r in rows)
    total = {"pages": pages, "pipeline_s_per_page": sum(r["pipeline_s"] for r in rows) / pages,
             "tesseract_s_per_page": sum(r["tesseract_s"] for r in rows) / pages,
             "tesseract_rendered_s_per_page": sum(r["tesseract_rendered_s"] for r in rows) / pages,
             "tesseract_default_threads_s_per_page": sum(r["tesseract_default_threads_s"] for r in rows) / pages}
    total["ratio"] = total["pipeline_s_per_page"] / total["tesseract_s_per_page"]
    total["ratio_rendered"] = total["pipeline_s_per_page"] / total["tesseract_rendered_s_per_page"]
    total["ratio_of_medians"] = sum(r["pipeline_median_s"] for r in rows) / sum(r["tesseract_median_s"] for r in rows)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "ocr.json").write_text(json.dumps({"files": rows, "total": total}, indent=1) + "\n", encoding="utf-8")
    lines = ["| file | OCR'd pages | pipeline s | `tesseract` s | ratio | `tesseract` s on the rendered pages (ratio) "
             "| `tesseract` s, default threads |", "|---|---|---|---|---|---|---|"]
    lines += [f"| {r['file']} | {r['pages']} | {r['pipeline_s']:.1f} | {r['tesseract_s']:.1f} | {r['ratio']:.2f} | "
              f"{r['tesseract_rendered_s']:.1f} ({r['ratio_rendered']:.2f}) | {r['tesseract_default_threads_s']:.1f} |"
              for r in rows]
    lines.append(f"| **all** | {pages} | {total['pipeline_s_per_page']:.2f} s/page | "
                 f"{total['tesseract_s_per_page']:.2f} s/page | **{total['ratio']:.2f}** | "
                 f"{total['tesseract_rendered_s_per_page']:.2f} s/page ({total['ratio_rendered']:.2f}) | "
                 f"{total['tesseract_default_threads_s_per_page']:.2f} s/page |")
    lines.append(f"\nbest runs of {ns.repeat}; the ratio of the medians: {total['ratio_of_medians']:.2f}")
    (out / "ocr.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    for png in work.iterdir():
        png.unlink()
    work.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
