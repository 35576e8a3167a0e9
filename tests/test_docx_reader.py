"""The DOCX reader on hand-built Word files: page-layout tables read as the page's lines."""

from __future__ import annotations

import io

import docx

from extract.document import BlockKind
from extract.header import read_header
from extract.readers.docx import read_docx


def _header_table(style: str | None) -> bytes:
    d = docx.Document()
    t = d.add_table(rows=1, cols=2)
    if style:
        t.style = style
    t.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 12/KH-UBND"
    t.cell(0, 1).text = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                         "Lâm Đồng, ngày 03 tháng 10 năm 2025")
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Triển khai thực hiện Chương trình")
    d.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_a_bordered_page_header_is_read_as_the_letterhead() -> None:
    for style in (None, "Table Grid"):  # borders left on by the clerk: still the page's header, not data
        doc = read_docx(_header_table(style))
        assert not doc.tables()
        assert doc.blocks[0].kind is BlockKind.paragraph and doc.blocks[0].role == "layout"
        h = read_header(doc.blocks, len(doc.blocks))
        assert (h.issuer_name, h.level, h.locality) == ("Ủy ban nhân dân tỉnh Lâm Đồng", "tinh", "Lâm Đồng")
        assert (h.decision_number, h.issued_on, h.doc_type) == ("12/KH-UBND", (2025, 10, 3), "plan")


def test_a_small_bordered_table_of_data_stays_a_table() -> None:
    d = docx.Document()
    t = d.add_table(rows=2, cols=2)
    t.style = "Table Grid"
    t.cell(0, 0).text, t.cell(0, 1).text = "Chỉ tiêu", "Kế hoạch"
    t.cell(1, 0).text, t.cell(1, 1).text = "Tỷ lệ hồ sơ trực tuyến", "80%"
    buf = io.BytesIO()
    d.save(buf)
    assert len(read_docx(buf.getvalue()).tables()) == 1


def test_columns_laid_out_with_tabs_are_two_lines() -> None:
    d = docx.Document()
    d.add_paragraph("ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    d.add_paragraph("TỈNH LÂM ĐỒNG\tĐộc lập - Tự do - Hạnh phúc")
    d.add_paragraph("Số: 15/BC-UBND\tLâm Đồng, ngày 05 tháng 3 năm 2026")
    d.add_paragraph("BÁO CÁO")
    d.add_paragraph("Kết quả năm 2025")
    d.add_paragraph("Thời gian:\t8 giờ 00 ngày 14 tháng 5")  # a tab inside a line of text stays a space
    d.add_paragraph("Nơi nhận:\tKT. CHỦ TỊCH")
    d.add_paragraph("- Văn phòng Chính phủ;\tPHÓ CHỦ TỊCH")
    d.add_paragraph("- Lưu: VT.\t\tNguyễn Minh")
    buf = io.BytesIO()
    d.save(buf)
    doc = read_docx(buf.getvalue())
    texts = [b.text for b in doc.blocks]
    assert "Thời gian: 8 giờ 00 ngày 14 tháng 5" in texts and "KT. CHỦ TỊCH" in texts
    h = read_header(doc.blocks, 5)
    assert (h.issuer_name, h.decision_number, h.issued_on) == ("Ủy ban nhân dân tỉnh Lâm Đồng", "15/BC-UBND",
                                                               (2026, 3, 5))
    assert (h.signer_name, h.signer_title, h.signer_authority) == ("Nguyễn Minh", "Phó Chủ tịch", "KT.")
    assert h.recipients == ["Văn phòng Chính phủ", "Lưu: VT"]


def test_a_page_header_with_an_empty_grid_column_is_still_a_layout() -> None:
    """Word keeps a table's grid after its cells are merged: a fourth column empty in every row lays nothing out."""
    d = docx.Document()
    t = d.add_table(rows=3, cols=4)
    t.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG"
    t.cell(0, 1).merge(t.cell(0, 2)).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    t.cell(1, 0).text = "Số: 12/UBND-NC"
    t.cell(1, 1).merge(t.cell(1, 2)).text = "Lâm Đồng, ngày 03 tháng 4 năm 2026"
    t.cell(2, 0).merge(t.cell(2, 2)).text = "V/v triển khai thực hiện Công văn số 3653/VPCP-CĐS"
    d.add_paragraph("Kính gửi: Sở Khoa học và Công nghệ.")
    d.add_paragraph("Ủy ban nhân dân tỉnh giao Sở Khoa học và Công nghệ chủ trì triển khai.")
    buf = io.BytesIO()
    d.save(buf)
    doc = read_docx(buf.getvalue())
    assert not doc.tables()
    h = read_header(doc.blocks, len(doc.blocks))
    assert (h.issuer_name, h.doc_type, h.decision_number) == ("Ủy ban nhân dân tỉnh Lâm Đồng", "letter", "12/UBND-NC")
    assert h.title == "V/v triển khai thực hiện Công văn số 3653/VPCP-CĐS"
