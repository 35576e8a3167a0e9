"""The table of public bodies (`vocab/public_bodies.tsv`): official names that hold a comma, a dash or "và"
("Sở Văn hóa, Thể thao và Du lịch", "Bộ Lao động - Thương binh và Xã hội") and their printed aliases.

The unit splitter keeps a matched name whole and the canonical name replaces an alias by the table's name; the
reference finder reads an issuer ("của Bộ Văn hóa, Thể thao và Du lịch") through a comma with it.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise

from extract import vocab


@cache
def aliases() -> dict[str, str]:
    """Every printed form (the name itself and its aliases), lower-case, → the canonical name."""
    out: dict[str, str] = {}
    for row in vocab.table("public_bodies"):
        name = row[0]
        forms = [name] + ([a.strip() for a in row[2].split("|")] if len(row) > 2 else [])
        for form in forms:
            if form:
                out.setdefault(form.lower(), name)
                # clerks drop a name's commas and its "và" ("Sở Văn hóa Thể thao Du lịch", "Sở Khoa học Công
                # nghệ"): the same body
                loose = re.sub(r"\s+", " ", re.sub(r",|\s(?:và|&)\s", " ", form)).strip()
                if loose != form and len(loose.split()) >= 3:
                    out.setdefault(loose.lower(), name)
    return out


@cache
def pattern() -> re.Pattern[str]:
    """Any printed form, longest first, as whole words, case-insensitive."""
    forms = sorted(aliases(), key=len, reverse=True)
    return re.compile(r"(?<![\w&])(?:" + "|".join(re.escape(f) for f in forms) + r")(?![\w&])", re.I)


def canonical(form: str) -> str:
    """The table's name for a printed form ("Sở VHTTDL" → "Sở Văn hóa, Thể thao và Du lịch"), else the form."""
    return aliases().get(re.sub(r"\s+", " ", form.strip()).lower(), form)


@cache
def _name_pairs() -> dict[str, tuple[str, str]]:
    """Every two neighbouring words of a body's name, a body head or a signer's title as the tables print them
    ("thường trực", "hội cựu"), keyed by their letters without marks → that pair; a key two pairs share is None."""
    from extract.lexicon import canon, letters

    phrases: list[str] = []
    for row in vocab.table("public_bodies"):
        phrases.append(row[0])
        if len(row) > 2:
            phrases.extend(a for a in row[2].split("|") if a.strip())
    for name in ("issuer_heads", "signer_titles", "deputy_titles"):
        phrases.extend(cell for row in vocab.table(name) for cell in row[:2] if not cell.isdigit())
    out: dict[str, tuple[str, str] | None] = {}
    for phrase in phrases:
        words = [canon(w.lower()) for w in re.findall(r"[^\W\d_]+", phrase)]
        for a, b in pairwise(words):
            key = f"{letters(a)} {letters(b)}"
            if out.get(key, (a, b)) != (a, b):
                out[key] = None
            else:
                out[key] = (a, b)
    return {k: v for k, v in out.items() if v is not None}


def repair_misread_name(name: str) -> str:
    """A body's name as OCR read it, with two neighbouring words that no body name, head or title has read as the one
    pair of theirs with the same letters ("Ban Thưởng trục" → "Ban Thường trực", "Hôi Cưu giáo chức" → "Hội Cựu giáo
    chức"): Tesseract's marks on capitals are the least sure. Two words that are a word of the list as read stay
    ("Truyền thống", though a table has "Truyền thông"); a word that forms a word of the list with its other neighbour
    ("Hội Cứu trợ": "cứu trợ") is left as read, except with the first word, the body's head ("Ban" and "thưởng" are
    a word, "ban thưởng", a name never is)."""
    from extract.lexicon import canon, cased, letters, lexicon

    pairs = _name_pairs()
    known, _ = lexicon()
    words = name.split()
    low = [canon(w.lower()) for w in words]
    for i in range(len(words) - 1):
        if not (words[i].isalpha() and words[i + 1].isalpha()):
            continue
        pair = pairs.get(f"{letters(low[i])} {letters(low[i + 1])}")
        if pair is None or pair == (low[i], low[i + 1]) or f"{low[i]} {low[i + 1]}" in known:
            continue  # a word as read ("Truyền thống" beside a table's "Truyền thông") is no misreading
        held = (i > 1 and f"{low[i - 1]} {low[i]}" in known) or \
            (i + 2 < len(words) and f"{low[i + 1]} {low[i + 2]}" in known)
        if held:
            continue
        for k, good in ((i, pair[0]), (i + 1, pair[1])):
            if low[k] != good:
                words[k] = cased(good, words[k])
                low[k] = good
    return " ".join(words)
