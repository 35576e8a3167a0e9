"""Vietnamese alphabetical order, for the columns of the comparison: "Hải Dương" before "Hòa Bình" before "Hưng
Yên" (code-point order puts them the other way round: 'ả' is U+1EA3, 'ò' U+00F2, 'ư' U+01B0)."""

from __future__ import annotations

import unicodedata

# the alphabet: a letter with a breve, circumflex or horn is a letter of its own; đ follows d
_ALPHABET = ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "ô", "ơ",
             "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z"]
_RANK = {letter: i for i, letter in enumerate(_ALPHABET)}
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn
# the tones in dictionary order: none, huyền, hỏi, ngã, sắc, nặng; they order words whose letters are the same
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def vi_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """A sort key: letters by the Vietnamese alphabet (spaces and digits before letters), then tones, then the
    text itself (so that the order is total)."""
    letters: list[str] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFD", text.casefold()):
        if ch in _LETTER_MARKS and letters:
            letters[-1] = unicodedata.normalize("NFC", letters[-1] + ch)
        elif ch in _TONES and tones:
            tones[-1] = _TONES[ch]
        elif not unicodedata.combining(ch):
            letters.append(ch)
            tones.append(0)
    primary = tuple(100 + _RANK[c] if c in _RANK else (1 + ord(c) if c.isdigit() or c.isspace() else 1000 + ord(c))
                    for c in letters)
    return primary, tuple(tones), text
