"""Benchmark of archive-scale extraction (`make bench`, or `python bench/run.py --sizes 1000 10000`).

Builds a synthetic archive by recombining the corpus decisions under other localities, years and formats (the
place name and every year are replaced, in the text or in the sample's Word file, so each file is a new decision
with new bytes; by default half text, 30% DOCX and 20% PDF rendered from such a DOCX by LibreOffice), then runs
the real batch engine with -j 1 and -j 2 and reports docs/s, pages/s, the phases (scan, extraction, final tables),
the CPU the main process needs while the workers run, and the peak memory of a worker and of the main process.
Each configuration runs in a fresh process. Results go to bench/results/ as JSON and Markdown.
"""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing as mp
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mtcl.batch import run_batch  # noqa: E402
from mtcl.metadata import metadata_lookup  # noqa: E402

# place names as Vietnamese ones are made (two syllables): 24 × 24 of them
FIRST = ["Tân", "Bình", "Long", "Phú", "An", "Đông", "Sơn", "Vĩnh", "Hòa", "Tam", "Bảo", "Gia", "Ninh", "Cam",
         "Châu", "Thủ", "Mỹ", "Thạnh", "Hưng", "Phước", "Thuận", "Quảng", "Hiệp", "Đức"]
SECOND = ["Phú", "Minh", "Hải", "Mỹ", "Khê", "Hà", "Tây", "Yên", "Bình", "Kỳ", "Lộc", "Nghĩa", "Hòa", "Ranh",
          "Đéc", "Đốc", "Cát", "Đức", "Thành", "Lợi", "Thắng", "Xuân", "Trung", "Sơn"]
PLACES = [f"{a} {b}" for a in FIRST for b in SECOND if a != b]
LEVELS = ["phuong", "xa", "thi_xa", "huyen", "thanh_pho", "thi_tran"]
# the folders are level/locality/year, as a province files its archive; the run reads them as metadata
PATH_TEMPLATE = "{level}/{locality}/{year}/*"


def _sample_facts() -> dict[str, dict[str, str | int | None]]:
    """Each sample's own place name, level and year, read from its gold file (never hard-coded)."""
    out = {}
    for gold in (ROOT / "tests" / "gold").glob("*.json"):
        data = json.loads(gold.read_text(encoding="utf-8"))
        issuer = data.get("issuer", {})
        out[gold.stem] = {"locality": issuer.get("locality"), "level": issuer.get("level"), "year": data.get("year")}
    return out


FORMATS = "txt=0.5,docx=0.3,pdf=0.2"
_WORD_TEXT = re.compile(r"(<w:t(?:\s[^>]*)?>)([^<]*)(</w:t>)")


def _formats(spec: str) -> list[tuple[str, float]]:
    """'txt=0.5,docx=0.3,pdf=0.2' → the formats and their shares of the archive."""
    out = []
    for part in spec.split(","):
        name, _, share = part.partition("=")
        if name not in ("txt", "docx", "pdf"):
            raise SystemExit(f"unknown format {name!r} in --formats (txt, docx, pdf)")
        out.append((name, float(share or 1)))
    return out


def _retext_docx(template: bytes, change: Callable[[str], str]) -> bytes:
    """The corpus DOCX of a sample with `change` applied to the text of every run: a new decision in Word form
    (the fixture DOCX keeps each paragraph in one run, so a place name is never split across runs)."""
    src = zipfile.ZipFile(io.BytesIO(template))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                xml = data.decode("utf-8")
                xml = _WORD_TEXT.sub(lambda m: m.group(1) + change(m.group(2)) + m.group(3), xml)
                data = xml.encode("utf-8")
            dst.writestr(item, data)
    return buf.getvalue()


def _render_pdfs(pending: list[tuple[Path, Path]], staging: Path) -> None:
    """DOCX → PDF with LibreOffice, many files per start (a start costs seconds, a file a tenth of one)."""
    if shutil.which("soffice") is None:
        raise SystemExit("the PDF share of the archive needs LibreOffice (soffice); run `make sysdeps`, "
                         "or leave pdf out of --formats")
    profile = staging / "profile"
    for start in range(0, len(pending), 200):
        chunk = pending[start:start + 200]
        outdir = staging / "pdf"
        outdir.mkdir(exist_ok=True)
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(outdir), *[str(d) for d, _ in chunk]],
                       check=True, capture_output=True, timeout=1800)
        for docx, dest in chunk:
            shutil.move(outdir / f"{docx.stem}.pdf", dest)
            docx.unlink()


