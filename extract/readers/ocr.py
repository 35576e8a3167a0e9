"""OCR of scanned pages with Tesseract (Vietnamese model), tables recovered from the page's ruling lines.

The page is rendered, its ruling lines are found (long runs of dark pixels), the lines are erased so that
Tesseract reads the text between them, and every word is put into the table cell that holds its centre. A
separator that is missing inside a row (a cell spanning two columns, "Trách nhiệm" over "Chủ trì | Phối hợp")
merges those cells: the text goes to the first column and the columns it covers stay empty, as the DOCX and PDF
readers give them. Words outside every table become lines, split where the gap between words is wide.

A page is rendered at 300 dpi of the sheet it shows: its page box, unless the page box is no paper size (a photo
of an A4 sheet placed on a 55 × 78 cm page), when the page's image is taken for an A4 sheet; never above a pixel
budget. Tesseract runs in this process (`extract/readers/tesseract.py`); the pages of one file are read by as many
threads as the batch engine lends cores (`extract/work.py`).
"""

from __future__ import annotations

import gc
import math
import re
import threading
import time
import unicodedata
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from extract.lexicon import canon
from extract.readers.tesseract import recognize_tsv
from extract.work import Work

OCR_DPI = 300
MIN_H_RUN = 0.05  # a horizontal ruling line is at least this share of the page width
MIN_V_RUN = 0.015  # a vertical one at least this share of the page height
# and never shorter than on an A4 sheet at 300 dpi (the render's density): on a smaller page (a half sheet, a slip)
# the shares would fall to the height of a letter, and letters' stems would be erased as ruling lines
MIN_H_PIXELS, MIN_V_PIXELS = int(MIN_H_RUN * 2480), int(MIN_V_RUN * 3508)
PRESENT = 0.6  # share of a cell side that must be dark for the separator to be there
ERASE_FRINGE = 2  # pixels around a ruling line erased with it
_NOISE = re.compile(r"^[—_`ˆ'\"~|‘’“”]+$")  # specks and line remnants read as punctuation

CM = 72 / 2.54  # points
PAPER = (20 * CM, 43 * CM)  # a page box whose long side is in this range is a sheet of paper (A5 to A3)
A4_LONG = 29.7 * CM
MAX_PIXELS = 3508 * 4961  # A3 at 300 dpi: any sheet at 300 dpi, and a bound on a page's memory (~17 Mpx)
IMAGE_COVER = 0.5  # an image over at least this share of the page is the scan of the page
# Tesseract's confidence (0-100) under which a word with a figure is unsure. On the archive's scans, handwritten
# numbers misread scored 50-57 ("233" for 289, "S/2" for 512), printed numbers and dates 76 and more, a clear
# handwritten "03" 67
UNSURE_FIGURE = 60.0

@dataclass
class OcrLine:
    top: float
    x0: float
    x1: float
    text: str
    words: list[dict] = field(default_factory=list)  # Tesseract's words, left to right


@dataclass
class OcrTable:
    top: float
    x0: float
    x1: float
    rows: list[list[str]] = field(default_factory=list)
    # (row, col) → (row span, col span) of a cell whose separators are missing
    spans: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    unsure: tuple[str, ...] = ()  # the figures of its cells read with low confidence (`unsure_figures`)


def unsure_figures(words: list[dict]) -> tuple[str, ...]:
    """The figures (digits and separators alone) that Tesseract read with a confidence under UNSURE_FIGURE: a header
    value made of one is not read (a handwritten number is left empty, never guessed). A figure glued to a word
    ("ngày24") is not judged: the glue, not the figure, lowers its confidence."""
    out = []
    for w in words:
        figure = _NUMBER_LABEL.sub("", w["text"])
        under = UNSURE_FIGURE if figure == w["text"] else UNSURE_GLUED
        if w.get("conf", 100.0) < under and any(ch.isdigit() for ch in figure) and not any(
                ch.isalpha() for ch in figure):
            out.append(figure)
    return tuple(out)


# Tesseract's confidence under which a word of letters is unsure. A name under a seal misread into other letters
# scored 65 ("Tong" for "Long"); names read right under seals 79 and more. A value whose words are unsure is left
# empty (extract/header.py: drop_misread)
UNSURE_WORD = 70.0


