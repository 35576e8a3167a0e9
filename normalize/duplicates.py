"""The same decision in two files (a DOCX and its PDF, a re-scan): same issuer, number and date, or the same
issuer and year with the same objectives and targets (communes copy one template's objectives: those are
different decisions). `archive` makes of them the archive every output holds: each decision once, by the file
chosen to represent its group, with the files it was read from; OUT/duplicates.csv lists the groups.

Groups are found from each decision's two small keys (`DupKey`), so an archive's duplicates are found without
holding its decisions in memory."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from normalize.writers import atomic_write, csv_bytes
from schemas.models import Decision


class DupKey(NamedTuple):
    """What duplicate detection reads of one decision, and what chooses a group's representative."""

    doc_id: str
    source_path: str
    header: str | None  # issuer, number and date, when all three are known
    content: str | None  # the objectives and target values, folded
    format: str = "txt"
    ocr: bool = False
    legacy: bool = False  # its text was decoded from TCVN3 or VNI
    richness: int = 0  # values extracted: header fields, objectives, targets, tasks


def _fold(text: str) -> str:
    """Case, marks and punctuation folded away: a re-scan whose OCR lost a mark keeps its key."""
    text = "".join(ch for ch in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(ch))
    return " ".join(re.sub(r"\W+", " ", text.replace("đ", "d")).split())


def _content_key(d: Decision) -> str | None:
    """The issuer, the year, the objective statements and target values, folded: equal for renderings of one
    decision, different for two localities or two years that adopted the same objectives."""
    if not d.objectives:
        return None
    # the locality and province too: "Ủy ban nhân dân thành phố" alone does not say which city (metadata may)
    issuer = "|".join(_fold(x or "") for x in (d.issuer.name, d.issuer.locality, d.issuer.province))
    parts = [f"{issuer}|{d.year or ''}"]
    for o in d.objectives:
        words = _fold(o.text).split()[:25]
        values = ",".join(f"{t.comparator.value}{t.value:g}{t.unit}" for t in o.targets)
        parts.append(" ".join(words) + "|" + values)
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()


def _richness(d: Decision) -> int:
    header = (d.issuer.name, d.issuer.locality, d.issuer.level, d.decision_number, d.issued_on, d.year, d.title,
              d.signer.name if d.signer else None)
    return (sum(v is not None for v in header) + len(d.objectives) + len(d.plan)
            + sum(len(o.targets) + len(o.plan) for o in d.objectives))


def dup_key(d: Decision) -> DupKey:
    header = None
    if d.decision_number and d.issued_on and d.issuer.name:
        header = f"{d.issuer.name.casefold()}|{d.decision_number}|{d.issued_on}"
    return DupKey(d.doc_id, d.source.path, header, _content_key(d), d.source.format.value, d.source.ocr,
                  d.source.legacy_encoding is not None, _richness(d))


def _keys(items: Sequence[Decision | DupKey]) -> list[DupKey]:
    return [k if isinstance(k, DupKey) else dup_key(k) for k in items]


def groups(items: Sequence[Decision | DupKey]) -> list[list[tuple[DupKey, str]]]:
    """Groups of two or more decisions that are one decision, each member with the reason."""
    keys = _keys(items)
    parent: dict[str, str] = {k.doc_id: k.doc_id for k in keys}
    reason: dict[str, str] = {}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    buckets: dict[tuple[str, str], list[str]] = defaultdict(list)
    for k in keys:
        if k.header:
            buckets[("header", k.header)].append(k.doc_id)
        if k.content:
            buckets[("content", k.content)].append(k.doc_id)
    for (kind, _), ids in buckets.items():
        for other in ids[1:]:
            parent[find(other)] = find(ids[0])
            reason.setdefault(other, "same issuer, number and date" if kind == "header" else "same objectives")
            reason.setdefault(ids[0], reason[other])
    members: dict[str, list[DupKey]] = defaultdict(list)
    for k in keys:
        members[find(k.doc_id)].append(k)
    out = []
    for group in members.values():
        if len(group) > 1:
            group.sort(key=lambda k: (k.source_path, k.doc_id))
            out.append([(k, reason.get(k.doc_id, "")) for k in group])
    return sorted(out, key=lambda g: g[0][0].source_path)


# The representative of a group, the record every output holds: the rendering read most directly. A file whose text
# was not OCR'd, then one not decoded from TCVN3/VNI, then by format (the author's Word file, a legacy Word file
# read through LibreOffice, a PDF's text layer, plain text, markdown or HTML), then the one with the most values
# extracted, then by path.
FORMAT_RANK = {"docx": 0, "doc": 1, "pdf": 2, "txt": 3, "md": 3, "html": 3}


