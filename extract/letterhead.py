"""The letterhead of an administrative document (ND 30/2020 layout): the issuer block, the type line and title.

The issuer block is the upper-case lines at the top left ("UBND TỈNH LÂM ĐỒNG" / "SỞ NỘI VỤ"); readers of paged
formats may run it together with the national motto of the right column ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ
NGHĨA VIỆT NAM TỈNH LÂM ĐỒNG"), so the motto is cut out of each line first. A line that opens with a body head
word (`vocab/issuer_heads.tsv`) starts a body; other lines continue it; the last body is the issuer, the one
before it its parent. The type line is a document-type word of `vocab/doc_types.tsv` alone on its line, and the
title is the lines under it up to the first line of the body text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from extract import vocab
from extract.bodies import aliases as body_aliases
from extract.document import Block, BlockKind
from extract.lexicon import edit1, province_spellings
from extract.markup import PLACE_DATE
from extract.markup import mostly_upper as _upper
from extract.memo import memo

# matched on the folded text (no diacritics, upper-case: OCR drops or changes the marks of capitals)
_MOTTO = re.compile(
    r"CONG\s+HOA\s+XA\s+HOI(?:\s+CHU\s+NGHIA(?:\s+VIET\s+NAM)?)?|^VIET\s+NAM$"
    r"|DOC\s+LAP(?:\s*[-–]\s*|\s+)?(?:TU\s+DO(?:\s*[-–]\s*|\s+)?(?:HANH\s+PHUC)?)?"
    r"|^TU\s+DO(?:\s*[-–]\s*|\s+)?(?:HANH\s+PHUC)?|^HANH\s+PHUC"
    # a Party committee's letterhead prints the Party's name where the State's motto goes ("TỈNH ỦY LÂM ĐỒNG |
    # ĐẢNG CỘNG SẢN VIỆT NAM"); only at a line's end, never in a sentence
    r"|DANG\s+CONG\s+SAN\s+VIET\s+NAM\s*$",
)
_NUMBER_LINE = re.compile(r"^\s*(?:Số\b|S[oóòôốồ]\s*:)")  # "Só:" as OCR may read it
DATE_LINE = PLACE_DATE  # "Lâm Đồng, ngày …"
_RULE = re.compile(r"^[-–—_=*.…\s]{3,}$")


def _fold_slow(text: str) -> str:
    s = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d").replace("Ð", "D"))
    return "".join(c for c in s if not unicodedata.combining(c)).upper()


class _CharFolds(dict[int, str]):
    """Each character's fold, worked out the first time it is met (a text folds as its characters do: a
    decomposition's marks are dropped, and upper-casing is context-free), for str.translate."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_slow(chr(code))
        return folded


_FOLDS = _CharFolds()


@memo(1 << 12)  # the same lines are folded by several tests of the letterhead
def fold(text: str) -> str:
    """Upper-case letters without diacritics: how OCR misreadings of capitals are compared ("ĐÒNG" ~ "ĐỒNG")."""
    return text.upper() if text.isascii() else text.translate(_FOLDS).upper()


@dataclass
class Letterhead:
    issuer_lines: list[str] = field(default_factory=list)  # the issuing body's own lines
    parent_lines: list[str] = field(default_factory=list)  # the parent body above it, when printed
    issuer_blocks: set[int] = field(default_factory=set)
    type_word: str | None = None
    doc_type: str | None = None
    type_block: int | None = None
    title: str | None = None
    title_blocks: list[int] = field(default_factory=list)


def _heads() -> list[tuple[str, int]]:
    rows = [(row[0], int(row[1]) if len(row) > 1 else 0) for row in vocab.table("issuer_heads")]
    return sorted(rows, key=lambda r: len(r[0]), reverse=True)


