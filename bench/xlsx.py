"""mtcl.xlsx's writer (normalize/xlsx.py) against XlsxWriter's constant-memory mode (bench/xlsx_xlsxwriter.py,
the same sheets through the same API), side by side on one output folder (`python bench/xlsx.py OUT`, e.g. the
10,000-document run kept by `bench/run.py --keep DIR`).

Each run writes the whole workbook of OUT (the sheets decisions, objectives, targets, tasks and comparison, from
the decisions' cards, as `mtcl extract` does) in a fresh process, the two writers taking turns; the table gives
each writer's median seconds and CPU seconds, cells per CPU second, peak memory of its process and file size, and
their ratios.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _run(out: str, writer: str, dest: str, queue: Any) -> None:
    from normalize.cards import CardStore
    from normalize.compare import Cards, ComparisonWriter, _write_xlsx

    store = CardStore.open(str(Path(out) / "catalog.sqlite")) if (Path(out) / "catalog.sqlite").exists() \
        else CardStore.temporary()
    cards = Cards(Path(out), store)
    plan = ComparisonWriter(Path(out), cards)  # the archive, the cards checked, the comparison table
    cells = sum(len(r) for e in plan.order for rows in cards.rows(e).values() for r in rows)
    if writer == "xlsxwriter":
        import xlsx_xlsxwriter

        import normalize.compare

        normalize.compare.Workbook = xlsx_xlsxwriter.Workbook  # type: ignore[misc]
    started, cpu = time.perf_counter(), time.process_time()
    _write_xlsx(Path(dest), cards, plan.order, plan.comparison)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    queue.put({"seconds": seconds, "cpu_seconds": cpu, "cells": cells, "bytes": os.path.getsize(dest),
               "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path, help="an output folder of mtcl extract")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each writer, taking turns")
    ns = parser.parse_args()
    ctx = mp.get_context("spawn")
    results: dict[str, list[dict[str, float]]] = {"mtcl": [], "xlsxwriter": []}
    with tempfile.TemporaryDirectory(prefix="mtcl-xlsx-bench-") as tmp:
        for _ in range(ns.rounds):
            for writer in results:
                queue = ctx.Queue()
                proc = ctx.Process(target=_run, args=(str(ns.out), writer, f"{tmp}/{writer}.xlsx", queue))
                proc.start()
                results[writer].append(queue.get())
                proc.join()
                print(writer, results[writer][-1], file=sys.stderr, flush=True)
    print("| writer | median s | median CPU s | cells/s (CPU) | peak RSS MB | file MB |\n|---|---|---|---|---|---|")
    med, cpu = {}, {}
    for writer, runs in results.items():
        med[writer] = statistics.median(r["seconds"] for r in runs)
        cpu[writer] = statistics.median(r["cpu_seconds"] for r in runs)
        cells = runs[0]["cells"]
        print(f"| {writer} | {med[writer]:.2f} | {cpu[writer]:.2f} | {cells / cpu[writer]:,.0f} | "
              f"{max(r['peak_rss_mb'] for r in runs):.0f} | {runs[0]['bytes'] / 1e6:.1f} |")
    print(f"\nxlsxwriter / mtcl: {med['xlsxwriter'] / med['mtcl']:.2f}× the time, "
          f"{cpu['xlsxwriter'] / cpu['mtcl']:.2f}× the CPU ({cells:,} cells of the four tables, plus the "
          "comparison); the CPU is the steadier figure on a shared machine")
    return 0


if __name__ == "__main__":
    sys.exit(main())
