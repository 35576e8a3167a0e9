"""References to other documents, found once as spans of their own.

"Quyết định số 512/QĐ-UBND ngày 03/4/2025 của Chủ tịch UBND tỉnh", "khoản 2 Điều 9 Nghị định số 30/2020/NĐ-CP",
"Luật Khiếu nại năm 2011": a document-type word (`vocab/reference_words.tsv`), "số" and a number or code, an
optional "ngày …" and an optional "của <issuer>", with the parts of the document ("khoản 2 Điều 9") before it.
A bare document code ("30/2020/NĐ-CP", "05-NQ/TU") is a reference too. The target, timeframe and unit parsers
read the text with these spans masked (`mask_references`), so that a referenced document's date is never a
timeframe, its number never a target and its code never a unit name to expand.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from extract import bodies, vocab
from extract.memo import memo

MASK = "\u2592"  # a shade: no word, digit or punctuation rule reads it
_YEAR = r"(?:19|20)\d{2}"
# "512/QĐ-UBND", "30/2020/NĐ-CP", "05-NQ/TU", "656/TTg-KSTT", "5240/BCA-V01": a number, then code parts that
# start with an upper-case letter or a year
# "177/CAT- PA05": a scan may read a space beside the hyphen
_CODE_PART = r"(?:\s?/\s?|-\s?)(?:[A-ZĐ][\wĐđ&.]*|\d{4}(?=\s?/))"
_CODE = rf"\d+[a-zđ]?(?:{_CODE_PART})*"
_STRICT_CODE = rf"\d+(?:{_CODE_PART})+"  # a code with at least one part: a reference without "số"
_DATE = (rf"(?P<d>\d{{1,2}})\s*[/.-]\s*(?P<m>\d{{1,2}})(?:\s*[/.-]\s*(?P<y>{_YEAR}))?"
         rf"|(?P<d2>\d{{1,2}})\s+tháng\s+(?P<m2>\d{{1,2}})(?:\s+năm\s+(?P<y2>{_YEAR}))?")


@dataclass(frozen=True)
class Span:
    """One reference: `text[start:end]`, its document type (lower-case; null for a bare code), number and date."""

    start: int
    end: int
    kind: str | None
    number: str | None
    date: dt.date | None
    issuer: str | None = None


@cache
def _words(role: str) -> tuple[str, ...]:
    return tuple(sorted((r[0] for r in vocab.table("reference_words") if r[1] == role), key=len, reverse=True))


@cache
def _opening() -> re.Pattern[str]:
    docs = _alt(_words("document"))
    parts = _alt(_words("part"))
    return re.compile(rf"(?:các\s+)?(?:(?:{docs})(?![^\W\d_])|(?:(?:{parts})\s+\S+\s*,?\s*)*(?:{parts})\s+[\dIVXLC])")


def opens_with_reference(text: str) -> bool:
    """`text` opens by naming a document or a part of one ("Quyết định số …", "khoản 3 Điều 15 …", "điểm b khoản
    4 …"): a citation, not facts ("tình hình thực tế") or "the rules above" ("các quy định nêu trên")."""
    return _opening().match(text) is not None


def _alt(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in words)


@cache
def _pattern() -> re.Pattern[str]:
    part = rf"(?i:{_alt(_words('part'))})\s+(?:[IVXLC]+|\d+[a-zđ]?|[a-zđ])(?![\w/])"
    parts = rf"(?:{part}(?:\s*,\s*|\s+(?:và\s+|của\s+|tại\s+)?))*"
    doc = rf"(?P<kind>{_alt(_words('document'))})"
    # "Văn bản 8977 của Bộ Nội vụ": a plain number without "số" only where a date or an issuer follows
    plain = r"(?P<plain>\d+)(?=\s+(?:ngày\s+\d|của\s+[^\W\d_]))"
    numbered = rf"{doc}\s*(?:(?i:số)\s*:?\s*(?P<num>{_CODE})|(?P<code>{_STRICT_CODE})|{plain})"
    # "Luật Khiếu nại năm 2011", "Bộ luật Lao động số 45/2019/QH14": a named act dated by its year
    law = (rf"(?P<law>(?:Bộ\s+)?[Ll]uật\s+(?P<name>[^\W\d_])[^\d;:.()\n]{{0,80}}?)"
           rf"\s+(?:số\s+(?P<lnum>{_CODE})|năm\s+(?P<ly>{_YEAR}))")
    bare = rf"(?P<bare>{_STRICT_CODE})"
    date = rf"(?:\s*,?\s+(?i:ngày)\s+(?:{_DATE}))?"
    return re.compile(rf"(?<![\w/]){parts}(?:{numbered}|{law}|{bare}){date}(?![\d])")


@cache
def _issuer_end() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{_alt(_words('issuer_end'))})(?!\w)|[,;:.()\[\]\"“”\n]|\s[-–]\s|\d")


