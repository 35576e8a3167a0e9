"""Which decisions the report counts, and the files each one was read from.

`decision_groups` is the report's one call into duplicate detection: one entry per decision (a DOCX, its PDF and
its scan are one decision), by the representative every other output shows too (`normalize.duplicates.archive`:
no OCR, no legacy encoding, DOCX > .doc > PDF > text, most values read, path), its files listed, the
representative's first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from normalize.cards import shared_files
from normalize.duplicates import archive
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


def decision_groups(out: Path, decisions: Sequence[Decision]) -> list[Counted]:
    """Each decision once, in the archive's table order, with the files it was read from."""
    by_id = {d.doc_id: d for d in decisions}
    return [Counted(by_id[e.doc_id], [Rendering(r.doc_id, r.path, r.format, r.reason) for r in e.renderings])
            for e in archive(list(decisions), shared_files(out))]
