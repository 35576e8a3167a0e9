"""The Vietnamese word list: underthesea's Viet74K (it ships in the wheel: nothing is downloaded) and the province
names, loaded once; and what it tells of a text read by OCR (`misread_words`). Without the list, nothing is known and
nothing is judged misread."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

from extract import vocab
from extract.quality import is_syllable

# old and new tone placement are one spelling ("tuý" = "túy"): never "repaired" into each other
_TONE_PLACEMENT = {"oá": "óa", "oà": "òa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "oé": "óe", "oè": "òe", "oẻ": "ỏe",
                   "oẽ": "õe", "oẹ": "ọe", "uý": "úy", "uỳ": "ùy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"}


def canon(word: str) -> str:
    for old, new in _TONE_PLACEMENT.items():
        word = word.replace(old, new)
    return word


def cased(word: str, like: str) -> str:
    """`word` in the case of `like`, the word it replaces: all capitals, a capital first, or as it is."""
    if like.isupper() and len(like) > 1:
        return word.upper()
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


def letters(word: str) -> str:
    """The letters without marks ("tổ" → "to", "đồng" → "dong")."""
    s = unicodedata.normalize("NFD", word.replace("đ", "d"))
    return "".join(c for c in s if not unicodedata.combining(c))


@cache
def province_spellings() -> tuple[str, ...]:
    """Every province's name and the other spellings printed of it ("Đắk Nông", "Đăk Nông")."""
    out: list[str] = []
    for row in vocab.table("provinces"):
        out.append(row[0])
        if len(row) > 1:
            out.extend(a.strip() for a in row[1].split("|") if a.strip())
    return tuple(out)


@cache
def lexicon() -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
    try:
        import underthesea
    except ImportError:
        return frozenset(), {}
    path = Path(underthesea.__file__).parent / "corpus" / "data" / "Viet74K.txt"
    if not path.is_file():
        return frozenset(), {}
    words: set[str] = set()
    spellings: dict[str, set[str]] = defaultdict(set)
    for line in path.read_text(encoding="utf-8").splitlines():
        w = canon(unicodedata.normalize("NFC", line.strip().lower()))
        if not w:
            continue
        words.add(w)
        for s in w.split():
            if s.isalpha():
                spellings[letters(s)].add(s)
    for place in province_spellings():
        w = canon(place.lower())
        words.add(w)
        for syl in w.split():
            if syl.isalpha():
                spellings[letters(syl)].add(syl)
    return frozenset(words), {k: tuple(sorted(v)) for k, v in spellings.items()}


@cache
def running_pairs() -> Counter[tuple[str, str]]:
    """How often two syllables stand side by side in running Vietnamese: the sentences of the VLSP 2013 test set that
    underthesea ships with its part-of-speech model (about 87,000 syllables of news; nothing is downloaded). A
    dictionary knows "chi tiết" and "cấp tính"; running text knows that "cấp tỉnh" and "do Đảng" are written too.
    Empty where the file is not there."""
    pairs: Counter[tuple[str, str]] = Counter()
    try:
        import underthesea
    except ImportError:
        return pairs
    path = Path(underthesea.__file__).parent / "pipeline" / "pos_tag" / "models" / "pos_crf_vlsp2013_20230303" / \
        "test_output.txt"
    if not path.is_file():
        return pairs
    previous = None
    for line in path.read_text(encoding="utf-8").splitlines():
        token = line.split("\t", 1)[0].strip()
        if not token:
            previous = None  # a sentence ends
            continue
        for s in token.lower().split():
            s = canon(unicodedata.normalize("NFC", s))
            if not s.isalpha():
                previous = None
                continue
            if previous:
                pairs[(previous, s)] += 1
            previous = s
    return pairs


def with_words(text: str, found: list[re.Match[str]], words: list[str]) -> str:
    """`text` with each word `found` in it replaced by the word of `words` at its place (repairs that keep
    everything between the words as it is)."""
    if all(w == m.group(0) for w, m in zip(words, found, strict=True)):
        return text
    out, at = [], 0
    for w, m in zip(words, found, strict=True):
        out.append(text[at : m.start()])
        out.append(w)
        at = m.end()
    out.append(text[at:])
    return "".join(out)


@cache
def known_syllables() -> frozenset[str]:
    """Every syllable of a word of the list, lower case, new tone placement."""
    _, spellings = lexicon()
    return frozenset(s for group in spellings.values() for s in group)


_GLUED = re.compile(r"[^\W\d_]+\d+[^\W\d_]+")  # "g1ao": a digit read inside a word
# "PICKI,EBALI": a comma read inside a word (typed text puts a space after every comma)
_COMMA_INSIDE = re.compile(r"[^\W\d_]{2,}[,;][^\W\d_]{2,}")


def misread_words(text: str) -> list[str]:
    """The words of an OCR reading that no Vietnamese text has: a marked word that is a syllable of no word of the
    list ("truyèn", "tỉnhlâmđỏng"; a capitalised one, which may be a name, only when it is no syllable at all:
    "Lạám"), a digit inside a word ("g1ao"). Unmarked words are not judged (loan words and names: "Pickleball",
    "Golf"), nor acronyms."""
    known = known_syllables()
    if not known:
        return []
    bad = [m.group(0) for m in _GLUED.finditer(text)] + [m.group(0) for m in _COMMA_INSIDE.finditer(text)]
    for word in re.findall(r"[^\W\d_]+", text):
        if word.isascii() or (word.isupper() and len(word) > 1 and word.replace("Đ", "D").isascii()):
            continue
        low = canon(word.lower())
        if low in known:
            continue
        # a capitalised word may be a name ("Nguyễn", "Đạ Huoai"): judged by its form only
        if not is_syllable(low) or not word[:1].isupper():
            bad.append(word)
    return bad


