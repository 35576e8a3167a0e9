"""Archive-scale extraction: a pool of long-lived worker processes, one file at a time each, with a per-file
timeout and memory cap so that one hanging or exploding parser costs only its own file; a catalog for resume;
final outputs rebuilt from the catalog so that a resumed run ends byte-identical to an uninterrupted one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing as mp
import os
import resource
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from mtcl.catalog import Catalog
from mtcl.metadata import Metadata, apply_metadata
from normalize.writers import atomic_write, write_errors, write_tables
from schemas.models import Decision

DEFAULT_TIMEOUT = 120.0
DEFAULT_MEMORY_MB = 2048


def display_name(path: str) -> str:
    """A printable, JSON-safe name: bytes that are not UTF-8 are shown as \\xNN escapes."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def iter_inputs(paths: Sequence[Path]) -> Iterator[str]:
    for p in paths:
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield os.path.join(root, name)
        else:
            yield str(p)


def sha256_of(path: str) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


# --- the worker side -------------------------------------------------------------------------------------


def run_one(path: str, shown: str, with_text: bool, meta: dict[str, Any] | None) -> dict[str, Any]:
    """Extract one file; never raises. Used by the local workers and by Dask tasks alike."""
    from mtcl.pipeline import FileError, process_file

    started = time.perf_counter()
    try:
        result = process_file(Path(path), display_path=shown, with_text=with_text)
        decision = result.decision
        if meta:
            decision = apply_metadata(decision, Metadata(**meta))
        out: dict[str, Any] = {"ok": True, "json": decision.model_dump_json(indent=2) + "\n",
                               "doc_id": decision.doc_id, "doc_type": decision.doc_type.value,
                               "warnings": len(decision.warnings), "pages": decision.source.pages or 1}
    except FileError as exc:
        out = {"ok": False, "stage": exc.stage, "error_class": exc.error_class, "message": str(exc)}
    except MemoryError:
        out = {"ok": False, "stage": "extract", "error_class": "MemoryError",
               "message": "the file needed more memory than the per-file cap"}
    except RecursionError:
        out = {"ok": False, "stage": "extract", "error_class": "RecursionError", "message": "structure too deep"}
    except Exception as exc:
        out = {"ok": False, "stage": "extract", "error_class": type(exc).__name__,
               "message": str(exc) or type(exc).__name__}
    out["seconds"] = time.perf_counter() - started
    out["maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return out


def _mapped_bytes() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


TaskFn = Callable[[str, str, bool, "dict[str, Any] | None"], "dict[str, Any]"]


def _worker(conn: Connection, memory_mb: int, with_text: bool, func: TaskFn) -> None:
    if memory_mb:
        # the cap is on top of what the forked worker already maps (libraries, models), which varies
        limit = _mapped_bytes() + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        path, shown, meta = task
        conn.send(func(path, shown, with_text, meta))


@dataclass
class _Slot:
    process: mp.Process
    conn: Connection
    task: tuple[str, str, dict[str, Any] | None] | None = None
    deadline: float = 0.0


@dataclass
class RunStats:
    total: int = 0
    done: int = 0
    skipped: int = 0
    failed: int = 0
    warnings: int = 0
    pages: int = 0
    seconds: float = 0.0
    extract_seconds: float = 0.0  # the parallel part: files through the workers, without the final tables
    worker_maxrss_kb: list[int] = field(default_factory=list)


class LocalPool:
    """N worker processes; a task that overruns its time is killed with its worker, which is replaced."""

    def __init__(self, jobs: int, timeout: float, memory_mb: int, with_text: bool, func: TaskFn = run_one) -> None:
        self.ctx = mp.get_context("fork")
        self.timeout, self.memory_mb, self.with_text, self.func = timeout, memory_mb, with_text, func
        self.slots = [self._spawn() for _ in range(max(1, jobs))]

    def _spawn(self) -> _Slot:
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=_worker, args=(child, self.memory_mb, self.with_text, self.func), daemon=True)
        proc.start()
        child.close()
        return _Slot(proc, parent)

    def _replace(self, slot: _Slot) -> None:
        slot.process.kill()
        slot.process.join(5)
        fresh = self._spawn()
        slot.process, slot.conn, slot.task = fresh.process, fresh.conn, None

    def run(self, tasks: list[tuple[str, str, dict[str, Any] | None]],
            on_result: Callable[[str, str, dict[str, Any]], None]) -> None:
        pending = list(reversed(tasks))
        while pending or any(s.task for s in self.slots):
            for slot in self.slots:
                if slot.task is None and pending:
                    slot.task = pending.pop()
                    slot.deadline = time.monotonic() + self.timeout
                    try:
                        slot.conn.send(slot.task)
                    except (BrokenPipeError, OSError):
                        task = slot.task
                        self._replace(slot)
                        pending.append(task)
            busy = [s for s in self.slots if s.task]
            ready = wait([s.conn for s in busy], timeout=0.2)
            for slot in busy:
                assert slot.task is not None
                path, shown, _ = slot.task
                if slot.conn in ready:
                    try:
                        result = slot.conn.recv()
                    except (EOFError, OSError):
                        code = slot.process.exitcode
                        result = {"ok": False, "stage": "extract", "error_class": "WorkerCrash",
                                  "message": f"the parser process died (exit code {code}); memory cap or crash",
                                  "seconds": 0.0, "maxrss_kb": 0}
                        self._replace(slot)
                        on_result(path, shown, result)
                        continue
                    slot.task = None
                    on_result(path, shown, result)
                elif time.monotonic() > slot.deadline:
                    self._replace(slot)
                    on_result(path, shown, {"ok": False, "stage": "extract", "error_class": "Timeout",
                                            "message": f"no result after {self.timeout:g} s; the file was skipped",
                                            "seconds": self.timeout, "maxrss_kb": 0})

    def close(self) -> None:
        for slot in self.slots:
            with contextlib.suppress(BrokenPipeError, OSError):
                slot.conn.send(None)
        for slot in self.slots:
            slot.process.join(5)
            if slot.process.is_alive():
                slot.process.kill()


