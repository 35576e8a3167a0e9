"""The run catalog: OUT/catalog.sqlite, one row per input file, keyed by the content's SHA-256.

A file is recorded only after its JSON has been renamed into place, so a run killed at any moment leaves either
a finished file (JSON + row) or a file that the next run does again. Rows are committed in batches (`commit`):
a kill loses at most the last uncommitted batch, whose files are then simply extracted again.

The catalog also indexes the decisions' *cards* (table `card_index`, see normalize/compare.py): per decision,
the few values that order the final tables and find duplicates, and the stamp (inode, size, mtime) of the JSON
file its card was made from. A card whose JSON file has another stamp is made again from the JSON, so the JSON
files stay the truth.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from normalize.cards import _CARDS, SHARED_FILES_SQL, CardKey, CardStore, Stamp  # noqa: F401  (the card index lives with its writer)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path        TEXT PRIMARY KEY,
    sha256      TEXT NOT NULL,
    size        INTEGER NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('done', 'failed')),
    doc_id      TEXT,
    doc_type    TEXT,
    warnings    INTEGER NOT NULL DEFAULT 0,
    pages       INTEGER,
    stage       TEXT,
    error_class TEXT,
    message     TEXT,
    seconds     REAL,
    updated_at  REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS files_sha ON files (sha256);
"""

@dataclass(frozen=True)
class Entry:
    path: str
    sha256: str
    status: str
    doc_id: str | None


class Catalog:
    def __init__(self, out: Path) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.path = out / "catalog.sqlite"
        # WAL keeps the file consistent if the process is killed mid-write
        self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(_SCHEMA)
        self.cards = CardStore(self.db, str(self.path))
        self.pending = 0  # writes not yet committed
        self.last_commit = time.monotonic()

    def close(self) -> None:
        self.commit()
        self.db.close()

    def _write(self, sql: str, params: Iterable[Any]) -> None:
        if not self.db.in_transaction:
            self.db.execute("BEGIN")
        self.db.execute(sql, tuple(params))
        self.pending += 1

    def commit(self) -> None:
        """Make every write so far durable (one fsync for the whole batch)."""
        if self.db.in_transaction:
            self.db.execute("COMMIT")
        self.pending = 0
        self.last_commit = time.monotonic()

    def commit_every(self, count: int, seconds: float) -> None:
        if self.pending >= count or (self.pending and time.monotonic() - self.last_commit >= seconds):
            self.commit()

    def lookup(self, path: str) -> Entry | None:
        row = self.db.execute("SELECT path, sha256, status, doc_id FROM files WHERE path = ?", (path,)).fetchone()
        return Entry(*row) if row else None

    def done_by_sha(self, sha: str) -> Entry | None:
        row = self.db.execute(
            "SELECT path, sha256, status, doc_id FROM files WHERE sha256 = ? AND status = 'done' LIMIT 1", (sha,)
        ).fetchone()
        return Entry(*row) if row else None

    def record_done(self, path: str, sha: str, size: int, doc_id: str, doc_type: str, warnings: int,
                    pages: int | None, seconds: float, card: tuple[Stamp, CardKey] | None = None) -> None:
        """The file is done; with its card's index entry when the worker made a card (same transaction)."""
        self._write(
            "INSERT OR REPLACE INTO files (path, sha256, size, status, doc_id, doc_type, warnings, pages, stage, "
            "error_class, message, seconds, updated_at) VALUES (?, ?, ?, 'done', ?, ?, ?, ?, NULL, NULL, NULL, ?, ?)",
            (path, sha, size, doc_id, doc_type, warnings, pages, seconds, time.time()),
        )
        if card is not None:
            self.cards.put(*card)

    def record_failed(self, path: str, sha: str, size: int, stage: str, error_class: str, message: str,
                      seconds: float) -> None:
        self._write(
            "INSERT OR REPLACE INTO files (path, sha256, size, status, doc_id, doc_type, warnings, pages, stage, "
            "error_class, message, seconds, updated_at) VALUES (?, ?, ?, 'failed', NULL, NULL, 0, NULL, ?, ?, ?, ?, ?)",
            (path, sha, size, stage, error_class, message, seconds, time.time()),
        )

    def forget_missing(self, present: set[str]) -> None:
        """Files that are no longer in the archive leave the catalog (and so the outputs)."""
        gone = [(p,) for (p,) in self.db.execute("SELECT path FROM files") if p not in present]
        if gone:
            if not self.db.in_transaction:
                self.db.execute("BEGIN")
            self.db.executemany("DELETE FROM files WHERE path = ?", gone)
            self.pending += len(gone)

    def done(self) -> list[tuple[str, str]]:
        return self.db.execute("SELECT path, doc_id FROM files WHERE status = 'done' ORDER BY path").fetchall()

    def done_count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM files WHERE status = 'done'").fetchone()[0])

    def done_ids(self) -> list[str]:
        """Every decision once (the same bytes under two names are one), in the order of its first path."""
        rows = self.db.execute(
            "SELECT doc_id FROM files WHERE status = 'done' GROUP BY doc_id ORDER BY MIN(path), doc_id")
        return [r[0] for r in rows]

    def shared_files(self) -> list[tuple[str, str]]:
        """(path, doc_id) of the files whose bytes another file has too, by path."""
        return self.db.execute(SHARED_FILES_SQL).fetchall()

    def failures(self) -> list[dict[str, str]]:
        rows = self.db.execute(
            "SELECT path, stage, error_class, message FROM files WHERE status = 'failed' ORDER BY path"
        ).fetchall()
        return [{"file": p, "stage": s, "error_class": c, "message": m} for p, s, c, m in rows]

    def totals(self) -> tuple[int, int, int, int]:
        row = self.db.execute(
            "SELECT COALESCE(SUM(status='done'),0), COALESCE(SUM(status='failed'),0), COALESCE(SUM(warnings),0), "
            "COALESCE(SUM(pages),0) FROM files"
        ).fetchone()
        return int(row[0]), int(row[1]), int(row[2]), int(row[3])
