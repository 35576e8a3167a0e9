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
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from extract.document import BlockKind, Document, DocumentBuilder
from extract.markup import fold_spaces, nfc
from extract.quality import repair_glyphs, text_quality
from extract.readers.text import ReaderError
from extract.tables import normalize_rows

MAX_PAGES = 400
_TERMINAL = re.compile(r"[.;:!?…]\s*$")
OCR_DPI = 300
QUALITY_MIN = 0.6


@dataclass
class _Item:
    top: float
    x0: float
    kind: str  # "line" | "table"
    x1: float = 0.0
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    page: int = 1


def _strip_junk(data: bytes) -> bytes:
    at = data.find(b"%PDF-")
    if at < 0:
        raise ReaderError("not a PDF (no %PDF header)")
    return data[at:]


def _segments(words: list[dict], gap_factor: float = 3.0) -> list[list[dict]]:
    """Words of one line split where the gap is much wider than a space."""
    out: list[list[dict]] = []
    for w in sorted(words, key=lambda w: w["x0"]):
        if out:
            prev = out[-1][-1]
            size = max(1.0, (prev["bottom"] - prev["top"]))
            if w["x0"] - prev["x1"] > gap_factor * size * 0.5:
                out.append([w])
                continue
            out[-1].append(w)
        else:
            out.append([w])
    return out


def _lines(words: list[dict]) -> list[list[dict]]:
    """Group words into lines by their vertical position."""
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines:
            last = lines[-1]
            ref = last[0]
            if abs(w["top"] - ref["top"]) <= max(2.0, 0.4 * (ref["bottom"] - ref["top"])):
                last.append(w)
                continue
        lines.append([w])
    return lines


def _text_items(page, page_no: int, table_boxes: list[tuple]) -> list[_Item]:  # type: ignore[no-untyped-def]
    def in_table(w: dict) -> bool:
        cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
        return any(x0 <= cx <= x1 and t <= cy <= b for x0, t, x1, b in table_boxes)

    words = [w for w in page.extract_words(keep_blank_chars=False, use_text_flow=False) if not in_table(w)]
    items: list[_Item] = []
    for line in _lines(words):
        for seg in _segments(line):
            text = fold_spaces(" ".join(w["text"] for w in seg))
            if text:
                items.append(_Item(top=seg[0]["top"], x0=seg[0]["x0"], x1=seg[-1]["x1"], kind="line", text=text,
                                   page=page_no))
    return items


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


def _ocr_page(pdf_bytes: bytes, index: int) -> list[_Item]:
    if shutil.which("tesseract") is None:
        raise ReaderError("this PDF page is a scan and Tesseract is not installed: "
                          "apt-get install tesseract-ocr tesseract-ocr-vie")
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        image = pdf[index].render(scale=OCR_DPI / 72).to_pil().convert("L")
    finally:
        pdf.close()
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "page.png"
        image.save(png)
        proc = subprocess.run(["tesseract", str(png), "stdout", "-l", "vie", "--psm", "4", "tsv"],
                              capture_output=True, text=True, timeout=300, check=False)
    if proc.returncode != 0:
        if "vie" in proc.stderr and ("Failed loading" in proc.stderr or "not found" in proc.stderr):
            raise ReaderError("Tesseract has no Vietnamese model: apt-get install tesseract-ocr-vie")
        raise ReaderError(f"OCR failed: {proc.stderr.strip()[:200]}")
    words: list[dict] = []
    for row in proc.stdout.splitlines()[1:]:
        parts = row.split("\t")
        if len(parts) < 12 or not parts[11].strip() or parts[0] != "5":
            continue
        left, top, w, h = (float(x) for x in parts[6:10])
        words.append({"text": parts[11], "x0": left, "x1": left + w, "top": top, "bottom": top + h,
                      "line": (int(parts[2]), int(parts[3]), int(parts[4]))})
    # Tesseract's own lines can run two side-by-side blocks together: split them where the gap is wide
    by_line: dict[tuple[int, int, int], list[dict]] = {}
    for w in words:
        by_line.setdefault(w["line"], []).append(w)
    items = []
    for line_words in by_line.values():
        top = min(w["top"] for w in line_words)  # one line, one top: its segments stay in x order
        for seg in _segments(line_words, gap_factor=5.0):
            text = nfc(fold_spaces(" ".join(w["text"] for w in seg)))
            if text:
                items.append(_Item(top=top, x0=seg[0]["x0"], x1=seg[-1]["x1"], kind="line", text=text,
                                   page=index + 1))
    items.sort(key=lambda i: (i.top, i.x0))
    return _header_order(items, float(image.width)) if index == 0 else items