def build_archive(dest: Path, count: int, seed: int = 7, formats: str = FORMATS) -> dict[str, int]:
    """`count` decisions in folders by level, place and year, in the formats of `formats` (each file a new
    decision: the sample's place name and years changed, in the text and in its Word and PDF renderings)."""
    rng = random.Random(seed)
    samples = sorted((ROOT / "corpus").glob("*.txt"))
    facts = _sample_facts()
    texts = {s.stem: s.read_text(encoding="utf-8") for s in samples}
    docx = {s.stem: (ROOT / "corpus" / f"{s.stem}.docx").read_bytes() for s in samples}
    mix = _formats(formats)
    names, weights = [n for n, _ in mix], [w for _, w in mix]
    made = dict.fromkeys(names, 0)
    pending: list[tuple[Path, Path]] = []
    staging = dest.parent / f".{dest.name}.staging"
    staging.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        stem = samples[i % len(samples)].stem
        place = rng.choice(PLACES)
        shift = rng.randrange(-4, 5)  # every year of the text moves together: the plan stays consistent
        own = facts.get(stem, {})

        def change(text: str, old: object = own.get("locality"), place: str = place, shift: int = shift) -> str:
            if isinstance(old, str):
                # in the case of the match: "THỊ XÃ PHƯỚC LONG" → "THỊ XÃ TÂN PHÚ", as a clerk types it
                text = re.sub(re.escape(old), lambda m: place.upper() if m.group(0).isupper() else place, text,
                              flags=re.I)
            return re.sub(r"\b20[12]\d\b", lambda m: str(int(m.group(0)) + shift), text)

        year = int(own.get("year") or 2022) + shift
        level = str(own.get("level") or rng.choice(LEVELS))
        folder = dest / level / place / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        fmt = rng.choices(names, weights)[0]
        made[fmt] += 1
        name = f"{stem}_{i:05d}"
        if fmt == "txt":
            (folder / f"{name}.txt").write_text(change(texts[stem]), encoding="utf-8")
        elif fmt == "docx":
            (folder / f"{name}.docx").write_bytes(_retext_docx(docx[stem], change))
        else:
            staged = staging / f"{name}.docx"
            staged.write_bytes(_retext_docx(docx[stem], change))
            pending.append((staged, folder / f"{name}.pdf"))
    _render_pdfs(pending, staging)
    shutil.rmtree(staging, ignore_errors=True)
    return made


