"""Controlled vocabularies of normalize/: objective categories, indicator codes and comparator words, loaded once."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from extract import vocab as extract_vocab

_HERE = Path(__file__).parent / "vocab"


@cache
def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((_HERE / f"{name}.json").read_text(encoding="utf-8"))
    return data


@cache
def _abbreviation_re() -> tuple[re.Pattern[str], dict[str, str]]:
    expansions = extract_vocab.mapping("abbreviations")
    keys = sorted(expansions, key=len, reverse=True)
    return re.compile(r"(?<![\w&])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![\w&])"), expansions


def matchable(text: str) -> str:
    """Lower-case with abbreviations expanded, for keyword rules ("TTHC" → "thủ tục hành chính")."""
    pattern, expansions = _abbreviation_re()
    return pattern.sub(lambda m: expansions[m.group(0)], text).lower()


def indicators() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = _load("indicators")["indicators"]
    return items


@cache
def _labels() -> dict[str, str]:
    return {str(i["code"]): str(i["label_vi"]) for i in indicators()}


def indicator_label(code: str | None) -> str | None:
    """An indicator code's Vietnamese label ('Tỷ lệ hài lòng của người dân, tổ chức'), None for None."""
    return _labels().get(code) if code else None


@cache
def _comparator_words() -> dict[str, str]:
    return {c["code"]: c["vi"] for c in _load("comparators")["comparators"]}


def comparator_words(code: str) -> str:
    """A comparator code in the words a document uses for it: 'ge' → 'tối thiểu'."""
    return _comparator_words()[code]


def indicator_for(metric: str, text: str, unit: str) -> str | None:
    hay = matchable(f"{metric} {text}")
    for ind in indicators():
        if ind.get("replaces"):
            continue  # given only by refine_clause
        if ind["units"] and unit not in ind["units"]:
            continue
        if any(word in hay for word in ind["none"]):
            continue
        if all(any(word in hay for word in group) for group in ind["all"]):
            return str(ind["code"])
    return None


def refine_clause(codes: list[str | None]) -> list[str | None]:
    """The codes of one clause's targets, with the split-of-a-whole rules applied ("trước hẹn 40%, đúng hẹn 60%":
    the 60% is coded as the on-time-only part, since the clause's early part is coded too)."""
    present = set(codes)
    out = list(codes)
    for ind in indicators():
        if ind.get("replaces") and ind.get("when_clause_has") in present:
            out = [ind["code"] if c == ind["replaces"] else c for c in out]
    return out


def category_for(text: str) -> str:
    hay = matchable(text)
    best, best_score = "other", 0
    for cat in _load("categories")["categories"]:
        score = sum(hay.count(k) for k in cat["keywords"])
        if score > best_score:
            best, best_score = cat["code"], score
    return best
