"""A PDF page read with pypdfium2 (PDFium, C++) in the shape the PDF reader needs from pdfplumber: words with
boxes, the page's text, ruling edges, images, tables.

pdfminer (under pdfplumber) parses each page's content stream in Python, which is most of the time of a digital PDF;
PDFium does the same in C++. Words and path segments are laid out as pdfplumber's dictionaries (top-left origin,
`top`/`bottom`/`x0`/`x1`), and the tables are those pdfplumber's table finder finds on the edges (`pdf_grid`, the
same tables faster). Words and a table cell's text follow pdfplumber's own rules for upright left-to-right text at
its default tolerances (`_words`, `cell_text`): the blocks of every corpus PDF equal those pdfplumber gives on
pdfminer (tests/test_pdf_reader.py).
"""

from __future__ import annotations

import bisect
import ctypes
import functools
import itertools
import operator
import re
import struct
from typing import Any

from pdfplumber.utils.text import LIGATURES

from extract.readers.pdf_grid import Row, grid_tables

_Obj = dict[str, Any]
X_TOLERANCE = Y_TOLERANCE = 3.0  # pdfplumber's defaults


def cell_text(words: list[_Obj]) -> str:
    """pdfplumber's extract_text (not layout) of a cell: its words' lines by clustering tops (sorted tops chained
    while each is within 3 pt of the one before, as its cluster_list), each line's words by x0 joined by a
    space."""
    if len(words) < 2:
        return words[0]["text"] if words else ""
    line_of: dict[float, int] = {}
    k, last = 0, None
    for top in sorted({w["top"] for w in words}):
        if last is not None and top > last + Y_TOLERANCE:
            k += 1
        line_of[top] = k
        last = top
    if k == 0:
        return " ".join(w["text"] for w in sorted(words, key=_X0))
    # each line's words in their order, then by x0 (a stable sort: as one sort by line and x0)
    lines: list[list[_Obj]] = [[] for _ in range(k + 1)]
    for w in words:
        lines[line_of[w["top"]]].append(w)
    texts = []
    for line in lines:
        if len(line) > 1:
            line.sort(key=_X0)
            texts.append(" ".join([w["text"] for w in line]))
        else:
            texts.append(line[0]["text"])
    return "\n".join(texts)


_X0 = operator.itemgetter("x0")


class _Table:
    """A table found from the ruling lines (`pdf_grid`: pdfplumber's tables), read with `cell_text`: each word goes
    to the cell holding its centre (half-open boxes, as pdfplumber tests characters) and is marked `in_cell`; a word
    inside the table's box but in none of its cells is left to be read as a line of text, not lost."""

    def __init__(self, bbox: tuple[float, float, float, float], rows: list[Row], words: list[_Obj],
                 centres: list[tuple[float, float]], inside: list[int]) -> None:
        """`words` (the page's) and their `centres`; `inside`: the indexes of the words whose centre is in the
        table's box, by the y of their centre (then index): the order a cell's words are read in."""
        self.bbox = bbox
        self._rows = rows
        self._words, self._centres, self._inside = words, centres, inside

    @property
    def rows(self) -> list[Row]:
        """(row box, its cell boxes by column, None where a merged cell covers the slot), as pdfplumber's."""
        return self._rows

    def extract(self) -> list[list[str | None]]:
        cells = [cell for _, row in self._rows for cell in row if cell is not None]
        # the cells' edges cut the table into slots; a cell covers the slots between its edges, and a word's slot is
        # found by bisection: x0 <= x < x1 and top <= y < bottom, as testing the word against every cell
        xs = sorted({v for c in cells for v in (c[0], c[2])})
        ys = sorted({v for c in cells for v in (c[1], c[3])})
        covering: dict[tuple[int, int], list[int]] = {}
        for n, (x0, top, x1, bottom) in enumerate(cells):
            for a in range(bisect.bisect_left(ys, top), bisect.bisect_left(ys, bottom)):
                for b in range(bisect.bisect_left(xs, x0), bisect.bisect_left(xs, x1)):
                    covering.setdefault((a, b), []).append(n)
        members: list[list[_Obj]] = [[] for _ in cells]
        words, centres = self._words, self._centres
        for i in self._inside:
            cx, cy = centres[i]
            found = covering.get((bisect.bisect_right(ys, cy) - 1, bisect.bisect_right(xs, cx) - 1))
            if found:
                w = words[i]
                w["in_cell"] = True
                for n in found:
                    members[n].append(w)
        texts = iter([cell_text(m) for m in members])
        return [[None if cell is None else next(texts) for cell in row] for _, row in self._rows]


