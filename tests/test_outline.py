"""The marker grammar, the outline tree and the commitments component, on small hand-written fixtures."""

from __future__ import annotations

import io

import docx
import pytest

from extract.components.commitments import read_commitments
from extract.document import BlockKind, DocumentBuilder
from extract.markers import parse_marker
from extract.outline import build_outline, render
from extract.readers.docx import read_docx
from extract.readers.text import read_text


@pytest.mark.parametrize(("text", "style", "printed", "ordinal"), [
    ("I. MỤC TIÊU", "roman.", "I.", 1),
    ("IV: Tổ chức thực hiện", "roman.", "IV:", 4),
    ("PHẦN II. PHƯƠNG HƯỚNG", "part", "PHẦN II.", 2),
    ("Phần thứ nhất", "part", "Phần thứ nhất", 1),
    ("Chương III", "chapter", "Chương III", 3),
    ("Mục 2. Tổ chức", "muc", "Mục 2.", 2),
    ("Điều 3. Hiệu lực thi hành", "article", "Điều 3.", 3),
    ("1. Cải cách", "arabic.", "1.", 1),
    ("12) Nội dung", "arabic)", "12)", 12),
    ("(3) Nội dung", "(arabic)", "(3)", 3),
    ("2.3. Nội dung", "nested2", "2.3.", 3),
    ("1.2.4 Nội dung", "nested3", "1.2.4", 4),
    ("b) Nhiệm vụ", "letter)", "b)", 2),
    ("đ) Nhiệm vụ", "letter)", "đ)", 5),
    ("c. Nội dung", "letter.", "c.", 3),
    ("- 100% đơn vị", "-", "-", None),
    ("– Tối thiểu 80%", "-", "–", None),
    ("+ Nội dung", "+", "+", None),
    ("• Nội dung", "•", "•", None),
    ("10.100% hội viên tham gia", "arabic.", "10.", 10),  # a lost space: 10.100 is no share
    # items counted in words, one style however the speaker words them
    ("Thứ nhất, hoàn thiện", "word-ordinal", "Thứ nhất,", 1),
    ("Thứ nhất là, hoàn thiện", "word-ordinal", "Thứ nhất là,", 1),
    ("Thứ hai là nâng cao", "word-ordinal", "Thứ hai là", 2),
    ("Ba là thí điểm", "word-ordinal", "Ba là", 3),
    ("Một là, tăng cường", "word-ordinal", "Một là,", 1),
])
def test_marker_grammar(text: str, style: str, printed: str, ordinal: int | None) -> None:
    m = parse_marker(text)
    assert m is not None
    assert (m.style, m.printed, m.ordinal) == (style, printed, ordinal)
    assert text[m.end:][:1].isalnum() or text[m.end:][:1] in "(“\""


@pytest.mark.parametrize("text", ["Mục tiêu cụ thể", "V/v triển khai", "-5% so với năm trước", "98% hồ sơ",
                                  "2025 - 2030", "Mục đích", "Điều lệ Hội", "10.5% tăng trưởng", "IIII. sai",
                                  "1.100 người tham gia", "Thứ hai tuần sau họp", "Ba làng", "Năm 2025 là năm"])
def test_not_markers(text: str) -> None:
    assert parse_marker(text) is None


AREAS = """KẾ HOẠCH
Thực hiện cải cách hành chính năm 2026
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Nâng cao chất lượng phục vụ người dân.
II. MỤC TIÊU, NHIỆM VỤ
1. Cải cách tài chính công
a) Mục tiêu
- 100% đơn vị sự nghiệp công lập thực hiện cơ chế tự chủ theo quy định.
b) Nhiệm vụ
- Rà soát, sắp xếp 20% đơn vị sự nghiệp.
2. Xây dựng chính quyền số
a) Mục tiêu
- Tối thiểu 80% hồ sơ được xử lý trực tuyến toàn trình.
- Phấn đấu 90% người dân hài lòng.
b) Nhiệm vụ
- Triển khai nền tảng số cho 50% xã.
3. Cải cách thủ tục hành chính
a) Mục tiêu
- Trên 98% hồ sơ được giải quyết đúng hạn.
b) Nhiệm vụ
- Công khai 100% thủ tục.
III. TỔ CHỨC THỰC HIỆN
Các sở, ngành thực hiện.
"""

ONE_LEVEL_UP = """KẾ HOẠCH
Thực hiện cải cách hành chính năm 2026
I. MỤC TIÊU
1. Mục tiêu chung
Nâng cao hiệu quả quản lý nhà nước.
2. Chỉ tiêu cụ thể
a) Cải cách tài chính công
- 100% đơn vị sự nghiệp công lập thực hiện cơ chế tự chủ theo quy định.
b) Xây dựng chính quyền số
- Tối thiểu 80% hồ sơ được xử lý trực tuyến toàn trình.
- Phấn đấu 90% người dân hài lòng.
c) Cải cách thủ tục hành chính
- Trên 98% hồ sơ được giải quyết đúng hạn.
II. NHIỆM VỤ
1. Rà soát, sắp xếp 20% đơn vị sự nghiệp.
2. Triển khai nền tảng số cho 50% xã.
"""

WANT = [("Cải cách tài chính công", [("eq", 100.0)]),
        ("Xây dựng chính quyền số", [("ge", 80.0), ("eq", 90.0)]),
        ("Cải cách thủ tục hành chính", [("gt", 98.0)])]


