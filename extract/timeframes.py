"""Timeframes of plan rows: "Quý II/2022", "Trước tháng 11/2021", "03 tháng/01 lần", "Thường xuyên".

Kind precedence (tests/gold/README.md): deadline > recurring > continuous > period > event > unspecified.
Year-less dates take the document's year. The trigger words are vocabulary (`vocab/time_words.tsv`). A
reference to another document ("theo Quyết định số 512/QĐ-UBND ngày 03/4/2025") is masked first: its date is
that document's, never the task's. Clock times ("08 giờ 00", "14h30") are dropped: they are no dates.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from extract import vocab
from extract.memo import memo
from extract.references import mask_references

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_UNIT_MONTHS = {"tháng": 1, "quý": 3, "năm": 12}
_UNIT_DURATION = {"ngày": "P1D", "tuần": "P1W", "tháng": "P1M", "quý": "P3M", "năm": "P1Y"}
_Q = r"(?:iv|i{1,3}|[1-4])(?![a-z0-9])"
_YEAR = r"(?:19|20)\d{2}"
# "08 giờ 00", "14 giờ 30 phút", "08h00", "8h": a time of day ("08h10 - 08h20" is no 8 October)
_CLOCK = re.compile(r"(?<![\w/])\d{1,2}\s*(?:giờ|h)(?:\s*\d{1,2}(?![\d/]))?(?:\s*phút)?(?!\w)")


@dataclass(frozen=True)
class ParsedTimeframe:
    kind: str
    start: dt.date | None
    end: dt.date | None
    recurrence: str | None


@cache
def _words(kind: str) -> tuple[str, ...]:
    return tuple(sorted((r[0] for r in vocab.table("time_words") if r[1] == kind), key=len, reverse=True))


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _months_to_duration(months: float) -> str | None:
    if months <= 0:
        return None
    if months < 1:
        days = round(months * 30)
        return "P1W" if days == 7 else f"P{days}D"
    if months % 12 == 0:
        return f"P{int(months // 12)}Y"
    if months == int(months):
        return f"P{int(months)}M"
    return None


def _duration_months(d: str) -> float:
    n = int(re.sub(r"\D", "", d) or 1)
    return n * {"D": 1 / 30, "W": 7 / 30, "M": 1, "Y": 12}[d[-1]]


def recurrences(text: str) -> list[str]:
    """Every repetition period named in `text` as an ISO 8601 duration."""
    out: list[str] = []
    t = text
    every = _alternation("every")
    units = r"(ngày|tuần|tháng|quý|năm)"
    # "hàng tháng, quý, 6 tháng, năm": the first after "hàng", then the listed ones
    for m in re.finditer(rf"(?:{every})\s+{units}((?:\s*,\s*(?:\d+\s*tháng|quý|năm|tháng))*)", t):
        out.append(_UNIT_DURATION[m.group(1)])
        for item in re.findall(r"\d+\s*tháng|quý|năm|tháng", m.group(2)):
            out.append(_item_duration(item))
    for m in re.finditer(r"(\d+)?\s*(tháng|quý|năm|tuần)\s*/\s*(?:0*1\s*)?lần", t):
        n = int(m.group(1) or 1)
        dur = _months_to_duration(n * _UNIT_MONTHS.get(m.group(2), 0)) if m.group(2) != "tuần" else "P1W"
        if dur:
            out.append(dur)
    for m in re.finditer(r"(\d+)\s*lần\s*/\s*(tháng|quý|năm|tuần|ngày)", t):
        n = int(m.group(1))
        if m.group(2) in _UNIT_MONTHS and n:
            dur = _months_to_duration(_UNIT_MONTHS[m.group(2)] / n)
        else:
            dur = _UNIT_DURATION[m.group(2)] if n == 1 else None
        if dur:
            out.append(dur)
    periodic = _alternation("periodic")
    for m in re.finditer(rf"(?:{periodic})\s+(\d+)\s*tháng", t):
        out.append(_months_to_duration(int(m.group(1))) or "")
    # a bare list of reporting periods: "6 tháng, năm", "quý, 6 tháng, năm"
    if re.fullmatch(r"(?:\d+\s*tháng|quý|năm)(?:\s*,\s*(?:\d+\s*tháng|quý|năm))+", t.strip()):
        out.extend(_item_duration(i) for i in re.findall(r"\d+\s*tháng|quý|năm", t))
    return [d for d in out if d]


def _item_duration(item: str) -> str:
    item = item.strip()
    if item in _UNIT_DURATION:
        return _UNIT_DURATION[item]
    n = int(re.sub(r"\D", "", item))
    return _months_to_duration(n) or ""


@dataclass
class _Span:
    lo: dt.date
    hi: dt.date
    pos: int  # where it starts in the text
    day: bool  # a named day (a deadline on it is the day itself)


def _dates(t: str, year: int | None) -> list[_Span]:
    spans: list[_Span] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    def add(m: re.Match[str], lo: dt.date | None, hi: dt.date | None, day: bool = False) -> None:
        if lo and hi and free(m.start(), m.end()):
            spans.append(_Span(lo, hi, m.start(), day))
            taken.append((m.start(), m.end()))

    def yr(s: str | None) -> int | None:
        return int(s) if s else year

    for word in _words("not_date"):  # idioms written like dates ("liên tục 24/7")
        for m in re.finditer(re.escape(word), t):
            taken.append((m.start(), m.end()))
    # month ranges and lists: "tháng 01 - 03/2024", "tháng 8, 9/2024", "từ tháng 3 đến tháng 6/2024"
    for m in re.finditer(
        rf"tháng\s+(\d{{1,2}})((?:\s*(?:,|-|đến|và)\s*(?:tháng\s+)?\d{{1,2}})+)\s*(?:/|năm|/\s*năm)\s*({_YEAR})", t
    ):
        months = [int(m.group(1))] + [int(x) for x in re.findall(r"\d{1,2}", m.group(2))]
        y = int(m.group(3))
        if all(1 <= mo <= 12 for mo in months):
            add(m, dt.date(y, min(months), 1), _last_day(y, max(months)))
    # full or year-less days
    for m in re.finditer(rf"ngày\s+(\d{{1,2}})\s+tháng\s+(\d{{1,2}})(?:\s+năm\s+({_YEAR}))?", t):
        y = yr(m.group(3))
        if y:
            d = _safe_date(y, int(m.group(2)), int(m.group(1)))
            add(m, d, d, True)
    for m in re.finditer(rf"(?<![\d/])(\d{{1,2}})\s*[/.-]\s*(\d{{1,2}})(?:\s*[/.-]\s*({_YEAR}))?(?![\d/])", t):
        if not m.group(3) and re.match(r"\s*(?:lần|tháng)", t[m.end() :]):
            continue
        y = yr(m.group(3))
        if y and 1 <= int(m.group(2)) <= 12:
            d = _safe_date(y, int(m.group(2)), int(m.group(1)))
            add(m, d, d, True)
    # the first or last N months of a year: "6 tháng đầu năm 2024", "9 tháng đầu năm"
    for m in re.finditer(rf"(\d{{1,2}})\s*tháng\s*(đầu|cuối)\s*năm(?:\s+({_YEAR}))?", t):
        y, n = yr(m.group(3)), int(m.group(1))
        if y and 1 <= n <= 12:
            if m.group(2) == "đầu":
                add(m, dt.date(y, 1, 1), _last_day(y, n))
            else:
                add(m, dt.date(y, 13 - n, 1), dt.date(y, 12, 31))
    # quarters: "quý ii/2022", "quý iii, iv/2026", "quý i và quý ii/2024", "quý 4 năm 2024"
    for m in re.finditer(
        rf"quý\s*({_Q}(?:\s*(?:,|và|-|–)\s*(?:quý\s+)?{_Q})*)(?:\s*(?:/|năm)\s*(?:năm\s*)?({_YEAR}))?", t
    ):
        y = yr(m.group(2))
        qs = [_ROMAN.get(q) or int(q) for q in re.findall(_Q, m.group(1))]
        if y and qs:
            add(m, dt.date(y, 3 * min(qs) - 2, 1), _last_day(y, 3 * max(qs)))
    # months: "tháng 12/2022", "tháng 12/năm 2022", "tháng 6 năm 2024", "12/2022", "tháng 5"
    for m in re.finditer(rf"tháng\s+(\d{{1,2}})(?:\s*(?:/|năm|/\s*năm)\s*({_YEAR}))?(?!\s*/\s*\d{{1,2}}\b)", t):
        y = yr(m.group(2))
        mo = int(m.group(1))
        if y and 1 <= mo <= 12 and not re.match(r"\s*/\s*(?:0*1\s*)?lần", t[m.end() :]):
            add(m, dt.date(y, mo, 1), _last_day(y, mo))
    for m in re.finditer(rf"(?<![\d/])(\d{{1,2}})\s*/\s*({_YEAR})(?![\d/])", t):
        mo = int(m.group(1))
        if 1 <= mo <= 12:
            add(m, dt.date(int(m.group(2)), mo, 1), _last_day(int(m.group(2)), mo))
    for m in re.finditer(rf"(?:năm\s+)?(?<!\d)({_YEAR})(?!\d)", t):
        y = int(m.group(1))
        add(m, dt.date(y, 1, 1), dt.date(y, 12, 31))
    if year:
        for m in re.finditer(r"(?:cả|trong|suốt)\s+năm(?!\s*\d)", t):
            add(m, dt.date(year, 1, 1), dt.date(year, 12, 31))
    spans.sort(key=lambda s: s.pos)
    return spans


def _has(t: str, kind: str) -> bool:
    """Whether a word of this kind stands in `t` as whole words."""
    pattern = _whole_words(kind)
    return pattern is not None and pattern.search(t) is not None


@cache
def _alternation(kind: str) -> str:
    """The words of a kind as a regular expression's alternatives, longest first."""
    return "|".join(re.escape(w) for w in _words(kind))