def _path_reader() -> Any:
    """A function: (path object, its matrix to page space) → its sub-paths as lists of points in page space (PDF
    origin bottom-left), or [] where the path shows nothing: neither stroked nor filled in a colour other than
    white. A white box under a line of text (an editor's highlight removed) is not a ruling line: its edges would
    make the paragraph a table of fragments, and the words outside its boxes would be no cell's."""
    import pypdfium2.raw as c

    draw_mode = _unchecked("FPDFPath_GetDrawMode", ctypes.c_int)
    stroke_colour = _unchecked("FPDFPageObj_GetStrokeColor", ctypes.c_int)
    fill_colour = _unchecked("FPDFPageObj_GetFillColor", ctypes.c_int)
    count_segments = _unchecked("FPDFPath_CountSegments", ctypes.c_int)
    get_segment = _unchecked("FPDFPath_GetPathSegment", ctypes.c_void_p)
    get_point = _unchecked("FPDFPathSegment_GetPoint", ctypes.c_int)
    segment_type = _unchecked("FPDFPathSegment_GetType", ctypes.c_int)
    get_close = _unchecked("FPDFPathSegment_GetClose", ctypes.c_int)
    modes = (ctypes.c_int * 2)()  # fill mode, stroke
    mode_refs = (ctypes.byref(modes, 0), ctypes.byref(modes, 4))
    rgba = (ctypes.c_uint * 4)()
    rgba_refs = [ctypes.byref(rgba, 4 * k) for k in range(4)]
    point = (ctypes.c_float * 2)()
    x_ref, y_ref = ctypes.byref(point, 0), ctypes.byref(point, 4)
    moveto = c.FPDF_SEGMENT_MOVETO

    def shows(get: Any, obj: Any) -> bool:
        if not get(obj, *rgba_refs):
            return True
        return rgba[3] > 0 and (rgba[0], rgba[1], rgba[2]) != (255, 255, 255)

    def read(obj: Any, matrix: tuple[float, ...]) -> list[list[tuple[float, float]]]:
        if draw_mode(obj, *mode_refs) and not ((modes[1] and shows(stroke_colour, obj))
                                               or (modes[0] and shows(fill_colour, obj))):
            return []
        a, b, cc, d, e, f = matrix
        subpaths: list[list[tuple[float, float]]] = []
        for k in range(count_segments(obj)):
            address = get_segment(obj, k)
            if not address:
                continue
            seg = _pointer(address)
            if not get_point(seg, x_ref, y_ref):
                continue
            x, y = point[0], point[1]
            xy = (a * x + cc * y + e, b * x + d * y + f)
            if not subpaths or segment_type(seg) == moveto:
                subpaths.append([xy])
            else:
                subpaths[-1].append(xy)
            if get_close(seg):
                subpaths[-1].append(subpaths[-1][0])
        return subpaths

    return read


