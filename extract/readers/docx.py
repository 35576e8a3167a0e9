"""Reader for Word .docx files, into the one document model.

- Body paragraphs and tables in document order; Word auto-numbering (numPr) rendered as the reader sees it.
- Merged cells read from gridSpan/vMerge, so a merged cell is one cell (python-docx repeats its text).
- Small borderless tables are page layout (the issuer | national-motto header, the signature block): their
  cells become paragraphs, in reading order, marked with the role "layout".
- Text boxes and footnotes are kept (footnotes at the end, role "footnote").
- Text is NFC; runs in legacy Vietnamese fonts (.VnTime = TCVN3, VNI-Times = VNI) are converted to Unicode.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from docx import Document as open_docx
from docx.oxml.ns import qn
from lxml import etree

from extract.document import BlockKind, Document, DocumentBuilder
from extract.legacy import convert_run, font_encoding
from extract.markup import PLACE_DATE, fold_spaces, mostly_upper, nfc
from extract.readers.text import ReaderError
from extract.tables import clean_table

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # a zip bomb is refused before python-docx inflates it
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _check_package(data: bytes) -> None:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ReaderError("not a valid DOCX (the zip container is damaged)") from None
    names = set(zf.namelist())
    if "EncryptedPackage" in names or "EncryptionInfo" in names:
        raise ReaderError("the DOCX is password-protected (encrypted); save an unprotected copy")
    if "word/document.xml" not in names:
        raise ReaderError("not a Word document (no word/document.xml in the package)")
    total = sum(i.file_size for i in zf.infolist())
    if total > MAX_UNCOMPRESSED:
        raise ReaderError(f"the DOCX inflates to {total // (1024 * 1024)} MiB: refused as a possible zip bomb")
    for name in ("word/document.xml", "word/numbering.xml", "word/footnotes.xml", "word/styles.xml"):
        if name in names:
            head = zf.open(name).read(4096)
            if b"<!ENTITY" in head or b"<!DOCTYPE" in head:
                raise ReaderError(f"{name} declares XML entities: refused (possible entity bomb)")


# --- numbering -------------------------------------------------------------------------------------------


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class _Numbering:
    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # abstractNumId → ilvl → level
    nums: dict[str, str] = field(default_factory=dict)  # numId → abstractNumId
    counters: dict[str, dict[int, int]] = field(default_factory=dict)  # abstractNumId → ilvl → current

    @classmethod
    def from_part(cls, doc) -> _Numbering:  # type: ignore[no-untyped-def]
        num = cls()
        try:
            root = doc.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return num
        for absn in root.findall(qn("w:abstractNum")):
            aid = absn.get(qn("w:abstractNumId"))
            levels: dict[int, _Level] = {}
            for lvl in absn.findall(qn("w:lvl")):
                ilvl = int(lvl.get(qn("w:ilvl"), "0"))
                fmt = lvl.find(qn("w:numFmt"))
                text = lvl.find(qn("w:lvlText"))
                start = lvl.find(qn("w:start"))
                levels[ilvl] = _Level(
                    fmt=fmt.get(qn("w:val")) if fmt is not None else "decimal",
                    text=text.get(qn("w:val")) if text is not None else "",
                    start=int(start.get(qn("w:val"))) if start is not None else 1,
                )
            num.levels[aid] = levels
        for n in root.findall(qn("w:num")):
            ref = n.find(qn("w:abstractNumId"))
            if ref is not None:
                num.nums[n.get(qn("w:numId"))] = ref.get(qn("w:val"))
        return num

    def label(self, num_id: str, ilvl: int) -> tuple[str, bool]:
        """The rendered number ("1.", "a)") and whether it is a bullet."""
        aid = self.nums.get(num_id)
        if aid is None or aid not in self.levels:
            return "", False
        levels = self.levels[aid]
        lvl = levels.get(ilvl, _Level())
        counters = self.counters.setdefault(aid, {})
        counters[ilvl] = counters.get(ilvl, lvl.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if lvl.fmt in {"bullet", "none"}:
            return ("-" if lvl.fmt == "bullet" else ""), True

        def render(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            value = counters.get(k, levels.get(k, _Level()).start)
            return _format(value, levels.get(k, _Level()).fmt)

        return re.sub(r"%(\d)", render, lvl.text), False


def _format(n: int, fmt: str) -> str:
    if fmt in {"lowerLetter", "upperLetter"}:
        s = chr(ord("a") + (n - 1) % 26)
        return s.upper() if fmt == "upperLetter" else s
    if fmt in {"lowerRoman", "upperRoman"}:
        vals = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
        out, m = "", n
        for v, sym in vals:
            while m >= v:
                out += sym
                m -= v
        return out.upper() if fmt == "upperRoman" else out
    return str(n)


# --- text of paragraphs and cells ------------------------------------------------------------------------


def _style_fonts(doc) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Paragraph style id → its font name, for runs that inherit the font; "" is the default style's."""
    fonts: dict[str, str] = {}
    try:
        for style in doc.styles:
            font = getattr(style, "font", None)
            if font is not None and font.name:
                fonts[style.style_id] = font.name
                if style.element.get(qn("w:default")) in {"1", "true"} and style.type == 1:
                    fonts[""] = font.name
    except (KeyError, ValueError, AttributeError):
        pass
    return fonts


