"""A PDF page read with pypdfium2 (PDFium, C++) in the shape the PDF reader needs from pdfplumber: characters with
boxes, ruling edges, images, words, tables.

pdfminer (under pdfplumber) parses each page's content stream in Python, which is most of the time of a digital PDF;
PDFium does the same in C++. The characters and path segments it gives are laid out as pdfplumber's dictionaries
(top-left origin, `top`/`bottom`/`x0`/`x1`), so pdfplumber's table finder runs on them unchanged. Words and a table
cell's text are grouped here by pdfplumber's own rules for upright left-to-right text at its default tolerances
(`words_of`, `cell_text`), without the generality that makes its version several times slower.
"""

from __future__ import annotations

import bisect
import ctypes
import itertools
from typing import Any

from pdfplumber.table import TableFinder, TableSettings
from pdfplumber.utils.text import LIGATURES

_Obj = dict[str, Any]
X_TOLERANCE = Y_TOLERANCE = 3.0  # pdfplumber's defaults


def _clusters(values: list[float], tolerance: float) -> dict[float, int]:
    """Each value → its cluster: sorted values chained while each is within `tolerance` of the one before
    (pdfplumber's cluster_list)."""
    out: dict[float, int] = {}
    k, last = 0, None
    for v in sorted(set(values)):
        if last is not None and v > last + tolerance:
            k += 1
        out[v] = k
        last = v
    return out


def _merge(chars: list[_Obj]) -> _Obj:
    x0 = min(c["x0"] for c in chars)
    x1 = max(c["x1"] for c in chars)
    top = min(c["top"] for c in chars)
    bottom = max(c["bottom"] for c in chars)
    return {"text": "".join(LIGATURES.get(c["text"], c["text"]) for c in chars), "x0": x0, "x1": x1, "top": top,
            "doctop": top, "bottom": bottom, "upright": True, "height": bottom - top, "width": x1 - x0,
            "direction": "ltr"}


def words_of(chars: list[_Obj]) -> list[_Obj]:
    """pdfplumber's extract_words (defaults): lines by clustering tops, each line's characters by x0, a word
    ended by a blank, a step back, a gap wider than the x tolerance or a jump in top."""
    if not chars:
        return []
    line_of = _clusters([c["top"] for c in chars], Y_TOLERANCE)
    ordered = sorted(chars, key=lambda c: line_of[c["top"]])  # stable: the content order within a line
    out: list[_Obj] = []
    for _, group in itertools.groupby(ordered, key=lambda c: line_of[c["top"]]):
        word: list[_Obj] = []
        for c in sorted(group, key=lambda c: c["x0"]):
            if c["text"].isspace():
                if word:
                    out.append(_merge(word))
                    word = []
                continue
            if word:
                p = word[-1]
                if c["x0"] < p["x0"] or c["x0"] > p["x1"] + X_TOLERANCE or abs(c["top"] - p["top"]) > Y_TOLERANCE:
                    out.append(_merge(word))
                    word = [c]
                    continue
            word.append(c)
        if word:
            out.append(_merge(word))
    return out


def cell_text(chars: list[_Obj]) -> str:
    """pdfplumber's extract_text (not layout): the words' lines by clustering tops, words joined by a space."""
    words = words_of(chars)
    if not words:
        return ""
    line_of = _clusters([w["top"] for w in words], Y_TOLERANCE)
    ordered = sorted(words, key=lambda w: line_of[w["top"]])
    return "\n".join(" ".join(w["text"] for w in line)
                     for _, line in itertools.groupby(ordered, key=lambda w: line_of[w["top"]]))


class _Table:
    """A table found by pdfplumber, read with `cell_text`: each character goes to the cell holding its centre
    (half-open boxes, as pdfplumber tests them), characters kept in content order."""

    def __init__(self, table: Any, chars: list[_Obj]) -> None:
        self.bbox = table.bbox
        self._rows = table.rows
        self._chars = chars

    def extract(self) -> list[list[str | None]]:
        mids = sorted(((c["top"] + c["bottom"]) / 2, i) for i, c in enumerate(self._chars))
        keys = [m for m, _ in mids]
        out: list[list[str | None]] = []
        for row in self._rows:
            _, top, _, bottom = row.bbox
            picked = sorted(i for _, i in mids[bisect.bisect_left(keys, top):bisect.bisect_left(keys, bottom)])
            row_chars = [self._chars[i] for i in picked]
            cells: list[str | None] = []
            for cell in row.cells:
                if cell is None:
                    cells.append(None)
                    continue
                x0, ctop, x1, cbottom = cell
                inside = [c for c in row_chars if x0 <= (c["x0"] + c["x1"]) / 2 < x1
                          and ctop <= (c["top"] + c["bottom"]) / 2 < cbottom]
                cells.append(cell_text(inside) if inside else "")
            out.append(cells)
        return out


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