def _multiply(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """m then n (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2, e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _text_of(c: Any, textpage: Any, n: int) -> str:
    """The page's text, a character for each character index, in one call (FPDFText_GetText writes one UTF-16
    unit per index). Asked for one by one: 0xFFFE, which GetText writes for the 0x02 that marks a hyphen ending a
    line, and, where a character lies outside the BMP (two units, so the text would be shorter than the page's
    characters), every character."""
    if n <= 0:
        return ""
    buf = (ctypes.c_ushort * (n + 1))()
    c.FPDFText_GetText(textpage, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    text = ctypes.string_at(buf, 2 * n).decode("utf-16-le", "surrogatepass")
    if len(text) != n or _SURROGATE.search(text):
        return "".join(chr(c.FPDFText_GetUnicode(textpage, i)) for i in range(n))
    if "\ufffe" in text:
        text = "".join(chr(c.FPDFText_GetUnicode(textpage, i)) if ch == "\ufffe" else ch for i, ch in enumerate(text))
    return text


def _pointer(address: int) -> Any:
    """A PDFium handle as ctypes passes a pointer argument (what c_void_p.from_param makes of an address): given
    to a function as it is, where a c_void_p is converted again at each call."""
    return ctypes.c_void_p.from_param(address)


@functools.cache
def _unchecked(name: str, restype: Any) -> Any:
    """The same PDFium function without ctypes' conversion of each argument (more than half of a call's time, for
    a call made several times a word): its callers pass handles as `_pointer`s, indexes as int and pointers by
    reference, which ctypes passes as they are. Called holding the GIL (PYFUNCTYPE): these functions return
    in well under a microsecond and never call back into Python, and giving the GIL up and taking it back was a
    sixth of each call (PDFium is only ever called from one thread at a time, as it must be)."""
    import pypdfium2.raw as c

    return ctypes.PYFUNCTYPE(restype)(ctypes.cast(getattr(c, name), ctypes.c_void_p).value)


def _box_reader(c: Any, raw: Any, height: float,
                vertical: dict[tuple[float, float], tuple[float, float]]) -> Any:
    """A function: character index → its box (_Box), None where PDFium has none (`raw`: the text page as a
    `_pointer`). The functions and argument references are bound once, as this runs for every word of an archive.
    `vertical`: the top and bottom known for a loose box's bottom and top, shared by the pages of one height."""
    rect = (ctypes.c_float * 4)()  # an FS_RECTF (left, top, right, bottom), read in one unpack
    unpack = struct.Struct("4f").unpack_from
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    ox, oy = ctypes.c_double(), ctypes.c_double()
    rect_ref, ox_ref, oy_ref = ctypes.byref(rect), ctypes.byref(ox), ctypes.byref(oy)
    tight = [ctypes.byref(v) for v in (left, right, bottom, top)]
    loose_box = _unchecked("FPDFText_GetLooseCharBox", ctypes.c_int)
    tight_box = _unchecked("FPDFText_GetCharBox", ctypes.c_int)
    font_size = _unchecked("FPDFText_GetFontSize", ctypes.c_double)
    origin = _unchecked("FPDFText_GetCharOrigin", ctypes.c_int)

    # the box from the baseline and the size is the same for characters of one line in one font, and so for those
    # whose loose boxes have the same top and bottom: asked once for each such pair (PDFium's loose box follows the
    # glyph's height where the font has no ascent and descent, so a line with accents has a few such pairs). It is
    # the same on every page of the same height, and a document's pages set their lines at the same heights.

    def box(i: int) -> _Box | None:
        if loose_box(raw, i, rect_ref):
            x0, y1, x1, y0 = unpack(rect)
            known = vertical.get((y0, y1))
            if known is not None:
                high, low = known  # top and bottom, from the page's top
                return (x0, x1, high, low) if x0 <= x1 else (x1, x0, high, low)
            key: tuple[float, float] | None = (y0, y1)
        elif tight_box(raw, i, *tight):
            x0, x1, y0, y1 = left.value, right.value, bottom.value, top.value
            key = None  # a glyph's own box says nothing of its line
        else:
            return None
        if x1 < x0:
            x0, x1 = x1, x0
        if y1 < y0:
            y0, y1 = y1, y0
        # the vertical box from the baseline and the font size, not the glyph: a capital with its marks ("Ế") is
        # taller than its neighbours, and word grouping compares tops
        size = font_size(raw, i)
        if size > 0 and origin(raw, i, ox_ref, oy_ref):
            ends = (height - oy.value - 0.8 * size, height - oy.value + 0.2 * size)
        else:
            ends = (height - y1, height - y0)
        if key is not None:
            vertical[key] = ends
        return x0, x1, *ends

    return box


