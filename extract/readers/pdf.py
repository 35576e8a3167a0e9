"""Reader for PDF files: text layer where it is good, OCR where it is missing or garbage, decided per page.

- Junk bytes before "%PDF-" (signed PDFs) are skipped; encrypted and damaged files give a clear error.
- A page's text layer is scored by the share of well-formed Vietnamese syllables and of syllables with
  diacritics; a poor layer ("Ldm D6ng", "(cid:16)") is dropped and the page is OCR'd with Tesseract (vie).
- Lines come in reading order; words far apart on one line are separate blocks, and a two-column header
  (issuer | national motto) is read left column first. Tables are found from ruling lines; a table that goes
  on over a page break is one table (its repeated header row dropped, a cut row joined).
- Font glyph mistakes seen in archives are repaired (ƣ → ư, Ð → Đ), text is NFC.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from extract.document import BlockKind, Document, DocumentBuilder
from extract.lexicon import split_capitals, split_glued
from extract.markers import enumeration_goes_on, marker_only, opens_item, parse_marker
from extract.markup import fold_spaces, nfc
from extract.quality import is_syllable, repair_glyphs, text_quality
from extract.readers.pdf_pdfium import _X0, PdfiumPage
from extract.readers.text import ReaderError
from extract.tables import Spans, cell_spans, clean_table
from extract.work import current, page_ranges

if TYPE_CHECKING:
    from extract.readers.ocr import PageText

MAX_PAGES = 400
_TERMINAL = re.compile(r"[.;:!?…]\s*$")
# a list marker that Word separates from its text by a tab ("1.", "a)", "II.", "-", "+", "•")
QUALITY_MIN = 0.6


@dataclass
class _Item:
    top: float
    x0: float
    kind: str  # "line" | "table"
    x1: float = 0.0
    full: bool = False  # the line runs to the page's right text margin: its paragraph goes on below
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    spans: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)  # merged cells of `rows`
    page: int = 1
    unsure: tuple[str, ...] = ()  # OCR: figures and words read with low confidence (extract/readers/ocr.py)
    folio: bool = False  # the page's number, as OCR read it (see _ocr_folio)
    height: float = 0.0  # the line's letters' height: a footnote's are smaller than the body's
    footnote: bool = False  # a line of the footnotes at a page's foot (see _mark_footnotes)
    width: float = 0.0  # the page's width, in the units of x0 and x1

    def centre(self) -> float | None:
        """The line's middle as a share of the page's width."""
        return round((self.x0 + self.x1) / 2 / self.width, 3) if self.width > 0 and self.x1 > self.x0 else None


_BULLET_ON_WORD = re.compile(r"^([-+•])(?=[^\W\d_])")
_LAST_WORD = re.compile(r"\w+$")


def _unwrap_cell(text: str) -> str:
    """A PDF cell's lines are mostly soft wraps of a narrow column: join them with a space, except before a
    line that starts a bullet ("- ", "+ ", "1. "); a word hyphenated at the wrap ("vụ-") joins without one."""
    if "\n" not in text:
        return text.strip()
    out = ""
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        if not out:
            out = line
            continue
        # the rules read the end of the text so far (a word, a date), never all of it again; it is a stripped
        # line's end, never a space
        if opens_item(line) and (opens_item(out) or out[-1] in ".;:"):
            # a new bullet of a cell that is a list; "Văn hóa" / "- Xã hội" is a name wrapped at its dash
            out += "\n" + line
        elif (out[-1] == "-" and len(out) > 1 and _is_word_char(out[-2])) or _broken_word(out[-24:], line):
            out += line
        else:
            out += " " + line
    return out


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # what \w matches


_CUT_DATE = re.compile(r"\d{1,2}/\d{1,2}/(\d{1,3})$")  # a date whose year is cut: its first digits
_NUMBER = re.compile(r"\d+")


def _broken_word(before: str, after: str) -> bool:
    """A word too long for a narrow column is cut mid-word ("phòn" | "g", "LĐTBX" | "H"): glue it back when the
    halves are not words and the whole is (a syllable), or when a lone capital follows a run of capitals, or when
    a date's year is cut ("31/3/20" | "24"). `before` ends in a word character, `after` starts with one, or
    nothing is glued: tested first, as nearly every wrap is between two words."""
    head = after[:1]
    if head.isdecimal():
        year, rest = _CUT_DATE.search(before), _NUMBER.match(after)
        return year is not None and rest is not None and len(year.group(1)) + len(rest.group(0)) == 4
    if not head.isalpha() or not _is_word_char(before[-1:] or " "):
        return False
    b = after.split(None, 1)[0]  # the first word, if it is all letters
    if not b.isalpha():
        return False
    last = before.rsplit(None, 1)[-1]
    a = last if last.isalnum() else _LAST_WORD.search(last).group(0)  # type: ignore[union-attr]
    if a.isalpha() and not a.isupper() and b.islower():
        return (not is_syllable(a) or not is_syllable(b)) and is_syllable(a + b)
    return a.isupper() and len(a) >= 2 and len(b) == 1 and b.isupper() and b not in "AĂÂEÊIOÔƠUƯY"


def _strip_junk(data: bytes) -> bytes:
    at = data.find(b"%PDF-")
    if at < 0:
        raise ReaderError("not a PDF (no %PDF header)")
    return data[at:]


def _segments(words: list[dict], gap_factor: float = 3.0) -> list[list[dict]]:
    """Words of one line split where the gap is much wider than a space."""
    out: list[list[dict]] = []
    for w in sorted(words, key=_X0):
        if out:
            prev = out[-1][-1]
            size = max(1.0, (prev["bottom"] - prev["top"]))
            if w["x0"] - prev["x1"] > gap_factor * size * 0.5:
                out.append([w])
                continue
            out[-1].append(w)
        else:
            out.append([w])
    # "1." + tab + text: the marker belongs to the text after it
    merged: list[list[dict]] = []
    for seg in out:
        # (a bare number too: an STT printed in a column of its own)
        word = merged[-1][0]["text"] if merged and len(merged[-1]) == 1 else ""
        if word and (marker_only(word) or (word.isdigit() and len(word) <= 2)):
            merged[-1].extend(seg)
        else:
            merged.append(seg)
    return merged


def _lines(words: list[dict]) -> list[list[dict]]:
    """Group words into lines by their vertical position."""
    lines: list[list[dict]] = []
    top = reach = 0.0  # the line's first word's top, and how far from it a word of the line may stand
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(w["top"] - top) <= reach:
            lines[-1].append(w)
            continue
        lines.append([w])
        top, reach = w["top"], max(2.0, 0.4 * (w["bottom"] - w["top"]))
    return lines


def _text_items(page, page_no: int, cells: list[tuple]) -> list[_Item]:  # type: ignore[no-untyped-def]
    """The page's lines outside its tables' cells: PDFium's words that went to no cell (`in_cell`, set by reading
    the tables first), pdfplumber's words whose centre is in none of `cells` (as pdfplumber places characters).
    A word in a table's box but in no cell is a line, not lost."""
    def in_table(w: dict) -> bool:
        cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
        return any(x0 <= cx < x1 and t <= cy < b for x0, t, x1, b in cells)

    if isinstance(page, PdfiumPage):
        words = [w for w in page.words if "in_cell" not in w]
    else:
        words = [w for w in page.extract_words(keep_blank_chars=False, use_text_flow=False) if not in_table(w)]
    items: list[_Item] = []
    for line in _lines(words):
        for seg in _segments(line):
            # a bullet glued to its word ("-Như trên"): a space glyph overlapping both is not always kept
            text = _BULLET_ON_WORD.sub(r"\1 ", fold_spaces(" ".join(w["text"] for w in seg)))
            if text:
                heights = sorted(w["bottom"] - w["top"] for w in seg)
                items.append(_Item(top=seg[0]["top"], x0=seg[0]["x0"], x1=seg[-1]["x1"], kind="line", text=text,
                                   page=page_no, height=heights[len(heights) // 2], width=float(page.width)))
    _mark_full_lines(items)
    _mark_footnotes(items)
    return items


_FOOTNOTE_OPENS = re.compile(r"^\(?\d{1,3}\)?\s*\S")  # "6 19 nhiệm vụ trọng tâm:": the note's number first


def _mark_footnotes(items: list[_Item]) -> None:
    """The footnotes at a page's foot: its last lines, set in letters under 85% of the body's height, the first of
    them opening with the note's number. Read in the page's order they would cut the paragraph that goes on over the
    page; they are put after the body, as a Word document keeps its footnotes (see `_read_pdf`)."""
    lines = sorted((i for i in items if i.kind == "line" and i.height > 0), key=lambda i: i.top)
    if len(lines) < 6:
        return
    body = sorted(i.height for i in lines)[len(lines) // 2]
    foot = len(lines)
    if _FOLIO.match(lines[-1].text.strip()):
        lines, foot = lines[:-1], foot - 1  # the page's number under its notes
    while foot > 0 and lines[foot - 1].height < 0.85 * body:
        foot -= 1
    notes = lines[foot:]
    if not notes or foot < len(lines) // 2 or not _FOOTNOTE_OPENS.match(notes[0].text) \
            or any(i.kind == "table" and i.top > notes[0].top for i in items):
        return
    for i in notes:
        i.footnote = True


def _mark_full_lines(items: list[_Item]) -> None:
    """Flag lines that reach the right margin of the page's text (justified or wrapped paragraph lines)."""
    lines = [i for i in items if i.kind == "line"]
    if not lines:
        return
    right = max(i.x1 for i in lines)
    left = min(i.x0 for i in lines)
    tolerance = 0.04 * (right - left)
    for i in lines:
        i.full = i.x1 >= right - tolerance and (i.x1 - i.x0) > 0.6 * (right - left)


def _header_order(items: list[_Item], width: float) -> list[_Item]:
    """The top of a first page often has two side-by-side blocks (issuer | national motto): read the left
    block, then the right one. The region ends at the first centred or full-width line on its own."""
    rows: list[list[_Item]] = []
    for it in items:
        if it.kind != "line":
            break
        if rows and abs(rows[-1][0].top - it.top) < 0.005 * width:
            rows[-1].append(it)
        else:
            rows.append([it])
    centre = width / 2
    head = 0
    two_columns = False
    for row in rows:
        if len(row) == 1:
            it = row[0]
            mid = (it.x0 + it.x1) / 2
            if (it.x1 - it.x0) > 0.6 * width or abs(mid - centre) < 0.08 * width:
                break
        else:
            two_columns = True
        head += len(row)
    if not two_columns:
        return items
    region = items[:head]
    left = [i for i in region if (i.x0 + i.x1) / 2 < centre]
    right = [i for i in region if (i.x0 + i.x1) / 2 >= centre]
    return left + right + items[head:]


def _ocr_items(page: PageText, index: int) -> list[_Item]:
    """The items of page `index` (0-based) from its OCR'd lines and tables."""
    from extract.readers.ocr import sure_words, unsure_figures, unsure_letters
    from extract.readers.ocr_words import repair_ocr_text

    lines, tables, width = page
    items = []
    for line in lines:
        # Tesseract's own lines can run two side-by-side blocks together: split them where the gap is wide
        for seg in _segments(line.words, gap_factor=5.0):
            text = repair_ocr_text(split_capitals(repair_glyphs(nfc(fold_spaces(" ".join(w["text"] for w in seg))))),
                                   sure_words(seg))
            if text:
                heights = sorted(w["bottom"] - w["top"] for w in seg) if all("bottom" in w for w in seg) else [0.0]
                items.append(_Item(top=line.top, x0=seg[0]["x0"], x1=seg[-1]["x1"], kind="line", text=text,
                                   page=index + 1, unsure=unsure_figures(seg) + unsure_letters(seg),
                                   height=heights[len(heights) // 2], width=width))
    for t in tables:
        rows = [[repair_ocr_text(split_capitals(repair_glyphs(nfc(_unwrap_cell(fold_spaces(c)))))) for c in r]
                for r in t.rows]
        items.append(_Item(top=t.top, x0=t.x0, x1=t.x1, kind="table", rows=rows, spans=t.spans, page=index + 1,
                           unsure=t.unsure))
    items.sort(key=lambda i: (i.top, i.x0))
    _mark_full_lines(items)
    _mark_footnotes(items)
    if index == 0:
        return _header_order(items, width)
    lines = [i for i in items if i.kind == "line"]
    for it in lines[:1] + lines[-1:]:
        it.folio = it.folio or _ocr_folio(it, width)
    return items


def _ocr_folio(it: _Item, width: float) -> bool:
    """The first or last line of a page after the first, centred and of at most four characters: the page
    number, however OCR read it ("13" as "LỆ:")."""
    centre = (it.x0 + it.x1) / 2
    return len(it.text.replace(" ", "")) <= 4 and abs(centre - width / 2) < 0.06 * width \
        and parse_marker(it.text + " x") is None


def _widgets(page) -> int:  # type: ignore[no-untyped-def]
    """How many form-field widgets the (PDFium) page carries."""
    import pypdfium2.raw as pdfium_c

    count = 0
    for k in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, k)
        if annot:
            count += pdfium_c.FPDFAnnot_GetSubtype(annot) == pdfium_c.FPDF_ANNOT_WIDGET
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return count


def _flatten_widgets(pdf) -> bool:  # type: ignore[no-untyped-def]
    """Values typed into form fields or drawn by e-signature widgets ("Số: 187", "ngày 28") live only in the
    widgets' appearance streams, which page-text extractors do not see although every viewer shows them: pages
    that carry widgets are flattened so that their appearance becomes page content. True when any page was."""
    import pypdfium2.raw as pdfium_c

    flattened = False
    for index in range(min(len(pdf), MAX_PAGES)):
        page = pdf[index]
        try:
            if _widgets(page) and pdfium_c.FPDFPage_Flatten(page.raw, pdfium_c.FLAT_NORMALDISPLAY) == \
                    pdfium_c.FLATTEN_SUCCESS:
                flattened = True
        finally:
            page.close()
    return flattened


class _HasWidgets(Exception):
    """A page of a document opened without flattening carries widgets: it is read again, flattened."""


def _scan_with_a_stamp_line(page, raw: str) -> bool:  # type: ignore[no-untyped-def]
    """A scanned page whose only text is a line an e-signature stamped on it ("Ký bởi: …", "Cơ quan phát hành: …"):
    the page is an image covering most of it, with a few characters of text. It is OCR'd, not read as text."""
    if len(raw) > 300:
        return False
    area = float(page.width * page.height) or 1.0
    covered = sum(max(0.0, (i["x1"] - i["x0"]) * (i["bottom"] - i["top"])) for i in page.images)
    return covered / area > 0.5


def _white(colour: object) -> bool:
    """Whether a pdfminer colour is white: gray 1 (a number or a 1-tuple), RGB (1, 1, 1), CMYK (0, 0, 0, 0)."""
    if isinstance(colour, (int, float)):
        colour = (colour,)
    if not isinstance(colour, (tuple, list)) or not all(isinstance(v, (int, float)) for v in colour):
        return False  # none given (black) or a pattern
    if len(colour) == 4:
        return all(v <= 0 for v in colour)
    return len(colour) in (1, 3) and all(v >= 1 for v in colour)


def _shows(obj: dict) -> bool:
    """pdfplumber's objects kept for a page: a path (rect, line, curve) only if it is stroked or filled in a colour
    that is not white (`extract/readers/pdf_pdfium.py`'s `_path_reader`, the same rule on PDFium's paths)."""
    if obj.get("object_type") not in ("rect", "line", "curve"):
        return True
    return bool((obj.get("stroke") and not _white(obj.get("stroking_color")))
                or (obj.get("fill") and not _white(obj.get("non_stroking_color"))))


def _page_text(page) -> str:  # type: ignore[no-untyped-def]
    """A page's text, to score: PDFium's page has it; pdfplumber's is its characters."""
    return page.text if isinstance(page, PdfiumPage) else "".join(c["text"] for c in page.chars)


def _open_pdfium(data: bytes, flatten: bool):  # type: ignore[no-untyped-def]
    """(the bytes to read, the document opened with PDFium or None). PDFium reads pages many times faster than
    pdfminer (`extract/readers/pdf_pdfium.py`). With `flatten`, pages with widgets are flattened first
    (`_flatten_widgets`), and then the flattened bytes are what both readers see; without it, the reader asks
    each page it loads whether it has widgets (`_HasWidgets`), so that a document without any (nearly all) loads
    each page once. None where PDFium cannot open the file (pdfplumber then reads every page) or when
    MTCL_PDF_BACKEND=pdfminer asks for the slow path (to compare the two)."""
    try:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(data)
    except Exception:
        return data, None
    try:
        if flatten and _flatten_widgets(pdf):
            out = io.BytesIO()
            pdf.save(out)
            pdf.close()
            data = out.getvalue()
            pdf = pdfium.PdfDocument(data)
    except Exception:
        pdf.close()
        return data, None
    if os.environ.get("MTCL_PDF_BACKEND") == "pdfminer":
        pdf.close()
        if not flatten:
            raise _HasWidgets  # the slow path reads the flattened bytes, as ever
        return data, None
    return data, pdf


def _open_pdfminer(data: bytes):  # type: ignore[no-untyped-def]
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        len(pdf.pages)
    except Exception as exc:
        name = type(exc).__name__
        if isinstance(exc, PDFPasswordIncorrect) or "Password" in name or "Encrypt" in name:
            raise ReaderError("the PDF is encrypted with a password") from None
        raise ReaderError(f"damaged or truncated PDF ({name})") from None
    return pdf


def read_pdf(data: bytes) -> Document:
    original = _strip_junk(data)
    try:
        return _read_pdf(original, flatten=False)
    except _HasWidgets:
        return _read_pdf(original, flatten=True)


def _read_pdf(original: bytes, flatten: bool) -> Document:
    data, fast = _open_pdfium(original, flatten)  # scans are OCR'd from the original: a widget may cover their text
    # pdfminer parses the file only where PDFium could not open it, or could not read a page
    slow = None
    warnings: list[tuple[str, str]] = []
    work = current()
    try:
        if fast is None:
            slow = _open_pdfminer(data)
            if os.environ.get("MTCL_PDF_BACKEND") != "pdfminer":
                warnings.append(("pdf_slow_path", "PDFium could not open the file; read with pdfminer"))
        n_pages = len(fast) if fast is not None else len(slow.pages)
        if n_pages > MAX_PAGES:
            raise ReaderError(f"{n_pages} pages: more than {MAX_PAGES}, not a decision")
        work.start_pages(n_pages)
        # the text pages are read first, the pages to OCR after them (by as many threads as the batch lends
        # cores), and each page's items then put back in page order
        by_page: dict[int, list[_Item]] = {}
        to_ocr: list[int] = []
        unread: list[int] = []
        verticals: dict = {}  # shared by the document's pages (PdfiumPage)
        for index in range(n_pages):
            if work.expired():
                unread.extend(range(index, n_pages))
                break
            page = None
            if fast is not None:
                try:
                    loaded = fast[index]
                    if not flatten and _widgets(loaded):
                        raise _HasWidgets
                    page = PdfiumPage(loaded, index + 1, verticals)
                except _HasWidgets:
                    raise
                except Exception as exc:  # PDFium could not read this page: pdfminer reads it, many times slower
                    warnings.append(("pdf_slow_path", f"page {index + 1}: PDFium could not read it "
                                                      f"({type(exc).__name__}); read with pdfminer"))
            if page is None:
                slow = slow or _open_pdfminer(data)
                page = slow.pages[index].filter(_shows)  # a white box is no ruling line (as PDFium's pages)
            try:
                raw = repair_glyphs(nfc(_page_text(page)))
            except Exception as exc:
                raise ReaderError(f"damaged PDF page {index + 1} ({type(exc).__name__})") from None
            kind, quality = _kind(page, raw)
            if kind == "text":
                by_page[index] = _page_items(page, index)
            elif kind == "ocr":
                if raw.strip():
                    warnings.append(("poor_text_layer",
                                     f"page {index + 1}: text layer dropped (quality {quality:.2f}), page OCR'd"))
                to_ocr.append(index)
                continue
            work.page_done()
        if to_ocr:
            work.add_ocr_pages(len(to_ocr))
            read = _ocr(original, fast if data is original else None, to_ocr)
            for index in to_ocr:
                if index in read:
                    by_page[index] = _ocr_items(read[index], index)
                else:
                    unread.append(index)
    finally:
        if slow is not None:
            slow.close()
        if fast is not None:
            fast.close()
    if unread:
        allowed = work.allowed() or 0.0
        if not by_page:
            raise ReaderError(f"the time for this file ({allowed:.0f} s) ran out before any page was read")
        warnings.append(("pages_not_read", f"the time for this file ({allowed:.0f} s) ran out: pages "
                                           f"{page_ranges([i + 1 for i in unread])} of {n_pages} were not read"))
    items = [it for index in sorted(by_page) for it in by_page[index]]
    # footnotes after the body: a paragraph that goes on over a page is not cut by the notes at its foot
    items = [it for it in items if not it.footnote] + [it for it in items if it.footnote]
    return _build(items, n_pages, bool(to_ocr) and any(i in by_page for i in to_ocr), warnings)


def _kind(page, raw: str) -> tuple[str, float]:  # type: ignore[no-untyped-def]
    """How a page is read: "text" (its text layer), "ocr" (none, or garbage, or only an e-signature's line on a
    scan), or "blank"; with the text layer's quality."""
    quality = text_quality(raw)
    if raw.strip() and quality >= QUALITY_MIN and "(cid:" not in raw[:4000] and not _scan_with_a_stamp_line(page, raw):
        return "text", quality
    if not raw and not page.images and not page.rects and not page.curves:
        return "blank", quality
    return "ocr", quality


def page_kinds(data: bytes) -> list[str]:
    """How the reader reads each page of a PDF ("text", "ocr", "blank"), without reading it (for benchmarks)."""
    data, fast = _open_pdfium(_strip_junk(data), flatten=True)
    if fast is None:
        return []
    try:
        return [_kind(page, repair_glyphs(nfc(page.text)))[0]
                for page in (PdfiumPage(fast[i], i + 1, {}) for i in range(min(len(fast), MAX_PAGES)))]
    finally:
        fast.close()


def _page_items(page, index: int) -> list[_Item]:  # type: ignore[no-untyped-def]
    """The lines and tables of a page read from its text layer, in reading order."""
    found = page.find_tables()
    tables = [(t.bbox, t.extract(), cell_spans(_cell_boxes(t))) for t in found]  # before the lines: see _text_items
    page_items = _text_items(page, index + 1, [c for t in found for c in getattr(t, "cells", ())])
    for box, cells, spans in tables:
        rows = [[split_glued(repair_glyphs(nfc(_unwrap_cell(fold_spaces(c or ""))))) for c in r] for r in cells]
        page_items.append(_Item(top=box[1], x0=box[0], kind="table", rows=rows, spans=spans, page=index + 1))
    page_items.sort(key=lambda i: (i.top, i.x0))
    for it in page_items:
        it.text = split_glued(repair_glyphs(nfc(it.text)))
    if index == 0:
        page_items = _header_order(page_items, float(page.width))
    return page_items


def _cell_boxes(table) -> list[list[tuple[float, float, float, float] | None]]:  # type: ignore[no-untyped-def]
    """A found table's cell boxes row by row, a slot a merged cell covers as None (PDFium's tables and
    pdfplumber's alike)."""
    return [list(row.cells) if hasattr(row, "cells") else list(row[1]) for row in table.rows]


def _ocr(original: bytes, opened, indexes: list[int]) -> dict[int, PageText]:  # type: ignore[no-untyped-def]
    """The pages `indexes` OCR'd, rendered from the original bytes (`opened`: those bytes already open in PDFium)."""
    import pypdfium2 as pdfium

    from extract.readers.ocr import ocr_pages, render_layers

    pdf = opened
    if pdf is None:
        try:
            pdf = pdfium.PdfDocument(original)
        except Exception as exc:
            raise ReaderError(f"damaged PDF: its scanned pages cannot be rendered ({type(exc).__name__})") from None
    try:
        return ocr_pages(lambda index: render_layers(pdf, index), indexes, current())
    finally:
        if opened is None:
            pdf.close()


_FOLIO = re.compile(r"^(?:[-–]\s*)?(?:Trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*[-–])?$")


def _folios(items: list[_Item]) -> set[int]:
    """The indexes of page numbers: a bare number ("3", "- 3 -", "Trang 3", "3/12") alone on the first or last
    line of its page."""
    found: set[int] = set()
    for n, it in enumerate(items):
        if it.folio:
            found.add(n)
        if it.kind != "line" or not _FOLIO.match(it.text.strip()):
            continue
        first = n == 0 or items[n - 1].page != it.page
        last = n == len(items) - 1 or items[n + 1].page != it.page
        if (first and it.page != 1) or last:
            found.add(n)
    return found


def _build(items: list[_Item], pages: int, ocr: bool, warnings: list[tuple[str, str]]) -> Document:
    builder = DocumentBuilder()
    pending: list[list[str]] = []
    pending_pages: list[int | None] = []
    pending_spans: Spans = {}
    pending_unsure: list[str] = []

    def flush() -> None:
        if pending:
            rows, row_pages, spans, heads = clean_table(pending, pending_pages, pending_spans)
            if rows:
                builder.add_table(rows, pages=row_pages, spans=spans, header_rows=heads).unsure = \
                    tuple(pending_unsure)
            pending.clear()
            pending_pages.clear()
            pending_spans.clear()
            pending_unsure.clear()

    folios = _folios(items)
    previous: _Item | None = None
    for n, it in enumerate(items):
        if n in folios:
            continue  # a page number between two lines of one paragraph is neither text nor a break
        after, previous = previous, it
        if it.kind == "table":
            # a table right after a table (across a page break, same width) goes on
            if pending and len(it.rows[0]) != len(pending[0]):
                flush()
            pending_spans.update({(r + len(pending), c): v for (r, c), v in it.spans.items()})
            pending.extend(it.rows)
            pending_pages.extend([it.page] * len(it.rows))
            pending_unsure.extend(it.unsure)
            continue
        flush()
        last = builder.blocks[-1] if builder.blocks else None
        goes_on = last is not None and last.kind is BlockKind.paragraph and after is not None \
            and after.kind == "line" and (parse_marker(it.text) is None
                                          or (after.full and enumeration_goes_on(last.text, it.text)))
        if goes_on and ((it.text[:1].islower() and not _TERMINAL.search(last.text)) or after.full):
            # a line that goes on with the sentence above: it starts in lower case, or the line above was
            # wrapped at the right margin
            builder.extend_last(it.text).unsure += it.unsure
            continue
        builder.add(BlockKind.paragraph, it.text, page=it.page, indent=round(it.x0, 1),
                    centre=it.centre()).unsure = it.unsure
    flush()
    if not builder.blocks:
        raise ReaderError("no text in the PDF (blank pages)")
    doc = builder.build(pages=pages, ocr=ocr)
    doc.warnings.extend(warnings)
    return doc
