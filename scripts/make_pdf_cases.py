"""Build the small PDFs of reader edge cases in tests/data/ (committed: the tests do not need this script's font).

    python scripts/make_pdf_cases.py [--font path/to/a/Vietnamese.ttf]   (default: fontconfig's DejaVu Serif)

pdf_white_boxes.pdf, one page:
- a paragraph of four lines with white filled boxes (no stroke) under line 2 and the start of line 3: what an editor
  leaves after removing a highlight. They show nothing and must not make the paragraph a table;
- a ruled table of two rows and two columns;
- a ruled "table" of a wide row over a narrow one, with a word to the right of the narrow row: inside the
  table's box but in none of its cells.
"""

from __future__ import annotations

import argparse
import ctypes
import io
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as c

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "pdf_white_boxes.pdf"
SIZE = 12.0
PARAGRAPH = [
    "Trong bối cảnh khó khăn, thách thức nhưng được sự chỉ đạo của",
    "Tỉnh ủy, Ủy ban nhân dân tỉnh và giúp đỡ của các cơ quan, ban",
    "ngành, chính quyền địa phương các cấp, Hiệp hội tiếp tục khẳng",
    "định vai trò là trung tâm đoàn kết của cộng đồng doanh nghiệp.",
]


def _text(doc, page, font, x: float, y: float, text: str) -> None:  # type: ignore[no-untyped-def]
    obj = c.FPDFPageObj_CreateTextObj(doc, font, ctypes.c_float(SIZE))
    units = (text + "\0").encode("utf-16-le")
    buf = ctypes.create_string_buffer(units, len(units))
    c.FPDFText_SetText(obj, ctypes.cast(buf, c.FPDF_WIDESTRING))
    c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
    c.FPDFPage_InsertObject(page, obj)


def _box(page, x: float, y: float, w: float, h: float, *, white_fill: bool) -> None:  # type: ignore[no-untyped-def]
    obj = c.FPDFPageObj_CreateNewRect(ctypes.c_float(x), ctypes.c_float(y), ctypes.c_float(w), ctypes.c_float(h))
    if white_fill:
        c.FPDFPageObj_SetFillColor(obj, 255, 255, 255, 255)
        c.FPDFPath_SetDrawMode(obj, c.FPDF_FILLMODE_ALTERNATE, 0)
    else:
        c.FPDFPageObj_SetStrokeColor(obj, 0, 0, 0, 255)
        c.FPDFPageObj_SetStrokeWidth(obj, ctypes.c_float(0.75))
        c.FPDFPath_SetDrawMode(obj, c.FPDF_FILLMODE_NONE, 1)
    c.FPDFPage_InsertObject(page, obj)


def build(font_path: Path) -> bytes:
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(595, 842)
    data = font_path.read_bytes()
    font_buf = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
    font = c.FPDFText_LoadFont(pdf.raw, font_buf, len(data), c.FPDF_FONT_TRUETYPE, 1)
    # white boxes first (under the text, as the editor drew them), then the paragraph
    # (one under line 2, one under the start of line 3, sharing corners: pdfplumber makes them a table, as it
    # did of the real 08's, and the rest of line 3 is then in the table's box but in no cell)
    _box(page.raw, 72, 737, 428, 18, white_fill=True)
    _box(page.raw, 72, 719, 150, 18, white_fill=True)
    for k, line in enumerate(PARAGRAPH):
        _text(pdf.raw, page.raw, font, 72, 760 - 18 * k, line)
    # a ruled table: two rows, two columns
    for row, (left, right) in enumerate([("Nhiệm vụ", "Đơn vị chủ trì"), ("Rà soát thủ tục", "Văn phòng")]):
        y = 560 - 24 * row
        _box(page.raw, 72, y, 200, 24, white_fill=False)
        _box(page.raw, 272, y, 200, 24, white_fill=False)
        _text(pdf.raw, page.raw, font, 78, y + 8, left)
        _text(pdf.raw, page.raw, font, 278, y + 8, right)
    # a wide row over a narrow one, and a word beside the narrow row, in no cell
    _box(page.raw, 72, 400, 400, 24, white_fill=False)
    _box(page.raw, 72, 376, 120, 24, white_fill=False)
    _text(pdf.raw, page.raw, font, 78, 408, "Hàng rộng của bảng")
    _text(pdf.raw, page.raw, font, 78, 384, "Ô hẹp")
    _text(pdf.raw, page.raw, font, 300, 384, "Chữ ngoài ô")
    c.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _default_font() -> Path:
    """DejaVu Serif (it has the Vietnamese letters), where fontconfig finds it (fonts-dejavu-core)."""
    found = subprocess.run(["fc-match", "-f", "%{file}", "DejaVu Serif"], capture_output=True, text=True,
                           check=False).stdout.strip()
    if not found.endswith((".ttf", ".otf")):
        raise SystemExit("no DejaVu Serif font: install fonts-dejavu-core, or pass --font")
    return Path(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--font", type=Path, help="a TrueType font with the Vietnamese letters")
    ns = parser.parse_args()
    OUT.write_bytes(build(ns.font or _default_font()))
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
