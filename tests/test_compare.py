"""Cross-locality outputs: comparison.csv, mtcl.xlsx, mtcl.duckdb, Parquet, indicator coverage."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from openpyxl import load_workbook

from mtcl.cli import main


def _targets(out: Path) -> list[dict]:
    rows = []
    for f in sorted((out / "json").glob("*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        for o in d["objectives"]:
            for t in o["targets"]:
                rows.append({"doc_id": d["doc_id"], "objective_id": o["id"], "year": d["year"],
                             "locality": d["issuer"]["locality"], "issuer": d["issuer"]["name"], **t})
    return rows


def test_every_target_is_coded_or_null(samples_output: Path, capsys: pytest.CaptureFixture[str]) -> None:
    targets = _targets(samples_output)
    assert targets and all(t["indicator"] is None or isinstance(t["indicator"], str) for t in targets)
    assert main(["indicators", str(samples_output)]) == 0
    out = capsys.readouterr().out
    coded = sum(1 for t in targets if t["indicator"])
    assert f"{coded}/{len(targets)}" in out


@pytest.mark.parametrize(
    ("metric_words", "indicator"),
    [  # hand-checked against the documents
        ("đúng thời gian theo quy định", "tthc_on_time_rate"),
        ("mức độ hài lòng của người dân, doanh nghiệp", "satisfaction_rate"),
        ("Tổng vốn đầu tư toàn xã hội", "total_investment"),
        ("xếp loại cải cách hành chính", "par_index_rank"),
        ("thời gian chờ đợi", "waiting_time"),
        ("được trả qua dịch vụ bưu chính", "postal_return_rate"),
        ("được tiếp nhận qua dịch vụ bưu chính", "postal_receipt_rate"),
        ("đơn khiếu nại, tố cáo", "complaints_on_time_rate"),
        ("Tỷ lệ che phủ rừng", "forest_cover_rate"),
    ],
)
def test_indicator_codes_a_reader_agrees_with(samples_output: Path, metric_words: str, indicator: str) -> None:
    hits = [t for t in _targets(samples_output) if metric_words.lower() in t["metric"].lower()]
    assert hits and all(t["indicator"] == indicator for t in hits), [(t["metric"], t["indicator"]) for t in hits]


def test_targets_csv_round_trips_with_pandas(samples_output: Path) -> None:
    df = pd.read_csv(samples_output / "csv" / "targets.csv", encoding="utf-8-sig", dtype={"objective_id": str})
    targets = _targets(samples_output)
    assert len(df) == len(targets)
    by_key = {(t["doc_id"], t["objective_id"], t["text"]): t for t in targets}
    for row in df.to_dict("records"):
        t = by_key[(row["doc_id"], row["objective_id"], row["text"])]
        assert row["value"] == pytest.approx(t["value"])
        assert row["comparator"] == t["comparator"] and row["unit"] == t["unit"]
        assert (None if pd.isna(row["value_max"]) else row["value_max"]) == t["value_max"]
        assert (None if pd.isna(row["indicator"]) else row["indicator"]) == t["indicator"]
        assert row["metric"] == t["metric"]


def test_xlsx_round_trips_with_openpyxl(samples_output: Path) -> None:
    wb = load_workbook(samples_output / "mtcl.xlsx")
    assert wb.sheetnames == ["decisions", "objectives", "targets", "tasks", "comparison"]
    ws = wb["targets"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, [c.value for c in r], strict=True)) for r in ws.iter_rows(min_row=2)]
    targets = _targets(samples_output)
    assert len(rows) == len(targets)
    for row, t in zip(sorted(rows, key=lambda r: (r["doc_id"], r["text"])),
                      sorted(targets, key=lambda t: (t["doc_id"], t["text"])), strict=True):
        assert isinstance(row["value"], int | float) and row["value"] == pytest.approx(t["value"])
        assert row["metric"] == t["metric"] and row["year"] == t["year"]
    decisions = wb["decisions"]
    dh = [c.value for c in decisions[1]]
    dates = [r[dh.index("issued_on")].value for r in decisions.iter_rows(min_row=2)]
    assert any(isinstance(d, dt.datetime | dt.date) for d in dates)
    assert wb["tasks"].column_dimensions["E"].width > 10


def test_duckdb_tables_and_views(samples_output: Path) -> None:
    con = duckdb.connect(str(samples_output / "mtcl.duckdb"), read_only=True)
    targets = _targets(samples_output)
    assert con.execute("select count(*) from targets").fetchone()[0] == len(targets)
    coded = [t for t in targets if t["indicator"]]
    assert con.execute("select count(*) from targets_by_indicator").fetchone()[0] == len(coded)
    latest = con.execute("select locality, issuer_name, indicator, year, doc_id from latest_target").fetchall()
    # per issuer and indicator, every target of its latest decision (two of one indicator in one decision: both)
    expected = []
    for place in {(t["locality"], t["issuer"], t["indicator"]) for t in coded}:
        mine = [t for t in coded if (t["locality"], t["issuer"], t["indicator"]) == place]
        newest = max(mine, key=lambda t: t["year"] or 0)
        expected += [(*place[:2], place[2], t["year"], t["doc_id"]) for t in mine if t["doc_id"] == newest["doc_id"]]
    assert sorted(latest, key=str) == sorted(expected, key=str)
    assert len(latest) > len({(t["locality"], t["indicator"]) for t in coded})  # some decision sets two
    assert con.execute("select count(*) from indicators").fetchone()[0] >= 25


def test_parquet_files(samples_output: Path) -> None:
    df = pd.read_parquet(samples_output / "parquet" / "targets.parquet")
    assert len(df) == len(_targets(samples_output))
    assert df["value"].dtype.kind == "f" and df["year"].dtype.name == "Int64"


def test_comparison_table(samples_output: Path) -> None:
    df = pd.read_csv(samples_output / "comparison.csv", encoding="utf-8-sig")
    assert list(df.columns[:4]) == ["indicator", "label_vi", "label_en", "unit"]
    row = df[df["indicator"] == "satisfaction_rate"].iloc[0]
    # hand-checked: "trên 98%" (2022), "tối thiểu 95%" (2026), "trên 90%" (2023)
    assert {">98", "≥95", ">90"} <= {v for v in row.values[4:] if isinstance(v, str)}
    assert len(df.columns) == 4 + 5


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is installed by scripts/system-deps.sh")
def test_comparison_csv_opens_in_libreoffice(samples_output: Path, tmp_path: Path) -> None:
    src = tmp_path / "comparison.csv"
    shutil.copy(samples_output / "comparison.csv", src)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--infilter=CSV:44,34,76,1",
         "--convert-to", "xlsx", "--outdir", str(tmp_path), str(src)],
        check=True, capture_output=True, timeout=180,
    )
    wb = load_workbook(tmp_path / "comparison.xlsx")
    ws = wb.active
    labels = [r[1].value for r in ws.iter_rows(min_row=2)]
    assert "Tỷ lệ hài lòng của người dân, tổ chức" in labels
    assert any("Hạ Long" in str(c.value) for c in ws[1])


def test_on_time_part_of_a_split_whole_is_not_the_on_time_rate() -> None:
    """"trước hẹn 40%, đúng hẹn 60%": the 60% is the on-time-only part (the early part is coded in the same clause);
    "đúng hạn và trước hạn 95%" is the on-time rate."""
    from normalize.vocabulary import indicator_for, refine_clause

    early = indicator_for("", "đảm bảo trước hẹn 40%", "%")
    # the pipeline codes "đúng hẹn 60%" from its whole clause, as the words before it name no procedure
    on_time = indicator_for("", "giải quyết thủ tục hành chính đảm bảo trước hẹn 40%, đúng hẹn 60%", "%")
    assert (early, on_time) == ("tthc_early_rate", "tthc_on_time_rate")
    assert refine_clause([early, on_time]) == ["tthc_early_rate", "tthc_on_time_only_rate"]
    assert refine_clause([indicator_for("", "giải quyết đúng hạn và trước hạn 95%", "%")]) == ["tthc_on_time_rate"]


def test_outputs_hold_only_the_archives_decisions_now(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # two samples extracted; then one removed from the archive and the other changed: their old JSON stays in
    # OUT/json, but the comparison, the report, the indicator coverage and the API hold the archive as it is now
    from mtcl.serve import load_index
    from normalize.compare import current_ids
    from tests.conftest import CORPUS

    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    kept, removed = (next(CORPUS.glob(f"{stem}_*.txt")) for stem in ("002", "003"))
    (src / kept.name).write_bytes(kept.read_bytes())
    (src / removed.name).write_bytes(removed.read_bytes())
    assert main(["extract", str(src), "-o", str(out), "-q"]) == 0
    before = set(current_ids(out))
    assert len(before) == 2
    columns_before = len(pd.read_csv(out / "comparison.csv", encoding="utf-8-sig").columns)

    (src / removed.name).unlink()
    changed = kept.read_text(encoding="utf-8").replace("Mục tiêu chất lượng", "Mục tiêu chất lượng (sửa đổi)", 1)
    (src / kept.name).write_text(changed, encoding="utf-8")
    assert main(["extract", str(src), "-o", str(out), "-q"]) == 0
    now = current_ids(out)
    assert len(now) == 1 and now[0] not in before
    assert len(list((out / "json").glob("*.json"))) == 3  # the old JSON files are left where they were
    assert len(pd.read_csv(out / "comparison.csv", encoding="utf-8-sig").columns) == columns_before - 1
    assert [s["doc_id"] for s in load_index(out).summaries] == now
    capsys.readouterr()
    assert main(["indicators", str(out)]) == 0
    coverage = capsys.readouterr().out
    one = json.loads((out / "json" / f"{now[0]}.json").read_text(encoding="utf-8"))
    n_targets = sum(len(o["targets"]) for o in one["objectives"])
    assert f"/{n_targets} (" in coverage.splitlines()[0]
    report = tmp_path / "report.html"
    assert main(["report", str(out), "-o", str(report)]) == 0
    assert one["doc_id"] in report.read_text(encoding="utf-8")
    assert not any(i in report.read_text(encoding="utf-8") for i in before)
