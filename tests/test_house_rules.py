"""No extraction rule may name a sample: no locality, file name or line number of a sample in the code."""

from __future__ import annotations

import re

from tests.conftest import CORPUS, ROOT

CODE_DIRS = ["extract", "normalize", "mtcl", "schemas"]
SAMPLE_PLACES = ["Hạ Long", "Hương Trà", "An Biên", "Phước Long", "Hải Phòng", "Hồ Chí Minh"]


def _code_files():
    for d in CODE_DIRS:
        yield from (ROOT / d).rglob("*.py")


def test_no_sample_names_in_code() -> None:
    stems = [p.stem for p in CORPUS.glob("*.txt")]
    hashes = [s.split("_", 1)[1] for s in stems]
    for f in _code_files():
        text = f.read_text(encoding="utf-8")
        for word in SAMPLE_PLACES + stems + hashes:
            assert word not in text, f"{f.relative_to(ROOT)} names '{word}'"


def test_vocabulary_names_no_sample_locality() -> None:
    # place names may appear only in the list of centrally-run cities, which is general knowledge
    for f in list((ROOT / "extract" / "vocab").glob("*.tsv")) + list((ROOT / "normalize" / "vocab").glob("*")):
        if f.name == "central_cities.tsv":
            continue
        text = f.read_text(encoding="utf-8")
        for word in SAMPLE_PLACES:
            assert not re.search(re.escape(word), text), f"{f.name} names '{word}'"
