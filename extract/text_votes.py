"""A scan's header value spelt as the rest of its document spells it.

OCR can misread a mark so that a word becomes another real word: "sự cố" read "sư cô" (a nun), "đổi tên" read
"đối tên", "cấp tỉnh" read "cấp tính". No word list can tell them apart, as both readings are words. The document
itself can: a letter's title is most often repeated in its body ("Đội ứng cứu sự cố mạng, máy tính" in the title and
twice below it), and OCR does not misread every occurrence the same way. So each word of the value is compared with
the words of the text that have the same letters, marks aside, between neighbours with the same letters (both
neighbours, or the one a value's first or last word has); the spelling found more often there than the value's own
wins. A word with no such occurrence is left as read.
"""

from __future__ import annotations

import re
from collections import Counter

from extract.lexicon import canon, cased, known_syllables, letters, with_words

_WORD = re.compile(r"[^\W\d_]+")


def _contexts(words: list[str]) -> Counter[tuple[str, str, str, str]]:
    """(letters of the word before, of the word, of the word after, the word's spelling) for every word; at either
    end of `words` the missing neighbour is "" (and the word is counted once more with each of its neighbours only,
    for a value's first and last words)."""
    keys = [letters(w.lower()) for w in words]
    spelt = [canon(w.lower()) for w in words]
    out: Counter[tuple[str, str, str, str]] = Counter()
    for i in range(len(words)):
        before = keys[i - 1] if i > 0 else ""
        after = keys[i + 1] if i + 1 < len(words) else ""
        out[(before, keys[i], after, spelt[i])] += 1
        if before and after:
            out[(before, keys[i], "", spelt[i])] += 1
            out[("", keys[i], after, spelt[i])] += 1
    return out


def spell_as_the_text(value: str, text: str) -> str:
    """`value` (a header value as OCR read it) with each word spelt as `text` (the rest of the document's reading,
    without the lines the value was read from) spells it most often between the same neighbours."""
    known = known_syllables()
    found = list(_WORD.finditer(value))
    if not known or len(found) < 2:
        return value
    words = [m.group(0) for m in found]
    votes = _contexts(_WORD.findall(text))
    by_key: dict[tuple[str, str, str], Counter[str]] = {}
    for (before, key, after, spelling), n in votes.items():
        if n > 0:
            by_key.setdefault((before, key, after), Counter())[spelling] += n
    keys = [letters(w.lower()) for w in words]
    fixed = list(words)
    for i, w in enumerate(words):
        # both neighbours inside the value; the one it has at its first or last word
        tally = by_key.get((keys[i - 1] if i > 0 else "", keys[i], keys[i + 1] if i + 1 < len(words) else ""))
        own = canon(w.lower())
        if not tally:
            continue
        best, n = tally.most_common(1)[0]
        if best != own and best in known and n > tally[own]:
            fixed[i] = cased(best, w)
    return with_words(value, found, fixed)
