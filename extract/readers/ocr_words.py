"""Repair of Tesseract's diacritic misreadings with a Vietnamese word list ("Tô chức" → "Tổ chức", "QUYÉT ĐỊNH" →
"QUYẾT ĐỊNH", "triên khai" → "triển khai").

Tesseract's Vietnamese model often puts the wrong mark on a vowel, most of all on capitals. A syllable is changed
only when it forms no word of the list with either neighbour while exactly one spelling with the same letters (other
marks) does: "tô" + "chức" is no word, "tổ chức" is. Names and rare words that form no word either way are left
alone. The list is underthesea's Viet74K (it ships in the wheel: nothing is downloaded); without it nothing changes.

A word list only says which words exist, and Viet74K holds compounds, not phrases: "cấp tỉnh", "triệu đồng" and
"do Đảng" are no entries, while "cấp tính", "triệu đông" and "đồ đảng" are. Where Tesseract is sure of a
syllable that is itself a word (`sure`), only its own kind of misreading is undone: a tone mark missed over a vowel
that has its circumflex, breve or horn ("tô" → "tổ", "thâm" → "thẩm", "câu" → "cầu"), a capital's mark, a "d" for
an "đ". A marked syllable it is sure of stays as read ("tỉnh" is not made "tính", "đồng" not "đông", "có" not
"cơ", "do" not "đồ"), unless running text (`lexicon.running_pairs`) writes the other word beside its neighbour and
never this one ("chỉ tiết" → "chi tiết", "Để nghị" → "Đề nghị"). On the archive's scans, of fifty changes to sure
syllables drawn at random, nineteen broke a right word; with the shaped-vowel rule alone two would, and eight of the
thirty-one right repairs were given up; running text gave back most of those, at about one wrong in five.
"""

from __future__ import annotations

import re
from functools import cache

from extract import vocab
from extract.lexicon import canon as _canon
from extract.lexicon import cased as _cased
from extract.lexicon import letters as _letters
from extract.lexicon import lexicon as _lexicon
from extract.lexicon import province_level_word, province_spellings, running_pairs, with_words
from extract.quality import without_tone

_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
@cache
def _places() -> frozenset[str]:
    return frozenset(_canon(name.lower()) for name in province_spellings())


# a Roman numeral's "II" read as one glyph: "H." for "II.", "HI." for "III.", "VH." for "VII."
_ROMAN_WITH_H = re.compile(r"^(?P<num>[IVX]*H[IVXH]*)\.(?=\s+\S)")


def repair_roman_heading(text: str) -> str:
    """"H. CHỈ TIÊU CHỦ YẾU …" → "II. CHỈ TIÊU CHỦ YẾU …": OCR reads the two strokes of "II" as an "H". Only at
    the start of a heading in capitals (at least two words), where a Roman numeral opens a section; "H. Đức"
    (an initial) stays."""
    m = _ROMAN_WITH_H.match(text)
    if m is None:
        return text
    rest = text[m.end():].split()
    letters = [ch for ch in " ".join(rest) if ch.isalpha()]
    if len(rest) < 2 or not letters or sum(ch.isupper() for ch in letters) < 0.8 * len(letters):
        return text
    return m.group("num").replace("H", "II") + text[m.end("num"):]


_SHAPED = frozenset("âêôăơư")  # vowels with a circumflex, breve or horn


def misread_as(read: str, word: str, capitals: bool) -> bool:
    """Tesseract, sure of `read`, may have misread `word` that way: `word` is `read` with the tone mark a shaped
    vowel lost ("tô" for "tổ"), or with "đ" for its "d" ("Dơn" for "Đơn", "dộng" for "động"); any mark of a word in
    capitals."""
    if capitals:
        return True
    if word[:1] == "đ" and read[:1] == "d" and word[1:] == read[1:]:
        return True
    return (without_tone(read) == read and without_tone(word) == read and word != read
            and any(c in _SHAPED for c in read))


# how often running text must have a pair for a sure syllable to be changed into it: once may be chance
SEEN = 2


