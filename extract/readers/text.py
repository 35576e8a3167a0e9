"""Reader for plain text, markdown-ish text and text with HTML fragments.

Tables come in three written forms: one row per line with tab-separated cells, markdown pipe rows, and
"one cell per line" (each cell on a line that starts with a tab, rows separated by blank lines, a cell's
text continuing on untabbed lines). All become table blocks of the one document model.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from extract.document import BlockKind, Document, DocumentBuilder
from extract.markers import marker_only, parse_marker
from extract.markup import clean_inline, fold_spaces, heading_level, is_bold, is_separator, nfc
from extract.tables import clean_table


class ReaderError(Exception):
    """A file that cannot be read; the message is meant for the user."""


_TERMINAL = re.compile(r"[.;:!?…]\s*$")


def _stt_like(cell: str) -> bool:
    """An STT cell: empty, a number, or a marker alone ("3.", "IV.", "b)")."""
    t = cell.strip()
    return not t or (t.isdigit() and len(t) <= 3) or marker_only(t) or (t.isalpha() and t.isupper() and len(t) <= 6
                                                                         and marker_only(t + "."))


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM; anything else is refused with a clear message."""
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReaderError(
            f"not UTF-8 text (invalid byte at offset {exc.start}); convert it to UTF-8 first"
        ) from None


def _is_blank(line: str) -> bool:
    return not line.strip()


def _tab_cells(line: str) -> list[str]:
    return line.split("\t")


def _pipe_row(line: str) -> list[str] | None:
    s = line.strip()
    if len(s) > 2 and s.startswith("|") and s.endswith("|") and s.count("|") >= 3:
        return [c for c in s[1:-1].split("|")]
    return None


def _is_tsv_row(line: str) -> bool:
    return line.count("\t") >= 1 and sum(1 for c in line.split("\t") if c.strip()) >= 2


def _is_single_cell_line(line: str) -> bool:
    return line.startswith("\t") and line.count("\t") == 1


class _Lines:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.i = 0

    def peek(self, k: int = 0) -> str | None:
        j = self.i + k
        return self.lines[j] if j < len(self.lines) else None


def _read_tsv(src: _Lines) -> list[list[str]]:
    """Tab-separated rows; the table goes on over blank lines and ends at a line without a tab."""
    rows: list[list[str]] = []
    while (line := src.peek()) is not None:
        if _is_blank(line):
            # the table continues only if a tabbed line follows the blank run
            k = 1
            while (nxt := src.peek(k)) is not None and _is_blank(nxt):
                k += 1
            if nxt is None or "\t" not in nxt:
                break
            src.i += k
            continue
        if "\t" not in line:
            break
        rows.append([clean_inline(c) for c in _tab_cells(line)])
        src.i += 1
    return rows


def _read_pipe(src: _Lines) -> list[list[str]]:
    rows: list[list[str]] = []
    while (line := src.peek()) is not None and (cells := _pipe_row(line)) is not None:
        rows.append([clean_inline(c) for c in cells])
        src.i += 1
    return rows


def _read_cell_per_line(src: _Lines) -> list[list[str]]:
    """One cell per tabbed line. A blank line followed by a tabbed line starts a new row when the row is
    full or the next cell looks like a row number; untabbed lines continue the current cell."""
    rows: list[list[str]] = []
    row: list[list[str]] = []  # cells as lists of raw lines
    ncols = 0
    blanks = 0

    def close_row() -> None:
        nonlocal row, ncols
        if row:
            rows.append([clean_inline("\n".join(c)) for c in row])
            ncols = max(ncols, len(row))
        row = []

    while (line := src.peek()) is not None:
        if _is_blank(line) and not line.startswith("\t"):
            blanks += 1
            src.i += 1
            continue
        if line.startswith("\t"):
            cell = line[1:]
            if blanks and row and ((len(row) >= max(ncols, 1) and ncols) or _stt_like(cell)):
                close_row()
            elif blanks and row and not ncols:
                close_row()  # the first row (the header) ends at its first blank line
            row.append([cell])
            blanks = 0
            src.i += 1
            continue
        if blanks >= 2 or not row:
            break
        row[-1].append(line)  # the cell's text goes on
        blanks = 0
        src.i += 1
    close_row()
    # a blank run at the end belongs to the text after the table
    while src.i > 0 and _is_blank(src.lines[src.i - 1]):
        src.i -= 1
    return rows


def _paragraph_lines(src: _Lines) -> Iterator[tuple[str, int | None, bool, str | None, int]]:
    """One (text, heading level, bold, the bullet drawn before it or None, indentation) per non-table line."""
    line = src.lines[src.i]
    src.i += 1
    level, body = heading_level(line)
    bold = is_bold(body)
    m = parse_marker(body) if level is None else None
    # a bullet drawn before the text, its glyph followed by a space ("- ", "• ")
    bullet = m.printed if m and not m.enumerated and body.lstrip()[len(m.printed):][:1].isspace() else None
    if m and bullet:
        body = body[m.end:]
    indent = len(line) - len(line.lstrip(" \t"))
    for part in clean_inline(body).split("\n"):
        yield part, level, bold, bullet, indent


def read_text(data: bytes) -> Document:
    text = nfc(decode(data)).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReaderError("empty file: no text to read")
    src = _Lines(text.split("\n"))
    builder = DocumentBuilder()
    last_para = None  # the paragraph a lower-case continuation line joins
    while (line := src.peek()) is not None:
        if _is_blank(line):
            src.i += 1
            continue
        rows: list[list[str]] | None = None
        if _is_single_cell_line(line) and (nxt := src.peek(1)) is not None and nxt.startswith("\t"):
            rows = _read_cell_per_line(src)
        elif _is_tsv_row(line):
            rows = _read_tsv(src)
        elif _pipe_row(line) is not None:
            rows = _read_pipe(src)
        if rows is not None:
            # markdown says its header: the rows above the |---| line
            marked = next((i for i, r in enumerate(rows[:3]) if is_separator(r)), None)
            rows, _, _, heads = clean_table(rows, header_rows=marked)
            if rows:
                builder.add_table(rows, header_rows=heads)
            last_para = None
            continue
        for part, level, bold, bullet, indent in _paragraph_lines(src):
            if not part:
                continue
            joinable = (
                last_para is not None
                and level is None
                and not bullet
                and part[0].islower()
                and parse_marker(part) is None  # "a) …" opens an item, it does not go on with the line above
                and not _TERMINAL.search(last_para.text)
            )
            if joinable and last_para is builder.blocks[-1]:
                # a sentence broken over two lines: one paragraph, re-added so offsets stay exact
                builder.blocks.pop()
                merged = fold_spaces(last_para.text + " " + part)
                builder._parts.pop()
                builder._length = last_para.start
                if builder._parts:
                    builder._parts.pop()
                    builder._length -= 1
                kind = last_para.kind
                last_para = builder.add(kind, merged, level=last_para.level, bold=last_para.bold)
                continue
            kind = (
                BlockKind.heading
                if level is not None
                else BlockKind.list_item
                if bullet
                else BlockKind.paragraph
            )
            # markdown nests a list by indenting it: two spaces (or a tab) a level
            last_para = builder.add(kind, part, level=level, bold=bold, indent=indent,
                                    marker=("-" if bullet == "&#8211;" else bullet) if bullet else None,
                                    list_level=indent // 2 if bullet else None)
    return builder.build()