def representative_rank(k: DupKey) -> tuple[bool, bool, int, int, str, str]:
    """The sort key that puts a group's representative first (see above)."""
    return (k.ocr, k.legacy, FORMAT_RANK.get(k.format, len(FORMAT_RANK)), -k.richness, k.source_path, k.doc_id)


class Rendering(NamedTuple):
    """One file a decision was read from."""

    doc_id: str
    path: str
    format: str
    ocr: bool
    reason: str  # why it is the same decision as the representative; "" for the representative's own file


class ArchiveEntry(NamedTuple):
    """One decision of the archive: the record every output holds, and the files it was read from."""

    doc_id: str  # the representative's
    source_path: str  # the representative's file
    group: int | None  # its number in OUT/duplicates.csv; None when it was read from one file
    renderings: tuple[Rendering, ...]  # every file it was read from, the representative's first

    @property
    def duplicate_ids(self) -> list[str]:
        """The other renderings' doc_ids (an identical file shares the representative's)."""
        return [r.doc_id for r in self.renderings if r.doc_id != self.doc_id]


def archive(items: Sequence[Decision | DupKey], files: Iterable[tuple[str, str]] = ()) -> list[ArchiveEntry]:
    """THE answer to "which decisions does the archive hold": one entry per decision, however many files it was
    read from, for every output (tables, feed, comparison, API, report, coverage) to count each decision once.

    `items` are the decisions (or their `dup_key`s) of every file read; `files` the (path, doc_id) of every file
    whose very bytes another file has too (each doc_id's JSON names one of its paths). Each group of renderings
    (`groups`) is one entry, its representative chosen by `representative_rank`; the entries are in table order
    (the representative's path, then doc_id) and the groups of two or more files are numbered 1, 2, … in it."""
    keys = _keys(items)
    by_id = {k.doc_id: k for k in keys}
    same_bytes: dict[str, list[str]] = defaultdict(list)
    for path, doc_id in files:
        if doc_id in by_id and path != by_id[doc_id].source_path:
            same_bytes[doc_id].append(path)
    # a reading of several files ranks by the first of their paths (its JSON names whichever was written last)
    keys = [k._replace(source_path=min(k.source_path, *same_bytes[k.doc_id])) if k.doc_id in same_bytes else k
            for k in keys]
    named = {k.doc_id: k.source_path for k in by_id.values()}
    grouped: dict[str, list[tuple[DupKey, str]]] = {}
    for group in groups(keys):
        for k, _ in group:
            grouped[k.doc_id] = group
    seen: set[str] = set()
    entries = []
    for k in keys:
        if k.doc_id in seen:
            continue
        members = sorted(grouped.get(k.doc_id, [(k, "")]), key=lambda m: representative_rank(m[0]))
        seen.update(m.doc_id for m, _ in members)
        head = members[0][0]
        renderings = []
        for i, (m, why) in enumerate(members):
            own = named[m.doc_id]
            renderings.append(Rendering(m.doc_id, own, m.format, m.ocr, "" if i == 0 else why))
            renderings.extend(Rendering(m.doc_id, p, m.format, m.ocr, "identical file")
                              for p in sorted({*same_bytes.get(m.doc_id, ()), own} - {own}))
        entries.append(ArchiveEntry(head.doc_id, named[head.doc_id], None, tuple(renderings)))
    entries.sort(key=lambda e: (e.source_path, e.doc_id))
    n = 0
    for i, e in enumerate(entries):
        if len(e.renderings) > 1:
            n += 1
            entries[i] = e._replace(group=n)
    return entries


def duplicate_ids(items: Sequence[Decision | DupKey]) -> set[str]:
    """The doc_ids that the archive's outputs leave out: every rendering of a group but its representative."""
    return {i for e in archive(items) for i in e.duplicate_ids}


def canonical(decisions: Sequence[Decision]) -> list[Decision]:
    """One decision per group (its representative): what every output counts."""
    drop = duplicate_ids(decisions)
    return [d for d in decisions if d.doc_id not in drop]


DUPLICATES_COLUMNS = ["group", "doc_id", "path", "format", "ocr", "duplicate_of", "reason"]


def duplicates_rows(entries: Iterable[ArchiveEntry]) -> list[list[object]]:
    """OUT/duplicates.csv: every file of every group of two or more, the representative's first, with the doc_id
    of the record the outputs hold (`duplicate_of`, empty on the representative's own file)."""
    rows: list[list[object]] = []
    for e in entries:
        if e.group is None:
            continue
        for r in e.renderings:
            own = r.reason == ""
            rows.append([e.group, r.doc_id, r.path, r.format, r.ocr, "" if own else e.doc_id,
                         "representative" if own else r.reason])
    return rows


def write_duplicates(out: Path, entries: Iterable[ArchiveEntry]) -> None:
    atomic_write(out / "duplicates.csv", csv_bytes(DUPLICATES_COLUMNS, duplicates_rows(entries)))
