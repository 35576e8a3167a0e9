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


@pytest.mark.parametrize(
    ("raw", "year", "kind", "start", "end", "recurrence"),
    [
        # a date inside a reference to another document is that document's, never the task's
        ("Theo các mốc thời gian tại Quyết định số 512/QĐ-UBND ngày 03/4/2025", 2026, "unspecified", None, None, None),
        ("Theo Điều 9 Nghị định số 30/2020/NĐ-CP", 2026, "unspecified", None, None, None),
        ("Theo Kế hoạch số 47/KH-UBND ngày 15/01/2026; hoàn thành trước ngày 30/6/2026", None, "deadline", None,
         "2026-06-30", None),
        ("Trước ngày 10/5/2026 (theo Nghị định số 179/2025/NĐ-CP)", None, "deadline", None, "2026-05-10", None),
        # clock times are no dates; the day they name is, with the document's year
        ("Từ 08 giờ 00 - 11 giờ 30 ngày 14 tháng 5", 2026, "period", "2026-05-14", "2026-05-14", None),
        ("14 giờ 30 phút, ngày 12 tháng 01 năm 2026 (Thứ Hai)", None, "period", "2026-01-12", "2026-01-12", None),
        ("Bắt đầu lúc 08h00, ngày 09/10/2025", None, "period", "2025-10-09", "2025-10-09", None),
        ("08h10 - 08h20", 2026, "unspecified", None, None, None),
        ("Trước 17h00 ngày 15/6/2026", None, "deadline", None, "2026-06-15", None),
        # several steps with deadlines: from the first step to the last deadline
        ("Xây dựng dự thảo trong tháng 01/2026, trình phê duyệt chậm nhất trong tháng 6/2026 và tổ chức triển "
         "khai chậm nhất trong tháng 9/2026", None, "deadline", "2026-01-01", "2026-09-30", None),
        # "thường xuyên" waiting for a request is an event; after a comma a second mode keeps it continuous
        ("Thường xuyên khi có yêu cầu", 2026, "event", None, None, None),
        ("Thường xuyên, ngay khi có phát sinh", 2026, "continuous", None, None, None),
        ("Đột xuất", 2026, "event", None, None, None),
        ("Thường xuyên trong năm", 2026, "continuous", "2026-01-01", "2026-12-31", None),
        # "until the end of" with no start is a deadline; with a start a period
        ("Đến hết năm 2026", None, "deadline", None, "2026-12-31", None),
        ("Từ nay đến hết quý II/2026", None, "deadline", None, "2026-06-30", None),
        ("Từ năm 2025 đến hết năm 2030", None, "period", "2025-01-01", "2030-12-31", None),
        # "and the following years": no end
        ("Năm 2026 và các năm tiếp theo", None, "period", "2026-01-01", None, None),
        # counted from an event
        ("Trong thời hạn 07 ngày làm việc kể từ ngày kết thúc đợt kiểm tra", 2026, "event", None, None, None),
    ],
)
def test_archive_families(raw: str, year: int | None, kind: str, start: str | None, end: str | None,
                          recurrence: str | None) -> None:
    p = parse_timeframe(raw, year)
    assert (p.kind, p.start and p.start.isoformat(), p.end and p.end.isoformat(), p.recurrence) == (
        kind, start, end, recurrence)


@given(st.integers(min_value=0, max_value=23), st.integers(min_value=0, max_value=59),
       st.integers(min_value=0, max_value=23), st.integers(min_value=0, max_value=59))
def test_a_slot_of_clock_times_is_no_date(h1: int, m1: int, h2: int, m2: int) -> None:
    assert parse_timeframe(f"{h1:02d}h{m1:02d} - {h2:02d}h{m2:02d}", 2026).kind == "unspecified"
    assert parse_timeframe(f"{h1:02d} giờ {m1:02d} - {h2:02d} giờ {m2:02d}", 2026).kind == "unspecified"