def expand_in_context(line: str) -> str:
    """An issuer line opening with an abbreviation whose meaning the next words give (`vocab/abbreviations_in_
    context.tsv`: "BCH HỘI NÔNG DÂN …" → "BAN CHẤP HÀNH HỘI NÔNG DÂN …"); other lines as they are."""
    text = line.strip()
    f = fold(text)
    for short, after, full in vocab.table("abbreviations_in_context"):
        if f.startswith(short + " ") and any(f[len(short) + 1:].startswith(fold(w) + " ") or
                                             f[len(short) + 1:] == fold(w) for w in after.split("|")):
            return full + text[len(short):]
    return text


def body_head(line: str) -> tuple[str, int] | None:
    """The head word a body name opens with, and how many words after it are the body's own name."""
    f = fold(expand_in_context(line))
    for head, named in _heads():
        h = fold(head)
        if f == h or f.startswith(h + " "):
            return head, named
    # a public body whose name opens with no head word ("BÁO VÀ PHÁT THANH, TRUYỀN HÌNH" under "TỈNH ỦY LÂM ĐỒNG"):
    # its printed name of three words or more (`vocab/public_bodies.tsv`)
    for folded, form in _named_bodies():
        if f == folded or f.startswith(folded + " "):
            return form, 0
    return None


@cache
def _named_bodies() -> tuple[tuple[str, str], ...]:
    """(folded, upper case) of every printed name of a public body of three words or more, longest first."""
    forms = {fold(form.upper()): form.upper() for form in body_aliases() if len(form.split()) >= 3}
    return tuple(sorted(forms.items(), key=lambda f: len(f[0]), reverse=True))


def type_of(line: str) -> tuple[str, str] | None:
    """(type word as in the table, doc_type) when `line` is a type line: the word alone, or followed by a
    parenthesis or an upper-case qualifier ("ĐIỀU LỆ (SỬA ĐỔI, BỔ SUNG)"), or by the subject in lower case."""
    text = line.strip().rstrip(":").strip()
    if text and len(text) <= 300 and not _upper(text):
        # the type line with the subject's first line run onto it (one line of a scan: "TỜ TRÌNH Đề nghị ban hành
        # …"): a type of two words or more in capitals, then words in lower case
        for words, doc_type in vocab.table("doc_types"):
            if " " in words and words != "V/v" and text.startswith(words + " ") and _upper(words) \
                    and not text[len(words):].split()[0].isupper():
                return words, doc_type
        return None
    if not text or not _upper(text) or len(text) > 60:
        return None
    f = fold(text)
    for words, doc_type in vocab.table("doc_types"):
        if words == "V/v":
            continue
        w = fold(words)
        if f == w or (f.startswith(w + " ") and text[len(words):].lstrip().startswith("(")):
            return words, doc_type
    # a scan's type line with its space lost or one letter misread ("ĐIULỆ" for "ĐIỀU LỆ", "TỜTRÌNH"); types of
    # six letters or more, which no other heading of a letterhead is one letter from
    squeezed = f.replace(" ", "")
    if body_head(text) is not None:
        return None  # "CÔNG AN" is a body, one letter from "CÔNG VĂN"
    for words, doc_type in vocab.table("doc_types"):
        w = fold(words).replace(" ", "")
        if words != "V/v" and len(w) >= 6 and (squeezed == w or edit1(squeezed, w)):
            return words, doc_type
    return None


def _cut_motto(text: str) -> str:
    folded = fold(text)
    if len(folded) != len(text):  # not NFC: no position mapping; leave the line as it is
        return text
    for m in reversed(list(_MOTTO.finditer(folded))):
        text = text[: m.start()] + " " + text[m.end() :]
    text = re.sub(r"[_=—–-]{3,}", " ", text)  # the rule drawn under a body's name, typed on its line
    return re.sub(r"\s{2,}", " ", text).strip(" -–")


def _two_bodies(text: str) -> list[str]:
    """A scan's line that runs the parent body and the issuer together ("UBND TỈNH LÂM ĐỒNG SỞ TƯ PHÁP", the motto
    between them cut): split where a body's head word follows a complete body (its level and place)."""
    words = text.split()
    for k in range(2, len(words)):
        rest = " ".join(words[k:])
        if body_head(rest) is not None and level_and_place([" ".join(words[:k])])[1] is not None:
            return [" ".join(words[:k]), rest]
    return [text]


