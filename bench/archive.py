"""A real archive, all of it, against the code of a git ref (`make bench-archive`, or
`python bench/archive.py --ref 9dcde4d`).

Runs the batch engine (`run_batch`, what `mtcl extract ARCHIVE -o OUT -j 2` runs, at its defaults) on the whole of
an archive (default ../shared/archive) twice in one command: first with the code of `--ref` (exported with
`git archive` into a temporary folder and run by this venv's Python with that folder first on its path), then with
this checkout's code; each in a fresh process, at `nice`. For each it reports:

- files/s and pages/s over the wall time of the run (final tables included);
- pages split into text pages and OCR'd pages (which pages a PDF's reader OCRs is the same rule in both: it is
  read once, from this checkout, by `extract.readers.pdf.page_kinds`), and their pages/s per worker: the pages
  of the PDFs read without OCR over those files' seconds, the OCR'd pages over the seconds of the PDFs with any;
- the time per format (a file's seconds as the catalog records them, failures included, by the format its bytes
  say), failures by error class;
- the peak memory of a worker, alone and with the processes it started (LibreOffice), sampled every 0.5 s;
- the CPU other programs took meanwhile (a shared machine: a run with other load is slower than it should be).

The two runs' JSON outputs are compared decision by decision (same doc_id: equal or not, path aside) and the list
of differences written beside the results. Results go to bench/results/archive.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import _machine_busy, finish  # noqa: E402

# run in the code under test (its own mtcl on the path): the batch at its defaults, the stats as JSON on stdout
DRIVER = """
import json, sys, time
from pathlib import Path
from mtcl.batch import run_batch
started = time.monotonic()
stats = run_batch([Path(sys.argv[1])], Path(sys.argv[2]), jobs=int(sys.argv[3]), progress=False)
print(json.dumps({"seconds": time.monotonic() - started, "done": stats.done, "failed": stats.failed,
                  "extract_seconds": stats.extract_seconds, "finalize_seconds": stats.finalize_seconds}))
