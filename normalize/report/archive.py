"""Which decisions the report counts, and the files each one was read from.

`decision_groups` is the report's one call into duplicate detection: one entry per decision (a DOCX, its PDF and
its scan are one decision), the representative first. It uses normalize/duplicates.py (`groups`; the first file
by path represents its group, as in the comparison outputs)."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from normalize.duplicates import groups
from schemas.models import Decision


@dataclass(frozen=True)
class Rendering:
    doc_id: str
    path: str
    format: str
    reason: str  # why it is the same decision as the representative ("" for the representative itself)


@dataclass(frozen=True)
class Counted:
    """One decision of the archive: the rendering that represents it, and every file it was read from."""

    decision: Decision
    renderings: list[Rendering]


def _paths_by_doc(out: Path) -> dict[str, list[str]]:
    """The catalog's finished files per doc_id: the same bytes under two names are one JSON, two paths."""
    path = out / "catalog.sqlite"
    if not path.exists():
        return {}
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        rows = db.execute("SELECT doc_id, path FROM files WHERE status = 'done' ORDER BY path").fetchall()
    except sqlite3.Error:
        return {}
    finally:
        db.close()
    found: dict[str, list[str]] = defaultdict(list)
    for doc_id, p in rows:
        found[doc_id].append(p)
    return found


def decision_groups(out: Path, decisions: Sequence[Decision]) -> list[Counted]:
    """Each decision once, in the order of `decisions`, with the files it was read from."""
    by_id = {d.doc_id: d for d in decisions}
    paths = _paths_by_doc(out)
    members: dict[str, list[tuple[str, str]]] = {}  # representative doc_id -> [(doc_id, reason)]
    left_out: set[str] = set()
    for group in groups(decisions):
        first = group[0][0].doc_id
        members[first] = [(k.doc_id, why) for k, why in group]
        left_out.update(k.doc_id for k, _ in group[1:])
    counted = []
    for d in decisions:
        if d.doc_id in left_out:
            continue
        renderings = []
        for doc_id, why in members.get(d.doc_id, [(d.doc_id, "")]):
            member = by_id[doc_id]
            for i, p in enumerate(paths.get(doc_id) or [member.source.path]):
                if i:  # the same bytes under another name
                    reason = "identical file"
                else:
                    reason = "" if doc_id == d.doc_id else why
                renderings.append(Rendering(doc_id, p, member.source.format.value, reason))
        counted.append(Counted(d, renderings))
    return counted
