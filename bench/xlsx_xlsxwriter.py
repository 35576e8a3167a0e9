"""mtcl.xlsx written with XlsxWriter in its constant-memory mode, with the API of mtcl's own writer
(normalize/xlsx.py): the alternative bench/xlsx.py measures it against. Each row goes to its sheet's temporary file
as it is written; strings are always strings (never formulas or links), dates and date-times typed, text cleaned
of what XML cannot hold and cut at a cell's limit, sheet names made valid and unique, header frozen, filters on.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Sequence
from typing import Any

import xlsxwriter

from normalize.xlsx import _ILLEGAL, MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, WIDTH_ROWS, sheet_name


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