def _goes_on(last: _Box, head: _Box, spaces: list[int], inserted: Any = None) -> bool:
    """Whether a word's text goes on from the character `last` to `head`: by pdfplumber's rule (on to the right,
    at most 3 pt apart, tops within 3 pt), and where `spaces` (indexes) lie between them, only if PDFium
    inserted them all (`inserted(spaces)`, asked last: a call each) and the letters touch (a tenth of the line's
    height: "H" + "IỆP" split into two runs, but "tịch UBND")."""
    if not (last[0] <= head[0] <= last[1] + X_TOLERANCE and abs(head[2] - last[2]) <= Y_TOLERANCE):
        return False
    return not spaces or (head[0] - last[1] <= 0.1 * (last[3] - last[2]) and inserted(spaces))


def _split_by_char(token: str | list[str], boxes: list[_Box | None]) -> list[tuple[str, _Box, _Box]]:
    """A run of characters cut into words character by character, by pdfplumber's rule (`_goes_on`): (text,
    first box, last box) each. A character without a box is dropped, as pdfplumber does."""
    out: list[tuple[str, _Box, _Box]] = []
    for ch, b in zip(token, boxes, strict=True):
        if b is None:
            continue
        if out and _goes_on(out[-1][2], b, []):
            text, head, _ = out[-1]
            out[-1] = (text + ch, head, b)
        else:
            out.append((ch, b, b))
    return out


def _spaces(text: str, start: int, end: int) -> list[int]:
    """The indexes of the spaces in text[start:end]."""
    if end - start == 1:
        return [start] if text[start] in _SPACE_SET else []
    return [k for k in range(start, end) if text[k] in _SPACE_SET]


def _extend(word: _Obj, piece: str, head: _Box, tail: _Box) -> None:
    """A word's text goes on with `piece` (from the character `head` to `tail`)."""
    word["text"] += piece
    word["x1"] = max(word["x1"], tail[1])
    word["top"], word["bottom"] = min(word["top"], head[2]), max(word["bottom"], head[3])


# what separates two words in PDFium's text of a page: a space (the page's own or one PDFium inserted), the line
# break PDFium inserts between text objects, the codes it gives for nothing (0, 0xFFFE, 0xFFFF)
_SPACES = "".join(chr(k) for k in range(0x20, 0x10000) if chr(k).isspace())
_SPACE_SET = frozenset(_SPACES)
_TOKEN = re.compile(f"[^{re.escape(_SPACES)}\r\n\x00\ufffe\uffff]+")
# a glyph's text as the reader writes it: PDFium marks a hyphen that ends a line as 0x02; another control code is a
# glyph with no Unicode, written as pdfminer writes it; ligatures spelt out as pdfplumber does
_GLYPH_TEXT = str.maketrans({0x02: "-", **{k: f"(cid:{k})" for k in range(0x20) if k not in (0x00, 0x02, 0x0A, 0x0D)},
                             **LIGATURES})
_GLYPH_CHARS = re.compile("|".join(re.escape(chr(k)) for k in _GLYPH_TEXT))
_Box = tuple[float, float, float, float]  # x0, x1, top, bottom (from the baseline and the font size)


