"""The word segmentation's features built in Python (extract/wordseg.py) against underthesea_core's featurizer, and
the segmentation against underthesea's word_tokenize: the same strings, the same words."""

from __future__ import annotations

import random
import re

import pytest
from underthesea import word_tokenize
from underthesea.pipeline.word_tokenize.regex_tokenize import tokenize

from extract import wordseg
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def model() -> wordseg._Model:
    m = wordseg._model()
    assert m is not None, "underthesea's model is not where extract/wordseg.py looks for it"
    return m


def _native(syllables: list[str]) -> list[list[str]]:
    import underthesea.pipeline.word_tokenize as ws

    word_tokenize("khởi")  # loads the model
    return ws.word_tokenize_model.featurizer.process([[[s] for s in syllables]])[0]


def _safe_characters() -> list[str]:
    return [chr(k) for k in range(0x21, 0x2060) if wordseg._SAFE.fullmatch(chr(k))]


def test_every_character_a_syllable_may_hold_has_the_featurizers_case_and_lower_case(model: wordseg._Model) -> None:
    # the title test and the lower case are the character's own: each in the first, middle and last place
    for ch in _safe_characters():
        syllables = ["a", ch, ch + "b", "x" + ch, "C"]
        assert [list(f) for f in wordseg.features(model, syllables)] == _native(syllables), repr(ch)


def test_random_syllables_have_the_featurizers_strings(model: wordseg._Model) -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))
    pool = sorted(set(tokenize(text)))
    # numbers at the edges of what Rust reads as an i32, signs, digits that are not ASCII (not safe: left out)
    pool += ["0", "007", "+3", "-3", "-0", "2147483647", "2147483648", "-2147483648", "-2147483649", "+", "-",
             "3.5", "1e5", "12a", "²", "½", "UBND", "ĐẠT", "Được", "Đ", "ß", "ÿ", "İ", "ʼn"]
    pool += _safe_characters()
    rng = random.Random(20261202)
    for _ in range(400):
        syllables = [rng.choice(pool) for _ in range(rng.randint(1, 9))]
        assert [list(f) for f in wordseg.features(model, syllables)] == _native(syllables), syllables


def test_the_segmentation_is_underthesea_s_on_the_corpus() -> None:
    lines = [line for p in sorted(CORPUS.glob("*.txt")) for line in p.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    assert len(lines) > 300
    for line in lines:
        assert wordseg.segment(line) == word_tokenize(line), line
    # and short stretches cut anywhere, as the comparators' windows are
    rng = random.Random(7)
    text = " ".join(lines)
    for _ in range(300):
        at = rng.randrange(len(text))
        piece = text[at : at + rng.randint(1, 80)]
        assert wordseg.segment(piece) == word_tokenize(piece), piece


def test_a_syllable_with_another_character_is_left_to_underthesea(monkeypatch: pytest.MonkeyPatch) -> None:
    # "ƛ" has an upper case in Rust's Unicode tables and none in Python 3.11's: the features here would differ
    def refuse(*args: object) -> None:
        raise AssertionError("features built for a syllable they may not describe")

    monkeypatch.setattr(wordseg, "features", refuse)
    assert not wordseg._SAFE.fullmatch("ƛb")
    assert wordseg.segment("tỷ lệ ƛb đạt trên 98%") == word_tokenize("tỷ lệ ƛb đạt trên 98%")
    assert wordseg.segment("") == word_tokenize("") == []


def test_the_templates_are_read_from_the_model(model: wordseg._Model) -> None:
    names = [t[0] for t in model.templates]
    assert len(names) == 43 and "T[-1,0].lower=" in names and "T[0,2].is_in_dict=" in names
    assert all(re.fullmatch(r"T\[-?\d(,-?\d)?\](\.\w+)?=", n) for n in names)


def test_the_syllables_are_underthesea_s() -> None:
    lines = [line for p in sorted(CORPUS.glob("*.txt")) for line in p.read_text(encoding="utf-8").splitlines()]
    odd = ["e-mail a@b.vn http://x.vn/a?b=1 0912 345 678", "Ngày 12/3/2024, 1.200,5 ha; Q.1 TP.HCM v.v...",
           "H'Mông (1) [2] «3» “4” … ¼ ½ :) :-( 🙂 $5 ^_^ a_b", "hoá khoẻ thuỷ nghành Hoà Bình", "", "   "]
    for line in lines + odd:
        assert wordseg.syllables_of(line) == tokenize(line), line


def test_a_model_laid_out_otherwise_is_an_error_not_a_silent_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    # an underthesea whose model moved or whose feature templates changed must fail loudly: a fallback to its own
    # featurizer would make every segmentation slower (or, with another model, different) without a word
    import joblib

    real_load = joblib.load
    wordseg._model.cache_clear()
    monkeypatch.setattr(joblib, "load", lambda path: ["T[0].lower", "T[-3,1]"] if str(path).endswith(
        "features.bin") else real_load(path))
    with pytest.raises(wordseg.ModelChanged, match="more than three syllables"):
        wordseg.segment("Tỷ lệ hồ sơ")
    monkeypatch.setattr(joblib, "load", lambda path: ["T[0].shape"] if str(path).endswith("features.bin")
                        else real_load(path))
    wordseg._model.cache_clear()
    with pytest.raises(wordseg.ModelChanged, match="does not know"):
        wordseg.segment("Tỷ lệ hồ sơ")
    monkeypatch.undo()
    wordseg._model.cache_clear()
    assert wordseg.segment("Tỷ lệ hồ sơ đúng hạn") == word_tokenize("Tỷ lệ hồ sơ đúng hạn")
