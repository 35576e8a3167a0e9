"""A scan's title spelt as the rest of its document spells it (extract/text_votes.py)."""

from __future__ import annotations

import pytest

from extract.text_votes import spell_as_the_text


@pytest.mark.parametrize("value,text,seen", [
    # the body spells it right twice: the title's misread mark goes
    ("Đối tên Liên đoàn Bóng rổ tỉnh Bình Thuận", "Thống nhất đổi tên Liên đoàn Bóng rổ. Hồ sơ đổi tên Liên đoàn.",
     "Đổi tên Liên đoàn Bóng rổ tỉnh Bình Thuận"),
    # figures are no words: "năm" and "với" are the neighbours of "găn"
    ("Về việc báo cáo đến năm 2030, găn với tổng kết", "định hướng đến năm 2030, gắn với tổng kết Chương trình",
     "Về việc báo cáo đến năm 2030, gắn với tổng kết"),
    # capitals keep their case
    ("ĐỘI TÊN QUỸ", "cho phép đổi tên Quỹ", "ĐỔI TÊN QUỸ"),
    # the body reads it as the title does as often as otherwise: left as read
    ("các hội quân chủng", "các hội quân chủng; các hội quần chúng", "các hội quân chủng"),
    # the same letters between other neighbours are another word: no vote ("tính toán", not "tỉnh")
    ("cách tính phí", "tỉnh Lâm Đồng, tỉnh Đắk Nông", "cách tính phí"),
    # nothing in the text
    ("Về việc sư cô", "", "Về việc sư cô"),
])
def test_a_title_is_spelt_as_its_document(value: str, text: str, seen: str) -> None:
    assert spell_as_the_text(value, text) == seen
