"""The decision's header and footer: issuer, number, date, title, legal bases, articles, recipients, signer.

Only what the text says is returned; a blank number ("Số: /QĐ-UBND") or date gives None, never a guess.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from extract import vocab
from extract.bodies import repair_misread_name
from extract.document import Block, BlockKind
from extract.letterhead import (
    DATE_LINE,
    Letterhead,
    body_head,
    body_name,
    fold,
    has_motto,
    level_and_place,
    read_letterhead,
    type_of,
)
from extract.lexicon import (
    canon,
    known_syllables,
    misread_share,
    misread_words,
    nearest_province,
    province_level_word,
    province_spellings,
    unknown_marked_words,
)
from extract.references import opens_with_reference
from extract.text_votes import spell_as_the_text

_LEVELS = vocab.mapping("admin_levels")
_LEVEL_WORDS = sorted(_LEVELS, key=len, reverse=True)
_LEVEL_RE = "(?i:" + "|".join(re.escape(w) for w in _LEVEL_WORDS) + ")"
_CANONICAL_LEVEL: dict[str, str] = {}
for _word, _code in _LEVELS.items():
    _CANONICAL_LEVEL.setdefault(_code, _word)
_COMMITTEE_NAMES = ("UBND", "Ủy ban nhân dân", "Uỷ ban nhân dân", "ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN")
_COMMITTEE = "(?:" + "|".join(_COMMITTEE_NAMES) + ")"


def _starts(words: Iterable[str]) -> str:
    """A look-ahead for the first letters of `words`, which lets the regex engine skip to where one may start
    instead of trying the whole pattern at every character of a document's text."""
    return "(?=(?i:[" + "".join(sorted({re.escape(w[0]) for w in words})) + "]))"


# levels named after "UBND", and a level word followed by what may be a place name (both case-insensitive)
_COMMITTEE_LEVEL = re.compile(rf"{_starts(_COMMITTEE_NAMES)}(?i:{_COMMITTEE})[ ]+({_LEVEL_RE})(?![\wÀ-ỹ])")
_LEVEL_MENTION = re.compile(rf"{_starts(_LEVEL_WORDS)}(?<![\wÀ-ỹ])({_LEVEL_RE})[ ]+(?=\S)")
_NAME = r"[A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){0,3}"
# "289/TTr-CAT-PC06", "12/2025/QĐ-UBND", "01/NQ-LĐVTCT.LĐ", a unit in brackets ("409/TTr-CAT(PC04)"), and the
# Party's "36-HD/VPTW", "35-KL/TU" (Quy định 66-QĐ/TW: number, type and body joined by a hyphen and a slash)
# the office's slips number by day and year ("13-01/26/PT-NC")
# A unit's code may join two words with "&" ("156-CV/TĐTN-BCTĐ&TTN": Ban Công tác Đoàn và Thanh thiếu nhi)
_NUMBER = (r"\d+(?:\s?-\s?\d+)?\s*(?:/\s*(?:\d{4}|\d{2}(?=\s*/)))?\s*[/-]\s*[A-ZĐ][\wĐ]*(?:&[\wĐ]+)?"
           r"(?:\([\wĐ]+\))?(?:\s*[-/]\s*[\wĐ]+(?:&[\wĐ]+)?(?:\.[A-ZĐ][A-ZĐ\d]*)*(?:\([\wĐ]+\))?)*")
# "20235": no year; "háng" (a typo that dropped the "t" of "tháng") is still the month's word
_DATE_LINE = re.compile(r"ngày\s*(\d{1,2})\s+t?háng\s+(\d{1,2})\s+năm\s+(\d{4})(?!\d)", re.I)
_PLACE_DATE = re.compile(DATE_LINE.pattern + r"(?P<day>.*?)t?háng(?P<month>.*?)năm", re.I)
# a line of its own under the title ("(Ban hành kèm theo Quyết định số 215/QĐ-UBND ngày 02/02/2026)"), not a
# mention in the body ("… Chương trình được ban hành kèm theo Quyết định số 7619/QĐ-BCA …")
_ATTACHED = re.compile(
    rf"^[\s(\[]*(?:ban hành\s+)?kèm theo\s+Quyết định\s+số\s*:?\s*(?P<num>{_NUMBER})"
    rf"(?:\s+ngày\s+(?P<d>\d{{1,2}})\s*/\s*(?P<m>\d{{1,2}})"
    rf"\s*/\s*(?P<y>\d{{4}}))?",
    re.I,
)
# "Số:" as OCR may mark it ("Só:", "So:"): with its colon
_SO = re.compile(rf"^\s*(?:Số\s*(?::|(?=\s*[\d/.…]))|S[oóòôốồ]\s*:)\s*(?P<num>{_NUMBER})?", re.I)
_SYMBOL_TAIL = re.compile(r"(?=(?:\w*[A-ZĐ]){2})[A-ZĐ][A-Za-zĐđ]{1,5}")  # an abbreviation: two capitals or more
_BLANK = re.compile(r"^[\s.…_,:]*$")
_PERSON = re.compile(r"^[A-ZĐÀ-Ỹ][a-zà-ỹđ]+(?:\s+[A-ZĐÀ-Ỹ][a-zà-ỹđ]+){1,4}$")
_NATIONAL = re.compile(r"CỘNG\s+HO[ÀA]\s+XÃ\s+HỘI|Độc lập\s*-\s*Tự do", re.I)
_PROVINCE = re.compile(rf"(?<![\wÀ-ỹ])tỉnh\s+({_NAME})")
# a centrally-run city named in a line, each city with its own pattern (the first of the table that is named wins)
_CITY_NAMED = tuple((city, re.compile(rf"thành phố\s+{re.escape(city)}(?![\wÀ-ỹ])", re.I))
                    for city, *_ in vocab.table("central_cities"))


@dataclass
class Header:
    issuer_name: str | None = None
    level: str | None = None
    locality: str | None = None
    province: str | None = None
    decision_number: str | None = None
    issued_on: tuple[int, int, int] | None = None
    date_year: int | None = None  # the year of the date line, also where its day is blank (a draft) or unread
    symbol: str | None = None  # what follows the number on the number line ("/TTr-CAT-PC06", "-HD/VPTW"), also blank
    title: str | None = None
    signer_name: str | None = None
    signer_title: str | None = None
    signer_authority: str | None = None
    legal_bases: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    doc_type: str | None = None  # from the letterhead's type line
    mtcl: bool = False  # the document speaks of quality objectives (mục tiêu chất lượng, ISO 9001)
    placed: set[int] = field(default_factory=set)
    conflicts: list[tuple[str, str, Block | None]] = field(default_factory=list)
    spans: dict[str, Block] = field(default_factory=dict)  # header field → the block it was read from
    title_blocks: list[int] = field(default_factory=list)  # every block the title was read from (it may wrap)
    second_document: Block | None = None  # where a second document in the same file begins
    second_document_type: str | None = None  # its type line ("ĐIỀU LỆ", "KẾ HOẠCH")


def title_case(name: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in name.split())


def _level_code(word: str) -> str:
    return _LEVELS.get(word.lower(), "")


def _level_word(level: str) -> str:
    return _CANONICAL_LEVEL[level]


def _is_text(b: Block) -> bool:
    return b.kind is not BlockKind.table


def _header_issuer(blocks: list[Block], h: Header) -> None:
    """'ỦY BAN NHÂN DÂN' + 'THỊ XÃ PHƯỚC LONG' (or on one line) near the top."""
    for i, b in enumerate(blocks[:15]):
        if not _is_text(b):
            continue
        text = b.text.strip()
        joined = text
        nxt = blocks[i + 1] if i + 1 < len(blocks) and _is_text(blocks[i + 1]) else None
        if re.fullmatch(_COMMITTEE, text) and nxt is not None:
            joined = f"{text} {nxt.text.strip()}"
        m = re.fullmatch(rf"(?i:{_COMMITTEE})\s+({_LEVEL_RE})\s+(.+)", joined)
        if m and joined.upper() == joined:
            h.level = _level_code(m.group(1))
            h.locality = title_case(m.group(2))
            if h.level == "tinh":
                h.province = h.locality  # as from a letterhead: a province's committee is in that province
            h.placed.add(i)
            if joined != text and nxt is not None:
                h.placed.add(i + 1)
            return


