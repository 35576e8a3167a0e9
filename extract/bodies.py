"""The table of public bodies (`vocab/public_bodies.tsv`): official names that hold a comma, a dash or "và"
("Sở Văn hóa, Thể thao và Du lịch", "Bộ Lao động - Thương binh và Xã hội") and their printed aliases.

The unit splitter keeps a matched name whole and the canonical name replaces an alias by the table's name; the
reference finder reads an issuer ("của Bộ Văn hóa, Thể thao và Du lịch") through a comma with it.
"""

from __future__ import annotations

import re
from functools import cache

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
