"""Builds corpus/005_kehoach_cchc_2024.docx (and its PDF): a synthetic commune administrative-reform plan (Kế hoạch
CCHC) with a "Mục tiêu, chỉ tiêu" list of % targets and two task tables whose headers are not those of an MTCL
plan (Nhiệm vụ | Sản phẩm | Thời gian hoàn thành | Chủ trì | Phối hợp | Theo dõi, with section rows spanning the
table; TT | Nội dung | Trách nhiệm thực hiện | Thời gian). The archives' real plans have no such combination in
../shared/real/, so this one is written by hand; its gold is tests/gold/005_kehoach_cchc_2024.json.

Run: python scripts/make_plan_fixture.py  (needs LibreOffice for the PDF; the DOCX alone needs python-docx).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path

from docx import Document
from docx.shared import Pt

ROOT = Path(__file__).resolve().parent.parent
STEM = "005_kehoach_cchc_2024"

HEADER = [
    ("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("XÃ HÒA NINH", "Độc lập - Tự do - Hạnh phúc"),
    ("Số: 12/KH-UBND", "Hòa Ninh, ngày 10 tháng 01 năm 2024"),
]
PREAMBLE = [
    "Căn cứ Kế hoạch số 30/KH-UBND ngày 05 tháng 01 năm 2024 của Ủy ban nhân dân huyện về cải cách hành chính "
    "năm 2024;",
    "Ủy ban nhân dân xã xây dựng Kế hoạch cải cách hành chính năm 2024 như sau:",
]
AIMS = [
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Triển khai đồng bộ các nội dung cải cách hành chính trên địa bàn xã.",
    "2. Gắn trách nhiệm của người đứng đầu với kết quả cải cách hành chính.",
    "II. MỤC TIÊU, CHỈ TIÊU",
    "Phấn đấu trong năm 2024 đạt các chỉ tiêu sau:",
]
TARGETS = [
    "Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn đạt trên 98%.",
    "100% thủ tục hành chính đủ điều kiện được cung cấp dịch vụ công trực tuyến toàn trình.",
    "Tỷ lệ hồ sơ trực tuyến đạt từ 60% trở lên trên tổng số hồ sơ.",
    "Mức độ hài lòng của người dân, doanh nghiệp đạt trên 95%.",
]
TASKS_TITLE = "III. NHIỆM VỤ VÀ GIẢI PHÁP"
TABLE1_HEADER = ["TT", "Nhiệm vụ", "Sản phẩm", "Thời gian hoàn thành", "Chủ trì", "Phối hợp", "Theo dõi"]
TABLE1 = [
    ("1. Cải cách thể chế", None),
    (None, ["1.1", "Rà soát các văn bản quy phạm pháp luật do xã ban hành", "Báo cáo kết quả rà soát",
            "Quý II/2024", "Công chức Tư pháp - Hộ tịch", "Văn phòng HĐND và UBND xã", "Chủ tịch UBND xã"]),
    (None, ["1.2", "Tuyên truyền, phổ biến pháp luật cho cán bộ và nhân dân", "Hội nghị tuyên truyền",
            "Thường xuyên", "Công chức Tư pháp - Hộ tịch", "Các đoàn thể xã; Trưởng các thôn", "Phó Chủ tịch UBND xã"]),
    ("2. Cải cách thủ tục hành chính", None),
    (None, ["2.1", "Niêm yết công khai thủ tục hành chính tại Bộ phận Một cửa", "Danh mục thủ tục được niêm yết",
            "Trước ngày 31/3/2024", "Văn phòng HĐND và UBND xã", "Công chức Bộ phận Một cửa", "Chủ tịch UBND xã"]),
    (None, ["2.2", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "Hồ sơ được số hóa",
            "Hằng quý", "Công chức Bộ phận Một cửa", "Các công chức chuyên môn", "Phó Chủ tịch UBND xã"]),
]
TABLE2_TITLE = "IV. TỔ CHỨC THỰC HIỆN"
TABLE2_HEADER = ["TT", "Nội dung", "Trách nhiệm thực hiện", "Thời gian"]
TABLE2 = [
    ["1", "Báo cáo kết quả cải cách hành chính 6 tháng", "Văn phòng HĐND và UBND xã chủ trì, phối hợp các công chức "
     "chuyên môn", "Trước ngày 15/6/2024"],
    ["2", "Tự đánh giá, chấm điểm chỉ số cải cách hành chính năm 2024", "Văn phòng HĐND và UBND xã",
     "Tháng 11/2024"],
]
SIGNATURE = [("Nơi nhận:", "TM. ỦY BAN NHÂN DÂN"), ("- UBND huyện;", "CHỦ TỊCH"), ("- Lưu: VT.", ""),
             ("", "Lê Văn Bình")]


def _borderless(table) -> None:  # type: ignore[no-untyped-def]
    table.style = None


def build(dest: Path) -> None:
    doc = Document()
    doc.core_properties.created = dt.datetime(2024, 1, 10)
    doc.core_properties.modified = dt.datetime(2024, 1, 10)
    doc.core_properties.author = "mtcl fixtures"
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    head = doc.add_table(rows=len(HEADER), cols=2)
    _borderless(head)
    for r, (left, right) in enumerate(HEADER):
        head.cell(r, 0).text = left
        head.cell(r, 1).text = right
    doc.add_paragraph("KẾ HOẠCH")
    doc.add_paragraph("Cải cách hành chính năm 2024 của xã Hòa Ninh")
    for line in PREAMBLE + AIMS:
        doc.add_paragraph(line)
    for line in TARGETS:
        doc.add_paragraph(f"- {line}")
    doc.add_paragraph(TASKS_TITLE)
    t1 = doc.add_table(rows=1, cols=len(TABLE1_HEADER))
    t1.style = "Table Grid"
    for c, h in enumerate(TABLE1_HEADER):
        t1.cell(0, c).text = h
    for section, cells in TABLE1:
        row = t1.add_row()
        if section is not None:
            merged = row.cells[0].merge(row.cells[-1])
            merged.text = section
        else:
            for c, text in enumerate(cells or []):
                row.cells[c].text = text
    doc.add_paragraph(TABLE2_TITLE)
    t2 = doc.add_table(rows=1, cols=len(TABLE2_HEADER))
    t2.style = "Table Grid"
    for c, h in enumerate(TABLE2_HEADER):
        t2.cell(0, c).text = h
    for cells in TABLE2:
        row = t2.add_row()
        for c, text in enumerate(cells):
            row.cells[c].text = text
    sig = doc.add_table(rows=len(SIGNATURE), cols=2)
    _borderless(sig)
    for r, (left, right) in enumerate(SIGNATURE):
        sig.cell(r, 0).text = left
        sig.cell(r, 1).text = right
    doc.save(str(dest))


def main() -> int:
    docx = ROOT / "corpus" / f"{STEM}.docx"
    build(docx)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(docx)],
                           check=True, capture_output=True, timeout=180)
            shutil.move(str(Path(tmp) / f"{STEM}.pdf"), ROOT / "corpus" / f"{STEM}.pdf")
    print(f"wrote {docx}" + (" and its PDF" if soffice else " (no LibreOffice: no PDF)"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
