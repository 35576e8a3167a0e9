"""Numbers written the Vietnamese way: decimal comma, thousands dot, leading zeros."""

from __future__ import annotations

import re

NUMBER = r"\d+(?:[.,]\d+)*"
_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")


def parse_number(text: str) -> float:
    """'99,9' → 99.9; '1.650' → 1650; '12.500.000' → 12500000; '1.650,5' → 1650.5; '01' → 1."""
    s = text.strip()
    if _GROUPED.fullmatch(s):
        return float(s.replace(".", "").replace(",", "."))
    if s.count(",") == 1 and "." not in s:
        return float(s.replace(",", "."))
    if s.count(".") == 1:
        head, tail = s.split(".")
        if len(tail) == 3 and head != "0":  # one thousands dot: 1.650
            return float(head + tail)
        return float(s)
    return float(s.replace(",", ""))


def format_vietnamese(value: float) -> str:
    """The inverse, used by property tests: 1650 → '1.650', 99.9 → '99,9'."""
    if value == int(value):
        whole, frac = int(value), ""
    else:
        whole_s, frac = f"{value:.10f}".rstrip("0").split(".")
        whole = int(whole_s)
    grouped = f"{whole:,}".replace(",", ".")
    return grouped + ("," + frac if frac else "")
