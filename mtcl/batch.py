"""Archive-scale extraction: a pool of long-lived worker processes, one file at a time each, with a per-file
time budget and memory cap so that one hanging or exploding parser costs only its own file; a catalog for resume;
final outputs rebuilt from the catalog so that a resumed run ends byte-identical to an uninterrupted one.

A file's time budget grows with its work (`extract/work.py`): a base (`--timeout`), plus `PAGE_SECONDS` a page and
`OCR_PAGE_SECONDS` a page to OCR, as the worker reports them. A reader stops reading pages when the budget is spent
and keeps what it read (a `pages_not_read` warning lists the others); a worker still busy at `HARD_LIMIT` times its
budget is killed and the file recorded as a Timeout. Workers report pages as they read them (the progress display
shows them for a long file) and lend their idle cores to a worker that OCRs a long scan (pages in parallel).
"""

from __future__ import annotations

import contextlib
import fnmatch
import functools
import hashlib
import json
import multiprocessing as mp
import os
import resource
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from extract.work import Budget, Cores, Work, working
from mtcl.catalog import Catalog
from mtcl.metadata import Metadata, apply_metadata
from normalize.writers import atomic_write, csv_bytes, decision_json, text_path, write_errors, write_table_stream

DEFAULT_TIMEOUT = 120.0  # the base of a file's budget, seconds
PAGE_SECONDS = 2.0  # added to the budget for each page of a file
OCR_PAGE_SECONDS = 30.0  # and for each page to OCR (a page takes 1-3 s on one core; more on a loaded machine)
HARD_LIMIT = 1.25  # a worker still on a file at this many times its budget is killed (a hang in native code)
DEFAULT_MEMORY_MB = 2048


def budget_for(timeout: float) -> Budget:
    return Budget(base=timeout, per_page=PAGE_SECONDS, per_ocr_page=OCR_PAGE_SECONDS)


def display_name(path: str) -> str:
    """A printable, JSON-safe name: bytes that are not UTF-8 are shown as \\xNN escapes."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _matches(rel: str, patterns: Sequence[str]) -> bool:
    """A glob matches a file's path relative to the folder given, or its name; without regard to case."""
    rel = rel.replace(os.sep, "/").lower()
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatchcase(rel, p) or fnmatch.fnmatchcase(name, p) for p in (p.lower() for p in patterns))


def iter_inputs(paths: Sequence[Path], skip: Sequence[Path] = (), include: Sequence[str] = (),
                exclude: Sequence[str] = ()) -> Iterator[str]:
    """The files to read: files given, and the files in folders given (recursively, hidden ones left out, and
    the folders `skip`: the output folder, never read as input), kept by `include` (any, when given) and not
    `exclude` globs."""
    skipped = {os.path.realpath(s) for s in skip}
    for p in paths:
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                                 and os.path.realpath(os.path.join(root, d)) not in skipped)
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    path = os.path.join(root, name)
                    rel = os.path.relpath(path, p)
                    if (include and not _matches(rel, include)) or (exclude and _matches(rel, exclude)):
                        continue
                    yield path
        else:
            yield str(p)


def supported(path: str) -> bool:
    """Whether mtcl reads this type of file (from its first bytes; see `mtcl.pipeline.sniff_format`)."""
    from mtcl.pipeline import HEAD_BYTES, sniff_format

    with open(path, "rb") as fh:
        return sniff_format(Path(path), fh.read(HEAD_BYTES)) is not None


def sha256_of(path: str) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


# --- the worker side -------------------------------------------------------------------------------------