def unknown_marked_words(text: str) -> list[str]:
    """The words with a mark that are no syllable of the word list, capitalised or not: where a text names a body
    ("Họi Gole" for "Hội Golf"), no person's or place's name excuses them."""
    known = known_syllables()
    if not known:
        return []
    return [w for w in re.findall(r"[^\W\d_]+", text) if not w.isascii() and canon(w.lower()) not in known]


def split_glued(text: str) -> str:
    """Two syllables a text layer printed without the space between them ("SỞVĂN HÓA", "MÔITRƯỜNG", "–Tựdo"): some
    PDF fonts draw the space as a gap, not a character. A run of letters with a mark that is no syllable is split
    where both parts are syllables of the word list (two letters or more each), when exactly one place does so."""
    known = known_syllables()
    if not known or text.isascii():
        return text

    def split(m: re.Match[str]) -> str:
        word = m.group(0)
        low = canon(word.lower())
        if word.isascii() or low in known or is_syllable(low):
            return word
        cuts = [i for i in range(2, len(low) - 1) if low[:i] in known and low[i:] in known]
        return f"{word[:cuts[0]]} {word[cuts[0]:]}" if len(cuts) == 1 else word

    return _RUN.sub(split, text)


_RUN = re.compile(r"[^\W\d_]{4,}")
_LONG_RUN = re.compile(r"[^\W\d_]{8,}")


def split_capitals(text: str) -> str:
    """A run of capitals OCR read without its spaces ("ANTỈNHLÂMĐÒNG" of "CÔNG AN TỈNH LÂM ĐỒNG", a letterhead's
    line) parted into the syllables of the word list, where exactly one way parts all of it into syllables of two
    letters or more. A run that is a syllable, or parts no way or several, stays as read."""
    known = known_syllables()
    if not known:
        return text

    def split(m: re.Match[str]) -> str:
        word = m.group(0)
        low = canon(word.lower())
        if not word.isupper() or low in known or len(low) != len(word):
            return word
        # ways[i]: how many ways low[i:] parts into syllables (2 at most counted), and the first cut of one
        ways = [0] * len(low) + [1]
        cut = [0] * (len(low) + 1)
        for i in range(len(low) - 2, -1, -1):
            for j in range(i + 2, min(len(low), i + 7) + 1):
                if ways[j] and low[i:j] in known:
                    ways[i] = min(2, ways[i] + ways[j])
                    cut[i] = j
        if ways[0] != 1:
            return word
        parts, i = [], 0
        while i < len(low):
            parts.append(word[i:cut[i]])
            i = cut[i]
        return " ".join(parts)

    return _LONG_RUN.sub(split, text)


def misread_share(text: str) -> float:
    """The share of a text's words that no Vietnamese text has (`misread_words`): a clerk's typo is one in a few
    hundred ("lần thữ nhất": 1 of 188 words); a text layer whose font lost letters ("iệp hội oanh nghiệp") has one in
    twenty."""
    words = len(re.findall(r"[^\W\d_]+", text))
    return len(misread_words(text)) / words if words else 0.0


def edit1(a: str, b: str) -> bool:
    """`a` and `b` are at most one letter apart (one letter added, dropped or changed)."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)):] == b[i + 1:]


@cache
def _province_letters() -> tuple[tuple[str, str], ...]:
    """(province, the letters of one of its spellings without marks), for every spelling of every province."""
    return tuple((row[0], letters(name.lower())) for row in vocab.table("provinces")
                 for name in [row[0], *(a.strip() for a in (row[1] if len(row) > 1 else "").split("|") if a.strip())])


def nearest_province(read: str) -> str | None:
    """The province whose name a scan's reading is, its marks aside and at most one letter off ("Lạám Đông",
    "Lâầm Đông" → "Lâm Đồng": Tesseract doubled a vowel with two marks); None when no name or more than one is."""
    key = letters(read.lower()).strip()
    if len(key) < 5:
        return None
    names = _province_letters()
    same = {province for province, name in names if name == key}  # "Binh Thuan" is Bình Thuận, not Ninh Thuận
    found = same or {province for province, name in names if edit1(key, name)}
    return found.pop() if len(found) == 1 else None


_TINH = re.compile(r"(?<!\w)t[iíìĩỉị]nh(?!\w)", re.I)


def province_level_word(text: str) -> str:
    """A word spelt "tinh" but for its mark before a province's name is the level word "tỉnh": OCR's "Karate tính
    Đắk Nông", "Ủy ban MTTQ Việt Nam tính / Lâm Đồng" (a line's end, joined again in a header value). The province is
    compared by its letters, as OCR may misread its marks too ("tính Lâm Đông")."""
    if not _TINH.search(text):
        return text
    names = {name for _, name in _province_letters()}  # OCR runs this on every line that has such a word

    def fix(m: re.Match[str]) -> str:
        if m.group(0).lower() == "tỉnh":
            return m.group(0)
        after = text[m.end():].split()
        for n in (1, 2, 3):
            if len(after) >= n and letters(" ".join(after[:n]).lower()).strip(",.;") in names:
                return cased("tỉnh", m.group(0))
        return m.group(0)

    return _TINH.sub(fix, text)
