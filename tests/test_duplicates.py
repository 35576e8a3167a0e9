"""Duplicate detection: renderings of one decision are one; the same objectives adopted by another locality, or
by the same locality another year, are other decisions (communes copy their district's template)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from mtcl.pipeline import process_bytes, process_file
from normalize.duplicates import DupKey, archive, canonical, groups, write_duplicates
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


def test_the_archive_holds_each_decision_once_by_its_most_direct_rendering(tmp_path: Path) -> None:
    txt = process_file(CORPUS / f"{STEM}.txt").decision
    docx = process_file(CORPUS / f"{STEM}.docx").decision
    other = process_file(next(CORPUS.glob("003_*.txt"))).decision
    copy = f"copy/{Path(txt.source.path).name}"  # the very bytes of the text file under another name
    files = [(txt.source.path, txt.doc_id), (copy, txt.doc_id)]
    entries = archive([txt, other, docx], files)
    assert [e.doc_id for e in entries] == [docx.doc_id, other.doc_id]  # by the representative's path
    one, alone = entries
    # the Word file represents the group: the author's file, read without OCR or a legacy encoding
    assert (one.group, alone.group) == (1, None)
    assert [(r.doc_id, r.path, r.reason) for r in one.renderings] == [
        (docx.doc_id, docx.source.path, ""), (txt.doc_id, txt.source.path, "same objectives"),
        (txt.doc_id, copy, "identical file")]
    assert [(r.doc_id, r.path) for r in alone.renderings] == [(other.doc_id, other.source.path)]
    assert canonical([txt, other, docx]) == [other, docx]
    write_duplicates(tmp_path, entries)
    rows = list(csv.DictReader((tmp_path / "duplicates.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert [(r["group"], r["doc_id"], r["duplicate_of"], r["reason"]) for r in rows] == [
        ("1", docx.doc_id, "", "representative"), ("1", txt.doc_id, docx.doc_id, "same objectives"),
        ("1", txt.doc_id, docx.doc_id, "identical file")]


def _key(path: str, fmt: str, ocr: bool = False, legacy: bool = False, richness: int = 10) -> DupKey:
    return DupKey(f"{abs(hash(path)) % 16**16:016x}", path, "ubnd|1/QĐ|2024-01-02", None, fmt, ocr, legacy, richness)


@pytest.mark.parametrize(("renderings", "chosen"), [
    ([_key("a.pdf", "pdf", ocr=True, richness=40), _key("b.pdf", "pdf")], "b.pdf"),  # a text layer over OCR
    ([_key("a.txt", "txt"), _key("b.pdf", "pdf"), _key("c.docx", "docx")], "c.docx"),  # Word, then PDF, then text
    ([_key("a.docx", "docx", legacy=True), _key("b.doc", "doc")], "b.doc"),  # Unicode over a TCVN3/VNI file
    ([_key("a.pdf", "pdf", richness=9), _key("b.pdf", "pdf")], "b.pdf"),  # more read from it
    ([_key("b.docx", "docx"), _key("a.docx", "docx")], "a.docx"),  # then by path
])
def test_the_representative_rule(renderings: list[DupKey], chosen: str) -> None:
    (entry,) = archive(renderings)
    assert entry.source_path == chosen and entry.renderings[0].path == chosen
    assert sorted(r.path for r in entry.renderings) == sorted(k.source_path for k in renderings)
