"""The one document model every reader produces and every extractor reads.

A `Document` is a list of blocks over one plain text. Each block (heading, paragraph, list item, table) and
each table cell knows its character span in `Document.text` and its page, so that anything extracted from
it can point back to where it came from. Readers know nothing of MTCL; extractors know nothing of formats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class BlockKind(StrEnum):
    heading = "heading"
    paragraph = "paragraph"
    list_item = "list_item"
    table = "table"


@dataclass
class Cell:
    text: str
    start: int
    end: int
    row: int
    col: int
    page: int | None = None


@dataclass
class Row:
    cells: list[Cell]
    page: int | None = None

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]

    def cell(self, col: int) -> Cell | None:
        return self.cells[col] if 0 <= col < len(self.cells) else None


@dataclass
class Block:
    kind: BlockKind
    text: str
    start: int
    end: int
    page: int | None = None
    level: int | None = None  # heading level, when the source says it
    bold: bool = False
    rows: list[Row] = field(default_factory=list)  # tables only
    table_index: int | None = None  # tables only: 0-based index among the document's tables
    role: str | None = None  # set by the reader when the format says it (e.g. "header", "footer")


@dataclass
class Document:
    text: str
    blocks: list[Block]
    pages: int | None = None
    ocr: bool = False
    legacy_encoding: str | None = None
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (code, message) from the reader

    def tables(self) -> list[Block]:
        return [b for b in self.blocks if b.kind is BlockKind.table]


class DocumentBuilder:
    """Appends blocks while keeping the plain text and the offsets in step."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.blocks: list[Block] = []
        self._tables = 0

    def _append(self, text: str) -> tuple[int, int]:
        if self._parts:
            self._parts.append("\n")
            self._length += 1
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        return start, self._length

    def add(
        self,
        kind: BlockKind,
        text: str,
        *,
        page: int | None = None,
        level: int | None = None,
        bold: bool = False,
        role: str | None = None,
    ) -> Block:
        start, end = self._append(text)
        block = Block(kind, text, start, end, page=page, level=level, bold=bold, role=role)
        self.blocks.append(block)
        return block

    def extend_last(self, more: str, sep: str = " ") -> Block:
        """Continue the last (text) block: a sentence that a line break cut in two is one paragraph."""
        block = self.blocks[-1]
        assert block.kind is not BlockKind.table and self._parts[-1] == block.text
        block.text = block.text + sep + more
        self._parts[-1] = block.text
        self._length = block.start + len(block.text)
        block.end = self._length
        return block

    def add_table(self, rows: list[list[str]], *, pages: list[int | None] | None = None) -> Block:
        """Add a table; cells are joined by tabs and rows by newlines in the plain text."""
        start = self._length + (1 if self._parts else 0)
        pieces: list[str] = []
        offset = start
        built: list[Row] = []
        for r, cells in enumerate(rows):
            page = pages[r] if pages else None
            row_cells: list[Cell] = []
            for c, text in enumerate(cells):
                if c:
                    pieces.append("\t")
                    offset += 1
                row_cells.append(Cell(text, offset, offset + len(text), r, c, page))
                pieces.append(text)
                offset += len(text)
            built.append(Row(row_cells, page))
            if r < len(rows) - 1:
                pieces.append("\n")
                offset += 1
        text = "".join(pieces)
        s, e = self._append(text)
        assert s == start and e == offset
        first_page = pages[0] if pages else None
        block = Block(BlockKind.table, text, s, e, page=first_page, rows=built, table_index=self._tables)
        self._tables += 1
        self.blocks.append(block)
        return block

    def build(self, **kwargs: object) -> Document:
        return Document(text="".join(self._parts), blocks=self.blocks, **kwargs)  # type: ignore[arg-type]
