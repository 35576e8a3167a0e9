"""The decision's header and footer: issuer, number, date, title, legal bases, articles, recipients, signer.

Only what the text says is returned; a blank number ("Số: /QĐ-UBND") or date gives None, never a guess.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from extract import vocab
from extract.document import Block, BlockKind

_LEVELS = vocab.mapping("admin_levels")
_LEVEL_WORDS = sorted(_LEVELS, key=len, reverse=True)
_LEVEL_RE = "(?i:" + "|".join(re.escape(w) for w in _LEVEL_WORDS) + ")"
_CANONICAL_LEVEL: dict[str, str] = {}
for _word, _code in _LEVELS.items():
    _CANONICAL_LEVEL.setdefault(_code, _word)
_COMMITTEE = r"(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN)"
_NAME = r"[A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){0,3}"
_NUMBER = r"\d+\s*(?:/\s*\d{4})?\s*/\s*[A-ZĐ][\wĐ]*(?:\s*-\s*[\wĐ]+)*"
_DATE_LINE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.I)
_ATTACHED = re.compile(
    rf"kèm theo\s+Quyết định\s+số\s*:?\s*(?P<num>{_NUMBER})(?:\s+ngày\s+(?P<d>\d{{1,2}})\s*/\s*(?P<m>\d{{1,2}})"
    rf"\s*/\s*(?P<y>\d{{4}}))?",
    re.I,
)
_SO = re.compile(rf"^\s*Số\s*:\s*(?P<num>{_NUMBER})?", re.I)
_SIGN_AUTHORITY = re.compile(r"^(TM|KT|Q)\s*\.\s*(.*)$")
_SIGN_TITLE = re.compile(r"^(?:(TM|KT|Q)\s*\.\s*)?((?:PHÓ\s+)?CHỦ\s+TỊCH|GIÁM ĐỐC|PHÓ GIÁM ĐỐC|TRƯỞNG BAN)$")
_PERSON = re.compile(r"^[A-ZĐÀ-Ỹ][a-zà-ỹđ]+(?:\s+[A-ZĐÀ-Ỹ][a-zà-ỹđ]+){1,4}$")
_NATIONAL = re.compile(r"CỘNG\s+HO[ÀA]\s+XÃ\s+HỘI|Độc lập\s*-\s*Tự do", re.I)
_PROVINCE_CITIES = tuple(row[0] for row in vocab.table("central_cities"))


@dataclass
class Header:
    issuer_name: str | None = None
    level: str | None = None
    locality: str | None = None
    province: str | None = None
    decision_number: str | None = None
    issued_on: tuple[int, int, int] | None = None
    title: str | None = None
    signer_name: str | None = None
    signer_title: str | None = None
    signer_authority: str | None = None
    legal_bases: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    placed: set[int] = field(default_factory=set)
    conflicts: list[tuple[str, str, Block | None]] = field(default_factory=list)


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
        for m in re.finditer(rf"(?i:{_COMMITTEE})[ ]+({_LEVEL_RE})(?![\wÀ-ỹ])", text):
            levels[_level_code(m.group(1))] += 1
        for m in re.finditer(rf"(?<![\wÀ-ỹ])({_LEVEL_RE})[ ]+(?=\S)", text):
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
        m = re.search(rf"(?<![\wÀ-ỹ])tỉnh\s+({_NAME})", b.text)
        if m and h.level != "tinh":
            h.province = m.group(1)
            return
        if h.level in lower_levels:
            for city in _PROVINCE_CITIES:
                if re.search(rf"thành phố\s+{re.escape(city)}(?![\wÀ-ỹ])", b.text, re.I):
                    h.province = city
                    return


def _number_and_date(blocks: list[Block], h: Header, stop: int) -> None:
    for i, b in enumerate(blocks[:stop]):
        if not _is_text(b):
            continue
        m = _SO.match(b.text)
        if m:
            h.placed.add(i)
            if m.group("num"):
                h.decision_number = re.sub(r"\s+", "", m.group("num"))
        if h.issued_on is None and (d := _DATE_LINE.search(b.text)) and re.match(
            r"^[\wÀ-ỹ .]{2,40},\s*ngày", b.text.strip()
        ):
            h.issued_on = (int(d.group(3)), int(d.group(2)), int(d.group(1)))
            h.placed.add(i)
    for i, b in enumerate(blocks):
        if not _is_text(b):
            continue
        m = _ATTACHED.search(b.text)
        if m:
            h.placed.add(i)
            if h.decision_number is None:
                h.decision_number = re.sub(r"\s+", "", m.group("num"))
            if h.issued_on is None and m.group("y"):
                h.issued_on = (int(m.group("y")), int(m.group("m")), int(m.group("d")))


def _title(blocks: list[Block], h: Header, stop: int) -> None:
    for i, b in enumerate(blocks[:stop]):
        if not _is_text(b):
            continue
        if b.text.strip().rstrip(":").upper() == "QUYẾT ĐỊNH" and i + 1 < len(blocks):
            nxt = blocks[i + 1]
            if _is_text(nxt) and nxt.text.lower().startswith("về việc"):
                h.title = nxt.text.strip()
                h.placed.update({i, i + 1})
                return
    for i, b in enumerate(blocks[: stop + 1]):
        if _is_text(b) and is_mtcl_title(b.text):
            h.title = b.text.strip()
            h.placed.add(i)
            return


def is_mtcl_title(text: str) -> bool:
    t = text.strip()
    low = t.lower()
    return (
        "mục tiêu" in low
        and len(t) < 160
        and not low.startswith(("căn cứ", "điều", "(", "kế hoạch", "thực hiện"))
        and (t.upper() == t or low.startswith("mục tiêu"))
    )


def _legal_and_articles(blocks: list[Block], h: Header) -> None:
    current_article: int | None = None
    for i, b in enumerate(blocks):
        if not _is_text(b):
            current_article = None
            continue
        text = b.text.strip()
        if text.startswith("Căn cứ"):
            for clause in re.split(r";\s*(?=Căn cứ)", text):
                h.legal_bases.append(clause.strip().rstrip(";").strip())
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


def _recipients_and_signer(blocks: list[Block], h: Header) -> set[int]:
    """Fills recipients and signer; returns the indices of the recipient blocks."""
    footer: set[int] = set()
    for i, b in enumerate(blocks):
        if not _is_text(b) or not re.match(r"^Nơi nhận\s*:?", b.text.strip(), re.I):
            continue
        h.placed.add(i)
        rest = re.sub(r"^Nơi nhận\s*:?\s*", "", b.text.strip(), flags=re.I)
        if rest:
            h.recipients.append(rest.strip().rstrip(";").rstrip("."))
        j = i + 1
        # list items, or paragraphs that start with a bullet (readers of paged formats keep the "- ")
        while j < len(blocks) and (blocks[j].kind is BlockKind.list_item or (
                blocks[j].kind is BlockKind.paragraph and _RECIPIENT_BULLET.match(blocks[j].text))):
            item = _RECIPIENT_BULLET.sub("", blocks[j].text.strip())
            h.recipients.append(item.strip().rstrip(";").rstrip(".").strip())
            h.placed.add(j)
            footer.add(j)
            j += 1
        break
    for i, b in enumerate(blocks):
        if not _is_text(b):
            continue
        text = b.text.strip()
        m = _SIGN_TITLE.match(text.upper()) if len(text) < 40 else None
        if not m:
            continue
        authority = m.group(1)
        if authority is None and i > 0 and _is_text(blocks[i - 1]):
            prev = _SIGN_AUTHORITY.match(blocks[i - 1].text.strip())
            if prev:
                authority = prev.group(1)
                h.placed.add(i - 1)
        for j in range(i + 1, min(i + 4, len(blocks))):
            if _is_text(blocks[j]) and _PERSON.match(blocks[j].text.strip()):
                h.signer_name = blocks[j].text.strip()
                h.signer_title = m.group(2).capitalize()
                h.signer_authority = f"{authority}." if authority else None
                h.placed.update({i, j})
                return footer
    return footer


def read_header(blocks: list[Block], objectives_start: int) -> Header:
    h = Header()
    _header_issuer(blocks, h)
    for i, b in enumerate(blocks):
        if _is_text(b) and (
            (i < objectives_start and _NATIONAL.search(b.text)) or re.fullmatch(r"Phụ lục\s+[\dIVX]+", b.text.strip())
        ):
            h.placed.add(i)
    _number_and_date(blocks, h, objectives_start)
    _title(blocks, h, objectives_start)
    _legal_and_articles(blocks[:objectives_start], h)
    footer = _recipients_and_signer(blocks, h)
    # who the decision is sent to and what it is based on say nothing of who issues it
    body = [b for i, b in enumerate(blocks) if i not in footer and not b.text.startswith("Căn cứ")]
    _issuer_from_text(body, h)
    _province([b for b in blocks if _is_text(b)], h)
    if h.level:
        word = _level_word(h.level)
        h.issuer_name = f"Ủy ban nhân dân {word}" + (f" {h.locality}" if h.locality else "")
    return h