def _opens_with_type(text: str) -> bool:
    """The line opens with a document type of two words or more ("DANH SÁCH TRÍCH NGANG", "GIẢI TRÌNH BỔ SUNG")."""
    folded = fold(text)
    return any(len(words.split()) >= 2 and re.match(rf"{re.escape(fold(words))}(?![A-Z])", folded)
               for words, _ in vocab.table("doc_types"))


def has_motto(text: str) -> bool:
    return _MOTTO.search(fold(text)) is not None


def _spaces_lost(line: str) -> bool:
    return len(line) >= 8 and not any(c.isspace() for c in line) and _upper(line)


def _respaced(line: str, blocks: list[Block]) -> str:
    """A letterhead line whose spaces the text layer lost ("SỞVĂNHÓA,THỂTHAOVÀDULỊCH", an OCR engine's layer
    under a scan) spaced as the same words are where the document spells them ("Sở Văn hóa, Thể thao và Du lịch
    tỉnh Lâm Đồng gửi …"), or as the table of public bodies does; else as printed. Only spaces are put back.
    (`lexicon.split_glued` parts two syllables glued in a word; a line of a dozen needs a spelling to follow.)"""
    chars = [fold(c) for c in line]
    key = "".join(chars)
    phrases = [b.text for b in blocks if b.kind is not BlockKind.table and b.text.strip() != line]
    phrases += list(body_aliases())
    for phrase in phrases:
        words = [fold(w) for w in phrase.split()]
        starts, at = [], 0
        for w in words:
            starts.append(at)
            at += len(w)
        joined = "".join(words)
        for k, start in enumerate(starts):
            if not joined.startswith(key, start) or (start + len(key) not in starts and start + len(key) != at):
                continue
            cuts = {b - start for b in starts[k + 1 :] if b - start < len(key)}
            out, pos = [], 0
            for c, folded in zip(line, chars, strict=True):
                if pos in cuts and out:
                    out.append(" ")
                out.append(c)
                pos += len(folded)
            return "".join(out)
    return line


def read_letterhead(blocks: list[Block], stop: int) -> Letterhead:
    lh = Letterhead()
    bodies: list[tuple[list[str], list[int]]] = []
    in_block = True
    limit = min(stop, 25)
    for i, b in enumerate(blocks[:limit]):
        if b.kind is BlockKind.table:
            continue
        raw = b.text.strip()
        if _spaces_lost(raw):
            raw = _respaced(raw, blocks)
        kind = type_of(raw)
        if kind is not None:
            lh.type_word, lh.doc_type = kind
            lh.type_block = i
            break
        if _NUMBER_LINE.match(raw) or DATE_LINE.match(raw) or _SUBJECT.match(raw) or raw.startswith("Về việc"):
            in_block = False
            continue
        text = _cut_motto(raw)
        if not in_block or not any(c.isalpha() for c in text) or _RULE.match(text):
            continue
        if not _upper(text) or len(text) > 80:
            if not bodies and i < 3:
                continue  # a line stamped above the letterhead ("Cơ quan phát hành: …", an e-signature)
            in_block = False  # the body text (or a mixed-case title) has begun
            continue
        if not bodies and body_head(text) is None and _opens_with_type(text):
            in_block = False  # "DANH SÁCH TRÍCH NGANG": a heading naming the type, no issuer block above it
            continue
        for part in _two_bodies(text):
            if body_head(part) is not None or not bodies:
                bodies.append(([part], [i]))
            else:
                bodies[-1][0].append(part)
                bodies[-1][1].append(i)
    if bodies:
        lh.issuer_lines = bodies[-1][0]
        lh.issuer_blocks = set(bodies[-1][1])
        if len(bodies) > 1:
            lh.parent_lines = bodies[-2][0]
            lh.issuer_blocks |= set(bodies[-2][1])
        if body_head(lh.issuer_lines[0]) is None and not lh.parent_lines:
            # no body head word anywhere (a page scrap, a heading): not an issuer block
            lh.issuer_lines, lh.issuer_blocks = [], set()
    if lh.type_block is not None:
        _title(blocks, lh, stop)
    else:
        _letter_subject(blocks, lh, limit)
    if lh.type_block is None and lh.doc_type is None and not lh.issuer_lines:
        _heading_names_type(blocks, lh, stop)
    return lh


