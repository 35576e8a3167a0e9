"""The whole pipeline on the archive files that have gold (tests/gold/archive, written by reading the documents of
../shared/archive: plans, reports with a forward part, papers, submissions, letters, decisions, Party documents;
DOCX, .doc, text PDF and scans), scored against it.

Floors sit just under the scores measured on 2026-12-07 (191 files: 41 of the first session, 150 written later as
seven held-out batches): they hold the pipeline to what it reads today on documents its rules were not written on.
The aims of issue 17 (targets F1 ≥ 0.90 with precision ≥ 0.95, objectives ≥ 0.90, doc_type ≥ 0.95) are met; "no
wrong header value" is met where a text layer was read and not on scans (titles with a mark OCR misread into another
word, "sự cố" read "sư cô", "Đổi tên" read "Đối tên"; a province read "Lâm Để"; signers of side-by-side boxes; a
year that follows a ministry's minimums read as a commitment)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from mtcl.evaluate import load_dir, score

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
GOLD = ROOT / "tests" / "gold" / "archive"

# measured on the 310 files of 2026-12-07, eighth session (README: "To score the archive gold by hand"): objectives
# F1 0.977 (precision 0.962), targets 0.974 (0.974), tasks, lead and supporting units, timeframes 1.000 (17 tasks),
# legal bases 0.890, recipients 0.921, doc_type 309/310, 5 wrong header values of 3720, all on scans and all in
# the fields below; from a text layer 3055 right, 0 wrong, 5 missing of 3060. The floors sit a little under those
# figures; the precision of targets at the aim of issue 17.
FLOORS = {"objectives": 0.95, "targets": 0.94, "tasks": 0.95, "lead_units": 0.95, "support_units": 0.95,
          "timeframes": 0.95, "legal_bases": 0.87, "recipients": 0.90}
PRECISION = {"targets": 0.95, "objectives": 0.94}
ACCURACY = {"doc_type": 0.97}
TEXT_LAYER_MISSING = 5  # header values a typed document prints that the pipeline leaves empty (measured: 5)
WRONG_HEADER_VALUES = 5
HEADER = ("doc_type", "issuer.name", "issuer.level", "decision_number", "issued_on", "year", "title",
          "signer.name", "signer.title", "signer.authority")


def _golds() -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("*.json"))}


def test_gold_names_real_archive_files() -> None:
    import hashlib

    golds = _golds()
    assert len(golds) >= 15
    for stem, g in golds.items():
        src = SHARED / Path(g["source"]["path"]).relative_to("shared")
        digest = hashlib.sha256(src.read_bytes()).hexdigest()
        assert g["source"]["sha256"] == digest and g["doc_id"] == digest[:16], stem
    formats = {(g["source"]["format"], g["source"]["ocr"]) for g in golds.values()}
    assert {("docx", False), ("doc", False), ("pdf", False), ("pdf", True)} <= formats
    assert sum(1 for g in golds.values() if not g["objectives"]) >= 8  # negatives


@pytest.fixture(scope="module")
def archive_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from mtcl.cli import main

    src = tmp_path_factory.mktemp("archive_gold")
    for g in _golds().values():
        path = SHARED / Path(g["source"]["path"]).relative_to("shared")
        shutil.copy(path, src / f"{g['doc_id']}_{path.name}")
    out = tmp_path_factory.mktemp("archive_gold_out")
    # a long scan takes its time on a loaded machine: the test is about what is read, not how fast
    main(["extract", str(src), "-o", str(out), "-j", "2", "-q", "--timeout", "900"])  # exit 1 is a failed file
    return out


def test_archive_gold_scores(archive_output: Path) -> None:
    report = score(load_dir(archive_output), {g["doc_id"]: g for g in _golds().values()})
    assert not report.missing, report.missing
    for name, floor in FLOORS.items():
        assert report.prf[name].f1 >= floor, (name, report.prf[name].f1, report.details)
    for name, floor in PRECISION.items():
        assert report.prf[name].precision >= floor, (name, report.prf[name].precision, report.details)
    for name, floor in ACCURACY.items():
        assert report.acc[name].accuracy >= floor, (name, report.acc[name].misses)
    wrong = [m for name in HEADER for m in report.acc[name].misses if ": wrong:" in m]
    assert len(wrong) <= WRONG_HEADER_VALUES, wrong


def test_archive_gold_header_values_read_from_a_text_layer_are_not_wrong(archive_output: Path) -> None:
    """A header value the pipeline gives for a DOCX, .doc or text PDF is gold's or absent (measured: none wrong of
    the 10 fields × 172 such files); on a scan a misread mark can make a wrong value."""
    text = {g["doc_id"]: g for g in _golds().values() if not g["source"]["ocr"]}
    assert len(text) >= 100
    report = score(load_dir(archive_output), text)
    wrong = [m for name in HEADER for m in report.acc[name].misses if ": wrong:" in m]
    assert wrong == []
    missing = [m for name in HEADER for m in report.acc[name].misses if ": missing:" in m]
    assert len(missing) <= TEXT_LAYER_MISSING, missing
