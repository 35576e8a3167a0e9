"""mtcl.xlsx's writer against the hand-made one it replaced, side by side on one output folder
(`python bench/xlsx.py OUT`, e.g. the 10,000-document run kept by `bench/run.py --keep DIR`).

Each run writes the whole workbook of OUT (the sheets decisions, objectives, targets, tasks and comparison, from
the decisions' cards, as `mtcl extract` does) in a fresh process, the two writers taking turns; the table gives
each writer's median seconds, cells per second, peak memory of its process and file size, and their ratio.
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
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _handmade(path: Path, cards: Any, order: Sequence[Any], comparison: Any) -> None:
    """The workbook as the hand-made writer wrote it (widths from a sheet's first 200 rows, held until then)."""
    import xlsx_handmade as hm

    from normalize.compare import SHEETS
    from normalize.writers import TABLE_COLUMNS

    wb = hm.Workbook()
    try:
        def sheet(name: str, columns: Sequence[str], rows: list[Sequence[Any]]) -> Any:
            widths = [min(max([len(c), *(len(str(r[i])) for r in rows if r[i] is not None)]) + 2, 60)
                      for i, c in enumerate(columns)]
            s = wb.add_sheet(name, len(columns), widths)
            s.append(columns)
            for r in rows:
                s.append(r)
            return s

        heads: list[list[Sequence[Any]]] = [[] for _ in SHEETS]
        open_sheets: list[Any] = [None] * len(SHEETS)
        for entry in order:
            rows = cards.rows(entry)
            for i, name in enumerate(SHEETS):
                for row in rows[name]:
                    if open_sheets[i] is not None:
                        open_sheets[i].append(row)
                    else:
                        heads[i].append(row)
                        if len(heads[i]) >= 200:
                            open_sheets[i] = sheet(name, TABLE_COLUMNS[name], heads[i])
        for i, name in enumerate(SHEETS):
            (open_sheets[i] or sheet(name, TABLE_COLUMNS[name], heads[i])).close(autofilter=True)
        sheet("comparison", comparison.columns, comparison.rows).close(autofilter=True)
        wb.save(path)
    finally:
        wb.close()


def _run(out: str, writer: str, dest: str, queue: Any) -> None:
    from normalize.cards import CardStore
    from normalize.compare import Cards, ComparisonWriter, _write_xlsx

    store = CardStore.open(str(Path(out) / "catalog.sqlite")) if (Path(out) / "catalog.sqlite").exists() \
        else CardStore.temporary()
    cards = Cards(Path(out), store)
    plan = ComparisonWriter(Path(out), cards)  # the archive, the cards checked, the comparison table
    cells = sum(len(r) for e in plan.order for rows in cards.rows(e).values() for r in rows)
    started = time.perf_counter()
    if writer == "xlsxwriter":
        _write_xlsx(Path(dest), cards, plan.order, plan.comparison)
    else:
        _handmade(Path(dest), cards, plan.order, plan.comparison)
    seconds = time.perf_counter() - started
    queue.put({"seconds": seconds, "cells": cells, "bytes": os.path.getsize(dest),
               "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path, help="an output folder of mtcl extract")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each writer, taking turns")
    ns = parser.parse_args()
    ctx = mp.get_context("spawn")
    results: dict[str, list[dict[str, float]]] = {"xlsxwriter": [], "handmade": []}
    with tempfile.TemporaryDirectory(prefix="mtcl-xlsx-bench-") as tmp:
        for _ in range(ns.rounds):
            for writer in results:
                queue = ctx.Queue()
                proc = ctx.Process(target=_run, args=(str(ns.out), writer, f"{tmp}/{writer}.xlsx", queue))
                proc.start()
                results[writer].append(queue.get())
                proc.join()
                print(writer, results[writer][-1], file=sys.stderr, flush=True)
    print("| writer | median s | cells/s | peak RSS MB | file MB |\n|---|---|---|---|---|")
    med = {}
    for writer, runs in results.items():
        med[writer] = statistics.median(r["seconds"] for r in runs)
        cells = runs[0]["cells"]
        print(f"| {writer} | {med[writer]:.2f} | {cells / med[writer]:,.0f} | "
              f"{max(r['peak_rss_mb'] for r in runs):.0f} | {runs[0]['bytes'] / 1e6:.1f} |")
    print(f"\nxlsxwriter / handmade time: {med['xlsxwriter'] / med['handmade']:.2f}× ({cells:,} cells of the four "
          f"tables, plus the comparison)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