@cache
def _whole_words(kind: str) -> re.Pattern[str] | None:
    # one search for any of the words (at each place, each alternative is tried with the test after it)
    return re.compile(rf"(?<!\w)(?:{_alternation(kind)})(?!\w)") if _words(kind) else None


@memo(1 << 10)  # a plan gives the same deadlines in row after row
def parse_timeframe(raw: str, year: int | None = None) -> ParsedTimeframe:
    t = mask_references(raw).lower().replace("–", "-").replace("—", "-")
    t = re.sub(r"\s+", " ", _CLOCK.sub(" @ ", t)).strip(" ;.")  # "@": a time of day stood here
    if not t.strip(" @"):
        return ParsedTimeframe("unspecified", None, None, None)
    spans = _dates(t, year)
    recs = recurrences(t)
    recurrence = min(recs, key=_duration_months) if recs else None

    deadline_words = _alternation("deadline")
    ends: list[dt.date] = []
    used: list[_Span] = []  # the dates a deadline word governs
    open_deadline = False
    for m in re.finditer(rf"(?<!\w)({deadline_words})(?!\w)", t):
        after = [s for s in spans if s.pos >= m.end() and s.pos - m.end() <= 12]
        if not after:
            # "trước ngày 20 hằng tháng": a deadline without a month to put it in
            open_deadline |= bool(re.match(r"\s*ngày\s+\d{1,2}(?!\s*[/.-]\s*\d)", t[m.end() :]))
            continue
        chain = [after[0]]
        for nxt in spans[spans.index(after[0]) + 1 :]:
            gap = t[chain[-1].pos : nxt.pos]
            # "trước ngày 15/6 và 15/12": the deadline word covers the listed dates
            if re.fullmatch(r"[\d/.\-\s]*(?:,|và|hoặc)\s*(?:ngày\s*)?", gap):
                chain.append(nxt)
            else:
                break
        used.extend(chain)
        for span in chain:
            if m.group(1) == "trước" and not span.day:
                ends.append(span.lo - dt.timedelta(days=1))  # before a month: the last day of the month before
            else:
                ends.append(span.hi if not span.day else span.lo)
    until = _until(t, spans)
    if until:
        ends.append(until.hi)
        used.append(until)
    if ends:
        # several steps ("… trong tháng 01/2026, … chậm nhất trong tháng 6/2026"): the task spans from the first
        # dated step to the last deadline
        steps = [s.lo for s in spans if s not in used and s.lo <= max(ends)]
        return ParsedTimeframe("deadline", min(steps) if steps else None, max(ends), recurrence)
    if open_deadline:
        return ParsedTimeframe("deadline", None, None, recurrence)
    if recurrence:
        lo, hi = _range(spans, t)
        return ParsedTimeframe("recurring", lo, hi, recurrence)
    if _has(t, "continuous") and not (_qualified(t) and not spans):
        lo, hi = _range(spans, t)
        return ParsedTimeframe("continuous", lo, hi, None)
    if spans:
        lo, hi = _range(spans, t)
        return ParsedTimeframe("period", lo, hi, None)
    if _has(t, "event") or _has(t, "condition"):
        return ParsedTimeframe("event", None, None, None)
    return ParsedTimeframe("unspecified", None, None, None)