def _docx(text: str) -> bytes:
    d = docx.Document()
    for line in text.strip().split("\n"):
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _got(doc) -> list[tuple[str, list[tuple[str, float]]]]:  # type: ignore[no-untyped-def]
    found = read_commitments(build_outline(doc), "plan")
    return [(" ".join(o.texts), [(str(t.comparator.value), t.value) for t in o.targets]) for o in found.objectives]


@pytest.mark.parametrize("fixture", [AREAS, ONE_LEVEL_UP])
@pytest.mark.parametrize("reader", ["text", "docx"])
def test_one_objective_per_area(fixture: str, reader: str) -> None:
    doc = read_text(fixture.encode()) if reader == "text" else read_docx(_docx(fixture))
    assert _got(doc) == WANT


def test_one_objective_per_area_in_a_pdf() -> None:
    # tests/data/plan_areas.pdf: AREAS as a Word file (items indented by level) printed to PDF by LibreOffice
    # (soffice --headless --convert-to pdf); the PDF reader records the markers and each line's indent
    from pathlib import Path

    from extract.readers.pdf import read_pdf

    doc = read_pdf((Path(__file__).parent / "data" / "plan_areas.pdf").read_bytes())
    assert _got(doc) == WANT
    by_text = {b.text: b for b in doc.blocks}
    area, heading = by_text["1. Cải cách tài chính công"], by_text["a) Mục tiêu"]
    assert (area.marker, heading.marker) == ("1.", "a)")
    assert area.indent is not None and heading.indent is not None and heading.indent > area.indent


def test_area_tree_shape() -> None:
    tree = render(build_outline(read_text(AREAS.encode())))
    assert """  section II.: MỤC TIÊU, NHIỆM VỤ
    item 1.: Cải cách tài chính công
      item a): Mục tiêu
        item -: 100% đơn vị sự nghiệp công lập thực hiện cơ chế tự chủ theo quy định.
      item b): Nhiệm vụ
        item -: Rà soát, sắp xếp 20% đơn vị sự nghiệp.
    item 2.: Xây dựng chính quyền số""" in tree
    assert "section III.: TỔ CHỨC THỰC HIỆN" in tree


def test_nested_numbering_and_intro_lists() -> None:
    text = """1. Mục tiêu
1.1. Mục tiêu chung
Nâng cao chất lượng.
1.2. Mục tiêu cụ thể
Phấn đấu đến năm 2030 đạt các chỉ tiêu sau:
1. Trên 95% hồ sơ được giải quyết đúng hạn.
2. 100% cơ quan được kiểm tra.
2. Nhiệm vụ
- Tổ chức tập huấn 2 lần.
"""
    outline = build_outline(read_text(text.encode()))
    tree = render(outline)
    assert """  item 1.2.: Mục tiêu cụ thể
    paragraph: Phấn đấu đến năm 2030 đạt các chỉ tiêu sau:
      item 1.: Trên 95% hồ sơ được giải quyết đúng hạn.
      item 2.: 100% cơ quan được kiểm tra.
item 2.: Nhiệm vụ""" in tree
    found = read_commitments(outline, "plan")
    assert [o.texts for o in found.objectives] == [["Trên 95% hồ sơ được giải quyết đúng hạn."],
                                                   ["100% cơ quan được kiểm tra."]]
    assert "2030" in found.intro


def test_pdf_like_blocks_and_tables_nest() -> None:
    """Blocks as a PDF reader gives them (markers in the text, a table among them): the table goes to its item."""
    b = DocumentBuilder()
    b.add(BlockKind.paragraph, "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026", page=3, indent=56.7)
    b.add(BlockKind.paragraph, "1. Phấn đấu kết nạp từ 10 - 15 hội viên mới.", page=3, indent=56.7)
    b.add(BlockKind.paragraph, "- Tổ chức ít nhất 01 lần/năm hội nghị tiếp xúc.", page=3, indent=70.9)
    b.add_table([["Chỉ tiêu", "ĐVT", "Kế hoạch"], ["Hội viên mới", "hội viên", "15"]], pages=[3, 3])
    b.add(BlockKind.paragraph, "2. Quản lý tài chính minh bạch.", page=4, indent=56.7)
    b.add(BlockKind.paragraph, "Trên đây là báo cáo của Hiệp hội.", page=4, indent=56.7)
    doc = b.build(pages=4)
    outline = build_outline(doc)
    assert [blk.marker for blk in doc.blocks] == ["III.", "1.", "-", None, "2.", None]
    item1 = outline.node_of(1)
    assert item1 is not None and [c.kind for c in item1.children] == ["list", "table"]
    found = read_commitments(outline, "report")
    assert [o.number for o in found.objectives] == ["1", "2"]
    assert [(t.comparator.value, t.value, t.value_max) for t in found.objectives[0].targets][:2] == [
        ("between", 10.0, 15.0), ("ge", 1.0, None)]
    assert 5 not in found.claimed  # the closing sentence is not the last item's text


