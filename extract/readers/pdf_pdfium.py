"""A PDF page read with pypdfium2 (PDFium, C++) in the shape the PDF reader needs from pdfplumber: characters with
boxes, ruling edges, images, words, tables.

pdfminer (under pdfplumber) parses each page's content stream in Python, which is most of the time of a digital PDF;
PDFium does the same in C++. The characters and path segments it gives are laid out as pdfplumber's dictionaries
(top-left origin, `top`/`bottom`/`x0`/`x1`), so pdfplumber's own word grouping and table finder run on them unchanged.
"""

from __future__ import annotations

import ctypes
import itertools
from typing import Any

import pdfplumber.utils as pu
from pdfplumber.table import TableFinder, TableSettings

_Obj = dict[str, Any]


def _points(path: Any, matrix: tuple[float, ...]) -> list[list[tuple[float, float]]]:
    """The path's sub-paths as lists of points, in page space (PDF origin bottom-left)."""
    import pypdfium2.raw as c

    a, b, cc, d, e, f = matrix
    subpaths: list[list[tuple[float, float]]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for k in range(c.FPDFPath_CountSegments(path)):
        seg = c.FPDFPath_GetPathSegment(path, k)
        if not c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y)):
            continue
        px, py = a * x.value + cc * y.value + e, b * x.value + d * y.value + f
        kind = c.FPDFPathSegment_GetType(seg)
        if kind == c.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([(px, py)])
        else:
            subpaths[-1].append((px, py))
        if c.FPDFPathSegment_GetClose(seg) and subpaths[-1]:
            subpaths[-1].append(subpaths[-1][0])
    return subpaths