def _range(spans: list[_Span], t: str) -> tuple[dt.date | None, dt.date | None]:
    if not spans:
        return None, None
    lo = min(s.lo for s in spans)
    hi = max(s.hi for s in spans)
    # "từ tháng 1/2026" with no end: open-ended
    opens = re.search(r"(?<!\w)(?:từ|bắt đầu từ|kể từ)\s+(?:ngày\s+)?$", t[: spans[0].pos])
    if len(spans) == 1 and "đến" not in t and opens:
        return lo, None
    if _has(t[spans[-1].pos :], "onward"):
        return lo, None  # "năm 2026 và các năm tiếp theo": no end
    return lo, hi


def _qualified(t: str) -> bool:
    """'Thường xuyên khi có yêu cầu': the condition right after the word says when; 'thường xuyên, ngay khi có
    phát sinh' (after a comma) adds a second mode and the task stays continuous."""
    return re.search(rf"(?<!\w)(?:{_alternation('continuous')})\s+(?:{_alternation('condition')})(?!\w)", t) is not None


def _until(t: str, spans: list[_Span]) -> _Span | None:
    """'Đến hết năm 2026', 'từ nay đến hết quý II/2026': a deadline when no date opens the span before it."""
    pattern = _whole_words("until")
    m = pattern.search(t) if pattern else None
    if not m or any(s.pos < m.start() for s in spans):
        return None
    after = [s for s in spans if s.pos >= m.end() and s.pos - m.end() <= 12]
    return after[0] if after else None