def _unicode_of(c: Any, textpage: Any, n: int) -> list[int]:
    """Every character's code point in one call (FPDFText_GetText writes one UTF-16 unit per character index).
    Asked for one by one: a character outside the BMP (one unit cannot hold it) and 0xFFFE, which GetText writes
    for the 0x02 that marks a hyphen ending a line."""
    if n <= 0:
        return []
    buf = (ctypes.c_ushort * (n + 1))()
    c.FPDFText_GetText(textpage, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    codes = list(buf[:n])
    for i, u in enumerate(codes):
        if 0xD800 <= u <= 0xDFFF or u == 0xFFFE:
            codes[i] = c.FPDFText_GetUnicode(textpage, i)
    return codes


def _real_gaps(chars: list[_Obj]) -> list[_Obj]:
    """Spaces PDFium inserted: kept where the next character starts a visible gap after the one before (a tenth
    of the line's height: "tịch UBND"), dropped where the letters touch ("H" + "IỆP", split into two runs)."""
    out: list[_Obj] = []
    for k, ch in enumerate(chars):
        if "generated" not in ch:
            out.append(ch)
            continue
        del ch["generated"]
        prev = chars[k - 1]
        after = next((c for c in chars[k + 1:k + 3] if not c["text"].isspace()), None)
        if after is not None and after["x0"] - prev["x1"] > 0.1 * (prev["bottom"] - prev["top"]):
            out.append(ch)
    return out


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
        """The page's characters as the reader needs them (text, x0, x1, top, bottom). Per character this is
        four calls into PDFium (unmapped-glyph flag, box, font size, origin); the functions and argument
        references are bound once, as the loop runs for every character of an archive."""
        import pypdfium2.raw as c

        textpage = self._page.get_textpage()
        out: list[_Obj] = []
        rect = c.FS_RECTF()
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        ox, oy = ctypes.c_double(), ctypes.c_double()
        rect_ref, ox_ref, oy_ref = ctypes.byref(rect), ctypes.byref(ox), ctypes.byref(oy)
        tight = [ctypes.byref(v) for v in (left, right, bottom, top)]
        loose_box, tight_box = c.FPDFText_GetLooseCharBox, c.FPDFText_GetCharBox
        font_size, origin, map_error = c.FPDFText_GetFontSize, c.FPDFText_GetCharOrigin, c.FPDFText_HasUnicodeMapError
        generated = c.FPDFText_IsGenerated
        h = self.height
        inserted = False
        try:
            raw = textpage.raw
            n = c.FPDFText_CountChars(raw)
            codes = _unicode_of(c, raw, n)
            append = out.append
            for i in range(n):
                code = codes[i]
                if code in (0, 0xFFFE, 0xFFFF, 0x0D, 0x0A):
                    continue
                text = "-" if code == 0x02 else chr(code)  # PDFium marks a hyphen that ends a line as 0x02
                if (code < 0x20 and code != 0x02) or map_error(raw, i) == 1:
                    text = f"(cid:{code})"  # a glyph with no Unicode: written as pdfminer writes it
                if loose_box(raw, i, rect_ref):
                    x0, x1, y0, y1 = rect.left, rect.right, rect.bottom, rect.top
                elif tight_box(raw, i, *tight):
                    x0, x1, y0, y1 = left.value, right.value, bottom.value, top.value
                else:
                    continue
                if x1 < x0:
                    x0, x1 = x1, x0
                if y1 < y0:
                    y0, y1 = y1, y0
                if text.isspace() and out and generated(raw, i) == 1:
                    # a space PDFium inserts has a font size of 1, so a box below the line, where it breaks no
                    # word: it is put on the line of the character before it, and kept (below) only where the
                    # page shows a gap
                    t, b = out[-1]["top"], out[-1]["bottom"]
                    append({"text": text, "x0": x0, "x1": x1, "top": t, "bottom": b, "generated": True})
                    inserted = True
                    continue
                # the vertical box from the baseline and the font size, not the glyph: a capital with its marks
                # ("Ế") is taller than its neighbours, and word grouping compares tops
                size = font_size(raw, i)
                if size > 0 and origin(raw, i, ox_ref, oy_ref):
                    t, b = h - oy.value - 0.8 * size, h - oy.value + 0.2 * size
                else:
                    t, b = h - y1, h - y0
                append({"text": text, "x0": x0, "x1": x1, "top": t, "bottom": b})
        finally:
            textpage.close()
        return _real_gaps(out) if inserted else out

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
        """The page's words (the reader asks for pdfplumber's defaults, the only ones `words_of` knows)."""
        return words_of(self.chars)

    def find_tables(self) -> list[_Table]:
        out = []
        for t in TableFinder(self, TableSettings.resolve(None)).tables:  # type: ignore[arg-type]
            # only the characters inside the table are tested against its cells
            x0, top, x1, bottom = t.bbox
            out.append(_Table(t, [ch for ch in self.chars if x0 <= (ch["x0"] + ch["x1"]) / 2 <= x1
                                  and top <= (ch["top"] + ch["bottom"]) / 2 <= bottom]))
        return out
