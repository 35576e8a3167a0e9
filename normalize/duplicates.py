"""The same decision in two files (a DOCX and its PDF, a re-scan): same issuer, number and date, or the same
issuer and year with the same objectives and targets (communes copy one template's objectives: those are
different decisions). Reported in OUT/duplicates.csv; the comparison outputs count each decision once.

Groups are found from each decision's two small keys (`DupKey`), so an archive's duplicates are found without
holding its decisions in memory."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from normalize.writers import atomic_write, csv_bytes
from schemas.models import Decision


class DupKey(NamedTuple):
    """What duplicate detection reads of one decision."""

    doc_id: str
    source_path: str
    header: str | None  # issuer, number and date, when all three are known
    content: str | None  # the objectives and target values, folded


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


def dup_key(d: Decision) -> DupKey:
    header = None
    if d.decision_number and d.issued_on and d.issuer.name:
        header = f"{d.issuer.name.casefold()}|{d.decision_number}|{d.issued_on}"
    return DupKey(d.doc_id, d.source.path, header, _content_key(d))


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


def duplicate_ids(items: Sequence[Decision | DupKey]) -> set[str]:
    """The doc_ids that the comparison outputs leave out: every member of a group but the first by path."""
    return {k.doc_id for group in groups(items) for k, _ in group[1:]}


def canonical(decisions: Sequence[Decision]) -> list[Decision]:
    """One decision per group (the first by path): what the comparison outputs count."""
    drop = duplicate_ids(decisions)
    return [d for d in decisions if d.doc_id not in drop]


def write_duplicates(out: Path, decisions: Sequence[Decision | DupKey], files: Sequence[tuple[str, str]]) -> None:
    rows = []
    found = groups(decisions)
    for i, group in enumerate(found, start=1):
        for k, why in group:
            rows.append([i, k.doc_id, k.source_path, why])
    # the same bytes under two file names: one doc_id, several paths
    by_id: dict[str, list[str]] = defaultdict(list)
    for path, doc_id in files:
        by_id[doc_id].append(path)
    n = len(found)  # groups are numbered on from the last one above
    for doc_id, paths in sorted(by_id.items()):
        if len(paths) > 1:
            n += 1
            rows.extend([n, doc_id, p, "identical file"] for p in sorted(paths))
    atomic_write(out / "duplicates.csv", csv_bytes(["group", "doc_id", "path", "reason"], rows))
