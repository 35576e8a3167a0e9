"""underthesea's word segmentation (its syllables, its CRF model, its answer), with the model's features built here.

underthesea segments a text in three steps: its regular expressions cut the syllables, underthesea_core's
`CRFFeaturizer` writes the model's features for each syllable (43 strings such as "T[-1,0].lower=hồ sơ"), and the
CRF tagger says which syllables begin a word. The featurizer is most of it: ~18 µs a syllable, half of the time of
segmenting a short phrase, which the extractors do for every comparator they weigh. The features are built here
from the model's own templates (its features.bin) with its dictionary, the same strings faster: each n-gram and
its lower-case form, title test and dictionary test are worked out once, not once for each template that reads
them. The tagger and the syllables are underthesea's.

The same strings: `tests/test_wordseg.py` compares them with the featurizer's for every character a syllable
here may hold, and the segmentation with underthesea's on the corpus' texts. A syllable with any other character
(one whose casing may differ between Python's Unicode tables and Rust's) is segmented by underthesea itself; an
underthesea whose model is not laid out as this one expects is an error (ModelChanged), never a silent fallback.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import underthesea.pipeline.word_tokenize.regex_tokenize as _regex_tokenize
from underthesea import word_tokenize
from underthesea.pipeline.text_normalize.character_normalize import normalize_characters_in_text
from underthesea.pipeline.text_normalize.token_normalize import token_normalize

_TEMPLATE = re.compile(r"T\[(-?\d+)(?:,(-?\d+))?\](?:\.(lower|isdigit|istitle|is_in_dict))?")
_INT = re.compile(r"[+-]?[0-9]+")  # what Rust's str::parse::<i32> reads (within its range)
_BOOL = ("False", "True")
# the characters a syllable may hold for the features here: Vietnamese letters, ASCII, Latin-1, the combining
# marks and the usual punctuation, whose lower and upper case are the same in every Unicode version in use
_SAFE = re.compile("[\u0021-\u007e\u00a1-\u017f\u01a0\u01a1\u01af\u01b0\u0300-\u036f\u1e00-\u1eff\u2010-\u205e]+")


class _Model:
    def __init__(self, tagger: Any, templates: list[tuple[str, int, int, str | None, str, str]],
                 words: frozenset[str]) -> None:
        self.tagger = tagger
        # (name + "=", first offset, n-gram length, attribute, the feature before the first and after the last)
        self.templates = templates
        self.words = words


class ModelChanged(RuntimeError):
    """underthesea's word segmentation model is not laid out as this module reads it (another underthesea)."""


@cache
def _model() -> _Model:
    """underthesea's word segmentation model, with its feature templates and dictionary. Raises ModelChanged where
    they are not where underthesea 6–9 keeps them, or a template is not one of those written here: a silent
    fallback would hide that every segmentation had become slower or different (requirements.lock pins the
    version this was checked against; tests/test_wordseg.py pins the layout)."""
    try:
        import joblib
        import underthesea.pipeline.word_tokenize as ws

        word_tokenize("khởi")  # loads underthesea's model, where it keeps it
        model = ws.word_tokenize_model
        base = Path(ws.__file__).parent / "models" / "ws_crf_vlsp2013_20230727"
        features = joblib.load(base / "features.bin")
        words = frozenset(joblib.load(base / "dictionary.bin"))
        tagger = model.estimator
    except Exception as exc:
        raise ModelChanged(f"underthesea's word segmentation model is not where extract/wordseg.py reads it "
                           f"({type(exc).__name__}: {exc}); pin underthesea as requirements.lock does") from exc
    templates = []
    for feature in features:
        m = _TEMPLATE.fullmatch(feature)
        if m is None:
            raise ModelChanged(f"underthesea's model has a feature template extract/wordseg.py does not know: "
                               f"{feature!r}")
        first = int(m.group(1))
        last = int(m.group(2)) if m.group(2) is not None else first
        if not first <= last < first + 3:
            # an n-gram of more than three syllables: not in any model this was written for
            raise ModelChanged(f"underthesea's model has a feature over more than three syllables: {feature!r}")
        name = feature + "="
        templates.append((name, first, last - first + 1, m.group(3), name + "BOS", name + "EOS"))
    return _Model(tagger, templates, words)