def _multiply(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """m then n (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2, e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2)


class PdfiumPage:
    def __init__(self, page: Any, page_number: int) -> None:
        self._page = page
        self.page_number = page_number
        self.width, self.height = (float(v) for v in page.get_size())
        self.bbox = (0.0, 0.0, self.width, self.height)
        self.images: list[_Obj] = []
        self.edges: list[_Obj] = []
        self.rects: list[_Obj] = []
        self.curves: list[_Obj] = []
        self._walk_objects()
        self.chars = self._chars()

    # --- characters -------------------------------------------------------------------------------------------
    def _chars(self) -> list[_Obj]:
        import pypdfium2.raw as c

        textpage = self._page.get_textpage()
        out: list[_Obj] = []
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        rect = c.FS_RECTF()
        ox, oy = ctypes.c_double(), ctypes.c_double()
        h = self.height
        try:
            n = c.FPDFText_CountChars(textpage.raw)
            for i in range(n):
                code = c.FPDFText_GetUnicode(textpage.raw, i)
                if code in (0, 0xFFFE, 0xFFFF, 0x0D, 0x0A):
                    continue
                text = "-" if code == 0x02 else chr(code)  # PDFium marks a hyphen that ends a line as 0x02
                if (code < 0x20 and code != 0x02) or c.FPDFText_HasUnicodeMapError(textpage.raw, i) == 1:
                    text = f"(cid:{code})"  # a glyph with no Unicode: written as pdfminer writes it
                if not c.FPDFText_GetLooseCharBox(textpage.raw, i, ctypes.byref(rect)):
                    if not c.FPDFText_GetCharBox(textpage.raw, i, ctypes.byref(left), ctypes.byref(right),
                                                 ctypes.byref(bottom), ctypes.byref(top)):
                        continue
                    x0, x1, y0, y1 = left.value, right.value, bottom.value, top.value
                else:
                    x0, x1, y0, y1 = rect.left, rect.right, rect.bottom, rect.top
                if x1 < x0:
                    x0, x1 = x1, x0
                if y1 < y0:
                    y0, y1 = y1, y0
                size = c.FPDFText_GetFontSize(textpage.raw, i)
                # the vertical box from the baseline and the font size, not the glyph: a capital with its marks
                # ("Ế") is taller than its neighbours, and word grouping compares tops
                if size > 0 and c.FPDFText_GetCharOrigin(textpage.raw, i, ctypes.byref(ox), ctypes.byref(oy)):
                    t, b = h - oy.value - 0.8 * size, h - oy.value + 0.2 * size
                else:
                    t, b = h - y1, h - y0
                out.append({"object_type": "char", "text": text, "x0": x0, "x1": x1, "top": t, "bottom": b,
                            "doctop": t, "y0": y0, "y1": y1, "width": x1 - x0, "height": b - t, "size": size,
                            "upright": True, "page_number": self.page_number})
        finally:
            textpage.close()
        return out

    # --- ruling lines and images ------------------------------------------------------------------------------
    def _walk_objects(self) -> None:
        import pypdfium2.raw as c

        identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        stack: list[tuple[Any, tuple[float, ...]]] = []  # (object, the matrix of the form holding it)
        raw = self._page.raw
        for k in range(c.FPDFPage_CountObjects(raw)):
            stack.append((c.FPDFPage_GetObject(raw, k), identity))
        fm = c.FS_MATRIX()
        l_, b_, r_, t_ = (ctypes.c_float() for _ in range(4))
        while stack:
            obj, parent = stack.pop()
            kind = c.FPDFPageObj_GetType(obj)
            own = identity
            if kind in (c.FPDF_PAGEOBJ_FORM, c.FPDF_PAGEOBJ_PATH) and c.FPDFPageObj_GetMatrix(obj, ctypes.byref(fm)):
                own = (fm.a, fm.b, fm.c, fm.d, fm.e, fm.f)
            if kind == c.FPDF_PAGEOBJ_FORM:
                for j in range(c.FPDFFormObj_CountObjects(obj)):
                    stack.append((c.FPDFFormObj_GetObject(obj, j), _multiply(own, parent)))
            elif kind == c.FPDF_PAGEOBJ_PATH:
                self._add_path(_points(obj, _multiply(own, parent)))
            elif kind == c.FPDF_PAGEOBJ_IMAGE and c.FPDFPageObj_GetBounds(
                    obj, ctypes.byref(l_), ctypes.byref(b_), ctypes.byref(r_), ctypes.byref(t_)):
                # bounds of an object inside a form are in the form's space: map its corners
                a, b, cc, d, e, f = parent
                xs = [a * px + cc * py + e for px, py in ((l_.value, b_.value), (r_.value, t_.value))]
                ys = [b * px + d * py + f for px, py in ((l_.value, b_.value), (r_.value, t_.value))]
                self.images.append({"x0": min(xs), "x1": max(xs), "top": self.height - max(ys),
                                    "bottom": self.height - min(ys)})

    def _add_path(self, subpaths: list[list[tuple[float, float]]]) -> None:
        h = self.height
        any_edge = False
        for pts in subpaths:
            for (x0, y0), (x1, y1) in itertools.pairwise(pts):
                if abs(y0 - y1) < 0.01:
                    orientation = "h"
                elif abs(x0 - x1) < 0.01:
                    orientation = "v"
                else:
                    continue
                top, bottom = h - max(y0, y1), h - min(y0, y1)
                self.edges.append({"object_type": "curve_edge", "x0": min(x0, x1), "x1": max(x0, x1),
                                   "top": top, "bottom": bottom, "doctop": top, "width": abs(x1 - x0),
                                   "height": abs(y1 - y0), "orientation": orientation,
                                   "page_number": self.page_number})
                any_edge = True
        if any_edge:
            self.curves.append({"object_type": "curve"})

    # --- what the PDF reader calls ----------------------------------------------------------------------------
    def extract_words(self, **kwargs: Any) -> list[_Obj]:
        return pu.extract_words(self.chars, **kwargs)

    def extract_text(self) -> str:
        return pu.extract_text(self.chars)

    def find_tables(self) -> list[Any]:
        tables = TableFinder(self, TableSettings.resolve(None)).tables  # type: ignore[arg-type]
        for t in tables:
            # a table's text is read from the characters inside it; handing it only those saves testing every
            # character of the page against every cell
            x0, top, x1, bottom = t.bbox
            t.page = _Chars([ch for ch in self.chars if x0 <= (ch["x0"] + ch["x1"]) / 2 <= x1
                             and top <= (ch["top"] + ch["bottom"]) / 2 <= bottom])
        return tables


class _Chars:
    def __init__(self, chars: list[_Obj]) -> None:
        self.chars = chars
