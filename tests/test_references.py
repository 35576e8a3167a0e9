"""References to other documents (extract/references.py) on hand-written lines, and the parsers that mask them."""

from __future__ import annotations

import datetime as dt

import pytest

from extract.references import MASK, find_references, mask_references
from extract.targets import parse_targets
from extract.units import canonical_name


@pytest.mark.parametrize(
    ("text", "quoted", "kind", "number", "date", "issuer"),
    [
        ("Theo các mốc thời gian tại Quyết định số 512/QĐ-UBND ngày 03/4/2025 của Chủ tịch UBND tỉnh về việc ban "
         "hành kế hoạch", "Quyết định số 512/QĐ-UBND ngày 03/4/2025 của Chủ tịch UBND tỉnh", "quyết định",
         "512/QĐ-UBND", dt.date(2025, 4, 3), "Chủ tịch UBND tỉnh"),
        ("Thực hiện khoản 2 Điều 9 Nghị định số 30/2020/NĐ-CP", "khoản 2 Điều 9 Nghị định số 30/2020/NĐ-CP",
         "nghị định", "30/2020/NĐ-CP", None, None),
        ("Công văn số 5240/BCA-V01 ngày 23/11/2025 của Bộ Công an về việc rà soát",
         "Công văn số 5240/BCA-V01 ngày 23/11/2025 của Bộ Công an", "công văn", "5240/BCA-V01",
         dt.date(2025, 11, 23), "Bộ Công an"),
        ("Triển khai Nghị quyết số 05-NQ/TU ngày 10 tháng 5 năm 2025 của Ban Thường vụ Tỉnh ủy; hoàn thành trước "
         "30/6/2026", "Nghị quyết số 05-NQ/TU ngày 10 tháng 5 năm 2025 của Ban Thường vụ Tỉnh ủy", "nghị quyết",
         "05-NQ/TU", dt.date(2025, 5, 10), "Ban Thường vụ Tỉnh ủy"),
        ("Kế hoạch số 47/KH-UBND ngày 15/01/2026", "Kế hoạch số 47/KH-UBND ngày 15/01/2026", "kế hoạch",
         "47/KH-UBND", dt.date(2026, 1, 15), None),
        ("theo Thông tư số 01/2025/TT-BNV.", "Thông tư số 01/2025/TT-BNV", "thông tư", "01/2025/TT-BNV", None, None),
        ("quán triệt Nghị quyết 57-NQ/TW, hoạt động", "Nghị quyết 57-NQ/TW", "nghị quyết", "57-NQ/TW", None, None),
        ("Văn bản 8977 của Bộ Nội vụ", "Văn bản 8977 của Bộ Nội vụ", "văn bản", "8977", None, "Bộ Nội vụ"),
        ("Theo khoản 2, Điều 21 Luật Khiếu nại năm 2011 quy định", "khoản 2, Điều 21 Luật Khiếu nại năm 2011",
         "luật", None, None, None),
        # an issuer whose official name holds a comma ends after the whole name, not at the comma
        ("Công văn số 12/SVHTTDL ngày 3/1/2026 của Sở Văn hóa, Thể thao và Du lịch, Sở Y tế",
         "Công văn số 12/SVHTTDL ngày 3/1/2026 của Sở Văn hóa, Thể thao và Du lịch", "công văn", "12/SVHTTDL",
         dt.date(2026, 1, 3), "Sở Văn hóa, Thể thao và Du lịch"),
        ("đạt 100% theo 30/2020/NĐ-CP", "30/2020/NĐ-CP", None, "30/2020/NĐ-CP", None, None),  # a bare code
    ],
)
def test_reference(text: str, quoted: str, kind: str | None, number: str | None, date: dt.date | None,
                   issuer: str | None) -> None:
    (ref,) = find_references(text)
    assert text[ref.start : ref.end] == quoted
    assert (ref.kind, ref.number, ref.date, ref.issuer) == (kind, number, date, issuer)


