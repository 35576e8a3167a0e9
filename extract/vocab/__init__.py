"""Vocabulary tables of the extractors, loaded once from the TSV files beside this module."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_HERE = Path(__file__).parent


@cache
def table(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of `name`.tsv, comments and blank lines skipped, cells stripped."""
    rows = []
    for line in (_HERE / f"{name}.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append(tuple(cell.strip() for cell in line.split("\t")))
    return tuple(rows)


@cache
def mapping(name: str) -> dict[str, str]:
    """First column → second column of `name`.tsv."""
    return {row[0]: row[1] for row in table(name)}


@cache
def words(name: str) -> tuple[str, ...]:
    """First column of `name`.tsv, longest first (so that longer phrases win)."""
    return tuple(sorted((row[0] for row in table(name)), key=len, reverse=True))