def unsure_letters(words: list[dict]) -> tuple[str, ...]:
    """The words of letters alone that Tesseract read with a confidence under UNSURE_WORD."""
    return tuple(unicodedata.normalize("NFC", w["text"]) for w in words
                 if w.get("conf", 100.0) < UNSURE_WORD and w["text"].isalpha())


# Tesseract's confidence from which a word that is a word is taken as printed, its marks changed only where Tesseract
# misses them (extract/readers/ocr_words.py: misread_as). Of fifty syllables the word list changed at 90 or more,
# nineteen were right as read; of thirty at 75 to 89, one was
SURE_WORD = 90.0
_LETTERS = re.compile(r"[^\W\d_]+")


def sure_words(words: list[dict]) -> frozenset[str]:
    """The syllables (lower case, marks placed as `lexicon.canon` places them) that Tesseract read with a confidence
    of SURE_WORD or more wherever they occur among `words`."""
    sure: set[str] = set()
    unsure: set[str] = set()
    for w in words:
        for s in _LETTERS.findall(unicodedata.normalize("NFC", w["text"])):
            (sure if w.get("conf", 0.0) >= SURE_WORD else unsure).add(canon(s.lower()))
    return frozenset(sure - unsure)


# the number's label glued to a handwritten number ("Số:4340" for "Số: 1710", 63): the word's confidence averages the
# printed label's sure letters with the figure's, so it is judged against the floor of printed figures (76)
_NUMBER_LABEL = re.compile(r"^S[ốoóôồổ]\s*[:;.]\s*(?=\d)")
UNSURE_GLUED = 76.0


def _cell_spans(grid: _Grid) -> dict[tuple[int, int], tuple[int, int]]:
    """A cell runs on across every separator missing to its right (`merged`) and below it (`joined`)."""
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for r in range(len(grid.ys) - 1):
        for c in range(len(grid.xs) - 1):
            if (r, c) in grid.merged or (r, c) in grid.joined:
                continue  # covered by the cell on its left or above it
            k = c + 1
            while (r, k) in grid.merged:
                k += 1
            n = r + 1
            while (n, c) in grid.joined:
                n += 1
            if (n - r, k - c) != (1, 1):
                spans[(r, c)] = (n - r, k - c)
    return spans


def _holders(mask: np.ndarray, length: int, axis: int) -> np.ndarray:
    """The rows (axis 1) or columns (axis 0) that can hold a run of `length` dark pixels along `axis`: those with a
    whole dark block of `(length + 1) // 2` pixels aligned on a multiple of that size, as any run that long covers
    one. On a page of text they are a few (the ruling lines, an underline, tall letters' stems)."""
    block = (length + 1) // 2
    n = mask.shape[axis] // block
    if axis == 1:
        blocks = mask[:, : n * block].reshape(mask.shape[0], n, block).all(axis=2)
    else:
        blocks = mask[: n * block].reshape(n, block, mask.shape[1]).all(axis=1).T
    return np.flatnonzero(blocks.any(axis=1))


def _runs(mask: np.ndarray, length: int) -> np.ndarray:
    """Pixels that belong to a run of at least `length` dark pixels along axis 1 (searched in `_holders` only)."""
    out = np.zeros_like(mask)
    rows = _holders(mask, length, 1) if mask.shape[1] >= length else []
    if len(rows):
        out[rows] = _row_runs(mask[rows], length)
    return out


def _column_runs(mask: np.ndarray, length: int) -> np.ndarray:
    """The same along axis 0."""
    out = np.zeros_like(mask)
    cols = _holders(mask, length, 0) if mask.shape[0] >= length else []
    if len(cols):
        out[:, cols] = _row_runs(np.ascontiguousarray(mask[:, cols].T), length).T
    return out


