"""Inline markup as it occurs in archived text exports: markdown emphasis, headings and HTML fragments.

Block-level HTML (<p>, <li>, <ul>, <br>) becomes a line break; inline tags are dropped; entities unescaped.
Bullets glued to the previous sentence ("… hiện hành.- Thủ trưởng …") are put back on their own line.
"""

from __future__ import annotations

import html
import re
import unicodedata

_BLOCK_TAG = re.compile(r"</?(?:p|li|ul|ol|div|br|tr|table|tbody|thead)\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_LIST_CONTEXT = re.compile(r"<(?:ul|ol|li)\b", re.I)
_EMPHASIS = re.compile(r"(\*\*|__)")
_ITALIC = re.compile(r"(?<![*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![*\w])")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+")
# a "- " bullet glued to what precedes it: after a non-space character ("TP- Văn phòng") or after
# sentence punctuation and a space ("quy định. - Xử lý")
_GLUED_BULLET = re.compile(r"(?<=\S)- (?=\S)|(?<=[.;:)]) +- (?=\S)")
# a run of spaces of any kind becomes one space: found as runs of two or more, or one that is not a plain space
# (the plain spaces between words, nearly every match of the simple pattern, are left where they are)
_SPACES = re.compile(r"[ \t\u00a0\u2002\u2003\u2009\u200b]{2,}|[\t\u00a0\u2002\u2003\u2009\u200b]")
_DASHES = re.compile(r"^[\s\-–—:|]*$")


# a place and the day a document was signed ("Lâm Đồng, ngày 05 tháng 11 năm 2025")
PLACE_DATE = re.compile(r"^[\wÀ-ỹ .]{2,40},\s*ngày", re.I)


def mostly_upper(text: str, least: int = 1) -> bool:
    """At least `least` letters, four in five of them capitals: a line set in capitals (a heading, a letterhead
    line), read through the odd misread or lower-case letter."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= least and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold_spaces(text: str) -> str:
    # a run to fold holds two plain spaces or a space of another kind: a text with neither (nearly every line and
    # cell of a PDF) is looked at with substring searches, not the pattern, character by character
    if ("  " in text or "\t" in text or "\u00a0" in text or "\u2002" in text or "\u2003" in text
            or "\u2009" in text or "\u200b" in text):  # the characters of _SPACES: what any of its matches holds
        return _SPACES.sub(" ", text).strip()
    return text.strip()


def heading_level(line: str) -> tuple[int | None, str]:
    m = _HEADING.match(line)
    if not m:
        return None, line
    return len(m.group(1)), line[m.end() :]


def is_bold(line: str) -> bool:
    s = line.strip()
    return len(s) > 4 and s.startswith("**") and s.rstrip(" \\").endswith("**")


def clean_inline(text: str) -> str:
    """Markup removed, block tags to newlines, whitespace folded per line, empty lines dropped."""
    list_context = bool(_LIST_CONTEXT.search(text))
    text = _BLOCK_TAG.sub("\n", text)
    text = _ANY_TAG.sub("", text)
    text = html.unescape(text)
    text = _EMPHASIS.sub("", text)
    text = _ITALIC.sub(r"\1", text)
    if list_context:
        text = _GLUED_BULLET.sub("\n- ", text)
    lines = [fold_spaces(line) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def is_separator(cells: list[str]) -> bool:
    """A markdown or dashed separator row ("---|---", "--\t--")."""
    joined = "".join(cells)
    return bool(joined.strip()) and "-" in joined and all(_DASHES.match(c) for c in cells)
