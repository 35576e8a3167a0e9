"""OCR of one scanned page with Tesseract (Vietnamese model), tables recovered from the page's ruling lines.

The page is rendered, its ruling lines are found (long runs of dark pixels), the lines are erased so that
Tesseract reads the text between them, and every word is put into the table cell that holds its centre. A
separator that is missing inside a row (a cell spanning two columns, "Trách nhiệm" over "Chủ trì | Phối hợp")
merges those cells: the text goes to the first column and the columns it covers stay empty, as the DOCX and PDF
readers give them. Words outside every table become lines, split where the gap between words is wide.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from extract.readers.text import ReaderError

OCR_DPI = 300
MIN_H_RUN = 0.05  # a horizontal ruling line is at least this share of the page width
MIN_V_RUN = 0.015  # a vertical one at least this share of the page height
PRESENT = 0.6  # share of a cell side that must be dark for the separator to be there
ERASE_FRINGE = 2  # pixels around a ruling line erased with it
_NOISE = re.compile(r"^[—_`ˆ'\"~|‘’“”]+$")  # specks and line remnants read as punctuation


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


def _runs(mask: np.ndarray, length: int) -> np.ndarray:
    """Pixels that belong to a run of at least `length` dark pixels along axis 1."""
    if mask.shape[1] < length:
        return np.zeros_like(mask)
    c = np.cumsum(np.pad(mask.astype(np.int32), ((0, 0), (1, 0))), axis=1)
    full = (c[:, length:] - c[:, :-length]) == length  # a full window starts here
    starts = np.zeros(mask.shape, dtype=np.int32)
    starts[:, : full.shape[1]] = full
    s = np.cumsum(np.pad(starts, ((0, 0), (1, 0))), axis=1)
    covered = np.zeros(mask.shape, dtype=bool)
    idx = np.arange(mask.shape[1])
    lo = np.maximum(idx - length + 1, 0)
    covered[:] = (s[:, idx + 1] - s[:, lo]) > 0
    return covered


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
        grids.append(_Grid(ys=ys, xs=xs, merged=merged))
    return grids


def _tesseract(image, psm: int = 4) -> list[dict]:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "page.png"
        image.save(png)
        proc = subprocess.run(["tesseract", str(png), "stdout", "-l", "vie", "--psm", str(psm), "tsv"],
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
        text = _unglue(parts[11].strip().strip("|_"))
        if not text or _NOISE.match(text):
            continue  # a ruling line read as "|"
        left, top, w, h = (float(x) for x in parts[6:10])
        words.append({"text": text, "x0": left, "x1": left + w, "top": top, "bottom": top + h,
                      "line": (int(parts[2]), int(parts[3]), int(parts[4]))})
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


def ocr_page(pdf_bytes: bytes, index: int) -> tuple[list[OcrLine], list[OcrTable], float]:
    """Lines and tables of page `index` (0-based), with the page width in the same pixel units."""
    if shutil.which("tesseract") is None:
        raise ReaderError("this PDF page is a scan and Tesseract is not installed: "
                          "apt-get install tesseract-ocr tesseract-ocr-vie")
    import pypdfium2 as pdfium
    from PIL import Image

    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        image = pdf[index].render(scale=OCR_DPI / 72).to_pil().convert("L")
    finally:
        pdf.close()
    pixels = np.asarray(image)
    dark = pixels < 128
    height, width = dark.shape
    hmask = _runs(dark, max(20, int(MIN_H_RUN * width)))
    vmask = _runs(dark.T, max(20, int(MIN_V_RUN * height))).T
    grids = _grids(hmask, vmask)
    # erase the ruling lines with their anti-aliased fringe: Tesseract reads them as "|" and joins cells
    clean = pixels.copy()
    clean[_dilate(hmask | vmask, ERASE_FRINGE)] = 255
    words = _tesseract(Image.fromarray(clean))

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
                while k > 0 and (r, k) in g.merged:
                    k -= 1  # a spanning cell: its text belongs to the first column it covers
                grid_cells[min(r, len(g.ys) - 2)][min(k, len(g.xs) - 2)].append(w)
                break
        else:
            free.append(w)
    for g, grid_cells in zip(grids, cells, strict=True):
        rows = [[_cell_text(c) for c in row] for row in grid_cells]
        tables.append(OcrTable(top=float(g.ys[0]), x0=float(g.xs[0]), x1=float(g.xs[-1]), rows=rows))

    by_line: dict[tuple[int, int, int], list[dict]] = {}
    for w in free:
        by_line.setdefault(w["line"], []).append(w)
    lines = []
    for ws in by_line.values():
        ordered = sorted(ws, key=lambda w: w["x0"])
        lines.append(OcrLine(top=min(w["top"] for w in ws), x0=ordered[0]["x0"], x1=max(w["x1"] for w in ws),
                             text=" ".join(w["text"] for w in ordered), words=ordered))
    return lines, tables, float(width)
