"""Responsible units: split a responsibility cell into bodies and give each its canonical name.

The rules follow the contract: split on ";", line breaks and "," between bodies, and where a capitalised head
word starts a new body in mid-text; keep a comma inside one name ("UBND các phường, xã", "Các phòng, ban,
đơn vị …"); split "và" only between two whole bodies. An official name from `vocab/public_bodies.tsv` ("Sở
Văn hóa, Thể thao và Du lịch") and a reference to a document ("Quyết định số 512/QĐ-UBND") are read as one
piece: never cut, and no abbreviation expanded inside a document number. The words are vocabulary
(`vocab/unit_heads.tsv`, `vocab/unit_connectors.tsv`, `vocab/abbreviations.tsv`), not code.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache

from extract import bodies, vocab
from extract.memo import memo
from extract.references import find_references

_BULLET = re.compile(r"^\s*[-+•*]\s*")
_TRAILING = re.compile(r"[\s.;,:/]+$")
_DASH = re.compile(r"\s*[-–—]\s*")
_LEAD_SUPPORT = re.compile(
    r"^(?P<lead>.+?)\s*,?\s+chủ trì\s*,?\s*(?:và\s+)?phối hợp(?:\s+với)?\s+(?P<support>.+)$", re.I | re.S
)
_ROLE_TAIL = re.compile(
    r"^(?P<body>.+?)[\s,]*\(?\s*(?P<role>chủ trì|phối hợp)(?:\s+thực hiện)?\s*\)?[\s.,]*$", re.I | re.S
)
_LABELLED = re.compile(r"chủ trì\s*:\s*(?P<lead>.+?)\s*[;\n.]\s*phối hợp\s*:\s*(?P<support>.+)$", re.I | re.S)


@dataclass(frozen=True)
class ParsedUnit:
    raw: str
    name: str


@cache
def _kinds() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {"head": set(), "bare": set(), "admin": set(), "organ": set()}
    for word, kind in vocab.table("unit_heads"):
        out[kind].add(word)
    return out


@cache
def _head_pattern() -> re.Pattern[str]:
    heads = sorted(_kinds()["head"], key=len, reverse=True)
    return re.compile(r"(?<![\w&])(?:" + "|".join(re.escape(h) for h in heads) + r")(?![\w&])")


@cache
def _connectors() -> frozenset[str]:
    return frozenset(row[0] for row in vocab.table("unit_connectors"))


@cache
def _abbreviations() -> re.Pattern[str]:
    keys = sorted(vocab.mapping("abbreviations"), key=len, reverse=True)
    return re.compile(r"(?<![\w&])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![\w&])")


def _words(text: str) -> list[str]:
    return re.findall(r"[\w&]+", text.lower())


def _is_bare(segment: str) -> bool:
    """Only a plural generic noun ("Các phòng", "Cán bộ", "Các phòng, ban"): a comma list goes on."""
    low = segment.strip().lower()
    # "Lãnh đạo các phòng": what matters is the plural after the last "các"
    rest = re.split(r"(?:^|\s)(?:các|những|toàn thể)\s+", low)[-1]
    bare = sorted((w.lower() for w in _kinds()["bare"]), key=len, reverse=True)
    rest = re.sub(r"[,/]", " ", rest)
    while rest.strip():
        rest = rest.strip()
        for w in bare:
            if rest == w or rest.startswith(w + " "):
                rest = rest[len(w) :]
                break
        else:
            return False
    return True


@cache
def _admin_pattern() -> re.Pattern[str]:
    admin = sorted((w.lower() for w in _kinds()["admin"]), key=len, reverse=True)
    return re.compile(r"(?<![\w&])(?:" + "|".join(re.escape(a) for a in admin) + r")(?![\w&])")


def _is_admin_list(segment: str) -> bool:
    """Only level words ("xã", "thị trấn", "các phường và xã"): the rest of an "UBND các …" list."""
    low = segment.strip().lower()
    rest = _admin_pattern().sub(" ", low)
    return rest != low and all(w in {"các", "và"} for w in _words(rest))


def _ends_with_admin(segment: str) -> bool:
    low = segment.strip().lower()
    return any(m.end() == len(low) for m in _admin_pattern().finditer(low))


def _is_plural(segment: str) -> bool:
    """A plural body ("các đoàn thể", "Các phòng chuyên môn", "toàn thể cán bộ")."""
    return re.match(r"(?:các|những|toàn thể)\s", segment.strip().lower()) is not None


def _starts_bare(part: str) -> bool:
    """A lower-case generic noun opens the part ("đơn vị sự nghiệp …"), not a named body."""
    low = part.strip()
    if not low[:1].islower():
        return False
    return any(re.match(re.escape(w) + r"(?![\w&])", low) for w in (b.lower() for b in _kinds()["bare"]))


def _continues(part: str) -> bool:
    """A lower-case part that names no body ("… nội dung phản ánh, kiến nghị", "tiếp nhận, trả kết quả"):
    it goes on with the name before the comma. A body opens with a head, a generic noun, a level word or
    a plural ("phòng Tư pháp", "đơn vị sự nghiệp", "thị trấn", "các tổ dân phố")."""
    low = part.strip()
    if not low[:1].islower() or _is_plural(low) or _is_admin_list(low) or _starts_bare(low):
        return False
    if _abbreviations().match(low):
        return False
    heads = (h.lower() for h in _kinds()["head"])
    return not any(low.lower() == h or low.lower().startswith(h + " ") for h in heads)


def _split_commas(text: str) -> list[str]:
    parts = [p.strip() for p in text.split(",")]
    out: list[str] = []
    for part in parts:
        if not part:
            continue
        if out and (
            _is_bare(out[-1])
            or (_is_admin_list(part) and _ends_with_admin(out[-1]))
            or _continues(part)
        ):
            out[-1] = f"{out[-1]}, {part}"
        else:
            out.append(part)
    return out


def _split_run_together(text: str) -> list[str]:
    """Split where a capitalised head starts a new body after a word that is not a connector."""
    organs = _kinds()["organ"]
    organs_low = {o.lower() for o in organs}
    admin = {w.lower() for w in _kinds()["admin"]}
    cuts = [0]
    for m in _head_pattern().finditer(text):
        if m.start() == 0 or not m.group(0)[0].isupper():
            continue
        before = text[: m.start()].rstrip()
        prev = re.findall(r"[\w&]+|[-–—&]", before)
        if not prev:
            continue
        prev_word = prev[-1]
        if prev_word in _connectors() or prev_word.lower() in {"và"}:
            continue
        if m.group(0).isupper() and m.group(0) in organs and prev_word.lower() not in admin:
            # "Lãnh đạo UBND" is one body; "UBND thị xã UBND cấp xã" is two
            continue
        so_far = before[cuts[-1] :].strip()
        if len(_words(so_far)) == 0:
            continue
        last_body = re.split(r"\s(?:và|&)\s", so_far)[-1].strip()
        lone_head = (
            _head_pattern().fullmatch(last_body) is not None
            and not last_body.isupper()
            and last_body.lower() not in organs_low
        )
        if lone_head or _is_bare(last_body):
            # "Công chức Văn phòng", "Chi nhánh Văn phòng …", "Cán bộ, công chức Bộ phận …": one body;
            # an organ or an abbreviation is a whole body by itself ("… & UBND Các phòng")
            continue
        cuts.append(m.start())
    cuts.append(len(text))
    return [text[a:b].strip() for a, b in itertools.pairwise(cuts) if text[a:b].strip()]


def _split_and(text: str) -> list[str]:
    """'A và B' is two bodies when B starts with a head, unless it is an office of two organs ("Văn phòng
    HĐND và UBND"), or when B is a plural body ("… và các đoàn thể") after a whole named body."""
    organs = {o.lower() for o in _kinds()["organ"]}
    out: list[str] = []
    seg_start = 0
    for m in re.finditer(r"\s+(?:và|&)\s+", text):
        left, right = text[seg_start : m.start()], text[m.end() :]
        head = _head_pattern().match(right)
        left_last = " ".join(_words(left)[-3:])
        organ_pair = any(left_last.endswith(o) for o in organs) and any(
            right.lower().startswith(o) for o in organs
        )
        whole_left = _head_pattern().match(left.strip()) is not None and not _head_pattern().fullmatch(left.strip())
        plural_right = _is_plural(right) and _starts_bare(re.sub(r"^\S+\s+", "", right.strip()))
        if (head and not organ_pair and right[:1].isupper()) or (plural_right and whole_left):
            out.append(left)
            seg_start = m.end()
    out.append(text[seg_start:])
    return [p for p in out if p.strip()]


_ATOM = 0xE000  # private-use characters stand for a protected piece while a cell is split


def _protect(cell: str) -> tuple[str, dict[str, str]]:
    """`cell` with each reference, and each official name that holds a separator or a second head, replaced by
    a placeholder that keeps the name's head word (so the splitter still sees a body start there)."""
    pieces: list[tuple[int, int, str]] = [(r.start, r.end, "") for r in find_references(cell)]
    # a parenthesis names a part of the body before it ("Văn phòng UBND tỉnh (Trung tâm Phục vụ hành chính
    # công)"): never a body of its own
    pieces += [(m.start(), m.end(), "") for m in re.finditer(r"\s*\([^()]*\)", cell)
               if not any(a < m.end() and m.start() < b for a, b, _ in pieces)]
    for m in bodies.pattern().finditer(cell):
        name = m.group(0)
        if not name[:1].isupper() or any(a < m.end() and m.start() < b for a, b, _ in pieces):
            continue
        head = _head_pattern().match(name)
        inner_head = any(h.start() > 0 and h.group(0)[:1].isupper() for h in _head_pattern().finditer(name))
        if re.search(r"[,&\-–—]|\svà\s", name) or inner_head:
            pieces.append((m.start(), m.end(), head.group(0) + " " if head else ""))
    out: list[str] = []
    atoms: dict[str, str] = {}
    at = 0
    for a, b, keep in sorted(pieces):
        mark = chr(_ATOM + len(atoms))
        atoms[keep + mark] = cell[a:b]
        out.append(cell[at:a] + keep + mark)
        at = b
    out.append(cell[at:])
    return "".join(out), atoms


def _restore(text: str, atoms: dict[str, str]) -> str:
    for mark, original in atoms.items():
        text = text.replace(mark, original)
    return text


def _expand(text: str) -> str:
    """Aliases of public bodies by their table names, then abbreviations by their expansions."""
    def body(m: re.Match[str]) -> str:
        name = bodies.canonical(m.group(0))
        # the name itself in another case ("đoàn thanh tra") is left as written
        return name if name.lower() != m.group(0).lower() else m.group(0)

    expansions = vocab.mapping("abbreviations")
    text = bodies.pattern().sub(body, text)
    return _abbreviations().sub(lambda m: expansions[m.group(0)], text)


def canonical_name(raw: str) -> str:
    """Abbreviations expanded (never inside a document's number), dashes folded to ' - ', whitespace folded,
    first letter upper-case."""
    at, parts = 0, []
    for ref in find_references(raw):
        parts += [_DASH.sub(" - ", _expand(raw[at : ref.start])), raw[ref.start : ref.end]]
        at = ref.end
    text = "".join([*parts, _DASH.sub(" - ", _expand(raw[at:]))])
    text = re.sub(r"\s+", " ", text).strip()
    text = _TRAILING.sub("", text)
    text = re.sub(r"\(\s*", "(", text)
    return text[:1].upper() + text[1:]


def split_units(cell: str) -> list[ParsedUnit]:
    """The bodies named in one responsibility cell, in order."""
    return list(_split_units(cell))


@memo(1 << 10)  # a plan names the same bodies in row after row
def _split_units(cell: str) -> tuple[ParsedUnit, ...]:
    out: list[ParsedUnit] = []
    protected, atoms = _protect(cell)
    for line in re.split(r"\n|;", protected):
        line = _BULLET.sub("", line).strip()
        if not line:
            continue
        for seg in _split_commas(line):
            for piece in _split_run_together(seg):
                for body in _split_and(piece):
                    raw = _restore(_TRAILING.sub("", _BULLET.sub("", body)).strip(), atoms)
                    if raw and any(ch.isalpha() for ch in raw):
                        out.append(ParsedUnit(raw=raw, name=canonical_name(raw)))
    return tuple(out)


def _role_tails(text: str) -> tuple[list[str], list[str]] | None:
    """'X chủ trì; Y phối hợp', 'X (chủ trì); Y (phối hợp)': each part says its own role at its end."""
    lead: list[str] = []
    support: list[str] = []
    parts = [p for p in re.split(r"\n|;", text) if p.strip()]
    for part in parts:
        m = _ROLE_TAIL.match(part)
        if not m:
            return None
        (lead if m.group("role").lower().startswith("chủ") else support).append(m.group("body"))
    return (lead, support) if parts else None


def parse_responsibility(cell: str) -> tuple[list[ParsedUnit], list[ParsedUnit]]:
    """A single 'Trách nhiệm' cell: (lead, support); 'X chủ trì phối hợp Y' gives Y as support."""
    text = cell.strip()
    m = _LABELLED.search(text) or _LEAD_SUPPORT.match(text)
    if m:
        return split_units(m.group("lead")), split_units(m.group("support"))
    tails = _role_tails(text)
    if tails:
        return split_units("\n".join(tails[0])), split_units("\n".join(tails[1]))
    return split_units(text), []
