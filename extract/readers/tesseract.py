"""Tesseract through its C API: libtesseract, the library the `tesseract` command itself runs (Debian's
libtesseract5, installed with tesseract-ocr), called with ctypes.

The command started once per page wrote a PNG, started a process and loaded the model for each page; here the
model is loaded once per thread and kept, and a page goes in as the pixels already in memory. The recognizer's
settings are the command's defaults (`--psm` aside), and the page is the same image, so the words are the
command's (the TSV compared line for line on the corpus' scan). A call into the library releases the GIL, so two
threads recognize two pages at once, each with its own recognizer (a recognizer is not thread-safe).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import threading
from typing import Any

import numpy as np

from extract.readers.text import ReaderError

LANGUAGE = "vie"
MISSING = "this PDF page is a scan and Tesseract is not installed: apt-get install tesseract-ocr tesseract-ocr-vie"
NO_MODEL = "Tesseract has no Vietnamese model: apt-get install tesseract-ocr-vie"

_lock = threading.Lock()
_lib: Any = None
_idle: list[int] = []  # recognizers not in use, the model loaded


def _library() -> Any:
    global _lib
    with _lock:
        if _lib is None:
            _lib = _load()
        return _lib


def _load() -> Any:
    # Tesseract's OpenMP threads fight the worker processes and the page threads for the same cores: on a
    # 2-core machine the command took 32.5 s for nine pages with its default threads, 14.5 s with one. libgomp
    # reads the limit when it is loaded, so it is set before; a value the user set is kept.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    lib = None
    for name in ("libtesseract.so.5", ctypes.util.find_library("tesseract")):
        if not name:
            continue
        try:
            lib = ctypes.CDLL(name)
            break
        except OSError:
            continue
    if lib is None:
        raise ReaderError(MISSING)
    _quiet_leptonica()
    p, i, s = ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p
    for fn, res, args in (
        ("TessBaseAPICreate", p, []),
        ("TessBaseAPIInit3", i, [p, s, s]),
        ("TessBaseAPISetVariable", i, [p, s, s]),
        ("TessBaseAPISetPageSegMode", None, [p, i]),
        ("TessBaseAPISetImage", None, [p, p, i, i, i, i]),
        ("TessBaseAPIRecognize", i, [p, p]),
        ("TessBaseAPIGetTsvText", p, [p, i]),
        ("TessBaseAPIClear", None, [p]),
        ("TessDeleteText", None, [p]),
        ("TessMonitorCreate", p, []),
        ("TessMonitorDelete", None, [p]),
        ("TessMonitorSetDeadlineMSecs", None, [p, i]),
    ):
        f = getattr(lib, fn)
        f.restype, f.argtypes = res, args
    return lib


def _quiet_leptonica() -> None:
    """Leptonica, under Tesseract, reports its own recoverable errors on stderr ("Error in boxClipToRectangle"):
    the command's caller swallowed them with the command's stderr; they say nothing to a user."""
    for name in ("liblept.so.5", "libleptonica.so.6", ctypes.util.find_library("lept")):
        if not name:
            continue
        try:
            ctypes.CDLL(name).setMsgSeverity(6)  # L_SEVERITY_NONE
            return
        except (OSError, AttributeError):
            continue


def _recognizer(lib: Any) -> int:
    with _lock:
        if _idle:
            return _idle.pop()
    api = lib.TessBaseAPICreate()
    # Tesseract prints its estimates ("Estimating resolution as 477") to stderr, which the command's caller used
    # to swallow; a batch's stderr is for its own messages
    lib.TessBaseAPISetVariable(api, b"debug_file", b"/dev/null")
    if lib.TessBaseAPIInit3(api, None, LANGUAGE.encode()) != 0:
        raise ReaderError(NO_MODEL)
    return int(api)


def available() -> bool:
    try:
        _library()
    except ReaderError:
        return False
    return True


def recognize_tsv(pixels: np.ndarray, psm: int = 4, seconds: float | None = None) -> str | None:
    """Tesseract's TSV of a grey page (uint8, rows of pixels), as `tesseract page.png stdout --psm N tsv` prints
    it (without the header line). With `seconds`, recognition stops when they run out: None then (the page is not
    read: a partial page would lose its lines silently)."""
    lib = _library()
    api = _recognizer(lib)
    image = np.ascontiguousarray(pixels, dtype=np.uint8)
    height, width = image.shape
    monitor = None
    try:
        lib.TessBaseAPISetPageSegMode(api, psm)
        lib.TessBaseAPISetImage(api, image.ctypes.data, width, height, 1, width)
        if seconds is not None:
            monitor = lib.TessMonitorCreate()
            lib.TessMonitorSetDeadlineMSecs(monitor, max(1, min(int(seconds * 1000), 2**31 - 1)))
        if lib.TessBaseAPIRecognize(api, monitor) != 0:
            if monitor is not None:
                return None
            raise ReaderError("OCR failed: Tesseract could not recognize the page")
        text = lib.TessBaseAPIGetTsvText(api, 0)
        try:
            return ctypes.string_at(text).decode("utf-8", "replace") if text else ""
        finally:
            if text:
                lib.TessDeleteText(text)
    finally:
        if monitor is not None:
            lib.TessMonitorDelete(monitor)
        lib.TessBaseAPIClear(api)
        with _lock:
            _idle.append(api)