def _row_runs(mask: np.ndarray, length: int) -> np.ndarray:
    """Each row's runs are found from where the mask changes (a start and its end, in order), the long ones are
    marked +1 at their start and -1 after their end, and a running sum paints them: a few passes over bytes, where
    a sliding window over the whole page took as long as Tesseract itself."""
    height, width = mask.shape
    padded = np.zeros((height, width + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    change = np.diff(padded, axis=1).ravel()  # each row: width + 1 places, +1 where a run starts, -1 after it
    starts = np.flatnonzero(change == 1)
    ends = np.flatnonzero(change == -1)  # every run ends in its own row (the padding), so they pair in order
    long = (ends - starts) >= length
    marks = np.zeros(change.size + 1, dtype=np.int8)
    marks[starts[long]] = 1
    marks[ends[long]] = -1
    return np.cumsum(marks[:-1], dtype=np.int8).reshape(height, width + 1)[:, :width].view(bool)


def _dilate(mask: np.ndarray, radius: int) -> np.ndarray:
    """The mask grown by `radius` pixels up, down, left and right (no wrap-around at the page edges)."""
    out = mask.copy()
    for d in range(1, radius + 1):
        out[d:] |= mask[:-d]
        out[:-d] |= mask[d:]
        out[:, d:] |= mask[:, :-d]
        out[:, :-d] |= mask[:, d:]
    return out


def _groups(indices: np.ndarray, gap: int = 3) -> list[tuple[int, int]]:
    """Consecutive index runs (a ruling line a few pixels thick is one line)."""
    out: list[tuple[int, int]] = []
    for i in indices.tolist():
        if out and i - out[-1][1] <= gap:
            out[-1] = (out[-1][0], i)
        else:
            out.append((i, i))
    return out


@dataclass
class _Grid:
    ys: list[int]
    xs: list[int]
    merged: set[tuple[int, int]]  # (band, boundary index) where the vertical separator is missing
    # (row, column) where the horizontal separator above the row is missing: the cell above runs on into it
    joined: set[tuple[int, int]] = field(default_factory=set)

    @property
    def box(self) -> tuple[int, int, int, int]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]


def _grids(hmask: np.ndarray, vmask: np.ndarray) -> list[_Grid]:
    width = hmask.shape[1]
    rows = _groups(np.flatnonzero(hmask.sum(axis=1) > MIN_H_RUN * width))
    grids: list[_Grid] = []
    used: set[int] = set()
    for i, (a, b) in enumerate(rows):
        if i in used:
            continue
        band = hmask[a : b + 1].any(axis=0)
        x0, x1 = int(np.argmax(band)), int(width - np.argmax(band[::-1]) - 1)
        ys = [(a + b) // 2]
        for j in range(i + 1, len(rows)):
            c, d = rows[j]
            seg = hmask[c : d + 1].any(axis=0)
            # a line of the same table overlaps its width and is joined to the line above by verticals
            if seg[x0 : x1 + 1].mean() < 0.3 or not vmask[ys[-1] + 2 : c - 1, x0 : x1 + 1].any(axis=0).any():
                break
            ys.append((c + d) // 2)
            used.add(j)
        if len(ys) < 2:
            continue
        cols = vmask[ys[0] : ys[-1] + 1, max(0, x0 - 4) : x1 + 5]
        heights = np.diff(ys)
        xs_groups = _groups(np.flatnonzero(cols.sum(axis=0) >= 0.8 * heights.min()))
        xs = [max(0, x0 - 4) + (p + q) // 2 for p, q in xs_groups]
        if len(xs) < 2:
            continue
        merged: set[tuple[int, int]] = set()
        for r in range(len(ys) - 1):
            top, bottom = ys[r] + 3, ys[r + 1] - 2
            if bottom <= top:
                continue
            for k in range(1, len(xs) - 1):
                strip = vmask[top:bottom, max(0, xs[k] - 3) : xs[k] + 4].any(axis=1)
                if strip.mean() < PRESENT:
                    merged.add((r, k))
        joined: set[tuple[int, int]] = set()
        for j in range(1, len(ys) - 1):
            for c in range(len(xs) - 1):
                left, right = xs[c] + 3, xs[c + 1] - 2
                if right <= left:
                    continue
                strip = hmask[max(0, ys[j] - 3) : ys[j] + 4, left:right].any(axis=0)
                if strip.mean() < PRESENT:
                    joined.add((j, c))
        grids.append(_Grid(ys=ys, xs=xs, merged=merged, joined=joined))
    return grids


def _words(tsv: str) -> list[dict]:
    words: list[dict] = []
    for row in tsv.splitlines():
        parts = row.split("\t")
        if len(parts) < 12 or not parts[11].strip() or parts[0] != "5":
            continue
        text = _unglue(parts[11].strip().strip("|_"))
        if not text or _NOISE.match(text):
            continue  # a ruling line read as "|"
        left, top, w, h = (float(x) for x in parts[6:10])
        words.append({"text": text, "x0": left, "x1": left + w, "top": top, "bottom": top + h,
                      "line": (int(parts[2]), int(parts[3]), int(parts[4])), "conf": float(parts[10])})
    return words


def _unglue(word: str) -> str:
    """Tesseract runs an acronym into the next capitalised word ("UBNDCác"): put the space back."""
    out = []
    for i, ch in enumerate(word):
        if (i >= 2 and ch.isupper() and word[i - 1].isupper() and word[i - 2].isupper() and i + 1 < len(word)
                and word[i + 1].islower()):
            out.append(" ")
        out.append(ch)
    return "".join(out)


def _cell_text(words: list[dict]) -> str:
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines and abs(w["top"] - lines[-1][0]["top"]) <= 0.5 * (lines[-1][0]["bottom"] - lines[-1][0]["top"]):
            lines[-1].append(w)
        else:
            lines.append([w])
    return "\n".join(" ".join(w["text"] for w in sorted(line, key=lambda w: w["x0"])) for line in lines)


def render_scale(width: float, height: float, image: tuple[float, float] | None) -> float:
    """Pixels per point to render a page of `width` × `height` points whose scan, if it has one, is shown
    `image` = (width, height) points large: 300 dpi of the sheet, within the pixel budget."""
    scale = OCR_DPI / 72
    if image is not None and not PAPER[0] <= max(width, height) <= PAPER[1]:
        # the page box is not the sheet: the scan is, read as an A4 sheet at 300 dpi
        scale = OCR_DPI / 72 * A4_LONG / max(image)
    pixels = width * height * scale * scale
    if pixels > MAX_PIXELS:
        scale *= math.sqrt(MAX_PIXELS / pixels)
    return scale


_PDFIUM = threading.Lock()  # PDFium is not thread-safe: one call into it at a time in the process


def _scan_image(page: Any) -> tuple[float, float] | None:
    """The size (points) of the image that covers the page, if one does."""
    import pypdfium2.raw as pdfium_c

    width, height = page.get_size()
    best = None
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        size = (right - left, top - bottom)
        area = size[0] * size[1]
        if area >= IMAGE_COVER * width * height and (best is None or area > best[0] * best[1]):
            best = size
    return best


REDNESS = 40  # how much a pixel's red exceeds its green and blue for it to be a seal's ink
SEAL_SHARE = 0.02  # the share of a picture region's pixels in red ink for it to be a seal's
MIN_PICTURE = (150, 60)  # the least width and height, in pixels at 300 dpi, of a picture region worth reading
PICTURE_MARGIN = 10  # pixels of page around a picture region read again
SEAL_SCRAP = 50.0  # Tesseract's confidence under which a word read under a seal is a scrap of its strokes


@dataclass
class Rendered:
    """A page as OCR reads it: its grey (luminance), and the same grey with the red ink as light as its red channel,
    for the regions under a seal (`read_page`). The luminance is what a page is read from: a scan's JPEG keeps
    colour at half resolution, so a channel of black print is blurred and misreads marks ("Hồ" for "Hỗ")."""

    grey: np.ndarray
    unsealed: np.ndarray
    red_ink: np.ndarray


def _layers(image: Any) -> Rendered:
    """The grey of an RGB PIL image, and that grey with its red pixels as light as their red channel."""
    rgb = np.asarray(image)
    grey = np.asarray(image.convert("L"))
    red = rgb[:, :, 0]
    red_ink = red.astype(np.int16) - np.maximum(rgb[:, :, 1], rgb[:, :, 2]) > REDNESS
    unsealed = grey.copy()
    unsealed[red_ink] = red[red_ink]
    return Rendered(grey, unsealed, red_ink)


def render_layers(pdf: Any, index: int) -> Rendered:
    """Page `index` (0-based) of a pypdfium2 document at `render_scale`, grey and without its red ink."""
    with _PDFIUM:
        page = pdf[index]
        try:
            width, height = page.get_size()
            bitmap = page.render(scale=render_scale(width, height, _scan_image(page)))
            try:
                return _layers(bitmap.to_pil().convert("RGB"))
            finally:
                bitmap.close()
        finally:
            page.close()


def render_page(pdf: Any, index: int) -> np.ndarray:
    """Page `index` (0-based) of a pypdfium2 document, grey, at `render_scale`."""
    return render_layers(pdf, index).grey


def erase_ruling_lines(pixels: np.ndarray) -> tuple[np.ndarray, list[_Grid]]:
    """The page with its ruling lines erased, as Tesseract is given it, and the tables' grids they draw."""
    dark = pixels < 128
    height, width = dark.shape
    hmask = _runs(dark, max(MIN_H_PIXELS, int(MIN_H_RUN * width)))
    vmask = _column_runs(dark, max(MIN_V_PIXELS, int(MIN_V_RUN * height)))
    grids = _grids(hmask, vmask)
    ruled = hmask | vmask
    if not ruled.any():
        return pixels, grids
    # erase the ruling lines with their anti-aliased fringe: Tesseract reads them as "|" and joins cells
    clean = pixels.copy()
    clean[_dilate(ruled, ERASE_FRINGE)] = 255
    return clean, grids


def _pictures(tsv: str) -> list[tuple[int, int, int, int]]:
    """The regions (left, top, width, height) Tesseract took for pictures: a word of no text."""
    boxes = []
    for row in tsv.splitlines():
        parts = row.split("\t")
        if len(parts) >= 12 and parts[0] == "5" and not parts[11].strip():
            left, top, w, h = (int(float(x)) for x in parts[6:10])
            boxes.append((left, top, w, h))
    return boxes


def _under_seals(tsv: str, page: Rendered, seconds: float | None) -> list[dict] | None:
    """The words of the picture regions that a seal's red ink covers, read again with the red made light: a
    signature block under the seal ("KT. BỘ TRƯỞNG / THỨ TRƯỞNG / … Nguyễn Văn Long") is a picture to Tesseract
    while the red is there. None when `seconds` ran out."""
    words: list[dict] = []
    started = time.monotonic()
    for n, (x, y, w, h) in enumerate(_pictures(tsv)):
        if w < MIN_PICTURE[0] or h < MIN_PICTURE[1] or page.red_ink[y : y + h, x : x + w].mean() < SEAL_SHARE:
            continue
        left = None if seconds is None else seconds - (time.monotonic() - started)
        if left is not None and left <= 0:
            return None
        x0, y0 = max(0, x - PICTURE_MARGIN), max(0, y - PICTURE_MARGIN)
        crop = np.ascontiguousarray(page.unsealed[y0 : y + h + PICTURE_MARGIN, x0 : x + w + PICTURE_MARGIN])
        read = recognize_tsv(crop, psm=4, seconds=left)
        if read is None:
            return None
        for word in _words(read):
            if not any(c.isalnum() for c in word["text"]) or (word["conf"] < SEAL_SCRAP and not word["text"].isalpha()):
                # what is left of the seal's strokes ("-2%⁄#—" at 5, a dash before the name); a word of letters
                # stays, its confidence making it unsure (`unsure_letters`), so that no name loses a word unseen
                continue
            word.update(x0=word["x0"] + x0, x1=word["x1"] + x0, top=word["top"] + y0, bottom=word["bottom"] + y0,
                        # lines of their own, apart from the page's (whose blocks count from 1)
                        line=(-1000 * (n + 1) - word["line"][0], *word["line"][1:]))
            words.append(word)
    return words


def read_page(page: np.ndarray | Rendered,
              seconds: float | None = None) -> tuple[list[OcrLine], list[OcrTable], float] | None:
    """Lines and tables of a page (a grey image, or a `Rendered` page whose regions under a seal are read again
    without the red), with the page width in the same pixel units; None when `seconds` ran out before Tesseract
    finished."""
    pixels = page.grey if isinstance(page, Rendered) else page
    clean, grids = erase_ruling_lines(pixels)
    width = float(pixels.shape[1])
    started = time.monotonic()
    tsv = recognize_tsv(clean, psm=4, seconds=seconds)
    if tsv is None:
        return None
    words = _words(tsv)
    if isinstance(page, Rendered):
        more = _under_seals(tsv, page, None if seconds is None else seconds - (time.monotonic() - started))
        if more is None:
            return None
        words += more

    tables: list[OcrTable] = []
    cells: list[list[list[list[dict]]]] = [
        [[[] for _ in range(len(g.xs) - 1)] for _ in range(len(g.ys) - 1)] for g in grids
    ]
    free: list[dict] = []
    for w in words:
        cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
        for g, grid_cells in zip(grids, cells, strict=True):
            x0, y0, x1, y1 = g.box
            if x0 <= cx <= x1 and y0 <= cy <= y1:
                r = int(np.searchsorted(g.ys, cy)) - 1
                k = int(np.searchsorted(g.xs, cx)) - 1
                r = min(r, len(g.ys) - 2)
                while k > 0 and (r, k) in g.merged:
                    k -= 1  # a spanning cell: its text belongs to the first column it covers
                while r > 0 and (r, k) in g.joined:
                    r -= 1  # and to the first row it covers
                grid_cells[min(r, len(g.ys) - 2)][min(k, len(g.xs) - 2)].append(w)
                break
        else:
            free.append(w)
    for g, grid_cells in zip(grids, cells, strict=True):
        rows = [[_cell_text(c) for c in row] for row in grid_cells]
        tables.append(OcrTable(top=float(g.ys[0]), x0=float(g.xs[0]), x1=float(g.xs[-1]), rows=rows,
                               spans=_cell_spans(g),
                               unsure=unsure_figures([w for row in grid_cells for c in row for w in c])))

    by_line: dict[tuple[int, int, int], list[dict]] = {}
    for w in free:
        by_line.setdefault(w["line"], []).append(w)
    lines = []
    for ws in by_line.values():
        ordered = sorted(ws, key=lambda w: w["x0"])
        lines.append(OcrLine(top=min(w["top"] for w in ws), x0=ordered[0]["x0"], x1=max(w["x1"] for w in ws),
                             text=" ".join(w["text"] for w in ordered), words=ordered))
    return lines, tables, width


PageText = tuple[list[OcrLine], list[OcrTable], float]


def ocr_pages(render: Callable[[int], np.ndarray | Rendered], indexes: list[int], work: Work) -> dict[int, PageText]:
    """OCR the pages `indexes` (0-based), in order, by this thread and by one more thread for each core `work`
    lends while other workers idle. No page is started once the file's time has run out, and a page whose time runs
    out in Tesseract is not read. Returns the pages read: the others are the caller's to report."""
    todo = deque(indexes)
    done: dict[int, PageText] = {}
    failed: list[BaseException] = []
    lock = threading.Lock()
    stop = threading.Event()

    def step() -> bool:
        """Read the next page; False when there is none to read (or no more time)."""
        with lock:
            if not todo or stop.is_set():
                return False
            index = todo.popleft()
        left = work.time_left()
        page = read_page(render(index), seconds=left) if left is None or left > 0 else None
        if page is None:
            stop.set()
            return False
        with lock:
            done[index] = page
        work.page_done()
        return True

    def on_lent_core() -> None:
        try:
            while step() and not work.cores.overbooked():  # until another worker needs the core back
                pass
        except BaseException as exc:
            stop.set()
            failed.append(exc)
        finally:
            work.cores.release()

    helpers: list[threading.Thread] = []
    try:
        while True:
            if len(todo) > 1 and not stop.is_set() and work.cores.claim():
                if not helpers:
                    # what reading the text pages left to the cyclic collector is freed now, in this thread: no
                    # PDFium object may be freed by a collection in one thread while another renders
                    gc.collect()
                helper = threading.Thread(target=on_lent_core, daemon=True)
                helper.start()
                helpers.append(helper)
            if not step():
                break
    except BaseException:
        stop.set()
        raise
    finally:
        for helper in helpers:
            helper.join()
    if failed:
        raise failed[0]
    return done
