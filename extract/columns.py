"""Roles of table columns ("Chủ trì" → lead, "Thời gian hoàn thành" → time) from `vocab/table_headers.tsv`.

A two-level header (a "Trách nhiệm thực hiện" cell over "Chủ trì | Phối hợp") is flattened so that each data
column has one role.
"""

from __future__ import annotations

import re

from extract import vocab
from extract.document import Block
from extract.memo import memo

_NUMBER_HEADER = re.compile(r"^(?:stt|tt|số\s*tt|số thứ tự)\.?$")


@memo(1 << 10)  # every table's header is read again by each test of what the table is, and plans repeat headers
def cell_role(text: str) -> str | None:
    t = re.sub(r"\s+", " ", text.strip().lower())
    if not t:
        return None
    if _NUMBER_HEADER.match(t):
        return "number"
    for words, role in vocab.table("table_headers"):
        if words in t:
            return role
    return None


def header_roles(table: Block) -> tuple[list[str | None], int]:
    """Role of each column and how many leading rows are header rows (0 when the table has no header)."""
    if not table.rows:
        return [], 0
    first = [cell_role(c) for c in table.rows[0].texts()]
    if sum(r is not None for r in first) < 2:
        return [], 0
    if len(table.rows) > 1:
        second_texts = table.rows[1].texts()
        second = [cell_role(c) for c in second_texts]
        subs = [i for i, r in enumerate(second) if r in {"lead", "support"}]
        if subs and all(not t.strip() for i, t in enumerate(second_texts) if i not in subs):
            # the spanning cell of the first row sits over the sub-headers: replace it by them
            first_texts = table.rows[0].texts()
            width = len(second_texts)
            span_at = subs[0]
            # a reader that keeps the grid (DOCX, PDF) gives the spanning cell one slot per column it covers;
            # text tables write it once, so the columns after it shift left by the extra sub-headers
            extra = len(subs) - 1
            covered = first_texts[span_at + 1 : span_at + 1 + extra]
            if len(covered) == extra and not any(t.strip() for t in covered):
                extra = 0
            roles: list[str | None] = []
            for i in range(width):
                if i in subs:
                    roles.append(second[i])
                elif i < span_at:
                    roles.append(cell_role(first_texts[i]) if i < len(first_texts) else None)
                else:
                    j = i - extra
                    roles.append(cell_role(first_texts[j]) if j < len(first_texts) else None)
            return roles, 2
    return first, 1
