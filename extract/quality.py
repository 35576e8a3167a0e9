"""How Vietnamese a text looks: used to reject garbage text layers, and to measure diacritic integrity.

A syllable is well formed when it is an optional initial consonant, a vowel nucleus with at most one tone mark
and an optional final consonant (Vietnamese orthography). OCR without the Vietnamese model, or a PDF font
without a Unicode map, produces tokens that are not ("Ldm", "D6ng", "ngdy") or no diacritics at all.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from extract import vocab

_INITIAL = "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
_VOWELS = "aăâeêioôơuưy"
_FINAL = "(?:ng|nh|ch|[cmnpt]|[iyuo])?"
_SYLLABLE = re.compile(rf"^{_INITIAL}[{_VOWELS}]{{1,3}}{_FINAL}$")
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def repair_glyphs(text: str) -> str:
    """Characters that PDF fonts put where a Vietnamese letter belongs ("ƣ" for "ư", "Ð" for "Đ")."""
    rows, table = _repairs()
    # nearly every text has none: looking for each is a fast substring search, translating is a dictionary
    # lookup per character (this runs on every line and cell of a PDF)
    if not any(bad in text for bad, _ in rows):
        return text
    if table is not None:
        return text.translate(table)
    for bad, good in rows:
        text = text.replace(bad, good)
    return text


@functools.cache
def _repairs() -> tuple[list[tuple[str, str]], dict[int, str] | None]:
    """The repairs (bad, good) in order, and the same as one translation table where that is the same as
    replacing them in turn (each a single character, none the repair of another), else None."""
    rows = [(bad, good) for bad, good in vocab.table("glyph_repairs")]
    bads = {bad for bad, _ in rows}
    if any(len(bad) != 1 for bad in bads) or any(ch in bads for _, good in rows for ch in good):
        return rows, None
    return rows, {ord(bad): good for bad, good in rows}


def _split_tone(syllable: str) -> tuple[str, int]:
    decomposed = unicodedata.normalize("NFD", syllable.lower())
    tones = sum(ch in _TONES for ch in decomposed)
    base = "".join(ch for ch in decomposed if ch not in _TONES)
    return unicodedata.normalize("NFC", base), tones


def without_tone(syllable: str) -> str:
    """A syllable (lower case) without its tone mark: "tổ" → "tô", "tính" → "tinh"; a vowel's circumflex, breve and
    horn are its letters' own and stay."""
    return _split_tone(syllable)[0]


@functools.lru_cache(maxsize=1 << 16)  # a page repeats a few hundred syllables thousands of times
def is_syllable(word: str) -> bool:
    base, tones = _split_tone(word)
    return tones <= 1 and bool(_SYLLABLE.match(base))


def letter_runs(text: str) -> list[str]:
    """The runs of letters in `text` (`_WORD.findall`): most words between spaces are letters only, and are such a
    run whole (a letter is a word character that is not a digit, and no space is either); only the others are
    searched. A text layer's every page is scored: a search character by character was half of it."""
    out: list[str] = []
    for word in text.split():
        if word.isalpha():
            out.append(word)
        else:
            out.extend(_WORD.findall(word))
    return out


def syllable_share(text: str) -> float:
    """Share of letter tokens that are well-formed Vietnamese syllables (acronyms such as UBND excepted)."""
    return _syllable_share(letter_runs(text))


def _syllable_share(tokens: list[str]) -> float:
    # acronyms are not syllables: UBND, and those with Đ (HĐND, QĐ), whose only non-ASCII letter is Đ
    words = [w for w in tokens if not (w.isupper() and len(w) > 1 and not _has_diacritic(w.replace("Đ", "D")))]
    if not words:
        return 0.0
    return sum(map(is_syllable, words)) / len(words)  # map: every word of every page of a PDF


def _has_diacritic(word: str) -> bool:
    return not word.isascii()


def diacritic_share(text: str) -> float:
    return _diacritic_share(letter_runs(text))


def _diacritic_share(words: list[str]) -> float:
    return (len(words) - sum(map(str.isascii, words))) / len(words) if words else 0.0


def text_quality(text: str) -> float:
    """0..1: well-formed syllables, discounted when hardly any word carries a diacritic (stripped OCR)."""
    tokens = letter_runs(text)  # once, for both shares: this runs on every page of every PDF
    share = _syllable_share(tokens)
    marks = _diacritic_share(tokens)
    return share if marks >= 0.2 else share * marks / 0.2
