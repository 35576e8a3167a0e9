"""Pre-Unicode Vietnamese encodings, still common in archives: TCVN3 (ABC; fonts .VnTime, .VnArial, …) and
VNI (fonts VNI-Times, …). Text typed in them arrives as Latin-1 look-alike characters ("Môc tiªu" for "Mục
tiêu"); this module turns it into Unicode NFC. Which encoding a run uses is told by its font name, or, for text
with no fonts, guessed from the characters that only those encodings produce.
"""

from __future__ import annotations

import re
import unicodedata

# TCVN3 (TCVN 5712:1993): one byte per letter. Lower-case letters in order of the standard's table; the
# ".VnXxxH" fonts draw the same codes as capitals.
_TCVN3_CODES = "µ¶·¸¹¨»¼½¾Æ©ÇÈÉÊË®ÌÎÏÐÑªÒÓÔÕÖ×ØÜÝÞßáâãä«åæçèé¬êëìíîïñòóô\xadõö÷øùúûüýþ¡¢§£¤¥¦"
_TCVN3_TEXT = "àảãáạăằẳẵắặâầẩẫấậđèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵĂÂĐÊÔƠƯ"
TCVN3 = dict(zip(_TCVN3_CODES, _TCVN3_TEXT, strict=True))

# VNI: a base letter followed by mark characters; a few letters are single characters.
_VNI_SINGLE = {"ñ": "đ", "Ñ": "Đ", "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư",
               "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "Í": "Í", "Ì": "Ì", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị"}
# mark character → (modifier, tone); modifier: circumflex ^, breve (, or none
_VNI_MARKS = {
    "ù": ("", "\u0301"), "ø": ("", "\u0300"), "û": ("", "\u0309"), "õ": ("", "\u0303"), "ï": ("", "\u0323"),
    "â": ("^", ""), "á": ("^", "\u0301"), "à": ("^", "\u0300"), "å": ("^", "\u0309"), "ã": ("^", "\u0303"),
    "ä": ("^", "\u0323"), "ê": ("(", ""), "é": ("(", "\u0301"), "è": ("(", "\u0300"), "ú": ("(", "\u0309"),
    "ü": ("(", "\u0303"), "ë": ("(", "\u0323"),
    "Ù": ("", "\u0301"), "Ø": ("", "\u0300"), "Û": ("", "\u0309"), "Õ": ("", "\u0303"), "Ï": ("", "\u0323"),
    "Â": ("^", ""), "Á": ("^", "\u0301"), "À": ("^", "\u0300"), "Å": ("^", "\u0309"), "Ã": ("^", "\u0303"),
    "Ä": ("^", "\u0323"), "Ê": ("(", ""), "É": ("(", "\u0301"), "È": ("(", "\u0300"), "Ú": ("(", "\u0309"),
    "Ü": ("(", "\u0303"), "Ë": ("(", "\u0323"),
}
_MODIFIER = {"^": "\u0302", "(": "\u0306"}
_VNI_PAIR = re.compile("([aeiouyAEIOUYơưƠƯ])([" + re.escape("".join(_VNI_MARKS)) + "])")


def font_encoding(font: str | None) -> str | None:
    """'tcvn3' for .Vn* fonts, 'vni' for VNI-* fonts, None for Unicode fonts."""
    if not font:
        return None
    f = font.strip().lower()
    if f.startswith(".vn"):
        return "tcvn3h" if f.endswith("h") else "tcvn3"
    if f.startswith("vni"):
        return "vni"
    return None


def decode_tcvn3(text: str, capitals: bool = False) -> str:
    out = "".join(TCVN3.get(ch, ch) for ch in text)
    return unicodedata.normalize("NFC", out.upper() if capitals else out)


def decode_vni(text: str) -> str:
    text = "".join(_VNI_SINGLE.get(ch, ch) for ch in text)

    def join(m: re.Match[str]) -> str:
        base, mark = m.group(1), m.group(2)
        modifier, tone = _VNI_MARKS[mark]
        if modifier == "(" and base.lower() != "a":
            modifier = ""  # the breve exists on a only; elsewhere the character is the tone alone
        return unicodedata.normalize("NFC", base + _MODIFIER.get(modifier, "") + tone)

    return unicodedata.normalize("NFC", _VNI_PAIR.sub(join, text))


def convert_run(text: str, encoding: str) -> str:
    if encoding.startswith("tcvn3"):
        return decode_tcvn3(text, capitals=encoding == "tcvn3h")
    if encoding == "vni":
        return decode_vni(text)
    return text


_TCVN3_ONLY = set("µ¶·¸¹»¼½¾ÆÇÈÉÊËÌÎÏÐÑÒÓÔÕÖ×ØÜÝÞßåæçèéêëìíîñòóôõö÷øùúûüýþ®ª«¬")
_VNI_SIGNS = re.compile(r"[aeouyAEOUY][ùøûõïâáàåãäêéèúüëÙØÛÕÏÂÁÀÅÃÄÊÉÈÚÜË]")


def guess(text: str) -> str | None:
    """For text without fonts: which legacy encoding it is in, if the characters say so clearly."""
    letters = sum(ch.isalpha() for ch in text) or 1
    if re.search("[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ]", text):
        return None  # already Unicode Vietnamese
    vni = len(_VNI_SIGNS.findall(text))
    tcvn = sum(ch in _TCVN3_ONLY for ch in text)
    if vni / letters > 0.03 and vni > tcvn:
        return "vni"
    if tcvn / letters > 0.03:
        return "tcvn3"
    return None