def repair_ocr_text(text: str, sure: frozenset[str] = frozenset()) -> str:
    """`text` with Tesseract's mark misreadings undone; `sure`: the words (lower case) Tesseract read with a
    confidence of at least `SURE_WORD`, changed only as `misread_as` allows."""
    text = repair_roman_heading(text)
    words, spellings = _lexicon()
    running = running_pairs()
    places = _places()
    if not words or not text:
        return text
    text = province_level_word(text)  # "Karate tính Đắk Nông": the province's level word
    tokens = list(_TOKEN.finditer(text))
    fixed = [m.group(0) for m in tokens]

    def joined(i: int) -> bool:
        """Token i and i+1 are neighbours: one space between them, or a comma ("phòng, chống": administrative
        text writes the pairs of a word with one)."""
        return text[tokens[i].end() : tokens[i + 1].start()] in (" ", ", ")

    def low(i: int) -> str:
        return _canon(fixed[i].lower())

    def seen(i: int, word: str) -> int:  # how often `word`, at token i's place, stands beside its neighbours
        return ((running[(low(i - 1), word)] if i > 0 and joined(i - 1) else 0)
                + (running[(word, low(i + 1))] if i + 1 < len(tokens) and joined(i) else 0))

    def allowed(i: int, c: str) -> bool:
        """Token i, if Tesseract is sure of it, may be a misreading of c: c is what Tesseract misreads that way, or
        running text has c beside a neighbour and never the token ("Để nghị" → "Đề nghị", "chỉ tiết" → "chi
        tiết")."""
        if low(i) not in sure or misread_as(low(i), c, fixed[i].isupper() and len(fixed[i]) > 1):
            return True
        return not seen(i, low(i)) and seen(i, c) >= SEEN

    def title(i: int) -> bool:
        return fixed[i][:1].isupper() and not fixed[i].isupper()

    def in_a_word(i: int) -> bool:  # token i forms a word of the list with a neighbour
        return (i > 0 and joined(i - 1) and f"{low(i - 1)} {low(i)}" in words) or \
            (i + 1 < len(tokens) and joined(i) and f"{low(i)} {low(i + 1)}" in words)

    def free(i: int, other: int) -> bool:
        """Token `i` may pair with a neighbour: it is not already a word with its neighbour on the other side
        ("quốc gia phòng": "gia" belongs to "quốc gia")."""
        if i < 0 or i >= len(tokens):
            return False
        beyond = i - 1 if other > i else i + 1
        if 0 <= beyond < len(tokens) and (joined(min(i, beyond))):
            pair = f"{low(beyond)} {low(i)}" if beyond < i else f"{low(i)} {low(beyond)}"
            if pair in words:
                return False
        return True

    # a word of three syllables whose pairs are words of their own ("bát động sản": "động sản" takes "động", "hiệp
    # hội" takes "hội", so no pair is left for "bát"): one syllable is changed when exactly one spelling of one of the
    # three makes the three a word of the list
    for i in range(len(tokens) - 2):
        if not (joined(i) and joined(i + 1)) or any(len(low(k)) < 2 for k in (i, i + 1, i + 2)):
            continue
        three = [low(i), low(i + 1), low(i + 2)]
        if " ".join(three) in words or any(fixed[k].isupper() != fixed[i].isupper() for k in (i + 1, i + 2)):
            continue
        found = {(k, c) for k in range(3) for c in spellings.get(_letters(three[k]), ()) if c != three[k]
                 and " ".join([*three[:k], c, *three[k + 1:]]) in words and allowed(i + k, c)}
        if len(found) == 1:
            k, c = found.pop()
            fixed[i + k] = _cased(c, tokens[i + k].group(0))

    misreadings = vocab.mapping("ocr_misreadings")
    for i, m in enumerate(tokens):
        s = low(i)
        if len(s) < 2:
            continue
        if s in misreadings and not in_a_word(i):
            fixed[i] = _cased(misreadings[s], m.group(0))  # "vê" for "về" (vocab/ocr_misreadings.tsv)
            continue
        if in_a_word(i):
            continue  # "ban thường trực": a word with one neighbour as read, though the other takes the first too
        left = low(i - 1) if i > 0 and joined(i - 1) and free(i - 1, i) else None
        right = low(i + 1) if i + 1 < len(tokens) and joined(i) and free(i + 1, i) else None
        if left is None and right is None:
            continue

        # two capitalised words are a name: only a province's name is known ("Lâm Đông" → "Lâm Đồng"), a
        # person's is left as read
        named_left = i > 0 and title(i - 1) and title(i)
        named_right = i + 1 < len(tokens) and title(i + 1) and title(i)

        left_words = places if named_left else words
        right_words = places if named_right else words

        def score(c: str, left: str | None = left, right: str | None = right,
                  left_words: frozenset[str] = left_words, right_words: frozenset[str] = right_words) -> int:
            return ((left is not None and f"{left} {c}" in left_words)
                    + (right is not None and f"{c} {right}" in right_words))

        if score(s):
            continue
        # a sure syllable's candidates are only the words Tesseract could have misread that way (`allowed`); of
        # spellings the word list scores alike ("sự cơ", "sự cố"), the one running text writes there more often wins
        ranked = sorted(((score(c), seen(i, c), c) for c in spellings.get(_letters(s), ())
                         if c != s and allowed(i, c)), reverse=True)
        if ranked and ranked[0][0] > 0 and (len(ranked) == 1 or ranked[1][:2] < ranked[0][:2]):
            fixed[i] = _cased(ranked[0][2], m.group(0))
    return with_words(text, tokens, fixed)