def test_prose_commitments_in_a_plan_without_objectives_section() -> None:
    text = """KẾ HOẠCH
Kiểm tra công tác văn thư năm 2026
I. NỘI DUNG
1. Tối thiểu 20% cơ quan, đơn vị được kiểm tra.
2. Hướng dẫn nghiệp vụ cho các đơn vị.
- Bảo đảm đạt ít nhất 40% hồ sơ được số hóa.
"""
    found = read_commitments(build_outline(read_text(text.encode())), "plan")
    assert [[(t.comparator.value, t.value) for t in o.targets] for o in found.objectives] == [
        [("ge", 20.0)], [("ge", 40.0)]]
    # in a letter, a figure is a commitment where its clause says it is to be reached ("tối thiểu", "ít nhất")
    found = read_commitments(build_outline(read_text(text.encode())), "letter")
    assert [[(t.comparator.value, t.value) for t in o.targets] for o in found.objectives] == [
        [("ge", 20.0)], [("ge", 40.0)]]


def test_prose_commitments_against_reported_results() -> None:
    text = """BÁO CÁO
Kết quả công tác năm 2025
1. Kết quả, 45/45 nhiệm vụ đã được hoàn thành, đạt 100% kế hoạch đề ra.
2. Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98,5%.
3. Năm 2025 đã đạt mục tiêu 20% xã không ma túy.
Trước yêu cầu đó, nhằm đạt mục tiêu xây dựng 30% xã, phường không ma túy năm 2026 và đến năm 2030 đạt 100%,
Ủy ban nhân dân tỉnh tập trung chỉ đạo.
Mỗi cơ quan, đơn vị có ít nhất 01 sáng kiến cải cách hành chính.
Chỉ đạo thực hiện 100% hồ sơ thủ tục hành chính phải được tiếp nhận trên Hệ thống.
Chỉ đạo để 90% hồ sơ đã được tiếp nhận trên Hệ thống phải được số hóa.
"""
    found = read_commitments(build_outline(read_text(text.encode())), "other")
    assert [[(t.comparator.value, t.value, t.unit) for t in o.targets] for o in found.objectives] == [
        [("eq", 30.0, "%"), ("eq", 100.0, "%")], [("ge", 1.0, "sáng kiến")], [("eq", 100.0, "%")]]
    # a report's body reports: with no forward part, its sentences are not read for commitments
    assert read_commitments(build_outline(read_text(text.encode())), "report").objectives == []


def test_aims_without_any_figure_are_not_objectives() -> None:
    text = """ĐIỀU LỆ
Điều 2. Mục tiêu hoạt động
1. Tập hợp, đoàn kết hội viên.
2. Bảo vệ quyền lợi hợp pháp của hội viên.
"""
    assert read_commitments(build_outline(read_text(text.encode())), "other").objectives == []


def test_docx_records_cell_spans() -> None:
    d = docx.Document()
    d.add_paragraph("Danh sách")
    t = d.add_table(rows=3, cols=3)
    t.style = "Table Grid"  # a bordered table holds data (a borderless small one lays out a page)
    t.cell(0, 0).merge(t.cell(0, 1)).text = "Trách nhiệm"
    t.cell(0, 2).text = "Thời gian"
    a = t.cell(1, 2).merge(t.cell(2, 2))
    a.text = "Quý II/2026"
    for r, row in enumerate(t.rows[1:], start=1):
        row.cells[0].text, row.cells[1].text = f"Sở {r}", f"Phòng {r}"
    buf = io.BytesIO()
    d.save(buf)
    doc = read_docx(buf.getvalue())
    table = doc.tables()[0]
    head = table.rows[0].cells
    assert (head[0].col_span, head[0].row_span, head[1].covered) == (2, 1, True)
    assert (table.rows[1].cells[2].row_span, table.rows[2].cells[2].covered) == (2, True)


def _merged_cells_docx() -> bytes:
    """A task table with a header of two rows (a cell spanning two columns over "Chủ trì | Phối hợp", a cell
    spanning both header rows) and a lead unit spanning two rows. tests/data/merged_cells.pdf is this file printed
    by LibreOffice (soffice --headless --convert-to pdf); merged_cells_scan.pdf is that page's top third rendered
    at 300 dpi and saved as an image (a page smaller than a sheet, read by OCR)."""
    d = docx.Document()
    d.add_paragraph("Danh sách nhiệm vụ")
    t = d.add_table(rows=4, cols=3)
    t.style = "Table Grid"
    t.cell(0, 0).text = "Nội dung"
    t.cell(0, 1).merge(t.cell(0, 2)).text = "Trách nhiệm"
    t.cell(1, 1).text, t.cell(1, 2).text = "Chủ trì", "Phối hợp"
    t.cell(0, 0).merge(t.cell(1, 0))
    t.cell(2, 0).text = "Rà soát 100% thủ tục hành chính"
    t.cell(2, 1).merge(t.cell(3, 1)).text = "Sở Nội vụ"
    t.cell(2, 2).text = "Văn phòng UBND tỉnh"
    t.cell(3, 0).text = "Số hoá 80% hồ sơ trong năm 2026"
    t.cell(3, 2).text = "Sở Khoa học và Công nghệ"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("reader", ["docx", "pdf", "pdf-pdfminer", "scan"])
