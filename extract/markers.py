"""The one grammar of list and section markers, as printed at the start of a line.

Vietnamese administrative documents (Nghị định 30/2020 and the habits before it) nest their parts as
"PHẦN I" / "Chương I" / "Mục 1" / "Điều 1." / "I." / "1." / "1.1." / "a)" / "-" / "+". Every reader records
the marker it sees with this grammar (so a DOCX's rendered numbering, a PDF line and a text line give the same
fields), and the outline nests blocks by the marker's *style*: two markers of one style are siblings. Nothing
here knows what a document is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_LETTERS = "abcdđefghiklmnopqrstuvxy"


def roman_value(s: str) -> int:
    total, prev = 0, 0
    for ch in reversed(s.upper()):
        v = _ROMAN_VALUES[ch]
        total += -v if v < prev else v
        prev = max(prev, v)
    return total


def _roman_ok(s: str) -> bool:
    """A well-formed Roman numeral up to 399 (so "II" but not "IIII" or "VX")."""
    return bool(re.fullmatch(r"C{0,3}(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})", s)) and bool(s)


@dataclass(frozen=True)
class Marker:
    style: str  # what makes two markers siblings: "roman.", "arabic.", "arabic)", "nested2", "letter)", "-", …
    printed: str  # as printed, e.g. "II.", "1.2.", "a)", "-", "Điều 3."
    ordinal: int | None  # 2 for "II."/"2."/"b)"; None for bullets
    end: int  # where the text after the marker (and its spaces) starts
    enumerated: bool  # numbered (ordinal) rather than a bullet
    section: bool  # a marker that opens a section of the document (PHẦN, Chương, Mục N, Roman numerals)


_WORD_MARKER = re.compile(
    r"^(?P<word>PHẦN|Phần|CHƯƠNG|Chương|MỤC|Mục|ĐIỀU|Điều)\s+"
    r"(?P<num>thứ\s+\w+|[IVXLC]{1,6}|\d{1,3})(?![\w/])\s*(?P<punct>[.:\-–]?)\s*"
)
_ORDINAL_WORDS = {"nhất": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8,
                  "chín": 9, "mười": 10}
# items of a paragraph list counted in words: "Thứ nhất, …" / "Thứ hai: …", "Thứ nhất là, …", "Một là, …" /
# "Hai là: …" / "Ba là thí điểm …": after "là" the punctuation may be left out, after a bare "Thứ hai" never
# ("Thứ hai tuần sau" is a Monday)
_WORD_ORDINAL = re.compile(
    r"^(?P<word>(?:Thứ|THỨ)\s+(?P<th>nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười|NHẤT|HAI|BA|TƯ|NĂM|SÁU|BẢY|TÁM|CHÍN|MƯỜI)"
    r"(?:\s*[,:.]|\s+là\b\s*[,:.]?)"
    r"|(?P<la>Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười)\s+là\b\s*[,:.]?)\s*(?!ngày\b)(?=\S)"
)
_COUNT_WORDS = {"một": 1, **_ORDINAL_WORDS}
_ROMAN = re.compile(r"^(?P<num>[IVXLC]{1,6})\s*(?P<punct>[.:)]|[-–](?=\s))(?!\d)\s*(?=\S)")
_NESTED = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){1,4})(?P<punct>\.?)\s+(?=\S)")
_ARABIC = re.compile(r"^(?P<open>\()?(?P<num>\d{1,2})\s*(?P<punct>[.)])(?!\d)\s*(?=\S)")
# "10.100% hội viên …": an item number glued to "100%" (a lost space); 10.100 would be ten thousand one hundred,
# never a share
_ARABIC_GLUED = re.compile(r"^(?P<open>)(?P<num>\d{1,2})(?P<punct>\.)(?=100\s?%)")
_LETTER = re.compile(r"^(?P<open>\()?(?P<num>[a-zđ])\s*(?P<punct>[.)])\s+(?=\S)")
_BULLET = re.compile(r"^(?P<b>[-–—+•*▪●◦·○■□❖➢➤►✓✔]|&#8211;)\s*(?=\S)")
_BULLET_STYLE = {"–": "-", "—": "-", "&#8211;": "-", "*": "•", "▪": "•", "●": "•", "◦": "•", "·": "•",
                 "○": "•", "■": "•", "□": "•", "❖": "•", "➢": "•", "➤": "•", "►": "•", "✓": "•", "✔": "•"}


def parse_marker(text: str) -> Marker | None:
    """The marker at the start of `text` (leading spaces allowed), or None."""
    s = text.lstrip()
    lead = len(text) - len(s)
    if not s:
        return None
    m = _WORD_MARKER.match(s)
    if m:
        word = m.group("word").casefold()
        num = m.group("num")
        if word == "mục" and not m.group("punct") and not num.isdigit() and not _roman_ok(num):
            return None
        ordinal: int | None
        if num.isdigit():
            ordinal = int(num)
        elif num.startswith("thứ"):
            ordinal = _ORDINAL_WORDS.get(num.split()[-1].casefold())
        else:
            ordinal = roman_value(num) if _roman_ok(num) else None
        if ordinal is None:
            return None
        style = {"phần": "part", "chương": "chapter", "mục": "muc", "điều": "article"}[word]
        printed = s[: m.end()].rstrip()
        return Marker(style, printed, ordinal, lead + m.end(), True, style != "article")
    m = _WORD_ORDINAL.match(s)
    if m:
        word = (m.group("th") or m.group("la")).casefold()
        # "Thứ nhất là, …" and "Ba là …" count the items of one list (a speaker mixes them): one style
        return Marker("word-ordinal", s[: m.end()].rstrip(), _COUNT_WORDS[word], lead + m.end(), True, False)
    m = _ROMAN.match(s)
    if m and _roman_ok(m.group("num")) and not (m.group("punct") == ")" and len(m.group("num")) == 1
                                                 and m.group("num") in "CLX"):
        return Marker("roman" + m.group("punct").replace(":", ".").replace("–", "-"), s[: m.end()].rstrip(),
                      roman_value(m.group("num")), lead + m.end(), True, True)
    m = _NESTED.match(s)
    if m:
        parts = m.group("num").split(".")
        return Marker(f"nested{len(parts)}", s[: m.end()].rstrip(), int(parts[-1]), lead + m.end(), True, False)
    m = _ARABIC.match(s) or _ARABIC_GLUED.match(s)
    if m and not (m.group("open") and m.group("punct") != ")"):
        style = ("(arabic)" if m.group("open") else "arabic" + m.group("punct"))
        return Marker(style, s[: m.end()].rstrip(), int(m.group("num")), lead + m.end(), True, False)
    m = _LETTER.match(s)
    if m and not (m.group("open") and m.group("punct") != ")"):
        letter = m.group("num")
        style = ("(letter)" if m.group("open") else "letter" + m.group("punct"))
        ordinal = _LETTERS.index(letter) + 1 if letter in _LETTERS else None
        return Marker(style, s[: m.end()].rstrip(), ordinal, lead + m.end(), True, False)
    m = _BULLET.match(s)
    if m:
        b = m.group("b")
        # "-5%" or "- 3" is a number, not a bullet; a bullet is followed by a word
        rest = s[m.end():]
        if b in "-–—+" and (rest[:1].isdigit() and m.end() == len(b)):
            return None
        if not (rest[:1].isalnum() or rest[:1] in "(\"“‘'[<"):
            return None  # a rule of dashes ("-----"), an arrow: not an item
        return Marker(_BULLET_STYLE.get(b, b), b, None, lead + m.end(), False, False)
    return None


def strip_marker(text: str) -> str:
    m = parse_marker(text)
    return text[m.end:] if m else text


def marker_only(text: str) -> bool:
    """`text` is a marker and nothing more ("1.", "II.", "a)", "-", "1.2")."""
    t = text.strip()
    m = parse_marker(t + " x") if t else None
    return m is not None and m.end == len(t) + 1


def opens_item(line: str) -> bool:
    """The line opens a bullet or a numbered item, its marker followed by a space ("- Xã hội", "2. Phối hợp")."""
    m = parse_marker(line)
    return m is not None and (not m.enumerated or m.style in {"arabic.", "arabic)"}) \
        and line[len(line) - len(line.lstrip()) + len(m.printed):][:1].isspace()


def enumeration_goes_on(above: str, line: str) -> bool:
    """`line` opens with the next number of an enumeration run inline in the paragraph `above` ("… tập trung
    ứng dụng AI trong: (1) Hỗ trợ tra cứu …;" wrapped before "(2) Phổ biến …"): a wrapped line of that paragraph,
    not a new item. The earlier number must sit inside `above`, not open it: paragraphs that each open with
    "(1)", "(2)" are a list."""
    m = parse_marker(line)
    if m is None or m.ordinal is None or m.ordinal < 2 or not m.printed.endswith(")"):
        return False
    previous = m.ordinal - 1
    if m.style.endswith("letter)"):
        if previous > len(_LETTERS):
            return False
        number = _LETTERS[previous - 1]
    else:
        number = str(previous)
    opened = "(" if m.printed.startswith("(") else ""
    # after a space or a colon: the paragraph's own opening "(1)" is never matched
    return re.search(rf"(?<=[\s:;,]){re.escape(opened + number)}\)\s*\S", above) is not None
