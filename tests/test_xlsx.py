"""mtcl.xlsx's writer (normalize/xlsx.py, over XlsxWriter's constant-memory mode): what openpyxl and LibreOffice
read back from it."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from normalize import compare, xlsx
from normalize.writers import Table

ROWS = [["Tỷ lệ <đúng hạn> & \"trễ\"", 98.5, 3, True, dt.date(2024, 1, 31), None, "=1+1", "a\x01b",
         dt.datetime(2024, 2, 1, 13, 30), "https://example.invalid/x", "x" * 40_000, float("nan")]]
HEADER = ["text", "value", "count", "flag", "date", "empty", "formula-like", "control", "when", "link", "long", "nan"]


def _book(path: Path) -> None:
    wb = xlsx.Workbook(path)
    sheet = wb.add_sheet("data", HEADER)
    for row in ROWS:
        sheet.append(row)
    sheet.close()
    wb.save()


def test_cells_read_back_typed(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    _book(path)
    ws = load_workbook(path)["data"]
    assert [c.value for c in ws[1]] == HEADER
    values = [c.value for c in ws[2]]
    assert values[:4] == ["Tỷ lệ <đúng hạn> & \"trễ\"", 98.5, 3, True]
    assert values[4].date() == dt.date(2024, 1, 31) and ws["E2"].number_format == "yyyy-mm-dd"
    assert values[5] is None
    assert values[6] == "=1+1" and ws["G2"].data_type == "s"  # a string, never a formula
    assert values[7] == "ab"  # a character XML cannot hold is dropped, not the file
    assert values[8] == dt.datetime(2024, 2, 1, 13, 30) and "hh:mm" in ws["I2"].number_format  # not a crash
    assert values[9] == "https://example.invalid/x" and ws["J2"].hyperlink is None  # text, not a link
    assert values[10] == "x" * xlsx.MAX_CELL_CHARS  # cut at a cell's limit (the CSV keeps it whole)
    assert values[11] is None
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:L2"
    # widths from the text: the first column's fits its 24 characters, the long one is capped
    assert 26 <= ws.column_dimensions["A"].width <= 28 and ws.column_dimensions["K"].width <= 61


def test_sheet_names_are_made_valid_and_unique(tmp_path: Path) -> None:
    path = tmp_path / "n.xlsx"
    wb = xlsx.Workbook(path)
    for name in ("a/b: [c]?", "'quoted'", "x" * 40, "X" * 40, ""):
        sheet = wb.add_sheet(name, ["a"])
        sheet.append([1])
        sheet.close()
    wb.save()
    names = load_workbook(path).sheetnames
    assert names[:2] == ["a_b_ _c__", "quoted"]
    assert names[2] == "x" * 31 and names[3] == "X" * 27 + " (2)" and names[4] == "sheet"


def test_a_comparison_wider_than_a_worksheet_is_split(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compare, "MAX_COLUMNS", 6)  # 4 indicator columns + 2 decisions a sheet
    table = Table(["indicator", "label_vi", "label_en", "unit", "A 2020", "B 2021", "C 2022"],
                  [["x", "X", "X", "%", ">98", None, "100"]])

    class _NoCards:
        def rows(self, doc_id: str) -> dict[str, list[list[object]]]:
            raise AssertionError("no decisions")

    compare._write_xlsx(tmp_path / "c.xlsx", _NoCards(), [], table)  # type: ignore[arg-type]
    wb = load_workbook(tmp_path / "c.xlsx")
    assert wb.sheetnames[-2:] == ["comparison", "comparison 2"]
    assert [c.value for c in wb["comparison"][1]] == ["indicator", "label_vi", "label_en", "unit", "A 2020",
                                                       "B 2021"]
    assert [c.value for c in wb["comparison 2"][2]] == ["x", "X", "X", "%", "100"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is installed by `make sysdeps`")
def test_libreoffice_opens_it(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    _book(path)
    profile = tmp_path / "profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "csv",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=120)
    text = (tmp_path / "t.csv").read_text(encoding="utf-8", errors="replace")
    assert "98.5" in text and "2024-01-31" in text and "=1+1" in text


def test_sheets_keep_the_order_they_are_added(tmp_path: Path) -> None:
    # a sheet is written once its first rows set its widths: a later sheet may start first, and stays second
    path = tmp_path / "o.xlsx"
    wb = xlsx.Workbook(path)
    first, second = wb.add_sheet("first", ["n"]), wb.add_sheet("second", ["n"])
    for i in range(xlsx.WIDTH_ROWS + 5):
        second.append([i])
    first.append([1])
    second.close()
    first.close()
    wb.save()
    book = load_workbook(path)
    assert book.sheetnames == ["first", "second"]
    assert [c.value for c in book["second"]["A"]][-1] == xlsx.WIDTH_ROWS + 4 and book["first"]["A2"].value == 1
