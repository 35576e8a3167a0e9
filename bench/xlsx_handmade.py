"""The hand-made streaming XLSX writer mtcl used before XlsxWriter (normalize/xlsx.py until 2026-12), kept here
only as the baseline bench/xlsx.py measures XlsxWriter against. Each sheet's rows go straight into its XML in a
temporary file, and the package is zipped at the end. It writes what mtcl.xlsx needed and no more: strings
(inline, so never read as formulas), numbers, booleans, dates shown as yyyy-mm-dd, a frozen header row, column
widths and an autofilter (a datetime value raises; sheet names are not cleaned).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO
from xml.sax.saxutils import escape, quoteattr

MAX_COLUMNS = 16384  # a worksheet's limit in Excel and LibreOffice
MAX_CELL_CHARS = 32767  # a cell's limit in Excel: longer text is cut there (the CSV and JSON keep all of it)
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot hold
_EPOCH = dt.date(1899, 12, 30)
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


def _cell(ref: str, v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return f'<c r="{ref}" t="b"><v>{int(v)}</v></c>'
    if isinstance(v, int):
        return f'<c r="{ref}"><v>{v}</v></c>'
    if isinstance(v, float):
        return f'<c r="{ref}"><v>{v!r}</v></c>' if v == v and v not in (float("inf"), float("-inf")) else ""
    if isinstance(v, dt.date):
        return f'<c r="{ref}" s="1"><v>{(v - _EPOCH).days}</v></c>'
    text = _ILLEGAL.sub("", str(v))[:MAX_CELL_CHARS]
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'


class Sheet:
    """One worksheet, written row by row; the column widths are given before the first row (they come first in
    the sheet's XML)."""

    def __init__(self, fh: TextIO, width: int, widths: Sequence[float], freeze_header: bool) -> None:
        if width > MAX_COLUMNS:
            raise ValueError(f"{width} columns: a worksheet holds at most {MAX_COLUMNS}")
        self.fh, self.width, self.rows = fh, width, 0
        fh.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {_NS} {_NS_R}>')
        if freeze_header:
            fh.write('<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
                     'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>')
        if widths:
            fh.write("<cols>" + "".join(f'<col min="{i}" max="{i}" width="{w:g}" customWidth="1"/>'
                                        for i, w in enumerate(widths, start=1)) + "</cols>")
        fh.write("<sheetData>")

    def append(self, values: Sequence[Any]) -> None:
        self.rows += 1
        n = self.rows
        letters = _letters(len(values))
        self.fh.write(f'<row r="{n}">' + "".join(_cell(f"{letters[i]}{n}", v) for i, v in enumerate(values))
                      + "</row>")

    def close(self, autofilter: bool) -> None:
        self.fh.write("</sheetData>")
        if autofilter and self.rows:
            self.fh.write(f'<autoFilter ref="A1:{column_letter(self.width)}{self.rows}"/>')
        self.fh.write("</worksheet>")
        self.fh.close()


class Workbook:
    """Sheets in the order they are added; `save` zips them into the file (the caller renames it into place)."""

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="mtcl-xlsx-")
        self._sheets: list[tuple[str, Path]] = []

    def add_sheet(self, name: str, width: int, widths: Sequence[float] = (), freeze_header: bool = True) -> Sheet:
        path = Path(self._dir.name) / f"sheet{len(self._sheets) + 1}.xml"
        self._sheets.append((name[:31], path))
        return Sheet(path.open("w", encoding="utf-8"), width, widths, freeze_header)

    def save(self, path: str | os.PathLike[str]) -> None:
        n = len(self._sheets)
        sheets = "".join(f'<sheet name={quoteattr(name)} sheetId="{i}" r:id="rId{i}"/>'
                         for i, (name, _) in enumerate(self._sheets, start=1))
        rels = "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                       f'relationships/worksheet" Target="worksheets/sheet{i}.xml"/>' for i in range(1, n + 1))
        overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                            f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                            for i in range(1, n + 1))
        head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
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
                f'<styleSheet {_NS}><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
                '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
                '<fills count="2"><fill><patternFill patternType="none"/></fill>'
                '<fill><patternFill patternType="gray125"/></fill></fills>'
                '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
                '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
                '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
                '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
                "</styleSheet>"))
            for i, (_, sheet_path) in enumerate(self._sheets, start=1):
                z.write(sheet_path, f"xl/worksheets/sheet{i}.xml")

    def close(self) -> None:
        self._dir.cleanup()
