"""The card index of an output folder (table `card_index` of OUT/catalog.sqlite, or a temporary database): per
decision, the few values that order the final tables and find duplicates, and the stamp of the JSON file its card
was made from. It lives here, with the writers that read it, so that normalize/ never imports mtcl/ (the batch's
catalog, mtcl/catalog.py, keeps its index in the same database through this module).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

_CARDS = """
CREATE TABLE IF NOT EXISTS card_index (
    doc_id        TEXT PRIMARY KEY,
    version       TEXT NOT NULL,
    json_ino      INTEGER NOT NULL,
    json_size     INTEGER NOT NULL,
    json_mtime_ns INTEGER NOT NULL,
    source_path   TEXT NOT NULL,
    dup_header    TEXT,
    dup_content   TEXT,
    locality      TEXT,
    year          INTEGER,
    label         TEXT NOT NULL,
    format        TEXT NOT NULL,
    ocr           INTEGER NOT NULL,
    legacy        INTEGER NOT NULL,
    richness      INTEGER NOT NULL
);
"""

Stamp = tuple[str, int, int, int]  # (card version, inode, size, mtime_ns of the JSON file)


class CardKey(NamedTuple):
    """The small part of a decision's card, read for every decision at once: order, duplicates, columns."""

    doc_id: str
    source_path: str
    dup_header: str | None
    dup_content: str | None
    locality: str | None
    year: int | None
    label: str
    # what chooses the representative of a group of renderings (normalize/duplicates.py `representative_rank`)
    format: str
    ocr: bool
    legacy: bool
    richness: int


class CardStore:
    """The card index in a SQLite database: the catalog's, or a temporary one (`mtcl compare` on a folder
    without a catalog)."""

    def __init__(self, db: sqlite3.Connection, path: str, temporary: bool = False) -> None:
        self.db, self.path, self._temporary = db, path, temporary
        have = [r[1] for r in self.db.execute("PRAGMA table_info(card_index)")]
        if have and have != ["doc_id", "version", "json_ino", "json_size", "json_mtime_ns", *CardKey._fields[1:]]:
            # an index made by an older mtcl: it is a cache of the cards, which are made again from the JSON files
            self.db.execute("DROP TABLE card_index")
        self.db.executescript(_CARDS)

    @classmethod
    def temporary(cls) -> CardStore:
        fd, path = tempfile.mkstemp(prefix="mtcl-cards-", suffix=".sqlite")
        os.close(fd)
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        return cls(db, path, temporary=True)

    @classmethod
    def open(cls, path: str) -> CardStore:
        """Another connection to a store (for reading, in another process)."""
        return cls(sqlite3.connect(path, isolation_level=None, timeout=30), path)

    def close(self) -> None:
        """Only a temporary store closes its database (the catalog's belongs to the catalog)."""
        if self._temporary:
            self.db.close()
            Path(self.path).unlink(missing_ok=True)

    def commit(self) -> None:
        if self.db.in_transaction:
            self.db.execute("COMMIT")

    def put(self, stamp: Stamp, key: CardKey) -> None:
        if not self.db.in_transaction:
            self.db.execute("BEGIN")
        self.db.execute(
            "INSERT OR REPLACE INTO card_index (doc_id, version, json_ino, json_size, json_mtime_ns, source_path, "
            "dup_header, dup_content, locality, year, label, format, ocr, legacy, richness) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (key.doc_id, *stamp, *key[1:]),
        )

    def stamp(self, doc_id: str) -> Stamp | None:
        row = self.db.execute("SELECT version, json_ino, json_size, json_mtime_ns FROM card_index WHERE doc_id = ?",
                              (doc_id,)).fetchone()
        return (row[0], row[1], row[2], row[3]) if row else None

    def card_keys(self) -> Iterator[CardKey]:
        rows = self.db.execute(
            "SELECT doc_id, source_path, dup_header, dup_content, locality, year, label, format, ocr, legacy, richness "
            "FROM card_index")
        return (CardKey(*r[:8], bool(r[8]), bool(r[9]), r[10]) for r in rows)


def finished_ids(out: Path) -> list[str] | None:
    """The decisions the batch finished in OUT (its catalog's files done, each once), or None without a catalog."""
    path = out / "catalog.sqlite"
    if not path.exists():
        return None
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        rows = db.execute("SELECT doc_id FROM files WHERE status = 'done' GROUP BY doc_id ORDER BY MIN(path), doc_id")
        return [r[0] for r in rows]
    finally:
        db.close()


SHARED_FILES_SQL = (
    "SELECT path, doc_id FROM files WHERE status = 'done' AND doc_id IN "
    "(SELECT doc_id FROM files WHERE status = 'done' GROUP BY doc_id HAVING COUNT(*) > 1) ORDER BY path")


def shared_files(out: Path) -> list[tuple[str, str]]:
    """(path, doc_id) of the files whose very bytes another file has too (one reading, several paths), by path;
    none without a catalog."""
    path = out / "catalog.sqlite"
    if not path.exists():
        return []
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        return [(p, i) for p, i in db.execute(SHARED_FILES_SQL)]
    finally:
        db.close()