class PdfiumPage:
    def __init__(self, page: Any, page_number: int,
                 verticals: dict[float, dict[tuple[float, float], tuple[float, float]]] | None = None) -> None:
        """`verticals`: what the pages read before this one of its document learnt of its characters' boxes, by
        page height (`_box_reader`), kept in it for the pages after."""
        self._page = page
        self.page_number = page_number
        self._verticals = {} if verticals is None else verticals
        self.width, self.height = (float(v) for v in page.get_size())
        self.bbox = (0.0, 0.0, self.width, self.height)
        self.images: list[_Obj] = []
        self.edges: list[_Obj] = []
        self.rects: list[_Obj] = []
        self.curves: list[_Obj] = []
        self._walk_objects()
        self.words = self._words()
        self.text = " ".join(w["text"] for w in self.words)

    # --- words ------------------------------------------------------------------------------------------------
    def _words(self) -> list[_Obj]:
        """The page's words (text, x0, x1, top, bottom), by pdfplumber's rules at its default tolerances: a word
        ends at a space, a gap wider than 3 pt or a jump of its top by more than 3 pt.

        The characters' code points come in one call; what lies between two spaces of that text is a word unless
        its first and last character say otherwise (the last before the first, or on another baseline: then its
        characters are asked one by one). So PDFium is asked for two boxes a word instead of four calls a
        character, which was most of the time of a digital PDF."""
        import pypdfium2.raw as c

        textpage = self._page.get_textpage()
        try:
            raw = textpage.raw
            n = c.FPDFText_CountChars(raw)
            text = _text_of(c, raw, n)
            raw = _pointer(ctypes.cast(raw, ctypes.c_void_p).value)  # for the unchecked calls from here on
            box = _box_reader(c, raw, self.height, self._verticals.setdefault(self.height, {}))
            generated = _unchecked("FPDFText_IsGenerated", ctypes.c_int)
            map_error = _unchecked("FPDFText_HasUnicodeMapError", ctypes.c_int)

            def inserted(indexes: list[int]) -> bool:
                return all(generated(raw, k) == 1 for k in indexes)

            # the runs between spaces, and PDFium's answers for their first and last characters, asked in bulk
            spans = [m.span() for m in _TOKEN.finditer(text)]
            firsts = [box(i) for i, _ in spans]
            finals = [box(j - 1) if j - i > 1 else f for (i, j), f in zip(spans, firsts, strict=True)]
            unmapped = [map_error(raw, i) == 1 for i, _ in spans]  # a font without a Unicode map: glyph codes
            words: list[_Obj] = []
            last: _Box | None = None  # the last character of the word before, in the page's content order
            end = 0
            glyphs = _GLYPH_CHARS.search(text) is not None  # a page with no glyph to spell out is not translated
            for (i, j), first, final, odd in zip(spans, firsts, finals, unmapped, strict=True):
                gap, end = end, j  # what lies between this run and the one before: nearly always one space
                if odd or first is None or final is None or final[0] < first[0] or final[2] != first[2] \
                        or final[3] != first[3]:
                    chars: str | list[str] = text[i:j]
                    if odd:
                        chars = [f"(cid:{ord(ch)})" if map_error(raw, k) == 1 else ch
                                 for k, ch in zip(range(i, j), chars, strict=True)]
                    pieces = _split_by_char(chars, [box(k) for k in range(i, j)])  # another font, line or order
                    spaces = _spaces(text, gap, i)
                    for piece, head, tail in pieces:
                        piece = piece.translate(_GLYPH_TEXT)
                        if last is not None and _goes_on(last, head, spaces, inserted):
                            _extend(words[-1], piece, head, tail)
                        else:
                            words.append({"text": piece, "x0": head[0], "x1": tail[1], "top": head[2],
                                          "bottom": head[3]})
                        last, spaces = tail, []
                    continue
                # nearly always: the run is a word, or goes on with the one before (the test of _goes_on, with the
                # spaces between them looked at only where the boxes would join)
                piece = text[i:j].translate(_GLYPH_TEXT) if glyphs else text[i:j]
                if last is not None and last[0] <= first[0] <= last[1] + X_TOLERANCE \
                        and abs(first[2] - last[2]) <= Y_TOLERANCE \
                        and _goes_on(last, first, _spaces(text, gap, i), inserted):
                    _extend(words[-1], piece, first, final)
                else:
                    words.append({"text": piece, "x0": first[0], "x1": final[1], "top": first[2],
                                  "bottom": first[3]})
                last = final
        finally:
            textpage.close()
        return words

    # --- ruling lines and images ------------------------------------------------------------------------------
    def _walk_objects(self) -> None:
        """The page's paths (as ruling edges) and images, in forms too. Most of a page's objects are text, skipped;
        a table's rules are hundreds of paths of a few segments: every PDFium function is bound once and called
        without ctypes' conversions, on the objects' addresses."""
        import pypdfium2.raw as c

        identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        get_object = _unchecked("FPDFPage_GetObject", ctypes.c_void_p)
        get_type = _unchecked("FPDFPageObj_GetType", ctypes.c_int)
        form_count = _unchecked("FPDFFormObj_CountObjects", ctypes.c_int)
        form_object = _unchecked("FPDFFormObj_GetObject", ctypes.c_void_p)
        get_matrix = _unchecked("FPDFPageObj_GetMatrix", ctypes.c_int)
        get_bounds = _unchecked("FPDFPageObj_GetBounds", ctypes.c_int)
        floats = (ctypes.c_float * 6)()  # a matrix (a…f) or bounds (left, bottom, right, top)
        float_refs = [ctypes.byref(floats, 4 * k) for k in range(4)]
        matrix_ref = float_refs[0]
        read_paths = _path_reader()
        page = _pointer(ctypes.cast(self._page.raw, ctypes.c_void_p).value)
        stack: list[tuple[Any, tuple[float, ...]]] = []  # (object, the matrix of the form holding it)
        for k in range(c.FPDFPage_CountObjects(self._page.raw)):
            address = get_object(page, k)
            if address:
                obj = _pointer(address)
                if get_type(obj) != c.FPDF_PAGEOBJ_TEXT:
                    stack.append((obj, identity))
        while stack:
            obj, parent = stack.pop()
            kind = get_type(obj)
            if kind in (c.FPDF_PAGEOBJ_FORM, c.FPDF_PAGEOBJ_PATH):
                own = tuple(floats) if get_matrix(obj, matrix_ref) else identity
                if kind == c.FPDF_PAGEOBJ_FORM:
                    inner = _multiply(own, parent)
                    for j in range(form_count(obj)):
                        address = form_object(obj, j)
                        if address:
                            stack.append((_pointer(address), inner))
                else:
                    subpaths = read_paths(obj, _multiply(own, parent))
                    if subpaths:
                        self._add_path(subpaths)
            elif kind == c.FPDF_PAGEOBJ_IMAGE and get_bounds(obj, *float_refs):
                # bounds of an object inside a form are in the form's space: map its corners
                left, bottom, right, top = floats[0], floats[1], floats[2], floats[3]
                a, b, cc, d, e, f = parent
                xs = [a * px + cc * py + e for px, py in ((left, bottom), (right, top))]
                ys = [b * px + d * py + f for px, py in ((left, bottom), (right, top))]
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
        """The page's words (the reader asks for pdfplumber's defaults, the only ones `_words` knows)."""
        return self.words

    def find_tables(self) -> list[_Table]:
        tables = grid_tables(self.edges)
        if not tables:
            return []
        centres = [((w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2) for w in self.words]
        mids = sorted(zip([cy for _, cy in centres], range(len(centres)), strict=True))  # (y, index)
        keys = [m for m, _ in mids]
        out = []
        for bbox, rows in tables:
            # only the words inside the table (their centres, edges included) are tested against its cells
            x0, top, x1, bottom = bbox
            inside = [i for _, i in mids[bisect.bisect_left(keys, top):bisect.bisect_right(keys, bottom)]
                      if x0 <= centres[i][0] <= x1]
            out.append(_Table(bbox, rows, self.words, centres, inside))
        return out
