"""Format-independent clean-up of table rows, shared by every reader.

Archived tables cross page breaks: the header row is printed again on the next page, and a row cut by the
break continues in a row whose first cell is empty and whose text carries on in lower case. Both are undone
here so that the structure extractors see one table with whole rows.
"""

from __future__ import annotations

import re

from extract.markup import fold_spaces, is_separator

_TERMINAL = re.compile(r"[.;:!?…)\]]\s*$")


def _key(cells: list[str]) -> tuple[str, ...]:
    return tuple(fold_spaces(c).casefold() for c in cells if c.strip())


def _continues(prev: list[str], row: list[str], new_page: bool = False) -> bool:
    """True when `row` is the rest of `prev`, cut by a page break. `new_page`: the row is the first on a page
    after `prev`'s page (known for paged formats), so an empty first cell after an open sentence is enough."""
    if not row or row[0].strip():
        return False
    first = next((c.strip() for c in row if c.strip()), "")
    if not first:
        return False
    ch = first[0]
    if ch.islower():
        return True
    # a sentence left open on the previous page, continued by something that is not a new item
    prev_text = next((c for c in reversed(prev) if c.strip()), "")
    if _TERMINAL.search(prev_text):
        return False
    return new_page or not (ch.isupper() or ch.isdigit() or ch in "-+•")


def normalize_rows(rows: list[list[str]], pages: list[int | None] | None = None) -> tuple[
    list[list[str]], list[int | None]
]:
    """Drop separator rows, repeated header rows and empty rows; join rows cut by a page break."""
    out, out_pages, _ = normalize_rows_traced(rows, pages)
    return out, out_pages


def normalize_rows_traced(rows: list[list[str]], pages: list[int | None] | None = None) -> tuple[
    list[list[str]], list[int | None], list[int]
]:
    """`normalize_rows`, and for each row kept the index of the source row it starts at (for cell spans)."""
    pages = pages or [None] * len(rows)
    out: list[list[str]] = []
    out_pages: list[int | None] = []
    origins: list[int] = []
    headers: set[tuple[str, ...]] = set()  # the header row, and the row under its spanning cells
    last_page: int | None = None  # page of the row seen before this one
    for index, (row, page) in enumerate(zip(rows, pages, strict=True)):
        if is_separator(row) or not any(c.strip() for c in row):
            continue
        key = _key(row)
        if not headers:
            headers.add(key)
        elif len(out) == 1 and not row[0].strip() and len(headers) == 1:
            headers.add(key)  # a second header row under spanning cells ("Trách nhiệm" over "Chủ trì | Phối hợp")
        elif key in headers:
            continue  # the header printed again after a page break
        new_page = page is not None and last_page is not None and page > last_page
        last_page = page
        if out and _continues(out[-1], row, new_page):
            prev = out[-1]
            for i, text in enumerate(row):
                if not text.strip():
                    continue
                if i < len(prev) and prev[i].strip():
                    prev[i] = prev[i].rstrip() + " " + text.strip()
                elif i < len(prev):
                    prev[i] = text.strip()
                else:
                    prev.append(text.strip())
            continue
        out.append(list(row))
        out_pages.append(page)
        origins.append(index)
    return out, out_pages, origins
