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


Spans = dict[tuple[int, int], tuple[int, int]]  # a merged cell's (row, col) → (row span, col span)

_DIGIT = re.compile(r"\d")


def _labels(row: list[str]) -> bool:
    """A row of column labels: at least two short cells, none with a figure or a sentence's end."""
    cells = [c.strip() for c in row if c.strip()]
    return len(cells) >= 2 and all(
        len(c.split()) <= 10 and not _DIGIT.search(c) and not c.endswith((".", ";")) for c in cells
    )


def label_rows(rows: list[list[str]], spans: Spans | None = None) -> int:
    """How many of a table's first rows are its header when the format does not say: the first row when it is
    labels over rows that are not all labels, and the row under it too when the first has a cell spanning columns
    ("Trách nhiệm" over "Chủ trì | Phối hợp") and is labels as well."""
    if len(rows) < 2 or not _labels(rows[0]):
        return 0
    if all(_labels(r) for r in rows):
        return 0  # a table of words only (a list laid out in cells): no row stands out as its header
    spanning = any(r == 0 and cs > 1 for (r, _), (_, cs) in (spans or {}).items())
    return 2 if spanning and len(rows) > 2 and _labels(rows[1]) else 1


def clean_table(rows: list[list[str]], pages: list[int | None] | None = None, spans: Spans | None = None,
                header_rows: int | None = None) -> tuple[list[list[str]], list[int | None], Spans, int]:
    """`normalize_rows` with the cells' spans carried to the rows kept, and the header rows: `header_rows` as the
    format says it (a source row count), else `label_rows` of the rows kept. Rows are padded to one width."""
    kept_rows, kept_pages, origins = normalize_rows_traced(rows, pages)
    at = {o: k for k, o in enumerate(origins)}
    kept = {(at[r], c): (sum(1 for x in range(r, r + rs) if x in at), cs)
            for (r, c), (rs, cs) in (spans or {}).items() if r in at}
    kept = {k: v for k, v in kept.items() if v != (1, 1)}
    width = max((len(r) for r in kept_rows), default=0)
    kept_rows = [r + [""] * (width - len(r)) for r in kept_rows]
    if header_rows:
        heads = sum(1 for o in origins if o < header_rows)
    else:
        heads = label_rows(kept_rows, kept)
    return kept_rows, kept_pages, kept, heads


Box = tuple[float, float, float, float]  # x0, top, x1, bottom


def cell_spans(rows: list[list[Box | None]], tolerance: float = 1.0) -> Spans:
    """The merged cells of a table found from its ruling lines (pdfplumber's shape: a row has a slot for every x0
    of the table, None where no cell starts): a cell spans the slots whose start lies inside it, across and down."""
    xs = sorted({box[0] for row in rows for box in row if box is not None})
    tops = [next((box[1] for box in row if box is not None), None) for row in rows]
    spans: Spans = {}
    for r, row in enumerate(rows):
        for c, box in enumerate(row):
            if box is None:
                continue
            x0, top, x1, bottom = box
            cs = sum(1 for x in xs if x0 - tolerance <= x < x1 - tolerance)
            rs = sum(1 for t in tops if t is not None and top - tolerance <= t < bottom - tolerance)
            if (rs, cs) != (1, 1) and rs >= 1 and cs >= 1:
                spans[(r, c)] = (rs, cs)
    return spans
