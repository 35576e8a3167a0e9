"""Responsible-unit splitter against hand-written cells (tests/data/unit_phrases.json, none from the samples)."""

from __future__ import annotations

import pytest

from extract.units import canonical_name, parse_responsibility
from tests.conftest import load_cases

CASES = load_cases("unit_phrases.json")


def test_enough_cases() -> None:
    assert len(CASES) >= 60


@pytest.mark.parametrize("case", CASES, ids=[c["cell"][:60] for c in CASES])
def test_unit_cell(case: dict) -> None:
    lead, support = parse_responsibility(case["cell"])
    assert [u.name for u in lead] == case["lead"]
    assert [u.name for u in support] == case["support"]


@pytest.mark.parametrize(
    ("cell", "lead", "support"),
    [  # the contract's own examples
        ("Lãnh đạo UBND Các phòng chuyên môn", ["Lãnh đạo Ủy ban nhân dân", "Các phòng chuyên môn"], []),
        ("UBND các phường, xã", ["Ủy ban nhân dân các phường, xã"], []),
        ("TTHCC và UBND các phường, xã", ["Trung tâm hành chính công", "Ủy ban nhân dân các phường, xã"], []),
        ("Văn phòng HĐND và UBND thành phố", ["Văn phòng Hội đồng nhân dân và Ủy ban nhân dân thành phố"], []),
        ("Phòng Văn hóa - Xã hội phường chủ trì phối hợp các phòng, đơn vị thuộc phường",
         ["Phòng Văn hóa - Xã hội phường"], ["Các phòng, đơn vị thuộc phường"]),
    ],
)
def test_contract_examples(cell: str, lead: list[str], support: list[str]) -> None:
    got_lead, got_support = parse_responsibility(cell)
    assert [u.name for u in got_lead] == lead and [u.name for u in got_support] == support


def test_raw_keeps_the_words_and_name_folds_dashes() -> None:
    (u,) = parse_responsibility("Phòng Văn hóa – Thông tin;")[0]
    assert u.raw == "Phòng Văn hóa – Thông tin" and u.name == "Phòng Văn hóa - Thông tin"
    assert canonical_name("Văn phòng HĐND-UBND") == "Văn phòng Hội đồng nhân dân - Ủy ban nhân dân"


def test_units_worked_out_once_and_given_as_a_new_list() -> None:
    from extract import memo
    from extract.units import _split_units, split_units

    memo.clear()
    first = split_units("Phòng Nội vụ; Văn phòng HĐND và UBND")
    assert [u.raw for u in first] == ["Phòng Nội vụ", "Văn phòng HĐND và UBND"]
    first.append(first[0])  # a caller's list is its own
    again = split_units("Phòng Nội vụ; Văn phòng HĐND và UBND")
    assert again == first[:2] and _split_units.cache_info().hits == 1
    memo.clear()
    assert _split_units.cache_info().currsize == 0


@pytest.mark.parametrize(
    ("cell", "lead", "support"),
    [  # official names that hold a comma, a dash or a second head word are one unit
        ("Sở Văn hóa, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"], []),
        ("Bộ Lao động - Thương binh và Xã hội", ["Bộ Lao động - Thương binh và Xã hội"], []),
        ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"], []),
        ("Công an tỉnh", ["Công an tỉnh"], []),
        ("Lãnh đạo Sở Y tế", ["Lãnh đạo Sở Y tế"], []),
        ("Bộ Công an", ["Bộ Công an"], []),
        ("Sở Văn hóa, Thể thao và Du lịch, Sở Y tế, Công an tỉnh",
         ["Sở Văn hóa, Thể thao và Du lịch", "Sở Y tế", "Công an tỉnh"], []),
        ("Bộ Văn hoá, Thể thao và Du lịch; Bộ Khoa học và Công nghệ",
         ["Bộ Văn hóa, Thể thao và Du lịch", "Bộ Khoa học và Công nghệ"], []),
        ("Sở Nội vụ chủ trì phối hợp Sở Tài chính, Sở Văn hóa, Thể thao và Du lịch và UBND các xã, phường",
         ["Sở Nội vụ"], ["Sở Tài chính", "Sở Văn hóa, Thể thao và Du lịch", "Ủy ban nhân dân các xã, phường"]),
        ("Công an tỉnh và Ủy ban MTTQ Việt Nam tỉnh", ["Công an tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"], []),
        ("Tỉnh đoàn, Hội Liên hiệp Phụ nữ tỉnh, Hội Nông dân tỉnh, Hội Cựu chiến binh tỉnh, Liên đoàn Lao động tỉnh",
         ["Tỉnh đoàn", "Hội Liên hiệp Phụ nữ tỉnh", "Hội Nông dân tỉnh", "Hội Cựu chiến binh tỉnh",
          "Liên đoàn Lao động tỉnh"], []),
        ("Bộ Chỉ huy Quân sự tỉnh, Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
         ["Bộ Chỉ huy Quân sự tỉnh", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"], []),
        ("Đài Phát thanh - Truyền hình tỉnh; Văn phòng UBND tỉnh, Thanh tra tỉnh",
         ["Đài Phát thanh - Truyền hình tỉnh", "Văn phòng Ủy ban nhân dân tỉnh", "Thanh tra tỉnh"], []),
        ("Giám đốc Sở Tư pháp", ["Giám đốc Sở Tư pháp"], []),
        # printed aliases get the table's name
        ("Sở VHTTDL, Sở LĐTBXH", ["Sở Văn hóa, Thể thao và Du lịch", "Sở Lao động - Thương binh và Xã hội"], []),
        ("Văn phòng Đoàn ĐBQH và HĐND tỉnh", ["Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh"], []),
        # a reference to a document is read whole: not cut, no abbreviation expanded in its number
        ("Sở Y tế (theo Kế hoạch số 12/KH-UBND ngày 3/1/2026)", ["Sở Y tế (theo Kế hoạch số 12/KH-UBND ngày 3/1/2026)"],
         []),
    ],
)
def test_public_bodies(cell: str, lead: list[str], support: list[str]) -> None:
    got_lead, got_support = parse_responsibility(cell)
    assert [u.name for u in got_lead] == lead and [u.name for u in got_support] == support


def test_raw_keeps_an_official_name_as_written() -> None:
    (u,) = parse_responsibility("Sở Văn hoá, Thể thao và Du lịch tỉnh")[0]
    assert u.raw == "Sở Văn hoá, Thể thao và Du lịch tỉnh" and u.name == "Sở Văn hóa, Thể thao và Du lịch tỉnh"


def test_a_name_in_another_case_is_left_as_written() -> None:
    assert canonical_name("Đoàn thanh tra của Sở") == "Đoàn thanh tra của Sở"


def test_public_body_table_is_well_formed() -> None:
    from extract import vocab

    rows = vocab.table("public_bodies")
    kinds = {"ministry", "ministry_former", "central", "department", "department_former", "agency", "mass"}
    assert all(len(r) >= 2 and r[1] in kinds for r in rows)
    names = [r[0] for r in rows]
    assert len(names) == len(set(names))
    # the 2025 structure: 14 ministries and 3 ministerial agencies
    assert sum(r[1] == "ministry" for r in rows) == 17
