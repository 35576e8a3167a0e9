"""A decision's extracted text cut into the pieces the report shows: plain text, and every extracted value marked
at its source span (the provenance offsets), so that a reader can check it against the document.

The offsets count the characters of the text the pipeline extracted: the JSON's `text` (`--with-text`), or
OUT/text/<doc_id>.txt that `mtcl extract` keeps beside it. The pieces are cut here, in Python, where a character
is a code point; the page never does offset arithmetic (JavaScript counts UTF-16 units)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

from normalize.writers import text_path
from schemas.models import Decision

EXCERPT_CONTEXT = 150  # characters kept either side of a value when a decision carries excerpts only

# A piece of text: a plain string, [string, [keys of the values marked there]], or None for a cut (excerpts).
Piece = str | list | None


class Span(NamedTuple):
    start: int
    end: int
    key: str  # "t12": target 12 of the page; "f:issued_on": a header field


def text_size(out: Path, d: Decision) -> int:
    """About how many characters the decision's text has (its file's bytes: Vietnamese letters take two or three,
    so this over-counts, which errs on the side of a smaller page)."""
    if d.text is not None:
        return len(d.text)
    try:
        return text_path(out, d.doc_id).stat().st_size
    except OSError:
        return 0


def load_text(out: Path, d: Decision) -> str | None:
    if d.text is not None:
        return d.text
    try:
        return text_path(out, d.doc_id).read_bytes().decode("utf-8", "surrogatepass")
    except (OSError, UnicodeDecodeError):
        return None


def _windows(spans: Sequence[Span], length: int, context: int) -> list[tuple[int, int]]:
    """The stretches of text within `context` characters of a value, merged where they touch."""
    merged: list[tuple[int, int]] = []
    for s in sorted(spans):
        a, b = max(0, s.start - context), min(length, s.end + context)
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def pieces(text: str, spans: Sequence[Span], *, excerpts: bool = False,
           context: int = EXCERPT_CONTEXT) -> list[Piece]:
    """The text in order, each stretch with the keys of the values whose spans cover it (values may overlap or
    nest). With `excerpts`, only the stretches near a value, a None between two of them and at a cut end."""
    n = len(text)
    good = [Span(max(0, s.start), min(n, s.end), s.key) for s in spans if s.start < s.end and s.start < n]
    windows = _windows(good, n, context) if excerpts else [(0, n)]
    if not windows:  # excerpts of a text without values: its beginning
        windows = [(0, min(n, 2 * context))]
    out: list[Piece] = []
    for w_start, w_end in windows:
        if excerpts and w_start > 0:
            out.append(None)
        cuts = sorted({w_start, w_end} | {x for s in good for x in (s.start, s.end) if w_start < x < w_end})
        for a, b in pairwise(cuts):
            keys = [s.key for s in good if s.start <= a and s.end >= b]
            chunk = text[a:b]
            if keys:
                out.append([chunk, keys])
            elif out and isinstance(out[-1], str):
                out[-1] += chunk
            else:
                out.append(chunk)
    if excerpts and windows and windows[-1][1] < n:
        out.append(None)
    return out
