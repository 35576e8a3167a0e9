"""The work of reading one file, as a reader reports and spends it: how many pages there are and how many it has
read (for a progress display), the time the file may take (a budget that grows with its pages and its OCR'd
pages), and cores it may borrow while other workers idle (to OCR pages in parallel).

The batch engine (mtcl/batch.py) sets a `Work` for each file a worker reads; readers ask `current()`. Outside a
batch (a test, one file through `process_file`) the work has no time limit, reports to nobody and borrows no core,
so a reader behaves exactly as it did before it was measured.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Budget:
    """Seconds a file may take: `base` for any file, plus `per_page` for each page and `per_ocr_page` for each
    page that is OCR'd. A file with no pages (DOCX, text) has the base."""

    base: float
    per_page: float = 0.0
    per_ocr_page: float = 0.0

    def seconds(self, pages: int = 0, ocr_pages: int = 0) -> float:
        return self.base + self.per_page * pages + self.per_ocr_page * ocr_pages


class Cores:
    """The cores a worker may use besides its own: `claim` one when the pool has fewer busy cores than it has
    cores, `release` it when done. Counted by the batch engine across its workers; this base class has none."""

    def claim(self) -> bool:
        return False

    def release(self) -> None:
        """Give back a core `claim` lent."""

    def overbooked(self) -> bool:
        """More cores are busy than the pool has (another worker took up a file): lent cores go back."""
        return False


class Work:
    """One file's work. Thread-safe: OCR threads report pages and borrow cores through it."""

    def __init__(self, budget: Budget | None = None, report: Callable[[dict[str, Any]], None] | None = None,
                 cores: Cores | None = None) -> None:
        self.budget = budget
        self.started = time.monotonic()
        self.pages = 0  # known so far (0: the format has no pages, or they are not counted yet)
        self.ocr_pages = 0
        self.done = 0
        self._report = report
        self.cores = cores or Cores()
        self._lock = threading.Lock()
        self._last_sent = 0.0

    # --- what the reader learns and does -------------------------------------------------------------------

    def start_pages(self, n: int) -> None:
        """The file has `n` pages, none read yet (a reader that starts over, as the PDF reader does on a form,
        starts its count over)."""
        with self._lock:
            self.pages, self.done, self.ocr_pages = n, 0, 0
            self._send(force=True)

    def add_ocr_pages(self, n: int) -> None:
        """`n` more pages will be OCR'd: they widen the budget at once."""
        with self._lock:
            self.ocr_pages += n
            self._send(force=True)

    def page_done(self) -> None:
        with self._lock:
            self.done += 1
            self._send(force=self.done == self.pages)

    # --- what it may spend ---------------------------------------------------------------------------------

    def allowed(self) -> float | None:
        """The file's budget in seconds so far, None without a limit."""
        if self.budget is None:
            return None
        return self.budget.seconds(self.pages, self.ocr_pages)

    def time_left(self) -> float | None:
        allowed = self.allowed()
        return None if allowed is None else allowed - (time.monotonic() - self.started)

    def expired(self) -> bool:
        left = self.time_left()
        return left is not None and left <= 0

    # --- reporting -----------------------------------------------------------------------------------------

    PERIOD = 0.5  # seconds between two progress reports of one file (a change of budget goes at once)

    def _send(self, force: bool) -> None:
        if self._report is None:
            return
        now = time.monotonic()
        if not force and now - self._last_sent < self.PERIOD:
            return
        self._last_sent = now
        self._report({"pages": self.pages, "done": self.done, "ocr_pages": self.ocr_pages,
                      "budget": self.allowed()})


_UNMEASURED = Work()
_current: Work = _UNMEASURED


def current() -> Work:
    return _current


@contextlib.contextmanager
def working(work: Work) -> Iterator[Work]:
    """Make `work` the current one while a file is read (one file at a time a process)."""
    global _current
    previous, _current = _current, work
    try:
        yield work
    finally:
        _current = previous


def page_ranges(pages: list[int]) -> str:
    """"3, 5–9, 12" for pages [3, 5, 6, 7, 8, 9, 12]."""
    runs: list[list[int]] = []
    for p in sorted(pages):
        if runs and runs[-1][1] == p - 1:
            runs[-1][1] = p
        else:
            runs.append([p, p])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)
