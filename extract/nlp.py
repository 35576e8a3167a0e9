"""The Vietnamese NLP pipeline: spaCy `blank("vi")` with a tokenizer backed by underthesea's word segmentation
(offline: its CRF model ships in the wheel), and an EntityRuler whose patterns come from the vocabulary.

Tokens keep exact character offsets, so a match maps back to the source span. Multi-syllable words are one
token ("tối thiểu", "trở lên", "hồ sơ"), which lets rules speak in words rather than syllables.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from extract import vocab
from extract.memo import memo
from extract.wordseg import segment


class UnderthesTokenizer:
    """spaCy tokenizer: underthesea words aligned back onto the text; whitespace runs become tokens."""

    def __init__(self, spacy_vocab: Vocab) -> None:
        self.vocab = spacy_vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        pos = 0
        spans = _aligned(text, segment(text))
        if spans is None:  # underthesea's words could not be found in the text: its syllables, unsegmented
            spans = [m.span() for m in _NON_SPACE.finditer(text)]
        for at, end in spans:
            if at > pos:
                gap = text[pos:at]
                if gap == " " and words and not spaces[-1]:
                    spaces[-1] = True
                else:
                    words.append(gap)
                    spaces.append(False)
            words.append(text[at:end])
            spaces.append(False)
            pos = end
        if pos < len(text):
            words.append(text[pos:])
            spaces.append(False)
        return Doc(self.vocab, words=words, spaces=spaces)


_NON_SPACE = re.compile(r"\S+")
_WORD_RUN = re.compile(r"\w+")


def _aligned(text: str, words: list[str]) -> list[tuple[int, int]] | None:
    """Each of underthesea's words as a span of `text`, in order; None where one cannot be placed.

    A word is its syllables (underthesea's tokens) joined by a space, each spelt as underthesea normalizes it
    ("hoá" → "hóa", "nghành" → "ngành"): a token is the text where it stands (after any whitespace), or the run of
    letters there that normalizes to it, or the text further on with only symbols underthesea dropped between.
    Never the same spelling further on: a word found at a later occurrence would swallow all the text between
    into one token, and the comparator phrases in it with it."""
    out: list[tuple[int, int]] = []
    pos = 0
    for word in words:
        start = -1
        for token in word.split(" "):
            at = pos
            while at < len(text) and text[at].isspace():
                at += 1
            if text.startswith(token, at):
                end = at + len(token)
            elif (run := _WORD_RUN.match(text, at)) and _normalized(run.group(0)) == token:
                end = run.end()
            else:
                at = text.find(token, pos)
                if at < 0 or _WORD_RUN.search(text, pos, at):
                    return None
                end = at + len(token)
            if start < 0:
                start = at
            pos = end
        out.append((start, pos))
    return out


def _normalized(token: str) -> str:
    """A token as underthesea's word segmentation spells it (its own normalization, loaded with it)."""
    from underthesea.pipeline.text_normalize.token_normalize import token_normalize

    return str(token_normalize(token))


@cache
def pipeline() -> Language:
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.tokenizer = UnderthesTokenizer(nlp.vocab)
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True})
    patterns = []
    for phrase, comparator, position in vocab.table("comparators"):
        patterns.append({"label": f"CMP_{position.upper()}_{comparator}", "pattern": phrase})
    ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    return nlp


@memo(256)
def parse(text: str) -> Doc:
    return pipeline()(text)


@cache
def _comparator_phrases() -> tuple[tuple[str, str], ...]:
    """(phrase in lower case, 'pre'|'post'), each once."""
    return tuple(sorted({(phrase.lower(), position.lower()) for phrase, _, position in vocab.table("comparators")}))


Where = Callable[[int, int, str], bool]


def comparators(text: str, where: Where | None = None) -> list[tuple[int, int, str, str]]:
    """(start, end, comparator, 'pre'|'post') for every comparator phrase in `text`, by whole words; with `where`
    (start, end, position → bool), only those it keeps.

    The ruler matches a phrase's words in the text's words, which are the text's own characters with one space
    between them: a match is an occurrence of the phrase in the lower-cased text. Where no occurrence is one
    `where` keeps, none can match, and the text is not parsed ("trên" occurs in most objectives, as "trên môi
    trường mạng"). Otherwise the text is parsed once, whole (`parse` keeps its Doc): every question any component
    asks of one text's words is answered from that one segmentation, as spaCy's components share one Doc."""
    low = text.lower()
    kept = [(at, end) for phrase, position in _comparator_phrases() if phrase in low
            for at, end in _occurrences(low, phrase) if where is None or where(at, end, position)]
    if not kept:
        return []
    found: set[tuple[int, int, str, str]] = set()
    for ent in parse(text).ents:
        if ent.label_.startswith("CMP_"):
            _, position, comparator = ent.label_.split("_", 2)
            start, end, position = ent.start_char, ent.end_char, position.lower()
            if where is None or where(start, end, position):
                found.add((start, end, comparator, position))
    return sorted(found)


def words(text: str) -> list[tuple[int, int]]:
    """The spans of the text's words (one segmentation of the text, shared with `comparators`)."""
    return [(t.idx, t.idx + len(t.text)) for t in parse(text) if not t.is_space]


def _occurrences(low: str, phrase: str) -> list[tuple[int, int]]:
    out = []
    at = low.find(phrase)
    while at >= 0:
        out.append((at, at + len(phrase)))
        at = low.find(phrase, at + 1)
    return out