def read_pdf(data: bytes) -> Document:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    data = _strip_junk(data)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        n_pages = len(pdf.pages)
    except PDFPasswordIncorrect:
        raise ReaderError("the PDF is encrypted with a password") from None
    except (PDFSyntaxError, Exception) as exc:
        name = type(exc).__name__
        if "Password" in name or "Encrypt" in name:
            raise ReaderError("the PDF is encrypted with a password") from None
        raise ReaderError(f"damaged or truncated PDF ({name})") from None
    if n_pages > MAX_PAGES:
        pdf.close()
        raise ReaderError(f"{n_pages} pages: more than {MAX_PAGES}, not a decision")
    items: list[_Item] = []
    ocr_used = False
    warnings: list[tuple[str, str]] = []
    try:
        for index, page in enumerate(pdf.pages):
            try:
                chars = page.chars
            except Exception as exc:
                raise ReaderError(f"damaged PDF page {index + 1} ({type(exc).__name__})") from None
            raw = repair_glyphs(nfc("".join(c["text"] for c in chars)))
            quality = text_quality(raw)
            if raw.strip() and quality >= QUALITY_MIN and "(cid:" not in page.extract_text()[:2000]:
                tables = page.find_tables()
                boxes = [t.bbox for t in tables]
                page_items = _text_items(page, index + 1, boxes)
                for t in tables:
                    rows = [[repair_glyphs(nfc(fold_spaces(c or "").replace(" \n", "\n"))) for c in r]
                            for r in t.extract()]
                    page_items.append(_Item(top=t.bbox[1], x0=t.bbox[0], kind="table", rows=rows, page=index + 1))
                page_items.sort(key=lambda i: (i.top, i.x0))
                for it in page_items:
                    it.text = repair_glyphs(nfc(it.text))
                if index == 0:
                    page_items = _header_order(page_items, float(page.width))
                items.extend(page_items)
                continue
            if not chars and not page.images and not page.rects and not page.curves:
                continue  # a blank page
            if raw.strip():
                warnings.append(("poor_text_layer",
                                 f"page {index + 1}: text layer dropped (quality {quality:.2f}), page OCR'd"))
            items.extend(_ocr_page(data, index))
            ocr_used = True
    finally:
        pdf.close()
    return _build(items, n_pages, ocr_used, warnings)


def _build(items: list[_Item], pages: int, ocr: bool, warnings: list[tuple[str, str]]) -> Document:
    builder = DocumentBuilder()
    pending: list[list[str]] = []
    pending_pages: list[int | None] = []

    def flush() -> None:
        if pending:
            rows, row_pages = normalize_rows(pending, pending_pages)
            if rows:
                width = max(len(r) for r in rows)
                builder.add_table([r + [""] * (width - len(r)) for r in rows], pages=row_pages)
            pending.clear()
            pending_pages.clear()

    for it in items:
        if it.kind == "table":
            # a table right after a table (across a page break, same width) goes on
            if pending and len(it.rows[0]) != len(pending[0]):
                flush()
            pending.extend(it.rows)
            pending_pages.extend([it.page] * len(it.rows))
            continue
        flush()
        last = builder.blocks[-1] if builder.blocks else None
        if (last is not None and last.kind is BlockKind.paragraph and it.text[:1].islower()
                and not _TERMINAL.search(last.text)):
            builder.extend_last(it.text)  # a line that goes on with the sentence above
            continue
        builder.add(BlockKind.paragraph, it.text, page=it.page)
    flush()
    if not builder.blocks:
        raise ReaderError("no text in the PDF (blank pages)")
    doc = builder.build(pages=pages, ocr=ocr)
    doc.warnings.extend(warnings)
    return doc
