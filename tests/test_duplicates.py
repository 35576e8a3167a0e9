"""Duplicate detection: renderings of one decision are one; the same objectives adopted by another locality, or
by the same locality another year, are other decisions (communes copy their district's template)."""

from __future__ import annotations

from pathlib import Path

from mtcl.pipeline import process_bytes, process_file
from normalize.duplicates import groups, write_duplicates
from schemas.models import Decision
from tests.conftest import CORPUS

# 000 has no number or date in its header: only the content key can join its renderings
STEM = "000_1af1836e26e3688d"


def _text_variant(old: str, new: str) -> Decision:
    text = (CORPUS / f"{STEM}.txt").read_text(encoding="utf-8")
    assert old in text
    return process_bytes(f"{STEM}.{new}.txt", text.replace(old, new).encode()).decision


def test_renderings_of_one_decision_are_one_group() -> None:
    txt = process_file(CORPUS / f"{STEM}.txt").decision
    docx = process_file(CORPUS / f"{STEM}.docx").decision
    assert txt.decision_number is None and txt.issued_on is None  # so the header key cannot join them
    (group,) = groups([txt, docx])
    assert {k.source_path for k, _ in group} == {txt.source.path, docx.source.path}
    assert {why for _, why in group} == {"same objectives"}


def test_same_objectives_elsewhere_or_another_year_are_not_duplicates() -> None:
    txt = process_file(CORPUS / f"{STEM}.txt").decision
    other_place = _text_variant("Hạ Long", "Cẩm Phả")
    other_year = _text_variant("2022", "2023")
    def values(d: Decision) -> list[list[float]]:
        return [[t.value for t in o.targets] for o in d.objectives]

    # the objectives' opening words (what the content key reads) and every target are the same
    assert [o.text[:60] for o in other_place.objectives] == [o.text[:60] for o in txt.objectives]
    assert values(other_place) == values(other_year) == values(txt)
    assert other_year.year == 2023 and txt.year == 2022
    assert groups([txt, other_place, other_year]) == []


def test_duplicate_groups_are_numbered_without_gaps(tmp_path: Path) -> None:
    txt = process_file(CORPUS / f"{STEM}.txt").decision
    docx = process_file(CORPUS / f"{STEM}.docx").decision
    files = [("a.txt", txt.doc_id), ("copy/a.txt", txt.doc_id), ("b.docx", docx.doc_id)]
    write_duplicates(tmp_path, [txt, docx], files)
    rows = (tmp_path / "duplicates.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    assert [r.split(",")[0] for r in rows] == ["1", "1", "2", "2"]
    assert rows[-1].endswith("identical file")
