"""The letterhead reader (extract/letterhead.py) and the header rules built on it, on hand-written layouts."""

from __future__ import annotations

import pytest

from extract.document import Block, BlockKind
from extract.header import read_header
from extract.letterhead import body_name, level_and_place, read_letterhead

EXPANSIONS = {"UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân"}


def _blocks(lines: list[str]) -> list[Block]:
    out, at = [], 0
    for line in lines:
        out.append(Block(BlockKind.paragraph, line, at, at + len(line)))
        at += len(line) + 1
    return out


@pytest.mark.parametrize("lines,name,level,place", [
    (["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG"], "Ủy ban nhân dân tỉnh Lâm Đồng", "tinh", "Lâm Đồng"),
    (["UBND THỊ XÃ PHƯỚC LONG"], "Ủy ban nhân dân thị xã Phước Long", "thi_xa", "Phước Long"),
    (["CÔNG AN TỈNH LÂM ĐÒNG"], "Công an tỉnh Lâm Đồng", "tinh", "Lâm Đồng"),  # OCR'd "Ồ" as "Ò"
    (["ỦY BAN NHÂN DÂN TÍNH QUẢNG NGÃI"], "Ủy ban nhân dân tỉnh Quảng Ngãi", "tinh", "Quảng Ngãi"),
    (["SỞ NỘI VỤ"], "Sở Nội vụ", None, None),
    (["THỦ TƯỚNG CHÍNH PHỦ"], "Thủ tướng Chính phủ", None, None),
    (["TRUNG TÂM PHỤC VỤ", "HÀNH CHÍNH CÔNG"], "Trung tâm Phục vụ hành chính công", None, None),
    # Party committees are named by their level: the place follows "ỦY" (old or new tone placement)
    (["TỈNH UỶ ĐỒNG THÁP"], "Tỉnh ủy Đồng Tháp", "tinh", "Đồng Tháp"),
    (["HUYỆN ỦY ĐỒNG VĂN"], "Huyện ủy Đồng Văn", "huyen", "Đồng Văn"),
    (["BAN TUYÊN GIÁO TỈNH ỦY LÂM ĐỒNG"], "Ban Tuyên giáo Tỉnh ủy Lâm Đồng", "tinh", "Lâm Đồng"),
    (["ĐẢNG ỦY XÃ LŨNG CÚ"], "Đảng ủy xã Lũng Cú", "xa", "Lũng Cú"),
])
def test_body_name_level_and_place(lines: list[str], name: str, level: str | None, place: str | None) -> None:
    assert body_name(lines, EXPANSIONS) == name
    got_level, got_place, _, _ = level_and_place(lines)
    assert (got_level, got_place) == (level, place)


def test_issuer_block_run_together_with_the_motto() -> None:
    lh = read_letterhead(_blocks([
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM HUYỆN ĐỨC TRỌNG",
        "Độc lập - Tự do - Hạnh phúc", "Số: 15/KH-UBND", "Đức Trọng, ngày 02 tháng 3 năm 2024",
        "KẾ HOẠCH", "Kiểm tra công tác cải cách hành chính năm 2024", "Thực hiện Kế hoạch số 3/KH-UBND ...",
    ]), 50)
    assert lh.issuer_lines == ["ỦY BAN NHÂN DÂN HUYỆN ĐỨC TRỌNG"]
    assert lh.doc_type == "plan" and lh.title == "Kiểm tra công tác cải cách hành chính năm 2024"


def test_parent_body_and_issuer() -> None:
    lh = read_letterhead(_blocks(["UBND TỈNH GIA LAI", "SỞ TÀI CHÍNH", "Số: 7/BC-STC", "BÁO CÁO",
                                  "Tình hình thực hiện dự toán quý I", "Kính gửi: UBND tỉnh"]), 50)
    assert lh.parent_lines == ["UBND TỈNH GIA LAI"] and lh.issuer_lines == ["SỞ TÀI CHÍNH"]
    assert lh.doc_type == "report" and lh.title == "Tình hình thực hiện dự toán quý I"


