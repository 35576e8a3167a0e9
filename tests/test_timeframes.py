"""Timeframe parser against hand-written cells (tests/data/timeframe_phrases.json, none from the samples)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.timeframes import parse_timeframe
from tests.conftest import load_cases

CASES = load_cases("timeframe_phrases.json")


def test_enough_cases() -> None:
    assert len(CASES) >= 60


@pytest.mark.parametrize("case", CASES, ids=[c["raw"] for c in CASES])
def test_timeframe_phrase(case: dict) -> None:
    p = parse_timeframe(case["raw"], case["year"])
    got = (p.kind, p.start and p.start.isoformat(), p.end and p.end.isoformat(), p.recurrence)
    assert got == (case["kind"], case["start"], case["end"], case["recurrence"])


@pytest.mark.parametrize(
    ("raw", "year", "kind", "start", "end", "recurrence"),
    [  # the contract's worked calls
        ("Quý II/2022", None, "period", "2022-04-01", "2022-06-30", None),
        ("Quý III, IV/2026", None, "period", "2026-07-01", "2026-12-31", None),
        ("Tháng 12/2022 – Tháng 01/2023", None, "period", "2022-12-01", "2023-01-31", None),
        ("Trước tháng 11/2021", None, "deadline", None, "2021-10-31", None),
        ("Trước ngày 15/6", 2023, "deadline", None, "2023-06-15", None),
        ("Trước 15/6 và trước 30/11 hằng năm", 2023, "deadline", None, "2023-11-30", "P1Y"),
        ("Hàng quý", None, "recurring", None, None, "P3M"),
        ("03 tháng/01 lần", None, "recurring", None, None, "P3M"),
        ("Định kỳ 6 tháng/lần", None, "recurring", None, None, "P6M"),
        ("01 lần/tháng", None, "recurring", None, None, "P1M"),
        ("Hàng tháng, quý, 6 tháng, năm", None, "recurring", None, None, "P1M"),
        ("Thường xuyên", None, "continuous", None, None, None),
        ("Thường xuyên, liên tục trong năm 2026", None, "continuous", "2026-01-01", "2026-12-31", None),
        ("Từ tháng 1/2026", None, "period", "2026-01-01", None, None),
        ("12/2022", None, "period", "2022-12-01", "2022-12-31", None),
        ("Theo kế hoạch", None, "unspecified", None, None, None),
        ("Sau tiếp nhận kế hoạch", None, "event", None, None, None),
        ("Khi có phát sinh", None, "event", None, None, None),
    ],
)
def test_contract_worked_calls(raw: str, year: int | None, kind: str, start: str | None, end: str | None,
                               recurrence: str | None) -> None:
    p = parse_timeframe(raw, year)
    assert (p.kind, p.start and p.start.isoformat(), p.end and p.end.isoformat(), p.recurrence) == (
        kind, start, end, recurrence)


@given(st.integers(min_value=2000, max_value=2099), st.integers(min_value=1, max_value=12))
def test_any_month_is_its_whole_month(year: int, month: int) -> None:
    p = parse_timeframe(f"Tháng {month:02d}/{year}", None)
    assert p.kind == "period" and p.start == dt.date(year, month, 1)
    assert p.end is not None and (p.end + dt.timedelta(days=1)).day == 1 and p.end.month == month


@given(st.integers(min_value=2000, max_value=2099), st.integers(min_value=2, max_value=12))
def test_before_a_month_ends_the_month_before(year: int, month: int) -> None:
    p = parse_timeframe(f"Trước tháng {month}/{year}", None)
    assert p.kind == "deadline" and p.end == dt.date(year, month, 1) - dt.timedelta(days=1)


@given(st.integers(min_value=2000, max_value=2099), st.integers(min_value=1, max_value=4))
def test_any_quarter(year: int, q: int) -> None:
    roman = ["I", "II", "III", "IV"][q - 1]
    p = parse_timeframe(f"Quý {roman}/{year}", None)
    assert p.start == dt.date(year, 3 * q - 2, 1) and p.end is not None and p.end.month == 3 * q
