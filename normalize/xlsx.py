"""mtcl.xlsx's writer, a minimal streaming one: each sheet's rows go straight into its XML in a temporary file, and
the package is zipped at the end. It writes what mtcl.xlsx needs and no more: strings (inline, so never read as
formulas or links), numbers, booleans, dates shown yyyy-mm-dd and date-times with their time, text cleaned of what
XML cannot hold and cut at a cell's limit, sheet names made valid and unique, a frozen header row, filters on, and
column widths from a sheet's first rows (held until then: the widths come first in the sheet's XML).

Why not a library: openpyxl spends about 5.5 µs a cell building objects for features this file does not use, and
XlsxWriter, in its constant-memory mode, about three times this writer's CPU (bench/xlsx.py on the 10,000-document
benchmark: see the README); the final tables of such an archive hold some nine million cells.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO
from xml.sax.saxutils import escape, quoteattr

MAX_COLUMNS = 16384  # a worksheet's limit in Excel and LibreOffice
MAX_ROWS = 1_048_576
MAX_CELL_CHARS = 32767  # a cell's limit in Excel: longer text is cut there (the CSV and JSON keep all of it)
WIDTH_ROWS = 200  # the rows whose text sets the column widths
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot hold
_BAD_NAME = re.compile(r"[\[\]:*?/\\]")  # characters a sheet name cannot hold
_EPOCH = dt.datetime(1899, 12, 30)
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    out = ""
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


_LETTERS: list[str] = []


def _letters(n: int) -> list[str]:
    while len(_LETTERS) < n:
        _LETTERS.append(column_letter(len(_LETTERS) + 1))
    return _LETTERS


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


def _text(ref: str, v: str) -> str:
    if len(v) > MAX_CELL_CHARS or _ILLEGAL.search(v):
        v = _ILLEGAL.sub("", v)[:MAX_CELL_CHARS]
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(v)}</t></is></c>'


def _cell(ref: str, v: Any) -> str:
    cls = v.__class__
    if cls is str:
        return _text(ref, v)
    if v is None:
        return ""
    if cls is int:
        return f'<c r="{ref}"><v>{v}</v></c>'
    if cls is float:
        return f'<c r="{ref}"><v>{v!r}</v></c>' if math.isfinite(v) else ""  # NaN, infinities: no cell
    if cls is bool:
        return f'<c r="{ref}" t="b"><v>{int(v)}</v></c>'
    if isinstance(v, dt.datetime):  # before date: a datetime is a date too
        days = (v.replace(tzinfo=None) - _EPOCH) / dt.timedelta(days=1)
        return f'<c r="{ref}" s="2"><v>{days!r}</v></c>'
    if isinstance(v, dt.date):
        return f'<c r="{ref}" s="1"><v>{(v - _EPOCH.date()).days}</v></c>'
    if isinstance(v, int | float):  # floats, and numpy's and other number types
        v = float(v)
        return f'<c r="{ref}"><v>{v!r}</v></c>' if math.isfinite(v) else ""  # NaN, infinities: no cell
    return _text(ref, str(v))


class Sheet:
    """One worksheet, fed row by row after its header row (frozen, with filters). Its first `WIDTH_ROWS` rows are
    held until the column widths are known (they come first in the sheet's XML), then every row is written at
    once."""

    def __init__(self, wb: Workbook, name: str, columns: Sequence[str]) -> None:
        if len(columns) > MAX_COLUMNS:
            raise ValueError(f"{len(columns)} columns: a worksheet holds at most {MAX_COLUMNS}")
        self.columns = list(columns)
        self.path = wb._add(sheet_name(name, wb.names))  # its place among the sheets: the order they are added
        self.head: list[Sequence[Any]] | None = []
        self.fh: TextIO | None = None
        self.rows = 0  # written, the header row included

    def append(self, values: Sequence[Any]) -> None:
        if self.head is not None:
            self.head.append(values)
            if len(self.head) >= WIDTH_ROWS:
                self._start()
            return
        self._row(values)

    def _start(self) -> None:
        head, self.head = self.head or [], None
        widths = []
        for i, col in enumerate(self.columns):
            texts = [str(r[i]) for r in head if i < len(r) and r[i] is not None]
            widths.append(min(max([len(col), *(len(t) for t in texts)]) + 2, 60))
        self.fh = self.path.open("w", encoding="utf-8")
        self.fh.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {_NS} {_NS_R}>'
                      '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
                      'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols>'
                      + "".join(f'<col min="{i}" max="{i}" width="{w:g}" customWidth="1"/>'
                                for i, w in enumerate(widths, start=1)) + "</cols><sheetData>")
        self._row(self.columns)
        for row in head:
            self._row(row)

    def _row(self, values: Sequence[Any]) -> None:
        if self.rows >= MAX_ROWS:
            raise ValueError(f"more than {MAX_ROWS - 1} rows: a worksheet holds no more")
        assert self.fh is not None
        self.rows += 1
        n = self.rows
        letters = _letters(len(values))
        self.fh.write(f'<row r="{n}">' + "".join(_cell(f"{letters[i]}{n}", v) for i, v in enumerate(values))
                      + "</row>")

    def close(self) -> None:
        if self.fh is None:
            self._start()
        assert self.fh is not None
        self.fh.write("</sheetData>"
                      f'<autoFilter ref="A1:{column_letter(max(len(self.columns), 1))}{self.rows}"/>'
                      "</worksheet>")
        self.fh.close()


class Workbook:
    """Sheets in the order they are added; `save` zips them into `path` (the caller renames it into place)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = path
        self._dir = tempfile.TemporaryDirectory(prefix="mtcl-xlsx-")
        self._sheets: list[tuple[str, Path]] = []
        self.names: set[str] = set()

    def add_sheet(self, name: str, columns: Sequence[str]) -> Sheet:
        return Sheet(self, name, columns)

    def _add(self, name: str) -> Path:
        path = Path(self._dir.name) / f"sheet{len(self._sheets) + 1}.xml"
        self._sheets.append((name, path))
        return path

    def save(self) -> None:
        try:
            self._zip()
        finally:
            self._dir.cleanup()

    def _zip(self) -> None:
        n = len(self._sheets)
        sheets = "".join(f'<sheet name={quoteattr(name)} sheetId="{i}" r:id="rId{i}"/>'
                         for i, (name, _) in enumerate(self._sheets, start=1))
        rels = "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                       f'relationships/worksheet" Target="worksheets/sheet{i}.xml"/>' for i in range(1, n + 1))
        overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                            f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                            for i in range(1, n + 1))
        head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        with zipfile.ZipFile(self.path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
            z.writestr("[Content_Types].xml", head + (
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/xl/workbook.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                '<Override PartName="/xl/styles.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' + overrides + "</Types>"))
            z.writestr("_rels/.rels", head + (
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                'officeDocument" Target="xl/workbook.xml"/></Relationships>'))
            z.writestr("xl/workbook.xml", head + f"<workbook {_NS} {_NS_R}><sheets>{sheets}</sheets></workbook>")
            z.writestr("xl/_rels/workbook.xml.rels", head + (
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' + rels +
                f'<Relationship Id="rId{n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                'relationships/styles" Target="styles.xml"/></Relationships>'))
            z.writestr("xl/styles.xml", head + (
                f'<styleSheet {_NS}><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
                '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>'
                '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
                '<fills count="2"><fill><patternFill patternType="none"/></fill>'
                '<fill><patternFill patternType="gray125"/></fill></fills>'
                '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
                '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
                '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
                '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
                '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
                "</styleSheet>"))
            for i, (_, sheet_path) in enumerate(self._sheets, start=1):
                z.write(sheet_path, f"xl/worksheets/sheet{i}.xml")