def test_every_reader_records_the_same_cells(reader: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from pathlib import Path

    from extract.readers.pdf import read_pdf

    data = Path(__file__).parent / "data"
    if reader == "docx":
        doc = read_docx(_merged_cells_docx())
    else:
        if reader == "pdf-pdfminer":
            monkeypatch.setenv("MTCL_PDF_BACKEND", "pdfminer")
        doc = read_pdf((data / ("merged_cells_scan.pdf" if reader == "scan" else "merged_cells.pdf")).read_bytes())
    (table,) = doc.tables()
    got = [[(c.text, c.row_span, c.col_span, c.covered, c.header) for c in row.cells] for row in table.rows]
    assert got == [
        [("Nội dung", 2, 1, False, True), ("Trách nhiệm", 1, 2, False, True), ("", 1, 1, True, True)],
        [("", 1, 1, True, True), ("Chủ trì", 1, 1, False, True), ("Phối hợp", 1, 1, False, True)],
        [("Rà soát 100% thủ tục hành chính", 1, 1, False, False), ("Sở Nội vụ", 2, 1, False, False),
         ("Văn phòng UBND tỉnh", 1, 1, False, False)],
        [("Số hoá 80% hồ sơ trong năm 2026", 1, 1, False, False), ("", 1, 1, True, False),
         ("Sở Khoa học và Công nghệ", 1, 1, False, False)],
    ]


def test_a_markdown_table_says_its_header_and_a_table_of_words_has_none() -> None:
    md = "| STT | Chỉ tiêu | Năm 2026 |\n|---|---|---|\n| 1 | Hồ sơ đúng hạn | 98% |\n| 2 | Hồ sơ trực tuyến | 80% |\n"
    (table,) = read_text(md.encode()).tables()
    assert [c.header for c in table.rows[0].cells] == [True] * 3 and not any(c.header for c in table.rows[1].cells)
    words = "| Sở Nội vụ | Sở Tư pháp |\n| Sở Tài chính | Sở Y tế |\n"
    (table,) = read_text(words.encode()).tables()
    assert not any(c.header for row in table.rows for c in row.cells)


def test_label_rows_and_cell_spans() -> None:
    from extract.tables import cell_spans, label_rows

    rows = [["TT", "Nội dung", "Thời gian"], ["1", "Rà soát thủ tục.", "Quý I/2026"]]
    assert label_rows(rows) == 1
    assert label_rows([["Nội dung công việc được giao", "Ghi chú"], ["Rà soát 100% hồ sơ", ""]]) == 1
    sentence = "Các cơ quan, đơn vị tổ chức thực hiện nghiêm túc các nội dung sau đây trong năm"
    assert label_rows([[sentence, "Ghi chú"], ["Rà soát 100% hồ sơ", ""]]) == 0  # a sentence is no label
    assert label_rows([["1", "Rà soát"], ["2", "Số hoá"]]) == 0  # the first row is data
    # pdfplumber's shape: a slot for every x0 of the table, None where no cell starts
    boxes = [[(0, 0, 10, 20), (10, 0, 30, 10), None], [None, (10, 10, 20, 20), (20, 10, 30, 20)]]
    assert cell_spans(boxes) == {(0, 0): (2, 1), (0, 1): (1, 2)}


@pytest.mark.parametrize(("text", "kept"), [
    ("Phấn đấu 100% doanh nghiệp đăng ký tài khoản định danh điện tử.", [100.0]),
    ("Tham mưu ban hành chính sách thu phí “0 đồng” đối với hồ sơ trực tuyến.", []),
    ("Làm sạch dữ liệu, hiện còn 57/124 xã chưa hoàn thành, phấn đấu 100% xã hoàn thành.", [100.0]),
    ("Hoàn thành chỉ tiêu đợt cao điểm 90 ngày đêm làm sạch dữ liệu.", []),
    ("Thời gian giải quyết không quá 15 ngày làm việc.", [15.0]),
    ("Công suất tối thiểu đạt 250 người: hiện có 04 địa phương có cơ sở dưới 250 người.", []),
    ("Phấn đấu đạt tối thiểu 90%: các xã rà soát hồ sơ trước quý II.", [90.0]),
    ("Công suất tối thiểu 250 người: hiện có 04 địa phương có cơ sở sau khi nâng cấp, sửa chữa dưới 250 người.", []),
    ("10.100% hội viên tham gia công tác khuyến học.", [100.0]),  # the item's number is no figure
    # a target set before, recounted ("đã ban hành … đưa chỉ tiêu"); a participle ("đã được số hoá") reports nothing
    ("UBND Thành phố đã ban hành Kế hoạch số 265/KH-UBND và đưa chỉ tiêu xây dựng 20% thôn không ma túy.", []),
    ("Không yêu cầu giấy tờ đã được số hóa (trước mắt, cắt giảm thời gian giải quyết từ 15% trở lên).", [15.0]),
    ("Người được trúng cử vào ban chấp hành phải có ít nhất trên 50% số phiếu bầu.", []),  # a rule of a vote
    ("Nghị quyết được thông qua khi có trên 50% tổng số thành viên biểu quyết tán thành.", []),
    # years counted as achievements (an association's congress targets), not a term's length or a date
    ("Trong nhiệm kỳ có ít nhất hai năm, Tỉnh hội được công nhận vững mạnh.", [2.0]),
    ("Mỗi Hội cơ sở có ít nhất 3 năm được tặng giấy khen của Tỉnh hội.", [3.0]),
    ("Nhiệm kỳ đại hội: không quá 05 năm kể từ ngày kết thúc đại hội nhiệm kỳ trước.", []),
    ("Nhiệm kỳ của Giám đốc không quá 05 (năm) năm, có thể được bổ nhiệm lại.", []),
    ("Trong 5 năm qua, Hội đã đạt danh hiệu vững mạnh.", []),
    ("Ngày 15 tháng 5 năm 2025, Hội được công nhận vững mạnh.", []),
])
def test_commitment_figures_not_statistics_or_durations(text: str, kept: list[float]) -> None:
    from extract.components.base import targets_from_text

    assert [t.value for t in targets_from_text(text, 0, None, commitments_only=True)] == kept


def test_components_record_their_layers_on_the_document() -> None:
    from extract.structure import extract_structure

    doc = read_text(AREAS.encode())
    x = extract_structure(doc)
    assert [o.text for o in x.objectives] == [w for w, _ in WANT]
    spans = doc.layers["commitments"]
    claimed = {doc.text[a:b] for a, b in spans}
    assert "a) Mục tiêu" in claimed and "2. Xây dựng chính quyền số" in claimed
    assert not any("Nhiệm vụ" in t for t in claimed)  # "b) Nhiệm vụ" is no commitment: it stays unplaced
    unplaced = [w.message for w in x.warnings if w.code == "unplaced_text"]
    assert any("b) Nhiệm vụ" in m for m in unplaced)
    for name, layer in doc.layers.items():  # a block belongs to one layer at most
        others = {s for n, ly in doc.layers.items() if n != name for s in ly}
        assert not others & set(layer)


def test_a_forward_part_named_by_its_time_words() -> None:
    text = """BÁO CÁO
I. KẾT QUẢ THỰC HIỆN
1. Tỷ lệ hồ sơ trực tuyến đạt 85%.
II. NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM THỜI GIAN TỚI
1. Tiếp tục rà soát, đơn giản hóa thủ tục hành chính.
2. Phấn đấu tỷ lệ hồ sơ trực tuyến toàn trình đạt trên 90%.
"""
    found = read_commitments(build_outline(read_text(text.encode())), "report")
    assert [(o.number, [(t.comparator.value, t.value) for t in o.targets]) for o in found.objectives] == [
        ("1", []), ("2", [("gt", 90.0)])]
    # in a plan the same part is its tasks: only the figure it commits to is read
    found = read_commitments(build_outline(read_text(text.replace("BÁO CÁO", "KẾ HOẠCH").encode())), "plan")
    assert [(o.number, [(t.comparator.value, t.value) for t in o.targets]) for o in found.objectives] == [
        ("2", [("gt", 90.0)])]


def test_a_goal_restated_before_the_forward_part_is_its_reason_not_a_commitment() -> None:
    text = """THAM LUẬN
1. Thời gian qua, nhằm đạt mục tiêu xây dựng 30% xã không ma túy, thành phố đã tập trung chỉ đạo.
2. Thời gian tới, thành phố tập trung thực hiện các định hướng sau:
a) Tăng cường tuyên truyền.
b) Phấn đấu đến năm 2030 có ít nhất 50% xã không ma túy.
c) Rà soát người nghiện; mỗi xã có ít nhất 01 mô hình điểm.
"""
    found = read_commitments(build_outline(read_text(text.encode())), "other")
    assert [(o.number, [(t.comparator.value, t.value) for t in o.targets]) for o in found.objectives] == [
        ("a", []), ("b", [("ge", 50.0)]), ("c", [("ge", 1.0)])]


def test_a_speechs_forward_list_opened_by_its_purpose() -> None:
    # "Để <aim>, <who> <does> the following:" opens what is to be done; the aim it names ("các mục tiêu đề ra")
    # is not what its list holds; a salutation ends the list before it
    text = """THAM LUẬN
Năm 2024, thành phố đã xây dựng được 1.256 thôn không ma túy.
Để tiếp tục phát huy kết quả đã đạt được, tiến tới mục tiêu đến năm 2030, thành phố tập trung các nội dung sau:
Một là, tăng cường sự lãnh đạo của các cấp ủy.
Hai là, quản lý tốt địa bàn. Yêu cầu 100% cơ sở kinh doanh cam kết không để xảy ra tệ nạn.
Thưa toàn thể các đồng chí!
Để thực hiện có hiệu quả các mục tiêu đề ra, thành phố kiến nghị các giải pháp cụ thể như sau:
1. Quán triệt các nhiệm vụ trọng tâm.
2. Đầu tư nguồn lực cho các địa phương.
Thưa toàn thể các đồng chí!
Tôi xin trân trọng cảm ơn!
"""
    found = read_commitments(build_outline(read_text(text.encode())), "other")
    assert [(o.texts[0][:8], [(t.comparator.value, t.value) for t in o.targets]) for o in found.objectives] == [
        ("tăng cườ", []), ("quản lý ", [("eq", 100.0)])]
    assert found.objectives[1].texts == [
        "quản lý tốt địa bàn. Yêu cầu 100% cơ sở kinh doanh cam kết không để xảy ra tệ nạn."]
    # a purpose whose clause reports what was done opens no forward part
    past = text.replace("thành phố tập trung các nội dung sau:", "thành phố đã triển khai các nội dung sau:")
    assert read_commitments(build_outline(read_text(past.encode())), "other").objectives == []


def test_a_salutation_ends_the_list_before_it() -> None:
    text = """THAM LUẬN
Các giải pháp sau:
1. Tăng cường tuyên truyền.
Kính thưa Hội nghị!
Nhân dịp này, tôi xin cảm ơn.
"""
    lines = render(build_outline(read_text(text.encode()))).splitlines()
    assert lines[-2:] == ["  paragraph: Kính thưa Hội nghị!", "  paragraph: Nhân dịp này, tôi xin cảm ơn."]


def test_a_forward_part_of_prose_sections() -> None:
    text = """BÀI PHÁT BIỂU
HỌP ĐÁNH GIÁ CÔNG TÁC NĂM 2025 VÀ TRIỂN KHAI NHIỆM VỤ NĂM 2026
I. NÂNG CAO TRÁCH NHIỆM CHỈ ĐẠO
Sở Nội vụ chủ trì, tham mưu ban hành Kế hoạch năm 2026.
II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH
Văn phòng chủ trì, phấn đấu tỷ lệ hồ sơ giải quyết đúng hạn đạt từ 98% trở lên.
"""
    found = read_commitments(build_outline(read_text(text.encode())), "other")
    assert [(o.number, [(t.comparator.value, t.value) for t in o.targets]) for o in found.objectives] == [
        ("I", []), ("II", [("ge", 98.0)])]
    assert found.objectives[1].texts == [
        "CẢI CÁCH THỦ TỤC HÀNH CHÍNH",
        "Văn phòng chủ trì, phấn đấu tỷ lệ hồ sơ giải quyết đúng hạn đạt từ 98% trở lên."]


def test_a_national_target_programmes_name_introduces_no_objectives() -> None:
    text = """CÔNG VĂN
Thực hiện Nghị quyết của Quốc hội về Chương trình mục tiêu quốc gia phòng, chống ma túy đến năm 2030, đề nghị như sau:
1. Về cơ sở cai nghiện
Dự kiến tỉnh được hỗ trợ khoảng 400 tỷ đồng từ ngân sách trung ương.
2. Về xây dựng xã không ma túy
Tỉnh phải xây dựng được ít nhất 22 đơn vị hành chính cấp xã không ma túy trong năm 2025.
"""
    found = read_commitments(build_outline(read_text(text.encode())), "letter")
    assert [[(t.comparator.value, t.value, t.unit) for t in o.targets] for o in found.objectives] == [
        [("ge", 22.0, "xã")]]


def test_a_forecast_is_not_a_commitment_and_a_restated_list_counts_once() -> None:
    text = """BÁO CÁO
III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026
1. Dự báo tình hình
Tình hình tội phạm còn diễn biến phức tạp.
2. Phương hướng, nhiệm vụ trọng tâm
2.1. Tiếp tục tuyên truyền.
2.2. Bảo đảm 100% người nghiện có hồ sơ quản lý.
IV. CHỈ TIÊU
1. Trên 90% hội viên tham gia sinh hoạt.
2. Mỗi chi hội có ít nhất 01 mô hình.
NGHỊ QUYẾT
Các chỉ tiêu:
1. Trên 90% hội viên tham gia sinh hoạt.
2. Mỗi chi hội có ít nhất 01 mô hình.
V. NHIỆM VỤ CỤ THỂ
1. Công tác tổ chức
a) Mục tiêu
Kiện toàn tổ chức Hội các cấp.
2. Công tác tuyên truyền
a) Mục tiêu
Nâng cao nhận thức của hội viên.
"""
    found = read_commitments(build_outline(read_text(text.encode())), "report")
    assert [(o.number, [(t.comparator.value, t.value) for t in o.targets]) for o in found.objectives] == [
        ("1", [("gt", 90.0)]), ("2", [("ge", 1.0)])]
    forward = """BÁO CÁO
III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026
1. Dự báo tình hình
Tình hình tội phạm còn diễn biến phức tạp, dự báo tăng 10%.
2. Phương hướng, nhiệm vụ trọng tâm của lực lượng Công an và các sở, ngành trong năm 2026
2.1. Tiếp tục tuyên truyền.
2.2. Bảo đảm 100% người nghiện có hồ sơ quản lý; rà soát 114 hồ sơ tồn đọng.
"""
    found = read_commitments(build_outline(read_text(forward.encode())), "report")
    assert [(o.number, [(t.comparator.value, t.value) for t in o.targets]) for o in found.objectives] == [
        ("2.1", []), ("2.2", [("eq", 100.0)])]


def test_forward_parts_inside_paragraphs() -> None:
    text = """BÁO CÁO
1. Cấp căn cước
Đã thu nhận 12.000 hồ sơ.
+ Các nhiệm vụ trọng tâm trong thời gian tới: (1) Duy trì thu nhận hồ sơ cấp thẻ căn cước cho 100% công dân.
2. Dịch vụ công
Đã cung cấp 1.200 dịch vụ công trực tuyến.
+ Các nhiệm vụ trọng tâm trong thời gian tới: Tiếp tục rà soát, tái cấu trúc quy trình.
"""
    found = read_commitments(build_outline(read_text(text.encode())), "report")
    assert [[(t.comparator.value, t.value) for t in o.targets] for o in found.objectives] == [[("eq", 100.0)], []]
    assert found.objectives[1].texts == [
        "Các nhiệm vụ trọng tâm trong thời gian tới: Tiếp tục rà soát, tái cấu trúc quy trình."]


def test_prose_under_a_titled_item_makes_the_item_the_objective() -> None:
    text = "\n".join([
        "CÔNG VĂN",
        "1. Về xây dựng xã, phường không ma túy",
        "Tỉnh hiện có 03/124 đơn vị hành chính cấp xã không ma túy (chiếm 2,4%).",
        "Như vậy, để đạt được mục tiêu xây dựng 20% xã không ma túy trong năm 2025, tỉnh phải xây d"
        "ựng được ít nhất 22 đơn vị hành chính cấp xã.",
        "2. Về kinh phí",
        "Dự kiến tỉnh được cấp khoảng 480 tỷ đồng.",
    ]) + "\n"
    found = read_commitments(build_outline(read_text(text.encode())), "letter")
    assert [(o.number, [(t.comparator.value, t.value, t.unit) for t in o.targets]) for o in found.objectives] == [
        ("1", [("eq", 20.0, "%"), ("ge", 22.0, "xã")])]
    assert found.objectives[0].texts[0] == "Về xây dựng xã, phường không ma túy"


def test_a_summary_restating_the_targets_adds_no_objective() -> None:
    text = """KẾ HOẠCH
II. CHỈ TIÊU
1. Phấn đấu đến năm 2030 đạt ít nhất 50% số xã không có ma túy.
III. TỔ CHỨC THỰC HIỆN
Các sở, ngành phấn đấu đến năm 2030 có ít nhất 50% xã không có ma túy.
"""
    found = read_commitments(build_outline(read_text(text.encode())), "plan")
    assert [[(t.comparator.value, t.value) for t in o.targets] for o in found.objectives] == [[("ge", 50.0)]]


def test_a_target_under_review_and_a_decisions_attached_rules_are_no_commitments() -> None:
    text = """CÔNG VĂN
1. Tham mưu Kế hoạch xây dựng xã không ma túy giai đoạn 2025 - 2030.
2. Đánh giá thực chất kết quả tại cơ sở, nhất là việc thực hiện chỉ tiêu xây dựng 20% xã không ma túy.
"""
    assert read_commitments(build_outline(read_text(text.encode())), "letter").objectives == []
    rules = """QUYẾT ĐỊNH
Điều 1. Công nhận Điều lệ Quỹ.
ĐIỀU LỆ
Điều 5. Hội đồng quản lý Quỹ có tối thiểu 03 thành viên.
"""
    assert read_commitments(build_outline(read_text(rules.encode())), "decision").objectives == []


def test_a_restatement_with_the_next_items_run_into_it_counts_once() -> None:
    # the resolution restates the report's list; OCR misread "8." as "§." so items 7 and 8 came out as one
    text = """IV. CHỈ TIÊU
7. 100% hội viên khi gặp ốm đau, hoạn nạn, bệnh tật, qua đời đều được tổ chức Hội thăm viếng.
8. Hàng năm 100% hội viên được tuyên truyền về chủ trương của Đảng.
NGHỊ QUYẾT
Các chỉ tiêu:
7. 100%% hội viên khi gặp ốm đau, hoạn nạn, bệnh tật, qua đời đều được tô chức Hỏi thăm viêng. \
§. Hàng năm 100% hội viên được tuyên truyền về chủ trương của Đảng.
"""
    found = read_commitments(build_outline(read_text(text.encode())), "report")
    assert [o.number for o in found.objectives] == ["7", "8"]


def test_area_titles_restated_in_a_list_with_figures_stay_aims() -> None:
    # the report's areas ("1.1 Mục tiêu" without a figure) are aims; the resolution restates them in one list
    # with the chỉ tiêu, which has figures: restated, they are still no objectives
    text = """IV. CHỈ TIÊU
1. Trên 90% nhà giáo nghỉ hưu vào Hội.
V. NHIỆM VỤ CỤ THỂ
1. Tiếp tục xây dựng và phát triển Hội ngày càng vững mạnh
1.1 Mục tiêu:
- Phát triển Hội rộng khắp về tổ chức.
2. Chăm lo tốt đời sống vật chất, tinh thần của hội viên
2.1 Mục tiêu:
- Hội viên được thăm hỏi khi ốm đau.
NGHỊ QUYẾT
Các chỉ tiêu:
1. Trên 90% nhà giáo nghỉ hưu vào Hội.
2. Tiếp tục xây dựng và phát triển Hội ngày càng vững mạnh
3. Chăm lo tốt đời sống vật chất, tinh thần của hội viên, tiếp tục kiến nghị với Đảng, Nhà nước
"""
    found = read_commitments(build_outline(read_text(text.encode())), "report")
    assert [" ".join(o.texts) for o in found.objectives] == ["Trên 90% nhà giáo nghỉ hưu vào Hội."]


def test_a_charters_rules_are_no_commitments() -> None:
    from extract.structure import extract_structure

    rules = """Điều 15. Ban Thường vụ
1. Ban Thường vụ mỗi năm họp ít nhất 04 lần, có thể họp bất thường khi có yêu cầu của trên 50% thành viên.
2. Chỉ tiêu hoạt động
a) Phấn đấu 100% hội viên tham gia sinh hoạt.
"""
    assert extract_structure(read_text(("ĐIỀU LỆ\n" + rules).encode())).objectives == []
    assert read_commitments(build_outline(read_text(rules.encode())), "report").objectives != []


def test_a_proposed_provisions_figures_are_not_commitments() -> None:
    text = """THUYẾT MINH
Căn cứ quy định pháp luật nêu trên, để tránh trường hợp phải sửa đổi tỷ lệ để lại tại Thông tư, Bộ Tài chính \
đề xuất sửa Điều 7 Thông tư số 244 như sau: Quy định tổ chức thu nộp 100% tiền phí thu được vào ngân sách nhà nước, \
kinh phí bảo đảm cho các hoạt động cung cấp dịch vụ do ngân sách nhà nước bố trí. Cụ thể như sau:
Phấn đấu đến năm 2026 có 100% hồ sơ được tiếp nhận trực tuyến.
"""
    found = read_commitments(build_outline(read_text(text.encode())), "other")
    assert [" ".join(o.texts)[:20] for o in found.objectives] == ["Phấn đấu đến năm 202"]


# a submission that files the association's charter after it
_SUBMITS_A_CHARTER = """HIỆP HỘI THANH LONG
Số: 12/TTr-HH
TỜ TRÌNH
Về việc phê duyệt Điều lệ
Kính gửi: Ủy ban nhân dân tỉnh.
Hiệp hội trình Điều lệ kèm theo.
"""


def test_a_charter_filed_in_a_dossier_gives_no_objectives() -> None:
    from extract.structure import extract_structure

    text = _SUBMITS_A_CHARTER + """ĐIỀU LỆ
Điều 5. Hội viên
1. Hội viên là pháp nhân cử người đại diện; khi thay đổi phải thông báo trong vòng 15 ngày.
2. Ban Chấp hành mỗi năm họp ít nhất 02 lần.
"""
    x = extract_structure(read_text(text.encode()))
    assert x.objectives == []
    assert "charter_rules" in x.layers.claims  # the rules are placed, not lost


def test_a_charter_whose_heading_a_scan_lost_still_gives_no_objectives() -> None:
    from extract.structure import extract_structure

    dossier = _SUBMITS_A_CHARTER + """( Kèm theo quyết định số /QĐ-UBND ngày tháng năm 2025 )
{chapter}
QUY ĐỊNH CHUNG
Điều 1.Tên gọi, biểu tượng
1. Tên tiếng Việt: Hiệp hội Thanh Long.
Điều 14. Ban Chấp hành
Ban Chấp hành mỗi năm họp ít nhất một lần; khi thay đổi người đại diện, hội viên thông báo chậm nhất không quá \
15 ngày.
"""
    x = extract_structure(read_text(dossier.format(chapter="CHƯƠNG I").encode()))
    assert x.objectives == []
    assert "charter_rules" in x.layers.claims
    # without the chapter over the name article nothing says charter, and the figure reads as a commitment
    assert extract_structure(read_text(dossier.format(chapter="").encode())).objectives != []


@pytest.mark.parametrize(("text", "reached"), [
    # the last word that says governs: a figure after "đến nay đã có …" reports, one after "phấn đấu" commits
    ("Phấn đấu đến năm 2030 đạt 60% địa bàn không ma tuý, đến nay đã có 35 xã đạt tiêu chí, đạt 30,7%.",
     {"60%": True, "30,7%": False}),
    ("Đơn vị đã có kế hoạch, phấn đấu 100% hồ sơ được giải quyết trực tuyến.", {"100%": True}),
    ("Năm 2025 đã đạt 20%, phấn đấu năm 2026 đạt 30%.", {"20%": False, "30%": True}),
    # a plan's size, not a commitment: the sentence's last word that says is "dự kiến"
    ("Đề án bảo đảm trách nhiệm, nghĩa vụ phải thực hiện; trong đó, dự kiến Ban Chấp hành: 35%; Ban Thường vụ: 15%.",
     {"35%": False, "15%": False}),
    # a goal quoted from the document a recital names is that document's; the writer's own commitment after it is not
    ("Thực hiện Nghị quyết số 50/NQ-CP ngày 13/3/2025 của Chính phủ, trong đó với mục tiêu “Xây dựng 20% xã không ma "
     "túy trong năm 2025”, Công an tỉnh phấn đấu đạt 30% xã.", {"20%": False, "30%": True}),
    ("Phấn đấu đạt mục tiêu “100% hồ sơ được số hóa” trong năm 2026.", {"100%": True}),  # no document named
])
def test_the_last_word_that_says_governs_a_figure(text: str, reached: dict[str, bool]) -> None:
    import re

    from extract.components.commitments import to_reach

    assert {m.group(): to_reach(text, m.start()) for m in re.finditer(r"\d+(?:,\d+)?%", text)} == reached



@pytest.mark.parametrize(("above", "line", "goes_on"), [
    ("… tập trung ứng dụng AI trong: (1) Hỗ trợ tra cứu;", "(2) Phổ biến pháp luật;", True),
    ("… gồm: a) Tổ chức hội nghị;", "b) Kiểm tra", True),
    ("(1) Hỗ trợ tra cứu;", "(2) Phổ biến pháp luật;", False),  # each paragraph opens an item: a list
    ("… gồm hai nội dung;", "(2) Phổ biến pháp luật;", False),
    ("… gồm: (1) Hỗ trợ;", "2. Phổ biến", False),  # another style
])
def test_enumeration_goes_on(above: str, line: str, goes_on: bool) -> None:
    from extract.markers import enumeration_goes_on
    assert enumeration_goes_on(above, line) is goes_on
