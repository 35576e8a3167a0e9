"""The one document model every reader produces and every extractor reads.

A `Document` is a list of blocks over one plain text. Each block (heading, paragraph, list item, table) and
each table cell knows its character span in `Document.text` and its page, so that anything extracted from
it can point back to where it came from. Readers know nothing of MTCL; extractors know nothing of formats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from extract.markers import parse_marker


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
    row_span: int = 1  # a merged cell covers this many rows and grid columns from (row, col)
    col_span: int = 1
    header: bool = False  # a header cell (Word's repeated header row, the table's first rows of labels)
    covered: bool = False  # a grid slot that a merged cell covers: its text is the merged cell's, or empty


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
    # list structure, filled by every reader through `DocumentBuilder.add` with the one marker grammar
    # (extract/markers.py): the marker as printed ("1.", "a)", "-", "II.", "Điều 3."), whether it numbers
    # (rather than bullets) the item, and the list level where the format says it (Word's ilvl, markdown
    # nesting); `indent` is the line's left edge where the format has one (PDF points, text columns)
    marker: str | None = None
    enumerated: bool = False
    list_level: int | None = None
    indent: float | None = None
    # paged formats: the line's horizontal middle as a share of its page's width (0 the left edge, 1 the right). Two
    # signature boxes side by side are told apart by it (extract/header.py)
    centre: float | None = None
    # OCR only: the words with a figure read with low confidence (a handwritten number or day), and the words of
    # letters (a name under a seal): a header value made of one is left empty (extract/header.py: drop_unsure,
    # drop_misread)
    unsure: tuple[str, ...] = ()


@dataclass
class Document:
    text: str
    blocks: list[Block]
    pages: int | None = None
    ocr: bool = False
    legacy_encoding: str | None = None
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (code, message) from the reader
    # the spans each extractor component claimed ("header", "objectives_list", "commitments", "plan_tables", …),
    # as (start, end) offsets into `text`: what no layer holds is reported as unplaced text
    layers: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

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
        marker: str | None = None,
        enumerated: bool | None = None,
        list_level: int | None = None,
        indent: float | None = None,
        centre: float | None = None,
    ) -> Block:
        """`marker`: the list marker the format drew outside the text (a Word bullet, a markdown "- "); a marker
        printed in the text is read from it."""
        start, end = self._append(text)
        block = Block(kind, text, start, end, page=page, level=level, bold=bold, role=role,
                      list_level=list_level, indent=indent, centre=centre)
        _set_marker(block, marker, enumerated)
        self.blocks.append(block)
        return block

    def extend_last(self, more: str, sep: str = " ") -> Block:
        """Continue the last (text) block: a sentence that a line break cut in two is one paragraph."""
        block = self.blocks[-1]
        assert block.kind is not BlockKind.table and self._parts[-1] == block.text
        block.text = block.text + sep + more
        if block.marker is None:
            _set_marker(block, None, None)
        self._parts[-1] = block.text
        self._length = block.start + len(block.text)
        block.end = self._length
        return block

    def add_table(self, rows: list[list[str]], *, pages: list[int | None] | None = None,
                  spans: dict[tuple[int, int], tuple[int, int]] | None = None, header_rows: int = 0) -> Block:
        """Add a table; cells are joined by tabs and rows by newlines in the plain text. `spans` maps a merged
        cell's (row, col) to its (row_span, col_span); the slots it covers are marked `covered`."""
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
        for (r0, c0), (rs, cs) in (spans or {}).items():
            if r0 >= len(built) or c0 >= len(built[r0].cells):
                continue
            cell = built[r0].cells[c0]
            cell.row_span, cell.col_span = rs, cs
            for r in range(r0, min(r0 + rs, len(built))):
                for c in range(c0, min(c0 + cs, len(built[r].cells))):
                    if (r, c) != (r0, c0):
                        built[r].cells[c].covered = True
        for r in range(min(header_rows, len(built))):
            for cell in built[r].cells:
                cell.header = True
        first_page = pages[0] if pages else None
        block = Block(BlockKind.table, text, s, e, page=first_page, rows=built, table_index=self._tables)
        self._tables += 1
        self.blocks.append(block)
        return block

    def build(self, **kwargs: object) -> Document:
        return Document(text="".join(self._parts), blocks=self.blocks, **kwargs)  # type: ignore[arg-type]


def _set_marker(block: Block, marker: str | None, enumerated: bool | None) -> None:
    if marker is not None:
        block.marker = marker
        if enumerated is None:
            parsed = parse_marker(marker + " x")
            enumerated = parsed is not None and parsed.enumerated
        block.enumerated = enumerated
        return
    if block.kind is BlockKind.table:
        return
    m = parse_marker(block.text)
    if m is not None:
        block.marker = m.printed
        block.enumerated = m.enumerated
