"""One archive in every output: the corpus holds six decisions in 22 renderings (a text, a DOCX and a PDF of each
sample, and more of one), and every output (the feed, the CSVs, the XLSX, DuckDB, Parquet, the comparison, the API
and `mtcl indicators`) holds the six, each once, with the files it was read from beside it. The counts expected
come from the gold files (one per decision), not from the code."""

from __future__ import annotations

import csv
import json
import os
import stat
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from mtcl.cli import main
from mtcl.serve import create_app
from schemas.models import Decision
from tests.conftest import CORPUS, GOLD

GOLDS = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in GOLD.glob("*.json")}
N_DECISIONS = len(GOLDS)
N_TARGETS = sum(len(o["targets"]) for g in GOLDS.values() for o in g["objectives"])


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))


def _stem(path: str) -> str:
    return next(s for s in GOLDS if Path(path).name.startswith(s))


def test_every_output_holds_each_decision_once(corpus_output: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(str(p) for p in CORPUS.iterdir())  # as given: the fixture extracts the absolute CORPUS
    assert N_DECISIONS == 6 and len(files) == 22 and N_TARGETS == 70
    feed = [json.loads(line) for line in (corpus_output / "decisions.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(feed) == N_DECISIONS
    # every file is listed once, beside the decision it renders; the decision is its sample's
    assert sorted(r["path"] for d in feed for r in d["renderings"]) == files
    for d in feed:
        assert {_stem(r["path"]) for r in d["renderings"]} == {_stem(d["source"]["path"])}
        assert d["renderings"][0]["doc_id"] == d["doc_id"] and d["renderings"][0]["reason"] is None
        assert d["duplicate_group"] is not None
    # the representative: the Word file of each sample (not its OCR'd scan, TCVN3/VNI copy, PDF or text)
    assert {Path(d["source"]["path"]).suffix for d in feed} == {".docx"}
    assert not any(".tcvn3." in d["source"]["path"] or ".vni." in d["source"]["path"] for d in feed)
    assert sum(len(o["targets"]) for d in feed for o in d["objectives"]) == N_TARGETS

    decisions = _csv(corpus_output / "csv" / "decisions.csv")
    assert len(decisions) == N_DECISIONS
    assert sum(int(d["renderings"]) for d in decisions) == len(files)
    assert all(d["rendering_paths"].split(" | ")[0] == d["source_path"] for d in decisions)
    targets = _csv(corpus_output / "csv" / "targets.csv")
    assert len(targets) == N_TARGETS
    assert {t["doc_id"] for t in targets} <= {d["doc_id"] for d in decisions}

    wb = load_workbook(corpus_output / "mtcl.xlsx", read_only=True)
    assert sum(1 for _ in wb["decisions"].iter_rows(min_row=2)) == N_DECISIONS
    assert sum(1 for _ in wb["targets"].iter_rows(min_row=2)) == N_TARGETS

    con = duckdb.connect(str(corpus_output / "mtcl.duckdb"), read_only=True)
    assert con.execute("select count(*), sum(renderings) from decisions").fetchone() == (N_DECISIONS, len(files))
    assert con.execute("select count(*) from targets").fetchone()[0] == N_TARGETS
    con.close()
    assert len(pd.read_parquet(corpus_output / "parquet" / "decisions.parquet")) == N_DECISIONS
    assert len(pd.read_parquet(corpus_output / "parquet" / "targets.parquet")) == N_TARGETS

    wide = pd.read_csv(corpus_output / "comparison.csv", encoding="utf-8-sig")
    assert len(wide.columns) == 4 + N_DECISIONS  # one column per decision: every gold's place and year differ
    coded = sum(1 for t in targets if t["indicator"])
    assert len(pd.read_csv(corpus_output / "comparison_long.csv", encoding="utf-8-sig")) == coded

    groups = {r["group"] for r in _csv(corpus_output / "duplicates.csv")}
    assert len(groups) == N_DECISIONS

    api = TestClient(create_app(corpus_output))
    assert api.get("/decisions").json()["total"] == N_DECISIONS
    assert api.get("/targets", params={"limit": 500}).json()["total"] == N_TARGETS
    ha_long = next(g for g in GOLDS.values() if g["issuer"]["locality"] == "Hạ Long")
    body = api.get("/targets", params={"year": ha_long["year"], "locality": "Hạ Long"}).json()
    assert body["total"] == sum(len(o["targets"]) for o in ha_long["objectives"]) == 20  # not three copies
    assert api.get("/indicators").json()["total_targets"] == N_TARGETS

    capsys.readouterr()
    assert main(["indicators", str(corpus_output)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert f"{N_DECISIONS} decisions (read from {len(files)} files)" in first and f"/{N_TARGETS} (" in first


def test_duckdb_has_no_column_named_by_a_reserved_word(corpus_output: Path) -> None:
    con = duckdb.connect(str(corpus_output / "mtcl.duckdb"), read_only=True)
    reserved = {r[0] for r in con.execute(
        "select keyword_name from duckdb_keywords() where keyword_category in ('reserved', 'column_name')"
    ).fetchall()}
    assert {"end", "table", "row"} <= reserved
    columns = con.execute("select table_name, column_name from information_schema.columns").fetchall()
    assert columns and [c for c in columns if c[1].lower() in reserved] == []
    # the provenance offsets, as an analyst asks for them
    start, end = con.execute("select text_start, text_end from targets order by doc_id limit 1").fetchone()
    assert 0 <= start < end


def test_latest_target_keeps_places_apart_and_both_targets_of_one_indicator(tmp_path: Path) -> None:
    from mtcl.pipeline import process_file

    base = process_file(next(CORPUS.glob("003_*.txt"))).decision
    coded = next(o for o in base.objectives if any(t.indicator for t in o.targets))
    twice = next(t for t in coded.targets if t.indicator)
    (tmp_path / "json").mkdir()
    made = {}
    # two issuers that name no locality (A this year and last, B only last year); A sets two targets of one
    # indicator this year
    for name, issuer, year in (("a_new", "Ủy ban nhân dân xã A", 2024), ("a_old", "Ủy ban nhân dân xã A", 2023),
                               ("b_old", "Ủy ban nhân dân xã B", 2023)):
        d = base.model_copy(deep=True)
        d.doc_id = f"{len(made) + 1:016x}"
        d.source.path = f"archive/{name}.txt"
        d.issuer.name, d.issuer.locality, d.issuer.province, d.year = issuer, None, None, year
        d.decision_number = f"{len(made) + 1}/QĐ-UBND"
        if name == "a_new":
            o = next(o for o in d.objectives if o.id == coded.id)
            o.targets.append(twice.model_copy(update={"value": twice.value - 1, "text": twice.text + " (2)"}))
        (tmp_path / "json" / f"{d.doc_id}.json").write_text(d.model_dump_json(indent=2), encoding="utf-8")
        made[name] = d
    assert main(["compare", str(tmp_path)]) == 0
    con = duckdb.connect(str(tmp_path / "mtcl.duckdb"), read_only=True)
    latest = con.execute("select issuer_name, indicator, doc_id from latest_target").fetchall()

    def coded_targets(d: Decision) -> list[tuple[str | None, str, str]]:
        return [(d.issuer.name, t.indicator, d.doc_id) for o in d.objectives for t in o.targets if t.indicator]

    assert sorted(latest) == sorted(coded_targets(made["a_new"]) + coded_targets(made["b_old"]))
    assert sum(1 for i, ind, doc in latest if doc == made["a_new"].doc_id and ind == twice.indicator) >= 2


def test_comparison_columns_by_place_then_year_and_numbers_as_numbers(samples_output: Path) -> None:
    wide = pd.read_csv(samples_output / "comparison.csv", encoding="utf-8-sig")
    # Vietnamese alphabetical order (Hạ < Hương: code points put 'ư' U+01B0 before 'ạ' U+1EA1); the decision that
    # names no locality by its issuer
    assert list(wide.columns[4:]) == ["An Biên 2026", "Hạ Long 2022", "Hương Trà 2023", "Phước Long 2021",
                                      "Ủy ban nhân dân thành phố 2021"]
    long = pd.read_csv(samples_output / "comparison_long.csv", encoding="utf-8-sig")
    assert long["value"].dtype.kind == "f" and long["year"].dtype.kind == "i"
    assert list(dict.fromkeys(long["column"])) == list(wide.columns[4:])
    # hand-checked: Hạ Long 2022 "Tỷ lệ hài lòng ... trên 98%"
    row = long[(long["column"] == "Hạ Long 2022") & (long["indicator"] == "satisfaction_rate")].iloc[0]
    assert (row["comparator"], row["comparator_words"], row["value"]) == ("gt", "trên", 98.0)
    assert row["label_vi"] == "Tỷ lệ hài lòng của người dân, tổ chức"
    issuer = long[long["column"] == "Ủy ban nhân dân thành phố 2021"]
    assert len(issuer) and issuer["locality"].isna().all()
    assert (issuer["issuer_name"] == "Ủy ban nhân dân thành phố").all()


def test_targets_carry_the_indicator_label_and_the_comparator_in_words(samples_output: Path) -> None:
    rows = _csv(samples_output / "csv" / "targets.csv")
    header = list(rows[0])
    assert header.index("indicator_label") == header.index("indicator") + 1
    assert header.index("comparator_words") == header.index("comparator") + 1
    # hand-checked: "tối thiểu 95%" of satisfaction (2026) is ge, in words 'tối thiểu'
    sat = [r for r in rows if r["indicator"] == "satisfaction_rate" and r["year"] == "2026"]
    assert sat and sat[0]["comparator"] == "ge" and sat[0]["comparator_words"] == "tối thiểu"
    assert sat[0]["indicator_label"] == "Tỷ lệ hài lòng của người dân, tổ chức"
    assert all(r["indicator_label"] == "" for r in rows if not r["indicator"])
    ws = load_workbook(samples_output / "mtcl.xlsx", read_only=True)["targets"]
    head = [c.value for c in next(ws.iter_rows(max_row=1))]
    assert "indicator_label" in head and "comparator_words" in head


@pytest.mark.parametrize("umask", [0o022, 0o077])
def test_outputs_honour_the_umask(tmp_path: Path, umask: int) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_bytes(next(CORPUS.glob("003_*.txt")).read_bytes())
    out = tmp_path / "out"
    old = os.umask(umask)
    try:
        assert main(["extract", str(src), "-o", str(out), "-q", "-j", "1"]) == 0
    finally:
        os.umask(old)
    want = 0o666 & ~umask
    files = [p for p in out.rglob("*") if p.is_file() and not p.name.startswith("catalog.sqlite")]
    assert len(files) > 15  # json, card, feed, CSVs, XLSX, DuckDB, Parquet …
    modes = {str(p.relative_to(out)): stat.S_IMODE(p.stat().st_mode) for p in files}
    assert {k: oct(m) for k, m in modes.items() if m != want} == {}


def test_vietnamese_alphabetical_order() -> None:
    from normalize.collate import vi_key

    # letters first (ă, â, đ, ê, ô, ơ, ư are letters of their own), then the tones (none, huyền, hỏi, ngã, sắc, nặng)
    names = ["Yên Bái", "Đà Nẵng", "Hưng Yên", "Hòa Bình", "Hải Dương", "Hà Nội", "Hà Giang", "Dak Nông", "An Giang",
             "Ấp Bắc", "Ba Vì", "Bà Rịa", "Bá Thước", "Bạ", "Bà", "Ba", "Bá", "Bả", "Bã"]
    assert sorted(names, key=vi_key) == [
        "An Giang", "Ấp Bắc", "Ba", "Bà", "Bả", "Bã", "Bá", "Bạ", "Bà Rịa", "Bá Thước", "Ba Vì", "Dak Nông", "Đà Nẵng",
        "Hà Giang", "Hà Nội", "Hải Dương", "Hòa Bình", "Hưng Yên", "Yên Bái"]
