"""Controlled vocabularies of normalize/: objective categories, indicator codes and comparator words, loaded once."""

from __future__ import annotations

import json
import re
import unicodedata
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


# Vietnamese writes the tone of "oa", "oe", "uy" on either vowel ("hóa"/"hoá", "túy"/"tuý"): both spellings are
# folded to the second, so that one keyword matches both ("ma túy" in one document, "ma tuý" in the next)
_TONE_FOLD = {
    "òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ",
    "òe": "oè", "óe": "oé", "ỏe": "oẻ", "õe": "oẽ", "ọe": "oẹ",
    "ùy": "uỳ", "úy": "uý", "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ",
}
_TONE_RE = re.compile("|".join(_TONE_FOLD))


def _fold(text: str) -> str:
    """NFC, lower case, one spelling of the tone marks."""
    return _TONE_RE.sub(lambda m: _TONE_FOLD[m.group(0)], unicodedata.normalize("NFC", text).lower())


def matchable(text: str) -> str:
    """Lower-case with abbreviations expanded and tone marks folded, for keyword rules ("TTHC" → "thủ tục hành
    chính", "Ma túy" → "ma tuý")."""
    pattern, expansions = _abbreviation_re()
    return _fold(pattern.sub(lambda m: expansions[m.group(0)], unicodedata.normalize("NFC", text)))


@cache
def _keyword_re(word: str) -> re.Pattern[str]:
    """A keyword matches whole syllables only: "trả" is not in "trải", "5g" not in "45g"."""
    return re.compile(r"(?<!\w)" + re.escape(_fold(word)) + r"(?!\w)")


def _has(hay: str, word: str) -> bool:
    return _keyword_re(word).search(hay) is not None


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
        if any(_has(hay, word) for word in ind["none"]):
            continue
        if all(any(_has(hay, word) for word in group) for group in ind["all"]):
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
        score = sum(hay.count(k) for k in {_fold(k) for k in cat["keywords"]})  # "số hóa", "số hoá" count once
        if score > best_score:
            best, best_score = cat["code"], score
    return best