"""


def _children_cpu() -> float:
    """CPU seconds of this process's children that have ended (and of their own children they waited for)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class MemorySampler(threading.Thread):
    """Peak RSS of each worker (a child of the run's process) alone and with all its descendants."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.alone: dict[int, int] = defaultdict(int)
        self.tree: dict[int, int] = defaultdict(int)
        self.stopped = threading.Event()

    def run(self) -> None:
        import psutil

        def rss(p: psutil.Process) -> int:
            try:
                return p.memory_info().rss
            except psutil.Error:
                return 0

        while not self.stopped.wait(0.5):
            try:
                workers = psutil.Process(self.pid).children()
            except psutil.Error:
                continue
            for w in workers:
                try:
                    below = w.children(recursive=True)
                except psutil.Error:
                    continue
                self.alone[w.pid] = max(self.alone[w.pid], rss(w))
                self.tree[w.pid] = max(self.tree[w.pid], rss(w) + sum(rss(q) for q in below))


def run_side(code: Path, archive: Path, out: Path, jobs: int) -> dict[str, Any]:
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, PYTHONPATH=str(code))
    env.pop("OMP_THREAD_LIMIT", None)  # each side sets what it sets
    busy, cpu = _machine_busy(), _children_cpu()
    started = time.monotonic()
    proc = subprocess.Popen(["nice", "-n", "5", sys.executable, "-c", DRIVER, str(archive), str(out), str(jobs)],
                            cwd=code, env=env, stdout=subprocess.PIPE, text=True)
    sampler = MemorySampler(proc.pid)
    sampler.start()
    stdout, _ = proc.communicate()
    sampler.stopped.set()
    wall = time.monotonic() - started
    after = _machine_busy()
    if proc.returncode != 0:
        raise SystemExit(f"the run of {code} failed (exit {proc.returncode})")
    stats = json.loads(stdout.strip().splitlines()[-1])
    own = _children_cpu() - cpu
    stats["other_load"] = round(max(0.0, (after or 0) - (busy or 0) - own) / wall, 2) if busy is not None else None
    stats["peak_worker_mb"] = round(max(sampler.alone.values() or [0]) / 2**20)
    stats["peak_worker_with_children_mb"] = round(max(sampler.tree.values() or [0]) / 2**20)
    return stats


def _format(path: str) -> str:
    from mtcl.pipeline import FileError, detect_format

    try:
        with open(path, "rb") as fh:
            return detect_format(Path(path), fh.read(2048))
    except (FileError, OSError):
        return Path(path).suffix.lower().lstrip(".") or "?"


def summarize(out: Path, stats: dict[str, Any], kinds: dict[str, list[str]]) -> dict[str, Any]:
    db = sqlite3.connect(out / "catalog.sqlite")
    rows = db.execute("select path, status, pages, seconds, error_class from files").fetchall()
    db.close()
    files = len(rows)
    per_format: dict[str, list[float]] = defaultdict(list)
    failures: Counter[str] = Counter()
    text_pages = ocr_pages = 0
    text_seconds = ocr_seconds = 0.0
    pages = 0
    for path, status, n, seconds, error_class in rows:
        fmt = _format(path)
        per_format[fmt].append(seconds or 0.0)
        if status != "done":
            failures[error_class] += 1
            continue
        pages += n or 1
        if fmt == "pdf":
            k = kinds.get(path, [])
            ocr = k.count("ocr")
            if ocr:
                ocr_pages += ocr
                ocr_seconds += seconds or 0.0
            else:
                text_pages += len(k)
                text_seconds += seconds or 0.0
    wall = stats["seconds"]
    return {
        **stats,
        "files": files,
        "files_per_s": round(files / wall, 3),
        "pages": pages,
        "pages_per_s": round(pages / wall, 2),
        "text_pdf_pages": text_pages,
        "text_pages_per_worker_s": round(text_pages / text_seconds, 2) if text_seconds else None,
        "ocr_pages": ocr_pages,
        "ocr_pages_per_worker_s": round(ocr_pages / ocr_seconds, 3) if ocr_seconds else None,
        "seconds_per_file": {f: round(sum(v) / len(v), 2) for f, v in sorted(per_format.items())},
        "files_by_format": {f: len(v) for f, v in sorted(per_format.items())},
        "failures": dict(failures),
    }


def compare_outputs(a: Path, b: Path) -> tuple[int, list[str], list[str]]:
    """(decisions equal, those that differ, those only one side has), by doc_id, the input path aside."""
    def load(p: Path) -> dict[str, Any]:
        data = json.loads(p.read_text(encoding="utf-8"))
        data["source"]["path"] = None
        return data

    same, differ, alone = 0, [], []
    names = {p.name for p in (a / "json").glob("*.json")} | {p.name for p in (b / "json").glob("*.json")}
    for name in sorted(names):
        pa, pb = a / "json" / name, b / "json" / name
        if not (pa.exists() and pb.exists()):
            alone.append(json.loads((pa if pa.exists() else pb).read_text(encoding="utf-8"))["source"]["path"])
        elif load(pa) == load(pb):
            same += 1
        else:
            differ.append(json.loads(pb.read_text(encoding="utf-8"))["source"]["path"])
    return same, differ, alone


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--archive", type=Path, default=ROOT.parent / "shared" / "archive")
    parser.add_argument("--ref", default="9dcde4d", help="the code to compare with (a git ref; '' for none)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="keep the two outputs (and the ref's code) in this folder")
    ns = parser.parse_args(argv)
    archive = ns.archive.resolve()
    work = ns.keep or Path(tempfile.mkdtemp(prefix="mtcl-bench-archive-"))
    work.mkdir(parents=True, exist_ok=True)
    from extract.readers.pdf import page_kinds
    from mtcl.batch import iter_inputs

    kinds = {}
    for f in iter_inputs([archive]):
        if _format(f) == "pdf":
            try:
                kinds[f] = page_kinds(Path(f).read_bytes())
            except Exception:
                kinds[f] = []
    sides: dict[str, dict[str, Any]] = {}
    outs: dict[str, Path] = {}
    if ns.ref:
        code = work / "ref"
        shutil.rmtree(code, ignore_errors=True)
        code.mkdir()
        tar = subprocess.run(["git", "-C", str(ROOT), "archive", ns.ref], check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(code)], input=tar, check=True)
        outs[ns.ref] = work / "out_ref"
        print(f"running {ns.ref} …", file=sys.stderr, flush=True)
        sides[ns.ref] = summarize(outs[ns.ref], run_side(code, archive, outs[ns.ref], ns.jobs), kinds)
        print(json.dumps(sides[ns.ref]), file=sys.stderr, flush=True)
    here = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                          text=True).stdout.strip() or "this checkout"
    name = f"{here} (this checkout)"
    outs[name] = work / "out_new"
    print(f"running {name} …", file=sys.stderr, flush=True)
    sides[name] = summarize(outs[name], run_side(ROOT, archive, outs[name], ns.jobs), kinds)
    print(json.dumps(sides[name]), file=sys.stderr, flush=True)

    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    summary: dict[str, Any] = {"archive": archive.name, "jobs": ns.jobs, "runs": sides}
    names = list(sides)
    formats = sorted({f for s in sides.values() for f in s["files_by_format"]})
    lines = [f"| | {' | '.join(names)} |", "|---|" + "---|" * len(names)]

    def row(label: str, get: Any) -> None:
        lines.append(f"| {label} | " + " | ".join(str(get(sides[n])) for n in names) + " |")

    row("files (done / failed)", lambda s: f"{s['files']} ({s['done']} / {s['failed']})")
    row("wall seconds (final tables)", lambda s: f"{s['seconds']:.0f} ({s['finalize_seconds']:.0f})")
    row("**files/s**", lambda s: f"**{s['files_per_s']}**")
    row("pages/s (all pages, wall)", lambda s: s["pages_per_s"])
    row("text-PDF pages / pages per worker-second", lambda s: f"{s['text_pdf_pages']} / {s['text_pages_per_worker_s']}")
    row("OCR'd pages / pages per worker-second", lambda s: f"{s['ocr_pages']} / {s['ocr_pages_per_worker_s']}")
    for f in formats:
        row(f"s per {f} file ({sides[names[-1]]['files_by_format'].get(f, 0)} files)",
            lambda s, f=f: s["seconds_per_file"].get(f, "–"))
    row("failures by class", lambda s: ", ".join(f"{k} {v}" for k, v in sorted(s["failures"].items())) or "none")
    row("peak worker RSS MB (with its LibreOffice)",
        lambda s: f"{s['peak_worker_mb']} ({s['peak_worker_with_children_mb']})")
    row("other programs' load (cores)", lambda s: s["other_load"])
    if len(names) == 2:
        ratio = sides[names[1]]["files_per_s"] / sides[names[0]]["files_per_s"]
        summary["files_per_s_ratio"] = round(ratio, 2)
        lines.append(f"\nfiles/s: {ratio:.2f}× the code of {names[0]}")
        same, differ, alone = compare_outputs(outs[names[0]], outs[names[1]])
        summary["outputs"] = {"equal": same, "different": differ, "one_side_only": alone}
        lines.append(f"decisions equal in both runs: {same}; different: {len(differ)}; in one run only: {len(alone)} "
                     "(listed in archive.json)")
    finish(results, "archive", summary, lines, None if ns.keep else work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
