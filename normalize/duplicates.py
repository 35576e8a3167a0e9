"""The same decision in two files (a DOCX and its PDF, a re-scan): same issuer, number and date, or the same
objectives and targets. Reported in OUT/duplicates.csv; the comparison outputs count each decision once."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from normalize.writers import atomic_write, csv_bytes
from schemas.models import Decision


def _content_key(d: Decision) -> str | None:
    """Objective statements and target values, folded: equal for renderings of one decision."""
    if not d.objectives:
        return None
    parts = []
    for o in d.objectives:
        words = re.sub(r"\W+", " ", o.text.casefold()).split()[:25]
        values = ",".join(f"{t.comparator.value}{t.value:g}{t.unit}" for t in o.targets)
        parts.append(" ".join(words) + "|" + values)
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()


def groups(decisions: Sequence[Decision]) -> list[list[tuple[Decision, str]]]:
    """Groups of two or more decisions that are one decision, each member with the reason."""
    parent: dict[str, str] = {d.doc_id: d.doc_id for d in decisions}
    reason: dict[str, str] = {}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    buckets: dict[tuple[str, str], list[str]] = defaultdict(list)
    for d in decisions:
        if d.decision_number and d.issued_on and d.issuer.name:
            buckets[("header", f"{d.issuer.name.casefold()}|{d.decision_number}|{d.issued_on}")].append(d.doc_id)
        if key := _content_key(d):
            buckets[("content", key)].append(d.doc_id)
    for (kind, _), ids in buckets.items():
        for other in ids[1:]:
            parent[find(other)] = find(ids[0])
            reason.setdefault(other, "same issuer, number and date" if kind == "header" else "same objectives")
            reason.setdefault(ids[0], reason[other])
    members: dict[str, list[Decision]] = defaultdict(list)
    for d in decisions:
        members[find(d.doc_id)].append(d)
    out = []
    for group in members.values():
        if len(group) > 1:
            group.sort(key=lambda d: (d.source.path, d.doc_id))
            out.append([(d, reason.get(d.doc_id, "")) for d in group])
    return sorted(out, key=lambda g: g[0][0].source.path)


def canonical(decisions: Sequence[Decision]) -> list[Decision]:
    """One decision per group (the first by path): what the comparison outputs count."""
    drop = {d.doc_id for group in groups(decisions) for d, _ in group[1:]}
    return [d for d in decisions if d.doc_id not in drop]


def write_duplicates(out: Path, decisions: Sequence[Decision], files: Sequence[tuple[str, str]]) -> None:
    rows = []
    for i, group in enumerate(groups(decisions), start=1):
        for d, why in group:
            rows.append([i, d.doc_id, d.source.path, why])
    # the same bytes under two file names: one doc_id, several paths
    by_id: dict[str, list[str]] = defaultdict(list)
    for path, doc_id in files:
        by_id[doc_id].append(path)
    n = len(rows)
    for doc_id, paths in sorted(by_id.items()):
        if len(paths) > 1:
            n += 1
            rows.extend([n, doc_id, p, "identical file"] for p in sorted(paths))
    atomic_write(out / "duplicates.csv", csv_bytes(["group", "doc_id", "path", "reason"], rows))