@pytest.mark.parametrize(
    "text",
    ["Quý II/2026", "Tháng 10-12/2025", "Trước ngày 15/5/2026", "Giai đoạn 2026 - 2030", "đạt 31/38 trường",
     "Đề án 06 năm 2026", "văn bản của Bộ Văn hóa, Thể thao và Du lịch", "08h10 - 08h20", "luật pháp năm 2020"],
)
def test_no_reference(text: str) -> None:
    assert find_references(text) == []


def test_two_references_in_one_sentence() -> None:
    text = ("Theo Nghị quyết số 201/2023/NQ-HĐND ngày 12/7/2023 của Hội đồng nhân dân tỉnh và Nghị quyết số "
            "420/2025/NQ-HĐND của Hội đồng nhân dân tỉnh về quy định mức hỗ trợ")
    refs = find_references(text)
    assert [r.number for r in refs] == ["201/2023/NQ-HĐND", "420/2025/NQ-HĐND"]
    assert [r.issuer for r in refs] == ["Hội đồng nhân dân tỉnh", "Hội đồng nhân dân tỉnh"]
    assert text[refs[-1].end :] == " về quy định mức hỗ trợ"


def test_mask_keeps_length_and_whitespace() -> None:
    text = "Hoàn thành trước 30/6/2026 theo Kế hoạch số 12/KH-UBND ngày 05/01/2026."
    masked = mask_references(text)
    assert len(masked) == len(text)
    assert masked.startswith("Hoàn thành trước 30/6/2026 theo ")
    ref = text.index("Kế hoạch")
    assert masked[ref : ref + 8] == f"{MASK * 2} {MASK * 5}"
    assert masked.endswith(".")


@pytest.mark.parametrize(
    ("text", "targets"),
    [  # "8977 ngày", "12 ngày": a document's number before its date, not a number of days
        ("Thực hiện Văn bản 8977 ngày 05/5/2025 của Bộ Nội vụ, rút ngắn 30% thời gian giải quyết", [(30.0, "%")]),
        ("Theo Kế hoạch 12 ngày 05/01/2026 của UBND tỉnh", []),
        ("Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98% theo Nghị quyết số 05-NQ/TU ngày 10 tháng 5 năm 2025",
         [(98.0, "%")]),
    ],
)
def test_no_target_from_a_document_number(text: str, targets: list[tuple[float, str]]) -> None:
    assert [(t.value, t.unit) for t in parse_targets(text)] == targets


def test_no_abbreviation_expanded_inside_a_document_number() -> None:
    assert canonical_name("Theo Quyết định số 512/QĐ-UBND") == "Theo Quyết định số 512/QĐ-UBND"
    assert canonical_name("UBND tỉnh (Quyết định số 512/QĐ-UBND)") == "Ủy ban nhân dân tỉnh (Quyết định số 512/QĐ-UBND)"


def test_a_scans_space_beside_a_codes_hyphen_keeps_the_reference_whole() -> None:
    text = "căn cứ Công văn 177/CAT- PA05 ngày 15/7/2025 khẩn trương thực hiện"
    (ref,) = find_references(text)
    assert text[ref.start:ref.end] == "Công văn 177/CAT- PA05 ngày 15/7/2025"
    assert ref.date == dt.date(2025, 7, 15)


@pytest.mark.parametrize(("text", "cites"), [
    ("Quyết định số 12/QĐ-UBND ngày 3/3/2026", True),
    ("khoản 3 Điều 15 và khoản 11 Điều 19 Nghị định số 126/2024/NĐ-CP", True),
    ("điểm b, khoản 1, mục II Hướng dẫn số 37", True),
    ("các Nghị định của Chính phủ", True),
    ("tình hình thực tế tại địa phương", False),
    ("các quy định nêu trên", False),
    ("hồ sơ báo cáo kết quả đại hội", False),
])
def test_a_text_opens_with_a_reference(text: str, cites: bool) -> None:
    from extract.references import opens_with_reference

    assert opens_with_reference(text) is cites