def _place_name(after: str) -> str | None:
    """The capitalised syllables that open `after` ("Tam Kỳ sửa đổi" → "Tam Kỳ")."""
    words: list[str] = []
    for w in after.split(" "):
        if w.startswith(("(", "“", "\"")):
            break
        w = w.strip(".,;:()“”\"")
        if not w or not w[0].isupper() or not w.isalpha() or (words and w.isupper() and len(w) > 1):
            break
        words.append(w)
        if len(words) == 4:
            break
    if not words or (words[0].isupper() and len(words[0]) > 1):
        return None
    return " ".join(words)


def _texts(blocks: list[Block]) -> list[tuple[str, Block]]:
    out: list[tuple[str, Block]] = []
    for b in blocks:
        if b.kind is BlockKind.table:
            out.extend((c.text, b) for row in b.rows for c in row.cells)
        else:
            out.append((b.text, b))
    return out


def _mentions(blocks: list[Block]) -> tuple[Counter[str], list[tuple[str, str, Block]]]:
    """Levels named after 'UBND', and (level, place name) pairs named anywhere."""
    levels: Counter[str] = Counter()
    named: list[tuple[str, str, Block]] = []
    for text, b in _texts(blocks):
        for m in _COMMITTEE_LEVEL.finditer(text):
            levels[_level_code(m.group(1))] += 1
        for m in _LEVEL_MENTION.finditer(text):
            name = _place_name(text[m.end() :])
            if name:
                named.append((_level_code(m.group(1)), name, b))
    return levels, named


def _issuer_from_text(blocks: list[Block], h: Header) -> None:
    levels, named = _mentions(blocks)
    if h.level is None and levels:
        ranked = [lv for lv, _ in levels.most_common() if lv != "tinh"] or [levels.most_common(1)[0][0]]
        h.level = ranked[0]
    if h.level is None:
        return
    places = Counter(n for lv, n, _ in named if lv == h.level)
    if h.locality is None and places:
        best, _ = places.most_common(1)[0]
        # prefer the longest name that the others are a prefix of ("Tân" is "Tân Phú" cut by a typo)
        longer = [p for p in places if p.startswith(best + " ")]
        h.locality = max(longer, key=places.__getitem__) if longer else best
    if h.locality:
        # a rival of two syllables or more: one capitalised word after a level word is too often the
        # next sentence or a run-together cell ("phường Các phòng")
        rivals = {n: b for lv, n, b in named
                  if lv == h.level and not _same_place(n, h.locality) and " " in n}
        for name, block in rivals.items():
            if places[name] < places[h.locality]:
                h.conflicts.append((
                    "conflict_locality",
                    f"the text names '{_level_word(h.level)} {name}' where the issuer is "
                    f"'{_level_word(h.level)} {h.locality}' ({places[h.locality]} mention(s)); kept "
                    f"'{h.locality}'",
                    block,
                ))


