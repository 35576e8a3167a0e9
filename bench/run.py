"""Benchmark of archive-scale extraction (`make bench`, or `python bench/run.py --sizes 1000 10000`).

Builds a synthetic archive by recombining the corpus decisions under other localities and years (the level word,
the place name and every year in the text are replaced, so each file is a new decision with new bytes), then runs
the real batch engine with -j 1 and -j 2 and reports docs/s, pages/s and the peak memory of a worker process.
Results go to bench/results/ as JSON and Markdown.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import platform
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mtcl.batch import run_batch  # noqa: E402

PLACES = ["Tân Phú", "Bình Minh", "Long Hải", "Phú Mỹ", "An Khê", "Đông Hà", "Sơn Tây", "Vĩnh Yên", "Hòa Bình",
          "Tam Kỳ", "Bảo Lộc", "Gia Nghĩa", "Ninh Hòa", "Cam Ranh", "Sa Đéc", "Châu Đốc", "Bến Cát", "Thủ Đức"]
LEVELS = ["phường", "xã", "thị xã", "huyện", "thành phố", "thị trấn"]


def _sample_localities() -> dict[str, str]:
    """Each sample's own place name, read from its gold file (never hard-coded)."""
    out = {}
    for gold in (ROOT / "tests" / "gold").glob("*.json"):
        data = json.loads(gold.read_text(encoding="utf-8"))
        if data.get("issuer", {}).get("locality"):
            out[gold.stem] = data["issuer"]["locality"]
    return out


def build_archive(dest: Path, count: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    samples = sorted((ROOT / "corpus").glob("*.txt"))
    places = _sample_localities()
    texts = {s.stem: s.read_text(encoding="utf-8") for s in samples}
    for i in range(count):
        stem = samples[i % len(samples)].stem
        text = texts[stem]
        place = f"{rng.choice(PLACES)} {i // len(PLACES) % 97 + 1}"
        shift = rng.randrange(-4, 5)  # every year of the text moves together: the plan stays consistent
        if stem in places:
            text = re.sub(re.escape(places[stem]), place, text, flags=re.I)
        text = re.sub(r"\b20[12]\d\b", lambda m, shift=shift: str(int(m.group(0)) + shift), text)
        year = 2022 + shift
        folder = dest / rng.choice(LEVELS).replace(" ", "_") / place.replace(" ", "_") / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{stem}_{i:05d}.txt").write_text(text, encoding="utf-8")
    return count


def _measure(archive: Path, jobs: int, work: Path, queue: mp.Queue) -> None:  # type: ignore[type-arg]
    import resource

    out = work / f"out_j{jobs}"
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    stats = run_batch([archive], out, jobs=jobs, progress=False)
    seconds = time.perf_counter() - started
    queue.put({
        "jobs": jobs,
        "docs": stats.done,
        "failed": stats.failed,
        "pages": stats.pages,
        "seconds": round(seconds, 2),
        "docs_per_s": round(stats.done / seconds, 2),
        "pages_per_s": round(stats.pages / seconds, 2),
        "extract_seconds": round(stats.extract_seconds, 2),
        "extract_docs_per_s": round(stats.done / max(stats.extract_seconds, 1e-9), 2),
        "peak_worker_rss_mb": round(max(stats.worker_maxrss_kb or [0]) / 1024, 1),
        "peak_main_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    })


def measure(archive: Path, jobs: int, work: Path) -> dict[str, float]:
    """One configuration in a fresh process: workers are forked from it, and a forked worker's peak RSS counts
    the pages it shares with its parent, so a parent grown by earlier runs would inflate later figures."""
    ctx = mp.get_context("spawn")
    queue: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
    proc = ctx.Process(target=_measure, args=(archive, jobs, work, queue))
    proc.start()
    row = queue.get()
    proc.join()
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--keep", type=Path, help="keep the archives and outputs in this folder")
    ns = parser.parse_args()
    work = ns.keep or Path(tempfile.mkdtemp(prefix="mtcl-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in ns.sizes:
        archive = work / f"archive_{size}"
        if not archive.exists():
            build_archive(archive, size)
        for jobs in ns.jobs:
            row = {"size": size, **measure(archive, jobs, work / f"run_{size}")}
            rows.append(row)
            print(json.dumps(row), flush=True)
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    summary = {"machine": {"python": platform.python_version(), "cpus": __import__("os").cpu_count(),
                           "platform": platform.platform()}, "runs": rows}
    by = {(r["size"], r["jobs"]): r for r in rows}
    lines = ["| docs | -j | seconds (all) | docs/s (all) | pages/s (all) | docs/s (extraction only) | "
             "peak worker RSS MB | peak main-process RSS MB |", "|---|---|---|---|---|---|---|---|"]
    lines += [f"| {r['size']} | {r['jobs']} | {r['seconds']} | {r['docs_per_s']} | {r['pages_per_s']} | "
              f"{r['extract_docs_per_s']} | {r['peak_worker_rss_mb']} | {r['peak_main_rss_mb']} |" for r in rows]
    for size in ns.sizes:
        if (size, 1) in by and (size, 2) in by:
            speedup = by[(size, 2)]["docs_per_s"] / by[(size, 1)]["docs_per_s"]
            extract = by[(size, 2)]["extract_docs_per_s"] / by[(size, 1)]["extract_docs_per_s"]
            summary[f"speedup_j2_{size}"] = round(speedup, 2)
            summary[f"speedup_j2_extraction_{size}"] = round(extract, 2)
            lines.append(f"\n-j 2 / -j 1 at {size} docs: {speedup:.2f}× overall, {extract:.2f}× for the extraction")
    if len(ns.sizes) > 1:
        small, big = min(ns.sizes), max(ns.sizes)
        for jobs in ns.jobs:
            if (small, jobs) in by and (big, jobs) in by:
                ratio = by[(big, jobs)]["peak_worker_rss_mb"] / max(by[(small, jobs)]["peak_worker_rss_mb"], 1e-9)
                summary[f"memory_ratio_j{jobs}"] = round(ratio, 3)
                lines.append(f"peak worker memory at {big} vs {small} docs, -j {jobs}: {ratio:.3f}×")
    (results / "batch.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    (results / "batch.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    if not ns.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