class _Reader:
    last_list: tuple[str | None, int] | None = None  # (the bullet Word draws, or None; ilvl) of the last paragraph
    last_spans: dict[tuple[int, int], tuple[int, int]]  # (row, grid col) → (row span, col span) of the last grid
    last_header_rows: int = 0

    def __init__(self, doc) -> None:  # type: ignore[no-untyped-def]
        self.last_spans = {}
        self.doc = doc
        self.numbering = _Numbering.from_part(doc)
        self.style_fonts = _style_fonts(doc)
        self.default_font = self._default_font()
        self.legacy: set[str] = set()

    def _default_font(self) -> str | None:
        try:
            rpr = self.doc.styles.element.find(qn("w:docDefaults"))
            if rpr is not None:
                fonts = rpr.find(".//" + qn("w:rFonts"))
                if fonts is not None:
                    return fonts.get(qn("w:ascii"))
        except AttributeError:
            pass
        return None

    def run_text(self, r: etree._Element, para_font: str | None) -> str:
        parts: list[str] = []
        for child in r:
            tag = child.tag
            if tag == _W + "t":
                parts.append(child.text or "")
            elif tag == _W + "tab":
                parts.append("\t")
            elif tag in {_W + "br", _W + "cr"}:
                parts.append("\n")
            elif tag == _W + "noBreakHyphen":
                parts.append("-")
        text = "".join(parts)
        fonts = r.find(f"{_W}rPr/{_W}rFonts")
        font = (fonts.get(_W + "ascii") or fonts.get(_W + "hAnsi")) if fonts is not None else None
        encoding = font_encoding(font or para_font or self.default_font)
        if encoding:
            self.legacy.add(encoding.removesuffix("h"))
            text = convert_run(text, encoding)
        return text

    def paragraph(self, p: etree._Element) -> tuple[str, bool, bool]:
        """(text with its rendered number, is a list item, is bold)."""
        style = p.find(f"{_W}pPr/{_W}pStyle")
        para_font = self.style_fonts.get(style.get(_W + "val") if style is not None else "", self.style_fonts.get(""))
        texts: list[str] = []
        bold_chars = 0
        total_chars = 0
        for r in p.iter(_W + "r"):
            # text boxes inside a run are read as their own paragraphs
            if any(anc.tag == _W + "txbxContent" for anc in r.iterancestors()):
                continue
            t = self.run_text(r, para_font)
            texts.append(t)
            total_chars += len(t.strip())
            rpr = r.find(_W + "rPr")
            if rpr is not None and rpr.find(_W + "b") is not None:
                bold_chars += len(t.strip())
        text = "".join(texts)
        num = p.find(f"{_W}pPr/{_W}numPr")
        bullet = False
        self.last_list = None
        if num is not None:
            num_id = num.find(_W + "numId")
            ilvl = num.find(_W + "ilvl")
            if num_id is not None and num_id.get(_W + "val") not in {None, "0"}:
                level = int(ilvl.get(_W + "val")) if ilvl is not None else 0
                label, bullet = self.numbering.label(num_id.get(_W + "val"), level)
                if label and not bullet:
                    text = f"{label} {text}"
                # the list's marker and Word's own level (ilvl), for the document model's outline
                self.last_list = ((label or "-") if bullet else None, level)
        lines = [fold_spaces(part) for line in nfc(text).split("\n") for part in _tab_columns(line)]
        return "\n".join(line for line in lines if line), bullet, total_chars > 0 and bold_chars / total_chars > 0.6

    def text_boxes(self, p: etree._Element) -> list[str]:
        out = []
        for box in p.iter(_W + "txbxContent"):
            for inner in box.iter(_W + "p"):
                text, _, _ = self.paragraph(inner)
                if text:
                    out.append(text)
        return out

    def cell_text(self, tc: etree._Element) -> str:
        lines = []
        for child in tc:
            if child.tag == _W + "p":
                text, bullet, _ = self.paragraph(child)
                if text:
                    lines.append(("- " + text) if bullet else text)
            elif child.tag == _W + "tbl":  # a nested table: its rows as lines of the cell
                for row in self.grid(child):
                    joined = " | ".join(c for c in row if c)
                    if joined:
                        lines.append(joined)
        return "\n".join(lines)

    def grid(self, tbl: etree._Element) -> list[list[str]]:
        """Rows of grid cells; a horizontally merged cell is one cell followed by empty grid cells, a
        vertically merged one keeps its text in its first row only."""
        rows: list[list[str]] = []
        spans: dict[tuple[int, int], tuple[int, int]] = {}
        open_merge: dict[int, tuple[int, int]] = {}  # grid col → (row, col) of the cell a vMerge continues
        header_rows = 0
        for r_index, tr in enumerate(tbl.findall(_W + "tr")):
            row: list[str] = []
            if tr.find(f"{_W}trPr/{_W}tblHeader") is not None and header_rows == r_index:
                header_rows += 1  # Word's "repeat as header row": the header, as the format says it
            for tc in tr.findall(_W + "tc"):
                tcpr = tc.find(_W + "tcPr")
                span = 1
                vmerge_continue = False
                if tcpr is not None:
                    gs = tcpr.find(_W + "gridSpan")
                    if gs is not None:
                        span = max(1, int(gs.get(_W + "val", "1")))
                    vm = tcpr.find(_W + "vMerge")
                    vmerge_continue = vm is not None and vm.get(_W + "val") in {None, "continue"}
                col = len(row)
                if vmerge_continue and col in open_merge:
                    top = open_merge[col]
                    cs = spans[top][1]
                    spans[top] = (r_index - top[0] + 1, cs)
                else:
                    spans[(r_index, col)] = (1, span)
                    if tcpr is not None and tcpr.find(_W + "vMerge") is not None:
                        open_merge[col] = (r_index, col)
                    else:
                        open_merge.pop(col, None)
                row.append("" if vmerge_continue else self.cell_text(tc))
                row.extend([""] * (span - 1))
            rows.append(row)
        self.last_spans = {k: v for k, v in spans.items() if v != (1, 1)}
        self.last_header_rows = header_rows
        return rows