def _measure(archive: Path, jobs: int, work: Path, queue: mp.Queue) -> None:  # type: ignore[type-arg]
    import resource

    out = work / f"out_j{jobs}"
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    stats = run_batch([archive], out, jobs=jobs, progress=False,
                      metadata_for=metadata_lookup(None, PATH_TEMPLATE, [archive]))
    seconds = time.perf_counter() - started
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the workers, joined by the end of the run
    me = resource.getrusage(resource.RUSAGE_SELF)
    queue.put({
        "own_cpu_seconds": me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime,
        "jobs": jobs,
        "docs": stats.done,
        "failed": stats.failed,
        "pages": stats.pages,
        "seconds": round(seconds, 2),
        "docs_per_s": round(stats.done / seconds, 2),
        "pages_per_s": round(stats.pages / seconds, 2),
        "scan_seconds": round(stats.scan_seconds, 2),
        "extract_seconds": round(stats.extract_seconds, 2),
        "extract_docs_per_s": round(stats.done / max(stats.extract_seconds, 1e-9), 2),
        "finalize_seconds": round(stats.finalize_seconds, 2),
        # CPU of this (the main) process while the workers ran, as a share of one core
        "main_cpu_share_extract": round(stats.main_cpu_extract / max(stats.extract_seconds, 1e-9), 3),
        "workers_cpu_seconds": round(children.ru_utime + children.ru_stime, 2),
        "peak_worker_rss_mb": round(max(stats.worker_maxrss_kb or [0]) / 1024, 1),
        "peak_main_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    })


def finish(results: Path, name: str, summary: dict[str, object], lines: list[str], scratch: Path | None) -> None:
    """A benchmark's end: its figures as `name`.json and its table as `name`.md in `results`, the table printed,
    and its scratch folder (None: kept) removed."""
    (results / f"{name}.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (results / f"{name}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    if scratch is not None:
        shutil.rmtree(scratch, ignore_errors=True)


def _machine_busy() -> float | None:
    """CPU seconds the whole machine has been busy since boot (all cores), from /proc/stat; None elsewhere."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def measure(archive: Path, jobs: int, work: Path) -> dict[str, float]:
    """One configuration in a fresh process: workers are forked from it, and a forked worker's peak RSS counts
    the pages it shares with its parent, so a parent grown by earlier runs would inflate later figures.
    `other_load` is the CPU that other programs on the machine took meanwhile, in cores (0 on a quiet machine):
    a run with other load is not a clean measurement."""
    ctx = mp.get_context("spawn")
    queue: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
    busy = _machine_busy()
    started = time.perf_counter()
    proc = ctx.Process(target=_measure, args=(archive, jobs, work, queue))
    proc.start()
    row = queue.get()
    proc.join()
    wall = time.perf_counter() - started
    after = _machine_busy()
    own = row.pop("own_cpu_seconds")
    if busy is not None and after is not None:
        row["other_load"] = round(max(0.0, after - busy - own) / wall, 3)
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--formats", default=FORMATS,
                        help=f"shares of the archive's formats (default {FORMATS}); scans are measured by "
                             "bench/formats.py, not here (OCR costs seconds a page and would be all one measured)")
    parser.add_argument("--keep", type=Path, help="keep the archives and outputs in this folder")
    parser.add_argument("--retries", type=int, default=2,
                        help="run a configuration again (up to this many times) when other programs took more "
                             "than 0.05 cores meanwhile; the run with the least other load is kept")
    ns = parser.parse_args()
    work = ns.keep or Path(tempfile.mkdtemp(prefix="mtcl-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    made_by_size: dict[int, dict[str, int]] = {}
    for size in ns.sizes:
        archive = work / f"archive_{size}_{re.sub(r'[^a-z0-9.]+', '_', ns.formats)}"
        if not archive.exists():
            made_by_size[size] = made = build_archive(archive, size, formats=ns.formats)
            print(f"archive of {size}: " + ", ".join(f"{n} {k}" for k, n in made.items()), file=sys.stderr)
        for jobs in ns.jobs:
            row = {"size": size, **measure(archive, jobs, work / f"run_{size}")}
            for _ in range(ns.retries):
                if row.get("other_load", 0.0) <= 0.05:
                    break
                print(f"other load {row['other_load']} cores: running it again", file=sys.stderr, flush=True)
                again = {"size": size, **measure(archive, jobs, work / f"run_{size}")}
                row = min(row, again, key=lambda r: r.get("other_load", 0.0))
            rows.append(row)
            print(json.dumps(row), flush=True)
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    summary = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                           "platform": platform.platform()},
               "formats": ns.formats, "files_by_format": made_by_size, "runs": rows}
    by = {(r["size"], r["jobs"]): r for r in rows}
    lines = ["| docs | -j | seconds (all) | docs/s (all) | pages/s (all) | docs/s (extraction only) | "
             "scan s | finalize s | main CPU while extracting (cores) | workers CPU s | "
             "peak worker RSS MB | peak main-process RSS MB | other load (cores) |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    lines += [f"| {r['size']} | {r['jobs']} | {r['seconds']} | {r['docs_per_s']} | {r['pages_per_s']} | "
              f"{r['extract_docs_per_s']} | {r['scan_seconds']} | {r['finalize_seconds']} | "
              f"{r['main_cpu_share_extract']} | {r['workers_cpu_seconds']} | {r['peak_worker_rss_mb']} | "
              f"{r['peak_main_rss_mb']} | {r.get('other_load', '')} |" for r in rows]
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
                for key, what in (("peak_worker_rss_mb", "worker"), ("peak_main_rss_mb", "main-process")):
                    ratio = by[(big, jobs)][key] / max(by[(small, jobs)][key], 1e-9)
                    summary[f"{what.split('-')[0]}_memory_ratio_j{jobs}"] = round(ratio, 3)
                    lines.append(f"peak {what} memory at {big} vs {small} docs, -j {jobs}: {ratio:.3f}×")
    finish(results, "batch", summary, lines, None if ns.keep else work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
