"""The final stage of a batch run writes its tables as a stream, one decision at a time, from the cards the
workers made: the outputs must be those of the plain in-memory derivation, cards that do not fit their JSON
file must be made again, and the memory of the final stage must not grow with the number of decisions."""

from __future__ import annotations

import json
import pickle
import shutil
import tracemalloc
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from mtcl.batch import finalize, run_batch
from mtcl.catalog import Catalog
from normalize.compare import (
    card_path,
    comparison_long,
    comparison_table,
    decision_card,
    load_decisions,
    write_comparisons,
)
from normalize.writers import TABLES, archive_decisions, csv_bytes, feed_line, flatten
from schemas.models import Decision
from tests.test_batch import make_archive


@pytest.fixture(scope="module")
def batch_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    archive = make_archive(tmp_path_factory.mktemp("archive"), 12)
    out = tmp_path_factory.mktemp("out")
    stats = run_batch([archive], out, jobs=2, progress=False)
    assert stats.done == 12 and stats.failed == 0
    return out


def _reference(out: Path) -> dict[str, bytes]:
    """The outputs derived the simple way, with every decision in memory: of the files the catalog lists as done
    (one record per doc_id), the archive (each decision once, with its group), for the feed, the CSVs and the
    comparison."""
    catalog = Catalog(out)
    done, shared = catalog.done(), catalog.shared_files()
    catalog.close()
    first: dict[str, str] = {}
    for path, doc_id in done:
        first.setdefault(doc_id, path)
    decisions = [Decision.model_validate_json((out / "json" / f"{i}.json").read_bytes()) for i in first]
    pairs = archive_decisions(decisions, shared)
    assert len(pairs) < len(decisions)  # the archive has renderings of one decision: counted once
    ref = {"decisions.jsonl": b"".join(feed_line(d, e) for d, e in pairs)}
    lines = [json.loads(line) for line in ref["decisions.jsonl"].splitlines()]
    assert [d["doc_id"] for d in lines] == [d.doc_id for d, _ in pairs]
    assert all(d["renderings"][0]["doc_id"] == d["doc_id"] for d in lines)
    for name, table in flatten(decisions).items():
        ref[f"csv/{name}.csv"] = csv_bytes(table.columns, table.rows)
    table = comparison_table(load_decisions(out))
    ref["comparison.csv"] = csv_bytes(table.columns, table.rows)
    table = comparison_long(load_decisions(out))
    ref["comparison_long.csv"] = csv_bytes(table.columns, table.rows)
    return ref


def test_streamed_tables_equal_the_in_memory_ones(batch_out: Path) -> None:
    for rel, data in _reference(batch_out).items():
        assert (batch_out / rel).read_bytes() == data, rel
    tables = flatten(load_decisions(batch_out))
    wb = load_workbook(batch_out / "mtcl.xlsx")
    for name in ("decisions", "objectives", "targets", "tasks"):
        ws = wb[name]
        values = [[c.value for c in r] for r in ws.iter_rows()]
        assert values[0] == tables[name].columns
        assert len(values) == len(tables[name].rows) + 1
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref == ws.dimensions
    for name in TABLES:
        df = pd.read_parquet(batch_out / "parquet" / f"{name}.parquet")
        assert list(df.columns) == tables[name].columns and len(df) == len(tables[name].rows), name
        assert df["doc_id"].tolist() == [r[0] for r in tables[name].rows], name


def test_a_workers_card_is_the_card_of_its_json(batch_out: Path) -> None:
    def typed(v: object) -> object:
        if isinstance(v, dict):
            return {k: typed(x) for k, x in v.items()}
        if isinstance(v, list | tuple):
            return [typed(x) for x in v]
        return (type(v).__name__, v)

    files = sorted((batch_out / "json").glob("*.json"))
    assert files
    for f in files:
        fresh = decision_card(Decision.model_validate_json(f.read_bytes()))
        with card_path(batch_out, f.stem).open("rb") as fh:
            pickle.load(fh)  # the stamp
            head, body = pickle.load(fh), pickle.load(fh)
        assert typed(head) == typed(pickle.loads(fresh.head))
        assert typed(body) == typed(pickle.loads(fresh.body))


def test_cards_that_do_not_fit_their_json_are_made_again(batch_out: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(batch_out, out)
    files = sorted((out / "json").glob("*.json"))
    # a JSON file changed behind the catalog's back, a card file gone, one that is not a card, one cut off
    changed = json.loads(files[0].read_text(encoding="utf-8"))
    changed["title"] = "=Tiêu đề đã sửa"
    files[0].write_text(json.dumps(changed, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    card_path(out, files[1].stem).unlink()
    card_path(out, files[2].stem).write_bytes(b"not a card")
    broken = card_path(out, files[3].stem)  # its stamp is right, the rest cut off (a power cut, no fsync)
    with broken.open("rb") as fh:
        pickle.load(fh)
        keep = fh.tell() + 50
    broken.write_bytes(broken.read_bytes()[:keep])
    catalog = Catalog(out)
    finalize(out, catalog, jobs=1)
    catalog.close()
    for rel, data in _reference(out).items():
        assert (out / rel).read_bytes() == data, rel
    assert "'=Tiêu đề đã sửa" in (out / "csv" / "decisions.csv").read_text(encoding="utf-8-sig")
    for f in files[:4]:
        assert card_path(out, f.stem).stat().st_size > 1000


def test_the_xlsx_process_writes_what_this_one_does(batch_out: Path, tmp_path: Path) -> None:
    outs = []
    for parallel in (False, True):
        out = tmp_path / f"p{parallel}"
        shutil.copytree(batch_out, out)
        write_comparisons(out, parallel=parallel)
        outs.append(load_workbook(out / "mtcl.xlsx"))
    a, b = outs
    assert a.sheetnames == b.sheetnames == ["decisions", "objectives", "targets", "tasks", "comparison"]
    for name in a.sheetnames:
        rows_a = [[c.value for c in r] for r in a[name].iter_rows()]
        assert rows_a == [[c.value for c in r] for r in b[name].iter_rows()], name


def _distinct_decisions(src: Path, dest: Path, count: int) -> None:
    """`count` decisions that are all different (no duplicates: every one reaches every table)."""
    base = Decision.model_validate_json(src.read_bytes())
    (dest / "json").mkdir(parents=True)
    for i in range(count):
        d = base.model_copy(deep=True)
        d.doc_id = f"{i:016x}"
        d.source.path = f"archive/{i:05d}.txt"
        d.decision_number = f"{i}/QĐ-UBND"
        for o in d.objectives:
            o.text = f"{o.text} (bản {i})"
        (dest / "json" / f"{d.doc_id}.json").write_text(d.model_dump_json(indent=2) + "\n", encoding="utf-8")


def test_final_stage_memory_does_not_grow_with_the_archive(batch_out: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import normalize.compare

    monkeypatch.setattr(normalize.compare, "_CHUNK_ROWS", 500)  # the Parquet row groups: flushed here too
    src = max((batch_out / "json").glob("*.json"), key=lambda p: p.stat().st_size)
    peaks = {}
    for count in (30, 120):
        out = tmp_path / f"n{count}"
        _distinct_decisions(src, out, count)
        write_comparisons(out, parallel=False)  # the cards are made here, then the outputs: once untimed
        tracemalloc.start()
        write_comparisons(out, parallel=False)
        peaks[count] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert len(pd.read_parquet(out / "parquet" / "decisions.parquet")) == count
    # four times the decisions: the peak grows by far less than the data (which grows 4×)
    assert peaks[120] < 1.5 * peaks[30], peaks