def _borderless(tbl: etree._Element) -> bool:
    borders = tbl.find(f"{_W}tblPr/{_W}tblBorders")
    if borders is None:
        style = tbl.find(f"{_W}tblPr/{_W}tblStyle")
        return style is None or "grid" not in (style.get(_W + "val") or "").lower()
    return all(b.get(_W + "val") in {"nil", "none"} for b in borders)


# the national motto of a page header (ND 30/2020): a small table holding it lays out the page, borders or not
_MOTTO = re.compile(r"CỘNG\s+H[OÒ]À?\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA|Độc\s+lập\s*[-–]\s*Tự\s+do", re.I)


_PERSON = re.compile(r"^(?:[A-ZĐÀ-Ỹ][a-zà-ỹđ]+\s+){1,4}[A-ZĐÀ-Ỹ][a-zà-ỹđ]+$")


def _tab_columns(line: str) -> list[str]:
    """A line laid out in two columns with tab stops instead of a table ("Số: 12/UBND⇥Lâm Đồng, ngày …",
    "Nơi nhận:⇥KT. CHỦ TỊCH", "- Lưu: VT.⇥Nguyễn Văn An"): the left and the right column, each a line of its own,
    as a paged format's reader gives them. A tab inside running text stays a space."""
    parts = [p.strip() for p in re.split(r"\t+", line.strip()) if p.strip()]
    if len(parts) != 2 or not any(c.isalpha() for c in parts[0]):
        return [line]
    left, right = parts
    recipient = left.startswith(("-", "+", "•")) or left.casefold().startswith(("nơi nhận", "lưu"))
    if mostly_upper(right, 2) or PLACE_DATE.match(right) or (recipient and _PERSON.match(right)):
        return [left, right]
    return [line]