def segment(text: str) -> list[str]:
    """underthesea's `word_tokenize(text)`: its words, each its syllables joined by a space."""
    model = _model()
    syllables = syllables_of(text)
    if not syllables:
        return []
    if not all(_SAFE.fullmatch(s) for s in syllables):
        return list(word_tokenize(text))
    tags = model.tagger.tag(features(model, syllables))
    out: list[str] = []
    for tag, syllable in zip(tags, syllables, strict=True):
        if tag == "I-W" and out:
            out[-1] += " " + syllable
        else:
            out.append(syllable)
    return out


def syllables_of(text: str) -> list[str]:
    """underthesea's syllables of `text` (`regex_tokenize.tokenize`, as word_tokenize calls it), without its
    dictionary of named groups for each match: every alternative of its pattern is one named group around the
    whole alternative, so the first group that matched, which it keeps, is the match itself. Its pattern is read
    where underthesea keeps it, at each call, as its own tokenizer does."""
    patterns = _regex_tokenize.patterns
    return [token_normalize(m.group(0)) for m in patterns.finditer(normalize_characters_in_text(text))]


def features(model: _Model, syllables: list[str]) -> list[tuple[str, ...]]:
    """The model's features of each syllable, as underthesea_core's CRFFeaturizer writes them: "T[a,b]" is the
    syllables a..b around it joined by a space, "BOS" where that reaches before the first, else "EOS" where it
    reaches past the last; `.lower`, `.isdigit` (an i32 as Rust reads one), `.istitle` (every syllable's first
    character is its own upper case) and `.is_in_dict` (the lower-cased n-gram is a dictionary word)."""
    n = len(syllables)
    grams: dict[int, list[str]] = {1: syllables}
    lowers: dict[int, list[str]] = {1: [s.lower() for s in syllables]}
    titles: dict[int, list[bool]] = {1: [s[0].upper() == s[0] for s in syllables]}
    for length in (2, 3):
        shorter, low, title = grams[length - 1], lowers[length - 1], titles[length - 1]
        grams[length] = [shorter[k] + " " + syllables[k + length - 1] for k in range(n - length + 1)]
        lowers[length] = [low[k] + " " + lowers[1][k + length - 1] for k in range(n - length + 1)]
        titles[length] = [title[k] and titles[1][k + length - 1] for k in range(n - length + 1)]
    values: dict[tuple[int, str | None], list[str]] = {}
    columns: list[list[str]] = []
    for name, first, length, attribute, bos, eos in model.templates:
        key = (length, attribute)
        column = values.get(key)
        if column is None:
            if attribute is None:
                column = grams[length]
            elif attribute == "lower":
                column = lowers[length]
            elif attribute == "istitle":
                column = [_BOOL[t] for t in titles[length]]
            elif attribute == "isdigit":
                column = [_BOOL[_is_i32(g)] for g in grams[length]]
            else:
                column = [_BOOL[g in model.words] for g in lowers[length]]
            values[key] = column
        # syllable i reads the n-gram that starts at i + first: there when 0 <= i + first and i + first + length <= n
        lo, hi = max(0, -first), min(n, n - first - length + 1)
        if hi <= lo:
            columns.append([bos if i + first < 0 else eos for i in range(n)])
        else:
            inner = [name + v for v in column[lo + first : hi + first]]
            if lo:
                inner = [bos] * lo + inner
            if hi < n:
                inner += [eos] * (n - hi)
            columns.append(inner)
    return list(zip(*columns, strict=True))  # every column has a feature for each syllable


def _is_i32(text: str) -> bool:
    return _INT.fullmatch(text) is not None and -(2**31) <= int(text) < 2**31