def run_one(path: str, shown: str, with_text: bool, meta: dict[str, Any] | None,
            out: str | None = None) -> dict[str, Any]:
    """Extract one file; never raises. Used by the local workers and by Dask tasks alike.

    With `out`, the worker writes OUT/json/<doc_id>.json itself (atomically), and the decision's card
    OUT/cards/<doc_id>.card (what the final tables need of it, see normalize/compare.py), and returns only a
    summary and the card's small index entry: the main process, which every result passes through, has almost
    nothing to do per file. It also keeps the extracted plain text that the JSON's offsets point into,
    OUT/text/<doc_id>.txt (the report highlights each value there; `--with-text` puts it in the JSON too). Without
    `out`, the JSON text is returned."""
    from mtcl.pipeline import FileError, process_file

    started = time.perf_counter()
    try:
        result = process_file(Path(path), display_path=shown, with_text=with_text)
        decision = result.decision
        if meta:
            decision = apply_metadata(decision, Metadata(**meta))
        data = decision_json(decision)
        res: dict[str, Any] = {"ok": True, "doc_id": decision.doc_id, "doc_type": decision.doc_type.value,
                               "warnings": len(decision.warnings), "pages": decision.source.pages or 1}
        if out is None:
            res["json"] = data.decode("utf-8")
        else:
            from normalize.compare import decision_card, stamp_of, write_card

            card = decision_card(decision)  # made first: a failure writes nothing

            def put_card(st: os.stat_result) -> None:  # before the JSON's rename, stamped with that JSON file
                write_card(Path(out), card, stamp_of(st))

            # the text first: a JSON file in OUT means its decision is complete (a resume skips it)
            atomic_write(text_path(Path(out), decision.doc_id), result.document.text.encode("utf-8", "surrogatepass"))
            st = atomic_write(Path(out) / "json" / f"{decision.doc_id}.json", data, before_rename=put_card)
            res["card"] = (stamp_of(st), card.key)
    except FileError as exc:
        res = {"ok": False, "stage": exc.stage, "error_class": exc.error_class, "message": str(exc)}
    except MemoryError:
        res = {"ok": False, "stage": "extract", "error_class": "MemoryError",
               "message": "the file needed more memory than the per-file cap"}
    except RecursionError:
        res = {"ok": False, "stage": "extract", "error_class": "RecursionError", "message": "structure too deep"}
    except Exception as exc:
        res = {"ok": False, "stage": "extract", "error_class": type(exc).__name__,
               "message": str(exc) or type(exc).__name__}
    res["seconds"] = time.perf_counter() - started
    res["maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return res


def _mapped_bytes() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


TaskFn = Callable[[str, str, bool, "dict[str, Any] | None"], "dict[str, Any]"]


class PoolCores(Cores):
    """The pool's cores, counted in an array shared by its workers: a worker's entry is 1 while it works on a
    file, plus the cores it borrowed. Each worker writes only its own entry (threads of one worker under a
    lock); a sum read while another worker changes its entry is at most one page out of date."""

    def __init__(self, usage: Any, slot: int) -> None:
        import threading

        self.usage, self.slot = usage, slot
        self._lock = threading.Lock()

    def busy(self) -> int:
        return sum(self.usage)

    def claim(self) -> bool:
        with self._lock:
            if self.busy() >= len(self.usage):
                return False
            self.usage[self.slot] += 1
            return True

    def release(self) -> None:
        with self._lock:
            self.usage[self.slot] = max(1, self.usage[self.slot] - 1)

    def overbooked(self) -> bool:
        return self.busy() > len(self.usage)


def _worker(conn: Connection, memory_mb: int, with_text: bool, func: TaskFn, budget: Budget | None = None,
            usage: Any = None, slot: int = 0) -> None:
    # one Tesseract thread per recognizer (set before the library loads; see extract/readers/tesseract.py)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    if memory_mb:
        # the cap is on top of what the forked worker already maps (libraries, models), which varies
        limit = _mapped_bytes() + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    cores = PoolCores(usage, slot) if usage is not None else Cores()

    def report(info: dict[str, Any]) -> None:
        with contextlib.suppress(BrokenPipeError, OSError):
            conn.send(("progress", info))

    try:
        while True:
            try:
                task = conn.recv()
            except EOFError:
                return
            if task is None:
                return
            path, shown, meta = task
            if usage is not None:
                usage[slot] = 1
            try:
                with working(Work(budget, report=report, cores=cores)):
                    result = func(path, shown, with_text, meta)
            finally:
                if usage is not None:
                    usage[slot] = 0
            conn.send(result)
    finally:
        office = sys.modules.get("extract.readers.office")
        if office is not None:
            office.close()


Task = tuple[str, str, "dict[str, Any] | None"]


@dataclass
class _Slot:
    process: mp.Process
    conn: Connection
    # tasks sent to the worker, in order: the first is being worked on (its deadline below), the next one is
    # already waiting in the pipe, so the worker never waits for this process between two files
    queue: deque[Task] = field(default_factory=deque)
    started: float = 0.0  # when the first task started
    budget: float = 0.0  # its budget so far, seconds
    deadline: float = 0.0  # when its worker is killed

    def begin(self, budget: float) -> None:
        self.started = time.monotonic()
        self.extend(budget)

    def extend(self, budget: float) -> None:
        self.budget = budget
        self.deadline = self.started + HARD_LIMIT * budget


@dataclass
class RunStats:
    total: int = 0
    done: int = 0
    skipped: int = 0  # unchanged since an earlier run
    unsupported: int = 0  # files of a type mtcl does not read: skipped, listed in OUT/skipped.csv
    failed: int = 0
    warnings: int = 0  # of the files read in this run
    warnings_total: int = 0  # of every file OUT holds (those skipped as unchanged too)
    pages: int = 0
    seconds: float = 0.0
    scan_seconds: float = 0.0  # listing and hashing the inputs, before the first file goes to a worker
    extract_seconds: float = 0.0  # the parallel part: files through the workers, without the final tables
    finalize_seconds: float = 0.0  # the final tables (by this process; with -j above 1, the XLSX by a second one)
    main_cpu_extract: float = 0.0  # CPU seconds this process spent while the workers ran
    worker_maxrss_kb: list[int] = field(default_factory=list)


ProgressFn = Callable[[str, "dict[str, Any]"], None]


class LocalPool:
    """N worker processes; a task that overruns its time is killed with its worker, which is replaced."""

    DEPTH = 2  # tasks in flight per worker

    def __init__(self, jobs: int, timeout: float, memory_mb: int, with_text: bool, func: TaskFn = run_one,
                 budget: Budget | None = None) -> None:
        self.ctx = mp.get_context("fork")
        self.timeout, self.memory_mb, self.with_text, self.func = timeout, memory_mb, with_text, func
        self.budget = budget or Budget(base=timeout)
        self.usage = self.ctx.Array("i", max(1, jobs), lock=False)  # see PoolCores
        self.slots = [self._spawn(i) for i in range(max(1, jobs))]

    def _spawn(self, index: int) -> _Slot:
        parent, child = self.ctx.Pipe()
        self.usage[index] = 0
        proc = self.ctx.Process(target=_worker, args=(child, self.memory_mb, self.with_text, self.func, self.budget,
                                                      self.usage, index), daemon=True)
        proc.start()
        child.close()
        return _Slot(proc, parent)

    def _respawn(self, slot: _Slot) -> None:
        slot.process.kill()
        slot.process.join(5)
        fresh = self._spawn(self.slots.index(slot))
        slot.process, slot.conn, slot.queue = fresh.process, fresh.conn, deque()

    def _replace(self, slot: _Slot, pending: list[Task]) -> Task:
        """Kill the slot's worker and start a fresh one; returns the task it was on, and puts the tasks that
        waited behind it back in front of `pending` (they were not started)."""
        current = slot.queue.popleft()
        pending.extend(reversed(slot.queue))
        self._respawn(slot)
        return current

    def _feed(self, slot: _Slot, pending: list[Task], on_start: Callable[[str], None]) -> None:
        """Keep DEPTH tasks in the worker's pipe."""
        while len(slot.queue) < self.DEPTH and pending:
            task = pending.pop()
            if not slot.queue:
                slot.begin(self.budget.seconds())
                on_start(task[1])
            slot.queue.append(task)
            try:
                slot.conn.send(task)
            except (BrokenPipeError, OSError):
                pending.append(slot.queue.pop())  # not sent: it stays to do
                if slot.queue:  # the worker died on the file it was doing: `run` reports it (EOF on the pipe)
                    return
                self._respawn(slot)  # it died idle: a fresh one takes the task

    def run(self, tasks: list[Task], on_result: Callable[[str, str, dict[str, Any]], None],
            on_progress: ProgressFn | None = None, on_start: Callable[[str], None] = lambda shown: None) -> None:
        """`on_result(path, shown, result)` for every task; `on_progress(shown, info)` when a worker reports the pages
        of the file it reads; `on_start(shown)` when a worker starts on one."""
        pending = list(reversed(tasks))
        while pending or any(s.queue for s in self.slots):
            for slot in self.slots:
                self._feed(slot, pending, on_start)
            busy = [s for s in self.slots if s.queue]
            ready = wait([s.conn for s in busy], timeout=0.2)
            for slot in busy:
                if slot.conn in ready:
                    try:
                        message = slot.conn.recv()
                    except (EOFError, OSError):
                        code = slot.process.exitcode
                        path, shown, _ = self._replace(slot, pending)
                        on_result(path, shown, {
                            "ok": False, "stage": "extract", "error_class": "WorkerCrash",
                            "message": f"the parser process died (exit code {code}); memory cap or crash",
                            "seconds": 0.0, "maxrss_kb": 0})
                        continue
                    if isinstance(message, tuple):  # ("progress", {pages, done, ocr_pages, budget})
                        info = message[1]
                        if info.get("budget"):
                            slot.extend(float(info["budget"]))
                        if on_progress is not None:
                            on_progress(slot.queue[0][1], info)
                        continue
                    path, shown, _ = slot.queue.popleft()
                    if slot.queue:
                        slot.begin(self.budget.seconds())  # the next task starts now
                        on_start(slot.queue[0][1])
                    self._feed(slot, pending, on_start)  # top up at once; the bookkeeping comes after
                    on_result(path, shown, message)
                elif time.monotonic() > slot.deadline:
                    spent, budget = time.monotonic() - slot.started, slot.budget
                    path, shown, _ = self._replace(slot, pending)
                    on_result(path, shown, {"ok": False, "stage": "extract", "error_class": "Timeout",
                                            "message": f"no result after {spent:.0f} s (its budget: {budget:.0f} s); "
                                                       "the file was skipped",
                                            "seconds": spent, "maxrss_kb": 0})

    def close(self) -> None:
        for slot in self.slots:
            with contextlib.suppress(BrokenPipeError, OSError):
                slot.conn.send(None)
        for slot in self.slots:
            slot.process.join(20)  # a worker closes its office first
            if slot.process.is_alive():
                slot.process.kill()


class DaskPool:
    """The same tasks on a Dask distributed cluster (reading and writing the same shared storage); the
    summaries come back to this process, which records them."""

    def __init__(self, address: str, with_text: bool, out: str | None = None) -> None:
        from distributed import Client

        self.client = Client(address, timeout="30s")
        self.with_text, self.out = with_text, out

    def run(self, tasks: list[tuple[str, str, dict[str, Any] | None]],
            on_result: Callable[[str, str, dict[str, Any]], None], on_progress: ProgressFn | None = None,
            on_start: Callable[[str], None] = lambda shown: None) -> None:
        """As `LocalPool.run`; the cluster does not say when a task starts or what it has read: neither `on_progress`
        nor `on_start` is called."""
        from distributed import as_completed

        futures = {self.client.submit(run_one, path, shown, self.with_text, meta, self.out, pure=False):
                   (path, shown) for path, shown, meta in tasks}
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
    """tqdm on a terminal (files/s, ETA, the file being read); a plain log line every `EVERY` seconds otherwise. A
    file that has taken more than `LONG` seconds is shown with its pages read ("scan.pdf 12/60 pages")."""

    EVERY = 5.0

    LONG = 3.0

    def __init__(self, total: int, enabled: bool, stream: Any = None) -> None:
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.total, self.count, self.failed = total, 0, 0
        self.start = self.last = time.monotonic()
        self.reading = ""  # the file a worker started last
        self.running: dict[str, tuple[float, int, int]] = {}  # file → (first report, pages read, pages)
        self.shown = ""
        self.bar = None
        if enabled and self.stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="file", file=self.stream, dynamic_ncols=True)

    def started(self, shown: str) -> None:
        self.reading = shown
        if self.bar is not None:  # a log line waits for a file done or a long file's pages
            self._show()

    def pages(self, shown: str, info: dict[str, Any]) -> None:
        """A worker's report on the file it reads."""
        first = self.running.get(shown, (time.monotonic(), 0, 0))[0]
        self.running[shown] = (first, int(info.get("done", 0)), int(info.get("pages", 0)))
        self._show()

    def long_files(self) -> str:
        now = time.monotonic()
        parts = [f"{os.path.basename(name)} {done}/{pages} pages"
                 for name, (first, done, pages) in self.running.items() if pages and now - first >= self.LONG]
        return ", ".join(parts)

    def _reading(self) -> str:
        """The files that take long with their pages, else the file a worker started last."""
        if self.count == self.total:
            return ""  # all read
        long = self.long_files()
        if long:
            return long
        return self.reading if len(self.reading) <= 48 or self.bar is None else "…" + self.reading[-47:]

    def step(self, failed: bool, shown: str | None = None) -> None:
        self.count += 1
        self.failed += failed
        if shown is not None:
            self.running.pop(shown, None)
        if self.bar is not None:
            self.bar.update(1)
        self._show(final=self.count == self.total, last=shown or "")

    def _show(self, final: bool = False, last: str = "") -> None:
        if not self.enabled:
            return
        reading = self._reading()
        if self.bar is not None:
            parts = ([f"failed {self.failed}"] if self.failed else []) + ([f"reading {reading}"] if reading else [])
            postfix = ", ".join(parts)
            if postfix != self.shown:
                self.bar.set_postfix_str(postfix)
                self.shown = postfix
            return
        now = time.monotonic()
        if now - self.last >= self.EVERY or final:
            rate = self.count / max(now - self.start, 1e-9)
            eta = f"{(self.total - self.count) / rate:.0f} s" if rate else "?"
            line = f"{self.count}/{self.total} files, {rate:.2f} files/s, ETA {eta}, failed {self.failed}"
            # a cluster does not say when a file starts: the last one done stands in for it
            tail = f"; reading {reading}" if reading else (f"; last {last}" if last and not final else "")
            print(line + tail, file=self.stream, flush=True)
            self.last = now

    def note(self, message: str) -> None:
        """A line of its own (the bar, if any, is closed first)."""
        if self.enabled:
            self.close()
            print(message, file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


COMMIT_EVERY = (64, 0.5)  # catalog rows are committed per 64 results or every 0.5 s, whichever comes first


def run_batch(inputs: Sequence[Path], out: Path, *, jobs: int, timeout: float = DEFAULT_TIMEOUT,
              memory_mb: int = DEFAULT_MEMORY_MB, force: bool = False, with_text: bool = False,
              metadata_for: Callable[[str], Metadata | None] | None = None, cluster: str | None = None,
              progress: bool = True, include: Sequence[str] = (), exclude: Sequence[str] = ()) -> RunStats:
    started = time.monotonic()
    _remove_stale_temp_files(out)
    out_abs = str(out.resolve())  # the workers write their JSON there (a Dask worker runs elsewhere)
    # workers are forked first, from a lean parent: what the parent later holds for a big archive (file lists,
    # hashes) is not copied into every worker
    pool: LocalPool | DaskPool
    if cluster:
        pool = DaskPool(cluster, with_text, out_abs)
    else:
        pool = LocalPool(jobs, timeout, memory_mb, with_text, func=functools.partial(run_one, out=out_abs),
                         budget=budget_for(timeout))
    catalog = Catalog(out)
    stats = RunStats()
    tasks: list[tuple[str, str, dict[str, Any] | None]] = []
    hashes: dict[str, tuple[str, int]] = {}  # of the files to do
    present: set[str] = set()
    unsupported: list[str] = []
    for f in iter_inputs(inputs, skip=[out], include=include, exclude=exclude):
        shown = display_name(f)
        try:
            if not os.path.isfile(f):
                raise OSError(0, "not a regular file" if os.path.exists(f) else "no such file (broken link?)")
            if not supported(f):  # skipped, not failed: a photo in a folder of decisions is no error
                unsupported.append(shown)
                continue
            sha, size = sha256_of(f)
        except OSError as exc:
            present.add(shown)
            stats.total += 1
            catalog.record_failed(shown, "", 0, "open", type(exc).__name__,
                                  f"cannot read file: {exc.strerror or exc}", 0.0)
            stats.failed += 1
            continue
        present.add(shown)
        stats.total += 1
        entry = catalog.lookup(shown)
        if (not force and entry is not None and entry.sha256 == sha and entry.status == "done"
                and entry.doc_id and (out / "json" / f"{entry.doc_id}.json").exists()):
            stats.skipped += 1
            continue
        hashes[shown] = (sha, size)
        meta = metadata_for(shown) if metadata_for else None
        tasks.append((f, shown, meta.__dict__ if meta else None))
    catalog.forget_missing(present)
    del present
    catalog.commit()
    stats.unsupported = len(unsupported)
    if stats.skipped and progress:  # before the bar
        print(f"resuming: {stats.skipped} files unchanged since the last run are skipped, {len(tasks)} to read",
              file=sys.stderr, flush=True)
    bar = Progress(len(tasks), progress)

    def on_result(path: str, shown: str, result: dict[str, Any]) -> None:
        sha, size = hashes.pop(shown)
        if result.get("maxrss_kb"):
            stats.worker_maxrss_kb.append(int(result["maxrss_kb"]))
        if result["ok"]:
            if "json" in result:  # a worker that did not write its JSON itself
                atomic_write(out / "json" / f"{result['doc_id']}.json", result["json"].encode("utf-8"))
            catalog.record_done(shown, sha, size, result["doc_id"], result["doc_type"], result["warnings"],
                                result["pages"], result["seconds"], card=result.get("card"))
            stats.done += 1
            stats.warnings += result["warnings"]
            stats.pages += result["pages"]
        else:
            catalog.record_failed(shown, sha, size, result["stage"], result["error_class"], result["message"],
                                  result["seconds"])
            stats.failed += 1
        catalog.commit_every(*COMMIT_EVERY)
        bar.step(not result["ok"], shown)

    extract_started = time.monotonic()
    stats.scan_seconds = extract_started - started
    cpu_started = time.process_time()
    try:
        pool.run(tasks, on_result, bar.pages, on_start=bar.started)
        del tasks
        stats.extract_seconds = time.monotonic() - extract_started
        stats.main_cpu_extract = time.process_time() - cpu_started
    finally:
        pool.close()
        bar.close()
        catalog.commit()
    finalize_started = time.monotonic()
    bar.note(f"building the final tables (CSV, JSON Lines, XLSX, DuckDB, Parquet) from {catalog.done_count()} files…")
    finalize(out, catalog, jobs=jobs)
    atomic_write(out / "skipped.csv", csv_bytes(["file", "reason"], ([p, "unsupported file type"]
                                                                       for p in unsupported)))
    stats.warnings_total = catalog.totals()[2]
    stats.finalize_seconds = time.monotonic() - finalize_started
    stats.seconds = time.monotonic() - started
    catalog.close()
    return stats


def _remove_stale_temp_files(out: Path) -> None:
    """A run killed mid-write leaves its temp file (never the real one): clear them before going on."""
    for sub in (out, out / "json", out / "text", out / "cards", out / "csv", out / "parquet"):
        if sub.is_dir():
            for tmp in sub.glob("*.tmp"):
                tmp.unlink(missing_ok=True)


def finalize(out: Path, catalog: Catalog, jobs: int = 1) -> None:
    """Rebuild every aggregate output from the catalog's finished files, in a stable order, one decision at a
    time from the decisions' cards (see mtcl/catalog.py): memory does not grow with the archive. With `jobs`
    above 1, the XLSX is written by a second process while this one writes the other outputs."""
    from normalize.compare import Cards, ComparisonWriter, archive_of
    from normalize.duplicates import write_duplicates

    _remove_stale_temp_files(out)  # a worker killed (timeout, memory cap) mid-write in this run
    ids = catalog.done_ids()  # the same bytes under two names: one record
    cards = Cards(out, catalog.cards)
    keys = cards.ensure(ids)
    entries = archive_of([keys[i] for i in ids], catalog.shared_files())  # each decision once
    comparisons = None
    try:
        comparisons = ComparisonWriter(out, cards, parallel=jobs > 1 and (os.cpu_count() or 1) > 1, entries=entries)
    except Exception as exc:
        print(f"error: comparison outputs not written: {type(exc).__name__}: {exc}", file=sys.stderr)
    try:
        write_table_stream(out, (cards.table_pieces(e) for e in entries))
        write_errors(out, catalog.failures())
        write_duplicates(out, entries)
        if comparisons is not None:
            try:
                comparisons.finish()
            except Exception as exc:
                print(f"error: comparison outputs not written: {type(exc).__name__}: {exc}", file=sys.stderr)
    finally:
        if comparisons is not None:
            comparisons.close()
    atomic_write(out / "run.json", (json.dumps({"files": catalog.done_count(), "decisions": len(entries),
                                                "failed": len(catalog.failures())}) + "\n").encode())