def _same_place(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    return a == b or a.startswith(b + " ") or b.startswith(a + " ") or b.startswith(a)


def _province(blocks: list[Block], h: Header) -> None:
    """A named province, or a centrally-run city the (lower-level) issuer belongs to."""
    lower_levels = {"phuong", "xa", "thi_tran", "quan", "huyen", "thi_xa"}
    for b in blocks:
        m = _PROVINCE.search(b.text)
        if m and h.level != "tinh":
            h.province = m.group(1)
            return
        if h.level in lower_levels:
            for city, named in _CITY_NAMED:
                if named.search(b.text):
                    h.province = city
                    return


def _unreadable_number(h: Header, line: str, b: Block) -> None:
    h.conflicts.append(("unreadable_number", f"the number line '{line[:60]}' cannot be read (handwritten or "
                        "stamped?); decision_number left empty", b))


def _number_and_date(blocks: list[Block], h: Header, stop: int) -> None:
    seen_number_line = blank_date = False
    for i, b in enumerate(blocks[: min(stop, 30)]):
        if not _is_text(b):
            continue
        # digits drawn one by one (a form field, a signature widget) are read spaced: "Số: 1 8 7 /TTr"
        text = re.sub(r"(?<=\b\d) (?=\d\b)", "", b.text.strip())
        rest_of_symbol = r"^[A-ZĐ][\wĐ]*\s*/" if text.endswith("-") else r"^/\s*[A-ZĐ]"
        if (re.fullmatch(r"Số\s*:?\s*\d+\s*-?", text, re.I) and i + 1 < len(blocks) and _is_text(blocks[i + 1])
                and re.match(rest_of_symbol, blocks[i + 1].text.strip())):
            # "Số: 181" and "/BC-SNV" drawn apart (the figure typed into a field of the signed PDF); a Party number
            # broken after its hyphen ("Số 52 -" / "CV/HNDT")
            text = re.sub(r"\s*-$", "-", text) + blocks[i + 1].text.strip()
            h.placed.add(i + 1)
        m = _SO.match(text) if not seen_number_line else None
        if m:
            seen_number_line = True
            h.placed.add(i)
            if sym := _SYMBOL.search(m.group("num") or text[m.end():]):
                h.symbol = sym.group(0)
            elif scrap := _SYMBOL_AFTER_SCRAP.match(text):
                h.symbol = scrap.group("sym")
            if m.group("num"):
                h.decision_number = re.sub(r"\s+", "", m.group("num"))
                # the symbol's last part OCR read after a space, alone at the end of the line ("16/ĐĐN- LĐBR BTh")
                if _SYMBOL_TAIL.fullmatch(tail := text[m.end():].strip()):
                    h.decision_number += tail
                h.spans["decision_number"] = b
            else:
                rest = text[m.end():]
                if not rest.strip() and i + 1 < len(blocks) and blocks[i + 1].text.strip().startswith("/"):
                    rest = blocks[i + 1].text.strip()  # "Số:" and "/TTr-SNV" on two lines: still blank
                    h.placed.add(i + 1)
                figure = rest.split("/")[0]
                if not _BLANK.match(figure):
                    _unreadable_number(h, text, b)
        elif not seen_number_line and i < 15 and (sym := _SYMBOL_AFTER_SCRAP.match(text)):
            # "Số ÍÁ3 -CV/B&PTTH", "Số: ⁄J|5 /CV- BTV": a handwritten number OCR could not read, the symbol after it
            seen_number_line = True
            h.placed.add(i)
            h.symbol = sym.group("sym")
            _unreadable_number(h, text, b)
        if h.issued_on is None and not blank_date and (pd := _PLACE_DATE.match(text)):
            h.placed.add(i)
            if y := re.search(r"năm\s*((?:19|20)\d{2})(?!\d)", text[pd.end() - 3:], re.I):
                h.date_year = int(y.group(1))
            if d := _DATE_LINE.search(text):
                h.issued_on = (int(d.group(3)), int(d.group(2)), int(d.group(1)))
                h.spans["issued_on"] = b
            elif not (_BLANK.match(pd.group("day")) and (_BLANK.match(pd.group("month"))
                                                         or pd.group("month").strip().isdigit())):
                h.conflicts.append(("unreadable_date", f"the date line '{text[:60]}' cannot be read "
                                    "(handwritten or stamped?); issued_on left empty", b))
            else:
                blank_date = True  # a draft's blank day: known to be empty, never guessed from elsewhere
    if seen_number_line or blank_date:
        return  # the document has its own header: a "kèm theo Quyết định số …" elsewhere is another document
    for i, b in enumerate(blocks[: min(stop, 30)]):
        if not _is_text(b):
            continue
        m = _ATTACHED.match(b.text)
        if m:
            h.placed.add(i)
            if h.decision_number is None:
                h.decision_number = re.sub(r"\s+", "", m.group("num"))
                h.spans["decision_number"] = b
            if h.issued_on is None and m.group("y"):
                h.issued_on = (int(m.group("y")), int(m.group("m")), int(m.group("d")))
                h.spans["issued_on"] = b
            return


def _title(blocks: list[Block], h: Header, stop: int, lh: Letterhead) -> None:
    if lh.title:
        # a subject line closed by a full stop ("Phiên họp lần thứ nhất Ban Chỉ đạo …."): the stop is no part of it
        h.title = re.sub(r"(?<![.…])\.$", "", lh.title.rstrip())
        h.placed.update(lh.title_blocks)
        if lh.type_block is not None:
            h.placed.add(lh.type_block)
        h.spans["title"] = blocks[lh.title_blocks[0]] if lh.title_blocks else blocks[lh.type_block or 0]
        h.title_blocks = list(lh.title_blocks) or [lh.type_block or 0]
        return
    for i, b in enumerate(blocks[: stop + 1]):
        if _is_text(b) and is_mtcl_title(b.text):
            h.title = b.text.strip()
            h.placed.add(i)
            h.spans["title"] = b
            h.title_blocks = [i]
            return


def is_mtcl_title(text: str) -> bool:
    t = text.strip()
    low = t.lower()
    # "mục tiêu" alone names national target programmes too ("CHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA")
    return (
        ("mục tiêu chất lượng" in low or low.startswith("mục tiêu"))
        and len(t) < 160
        and not low.startswith(("căn cứ", "điều", "(", "kế hoạch", "thực hiện"))
        and (t.upper() == t or low.startswith("mục tiêu"))
    )


def _legal_clauses(text: str) -> list[str]:
    """Each "Căn cứ …" clause of a paragraph; a sentence a paged reader ran on after the last one is not part of it
    ("…năm 2024; Ủy ban nhân dân xã xây dựng Kế hoạch …"), nor is the recital that follows the legal bases
    ("…; Theo đề nghị của Sở Tư pháp tại Tờ trình số …": `extract/vocab/recital_openers.tsv`)."""
    clauses = [c.strip() for c in re.split(r";\s*(?=Căn cứ)", text)]
    last = re.split(r";\s+(?=[A-ZĐÀ-Ỹ])(?!Căn cứ)", clauses[-1], maxsplit=1)
    if len(last) == 2 and (last[1].rstrip().endswith(":") or last[1].startswith(vocab.words("recital_openers"))):
        clauses[-1] = last[0]  # the preamble's closing "… như sau:", or the recital, is not a legal basis
    return [_quoted_or_run_on_cut(c).rstrip(";").strip() for c in clauses]


# what a basis quotes ("…: “2. Trong thời hạn 07 ngày …”"), and a sentence run on after a semicolon in lower case
# ("…; trong đó …", "…; vào lúc 07h30' …") that cites nothing
_QUOTES = re.compile(r":\s*[“\"]")
_RUN_ON_CLAUSE = re.compile(r";\s+(?=[a-zà-ỹđ])")


def _quoted_or_run_on_cut(basis: str) -> str:
    if m := _QUOTES.search(basis):
        basis = basis[: m.start()]
    for m in _RUN_ON_CLAUSE.finditer(basis):
        rest = basis[m.end():]
        # "…; khoản 3 Điều 15 …", "…; nghị định số 56/2023/NĐ-CP …" go on citing
        if not (opens_with_reference(rest) or opens_with_reference(rest[:1].upper() + rest[1:])):
            return basis[: m.start()]
    return basis


def _legal_bases_only(blocks: list[Block], h: Header, body: bool = False) -> None:
    """A plan, report, letter or submission has no articles of its own; its "Căn cứ …" preamble still counts. A
    letter may open its body with one such sentence among others ("Kính gửi: …. Căn cứ Công văn số …. Sau khi xem
    xét, …"): that sentence is its legal basis. A letter's or a submission's reasoning cites its bases in its body
    too ("1. Về thẩm quyền / Căn cứ khoản 3 Điều 15 … thì Chủ tịch … có thẩm quyền …"): with `body`, every such
    sentence counts, under the body's sections as well."""
    _preamble_bases(blocks, h)
    if body:
        _body_bases(blocks, h)


def _body_bases(blocks: list[Block], h: Header) -> None:
    """The "Căn cứ" sentences of a letter's or a submission's body that cite an instrument, up to its recipients."""
    for i, b in enumerate(blocks):
        text = _RECIPIENT_BULLET.sub("", b.text.strip()) if b.marker in ("-", "+") else b.text.strip()
        if _is_text(b) and (_RECIPIENTS.match(text) or _RECIPIENTS_LAST.search(text)):
            return  # the body ends at its recipients: what follows is attached
        if not _is_text(b) or i in h.placed:
            continue
        if not text.startswith("Căn cứ"):
            inner = _BASIS_SENTENCE.search(text)
            if inner is None:
                continue
            text = text[inner.start("basis"):]
        found = [c for c in (_main_clause_cut(c).strip().rstrip(".,;").strip()
                             for c in _legal_clauses(_first_sentence(text))) if _cites(c)]
        if found:
            h.legal_bases.extend(found)
            h.placed.add(i)


def _preamble_bases(blocks: list[Block], h: Header) -> None:
    for i, b in enumerate(blocks[:40]):
        text = b.text.strip()
        if re.match(r"^(?:[IVX]+\s*[.:]|\d+\s*\.|PHẦN\b|Phần\s)", text):
            return  # the body's sections have begun: a "Căn cứ" there is not the preamble
        # the Party's preamble bullets its bases ("- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;")
        text = _RECIPIENT_BULLET.sub("", text) if b.marker in ("-", "+") else text
        if not _is_text(b) or b.kind is BlockKind.list_item:
            if h.legal_bases:
                return
            continue
        if not text.startswith("Căn cứ"):
            inner = _BASIS_SENTENCE.search(text)
            if inner is None:
                if h.legal_bases:
                    return
                continue
            text = text[inner.start("basis"):]
        h.legal_bases.extend(c for c in (_main_clause_cut(c).strip().rstrip(".,;").strip()
                                          for c in _legal_clauses(_first_sentence(text))) if c)
        h.placed.add(i)


# a basis in a body's reasoning cites an instrument or its part ("Căn cứ khoản 3 Điều 15 …", "Căn cứ Quyết định số
# …"), not the facts or "the rules above" ("Căn cứ tình hình thực tế …", "Căn cứ các quy định nêu trên")
_BASIS_WORDS = re.compile(r"^Căn cứ\s+")


# "Căn cứ quy định tại khoản 5 Điều 1 Nghị định …", "Căn cứ quy định của Luật Công chứng năm 2024 …": the rules of
# the instrument it names
_RULES_OF = re.compile(r"^(?:các\s+)?quy định\s+(?:tại|của)\s+")


def _cites(basis: str) -> bool:
    return opens_with_reference(_RULES_OF.sub("", _BASIS_WORDS.sub("", basis)))


# "Căn cứ" opening a sentence inside a paragraph: after a sentence's full stop or a label's colon
_BASIS_SENTENCE = re.compile(r"(?:[.:!]\s+)(?P<basis>Căn cứ\s)")
# a full stop that ends a sentence: not the dot of the abbreviation "TP.", an initial, or a section number "1."
_SENTENCE_END = re.compile(r"(?<!\bTP)(?<!\bTp)(?<![\s.][A-ZĐ])(?<!\d)\.\s+(?=[A-ZĐÀ-Ỹ])")


def _first_sentence(text: str) -> str:
    """A "Căn cứ …" sentence without the sentences a paragraph goes on with ("…. Chủ tịch Ủy ban nhân dân tỉnh có
    ý kiến như sau:")."""
    m = _SENTENCE_END.search(text)
    return text[: m.start()] if m else text


@cache
def _main_clause() -> re.Pattern[str]:
    verbs = "|".join(re.escape(v) for v in vocab.words("main_clause_verbs"))
    # ", trên cơ sở …", ", sau khi …", ", theo đó …": the sentence's own reasoning; ", Bộ Nội vụ đề nghị …": its
    # subject and verb, not the subject of a cited document ("…, Chuyển đổi số … về việc triển khai …")
    # a subject may name two bodies with a comma ("Ủy ban nhân dân tỉnh, thành phố chỉ đạo …"); a document "ban hành
    # kèm theo" another is cited, not the sentence's verb; "… và sau khi rà soát …" goes on with the sentence's own
    # reasoning as ", sau khi" does
    return re.compile(
        rf"(?:,\s+(?:(?P<adverb>trên cơ sở|sau khi|theo đó)\s|(?P<subject>[^\W\d_])"
        rf"(?:(?!\bsố\s*\d)(?:[^,;:()]|,(?=\s+[a-zà-ỹđ]))){{0,80}}?"
        rf"(?<![^\W\d_])(?<!về việc )(?<!về )(?:{verbs})(?![^\W\d_])(?!\s+kèm theo))"
        rf"|\s+và\s+(?:trên cơ sở|sau khi)\s)")


_OF_TITLE = re.compile(r"\bcủa\s+(?P<title>(?:\S+\s+){0,2}\S+)$")


def _of_a_title(before: str) -> bool:
    """The words before a comma are "của" and a person's title: "… của Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ"
    names one person by two posts."""
    m = _OF_TITLE.search(before)
    return m is not None and fold(m.group("title").upper()) in _SIGN_FOLDED_SET


def _main_clause_cut(basis: str) -> str:
    """A legal basis ends where the sentence it introduces begins ("Căn cứ hồ sơ …, Chủ tịch Ủy ban nhân dân tỉnh
    có ý kiến như sau"); a body named inside a reference ("…, Thông tư số 12 của Bộ Nội vụ hướng dẫn …") keeps its
    place, as a document's number stands before its verb, and so does the second title of one person ("… của Bộ
    trưởng, Chủ nhiệm Văn phòng Chính phủ hướng dẫn …")."""
    for m in _main_clause().finditer(basis):
        if m.group("subject") and (not m.group("subject").isupper() or _of_a_title(basis[: m.start()])):
            continue
        return basis[: m.start()]
    return basis


def _legal_and_articles(blocks: list[Block], h: Header) -> None:
    current_article: int | None = None
    for i, b in enumerate(blocks):
        if not _is_text(b):
            current_article = None
            continue
        text = b.text.strip()
        if text.startswith("Căn cứ"):
            h.legal_bases.extend(_legal_clauses(text))
            h.placed.add(i)
            current_article = None
        elif re.match(r"^Điều\s+\d+\s*[.:]", text):
            h.articles.append(text)
            h.placed.add(i)
            current_article = len(h.articles) - 1
        elif current_article is not None and b.kind is BlockKind.paragraph and text[:1].islower():
            h.articles[current_article] += " " + text
            h.placed.add(i)
        else:
            current_article = None
        if re.match(r"^(Xét đề nghị|QUYẾT ĐỊNH\s*:?$|Quyết định (này )?có hiệu lực|Phụ lục\s+[\dIVX]+\s*$)", text):
            h.placed.add(i)


_RECIPIENT_BULLET = re.compile(r"^\s*[-+•–]\s*")
_SIGN_TITLES = sorted((row[0] for row in vocab.table("signer_titles")), key=len, reverse=True)
_SIGN_FOLDED = [(title, fold(title)) for title in _SIGN_TITLES]  # longest first, folded once
_SIGN_FOLDED_SET = frozenset(ft for _, ft in _SIGN_FOLDED)
_SIGN_DISPLAY = vocab.mapping("signer_titles")
_SUBMITS = frozenset(row[0] for row in vocab.table("signer_titles") if row[2:3] == ("submits",))
_RANKS = [(rank, fold(rank) + " ") for rank in
          sorted((row[0] for row in vocab.table("person_ranks")), key=len, reverse=True)]


def _rank_of(text: str) -> str | None:
    """The rank or honorific of vocab/person_ranks.tsv a line opens with ("Thiếu tướng", "Đại tá"), longest first;
    compared without marks, as OCR may drop a rank's tone marks ("Thiêu tướng")."""
    f = fold(text.strip())
    return next((rank for rank, folded in _RANKS if f.startswith(folded)), None)


# "TM.", "KT.", "TL.", "Q.", "TUQ." (Nghị định 30/2020) and the Party's "T/M", "K/T", "T/L", "T/UQ" (Hướng dẫn
# 36-HD/VPTW), which need no dot
_AUTHORITY = re.compile(r"^(?:(TM|KT|Q|TL|TUQ|T/M)\s*\.\s*|(T/M|K/T|T/L|T/UQ)\s+)")


def _sign_title(text: str) -> tuple[str | None, str] | None:
    """(authority prefix or None, the function as the table spells it) of a signature line; compared without
    diacritics, as OCR misreads the marks of capitals ("GIÁM ĐÓC")."""
    t = text.strip()
    if not t or len(t) > 60 or t.upper() != t:
        return None
    f = fold(t)
    authority = None
    m = _AUTHORITY.match(f)
    if m:
        authority = (m.group(1) or m.group(2)).replace("/", "")
        f = f[m.end():]
    for title, ft in _SIGN_FOLDED:
        # "KT. BỘ TRƯỞNG, CHỦ NHIỆM": a head of two posts is signed for under the first
        if f == ft or f.startswith((ft + " ", ft + ",")):
            return authority, title
    return (authority, "") if authority else None


def _signature_line(text: str) -> bool:
    return _sign_title(text) is not None


_SURNAMES = frozenset(row[0] for row in vocab.table("surnames"))
_FOLDS = Counter(fold(name) for name in _SURNAMES)
_SURNAME_OF_FOLD = {fold(n): n for n in _SURNAMES if _FOLDS[fold(n)] == 1}  # "LA" is Lã or La: left alone
_DEPUTY = vocab.mapping("deputy_titles")


def _edits(a: str, b: str) -> int:
    """Levenshtein distance (short strings: a signature line)."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def _a_persons_name(text: str) -> bool:
    """A line that is a person's name: two to five capitalised words, the first a family name ("Phạm Minh Chính")."""
    words = text.strip().split()
    return 2 <= len(words) <= 5 and words[0] in _SURNAMES and all(
        w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words)


def _damaged_title(text: str) -> str | None:
    """A title line OCR damaged ('"1Ó CHỦ TỊCH' for 'PHÓ CHỦ TỊCH'): the table's title within two edits of it.
    Only asked of lines inside a signature block, below its first title."""
    t = text.strip()
    if not t or len(t) > 40 or t.upper() != t:
        return None
    f = fold(t)
    for title, ft in _SIGN_FOLDED:
        if len(ft) >= 8 and abs(len(ft) - len(f)) <= 2 and _edits(f, ft) <= 2:
            return title
    return None


def _with_surname_marks(name: str) -> str:
    """'Nguyên Văn Long' (OCR lost a mark of the family name) → 'Nguyễn Văn Long'. A name typed without any mark
    ('Nguyen Van Thang', a text written without diacritics) is left as printed."""
    first, _, rest = name.partition(" ")
    if first in _SURNAMES or name.isascii():
        return name
    known = _SURNAME_OF_FOLD.get(fold(first))
    return f"{known} {rest}" if known else name


def _person(text: str) -> str | None:
    # a scrap of the signature's strokes read after the name ("Nguyễn Đức Vũ ơ"): one or two lower-case letters
    t = re.sub(r"(?:\s+[a-zà-ỹđ]{1,2})+$", "", text.strip())
    if rank := _rank_of(t):
        t = t[len(rank):].strip()
    if _PERSON.match(t):
        return _with_surname_marks(t)
    # scraps of a stamp or of the signature's strokes read before the name ("Vă ø Nguyên Văn Long"): the name
    # from a family name on, after at most three scraps of up to three characters
    words = t.split()
    for k in range(1, min(4, len(words) - 1)):
        if len(words[k - 1]) > 3:
            break
        rest = " ".join(words[k:])
        if fold(words[k]) in _SURNAME_OF_FOLD and _PERSON.match(rest):
            return _with_surname_marks(rest)
    return None


def _bare(text: str) -> bool:
    """A signature line that is the function alone ("PHÓ TRƯỞNG BAN"), not a function of a named body
    ("PHÓ CHỦ TỊCH UBND TỈNH": the signer's other post, printed under the one they sign in)."""
    found = _sign_title(text)
    if found is None or not found[1]:
        return False
    f = _AUTHORITY.sub("", fold(text.strip()))
    return f == fold(found[1])


def _signer_title(lines: list[tuple[str | None, str]], h: Header, block: Block,
                  posts: frozenset[int] = frozenset()) -> tuple[str | None, str | None]:
    """(title, authority) from a signature block's lines, top down: the title nearest the name holds, except that
    a line naming a body after the function (index in `posts`: "PHÓ CHỦ TỊCH UBND TỈNH" under "TM. BAN CHỈ ĐẠO /
    PHÓ TRƯỞNG BAN") is the signer's other post. A deputy signing for the head ("KT. CHỦ TỊCH") whose own line
    was not read is the head's deputy, with a warning."""
    titled = [t for k, (_, t) in enumerate(lines) if t and k not in posts] or [t for _, t in lines if t]
    authority = next((a for a, _ in reversed(lines) if a), None)
    if not titled:
        return None, f"{authority}." if authority else None
    title = titled[-1]
    head_line = lines[-1]
    if authority in ("TL", "TUQ") and head_line[0] == authority:
        # "TL. CHỦ TỊCH" is signed by a subordinate (a Chánh Văn phòng…) whose own line was not read
        return None, f"{authority}."
    # a deputy signs "KT." for the head, never as the head: the head's title read again under the "KT." line is
    # the deputy's line misread ("ƯỞNG PHÒNG" for "PHÓ TRƯỞNG PHÒNG")
    head_title = next((t for a, t in lines if a == "KT"), None)
    if authority == "KT" and (head_line[0] == "KT" or title == head_title) and title in _DEPUTY:
        deputy = _DEPUTY[title]
        h.conflicts.append(("signer_title_inferred",
                            f"'KT. {title}' with no line for the deputy who signs: title taken as '{deputy}'",
                            block))
        title = deputy
    return _SIGN_DISPLAY[title], f"{authority}." if authority else None


# "Nơi nhận:", and as OCR misreads its marks ("Nởơi nhận:", "Noi nhân:")
_RECIPIENTS = re.compile(r"^N[oơởờóòôồốổõ]{1,2}i\s+nh[aăâậạấ]n\s*:?\s*", re.I)
_RECIPIENTS_LAST = re.compile(r"(?:\./\.|[.!])\s*N[oơởờóòôồốổõ]{1,2}i\s+nh[aăâậạấ]n\s*:\s*$", re.I)


def _without_signature_cells(item: str) -> str:
    """A recipient without the signature block's cell that a layout row put after it ("Lưu: VT, NC. | TM. BAN CHỈ
    ĐẠO": the readers join a row's cells with " | ")."""
    cells = item.split(" | ")
    for k in range(1, len(cells)):
        if _sign_title(cells[k]) is not None or _signature_line(cells[k]):
            return " | ".join(cells[:k]).strip().rstrip(";").rstrip(".").strip()
    return item


def _first_document_end(blocks: list[Block]) -> int:
    """Where a second document filed in the same file begins (a motto and a type line after the first "Nơi
    nhận"), else the end: the first document's signer is never looked for in its attachment."""
    labels = [i for i, b in enumerate(blocks) if _is_text(b) and _RECIPIENTS.match(b.text.strip())][:1]
    # the first document's own type line, below its motto: a scan may not read its "Nơi nhận:" ("Voi nhận:"), and
    # the attachment's label is then the first one read
    motto = next((i for i, b in enumerate(blocks) if _is_text(b) and has_motto(b.text)), None)
    typed = [] if motto is None else \
        [next((i for i in range(motto, len(blocks)) if _is_text(blocks[i]) and type_of(blocks[i].text)), None)]
    first = min((i for i in labels + typed if i is not None), default=None)
    if first is None:
        return len(blocks)
    probe = Header()
    _second_document(blocks, probe, first)
    return blocks.index(probe.second_document) if probe.second_document is not None else len(blocks)


def _recipients_and_signer(blocks: list[Block], h: Header) -> set[int]:
    """Fills recipients and signer; returns the indices of the recipient blocks."""
    footer: set[int] = set()
    blocks = blocks[:_first_document_end(blocks)]
    for i, b in enumerate(blocks):
        if not _is_text(b):
            continue
        if _RECIPIENTS.match(b.text.strip()):
            rest = _RECIPIENTS.sub("", b.text.strip())
            if len(rest) > 150 and not _RECIPIENT_BULLET.match(rest):
                continue  # a sentence of the body about a document's recipients, not the label
            h.placed.add(i)
            if rest.strip(" -–"):  # a lone dash after the label is a scrap, not a recipient
                h.recipients.append(_without_signature_cells(rest.strip().rstrip(";").rstrip(".")))
        elif not _RECIPIENTS_LAST.search(b.text.strip()):
            continue  # (a paged reader ran the body's last line and the label at its left into one: "…./. Nơi nhận:")
        j = i + 1
        # the recipients' column: the label's, or its first item's where the label ends the body's last line
        column: Block | None = b if len(b.text) < 80 else None
        # list items, or paragraphs that start with a bullet (readers of paged formats keep the "- "); a reader
        # of a two-column signature block may interleave the signer's lines with them: skip those
        while j < len(blocks):
            nb = blocks[j]
            if nb.kind is BlockKind.list_item or (
                    nb.kind is BlockKind.paragraph and _RECIPIENT_BULLET.match(nb.text)):
                column = column or nb
                item = _RECIPIENT_BULLET.sub("", nb.text.strip()).strip().rstrip(";.,").strip()
                item = _without_signature_cells(item)
                if item:  # a lone dash is a scrap of a scan, not a recipient
                    h.recipients.append(item)
                h.placed.add(j)
                footer.add(j)
            elif _is_text(nb) and (t := nb.text.strip()) and len(t) < 200 and (
                    t.endswith(";") or (len(t) >= 6 and (t[:1].islower() or (t[:1] == "(" and t.endswith(")"))))):
                if (t[:1].islower() or t[:1] == "(") and h.recipients:
                    h.recipients[-1] = f"{h.recipients[-1]} {t.rstrip(';').rstrip('.')}"  # a wrapped line
                else:
                    h.recipients.append(t.rstrip(";").strip())  # an item whose dash OCR lost
                h.placed.add(j)
                footer.add(j)
            elif _is_text(nb) and len(nb.text.strip()) < 6 and not any(c.isdigit() for c in nb.text):
                pass  # a scrap of a stamp or signature read between the lines of a scan
            elif column is not None and _other_column(column, nb):
                pass  # a line of the signature block beside the recipients, read between them
            elif _is_text(nb) and len(nb.text.strip()) < 30 and misread_share(nb.text) >= 0.5:
                pass  # a stamp's words OCR could not read ("2ÌNHNHEUNI DHU")
            elif _is_text(nb) and _a_persons_name(nb.text):
                pass  # the signer's name, which a two-column signature block put among the recipients
            elif not (_is_text(nb) and (_signature_line(nb.text) or _damaged_title(nb.text))):
                break
            j += 1
        break
    unnamed: tuple[int, list[tuple[str | None, str]]] | None = None  # a block whose name nothing could read
    # a slip's submitting box ("LÃNH ĐẠO VĂN PHÒNG") is its signature: the boxes before it are not read
    submits = next((k for k, b in enumerate(blocks) if _is_text(b) and (t := _sign_title(b.text)) is not None
                    and t[1] in _SUBMITS), 0)
    for i, b in enumerate(blocks):
        if i < submits or not _is_text(b) or not (first := _sign_title(b.text)) or not first[1]:
            continue
        if _box_beside(blocks, i, right=True):
            # of two boxes side by side the right one signs (Nghị định 30/2020/NĐ-CP, Phụ lục I: a joint document's
            # lead body signs on the right; a list's head beside its compiler, a meeting's chair beside its secretary)
            continue
        lines = [first]
        posts: set[int] = set()
        for k in range(i - 1, max(-1, i - 4), -1):  # "TM. ỦY BAN NHÂN DÂN" above "CHỦ TỊCH", maybe with
            kb = blocks[k]                            # a recipient line read between them
            if not _is_text(kb) or _other_column(b, kb) or (len(kb.text.strip()) < 30
                                                             and misread_share(kb.text) >= 0.5):
                continue  # the box beside, or a stamp's words OCR could not read
            # a layout table's row may hold the last recipient and the authority line ("- Lưu: VT | TM. BAN …")
            last = re.split(r"\n| \| ", kb.text.strip())[-1]  # the readers join a layout row's cells with " | "
            if _RECIPIENT_BULLET.match(last):
                continue
            # an authority line, alone ("TM. ỦY BAN NHÂN DÂN") or with the head it signs for ("KT. CHỦ TỊCH" at the
            # end of a layout row, over "PHÓ CHỦ TỊCH")
            if (prev := _sign_title(last)) and (not prev[1] or prev[0]):
                lines.insert(0, prev)
                h.placed.add(k)
            break
        # a scan interleaves recipients, stamp scraps and the signer's lines: look a little further there
        scraps, filled = 0, False
        for j in range(i + 1, min(i + 16, len(blocks))):
            nb = blocks[j]
            if not _is_text(nb) or _RECIPIENT_BULLET.match(nb.text):
                continue
            scraps += len(nb.text.strip()) < 6
            if _other_column(b, nb) and len(nb.text.strip()) <= 60:
                continue  # the box beside this one: its title and name are not this signer's
            if (line := _sign_title(nb.text)) is not None:
                lines.append(line)  # "KT. CHỦ TỊCH" then "PHÓ CHỦ TỊCH": the one nearest the name holds
                if line[1] and not _bare(nb.text) and any(t for _, t in lines[:-1]):
                    posts.add(len(lines) - 1)
                h.placed.add(j)
                continue
            if (damaged := _damaged_title(nb.text)) is not None:
                lines.append((None, damaged))
                h.placed.add(j)
                scraps += 1  # a title OCR damaged: the block is a scan's, its name may be under the stamp
                continue
            if _FILL.match(nb.text):
                filled = True  # a slip's box left to fill in ("…………", "Ngày … tháng 8 năm 2025") above the name
                continue
            name = _person(nb.text)
            if not name and filled:
                break  # past a box left to fill in, another box's label ("Lãnh đạo phòng"): this box has no name
            if name:
                h.signer_name = name
                h.signer_title, h.signer_authority = _signer_title(lines, h, b, frozenset(posts))
                h.placed.update({i, j})
                h.spans["signer"] = nb
                return footer
            if len(nb.text.strip()) > 60:
                break  # body text: this was not a signature block
        if unnamed is None and scraps and ((footer and min(footer) - 3 <= i) or _box_beside(blocks, i)):
            # beside or below the recipients, or beside another box, with scraps of a stamp or signature OCR read
            # where the name is: the signature block, its name unread (a typed block with no name, a draft's, gives
            # no signer)
            unnamed = (i, lines)
    if unnamed is None and (_signer_in_cells(blocks, h) or _labelled_signer(blocks, h)
                            or _name_below_recipients(blocks, h, footer)):
        return footer
    if unnamed is not None:
        i, lines = unnamed
        h.signer_title, h.signer_authority = _signer_title(lines, h, blocks[i])
        h.placed.add(i)
        h.spans["signer"] = blocks[i]
        h.conflicts.append(("unreadable_signer", f"the signature block '{blocks[i].text.strip()[:40]}' has no "
                                                 "name OCR can read (a stamp or signature over it): name left null",
                            blocks[i]))
    return footer


def _other_column(a: Block, b: Block) -> bool:
    """`a` and `b` are lines of two boxes side by side: their middles are a fifth of the page or more apart
    (only where the reader knows them: paged formats)."""
    return a.centre is not None and b.centre is not None and a.page == b.page and abs(a.centre - b.centre) >= 0.2


def _box_beside(blocks: list[Block], i: int, right: bool = False) -> bool:
    """The signature title `blocks[i]` has another box's title beside it on the same row (on its right only, with
    `right`)."""
    b = blocks[i]
    for k in (i - 1, i + 1):
        if 0 <= k < len(blocks) and _is_text(blocks[k]) and (t := _sign_title(blocks[k].text)) and t[1] \
                and _other_column(b, blocks[k]) and (not right or blocks[k].centre > b.centre):  # type: ignore[operator]
            return True
    return False


def _name_below_recipients(blocks: list[Block], h: Header, footer: set[int]) -> bool:
    """A scan whose signature title a stamp covers: below or beside the recipients, the signer's name alone on its
    line, with a rank ("Thiếu tướng Trương Minh Đương") or in the right half of the page, where a signature block
    sits (the recipients hold the left); with no recipients read, a ranked name among the last lines. Of two names on
    one row the right one signs (`_box_beside`). The title is left empty: nothing read gives it."""
    # no recipients read: a ranked name among the document's last lines
    start, end = (min(footer), min(len(blocks), max(footer) + 8)) if footer else (max(0, len(blocks) - 6),
                                                                                  len(blocks))
    for j in range(start, end):
        b = blocks[j]
        if j in footer or not _is_text(b) or len(b.text.strip()) > 60 or not (name := _person(b.text)):
            continue
        if not (_rank_of(b.text) or (footer and b.centre is not None and b.centre >= 0.5)):
            continue
        if j + 1 < end and _is_text(nb := blocks[j + 1]) and _other_column(b, nb) \
                and nb.centre > b.centre and (beside := _person(nb.text)):  # type: ignore[operator]
            name, b = beside, nb
        h.signer_name = name
        h.spans["signer"] = b
        h.placed.add(blocks.index(b))
        return True
    return False


# a line left to fill in by hand: dots, or a date whose day is dots or blank ("Ngày ….. tháng 8 năm 2025")
_FILL = re.compile(r"^\s*(?:[.…_\s]+|Ngày[\s.…_\d]*tháng[\s.…_\d]*năm[\s.…_\d]*)$", re.I)


_LABELLED = re.compile(r"^(?P<title>[^\W\d_][^:]{2,40}?)\s*:\s*(?P<name>[^:]{5,60})$")


def _labelled_signer(blocks: list[Block], h: Header) -> bool:
    """A staff paper signed on one line at its end ("Chuyên viên: Trương Hải Châu"): a function of the table, a
    colon, a name. Only the last lines are read (a body's "Chủ tịch Hội: Ông …" is a fact, not a signature)."""
    for b in reversed(blocks[-4:]):
        if not _is_text(b) or not (m := _LABELLED.match(b.text.strip())):
            continue
        found = _sign_title(m.group("title").upper())
        if found and found[1] and not found[0] and (name := _person(m.group("name"))):
            h.signer_name, h.signer_title = name, _SIGN_DISPLAY[found[1]]
            h.spans["signer"] = b
            return True
    return False


def _signer_in_cells(blocks: list[Block], h: Header) -> bool:
    """A signature laid out in a table's cell (a Phiếu trình's boxes: "LÃNH ĐẠO VĂN PHÒNG / ………… / Ngày … /
    Nguyễn Văn A"): a cell whose first line is a function and whose lines below it, past what is left to fill
    in, end with a name."""
    for b in blocks:
        if b.kind is not BlockKind.table:
            continue
        for row in b.rows:
            for cell in row.cells:
                lines = [t.strip() for t in cell.text.split("\n") if t.strip()]
                if len(lines) < 2 or not (found := _sign_title(lines[0])) or not found[1]:
                    continue
                rest = [t for t in lines[1:] if not _FILL.match(t)]
                name = _person(rest[-1]) if len(rest) == 1 else None
                if name:
                    h.signer_name = name
                    h.signer_title, h.signer_authority = _SIGN_DISPLAY[found[1]], (
                        f"{found[0]}." if found[0] else None)
                    h.spans["signer"] = b
                    return True
    return False


def _second_document(blocks: list[Block], h: Header, after: int) -> None:
    """A national motto followed by a type line after the first document's signature: a second document (an
    attachment, or a plan filed with its submission) begins there."""
    for i in range(after + 1, len(blocks)):
        if not _is_text(blocks[i]) or not has_motto(blocks[i].text):
            continue
        for j in range(max(after + 1, i - 4), min(len(blocks), i + 10)):  # a scan splits the motto in pieces
            if _is_text(blocks[j]) and type_of(blocks[j].text) is not None:
                h.second_document = blocks[min(i, j)]
                h.second_document_type = blocks[j].text.strip()
                return


_CAPITAL_WORD = re.compile(r"(?<![^\W\d_])[A-Z]{3,}(?![^\W\d_])")


def _from_letterhead(blocks: list[Block], lh: Letterhead, h: Header) -> None:
    """Issuer name, level, locality and province from the issuer block (see extract/letterhead.py)."""
    h.issuer_name = body_name(lh.issuer_lines, vocab.mapping("abbreviations"))
    level, place, _, _ = level_and_place(lh.issuer_lines)
    if level is None:
        level, place, _, _ = level_and_place(lh.parent_lines)
    h.level, h.locality = level, place
    if level == "tinh":
        h.province = place
    h.placed |= lh.issuer_blocks
    h.spans["issuer"] = blocks[min(lh.issuer_blocks)]
    h.issuer_name = _acronyms_spelt_out(h.issuer_name, blocks)
    printed = " ".join(lh.issuer_lines).upper().split()
    head = body_head(" ".join(lh.issuer_lines))
    read = printed[: len(head[0].split())] if head else []
    # the head read with other marks than its own (not an abbreviation of it: "UBND", "BCH")
    if h.issuer_name and head and read != head[0].upper().split() and fold(" ".join(read)) == fold(head[0]) \
            and (unsure := [w for w in _CAPITAL_WORD.findall(h.issuer_name) if re.search(r"[AEIOUY]", w)]):
        # OCR misread the head ("HỌI GOLE"): a word in capitals beside it that the document spells out nowhere is
        # a misread word as likely as an acronym ("GOLF")
        h.conflicts.append(("unreadable_issuer", f"the issuer reads '{' '.join(printed)}', its head misread and "
                                                 f"{unsure[0]} no word the document spells out: left empty",
                            h.spans["issuer"]))
        h.issuer_name = None


_ACRONYM = re.compile(r"(?<=\s)(?P<short>[A-ZĐ]{2,6})(?=\s|$)")


def _acronyms_spelt_out(name: str | None, blocks: list[Block]) -> str | None:
    """An issuer's acronym the document itself spells out after the same word: "Hội CCA tỉnh Lâm Đồng", whose
    body writes "Hội Cựu Công an tỉnh Bình Thuận", is the "Hội Cựu Công an tỉnh Lâm Đồng". The words' initials,
    marks aside, are the acronym's letters; the spelling the text gives most often wins. An acronym no page spells
    out stays as printed ("Phòng NCKSTTHC")."""
    if not name or not (m := _ACRONYM.search(name)):
        return name
    before = name[: m.start()].split()
    if not before:
        return name
    short = m.group("short")
    words = r"\s+".join([r"([^\W\d_]+)"] * len(short))
    pattern = re.compile(rf"(?<![^\W\d_]){re.escape(before[-1])}\s+{words}(?![^\W\d_])", re.I)
    found: Counter[str] = Counter()
    for b in blocks:
        if not _is_text(b):
            continue
        for hit in pattern.finditer(b.text):
            spelt = hit.groups()
            if "".join(fold(w[0]) for w in spelt) == fold(short) and spelt[0][:1].isupper():
                found[" ".join(spelt)] += 1
    if not found:
        return name
    return name[: m.start()] + found.most_common(1)[0][0] + name[m.end():]


def _names_itself_mtcl(blocks: list[Block]) -> bool:
    """A quality-objectives document: the only kind whose body may be read for how it names its issuer."""
    return any(_is_text(b) and ("mục tiêu chất lượng" in b.text.lower() or "9001" in b.text) for b in blocks[:40])


_READ_BY_OCR = (("issuer_name", "issuer", "unreadable_issuer"), ("title", "title", "unreadable_title"),
                ("signer_name", "signer", "unreadable_signer"))


def spell_title_as_the_text(h: Header, blocks: list[Block]) -> None:
    """A scan's title with each word spelt as the rest of the document spells it between the same neighbours
    ("Đội tên …" in the title, "đổi tên" twice in the body: extract/text_votes.py)."""
    if not h.title:
        return
    own = set(h.title_blocks)
    rest = "\n".join(b.text for i, b in enumerate(blocks) if i not in own and _is_text(b))
    h.title = spell_as_the_text(h.title, rest)


def drop_misread(h: Header, judged: bool = True) -> None:
    """Header values that hold words no Vietnamese text has (`extract/lexicon.py`) are left null with an
    `unreadable_*` warning quoting the reading: a scan's "Liên đoàn Võ thuật cỏ truyèn", "V/v … g1ao nhiệm vụ", a
    text layer whose fonts lost letters ("Hiệp hội" read "iệp hội"). An analyst sees what was read, and no misspelt
    name stands as a value. An issuer's name is first read against the names of public bodies
    (`extract/bodies.py: repair_misread_name`: "Ban Thưởng trục" → "Ban Thường trực"). `judged` false (a typed
    text, not damaged): nothing is dropped, as a clerk's typo is what the document prints."""
    if h.issuer_name:
        h.issuer_name = repair_misread_name(h.issuer_name)
    if not judged:
        return
    for attr in ("title", "issuer_name"):
        if value := getattr(h, attr):
            setattr(h, attr, province_level_word(value))
    _read_place(h)
    for attr, span, code in _READ_BY_OCR:
        value = getattr(h, attr)
        bad = misread_words(value) if value else []
        if attr == "issuer_name" and value and not bad:
            bad = unknown_marked_words(_body_part(value))
        if attr == "title" and value and not bad and _scraps(value):
            bad = [value]
        if attr == "signer_name" and value and not bad:
            block = h.spans.get("signer")
            bad = _unlikely_name_words(value) or [w for w in value.split() if block and w in block.unsure]
        if bad:
            setattr(h, attr, None)
            # the block stays the signer's when its title was read (as for a name under a stamp)
            block = h.spans.get(span) if span == "signer" and h.signer_title else h.spans.pop(span, None)
            h.conflicts.append((code, f"the {span} reads '{value[:120]}', with words no Vietnamese text has "
                                      f"({', '.join(bad[:3])}): left empty", block))


def _unlikely_name_words(name: str) -> list[str]:
    """The words of a scan's reading of a person's name that make it no likely name: a first word that is no family
    name of the table (`vocab/surnames.tsv`), a given name that is no syllable of the word list ("Nguyễn Đuy Ninh",
    "Huỳnh Yăn Bảy": a seal's stroke through a letter). A name the tables do not know (a minority's "H’Vi ÊBan")
    is left empty too: a scan's name is kept only where it reads as one, and where OCR is sure of its words
    (`drop_misread`)."""
    words = name.split()
    known = known_syllables()
    if not known:
        return []
    bad = [] if words[0] in _SURNAMES else [words[0]]
    return bad + [w for w in words[1:] if canon(w.lower()) not in known]


def _scraps(text: str) -> bool:
    """A reading with fewer than two words of two letters or more ("‹ :^ le)"): marks on the page, not a value."""
    return len([w for w in re.findall(r"[^\W\d_]+", text) if len(w) >= 2]) < 2


def _body_part(name: str) -> str:
    """An issuer's name before its level word ("Hội Golf" of "Hội Golf tỉnh Lâm Đồng"): the words of a body, which
    are words of the language, where the place after the level word may be a name no word list has."""
    _, _, at, _ = level_and_place([name])
    return " ".join(name.split()[:at]) if at is not None else name


def _read_place(h: Header) -> None:
    """A scan's place name with words no Vietnamese text has ("Lạám Đông") is the province it is one letter off,
    where exactly one is; else it is left empty with an `unreadable_place` warning."""
    spellings = {p.lower() for p in province_spellings()}
    read_locality = h.locality
    for attr in ("locality", "province"):
        value = getattr(h, attr)
        if not value:
            continue
        if attr == "province" or h.level == "tinh":
            if value.lower() in spellings:
                continue
            if near := nearest_province(value):
                setattr(h, attr, near)
                if h.issuer_name and h.issuer_name.endswith(" " + value):
                    # the issuer's name holds the same reading: "Công an tỉnh Lạám Đông" names Lâm Đồng's
                    h.issuer_name = h.issuer_name[: -len(value)] + near
                continue
            # a reading that names no province, its words real ones ("Lâm Để" for "Lâm Đồng"): no value, and the
            # issuer's name that holds it is none either
            setattr(h, attr, None)
            if attr == "locality" or value != read_locality:  # one warning for a reading that was both
                h.conflicts.append(("unreadable_place", f"the place reads '{value}', which names no province: "
                                                        "left empty", h.spans.get("issuer")))
            if h.issuer_name and h.issuer_name.endswith(value):
                h.conflicts.append(("unreadable_issuer", f"the issuer reads '{h.issuer_name}', whose province "
                                                         "cannot be read: left empty", h.spans.get("issuer")))
                h.issuer_name = None
            continue
        if misread_words(value):
            setattr(h, attr, None)
            h.conflicts.append(("unreadable_place", f"the place reads '{value}', with words no Vietnamese text has: "
                                                    "left empty", h.spans.get("issuer")))


_SYMBOL_AFTER_SCRAP = re.compile(r"^\s*Số\s*:?\s*\S{1,6}\s*(?P<sym>[/-]\s*[A-ZĐ][\wĐ&]*\s*[-/]\s*[A-ZĐ&][\wĐ&]*)")
_SYMBOL = re.compile(r"^\s*\d*\s*(?:/\s*\d{4})?\s*[/-]\s*[A-ZĐ][\wĐ()./-]*")
_ADDRESSED = re.compile(r"^\s*K[íi]nh\s+g[ửưu]i\b", re.I)


def _near_codes(code: str) -> list[str]:
    """The type codes of three letters or more that `code` is one letter off ("BCĐĐX" for "BCĐX"); two-letter codes
    only as printed ("BCA", Bộ Công an, is no "BC")."""
    return [c for c in vocab.mapping("type_codes") if len(c) >= 3 and _edits(code, c) == 1]


def type_from_symbol(h: Header, blocks: list[Block]) -> str | None:
    """The type a document's symbol names (`vocab/type_codes.tsv`: "12/KH-UBND" → plan, the Party's "36-HD/VPTW" →
    other), for a document whose type line was not read; a symbol that starts with the issuer's code ("855/CAT-PA05",
    "/UBND-NC") is a letter's when the document is addressed ("Kính gửi: …")."""
    if not h.symbol:
        return None
    s = re.sub(r"^\s*\d*\s*(?:/\s*\d{4})?\s*", "", h.symbol)
    party = s.startswith("-")
    code = re.split(r"[-/.(\s]", s.lstrip("/-").strip(), maxsplit=1)[0]
    codes = vocab.mapping("type_codes")
    if code in codes:
        return codes[code]
    near = {codes[c] for c in _near_codes(code)}
    if len(near) == 1:
        return near.pop()
    if near:
        return None
    if not party and any(_is_text(b) and _ADDRESSED.match(b.text) for b in blocks[:40]):
        return "letter"
    return None


def _figures(text: str) -> set[str]:
    return set(re.findall(r"\d+", text))


def repair_symbol(h: Header) -> None:
    """A scan's number whose type code OCR misread by one letter ("03/BCĐĐX-CAT(PC04)") takes the code's spelling
    (`vocab/type_codes.tsv`, codes of three letters or more)."""
    if not h.decision_number or not (m := re.match(r"^(\d+/(?:\d{4}/)?)([^\W\d_]+)(?=[-/(]|$)", h.decision_number)):
        return
    code = m.group(2)
    near = _near_codes(code)
    if len(near) == 1 and code not in vocab.mapping("type_codes"):
        h.decision_number = m.group(1) + near[0] + h.decision_number[m.end():]


def drop_unsure(h: Header) -> None:
    """A scan's number or date whose figures OCR read with low confidence (a handwritten "289" read "233", its block's
    `unsure` words) is left null with an `unreadable_*` warning quoting the reading: never a guess."""
    if h.decision_number and (b := h.spans.get("decision_number")) is not None:
        figure = h.decision_number.split("/")[0]
        if any(_figures(word) & _figures(figure) for word in b.unsure):
            h.conflicts.append(("unreadable_number", f"OCR is unsure of the number '{h.decision_number}' "
                                "(handwritten or stamped?): decision_number left empty", b))
            h.decision_number = None
            h.spans.pop("decision_number")
    if h.issued_on and (b := h.spans.get("issued_on")) is not None:
        _, month, day = h.issued_on
        if any(_figures(word) & {str(day), f"{day:02d}", str(month), f"{month:02d}"} for word in b.unsure):
            h.conflicts.append(("unreadable_date", "OCR is unsure of the day or month of the date "
                                f"{day:02d}/{month:02d}/{h.issued_on[0]} (handwritten?): issued_on left empty", b))
            h.issued_on = None
            h.spans.pop("issued_on")


def read_header(blocks: list[Block], objectives_start: int) -> Header:
    h = Header()
    lh = read_letterhead(blocks, objectives_start)
    h.doc_type = lh.doc_type
    if lh.type_block is not None:
        h.spans["doc_type"] = blocks[lh.type_block]
    if lh.issuer_lines:
        _from_letterhead(blocks, lh, h)
    else:
        _header_issuer(blocks, h)
    for i, b in enumerate(blocks):
        if _is_text(b) and (
            (i < objectives_start and (_NATIONAL.search(b.text) or (i < 25 and has_motto(b.text))))
            or re.fullmatch(r"Phụ lục\s+[\dIVX]+", b.text.strip())
        ):
            h.placed.add(i)
    _number_and_date(blocks, h, objectives_start)
    _title(blocks, h, objectives_start, lh)
    footer = _recipients_and_signer(blocks, h)
    end_of_first = max(footer | {i for i in h.placed if i >= objectives_start} | {0})
    if "signer" in h.spans:
        end_of_first = max(end_of_first, blocks.index(h.spans["signer"]))
    _second_document(blocks, h, end_of_first if end_of_first > 0 else len(blocks))
    first_doc = blocks if h.second_document is None else blocks[: blocks.index(h.second_document)]
    if lh.type_word in (None, "QUYẾT ĐỊNH"):
        _legal_and_articles(first_doc[:objectives_start], h)
    else:
        _legal_bases_only(first_doc[:objectives_start], h, body=h.doc_type in ("letter", "submission"))
    h.mtcl = _names_itself_mtcl(blocks)
    if not lh.issuer_lines and h.mtcl:
        # who the decision is sent to and what it is based on say nothing of who issues it
        body = [b for i, b in enumerate(blocks) if i not in footer and not b.text.startswith("Căn cứ")]
        _issuer_from_text(body, h)
    if h.province is None and h.level not in (None, "tinh"):
        _province([b for b in blocks if _is_text(b)], h)
    if h.doc_type is None:
        h.doc_type = type_from_symbol(h, blocks)
    if h.level and not lh.issuer_lines:
        word = _level_word(h.level)
        h.issuer_name = f"Ủy ban nhân dân {word}" + (f" {h.locality}" if h.locality else "")
    return h