def _heading_names_type(blocks: list[Block], lh: Letterhead, stop: int) -> None:
    """A document with no letterhead and no type line whose opening heading names what it is ("TÓM TẮT TRỌNG
    TÂM … BÁO CÁO CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2025 …"): that type, the heading its title. A heading of one
    line that opens with the type words ("CHƯƠNG TRÌNH HỘI NGHỊ" over "Đánh giá công tác …") is a type line: its
    other words open the title, and the lines under it go on with it."""
    lines: list[int] = []
    for i, b in enumerate(blocks[:4]):
        if b.kind is BlockKind.table or not _upper(b.text) or len(b.text) > 200 or has_motto(b.text) \
                or _BODY_OPENER.match(b.text.strip()):
            break  # the heading ends at its first part ("I. BỐI CẢNH …")
        lines.append(i)
    if not lines:
        return
    heading = re.sub(r"\s+", " ", " ".join(blocks[i].text.strip() for i in lines))
    folded = fold(heading)
    found = [(m.start(), words, doc_type) for words, doc_type in vocab.table("doc_types") if words != "V/v"
             for m in [re.search(rf"(?<![A-Z]){re.escape(fold(words))}(?![A-Z])", folded)] if m]
    if found:
        at, lh.type_word, lh.doc_type = min(found)
        if at == 0 and len(lines) == 1 and len(lh.type_word.split()) >= 2:
            lh.type_block = lines[0]
            _title(blocks, lh, stop)
            if lh.title:
                return
            lh.type_block = None
        if at == 0 and len(lh.type_word.split()) >= 2 and len(heading) > len(lh.type_word) + 1:
            # "GIẢI TRÌNH BỔ SUNG THEO CHỈ ĐẠO …" over two lines: the words after the type words are the title
            heading = heading[len(lh.type_word):].strip()
        lh.title, lh.title_blocks = heading, lines


# where a scan's line runs on from a title into the salutation or the body ("… không ma túy Kinh gửi: Văn phòng …"):
# OCR may drop the mark of "Kính"
_SALUTATION = r"\s(?:K[íi]nh\s+g[ửưu]i|K[íi]nh\s+th[ưu]a)\b"
_RUN_ON = re.compile(rf"{_SALUTATION}|\s(?:Căn cứ|Thực hiện)\b")
# a letter's subject line, "V/v" as OCR may read it ("V/ tham gia ý kiến …")
# the subject line may be printed in quotation marks ("“V/v giới thiệu … giúp việc”")
_SUBJECT = re.compile(r"^[“\"]?\s*(?:V\s?/\s?v\b|V/(?=\s+[a-zà-ỹđ]))")
_BODY_OPENER = re.compile(
    r"^(Căn cứ|Thực hiện|K[íi]nh gửi|Kính thưa|Theo đề nghị|Xét đề nghị|Thời gian|Địa điểm|Chương\s+[IVXLC\d]+"
    r"|Điều\s+\d|PHẦN\b|Phần\s+[IVX\d]|[IVXLC]+\s*[.:]|\d+\s*[.)]|[a-zđ]\)|\(Ban hành|\(Kèm theo|Ban hành kèm theo"
    r"|Kèm theo)",
    re.I,
)


