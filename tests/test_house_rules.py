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
    # place names may appear only in the complete national lists (centrally-run cities, all provinces), which are
    # general knowledge, not a sample's
    for f in list((ROOT / "extract" / "vocab").glob("*.tsv")) + list((ROOT / "normalize" / "vocab").glob("*")):
        if f.name in {"central_cities.tsv", "provinces.tsv"}:
            continue
        text = f.read_text(encoding="utf-8")
        for word in SAMPLE_PLACES:
            assert not re.search(re.escape(word), text), f"{f.name} names '{word}'"


def test_province_list_is_complete() -> None:
    rows = [r for r in (ROOT / "extract" / "vocab" / "provinces.tsv").read_text(encoding="utf-8").splitlines()
            if r.strip() and not r.startswith("#")]
    assert len(set(rows) - {"Huế"}) == 63  # the 63 of 2008–2025 (Huế is Thừa Thiên Huế's name since 2025)


def test_layers_are_one_way() -> None:
    # readers know nothing of MTCL, extractors nothing of formats, normalize/ never imports mtcl/ (issue 16): the
    # imports of each layer, read from the code (module level and inside functions alike)
    forbidden = {"normalize": ("mtcl",), "extract": ("mtcl", "normalize"), "schemas": ("mtcl", "normalize", "extract")}
    pattern = re.compile(r"^\s*(?:from|import)\s+([a-z_]+)", re.M)
    for layer, banned in forbidden.items():
        for f in (ROOT / layer).rglob("*.py"):
            imported = set(pattern.findall(f.read_text(encoding="utf-8")))
            assert not imported & set(banned), f"{f.relative_to(ROOT)} imports {imported & set(banned)}"
    readers = ROOT / "extract" / "readers"
    for f in readers.glob("*.py"):
        text = f.read_text(encoding="utf-8")
        for extractor in ("extract.components", "extract.structure", "extract.header", "extract.targets"):
            assert extractor not in text, f"{f.relative_to(ROOT)} imports {extractor}"
