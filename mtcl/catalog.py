"""The run catalog: OUT/catalog.sqlite, one row per input file, keyed by the content's SHA-256.

A file is recorded only after its JSON has been renamed into place, in one committed transaction, so a run
killed at any moment leaves either a finished file (JSON + row) or nothing; resuming redoes the rest.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

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

    def close(self) -> None:
        self.db.close()

    def lookup(self, path: str) -> Entry | None:
        row = self.db.execute("SELECT path, sha256, status, doc_id FROM files WHERE path = ?", (path,)).fetchone()
        return Entry(*row) if row else None

    def done_by_sha(self, sha: str) -> Entry | None:
        row = self.db.execute(
            "SELECT path, sha256, status, doc_id FROM files WHERE sha256 = ? AND status = 'done' LIMIT 1", (sha,)
        ).fetchone()
        return Entry(*row) if row else None

    def record_done(self, path: str, sha: str, size: int, doc_id: str, doc_type: str, warnings: int,
                    pages: int | None, seconds: float) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO files (path, sha256, size, status, doc_id, doc_type, warnings, pages, stage, "
            "error_class, message, seconds, updated_at) VALUES (?, ?, ?, 'done', ?, ?, ?, ?, NULL, NULL, NULL, ?, ?)",
            (path, sha, size, doc_id, doc_type, warnings, pages, seconds, time.time()),
        )

    def record_failed(self, path: str, sha: str, size: int, stage: str, error_class: str, message: str,
                      seconds: float) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO files (path, sha256, size, status, doc_id, doc_type, warnings, pages, stage, "
            "error_class, message, seconds, updated_at) VALUES (?, ?, ?, 'failed', NULL, NULL, 0, NULL, ?, ?, ?, ?, ?)",
            (path, sha, size, stage, error_class, message, seconds, time.time()),
        )

    def forget_missing(self, present: set[str]) -> None:
        """Files that are no longer in the archive leave the catalog (and so the outputs)."""
        rows = self.db.execute("SELECT path FROM files").fetchall()
        gone = [(p,) for (p,) in rows if p not in present]
        self.db.executemany("DELETE FROM files WHERE path = ?", gone)

    def done(self) -> list[tuple[str, str]]:
        return self.db.execute("SELECT path, doc_id FROM files WHERE status = 'done' ORDER BY path").fetchall()

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