def _title(blocks: list[Block], lh: Letterhead, stop: int) -> None:
    assert lh.type_block is not None and lh.type_word is not None
    type_text = blocks[lh.type_block].text.strip().rstrip(":").strip()
    parts: list[str] = []
    rest = type_text[len(lh.type_word):].strip()
    if rest:
        parts.append(rest)
    mixed = False
    for i in range(lh.type_block + 1, min(len(blocks), lh.type_block + 6, max(stop, lh.type_block + 1) + 1)):
        b = blocks[i]
        if b.kind is BlockKind.table:
            break
        text = b.text.strip()
        if not text or _RULE.match(text):
            if parts:
                break
            continue
        upper = _upper(text)
        if parts and lh.title_blocks and all(_upper(blocks[j].text) for j in lh.title_blocks) and not upper:
            break  # a title in capitals ends where a line in lower case begins ("Kính thưa các đồng chí, …")
        if _PAPER.search(lh.type_word) and lh.title_blocks and len(text.split()) <= 8 \
                and body_head(text) is not None and not upper:
            break  # an author line under a paper's title ("Bộ Tư pháp", "UBND tỉnh Nghệ An")
        # a title may run long ("Tổng kết thực hiện Quyết định số 787/QĐ-UBND ngày … về việc …"); a long line that
        # ends a sentence is the body's first paragraph
        long = len(text) > 400 or (len(text) > 250 and text.endswith("."))
        if _BODY_OPENER.match(text) or long or (mixed and upper) or text.endswith((":", ";")):
            break
        cut = re.split(_SALUTATION, text)[0].strip()
        parts.append(cut)
        lh.title_blocks.append(i)
        mixed = mixed or not upper
        if text.endswith(".") or cut != text:
            break
    if parts:
        # a subject opens with the formula "Về việc": its first word as OCR misreads it ("Và việc", "Vê việc")
        lh.title = _cut_run_on(_OPENER.sub("Về việc", re.sub(r"\s+", " ", " ".join(parts)).strip()))


_OPENER = re.compile(r"^[Vv][^\W\d_]{0,2}\s+việc\b(?<!^Về việc)")
# a paper or a speech names its author under its title; an application's or a record's next line is its title's
# ("ĐƠN ĐỀ NGHỊ / Đổi tên … thành / Liên đoàn Bóng rổ tỉnh Lâm Đồng")
_PAPER = re.compile(r"THAM LUẬN|PHÁT BIỂU")
# inside a scan's line, where a mixed-case title runs into other text: a run of three words or more in capitals
# (a stamp, the issuer block repeated: "… Đắk Nông SỞ TƯ PHÁP TỈNH LÂM ĐỒNG …") or a salutation whose "Kính" was
# lost ("… nh gửi: …")
_CAPS_RUN = re.compile(r"\s(?:[A-ZĐÀ-Ỹ'][A-ZĐÀ-Ỹ'-]+\s+){2,}[A-ZĐÀ-Ỹ'][A-ZĐÀ-Ỹ'-]+(?=\s|$)")
_LOST_SALUTATION = re.compile(r"\s\S{0,4}\s?g[ửưu]i\s*:")


def _cut_run_on(title: str) -> str:
    if _upper(title):
        return title
    for pattern in (_CAPS_RUN, _LOST_SALUTATION):
        if m := pattern.search(title):
            title = title[: m.start()].rstrip(" ,.;:|")
    return title


def _letter_subject(blocks: list[Block], lh: Letterhead, limit: int) -> None:
    """A letter has no type line: its subject is the "V/v …" lines under the number."""
    for i, b in enumerate(blocks[:limit]):
        if b.kind is BlockKind.table or not (m := _SUBJECT.match(b.text.strip())):
            continue
        # a scan's block may run on into the salutation and the body: the subject stops there
        subject = "V/v" + b.text.strip()[m.end():]
        parts = [_RUN_ON.split(subject)[0].strip().rstrip(' .“”"')]
        lh.title_blocks.append(i)
        for j in range(i + 1, min(len(blocks), i + 4)):
            text = blocks[j].text.strip()
            if (blocks[j].kind is BlockKind.table or not text or _upper(text) or has_motto(text)
                    or DATE_LINE.match(text) or _BODY_OPENER.match(text)):
                break
            parts.append(text)
            lh.title_blocks.append(j)
        lh.title = _cut_run_on(re.sub(r"\s+", " ", " ".join(parts)).strip()).rstrip('”"').rstrip()
        lh.type_word, lh.doc_type = "V/v", "letter"
        return


