"""mtcl.xlsx's sheets, written with XlsxWriter in its constant-memory mode: each row goes to its sheet's temporary
file as it is written, so a workbook of an archive never sits in memory. What this module adds: typed cells
(strings always as strings, never read as formulas or links; numbers, booleans, dates shown yyyy-mm-dd and
date-times with their time), text cleaned of what XML cannot hold and cut at a cell's limit, sheet names made
valid and unique, a frozen header row, filters on, and column widths from the first rows.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from collections.abc import Sequence
from typing import Any

import xlsxwriter

MAX_COLUMNS = 16384  # a worksheet's limit in Excel and LibreOffice
MAX_ROWS = 1_048_576
MAX_CELL_CHARS = 32767  # a cell's limit in Excel: longer text is cut there (the CSV and JSON keep all of it)
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot hold
_BAD_NAME = re.compile(r"[\[\]:*?/\\]")  # characters a sheet name cannot hold
WIDTH_ROWS = 200  # the rows whose text sets the column widths


def sheet_name(name: str, taken: set[str]) -> str:
    """A valid sheet name near `name`: no []:*?/\\, no apostrophe at either end, at most 31 characters, not
    blank, and unlike (without regard to case) every name in `taken`, which it joins."""
    base = _BAD_NAME.sub("_", _ILLEGAL.sub("", name)).strip().strip("'") or "sheet"
    candidate, n = base[:31], 1
    while candidate.casefold() in taken:
        n += 1
        suffix = f" ({n})"
        candidate = base[: 31 - len(suffix)] + suffix
    taken.add(candidate.casefold())
    return candidate


class Sheet:
    """One worksheet, fed row by row: a header row (frozen, with filters), then the rows."""

    def __init__(self, wb: Workbook, name: str, columns: Sequence[str]) -> None:
        if len(columns) > MAX_COLUMNS:
            raise ValueError(f"{len(columns)} columns: a worksheet holds at most {MAX_COLUMNS}")
        self.wb, self.width = wb, len(columns)
        self.ws = wb.book.add_worksheet(sheet_name(name, wb.names))
        self.ws.freeze_panes(1, 0)
        self.rows = 0  # written after the header
        self.widths = [len(str(c)) for c in columns]
        self._write(0, columns)

    def append(self, values: Sequence[Any]) -> None:
        if self.rows + 1 >= MAX_ROWS:
            raise ValueError(f"more than {MAX_ROWS - 1} rows: a worksheet holds no more")
        self.rows += 1
        if self.rows <= WIDTH_ROWS:
            widths = self.widths
            for i, v in enumerate(values):
                if v is not None and len(text := str(v)) > widths[i]:
                    widths[i] = len(text)
        self._write(self.rows, values)

    def _write(self, row: int, values: Sequence[Any]) -> None:
        ws, wb = self.ws, self.wb
        for col, v in enumerate(values):
            if v is None:
                continue
            cls = v.__class__
            if cls is str:
                if len(v) > MAX_CELL_CHARS or _ILLEGAL.search(v):
                    v = _ILLEGAL.sub("", v)[:MAX_CELL_CHARS]
                ws.write_string(row, col, v)
            elif cls is int or cls is float:
                if math.isfinite(v):  # NaN and infinities have no cell: left empty
                    ws.write_number(row, col, v)
            elif cls is bool:
                ws.write_boolean(row, col, v)
            elif isinstance(v, dt.datetime):
                ws.write_datetime(row, col, v.replace(tzinfo=None), wb.datetime_format)
            elif isinstance(v, dt.date):
                ws.write_datetime(row, col, v, wb.date_format)
            elif isinstance(v, int | float):  # numpy's and other number types
                if math.isfinite(v):
                    ws.write_number(row, col, float(v))
            else:
                ws.write_string(row, col, _ILLEGAL.sub("", str(v))[:MAX_CELL_CHARS])

    def close(self) -> None:
        """Column widths from the first rows (capped at 60), filters over the header and rows."""
        for i, w in enumerate(self.widths):
            self.ws.set_column(i, i, min(w + 2, 60))
        self.ws.autofilter(0, 0, max(self.rows, 1), max(self.width - 1, 0))


class Workbook:
    """Sheets in the order they are added, written to `path` by `save` (the caller renames it into place)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.book = xlsxwriter.Workbook(os.fspath(path), {
            "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False,
        })
        self.date_format = self.book.add_format({"num_format": "yyyy-mm-dd"})
        self.datetime_format = self.book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        self.names: set[str] = set()

    def add_sheet(self, name: str, columns: Sequence[str]) -> Sheet:
        return Sheet(self, name, columns)

    def save(self) -> None:
        self.book.close()