def _issuer(text: str, at: int) -> int:
    """The end of "của <issuer>" starting at `at` (the position after the reference), or `at` if there is none."""
    m = re.match(r"\s+của\s+", text[at:])
    if not m:
        return at
    start = at + m.end()
    if not text[start : start + 1].isupper():
        return at  # "của các cơ quan …" is no issuer
    pos = start
    words = 0
    while pos < len(text) and words < 12:
        body = bodies.pattern().match(text, pos)
        if body:
            pos, words = body.end(), words + len(body.group(0).split())
            continue
        stop = _issuer_end().match(text, pos) if pos > start else None
        if stop or text[pos] in ",;:.()[]\"“”\n" or text[pos].isdigit():
            break
        w = re.match(r"\S+", text[pos:])
        if not w or not re.match(r"[\wĐđ&/-]", w.group(0)):
            break
        word_end = pos + len(w.group(0).rstrip(",;:.()\"“”"))
        pos, words = word_end, words + 1
        ws = re.match(r"[ \t]+", text[pos:])
        if not ws or _issuer_end().match(text, pos + ws.end()):
            break
        pos += ws.end()
    return len(text[:pos].rstrip())


def _date(m: re.Match[str]) -> dt.date | None:
    day, month, year = m.group("d") or m.group("d2"), m.group("m") or m.group("m2"), m.group("y") or m.group("y2")
    if not (day and month and year):
        return None
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def find_references(text: str) -> list[Span]:
    """Every reference to another document in `text`, in order, not overlapping."""
    return list(_find(text))


@memo(1 << 10)  # the same cell is masked by the target, timeframe and unit parsers
def _find(text: str) -> tuple[Span, ...]:
    out: list[Span] = []
    for m in _pattern().finditer(text):
        if m.group("law"):
            if not m.group("name").isupper():
                continue  # "luật pháp năm 2020" names no act
            kind = "luật"
            number = m.group("lnum")
        elif m.group("bare"):
            kind, number = None, m.group("bare")
        else:
            kind = m.group("kind").lower()
            number = m.group("num") or m.group("code") or m.group("plain")
        number = number.rstrip(".-/ ") if number else None
        end = m.end()
        while end > m.start() and text[end - 1] in ".-/ ":
            end -= 1  # "… 126/2024/NĐ-CP." ends a sentence
        issuer_end = _issuer(text, end)
        issuer = text[end:issuer_end].strip()
        issuer = re.sub(r"^của\s+", "", issuer) or None
        out.append(Span(m.start(), issuer_end, kind, number, _date(m), issuer))
    return tuple(out)


def mask_references(text: str, spans: list[Span] | None = None) -> str:
    """`text` with every reference's characters (but its whitespace) replaced by MASK: offsets stay valid."""
    spans = find_references(text) if spans is None else spans
    if not spans:
        return text
    chars = list(text)
    for s in spans:
        for i in range(s.start, s.end):
            if not chars[i].isspace():
                chars[i] = MASK
    return "".join(chars)