def _acronym(word: str) -> bool:
    """An upper-case word that is no syllable of the language ("PHÒNG NCKSTTHC", "TTHC"): an abbreviation, kept as
    printed."""
    from extract.quality import is_syllable

    letters_only = word.strip(".,;:()")
    return len(letters_only) >= 3 and letters_only.isupper() and letters_only.isalpha() and not is_syllable(
        letters_only.lower())


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


def _place_spelling(words: list[str]) -> str:
    """A place name in title case; a province name misread by OCR takes the table's spelling."""
    name = " ".join(_cap(w) for w in words)
    key = fold(name).replace(" - ", " ").replace("-", " ")
    for province, *_ in vocab.table("provinces"):
        if fold(province).replace(" - ", " ").replace("-", " ") == key:
            return province
    return name


def _province_key(name: str) -> str:
    return " ".join(fold(name).replace("-", " ").split())


@cache
def _province_keys() -> frozenset[str]:
    """Every province's name and printed spelling (`lexicon.province_spellings`), marks and hyphens aside."""
    return frozenset(_province_key(p) for p in province_spellings())


def _province_prefix(words: list[str]) -> int:
    """How many of `words`, from the first, name a province (its letters, marks aside), the longest name; 0 when
    they do not begin with one."""
    return max((n for n in range(1, min(5, len(words)) + 1) if _province_key(" ".join(words[:n])) in _province_keys()),
               default=0)


def level_word(level: str) -> str:
    return next(w for w, code in vocab.table("admin_levels") if code == level)


def _level_words() -> dict[str, str]:
    # spelled-out level words only: an abbreviation ("TP", "TX") has no vowel and is not a header's word
    return {fold(w): code for w, code in vocab.mapping("admin_levels").items()
            if re.search("[AEIOUY]", fold(w)) and "." not in w}


@cache
def _level_spellings() -> frozenset[str]:
    from extract.lexicon import canon

    return frozenset(canon(w.lower()) for w in vocab.mapping("admin_levels"))


def _other_word(word: str, following: str) -> bool:
    """`word` matches a level word only without its marks ("QUÁN", "QUẢN" for "QUẬN"), and one of its spellings forms
    a word of the dictionary with the word after it ("quản lý"): that word, not a level."""
    from extract.lexicon import canon, letters, lexicon

    low = canon(word.lower())
    if low in _level_spellings():
        return False
    known, spellings = lexicon()
    nxt = canon(following.lower().strip(".,;:"))
    return any(f"{s} {nxt}" in known for s in spellings.get(letters(low), ()))


# the level of a Party committee by the word before "ỦY" (Quy định 66-QĐ/TW: tỉnh ủy, thành ủy, huyện ủy, quận ủy,
# thị ủy); "ĐẢNG ỦY XÃ …" names its level with the level word after it
_COMMITTEE_LEVELS = {"TINH": "tinh", "THANH": "thanh_pho", "HUYEN": "huyen", "QUAN": "quan", "THI": "thi_xa"}


