"""Responsible units: split a responsibility cell into bodies and give each its canonical name.

The rules follow the contract: split on ";", line breaks and "," between bodies, and where a capitalised head
word starts a new body in mid-text; keep a comma inside one name ("UBND các phường, xã", "Các phòng, ban,
đơn vị …"); split "và" only between two whole bodies. The words are vocabulary (`vocab/unit_heads.tsv`,
`vocab/unit_connectors.tsv`, `vocab/abbreviations.tsv`), not code.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache

from extract import vocab

_BULLET = re.compile(r"^\s*[-+•*]\s*")
_TRAILING = re.compile(r"[\s.;,:/]+$")
_DASH = re.compile(r"\s*[-–—]\s*")
_LEAD_SUPPORT = re.compile(
    r"^(?P<lead>.+?)\s*,?\s+chủ trì\s*,?\s*(?:và\s+)?phối hợp(?:\s+với)?\s+(?P<support>.+)$", re.I | re.S
)
_LABELLED = re.compile(r"chủ trì\s*:\s*(?P<lead>.+?)\s*[;\n.]\s*phối hợp\s*:\s*(?P<support>.+)$", re.I | re.S)


@dataclass(frozen=True)
class ParsedUnit:
    raw: str
    name: str


@cache
def _kinds() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {"head": set(), "bare": set(), "admin": set(), "organ": set()}
    for word, kind in vocab.table("unit_heads"):
        out[kind].add(word)
    return out


@cache
def _head_pattern() -> re.Pattern[str]:
    heads = sorted(_kinds()["head"], key=len, reverse=True)
    return re.compile(r"(?<![\w&])(?:" + "|".join(re.escape(h) for h in heads) + r")(?![\w&])")


@cache
def _connectors() -> frozenset[str]:
    return frozenset(row[0] for row in vocab.table("unit_connectors"))


@cache
def _abbreviations() -> re.Pattern[str]:
    keys = sorted(vocab.mapping("abbreviations"), key=len, reverse=True)
    return re.compile(r"(?<![\w&])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![\w&])")


def _words(text: str) -> list[str]:
    return re.findall(r"[\w&]+", text.lower())


def _is_bare(segment: str) -> bool:
    """Only a plural generic noun ("Các phòng", "Cán bộ", "Các phòng, ban"): a comma list goes on."""
    low = segment.strip().lower()
    # "Lãnh đạo các phòng": what matters is the plural after the last "các"
    rest = re.split(r"(?:^|\s)(?:các|những|toàn thể)\s+", low)[-1]
    bare = sorted((w.lower() for w in _kinds()["bare"]), key=len, reverse=True)
    rest = re.sub(r"[,/]", " ", rest)
    while rest.strip():
        rest = rest.strip()
        for w in bare:
            if rest == w or rest.startswith(w + " "):
                rest = rest[len(w) :]
                break
        else:
            return False
    return True


def _is_admin_list(segment: str) -> bool:
    admin = {w.lower() for w in _kinds()["admin"]}
    ws = _words(segment)
    return bool(ws) and all(w in admin or w in {"các", "và"} for w in ws)


def _ends_with_admin(segment: str) -> bool:
    admin = {w.lower() for w in _kinds()["admin"]}
    ws = _words(segment)
    return bool(ws) and ws[-1] in admin


def _split_commas(text: str) -> list[str]:
    parts = [p.strip() for p in text.split(",")]
    out: list[str] = []
    for part in parts:
        if not part:
            continue
        if out and (_is_bare(out[-1]) or (_is_admin_list(part) and _ends_with_admin(out[-1]))):
            out[-1] = f"{out[-1]}, {part}"
        else:
            out.append(part)
    return out


def _split_run_together(text: str) -> list[str]:
    """Split where a capitalised head starts a new body after a word that is not a connector."""
    organs = _kinds()["organ"]
    admin = {w.lower() for w in _kinds()["admin"]}
    cuts = [0]
    for m in _head_pattern().finditer(text):
        if m.start() == 0 or not m.group(0)[0].isupper():
            continue
        before = text[: m.start()].rstrip()
        prev = re.findall(r"[\w&]+|[-–—&]", before)
        if not prev:
            continue
        prev_word = prev[-1]
        if prev_word in _connectors() or prev_word.lower() in {"và"}:
            continue
        if m.group(0).isupper() and m.group(0) in organs and prev_word.lower() not in admin:
            # "Lãnh đạo UBND" is one body; "UBND thị xã UBND cấp xã" is two
            continue
        if len(_words(before[cuts[-1] :])) == 0:
            continue
        cuts.append(m.start())
    cuts.append(len(text))
    return [text[a:b].strip() for a, b in itertools.pairwise(cuts) if text[a:b].strip()]


def _split_and(text: str) -> list[str]:
    """'A và B' is two bodies when B starts with a head, unless it is an office of two organs."""
    organs = {o.lower() for o in _kinds()["organ"]}
    out: list[str] = []
    rest = text
    while True:
        m = re.search(r"\s+(?:và|&)\s+", rest)
        if not m:
            out.append(rest)
            return [p for p in out if p.strip()]
        left, right = rest[: m.start()], rest[m.end() :]
        head = _head_pattern().match(right)
        left_last = " ".join(_words(left)[-3:])
        organ_pair = any(left_last.endswith(o) for o in organs) and any(
            right.lower().startswith(o) for o in organs
        )
        if head and not organ_pair and right[:1].isupper():
            out.append(left)
            rest = right
            continue
        # not a split: keep scanning after this "và"
        nxt = _split_and(right)
        out.append(left + rest[m.start() : m.end()] + nxt[0])
        out.extend(nxt[1:])
        return [p for p in out if p.strip()]


def canonical_name(raw: str) -> str:
    """Abbreviations expanded, dashes folded to ' - ', whitespace folded, first letter upper-case."""
    expansions = vocab.mapping("abbreviations")
    text = _abbreviations().sub(lambda m: expansions[m.group(0)], raw)
    text = _DASH.sub(" - ", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = _TRAILING.sub("", text)
    text = re.sub(r"\(\s*", "(", text)
    return text[:1].upper() + text[1:]


def split_units(cell: str) -> list[ParsedUnit]:
    """The bodies named in one responsibility cell, in order."""
    out: list[ParsedUnit] = []
    for line in re.split(r"\n|;", cell):
        line = _BULLET.sub("", line).strip()
        if not line:
            continue
        for seg in _split_commas(line):
            for piece in _split_run_together(seg):
                for body in _split_and(piece):
                    raw = _TRAILING.sub("", _BULLET.sub("", body)).strip()
                    if raw and any(ch.isalpha() for ch in raw):
                        out.append(ParsedUnit(raw=raw, name=canonical_name(raw)))
    return out


def parse_responsibility(cell: str) -> tuple[list[ParsedUnit], list[ParsedUnit]]:
    """A single 'Trách nhiệm' cell: (lead, support); 'X chủ trì phối hợp Y' gives Y as support."""
    text = cell.strip()
    m = _LABELLED.search(text) or _LEAD_SUPPORT.match(text)
    if m:
        return split_units(m.group("lead")), split_units(m.group("support"))
    return split_units(text), []