def _is_layout(tbl: etree._Element, rows: list[list[str]]) -> bool:
    """Small borderless tables lay out a page header or a signature block; they hold no data. A small table
    whose cells hold the national motto lays out the page header even when the clerk left its borders on."""
    # a grid column that is empty in every row (Word keeps the grid of a table whose cells were merged) lays
    # nothing out
    grid = max((len(r) for r in rows), default=0)
    width = sum(1 for c in range(grid) if any(c < len(r) and r[c].strip() for r in rows))
    if len(rows) > 4 or width > 3:
        return False
    return _borderless(tbl) or any(_MOTTO.search(cell) for r in rows for cell in r)


def read_docx(data: bytes) -> Document:
    _check_package(data)
    try:
        doc = open_docx(io.BytesIO(data))
    except Exception as exc:
        raise ReaderError(f"cannot open the DOCX: {type(exc).__name__}: {exc}") from None
    reader = _Reader(doc)
    builder = DocumentBuilder()
    body = doc.element.body
    for el in body.iterchildren():
        if el.tag == _W + "sdt":  # content controls wrap ordinary paragraphs and tables
            children = list(el.iter(_W + "p", _W + "tbl"))
        else:
            children = [el]
        for child in children:
            if child.tag == _W + "p":
                text, bullet, bold = reader.paragraph(child)
                marker, level = reader.last_list if reader.last_list else (None, None)
                for k, line in enumerate(text.split("\n") if text else []):
                    builder.add(BlockKind.list_item if bullet else BlockKind.paragraph, line, bold=bold,
                                marker=marker if k == 0 else None, list_level=level if k == 0 else None)
                for box in reader.text_boxes(child):
                    builder.add(BlockKind.paragraph, box, role="textbox")
            elif child.tag == _W + "tbl":
                rows = reader.grid(child)
                if _is_layout(child, rows):
                    # reading order of a layout table: column by column (left block, then right block)
                    width = max(len(r) for r in rows)
                    for c in range(width):
                        for r in rows:
                            if c < len(r) and r[c]:
                                for line in r[c].split("\n"):
                                    builder.add(BlockKind.paragraph, line, role="layout")
                    continue
                # the merged cells of the rows kept, at their row in the cleaned table; Word's header rows
                rows, _, spans, heads = clean_table(rows, spans=reader.last_spans,
                                                    header_rows=reader.last_header_rows)
                if rows:
                    builder.add_table(rows, spans=spans, header_rows=heads)
    for text in _footnotes(doc, reader):
        builder.add(BlockKind.paragraph, text, role="footnote")
    if not builder.blocks:
        raise ReaderError("the DOCX has no text")
    legacy = sorted(reader.legacy)
    return builder.build(legacy_encoding=legacy[0] if legacy else None)


def _footnotes(doc, reader: _Reader) -> list[str]:  # type: ignore[no-untyped-def]
    out = []
    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/footnotes"):
            root = etree.fromstring(rel.target_part.blob, etree.XMLParser(resolve_entities=False, no_network=True))
            for fn in root.findall(_W + "footnote"):
                if fn.get(_W + "type") in {"separator", "continuationSeparator"}:
                    continue
                for p in fn.iter(_W + "p"):
                    text, _, _ = reader.paragraph(p)
                    if text:
                        out.append(text)
    return out
