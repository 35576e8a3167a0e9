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
