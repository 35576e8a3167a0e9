"""The text reader: every written table form into one model, with offsets that point at the text."""

from __future__ import annotations

import pytest

from extract.document import BlockKind
from extract.readers.text import ReaderError, read_text
from tests.conftest import CORPUS


def _read(stem: str):
    return read_text(next(CORPUS.glob(f"{stem}_*.txt")).read_bytes())


@pytest.mark.parametrize("stem", ["000", "001", "002", "003", "004"])
def test_offsets_point_at_the_text(stem: str) -> None:
    doc = _read(stem)
    for b in doc.blocks:
        assert doc.text[b.start : b.end] == b.text
        for row in b.rows:
            for cell in row.cells:
                assert doc.text[cell.start : cell.end] == cell.text


def test_markup_is_removed() -> None:
    doc = _read("000")
    assert "**" not in doc.text and "<p>" not in doc.text and "<i>" not in doc.text
    assert doc.blocks[0].kind is BlockKind.heading and doc.blocks[0].text == "MỤC TIÊU CHẤT LƯỢNG"


def test_header_repeated_after_page_break_is_dropped_and_split_row_joined() -> None:
    # sample 001: one objectives table printed over three pages (header row three times); measure 2 of row 2
    # ends "xử lý nghiêm các" and goes on after the break with "co quan, bộ phận, cá nhân …"
    doc = _read("001")
    tables = doc.tables()
    assert len(tables) == 1
    rows = tables[0].rows
    assert [r.cells[0].text for r in rows] == ["STT", "1", "2", "3", "4", "5"]
    measures = rows[2].cells[3].text
    assert "xử lý nghiêm các co quan, bộ phận, cá nhân để tỷ lệ hồ sơ trễ hẹn quá 2%." in measures
    assert measures.count("\n") == 1  # two "- " measures, one per line


def test_cell_per_line_tables() -> None:
    # sample 002 writes its tables one cell per line; the indicator table has 3 columns, 13 data rows
    doc = _read("002")
    indicator, plan = doc.tables()
    assert [len(r.cells) for r in indicator.rows] == [3] * 14
    assert indicator.rows[4].texts() == ["3. Thu nhập bình quân đầu người", "Tr.đồng/người", "50-52"]
    assert indicator.rows[11].texts() == ["9. Tỷ lệ thu gom rác thải sinh hoạt", "%", ">93"]
    # the plan: two header rows, 8 group rows, 27 task rows
    assert plan.rows[1].texts()[2:4] == ["Chủ trì", "Phối hợp"]
    assert sum(1 for r in plan.rows if r.cells[0].text.rstrip(".") in {"I", "II", "III", "IV", "V", "VI", "VII",
                                                                       "VIII"}) == 8
    assert len(plan.rows) == 2 + 8 + 27
    first_task = plan.rows[3].texts()
    assert first_task[1] == "Xây dựng\nMTCL, Kế hoạch thực\nhiện MTCL năm 2023"
    assert first_task[2:5] == ["Văn phòng HĐND-UBND", "Các cơ quan chuyên môn, đơn vị sự nghiệp",
                               "Tháng 12/năm 2022"]


def test_row_split_by_page_break_in_tab_table() -> None:
    # sample 003, plan of objective 1: row 4 is cut after "chậm hạn, quá" and "Trung tâm Phục vụ hành"
    doc = _read("003")
    rows = doc.tables()[0].rows
    assert len(rows) == 6
    assert rows[4].texts()[1].startswith("Phải có minh chứng khách quan khi việc chậm hạn, quá hạn hồ sơ")
    assert rows[4].texts()[2] == "Trung tâm Phục vụ hành chính công, Các phòng chuyên môn"


def test_separator_rows_are_not_rows() -> None:
    doc = _read("004")
    for table in doc.tables():
        for row in table.rows:
            assert not all(set(c.text) <= set("-") for c in row.cells)


def test_pipe_table_and_html_list() -> None:
    text = "Bảng:\n| STT | Nội dung |\n|---|---|\n| 1 | <ul><li>Một</li><li>Hai</li></ul> |\n"
    doc = read_text(text.encode())
    table = doc.tables()[0]
    assert table.rows[1].texts() == ["1", "Một\nHai"]


@pytest.mark.parametrize(("data", "message"), [(b"", "empty"), (b"  \n\t\n", "empty"),
                                               ("Mục tiêu".encode("utf-16-le") + b"\xff\xfe\x00\xd8", "UTF-8")])
def test_bad_input_is_a_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(ReaderError, match=message):
        read_text(data)


def test_decomposed_unicode_is_normalized() -> None:
    import unicodedata

    doc = read_text(unicodedata.normalize("NFD", "Mục tiêu chất lượng năm 2024").encode())
    assert doc.text == "Mục tiêu chất lượng năm 2024"


@pytest.mark.parametrize("text, folded", [
    ("a  b", "a b"), ("a\u00a0b", "a b"), ("a \t b", "a b"), ("  a\nb \u2009", "a\nb"), ("a\u200bb", "a b"),
    ("Phòng  Văn hóa\u00a0- Thông tin", "Phòng Văn hóa - Thông tin"), ("a\n\nb", "a\n\nb"), ("", ""),
])
def test_spaces_folded(text: str, folded: str) -> None:
    from extract.markup import fold_spaces

    assert fold_spaces(text) == folded


def test_spaces_folded_as_runs() -> None:
    # the rule, as first written: every run of spaces of any kind is one space (line breaks kept), the ends stripped
    import random
    import re

    from extract.markup import fold_spaces

    rule = re.compile(r"[ \t\u00a0\u2002\u2003\u2009\u200b]+")
    rnd = random.Random(3)
    pool = list("ab đ\t\n\u00a0\u2002\u2003\u2009\u200b")
    for _ in range(20000):
        text = "".join(rnd.choice(pool) for _ in range(rnd.randint(0, 12)))
        assert fold_spaces(text) == rule.sub(" ", text).strip()