class DaskPool:
    """The same tasks on a Dask distributed cluster; results come back to this process, which writes them."""

    def __init__(self, address: str, with_text: bool) -> None:
        from distributed import Client

        self.client = Client(address, timeout="30s")
        self.with_text = with_text

    def run(self, tasks: list[tuple[str, str, dict[str, Any] | None]],
            on_result: Callable[[str, str, dict[str, Any]], None]) -> None:
        from distributed import as_completed

        futures = {self.client.submit(run_one, path, shown, self.with_text, meta, pure=False): (path, shown)
                   for path, shown, meta in tasks}
        for fut in as_completed(futures):
            path, shown = futures[fut]
            try:
                result = fut.result()
            except Exception as exc:
                result = {"ok": False, "stage": "extract", "error_class": type(exc).__name__,
                          "message": str(exc), "seconds": 0.0, "maxrss_kb": 0}
            on_result(path, shown, result)

    def close(self) -> None:
        self.client.close()


class Progress:
    """tqdm on a terminal (files/s, ETA); a plain log line every few seconds otherwise."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.enabled = enabled
        self.total, self.count, self.failed = total, 0, 0
        self.start = self.last = time.monotonic()
        self.bar = None
        if enabled and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="file", file=sys.stderr, dynamic_ncols=True)

    def step(self, failed: bool) -> None:
        self.count += 1
        self.failed += failed
        if self.bar is not None:
            self.bar.update(1)
            self.bar.set_postfix(failed=self.failed)
            return
        now = time.monotonic()
        if self.enabled and (now - self.last >= 5 or self.count == self.total):
            rate = self.count / max(now - self.start, 1e-9)
            eta = (self.total - self.count) / rate if rate else 0.0
            print(f"{self.count}/{self.total} files, {rate:.1f} files/s, ETA {eta:.0f} s, failed {self.failed}",
                  file=sys.stderr, flush=True)
            self.last = now

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def run_batch(inputs: Sequence[Path], out: Path, *, jobs: int, timeout: float = DEFAULT_TIMEOUT,
              memory_mb: int = DEFAULT_MEMORY_MB, force: bool = False, with_text: bool = False,
              metadata_for: Callable[[str], Metadata | None] | None = None, cluster: str | None = None,
              progress: bool = True) -> RunStats:
    started = time.monotonic()
    _remove_stale_temp_files(out)
    # workers are forked first, from a lean parent: what the parent later holds for a big archive (file lists,
    # hashes) is not copied into every worker
    pool: LocalPool | DaskPool
    pool = DaskPool(cluster, with_text) if cluster else LocalPool(jobs, timeout, memory_mb, with_text)
    catalog = Catalog(out)
    stats = RunStats()
    files = list(iter_inputs(inputs))
    shown_names = {f: display_name(f) for f in files}
    catalog.forget_missing(set(shown_names.values()))
    tasks: list[tuple[str, str, dict[str, Any] | None]] = []
    hashes: dict[str, tuple[str, int]] = {}
    for f in files:
        shown = shown_names[f]
        try:
            if not os.path.isfile(f):
                raise OSError(0, "not a regular file" if os.path.exists(f) else "no such file (broken link?)")
            sha, size = sha256_of(f)
        except OSError as exc:
            catalog.record_failed(shown, "", 0, "open", type(exc).__name__,
                                  f"cannot read file: {exc.strerror or exc}", 0.0)
            stats.failed += 1
            continue
        hashes[shown] = (sha, size)
        entry = catalog.lookup(shown)
        if (not force and entry is not None and entry.sha256 == sha and entry.status == "done"
                and entry.doc_id and (out / "json" / f"{entry.doc_id}.json").exists()):
            stats.skipped += 1
            continue
        meta = metadata_for(shown) if metadata_for else None
        tasks.append((f, shown, meta.__dict__ if meta else None))
    stats.total = len(files)
    bar = Progress(len(tasks), progress)

    def on_result(path: str, shown: str, result: dict[str, Any]) -> None:
        sha, size = hashes[shown]
        if result.get("maxrss_kb"):
            stats.worker_maxrss_kb.append(int(result["maxrss_kb"]))
        if result["ok"]:
            atomic_write(out / "json" / f"{result['doc_id']}.json", result["json"].encode("utf-8"))
            catalog.record_done(shown, sha, size, result["doc_id"], result["doc_type"], result["warnings"],
                                result["pages"], result["seconds"])
            stats.done += 1
            stats.warnings += result["warnings"]
            stats.pages += result["pages"]
        else:
            catalog.record_failed(shown, sha, size, result["stage"], result["error_class"], result["message"],
                                  result["seconds"])
            stats.failed += 1
        bar.step(not result["ok"])

    extract_started = time.monotonic()
    try:
        pool.run(tasks, on_result)
        stats.extract_seconds = time.monotonic() - extract_started
    finally:
        pool.close()
        bar.close()
    finalize(out, catalog)
    stats.seconds = time.monotonic() - started
    catalog.close()
    return stats


def _remove_stale_temp_files(out: Path) -> None:
    """A run killed mid-write leaves its temp file (never the real one): clear them before going on."""
    for sub in (out, out / "json", out / "csv", out / "parquet"):
        if sub.is_dir():
            for tmp in sub.glob("*.tmp"):
                tmp.unlink(missing_ok=True)


def finalize(out: Path, catalog: Catalog) -> None:
    """Rebuild every aggregate output from the catalog's finished files, in a stable order."""
    decisions: list[Decision] = []
    seen: set[str] = set()
    for _path, doc_id in catalog.done():
        if doc_id in seen:  # the same bytes under two names: one record
            continue
        seen.add(doc_id)
        decisions.append(Decision.model_validate_json((out / "json" / f"{doc_id}.json").read_text("utf-8")))
    write_tables(out, decisions)
    write_errors(out, catalog.failures())
    from normalize.duplicates import write_duplicates

    write_duplicates(out, decisions, catalog.done())
    try:
        from normalize.compare import write_comparisons

        write_comparisons(out)
    except Exception as exc:
        print(f"error: comparison outputs not written: {type(exc).__name__}: {exc}", file=sys.stderr)
    atomic_write(out / "run.json", (json.dumps({"files": len(catalog.done()), "decisions": len(decisions),
                                                "failed": len(catalog.failures())}) + "\n").encode())
