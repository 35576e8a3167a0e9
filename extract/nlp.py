"""The Vietnamese NLP pipeline: spaCy `blank("vi")` with a tokenizer backed by underthesea's word segmentation
(offline: its CRF model ships in the wheel), and an EntityRuler whose patterns come from the vocabulary.

Tokens keep exact character offsets, so a match maps back to the source span. Multi-syllable words are one
token ("tối thiểu", "trở lên", "hồ sơ"), which lets rules speak in words rather than syllables.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab
from underthesea import word_tokenize

from extract import vocab


class UnderthesTokenizer:
    """spaCy tokenizer: underthesea words aligned back onto the text; whitespace runs become tokens."""

    def __init__(self, spacy_vocab: Vocab) -> None:
        self.vocab = spacy_vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        pos = 0
        for word in word_tokenize(text):
            at = text.find(word, pos)
            if at < 0:  # underthesea changed the word (it should not): fall back to its syllables
                continue
            if at > pos:
                gap = text[pos:at]
                if gap == " " and words and not spaces[-1]:
                    spaces[-1] = True
                else:
                    words.append(gap)
                    spaces.append(False)
            words.append(word)
            spaces.append(False)
            pos = at + len(word)
        if pos < len(text):
            words.append(text[pos:])
            spaces.append(False)
        return Doc(self.vocab, words=words, spaces=spaces)


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


@lru_cache(maxsize=256)
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
    `where` keeps, none can match, and the text is not parsed (word segmentation is most of the pipeline's time on
    a text of objectives, a millisecond a sentence; "trên" occurs in most, as "trên môi trường mạng")."""
    low = text.lower()
    if not any(_occurs(low, phrase, position, where) for phrase, position in _comparator_phrases()):
        return []
    out = []
    for ent in parse(text).ents:
        if ent.label_.startswith("CMP_"):
            _, position, comparator = ent.label_.split("_", 2)
            position = position.lower()
            if where is None or where(ent.start_char, ent.end_char, position):
                out.append((ent.start_char, ent.end_char, comparator, position))
    return out


def _occurs(low: str, phrase: str, position: str, where: Where | None) -> bool:
    """Whether `phrase` occurs in `low` somewhere `where` keeps (anywhere, without it)."""
    at = low.find(phrase)
    if where is None:
        return at >= 0
    while at >= 0:
        if where(at, at + len(phrase), position):
            return True
        at = low.find(phrase, at + 1)
    return False