def level_and_place(lines: list[str]) -> tuple[str | None, str | None, int | None, int]:
    """(level code, place, index of the level word in the joined words, its length in words) named in the lines.
    "UBND TỈNH LÂM ĐỒNG" → ("tinh", "Lâm Đồng", 3, 1); a level word with no place after it gives no place."""
    levels = _level_words()
    words = " ".join(lines).split()

    def place_after(k: int) -> list[str]:  # the place's words: up to a figure, a sign or another level word
        out: list[str] = []
        for w in words[k:]:
            if not (w.isalpha() or "-" in w) or fold(w) in levels:
                break
            out.append(w)
        return out

    for k in range(len(words) - 2):
        # a Party committee is named by its level ("TỈNH UỶ ĐỒNG THÁP", "THÀNH ỦY HÀ NỘI"): the place follows "ỦY"
        if fold(words[k + 1]) == "UY" and fold(words[k]) in _COMMITTEE_LEVELS and fold(words[k + 2]) not in levels:
            return _COMMITTEE_LEVELS[fold(words[k])], _place_spelling(place_after(k + 2)), k, 2
    for k in range(len(words)):
        # "HỘI CCA T. LÂM ĐỒNG": "T." before a province's name is its level word, "tỉnh"
        if fold(words[k]) == "T." and (known := _province_prefix(words[k + 1:])):
            return "tinh", _place_spelling(words[k + 1 : k + 1 + known]), k, 1
        for n in (2, 1):
            cand = fold(" ".join(words[k : k + n]))
            if len(words[k : k + n]) != n or cand not in levels:
                continue
            if n == 1 and k + 1 < len(words) and _other_word(words[k], words[k + 1]):
                continue  # "HỘI ĐỒNG QUÁN LÝ" is "quản lý", not the district "quận" of a place "Lý"
            place_words = place_after(k + n)
            if levels[cand] == "tinh" and (known := _province_prefix(place_words)):
                # a province's name, then another box's words on its line ("TỈNH LÂM ĐỒNG   DỰ THẢO")
                place_words = place_words[:known]
            return levels[cand], (_place_spelling(place_words) if place_words else None), k, n
    return None, None, None, 0


def body_name(lines: list[str], expansions: dict[str, str]) -> str:
    """The body's name as a reader writes it: head word in sentence case, its own name capitalised, level word
    lower-case, place name in title case ("CÔNG AN TỈNH LÂM ĐÒNG" → "Công an tỉnh Lâm Đồng")."""
    joined = re.sub(r"\s+", " ", " ".join(expand_in_context(line) for line in lines)).strip()
    for short, full in expansions.items():
        joined = re.sub(rf"(?<![\wÀ-ỹ]){re.escape(short)}(?![\wÀ-ỹ])", full.upper(), joined)
    words = joined.split()
    level, place, at, _n = level_and_place([joined])
    head = body_head(joined)
    head_len = len(head[0].split()) if head else 0
    named = head[1] if head else 0
    out: list[str] = []
    # the head as the table spells it: a scan may misread its marks ("HÔI CCA" is a "Hội")
    head_words = head[0].split() if head and len(head[0].split()) == head_len else []
    for k, w in enumerate(words):
        if at is not None and k >= at:
            break
        if k < len(head_words):
            w = head_words[k].upper()
        out.append(w if _acronym(w) else _cap(w) if k == 0 or head_len <= k < head_len + named else w.lower())
    if at is not None and level is not None and _n == 2 and fold(words[at + 1]) == "UY":
        committee = f"{words[at].lower()} ủy"  # "Tỉnh ủy Đồng Tháp", "Ban Tuyên giáo Tỉnh ủy …"
        out.append(committee[:1].upper() + committee[1:])
        if place:
            out.append(place)
    elif at is not None and level is not None:
        out.append(level_word(level))  # the level's own spelling, also where OCR misread it ("TÍNH")
        if place:
            out.append(place)
    return _as_the_table_spells(" ".join(out))


def _as_the_table_spells(name: str) -> str:
    """A name that opens with a public body's name (`vocab/public_bodies.tsv`) takes the table's spelling of it:
    "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" → "Sở Nông nghiệp và Môi trường", not "… và môi trường"."""
    from extract.bodies import aliases

    low = name.lower()
    found = [(form, canonical) for form, canonical in aliases().items()
             if len(form) > 8 and form == canonical.lower() and low.startswith(form)
             and low[len(form):len(form) + 1] in ("", " ")]
    if not found:
        return name
    form, canonical = max(found, key=lambda f: len(f[0]))
    return canonical + name[len(form):]