def test_letter_subject_is_its_title() -> None:
    lh = read_letterhead(_blocks(["ỦY BAN NHÂN DÂN", "XÃ AN PHÚ", "Số: /UBND", "V/v báo cáo kết quả",
                                  "thu ngân sách", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Kính gửi: ..."]), 50)
    assert lh.doc_type == "letter" and lh.title == "V/v báo cáo kết quả thu ngân sách"


def test_a_letterhead_line_whose_spaces_were_lost_is_spaced_as_the_document_spells_it() -> None:
    lines = ["UBND TỈNH GIA LAI", "SỞVĂNHÓA,THỂTHAOVÀDULỊCH", "Số: 89/SVHTTDL-VP", "V/v cử đại diện",
             "Kính gửi: Sở Nội vụ", "Sở Văn hóa, Thể thao và Du lịch tỉnh Gia Lai giới thiệu …"]
    assert read_letterhead(_blocks(lines), 50).issuer_lines == ["SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"]
    # a body the text does not name again is spaced as the table of public bodies spells it
    assert read_letterhead(_blocks(lines[:5]), 50).issuer_lines == ["SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"]
    # letters found nowhere else stay as printed
    kept = read_letterhead(_blocks(["UBND TỈNH GIA LAI", "SỞNỘIVỤXYZ", "Số: 1/SNV", "V/v x", "Kính gửi: A"]), 50)
    assert "SỞNỘIVỤXYZ" in kept.issuer_lines + kept.parent_lines


def test_a_quoted_subject_line_is_the_title_without_its_quotes_and_a_code_keeps_its_ampersand() -> None:
    h = read_header(_blocks(["BCH ĐOÀN TỈNH GIA LAI", "Số: 156 -CV/TĐTN-BCTĐ&TTN", "“V/v giới thiệu Lãnh đạo tham gia",
                             "Ban Vì sự tiến bộ của phụ nữ”", "Gia Lai, ngày 04 tháng 9 năm 2025",
                             "Kính gửi: Sở Nội vụ"]), 6)
    assert h.title == "V/v giới thiệu Lãnh đạo tham gia Ban Vì sự tiến bộ của phụ nữ"
    assert h.decision_number == "156-CV/TĐTN-BCTĐ&TTN"


def test_blank_number_and_day_are_null_without_a_warning() -> None:
    h = read_header(_blocks(["ỦY BAN NHÂN DÂN", "TỈNH BẮC KẠN", "Số: /KH-UBND",
                             "Bắc Kạn, ngày tháng 10 năm 2025", "KẾ HOẠCH", "Tổng kết công tác",
                             "Kèm theo Quyết định số 12/QĐ-UBND ngày 01/02/2020 của UBND tỉnh"]), 7)
    assert h.decision_number is None and h.issued_on is None  # never from another document's reference
    assert not [c for c in h.conflicts if c[0].startswith("unreadable")]


def test_unreadable_number_and_day_give_null_and_a_warning() -> None:
    h = read_header(_blocks(["BỘ CÔNG AN", "Số: 5Ø /KH-BCA", "Hà Nội, ngày(2 tháng 10 năm 2025", "KẾ HOẠCH",
                             "Tổ chức hội nghị"]), 5)
    assert h.decision_number is None and h.issued_on is None
    assert {c[0] for c in h.conflicts} == {"unreadable_number", "unreadable_date"}
    assert h.issuer_name == "Bộ Công an" and h.level is None


def test_signer_after_interleaved_recipients() -> None:
    """A paged reader interleaves the two columns of the signature block."""
    h = read_header(_blocks(["Nơi nhận:", "KT. CHỦ TỊCH", "- Như Điều 3;", "PHÓ CHỦ TỊCH", "- Lưu: VT.",
                             "Thiếu tướng Trần Văn An"]), 0)
    assert (h.signer_name, h.signer_title, h.signer_authority) == ("Trần Văn An", "Phó Chủ tịch", "KT.")
    assert h.recipients == ["Như Điều 3", "Lưu: VT"]


@pytest.mark.parametrize("read,seen", [
    ("Tô chức Hội nghị triên khai Chương trình", "Tổ chức Hội nghị triển khai Chương trình"),
    ("KÉ HOẠCH", "KẾ HOẠCH"),
    ("QUYÉT ĐỊNH", "QUYẾT ĐỊNH"),
    ("CÔNG AN TỈNH LÂM ĐÒNG", "CÔNG AN TỈNH LÂM ĐỒNG"),  # a province name is known
    ("Theo đê nghị của Bộ trưởng Bộ Công an", "Theo đề nghị của Bộ trưởng Bộ Công an"),  # "bõ công" is a word too
    ("mục tiêu quôc gia phòng, chống", "mục tiêu quốc gia phòng, chống"),  # "gia" belongs to "quốc gia"
    ("Thiêu tướng Trương Minh Đương", "Thiếu tướng Trương Minh Đương"),  # a person's name is left as read
    ("phòng, chống ma tuý", "phòng, chống ma tuý"),  # old tone placement is not a misreading
    ("ĐLS tỉnh Đăk Nông", "ĐLS tỉnh Đăk Nông"),  # a spelling printed of a province (vocab/provinces.tsv)
    ("Liên đoàn Karate tính Đắk Nông", "Liên đoàn Karate tỉnh Đắk Nông"),  # a province's level word
    ("cách tính toán", "cách tính toán"),
    ("trọng điểm phức tạp vê ma túy", "trọng điểm phức tạp về ma túy"),  # vocab/ocr_misreadings.tsv
    ("quốc gia phòng, chồng và kiểm soát", "quốc gia phòng, chống và kiểm soát"),  # a pair written with a comma
    ("chồng, con của bà", "chồng, con của bà"),
    # a word of three syllables whose pairs are taken by their other neighbours
    ("Hiệp hội Bát động sản tỉnh", "Hiệp hội Bất động sản tỉnh"),
])
def test_ocr_diacritic_repair(read: str, seen: str) -> None:
    from extract.readers.ocr_words import repair_ocr_text

    assert repair_ocr_text(read) == seen


def test_signer_under_a_stamp_keeps_its_title_and_warns() -> None:
    """A scan's signature block: the deputy's title damaged by OCR, the name under the signature unread."""
    h = read_header(_blocks(["Nơi nhận:", "KT. CHỦ TỊCH", "- Như Điều 5;", '"1Ó CHỦ TỊCH', "- Bộ Tư pháp;", "%",
                             "Xa SA", "- Lưu: VT, NC."]), 0)
    assert (h.signer_name, h.signer_title, h.signer_authority) == (None, "Phó Chủ tịch", "KT.")
    assert [c[0] for c in h.conflicts] == ["unreadable_signer"]


def _placed(lines: list[tuple[str, float | None]]) -> list[Block]:
    """Blocks of one page with their middles (a share of the page's width), as a paged reader gives them."""
    blocks = _blocks([t for t, _ in lines])
    for b, (_, centre) in zip(blocks, lines, strict=True):
        b.page, b.centre = 1, centre
    return blocks


def test_of_two_boxes_side_by_side_the_right_one_signs() -> None:
    """A list's compiler signs on the left, its head on the right; the two boxes' lines come row by row."""
    h = read_header(_placed([("Lâm Đồng, ngày 15 tháng 1 năm 2026", 0.7), ("NGƯỜI LẬP BIỂU", 0.3),
                             ("TRƯỞNG BAN", 0.75), ("(Ký, ghi rõ họ tên)", 0.3), ("(Ký, ghi rõ họ tên)", 0.75),
                             ("Nguyễn Thanh Tú", 0.3), ("Võ Thị Khiết", 0.76)]), 0)
    assert (h.signer_name, h.signer_title) == ("Võ Thị Khiết", "Trưởng ban")


def test_the_left_box_of_two_gives_neither_title_nor_name() -> None:
    """Two chairmen sign a joint application; only the left one's name is read: the right one signs, and his
    name is left empty, not taken from the box beside his."""
    h = read_header(_placed([("CHỦ TỊCH", 0.43), ("PHÓ CHỦ TỊCH", 0.76), ("/ TH:", 0.43),
                             ("Bùi Xuân Nghĩa", 0.43)]), 0)
    assert (h.signer_name, h.signer_title) == (None, "Phó Chủ tịch")
    assert [c[0] for c in h.conflicts] == ["unreadable_signer"]


def test_a_stamped_signature_gives_the_name_below_the_recipients() -> None:
    """A stamp hides the title; the signature block's lines, read between the recipients, are skipped and the name
    in the right half is the signer's. The title stays empty."""
    h = read_header(_placed([("Nơi nhận:", 0.2), ("¬ Pu CHỦ TỊCH", 0.68), ("- Như trên;", 0.2),
                             ("“s7 “RVK›", 0.58), ("- Chủ tịch UBND tỉnh;", 0.24), ("- Lưu: VT, NC.", 0.23),
                             ("Ẩ", 0.69), ("Nguyên Nhân Bản", 0.72)]), 0)
    assert h.recipients == ["Như trên", "Chủ tịch UBND tỉnh", "Lưu: VT, NC"]
    assert (h.signer_name, h.signer_title) == ("Nguyễn Nhân Bản", None)


def test_a_stamps_misread_words_among_the_recipients_are_skipped() -> None:
    """A stamp over the recipients' column is read as words of no language; the list goes on below it, and the
    signature block beside it keeps its title though its name is unread."""
    h = read_header(_blocks(["Nơi nhận: -", "TM. BAN THƯỜNG TRỰC", "2ÌNHNHEUNI DHU", "PHÓ CHỦ TỊCH THƯỜNG TRỰC",
                             "- Sở Nội vụ;", "ƯỜN", "- Lưu: VT."]), 0)
    assert h.recipients == ["Sở Nội vụ", "Lưu: VT"]
    assert (h.signer_name, h.signer_title, h.signer_authority) == (None, "Phó Chủ tịch Thường trực", "TM.")


def test_a_damaged_deputy_line_shows_a_scanned_block() -> None:
    """'PERO GIÁM ĐỐC' is 'PHÓ GIÁM ĐỐC' damaged by OCR: the block is a scan's, its name under the stamp."""
    h = read_header(_blocks(["Nơi nhận:", "KT.GIÁM ĐỐC", "- Như trên;", "PERO GIÁM ĐỐC", "- Lưu: VT."]), 0)
    assert (h.signer_name, h.signer_title, h.signer_authority) == (None, "Phó Giám đốc", "KT.")


def test_a_ranked_name_after_the_recipients_signs() -> None:
    h = read_header(_blocks(["Nơi nhận:", "- Như trên;", "- Lưu: VT, PC04.", "Thiếu tướng Trương Minh Đương"]), 0)
    assert (h.signer_name, h.signer_title) == ("Trương Minh Đương", None)


def test_an_attachment_after_an_unread_label_gives_not_its_signer() -> None:
    """A submission whose "Nơi nhận:" OCR read "Voi nhận:", its signature title under a stamp, filed with the draft
    decision it submits: the draft's typed signer is not the submission's; the ranked name at its end is."""
    h = read_header(_placed([("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 0.68), ("TỜ TRÌNH", 0.53),
                             ("Kính đề nghị Văn phòng UBND tỉnh thẩm định.", 0.56), ("Voi nhận:", 0.2),
                             ("- Như trên;", 0.23), ("- Lưu: VT, PC04", 0.22), ("Thiếu tướng Trương Minh Đương", 0.66),
                             ("ỦY BAN NHÂN DÂN", 0.29), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 0.68),
                             ("QUYẾT ĐỊNH", 0.53), ("Điều 1. Thành lập Hội đồng.", 0.57), ("Nơi nhận:", 0.2),
                             ("CHỦ TỊCH", 0.73), ("- Như Điều 4;", 0.21), ("- Lưu: VT.", 0.2),
                             ("Hà Văn Mười", 0.73)]), 0)
    assert h.signer_name == "Trương Minh Đương"


def test_a_name_on_the_left_below_the_recipients_is_no_signer() -> None:
    """A person named on the left, in the recipients' column, with no rank: nothing says it signs."""
    h = read_header(_placed([("Nơi nhận:", 0.2), ("- Như trên;", 0.2), ("- Lưu: VT.", 0.2),
                             ("Nguyễn Văn An", 0.25)]), 0)
    assert h.signer_name is None


def test_a_box_is_one_column_only_where_the_reader_knows_its_place() -> None:
    """Without positions (a Word paragraph, a text file) the name after the title is the signer's."""
    h = read_header(_blocks(["TRƯỞNG BAN", "(Ký, ghi rõ họ tên)", "Nguyễn Thanh Tú"]), 0)
    assert (h.signer_name, h.signer_title) == ("Nguyễn Thanh Tú", "Trưởng ban")


def test_deputy_inferred_when_only_the_head_line_is_read() -> None:
    """'KT. BỘ TRƯỞNG' and then the name: the deputy who signs for a minister is a Thứ trưởng; the name follows
    scraps of the signature, its family name's mark lost by OCR."""
    h = read_header(_blocks(["Nơi nhận:", "KT. BỌ TRƯƠNG", "- Các đồng chí Thứ trưởng;", "- Lưu: VT, C04.", "T,",
                             "* 5", "\\ ên", "Vă ø Nguyên Văn Long"]), 0)
    assert (h.signer_name, h.signer_title, h.signer_authority) == ("Nguyễn Văn Long", "Thứ trưởng", "KT.")
    assert [c[0] for c in h.conflicts] == ["signer_title_inferred"]


def test_the_heads_title_read_again_under_kt_is_the_deputys_line_misread() -> None:
    lines = ["Thông tin về quản lý doanh nghiệp: Không", "KT. TRƯỞNG PHÒNG", "{own}", "Nguyễn Văn An"]
    h = read_header(_blocks([line.format(own="ƯỞNG PHÒNG") for line in lines]), 0)
    assert (h.signer_title, h.signer_authority) == ("Phó Trưởng phòng", "KT.")
    assert [c[0] for c in h.conflicts] == ["signer_title_inferred"]
    h = read_header(_blocks([line.format(own="PHÓ TRƯỞNG PHÒNG") for line in lines]), 0)
    assert (h.signer_title, h.signer_authority) == ("Phó Trưởng phòng", "KT.") and not h.conflicts


def test_no_signature_block_in_the_body_is_taken_for_one() -> None:
    """An upper-case title line in the body, far above the recipients, is not a signer."""
    h = read_header(_blocks(["QUYẾT ĐỊNH", "GIÁM ĐỐC", "Điều 1. Giao nhiệm vụ.", "Điều 2. Thi hành.",
                             "Điều 3. Hiệu lực.", "Nơi nhận:", "- Như Điều 3;", "- Lưu: VT."]), 0)
    assert (h.signer_name, h.signer_title, h.signer_authority) == (None, None, None)
    assert not [c for c in h.conflicts if c[0] == "unreadable_signer"]


def test_a_drafts_signature_block_without_a_name_gives_no_signer() -> None:
    h = read_header(_blocks(["Nơi nhận:", "KT. CHỦ TỊCH", "- Như Điều 5;", "PHÓ CHỦ TỊCH", "- Lưu: VT, NC."]), 0)
    assert (h.signer_name, h.signer_title, h.signer_authority) == (None, None, None)
    assert not h.conflicts


def test_recipients_go_on_past_a_damaged_title_and_a_lone_dash() -> None:
    h = read_header(_blocks(["Nơi nhận:", "KT. CHỦ TỊCH", "- Như Điều 5;", '"1Ó CHỦ TỊCH', "- Bộ Tư pháp;", "-",
                             "%", "- Lưu: VT, NC."]), 0)
    assert h.recipients == ["Như Điều 5", "Bộ Tư pháp", "Lưu: VT, NC"]


def test_for_the_head_by_a_subordinate_gives_no_title_when_the_own_line_is_unread() -> None:
    h = read_header(_blocks(["Nơi nhận:", "TL. CHỦ TỊCH", "- Như trên;", "- Lưu: VT.", "Nguyễn Văn An"]), 0)
    assert (h.signer_name, h.signer_title, h.signer_authority) == ("Nguyễn Văn An", None, "TL.")
    h = read_header(_blocks(["Nơi nhận:", "TL. CHỦ TỊCH", "- Như trên;", "CHÁNH VĂN PHÒNG", "- Lưu: VT.",
                             "Nguyễn Văn An"]), 0)
    assert (h.signer_name, h.signer_title, h.signer_authority) == ("Nguyễn Văn An", "Chánh Văn phòng", "TL.")


def test_the_recital_after_the_legal_bases_is_not_one() -> None:
    # a scanned decision's preamble read as one paragraph (the real 05): the last "Căn cứ" runs on into the
    # recital "Theo đề nghị của …", which names who proposed the decision, not a legal basis
    from extract.header import _legal_clauses

    text = ("Căn cứ Luật Công chứng ngày 26 tháng 11 năm 2024; Căn cứ Nghị định số 104/2025/NĐ-CP ngày 15 tháng 5 "
            "năm 2025 của Chính phủ; Theo đề nghị của Sở Tư pháp tại Tờ trình số 62/TTr-STP ngày 12 tháng 9 năm 2025.")
    assert _legal_clauses(text) == ["Căn cứ Luật Công chứng ngày 26 tháng 11 năm 2024",
                                    "Căn cứ Nghị định số 104/2025/NĐ-CP ngày 15 tháng 5 năm 2025 của Chính phủ"]
    # a legal basis that names a proposal inside it is kept whole
    inside = "Căn cứ Quyết định số 12/QĐ-UBND ngày 3/1/2024 của UBND tỉnh về việc phê duyệt theo đề nghị của Sở"
    assert _legal_clauses(inside) == [inside]


def test_fold_drops_marks_and_upper_cases() -> None:
    from extract.letterhead import fold

    assert fold("ĐỒNG Tân Phú") == "DONG TAN PHU"
    assert fold("Ðông đồng") == "DONG DONG"  # U+00D0, the Đ some PDF fonts give
    assert fold("ủy ban nhân dân") == "UY BAN NHAN DAN"
    assert fold("Hoa\u0300 Bi\u0300nh") == "HOA BINH"  # decomposed marks
    assert fold("UBND") == "UBND"


def test_fold_is_the_characters_folds() -> None:
    # the per-character table equals the definition (NFD, marks dropped, upper case) on every text
    import random
    import unicodedata

    from extract.letterhead import fold

    def rule(text: str) -> str:
        s = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d").replace("Ð", "D"))
        return "".join(c for c in s if not unicodedata.combining(c)).upper()

    rnd = random.Random(5)
    pool = [chr(k) for k in range(0x20, 0x3000)] + list("ĐđÐàảãạăắằẳẵặâấầẩẫậ") * 20 + ["\u0301", "\u0323", "ß"]
    for _ in range(20000):
        text = "".join(rnd.choice(pool) for _ in range(rnd.randint(0, 10)))
        assert fold(text) == rule(text)


def test_a_second_post_under_the_signing_function_is_not_the_title() -> None:
    """'TM. BAN CHỈ ĐẠO / PHÓ TRƯỞNG BAN / PHÓ CHỦ TỊCH UBND TỈNH': the deputy head of the steering committee
    signs; the line naming a body is their other post. The authority line shares a layout row with 'Lưu'."""
    h = read_header(_blocks(["Nơi nhận:", "- Văn phòng Chính phủ;", "- Lưu: VT, NC. | TM. BAN CHỈ ĐẠO",
                             "PHÓ TRƯỞNG BAN", "PHÓ CHỦ TỊCH UBND TỈNH", "Nguyễn Văn An"]), 0)
    assert (h.signer_name, h.signer_title, h.signer_authority) == ("Nguyễn Văn An", "Phó Trưởng ban", "TM.")


def test_the_function_nearest_the_name_holds_when_both_are_bare() -> None:
    h = read_header(_blocks(["Nơi nhận:", "- Lưu: VT.", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Lê Thị Bình"]), 0)
    assert (h.signer_name, h.signer_title, h.signer_authority) == ("Lê Thị Bình", "Phó Giám đốc", "KT.")


def test_a_number_drawn_apart_from_its_symbol_is_one_number() -> None:
    h = read_header(_blocks(["UBND TỈNH LÂM ĐỒNG", "SỞ NỘI VỤ", "Số: 181", "/BC-SNV",
                             "Lâm Đồng, ngày 05 tháng 11 năm 2025", "BÁO CÁO", "Kết quả thực hiện"]), 7)
    assert h.decision_number == "181/BC-SNV"
    assert h.issued_on == (2025, 11, 5)


def test_a_long_title_is_read_whole_and_the_body_is_not() -> None:
    long_title = ("Tổng kết thực hiện Quyết định số 787/QĐ-UBND ngày 21/8/2025 của Chủ tịch Ủy ban nhân dân tỉnh "
                  "về việc thí điểm các mô hình, sáng kiến cải cách hành chính nhằm nâng cao sự hài lòng của người dân "
                  "đối với sự phục vụ của cơ quan hành chính nhà nước trên địa bàn tỉnh")
    body = ("Năm 2025, các cơ quan, đơn vị đã triển khai thực hiện nghiêm túc các nhiệm vụ được giao, bảo đảm tiến độ "
            "và chất lượng theo yêu cầu của Ủy ban nhân dân tỉnh, góp phần nâng cao sự hài lòng của người dân, "
            "tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước trên địa bàn.")
    assert len(long_title) > 250 and len(body) > 250
    h = read_header(_blocks(["SỞ NỘI VỤ", "Số: 181/BC-SNV", "BÁO CÁO", long_title, "Kính gửi: Chủ tịch"]), 5)
    assert h.title == long_title
    h = read_header(_blocks(["SỞ NỘI VỤ", "Số: 181/BC-SNV", "BÁO CÁO", "Kết quả năm 2025", body]), 5)
    assert h.title == "Kết quả năm 2025"


def test_a_decision_named_in_the_body_is_not_the_documents_number() -> None:
    body = ("Thứ ba, triển khai đầy đủ các nhiệm vụ của Chương trình được ban hành kèm theo Quyết định số "
            "7619/QĐ-BCA ngày 08/9/2025 của Bộ Công an.")
    h = read_header(_blocks(["THAM LUẬN", "Triển khai Dự án thành phần 8", body]), 3)
    assert (h.decision_number, h.issued_on) == (None, None)
    h = read_header(_blocks(["MỤC TIÊU CHẤT LƯỢNG NĂM 2026",
                             "(Ban hành kèm theo Quyết định số 215/QĐ-UBND ngày 02/02/2026 của UBND phường)"]), 2)
    assert (h.decision_number, h.issued_on) == ("215/QĐ-UBND", (2026, 2, 2))


def test_a_letters_subject_stops_at_the_salutation() -> None:
    h = read_header(_blocks(["HỘI CỰU GIÁO CHỨC", "Số: 34/BC-CGC",
                             "V/v báo cáo kết quả Đại hội “""”. Kính gửi: Ủy ban nhân dân tỉnh Ngày 20 tháng 12"]), 3)
    assert h.title == "V/v báo cáo kết quả Đại hội"
    h = read_header(_blocks(["UBND TỈNH LÂM ĐỒNG", "Số: 12/UBND", "V/v hỗ trợ UBND TP. Huế tổ chức hội nghị"]), 3)
    assert h.title == "V/v hỗ trợ UBND TP. Huế tổ chức hội nghị"
    h = read_header(_blocks(["Nơi nhận:", "- Lưu: VT.", "TM. ỦY BAN", "PHÓ CHỦ TỊCH THƯỜNG TRỰC", "Phạm Văn An"]), 0)
    assert (h.signer_title, h.signer_authority) == ("Phó Chủ tịch Thường trực", "TM.")


def test_the_signer_of_an_attached_document_is_not_the_first_documents() -> None:
    lines = ["CÔNG AN TỈNH LÂM ĐỒNG", "Số: 239/TTr-CAT", "TỜ TRÌNH", "Đề nghị ban hành báo cáo",
             "Nơi nhận:", "- Như trên;", "- Lưu: VT.", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "ax %",
             "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BÁO CÁO", "Kết quả thực hiện Đề án 06",
             "Nơi nhận:", "- Văn phòng Chính phủ;", "TM. BAN CHỈ ĐẠO", "PHÓ TRƯỞNG BAN", "Nguyễn Văn Bình"]
    h = read_header(_blocks(lines), 4)
    assert h.signer_name is None and (h.signer_title, h.signer_authority) == ("Phó Giám đốc", "KT.")


def test_a_heading_that_names_its_type_types_an_untyped_document() -> None:
    h = read_header(_blocks(["TÓM TẮT TRỌNG TÂM BÁO CÁO CÔNG TÁC", "CẢI CÁCH HÀNH CHÍNH NĂM 2025",
                             "I. BỐI CẢNH", "Năm 2025, tỉnh triển khai công tác cải cách hành chính."]), 4)
    assert (h.doc_type, h.title) == ("report", "TÓM TẮT TRỌNG TÂM BÁO CÁO CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2025")


def test_a_papers_title_stops_at_its_author_and_a_speechs_at_its_salutation() -> None:
    h = read_header(_blocks(["THAM LUẬN", "Giải pháp tổ chức thực hiện hiệu quả Dự án 8", "Bộ Tư pháp",
                             "Thực hiện Chương trình, Bộ Tư pháp đã triển khai."]), 4)
    assert (h.doc_type, h.title, h.issuer_name) == ("other", "Giải pháp tổ chức thực hiện hiệu quả Dự án 8", None)
    h = read_header(_blocks(["BÀI PHÁT BIỂU KẾT LUẬN", "HỌP ĐÁNH GIÁ CÔNG TÁC NĂM 2025", "Kính thưa các đồng chí,",
                             "Sau khi nghe báo cáo, tôi đề nghị các đơn vị thực hiện tốt các nhiệm vụ sau."]), 4)
    assert h.title == "HỌP ĐÁNH GIÁ CÔNG TÁC NĂM 2025"


def test_a_scans_misread_header_values_are_left_empty_with_the_reading() -> None:
    from extract.header import Header, drop_misread

    h = Header(issuer_name="Liên đoàn Võ thuật cỏ truyèn",
               title="V/v đề nghị công nhận chức danh các Hội g1ao nhiệm vụ", signer_name="Nguyễn Văn An")
    drop_misread(h)
    assert (h.issuer_name, h.title, h.signer_name) == (None, None, "Nguyễn Văn An")  # a name's form is a syllable's
    assert [c[0] for c in h.conflicts] == ["unreadable_issuer", "unreadable_title"]
    assert "cỏ truyèn" in h.conflicts[0][1] and "g1ao" in h.conflicts[1][1]
    kept = Header(issuer_name="Liên đoàn Pickleball tỉnh Lâm Đồng",
                  title="V/v sáp nhập Hội Cựu giáo chức tỉnh Đắk Nông")
    drop_misread(kept)
    assert kept.issuer_name and kept.title and not kept.conflicts  # loan words and place names are no misreadings


@pytest.mark.parametrize(("read", "kept"), [
    ("Nguyễn Duy Ninh", True),
    ("Nguyễn Đuy Ninh", False),  # a seal's stroke through the "D": no syllable of the language
    ("Huỳnh Yăn Bảy", False),
    ("Bi Ehanh", False),  # no family name, and "Ehanh" no syllable though it has no mark
    ("Đậu Xuân Bảo", True),
])
def test_a_scans_signer_name_is_kept_only_where_it_reads_as_a_name(read: str, kept: bool) -> None:
    from extract.header import Header, drop_misread

    h = Header(signer_name=read, signer_title="Chủ tịch")
    drop_misread(h)
    assert (h.signer_name == read) is kept and h.signer_title == "Chủ tịch"
    assert ([c[0] for c in h.conflicts] == ["unreadable_signer"]) is not kept
    typed = Header(signer_name="Bi Ehanh")
    drop_misread(typed, judged=False)
    assert typed.signer_name == "Bi Ehanh"  # a typed text's name is what it prints


def test_a_scans_signer_name_with_a_word_ocr_is_unsure_of_is_left_empty() -> None:
    from extract.header import Header, drop_misread
    from extract.readers.ocr import UNSURE_WORD, unsure_letters

    words = [{"text": "Nguyễn", "conf": 96.0}, {"text": "Tong", "conf": UNSURE_WORD - 5},
             {"text": "Phượng", "conf": 95.0}, {"text": "12", "conf": 10.0}]
    assert unsure_letters(words) == ("Tong",)
    block = Block(BlockKind.paragraph, "Nguyễn Tong Phượng", 0, 18, unsure=("Tong",))
    h = Header(signer_name="Nguyễn Tong Phượng", signer_title="Chủ tịch")
    h.spans["signer"] = block
    drop_misread(h)
    assert h.signer_name is None and h.signer_title == "Chủ tịch"
    assert [c[0] for c in h.conflicts] == ["unreadable_signer"]


def test_a_misread_recipients_line_still_ends_the_first_document() -> None:
    # OCR read "Nơi nhận:" as "Nởơi nhận:"; the attached report's signer is not the submission's
    h = read_header(_blocks(["CÔNG AN TỈNH LÂM ĐỒNG", "TỜ TRÌNH", "Đề nghị ban hành Báo cáo", "Kính gửi: UBND tỉnh.",
                             "Nởơi nhận:", "- Như kính gửi;", "- Lưu: VT.", "UBND TỈNH LÂM ĐỒNG",
                             "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO",
                             "Kết quả triển khai", "Nơi nhận:", "- Văn phòng Chính phủ;", "TM. BAN CHỈ ĐẠO",
                             "PHÓ TRƯỞNG BAN", "Nguyễn Văn Bình"]), 0)
    assert h.recipients == ["Như kính gửi", "Lưu: VT"]
    assert h.signer_name is None and h.signer_title is None


@pytest.mark.parametrize(("line", "number"), [
    ("Số: 01/NQ-LĐVTCT.LĐ", "01/NQ-LĐVTCT.LĐ"),  # the body's abbreviation joined to its province's by a dot
    ("Số: 12/KH-UBND.", "12/KH-UBND"),  # a full stop is no part of it
    ("Số: 409/TTr-CAT(PC04)", "409/TTr-CAT(PC04)"),  # the drafting unit in brackets
    ("Số: 1413/CAT-PC04(Đ1)", "1413/CAT-PC04(Đ1)"),
    ("Số: 36-HD/VPTW", "36-HD/VPTW"),  # a Party document: number, type and body by a hyphen and a slash
    ("Số 35-KL/TU", "35-KL/TU"),
])
def test_a_symbol_may_join_its_parts_with_dots(line: str, number: str) -> None:
    h = read_header(_blocks(["LIÊN ĐOÀN VÕ THUẬT", line, "NGHỊ QUYẾT", "Về việc sáp nhập"]), 4)
    assert h.decision_number == number


def test_party_authority_needs_no_dot() -> None:
    """The Party writes "T/M", "K/T" (Hướng dẫn 36-HD/VPTW) where the State writes "TM.", "KT."."""
    h = read_header(_blocks(["Nơi nhận:", "- Lưu Văn phòng Tỉnh uỷ.", "T/M BAN THƯỜNG VỤ", "BÍ THƯ",
                             "Lê Văn An"]), 0)
    assert (h.signer_name, h.signer_title, h.signer_authority) == ("Lê Văn An", "Bí thư", "TM.")
    h = read_header(_blocks(["Nơi nhận:", "- Lưu.", "K/T CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG",
                             "Bùi Văn Bình"]), 0)
    assert (h.signer_title, h.signer_authority) == ("Phó Chánh Văn phòng", "KT.")


def test_a_guide_is_typed_and_titled() -> None:
    h = read_header(_blocks(["VĂN PHÒNG", "Số: 36-HD/VPTW", "Hà Nội, ngày 03 tháng 4 năm 2018", "HƯỚNG DẪN",
                             "THỂ THỨC VÀ KỸ THUẬT TRÌNH BÀY VĂN BẢN", "Thực hiện Quy định số 66-QĐ/TW, …"]), 6)
    assert h.doc_type == "other" and h.title == "THỂ THỨC VÀ KỸ THUẬT TRÌNH BÀY VĂN BẢN"


def test_the_date_lines_year_is_kept_when_its_day_is_blank() -> None:
    h = read_header(_blocks(["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "Số: /BC-UBND", "Lâm Đồng, ngày tháng 3 năm 2026",
                             "BÁO CÁO", "Tổng kết giai đoạn 2021 - 2025"]), 6)
    assert h.issued_on is None and h.date_year == 2026


def test_a_scans_figures_read_unsure_leave_the_number_and_date_empty() -> None:
    """Tesseract's confidence: a handwritten "289" read "233" at 57 is no value; a printed figure is kept."""
    from extract.header import drop_unsure

    blocks = _blocks(["CÔNG AN TỈNH LÂM ĐỒNG", "Số: 233 /TTr-CAT-PC06", "Lâm Đồng, ngày 22 tháng 10 năm 2025",
                      "TỜ TRÌNH", "Đề nghị ban hành báo cáo"])
    blocks[1].unsure, blocks[2].unsure = ("233",), ("2025",)  # the year is no part of the day or month
    h = read_header(blocks, 5)
    drop_unsure(h)
    assert h.decision_number is None and h.issued_on == (2025, 10, 22)
    assert [c[0] for c in h.conflicts] == ["unreadable_number"]
    blocks[1].unsure, blocks[2].unsure = (), ("22",)
    h = read_header(blocks, 5)
    drop_unsure(h)
    assert h.decision_number == "233/TTr-CAT-PC06" and h.issued_on is None


def test_unsure_figures_are_figures_alone_read_under_the_threshold() -> None:
    from extract.readers.ocr import UNSURE_FIGURE, unsure_figures

    low, high = UNSURE_FIGURE - 3, UNSURE_FIGURE + 10
    words = [{"text": "233", "conf": low}, {"text": "ngày24", "conf": 12.0}, {"text": "2025", "conf": high},
             {"text": "Số:", "conf": 20.0}]
    assert unsure_figures(words) == ("233",)


@pytest.mark.parametrize(("read", "name"), [
    ("Ban Thưởng trục", "Ban Thường trực"),  # "ban thưởng" is a word, but not in a name after its head
    ("Hôi Cưu giáo chức", "Hội Cựu giáo chức"),
    ("Hội Cứu trợ", "Hội Cứu trợ"),  # "cứu trợ" is a word: left as read
    ("Hội Nữ hộ sinh", "Hội Nữ hộ sinh"),
    ("Hội Truyền thống Trường Sơn", "Hội Truyền thống Trường Sơn"),  # a word as read, beside "Truyền thông"
    ("Công an tỉnh Lâm Đồng", "Công an tỉnh Lâm Đồng"),
])
def test_a_scans_issuer_is_read_against_the_names_of_public_bodies(read: str, name: str) -> None:
    from extract.bodies import repair_misread_name

    assert repair_misread_name(read) == name


def test_no_gold_issuer_name_is_repaired() -> None:
    """Every issuer name a reader wrote in the gold files (all read right) stays as it is."""
    import json
    from pathlib import Path

    from extract.bodies import repair_misread_name

    names = {json.loads(p.read_text(encoding="utf-8")).get("issuer", {}).get("name") or ""
             for p in Path(__file__).parent.joinpath("gold").rglob("*.json")}
    assert len(names) > 15
    assert [n for n in names if repair_misread_name(n) != n] == []


def test_a_letters_subject_misread_v_slash_is_still_its_subject() -> None:
    """OCR reads "V/v" as "V/": the line is still the letter's subject, written "V/v"."""
    h = read_header(_blocks(["BỘ CÔNG AN", "Số: 12/BCA-C04", "V/ tham gia ý kiến vào Dự thảo Hồ sơ",
                             "Kính gửi: UBND các tỉnh", "Thực hiện Nghị quyết số 93/NQ-CP, …"]), 5)
    assert h.doc_type == "letter" and h.title == "V/v tham gia ý kiến vào Dự thảo Hồ sơ"


def test_a_title_stops_at_a_salutation_run_onto_its_line() -> None:
    h = read_header(_blocks(["CÔNG AN TỈNH LÂM ĐỒNG", "TỜ TRÌNH",
                             "Về việc thành lập hội đồng xét duyệt Kinh gửi: Văn phòng Ủy ban nhân dân tỉnh",
                             "Thực hiện Kết luận số 132-KL/TW, …"]), 4)
    assert h.title == "Về việc thành lập hội đồng xét duyệt"


@pytest.mark.parametrize(("number_line", "doc_type"), [
    ("Số: 233 /TTr-CAT-PC06", "submission"),  # the type line unread: the symbol's code says it
    ("Số: /KH-UBND", "plan"),  # a draft's blank number keeps its symbol
    ("Số: 12/2025/QĐ-UBND", "decision"),
    ("Số 36-HD/VPTW", "other"),  # the Party's order: number-code/body
    ("Số: /UBND-NC", "letter"),  # no type code, the issuer's: a Công văn, addressed below
    ("Só: 855/CAT-PA05", "letter"),  # "Số" as OCR marked it
    ("Số: 03/BCĐĐX-CAT(PC04)", "report"),  # a code of three letters or more misread by one
    ("Số: 4409/BCA-C04", "letter"),  # Bộ Công an's code, no "BC"
])
def test_the_symbol_types_a_document_without_a_type_line(number_line: str, doc_type: str) -> None:
    h = read_header(_blocks(["CÔNG AN TỈNH LÂM ĐỒNG", number_line, "Lâm Đồng, ngày 22 tháng 10 năm 2025",
                             "Kính gửi: Ủy ban nhân dân tỉnh.", "Thực hiện Kế hoạch số 12/KH-UBND, …"]), 5)
    assert h.doc_type == doc_type
    assert h.issuer_name == "Công an tỉnh Lâm Đồng"  # the number line is no part of the issuer block


def test_an_unaddressed_document_with_an_issuers_symbol_stays_untyped() -> None:
    h = read_header(_blocks(["CÔNG AN TỈNH LÂM ĐỒNG", "Số: 12/CAT-PA05", "Lâm Đồng, ngày 22 tháng 10 năm 2025",
                             "Danh sách cán bộ tham gia"]), 4)
    assert h.doc_type is None


def test_a_subjects_opening_formula_misread_is_read() -> None:
    h = read_header(_blocks(["CÔNG AN TỈNH LÂM ĐỒNG", "TỜ TRÌNH", "Và việc đề nghị ban hành văn bản",
                             "Kính gửi: Ủy ban nhân dân tỉnh."]), 4)
    assert h.title == "Về việc đề nghị ban hành văn bản"


def test_a_text_layer_that_lost_letters_gives_no_title() -> None:
    """A PDF font without a Unicode map for some capitals drops them ("Hiệp hội" → "iệp hội"): not a value."""
    from extract.header import drop_misread

    h = read_header(_blocks(["SỞ TÀI CHÍNH", "Số: 1925/STC-HTDN",
                             "V/v tổ chức Đại hội của iệp hội oanh nghiệp tỉnh", "Kính gửi: Sở Nội vụ"]), 4)
    drop_misread(h)
    assert h.title is None and [c[0] for c in h.conflicts] == ["unreadable_title"]


def test_a_scans_type_code_misread_by_one_letter_is_repaired() -> None:
    from extract.header import Header, repair_symbol

    for read, number in (("03/BCĐĐX-CAT(PC04)", "03/BCĐX-CAT(PC04)"), ("12/TTR-SNV", "12/TTr-SNV"),
                         ("4409/BCA-C04", "4409/BCA-C04"), ("12/KH-UBND", "12/KH-UBND")):
        h = Header(decision_number=read)
        repair_symbol(h)
        assert h.decision_number == number


def test_a_name_typed_without_marks_is_left_as_printed() -> None:
    """The family name's marks are restored where OCR lost them, not where the whole text has none."""
    h = read_header(_blocks(["Nơi nhận:", "- Lưu.", "BO TRUONG", "Nguyen Van Thang"]), 0)
    assert h.signer_name == "Nguyen Van Thang"
    h = read_header(_blocks(["Nơi nhận:", "- Lưu.", "GIÁM ĐỐC", "Nguyên Văn Long"]), 0)
    assert h.signer_name == "Nguyễn Văn Long"


@pytest.mark.parametrize("line", ["Số ÍÁ3 -CV/B&PTTH", "Số: ⁄J|5 /CV- BTV"])
def test_a_symbol_after_an_unreadable_number_still_types_the_document(line: str) -> None:
    """A handwritten number OCR read as scraps: the number is left empty with a warning, the Party's "-CV/" and the
    State's "/CV-" after it still say a letter."""
    h = read_header(_blocks(["TỈNH ỦY LÂM ĐỒNG", "BAN TUYÊN GIÁO", line, "Lâm Đồng, ngày 14 tháng 9 năm 2025",
                             "Kính gửi: Sở Nội vụ", "Thực hiện Công văn số 12/SNV-TCBC, …"]), 6)
    assert h.decision_number is None and h.doc_type == "letter"
    assert "unreadable_number" in [c[0] for c in h.conflicts]


def test_a_party_preamble_bullets_its_legal_bases() -> None:
    blocks = _blocks(["TỈNH UỶ ĐỒNG THÁP", "Số -NQ/TU", "Đồng Tháp, ngày tháng 3 năm 2026", "NGHỊ QUYẾT",
                      "về chuyển đổi số", "- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;",
                      "- Căn cứ Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XI, nhiệm kỳ 2025 - 2030,",
                      "I- TÌNH HÌNH VÀ NHẬN ĐỊNH"])
    from extract.markers import parse_marker

    for b in blocks:
        m = parse_marker(b.text)
        b.marker = m.printed if m else None
    h = read_header(blocks, 8)
    assert h.legal_bases == ["Căn cứ Điều lệ Đảng Cộng sản Việt Nam",
                             "Căn cứ Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XI, nhiệm kỳ 2025 - 2030"]


def test_a_scans_line_running_parent_and_issuer_together_gives_the_issuer() -> None:
    h = read_header(_blocks(["UBND TỈNH LÂM ĐỒNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM SỞ TƯ PHÁP", "Số: 62/TTr-STP",
                             "Lâm Đồng, ngày 12 tháng 9 năm 2025", "TỜ TRÌNH", "Về việc cho phép hợp nhất Hội",
                             "Kính gửi: Ủy ban nhân dân tỉnh"]), 6)
    assert (h.issuer_name, h.level, h.locality) == ("Sở Tư pháp", "tinh", "Lâm Đồng")


def test_a_level_word_read_without_its_marks_is_no_level_where_it_makes_a_word() -> None:
    """"QUÁN LÝ" folds to the district "QUẬN" of a place "LÝ"; it is "quản lý"; "TÍNH LÂM ĐỒNG" is still a province."""
    assert level_and_place(["HỘI ĐỒNG QUÁN LÝ"])[:2] == (None, None)
    assert body_name(["HỘI ĐỒNG QUẢN LÝ"], EXPANSIONS) == "Hội đồng quản lý"
    assert level_and_place(["ỦY BAN NHÂN DÂN TÍNH QUẢNG NGÃI"])[:2] == ("tinh", "Quảng Ngãi")


def test_a_year_of_five_digits_is_no_date() -> None:
    h = read_header(_blocks(["LIÊN ĐOÀN VÕ THUẬT", "Số: 03/BC-LĐ", "Lâm Đông, ngày 09 tháng 09 năm 20235",
                             "V/v địa chỉ đặt trụ sở", "Kính gửi: Sở Nội vụ"]), 5)
    assert h.issued_on is None and "unreadable_date" in [c[0] for c in h.conflicts]


@pytest.mark.parametrize(("lines", "title"), [
    (["V/v cho ý kiến về Đề án hợp nhất ĐLS tỉnh Đắk Nông SỞ TƯ PHÁP TỈNH LÂM ĐỒNG nh gửi:"],
     "V/v cho ý kiến về Đề án hợp nhất ĐLS tỉnh Đắk Nông"),  # a stamp's capitals and a damaged salutation
    (["V/v triển khai Chương trình MTQG phòng, chống ma túy"], "V/v triển khai Chương trình MTQG phòng, chống ma túy"),
    (["V/v báo cáo về Hội Ái hữu Pháp ngữ Đà Lạt - Lâm Đồng | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
     "V/v báo cáo về Hội Ái hữu Pháp ngữ Đà Lạt - Lâm Đồng"),  # a layout's columns joined on one line
])
def test_a_subject_stops_where_a_scans_line_runs_into_other_text(lines: list[str], title: str) -> None:
    h = read_header(_blocks(["BAN THƯỜNG VỤ", "Số: 562/LĐLSVN-BTV", *lines, "Hà Nội, ngày 01 tháng 10 năm 2025"]), 4)
    assert h.title == title


def test_a_lower_case_opening_formula_misread_is_read() -> None:
    h = read_header(_blocks(["SỞ TƯ PHÁP", "TỜ TRÌNH và việc cho phép hợp nhất Hội Công chứng viên",
                             "Kính gửi: Ủy ban nhân dân tỉnh"]), 3)
    assert h.title == "Về việc cho phép hợp nhất Hội Công chứng viên"


def test_a_party_number_broken_after_its_hyphen_is_one_number() -> None:
    h = read_header(_blocks(["HỘI NÔNG DÂN TỈNH LÂM ĐỒNG", "Số 52 -", "CV/HNDT", "Lâm Đồng, ngày 09 tháng 9 năm 2025",
                             "Kính gửi: Sở Nội vụ"]), 5)
    assert h.decision_number == "52-CV/HNDT" and h.doc_type == "letter"


def test_a_rule_typed_on_the_issuers_line_is_no_part_of_its_name() -> None:
    h = read_header(_blocks(["VĂN PHÒNG CHÍNH PHỦ CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM _______________",
                             "Độc lập - Tự do - Hạnh phúc", "Số: 58/CĐ-VPCP", "Hà Nội, ngày 10 tháng 01 năm 2026",
                             "CÔNG ĐIỆN"]), 5)
    assert h.issuer_name == "Văn phòng Chính phủ"


# a Phiếu trình's boxes, as the .doc reader gives them (one line each) and as a Word table's cells
_SLIP_LINES = ["PHIẾU TRÌNH", "5. Độ mật: Không.", "PHÒNG XỬ LÝ CHÍNH: PHÒNG NỘI CHÍNH", "Chuyên viên",
               "Ngày 07 tháng 10 năm 2025", "............................................................",
               "Trương Hải Châu", "CHỦ TỊCH UBND TỈNH", "." * 72,
               "Ngày ….… tháng 10 năm 2025", "Lãnh đạo phòng", "Ngày 07 tháng 10 năm 2025",
               "Lương Thị Nguyệt Thành", "LÃNH ĐẠO VĂN PHÒNG", "..................................................",
               "Ngày ….. tháng 10 năm 2025", "Nguyễn Nhân Bản"]


def test_a_slips_signer_is_the_office_leaders_box() -> None:
    """The decision box above ("CHỦ TỊCH UBND TỈNH", left to fill in) has no name: the next box's name is not its."""
    h = read_header(_blocks(_SLIP_LINES), 0)
    assert (h.signer_name, h.signer_title, h.signer_authority) == ("Nguyễn Nhân Bản", "Lãnh đạo Văn phòng", None)
    # the deciding leader's name printed in their box: still not the slip's signer
    named = [line if line != "Ngày ….… tháng 10 năm 2025" else "Hồ Văn Mười" for line in _SLIP_LINES]
    h = read_header(_blocks(named), 0)
    assert (h.signer_name, h.signer_title) == ("Nguyễn Nhân Bản", "Lãnh đạo Văn phòng")


def test_a_signer_in_a_tables_cell() -> None:
    from extract.document import DocumentBuilder

    b = DocumentBuilder()
    b.add(BlockKind.paragraph, "PHIẾU TRÌNH")
    b.add_table([["PHÒNG XỬ LÝ CHÍNH: NỘI CHÍNH", "",
                  "LÃNH ĐẠO VĂN PHÒNG\n....................\nNgày tháng 10 năm 2025\nNguyễn Nhân Bản"],
                 ["Chuyên viên\nNgày 01 tháng 10 năm 2025\nTrương Hải Châu", "Lãnh đạo phòng\nNguyễn Tuấn Anh", ""],
                 ["KÍNH TRÌNH CHỦ TỊCH UBND TỈNH\n..........\nHồ Văn Mười", "", ""]])
    h = read_header(b.build().blocks, 0)
    assert (h.signer_name, h.signer_title) == ("Nguyễn Nhân Bản", "Lãnh đạo Văn phòng")


def test_a_head_of_two_posts_and_a_scrap_after_the_name() -> None:
    h = read_header(_blocks(["Nơi nhận:", "KT. BỘ TRƯỞNG, CHỦ NHIỆM", "- Như trên;", "PHÓ CHỦ NHIỆM", "- Lưu: VT.",
                             "Phạm Mạnh Cường"]), 0)
    assert (h.signer_name, h.signer_title, h.signer_authority) == ("Phạm Mạnh Cường", "Phó Chủ nhiệm", "KT.")
    h = read_header(_blocks(["Nơi nhận:", "KT. GIÁM ĐỐC", "- Như trên;", "PHÓ GIÁM ĐỐC", "- Lưu: VT.",
                             "Nguyễn Đức Vũ ơ"]), 0)
    assert (h.signer_name, h.signer_title) == ("Nguyễn Đức Vũ", "Phó Giám đốc")


def test_a_telegrams_subject_is_its_title() -> None:
    h = read_header(_blocks(["VĂN PHÒNG CHÍNH PHỦ", "Số: 58/CĐ-VPCP", "CÔNG ĐIỆN",
                             "Phiên họp lần thứ nhất Ban Chỉ đạo quốc gia về dữ liệu.",
                             "VĂN PHÒNG CHÍNH PHỦ điện:"]), 5)
    assert h.title == "Phiên họp lần thứ nhất Ban Chỉ đạo quốc gia về dữ liệu"


def test_a_departments_name_as_the_table_spells_it() -> None:
    from extract import vocab
    from extract.letterhead import body_name

    abbreviations = vocab.mapping("abbreviations")
    assert body_name(["SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"], abbreviations) == "Sở Nông nghiệp và Môi trường"
    assert body_name(["SỞ NỘI VỤ TỈNH LÂM ĐỒNG"], abbreviations) == "Sở Nội vụ tỉnh Lâm Đồng"


@pytest.mark.parametrize("printed,read", [
    ("SỞVĂN HÓA, THỂTHAO VÀ DU LỊCH TỈNHLÂM ĐỒNG", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH TỈNH LÂM ĐỒNG"),
    ("CỘNG HÒA XÃHỘI CHỦNGHĨA VIỆT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("Độc lập –Tựdo –Hạnh phúc", "Độc lập –Tự do –Hạnh phúc"),
    ("SỞ NÔNG NGHIỆP VÀ MÔITRƯỜNG", "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"),
    # a typo, a loan word, a name: left as printed
    ("lần thữ nhất", "lần thữ nhất"), ("Liên đoàn Pickleball", "Liên đoàn Pickleball"), ("H’Vi ÊBan", "H’Vi ÊBan"),
])
def test_syllables_a_text_layer_glued(printed: str, read: str) -> None:
    from extract.lexicon import split_glued

    assert split_glued(printed) == read


@pytest.mark.parametrize("read,parted", [
    ("CÔNG ANTỈNHLÂMĐÒNG Độc lập", "CÔNG AN TỈNH LÂM ĐÒNG Độc lập"),
    ("ỦY BAN NHÂN DÂN TỈNHLÂMĐỎNG", "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỎNG"),
    ("BÌNHTHUẬN", "BÌNH THUẬN"),
    # a loan word, a run in lower case, a run that parts more than one way: left as read
    ("LIÊN ĐOÀN PICKLEBALL", "LIÊN ĐOÀN PICKLEBALL"), ("tỉnhlâmđồng", "tỉnhlâmđồng"),
    ("THÀNHPHỐHỒCHÍMINH", "THÀNHPHỐHỒCHÍMINH"),
])
def test_capitals_ocr_read_without_spaces_part_into_syllables(read: str, parted: str) -> None:
    from extract.lexicon import split_capitals

    assert split_capitals(read) == parted


def test_a_typed_documents_typo_stays_and_a_damaged_layers_value_goes() -> None:
    from extract.header import drop_misread
    from extract.lexicon import misread_share

    title = "V/v cho ý kiến đối với Đề án tổ chức Đại hội lần thữ nhất"
    h = read_header(_blocks(["SỞ NỘI VỤ", "Số: 1578/SNV-TCBC", title, "Kính gửi: Sở Tư pháp"]), 4)
    drop_misread(h, judged=False)
    assert h.title == title and not h.conflicts
    body = "Sở Nội vụ nhận được Công văn số 880 của Sở Tư pháp về việc cho ý kiến đối với hồ sơ Đề án. " * 3
    assert misread_share(body + title) < 0.02
    assert misread_share("Đại hội của iệp hội oanh nghiệp tỉnh, ội viên và ài chính của iệp hội") > 0.1


def test_a_slips_number_a_typod_month_and_a_provinces_committee_below_the_subject() -> None:
    h = read_header(_blocks(["UBND TỈNH LÂM ĐỒNG", "VĂN PHÒNG", "Số: 13-01/26/PT-NC", "PHIẾU TRÌNH"]), 4)
    assert h.decision_number == "13-01/26/PT-NC"
    h = read_header(_blocks(["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "Số: 45/GM-UBND",
                             "Lâm Đồng, ngày 12 háng 01 năm 2026", "GIẤY MỜI"]), 5)
    assert h.issued_on == (2026, 1, 12)
    # a .doc whose subject box is read before the letterhead: the committee's province is its own
    h = read_header(_blocks(["V/v triển khai thực hiện Công", "văn số 3749/BCA-V03", "ỦY BAN NHÂN DÂN",
                             "TỈNH LÂM ĐỒNG", "Số: /UBND-NC", "Kính gửi:"]), 6)
    assert (h.level, h.locality, h.province) == ("tinh", "Lâm Đồng", "Lâm Đồng")


def test_a_scans_misread_province_is_the_one_a_letter_away_or_nothing() -> None:
    from extract.header import Header, drop_misread
    from extract.lexicon import nearest_province

    assert nearest_province("Lạám Đông") == nearest_province("Lâầm Đông") == "Lâm Đồng"
    assert nearest_province("Bình Thuận") == "Bình Thuận"  # its own name, though "Ninh Thuận" is a letter away
    assert nearest_province("Lâm Để") is None
    h = Header(level="tinh", locality="Lâầm Đông", province="Lâầm Đông")
    drop_misread(h)
    assert (h.locality, h.province) == ("Lâm Đồng", "Lâm Đồng")
    # the issuer's name that holds the reading names the same province
    h = Header(issuer_name="Công an tỉnh Lạám Đông", level="tinh", locality="Lạám Đông", province="Lạám Đông")
    drop_misread(h)
    assert (h.issuer_name, h.locality) == ("Công an tỉnh Lâm Đồng", "Lâm Đồng") and not h.conflicts
    h = Header(level="tinh", locality="Lạám Đểèm", province="Lạám Đểèm")
    drop_misread(h)
    assert (h.locality, h.province) == (None, None) and {c[0] for c in h.conflicts} == {"unreadable_place"}
    # its words are real ones, yet they name no province: neither the place nor the issuer holding it is a value
    h = Header(issuer_name="Liên đoàn Lao động tỉnh Lâm Để", level="tinh", locality="Lâm Để", province="Lâm Để")
    drop_misread(h)
    assert (h.issuer_name, h.locality, h.province) == (None, None, None)
    assert [c[0] for c in h.conflicts] == ["unreadable_place", "unreadable_issuer"]


@pytest.mark.parametrize("lines,place", [
    (["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG DỰ THẢO"], "Lâm Đồng"),  # a draft's box on the place's line
    (["HỘI GOLF TỈNH LÂM ĐỒNG ĐIỀU LỆ CỦA HỘI GOLF"], "Lâm Đồng"),
    (["UBND TỈNH BÀ RỊA - VŨNG TÀU"], "Bà Rịa - Vũng Tàu"),
    (["UBND TỈNH THỪA THIÊN HUẾ"], "Thừa Thiên Huế"),  # the longest name, not "Huế"
    (["UBND XÃ HÒA NINH"], "Hòa Ninh"),
])
def test_a_province_ends_where_its_name_does(lines: list[str], place: str) -> None:
    assert level_and_place(lines)[1] == place


@pytest.mark.parametrize("line,name", [
    ("HỘI GOLF TỈNH LÂM ĐỒNG", "Hội GOLF tỉnh Lâm Đồng"),  # printed right: a word in capitals stays as printed
    ("HỌI GOLE TỈNH LÂM ĐỒNG", None),  # its head misread by OCR: "GOLE" may be misread as well, and is no value
])
def test_a_misread_head_makes_its_capitals_unsure(line: str, name: str | None) -> None:
    h = read_header(_blocks(["UBND TỈNH LÂM ĐỒNG", line, "Số: 01/TTr-HG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                             "Độc lập - Tự do - Hạnh phúc", "TỜ TRÌNH", "Về việc phê duyệt Điều lệ",
                             "Kính gửi: Sở Nội vụ"]), 8)
    assert h.issuer_name == name
    assert [c[0] for c in h.conflicts] == ([] if name else ["unreadable_issuer"])


def test_an_issuers_acronym_is_spelt_out_as_its_document_spells_it() -> None:
    """A stamped issuer block "HÔI CCA T. LÂM ĐỒNG": "T." is the level word, the head takes its table spelling, and the
    acronym the body's words after the same head ("Hội Cựu Công an tỉnh Bình Thuận")."""
    from extract.header import _acronyms_spelt_out

    assert level_and_place(["HÔI CCA T. LÂM ĐỒNG"])[:2] == ("tinh", "Lâm Đồng")
    name = body_name(["HÔI CCA T. LÂM ĐỒNG"], {})
    assert name == "Hội CCA tỉnh Lâm Đồng"
    body = _blocks(["Sát nhập Hội CCA tỉnh Bình Thuận vào Hội CCA tỉnh Lâm Đồng",
                    "Hội Cựu Công an tỉnh Bình Thuận, hội Cựu Công an tỉnh Đắk Nông thống nhất."])
    assert _acronyms_spelt_out(name, body) == "Hội Cựu Công an tỉnh Lâm Đồng"
    # an acronym no page spells out stays as printed
    assert _acronyms_spelt_out("Phòng NCKSTTHC", _blocks(["Phòng nội chính tổng hợp danh sách."])) == \
        "Phòng NCKSTTHC"


def test_a_scans_title_broken_before_its_province_and_a_symbol_tail() -> None:
    from extract.header import drop_misread

    h = read_header(_blocks(["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "Số: 16/ĐĐN- LĐBR BTh",
                             "V/v xem xét đề nghị của Ủy ban MTTQ Việt Nam tính", "Lâm Đồng",
                             "Kính gửi: Sở Nội vụ"]), 6)
    drop_misread(h)
    assert h.title == "V/v xem xét đề nghị của Ủy ban MTTQ Việt Nam tỉnh Lâm Đồng"
    assert h.decision_number == "16/ĐĐN-LĐBRBTh"
    h = read_header(_blocks(["UBND TỈNH LÂM ĐỒNG", "SỞ NỘI VỤ", "Số: 12/KH-SNV Lâm Đồng", "KẾ HOẠCH"]), 4)
    assert h.decision_number == "12/KH-SNV"  # a place after the number is no part of it


def test_a_heading_that_opens_with_its_type_words_is_a_type_line() -> None:
    h = read_header(_blocks(["CHƯƠNG TRÌNH HỘI NGHỊ", "Đánh giá công tác cải cách hành chính năm 2025,",
                             "triển khai nhiệm vụ năm 2026", "Thời gian: 14h00, ngày 22/01/2026"]), 4)
    assert (h.doc_type, h.title) == (
        "plan", "HỘI NGHỊ Đánh giá công tác cải cách hành chính năm 2025, triển khai nhiệm vụ năm 2026")


def test_an_explanations_and_a_lists_type_words_open_no_title() -> None:
    h = read_header(_blocks(["GIẢI TRÌNH BỔ SUNG THEO CHỈ ĐẠO CỦA PHÓ CHỦ TỊCH UBND TỈNH - NGUYỄN HỒNG HẢI",
                             "1. Về khoản 16 Điều 6 của Điều lệ"]), 2)
    assert (h.doc_type, h.title) == ("other", "BỔ SUNG THEO CHỈ ĐẠO CỦA PHÓ CHỦ TỊCH UBND TỈNH - NGUYỄN HỒNG HẢI")
    h = read_header(_blocks(["DANH SÁCH", "Xã, phường, đặc khu không ma túy năm 2025", "STT"]), 3)
    assert (h.doc_type, h.title) == ("other", "Xã, phường, đặc khu không ma túy năm 2025")


def test_an_authority_at_the_end_of_a_layout_row_and_a_staff_papers_signature() -> None:
    h = read_header(_blocks(["Nơi nhận:", "- Sở Nội vụ;", "- Lưu: VT, NC.Châu | KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
                             "Đinh Văn Tuấn"]), 0)
    assert (h.signer_name, h.signer_title, h.signer_authority) == ("Đinh Văn Tuấn", "Phó Chủ tịch", "KT.")
    h = read_header(_blocks(["GIẢI TRÌNH BỔ SUNG THEO CHỈ ĐẠO", "1. Về nhu cầu thành lập Hiệp hội",
                             "Kính trình lãnh đạo xem xét, quyết định./.", "Chuyên viên: Trương Hải Châu",
                             "Ý KIẾN CỦA CHỦ TỊCH UBND TỈNH"]), 2)
    assert (h.signer_name, h.signer_title, h.signer_authority) == ("Trương Hải Châu", "Chuyên viên", None)
    # a fact in the body, far from the end, is no signature
    h = read_header(_blocks(["THÔNG BÁO", "3. Chủ tịch Hội: Ông Đinh Huy Thư.", "4. Hội đã tổ chức Đại hội.",
                             "Nơi nhận:", "- Sở Nội vụ;", "- Lưu: VT.", "Trân trọng."]), 1)
    assert h.signer_name is None


def test_an_abbreviation_the_next_words_explain() -> None:
    from extract import vocab
    from extract.letterhead import body_name

    abbreviations = vocab.mapping("abbreviations")
    assert body_name(["BCH ĐOÀN TỈNH LÂM ĐỒNG"], abbreviations) == "Ban Chấp hành đoàn tỉnh Lâm Đồng"
    assert body_name(["BCH QUÂN SỰ TỈNH LÂM ĐỒNG"], abbreviations) == "Bộ Chỉ huy Quân sự tỉnh Lâm Đồng"
    # the association's committee under its national body: a body of its own, not a run-on of the parent's line
    h = read_header(_blocks(["HỘI NÔNG DÂN VIỆT NAM", "BCH HỘI NÔNG DÂN TỈNH LÂM ĐỒNG", "Số 52 -CV/HNDT",
                             "V/v cử đại diện lãnh đạo"]), 4)
    assert h.issuer_name is not None and h.issuer_name.lower() == "ban chấp hành hội nông dân tỉnh lâm đồng"


def test_a_party_committees_letterhead_prints_the_partys_name_where_the_motto_goes() -> None:
    h = read_header(_blocks(["TỈNH ỦY LÂM ĐỒNG", "ĐẢNG CỘNG SẢN VIỆT NAM", "BAN TUYÊN GIÁO VÀ DÂN VẬN",
                             "Số 210-CV/BTGDVTU", "Lâm Đồng, ngày 04 tháng 9 năm 2025",
                             "V/v cử lãnh đạo Ban tham gia Ban Vì sự tiến bộ của phụ nữ", "Kính gửi: Sở Nội vụ."]), 7)
    assert (h.locality, h.province) == ("Lâm Đồng", "Lâm Đồng")
    # in a sentence, the Party's name is text
    assert read_header(_blocks(["UBND TỈNH LÂM ĐỒNG", "KẾ HOẠCH", "Học tập Điều lệ Đảng Cộng sản Việt Nam"]),
                       3).title == "Học tập Điều lệ Đảng Cộng sản Việt Nam"


def test_a_public_body_whose_name_opens_with_no_head_word_is_the_issuer_under_its_parent() -> None:
    # a newspaper under its Party committee: its name is in the table of public bodies, no head word opens it
    h = read_header(_blocks(["TỈNH ỦY GIA LAI", "BÁO VÀ PHÁT THANH, TRUYỀN HÌNH", "Số 41-CV/B&PTTH",
                             "Gia Lai, ngày 4 tháng 9 năm 2025", "V/v cử lãnh đạo tham gia Ban",
                             "Kính gửi: Sở Nội vụ."]), 6)
    assert h.issuer_name == "Báo và Phát thanh, Truyền hình"
    # a type line that opens with the same letters as a body is no body ("BÁO CÁO" is no "Báo …")
    from extract.letterhead import body_head
    assert body_head("BÁO CÁO KẾT QUẢ THỰC HIỆN") is None


def test_an_application_has_no_issuer_and_is_titled_by_the_lines_under_its_type() -> None:
    h = read_header(_blocks(["CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "ĐƠN ĐỀ NGHỊ",
                             "CÔNG NHẬN BAN VẬN ĐỘNG THÀNH LẬP", "LIÊN ĐOÀN PICKLEBALL TỈNH LÂM ĐỒNG",
                             "Kính gửi: Ủy ban nhân dân tỉnh Lâm Đồng"]), 6)
    assert h.issuer_name is None and h.doc_type == "other"
    assert h.title == "CÔNG NHẬN BAN VẬN ĐỘNG THÀNH LẬP LIÊN ĐOÀN PICKLEBALL TỈNH LÂM ĐỒNG"


@pytest.mark.parametrize(("line", "doc_type"), [
    ("ĐIULỆ", "charter"),  # a scan lost the space and a letter
    ("TỜTRÌNH", "submission"),
    ("KÉ HOẠCH", "plan"),
    ("CÔNG AN", None),  # a body, one letter from "CÔNG VĂN"
    ("NGHỊ ĐỊNH", "other"),  # a decree: a type of its own, not a decision one letter off
    ("ĐỀ AM", None),  # a type of five letters or fewer is matched only as printed (marks aside)
])
def test_a_type_line_misread_by_one_letter_is_read(line: str, doc_type: str | None) -> None:
    from extract.letterhead import type_of
    found = type_of(line)
    assert (found[1] if found else None) == doc_type


def test_a_scans_body_name_must_be_words_of_the_language() -> None:
    from extract.header import Header, drop_misread

    h = Header(issuer_name="Họi Gole tỉnh Lâm Đồng")  # "Hội Golf": "Họi" is no word, capital or not
    drop_misread(h)
    assert h.issuer_name is None and h.conflicts[0][0] == "unreadable_issuer"
    kept = Header(issuer_name="Ủy ban nhân dân xã Đạ Huoai")  # a place after the level word may be any name
    drop_misread(kept)
    assert kept.issuer_name == "Ủy ban nhân dân xã Đạ Huoai"
    glued = Header(title="CÔNG NHẬN BAN VẬN ĐỘNG THÀNH LẬP LIÊN ĐOÀN PICKI,EBALI. TỈNH LÂM ĐỒNG")
    drop_misread(glued)  # a comma read inside a word
    assert glued.title is None


def test_a_slips_number_may_have_a_space_before_its_hyphen() -> None:
    h = read_header(_blocks(["UBND TỈNH LÂM ĐỒNG", "VĂN PHÒNG", "Số:114 -11/PT-NC", "PHIẾU TRÌNH"]), 4)
    assert h.decision_number == "114-11/PT-NC"


def test_a_scans_scraps_are_no_title() -> None:
    from extract.header import Header, drop_misread

    h = Header(title="‹ :^ le)")
    drop_misread(h)
    assert h.title is None and h.conflicts[0][0] == "unreadable_title"


def test_a_letters_legal_basis_is_its_own_sentence() -> None:
    # a reader ran the salutation, the basis and the next sentence into one paragraph
    h = read_header(_blocks([
        "SỞ Y TẾ TỈNH KHÁNH HÒA", "Số: 45/SYT-NVY", "V/v hỗ trợ kinh phí", "Khánh Hòa, ngày 3 tháng 4 năm 2026",
        "Kính gửi: Bệnh viện Đa khoa tỉnh. Căn cứ Công văn số 17/BV-TCKT ngày 20/3/2026 của Bệnh viện về việc đề "
        "nghị hỗ trợ kinh phí. Sau khi xem xét, Sở Y tế có ý kiến như sau:",
        "1. Thống nhất hỗ trợ kinh phí."]), 6)
    assert h.legal_bases == ["Căn cứ Công văn số 17/BV-TCKT ngày 20/3/2026 của Bệnh viện về việc đề nghị hỗ trợ kinh "
                             "phí"]


@pytest.mark.parametrize(("basis", "kept"), [
    # the sentence the basis introduces: its subject and verb after a comma, or its reasoning
    ("Căn cứ Nghị định số 10/2025/NĐ-CP ngày 01/02/2025 của Chính phủ, Sở Nội vụ đề nghị các huyện báo cáo",
     "Căn cứ Nghị định số 10/2025/NĐ-CP ngày 01/02/2025 của Chính phủ"),
    ("Căn cứ hồ sơ đề nghị của Hội, Chủ tịch Ủy ban nhân dân tỉnh có ý kiến như sau",
     "Căn cứ hồ sơ đề nghị của Hội"),
    ("Căn cứ quy định về lệ phí, trên cơ sở ý kiến của các bộ, Bộ Tài chính dự thảo Thông tư",
     "Căn cứ quy định về lệ phí"),
    # a reference's own words stay: a numbered document's verb, a person's second title, a lower-case list
    ("Căn cứ Luật Đất đai, Thông tư số 5/2024/TT-BTNMT của Bộ Tài nguyên và Môi trường hướng dẫn thi hành", None),
    ("Căn cứ Thông tư số 2/2017/TT-VPCP của Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ hướng dẫn nghiệp vụ", None),
    ("Căn cứ Kế hoạch của Ban Chỉ đạo Đề án 06, cải cách hành chính, chuyển đổi số báo cáo định kỳ", None),
    # the cited document's subject: "về việc triển khai" is its title, not the sentence's verb
    ("Căn cứ Công văn số 3169/TCT06 của Tổ công tác triển khai Đề án 06, Cải cách hành chính, Chuyển đổi số gắn "
     "với Đề án 06 Chính phủ về việc triển khai một số nhiệm vụ trọng tâm", None),
    ("Căn cứ Điều 4 Quyết định số 1909/QĐ-UBND của UBND tỉnh (2024 - 2029), theo đó quy định thời hạn",
     "Căn cứ Điều 4 Quyết định số 1909/QĐ-UBND của UBND tỉnh (2024 - 2029)"),
    # a subject of two bodies joined by a comma; a document "ban hành kèm theo" another is cited, not the verb
    ("Căn cứ Luật Hòa giải năm 2013, Điều lệ Hội Hòa giải ban hành kèm theo Quyết định số 12/QĐ-BTP ngày "
     "2/3/2024 của Bộ trưởng Bộ Tư pháp, Ủy ban nhân dân tỉnh, thành phố chỉ đạo các hội hợp nhất",
     "Căn cứ Luật Hòa giải năm 2013, Điều lệ Hội Hòa giải ban hành kèm theo Quyết định số 12/QĐ-BTP ngày "
     "2/3/2024 của Bộ trưởng Bộ Tư pháp"),
    # the sentence's own reasoning joined with "và"; its subject's verb of judgement
    ("Căn cứ Nghị định số 126/2024/NĐ-CP và sau khi rà soát hồ sơ kèm theo, Sở Nội vụ đề nghị",
     "Căn cứ Nghị định số 126/2024/NĐ-CP"),
    ("Căn cứ các quy định và thực tiễn nêu trên, Sở Tư pháp nhận thấy việc thành lập Hội là cần thiết",
     "Căn cứ các quy định và thực tiễn nêu trên"),
])
def test_a_legal_basis_ends_where_its_sentence_begins(basis: str, kept: str | None) -> None:
    from extract.header import _main_clause_cut

    assert _main_clause_cut(basis) == (kept or basis)


@pytest.mark.parametrize(("text", "bases"), [
    # what the basis quotes is not part of it
    ("Căn cứ Nghị định số 123/2013/NĐ-CP quy định chi tiết Luật Luật sư: “2. Trong thời hạn 07 ngày làm việc",
     ["Căn cứ Nghị định số 123/2013/NĐ-CP quy định chi tiết Luật Luật sư"]),
    # a sentence run on in lower case after a semicolon
    ("Căn cứ Quyết định số 787/QĐ-UBND ngày 21/8/2025 (gọi tắt là Quyết định số 787/QĐ-UBND); trong đó, giao Sở",
     ["Căn cứ Quyết định số 787/QĐ-UBND ngày 21/8/2025 (gọi tắt là Quyết định số 787/QĐ-UBND)"]),
    # a lower-case part of the citation goes on
    ("Căn cứ các Nghị định: Nghị định số 99/2016/NĐ-CP; nghị định số 56/2023/NĐ-CP; khoản 3 Điều 15 Nghị định số "
     "126/2024/NĐ-CP", ["Căn cứ các Nghị định: Nghị định số 99/2016/NĐ-CP; nghị định số 56/2023/NĐ-CP; khoản 3 Điều "
                        "15 Nghị định số 126/2024/NĐ-CP"]),
])
def test_a_legal_basis_quotes_nothing_and_runs_on_into_nothing(text: str, bases: list[str]) -> None:
    from extract.header import _legal_clauses

    assert _legal_clauses(text) == bases


def test_recipients_after_a_label_run_into_the_bodys_last_line() -> None:
    # a text layer put the left column's "Nơi nhận:" on the body's last line; the signature's cells are between
    h = read_header(_blocks([
        "SỞ TƯ PHÁP TỈNH ĐỒNG NAI", "Số: 88/STP-HCTP", "V/v triển khai Luật Hộ tịch",
        "Đồng Nai, ngày 5 tháng 5 năm 2026",
        "Kính gửi: Ủy ban nhân dân các xã, phường", "Đề nghị các đơn vị triển khai thực hiện./. Nơi nhận:",
        "KT. GIÁM ĐỐC", "- Như trên;", "PHÓ GIÁM ĐỐC", "- Giám đốc Sở (để b/c);", "(để phối hợp)",
        "- Lưu: VT, HCTP. | TM. BAN GIÁM ĐỐC", "Trần Văn Bình"]), 6)
    assert h.recipients == ["Như trên", "Giám đốc Sở (để b/c) (để phối hợp)", "Lưu: VT, HCTP"]


def test_a_body_sentence_on_recipients_is_not_the_label() -> None:
    h = read_header(_blocks([
        "BAN CHỈ ĐẠO", "Số: 9-HD/BCĐ", "Hà Nội, ngày 2 tháng 3 năm 2026", "HƯỚNG DẪN", "thể thức văn bản",
        "Nơi nhận: văn bản xác định những cơ quan, tổ chức, cá nhân nhận văn bản để báo cáo, để thực hiện, để giải "
        "quyết, để biết, để lưu; nơi nhận được trình bày ở góc trái, dưới phần nội dung văn bản.",
        "Nơi nhận:", "- Các ban của Tỉnh ủy,", "- Lưu Văn phòng."]), 5)
    assert h.recipients == ["Các ban của Tỉnh ủy", "Lưu Văn phòng"]


def test_a_number_glued_to_its_label_is_judged_by_its_confidence() -> None:
    from extract.readers.ocr import UNSURE_FIGURE, UNSURE_GLUED, unsure_figures

    words = [{"text": "Số:4340", "conf": UNSURE_FIGURE + 3}, {"text": "Số:62", "conf": UNSURE_GLUED + 5},
             {"text": "Sở:12", "conf": UNSURE_FIGURE - 15}]
    assert unsure_figures(words) == ("4340",)


def test_a_heading_that_names_the_type_is_no_issuer_block() -> None:
    h = read_header(_blocks(["DANH SÁCH TRÍCH NGANG", "BAN VẬN ĐỘNG THÀNH LẬP HỘI CỰU CHIẾN BINH TỈNH GIA LAI",
                             "STT Họ và tên Chức vụ"]), 3)
    assert h.issuer_name is None and h.doc_type == "other"
    assert h.title == "TRÍCH NGANG BAN VẬN ĐỘNG THÀNH LẬP HỘI CỰU CHIẾN BINH TỈNH GIA LAI"


def test_the_signers_name_among_the_recipients_does_not_end_them() -> None:
    h = read_header(_blocks([
        "BỘ Y TẾ", "Số: 12/QĐ-BYT", "Hà Nội, ngày 4 tháng 5 năm 2026", "QUYẾT ĐỊNH", "Về việc thành lập Tổ công tác",
        "Điều 1. Thành lập Tổ công tác.", "Nơi nhận:", "BỘ TRƯỞNG", "- Như Điều 1;", "- Văn phòng Chính phủ;",
        "Trần Văn Thuấn", "- Các Vụ, Cục;", "- Lưu: VT, TCCB."]), 5)
    assert h.recipients == ["Như Điều 1", "Văn phòng Chính phủ", "Các Vụ, Cục", "Lưu: VT, TCCB"]


def test_a_bodys_basis_cites_the_rules_of_an_instrument() -> None:
    from extract.header import _cites

    assert _cites("Căn cứ quy định tại khoản 5 Điều 1 Nghị định số 137/2018/NĐ-CP ngày 08/10/2018")
    assert _cites("Căn cứ quy định của Luật Công chứng năm 2024")
    assert not _cites("Căn cứ quy định của Hội về hội phí")
    assert not _cites("Căn cứ các quy định nêu trên")


def test_a_work_slips_type_line_makes_its_bases_those_of_a_submission() -> None:
    # "PHIẾU TRÌNH GIẢI QUYẾT CÔNG VIỆC", the form's full name: its reasoning's "- Về thẩm quyền: Căn cứ …" is a basis
    h = read_header(_blocks([
        "VĂN PHÒNG UBND TỈNH", "PHÒNG KINH TẾ", "Tây Ninh, ngày 7 tháng 5 năm 2026", "PHIẾU TRÌNH GIẢI QUYẾT CÔNG VIỆC",
        "Kính gửi:", "- Lãnh đạo UBND tỉnh;", "- Lãnh đạo Văn phòng UBND tỉnh.", "1. Vấn đề trình: Thông báo kết quả "
        "đại hội Hội Làm vườn.", "2. Ý kiến của cơ quan trình:", "- Về nội dung: Hội đã tổ chức đại hội.",
        "- Về thẩm quyền: Căn cứ khoản 3 Điều 15 Nghị định số 126/2024/NĐ-CP thì Chủ tịch Ủy ban nhân dân tỉnh có "
        "thẩm quyền thông báo việc tổ chức đại hội.", "3. Ý kiến chuyên viên:"]), 12)
    assert h.doc_type == "submission"
    assert h.legal_bases == ["Căn cứ khoản 3 Điều 15 Nghị định số 126/2024/NĐ-CP thì Chủ tịch Ủy ban nhân dân tỉnh có "
                             "thẩm quyền thông báo việc tổ chức đại hội"]


def test_a_submissions_reasoning_cites_its_bases_under_its_sections() -> None:
    h = read_header(_blocks([
        "SỞ NỘI VỤ TỈNH AN GIANG", "Số: 77/TTr-SNV", "An Giang, ngày 2 tháng 6 năm 2026", "TỜ TRÌNH",
        "Về việc thông báo kết quả đại hội Hội Cựu chiến binh", "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh",
        "1. Về thẩm quyền", "Căn cứ khoản 3 Điều 15 Nghị định số 126/2024/NĐ-CP thì Chủ tịch Ủy ban nhân dân tỉnh có "
        "thẩm quyền thông báo kết quả đại hội.", "2. Về hồ sơ",
        "Căn cứ tình hình thực tế, Sở Nội vụ đã kiểm tra hồ sơ.", "Căn cứ các quy định nêu trên, Sở Nội vụ đề xuất.",
        "Nơi nhận:", "- Như trên;", "- Lưu: VT.", "DỰ THẢO", "QUYẾT ĐỊNH",
        "Căn cứ Luật Tổ chức chính quyền địa phương;"]),
        17)
    assert h.legal_bases == ["Căn cứ khoản 3 Điều 15 Nghị định số 126/2024/NĐ-CP thì Chủ tịch Ủy ban nhân dân tỉnh có "
                             "thẩm quyền thông báo kết quả đại hội"]
