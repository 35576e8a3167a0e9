"""Archive-scale runs: resume, kill and resume, per-file timeout and memory cap, metadata, duplicates, Dask."""

from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from mtcl.batch import LocalPool, run_batch
from mtcl.cli import main
from tests.conftest import CORPUS, ROOT

COMPARED = ["decisions.jsonl", "csv/decisions.csv", "csv/objectives.csv", "csv/targets.csv", "csv/tasks.csv",
            "csv/task_units.csv", "errors.csv", "errors.jsonl", "comparison.csv", "duplicates.csv"]


def make_archive(root: Path, copies: int) -> Path:
    """`copies` distinct decisions: the samples under other localities and years (text changed, so new bytes)."""
    samples = sorted(CORPUS.glob("*.txt"))
    places = ["Tân Phú", "Bình Minh", "Long Hải", "Phú Mỹ", "An Khê", "Đông Hà", "Sơn Tây", "Vĩnh Yên"]
    for i in range(copies):
        src = samples[i % len(samples)]
        text = src.read_text(encoding="utf-8")
        place = places[(i // len(samples)) % len(places)]
        folder = root / place / str(2020 + i % 7)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{src.stem}_{i}.txt").write_text(text + f"\n\nBản sao số {i} lưu tại {place}.\n", encoding="utf-8")
    return root


def _same_outputs(a: Path, b: Path) -> None:
    for rel in COMPARED:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel
    ja = sorted(p.name for p in (a / "json").glob("*.json"))
    assert ja == sorted(p.name for p in (b / "json").glob("*.json"))
    for name in ja:
        assert (a / "json" / name).read_bytes() == (b / "json" / name).read_bytes(), name
    wa, wb = load_workbook(a / "mtcl.xlsx"), load_workbook(b / "mtcl.xlsx")
    for sheet in wa.sheetnames:
        assert [[c.value for c in r] for r in wa[sheet].iter_rows()] == [
            [c.value for c in r] for r in wb[sheet].iter_rows()], sheet


def test_rerun_skips_done_and_picks_up_new_and_changed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive = make_archive(tmp_path / "archive", 6)
    out = tmp_path / "out"
    assert main(["extract", str(archive), "-o", str(out), "-j", "2", "-q"]) == 0
    assert "done 6, skipped 0" in capsys.readouterr().err
    changed = next(archive.rglob("*.txt"))
    changed.write_text(changed.read_text(encoding="utf-8") + "\nSửa đổi.\n", encoding="utf-8")
    new = archive / "new" / "moi.txt"
    new.parent.mkdir()
    new.write_text(next(CORPUS.glob("002_*.txt")).read_text(encoding="utf-8") + "\nBản mới.\n", encoding="utf-8")
    assert main(["extract", str(archive), "-o", str(out), "-j", "2", "-q"]) == 0
    assert "done 2, skipped 5" in capsys.readouterr().err
    assert main(["extract", str(archive), "-o", str(out), "-j", "2", "-q", "--force"]) == 0
    assert "done 7, skipped 0" in capsys.readouterr().err
    feed = [json.loads(line) for line in (out / "decisions.jsonl").read_text(encoding="utf-8").splitlines()]
    # 7 files of 5 decisions: the 6th copy is sample 000's again, the new file sample 002's (with a line added)
    assert len(feed) == 5 and sum(len(d["renderings"]) for d in feed) == 7


def test_kill_and_resume_gives_the_same_outputs(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "archive", 120)
    whole, killed = tmp_path / "whole", tmp_path / "killed"
    cmd = [sys.executable, "-m", "mtcl.cli", "extract", str(archive), "-j", "2", "-q", "-o"]
    subprocess.run([*cmd, str(whole)], check=True, cwd=ROOT, timeout=600)
    proc = subprocess.Popen([*cmd, str(killed)], cwd=ROOT, start_new_session=True)
    db = killed / "catalog.sqlite"
    deadline = time.monotonic() + 300
    done = 0
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                done = sqlite3.connect(db).execute("select count(*) from files").fetchone()[0]
            except sqlite3.Error:
                done = 0
            if done >= 20:
                break
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)  # the whole process group: parent and workers, mid-run
    proc.wait()
    # what a killed run leaves is finished or absent, never half-written
    for f in (killed / "json").glob("*.json"):
        json.loads(f.read_text(encoding="utf-8"))
    assert 20 <= len(list((killed / "json").glob("*.json"))) < 120
    subprocess.run([*cmd, str(killed)], check=True, cwd=ROOT, timeout=600)
    assert not list(killed.rglob("*.tmp"))
    _same_outputs(whole, killed)


def _slow_or_bad(path: str, shown: str, with_text: bool, meta: dict[str, Any] | None) -> dict[str, Any]:
    name = Path(path).name
    if name.startswith("hang"):
        time.sleep(60)
    if name.startswith("hog"):
        blocks = [bytearray(64 * 1024 * 1024) for _ in range(200)]  # 12.5 GiB: over any cap
        return {"ok": True, "n": len(blocks)}
    if name.startswith("crash"):
        os._exit(3)
    return {"ok": True, "name": name}


def test_one_hanging_exploding_or_crashing_file_costs_only_itself(tmp_path: Path) -> None:
    names = ["a", "hang1", "b", "hog1", "c", "crash1", "d"]
    tasks: list[tuple[str, str, dict[str, Any] | None]] = [(str(tmp_path / n), n, None) for n in names]
    results: dict[str, dict[str, Any]] = {}
    pool = LocalPool(jobs=2, timeout=3, memory_mb=256, with_text=False, func=_slow_or_bad)
    started = time.monotonic()
    try:
        pool.run(tasks, lambda path, shown, result: results.__setitem__(shown, result))
    finally:
        pool.close()
    assert time.monotonic() - started < 30
    assert set(results) == set(names)
    assert all(results[n]["ok"] for n in "abcd")
    assert results["hang1"]["error_class"] == "Timeout"
    assert results["hog1"]["error_class"] in {"MemoryError", "WorkerCrash"}
    assert results["crash1"]["error_class"] == "WorkerCrash"


def test_metadata_from_path_template_and_manifest(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    (archive / "Tỉnh X" / "Phú Mỹ" / "2024").mkdir(parents=True)
    src = next(CORPUS.glob("001_*.txt"))  # names no locality, says 2021
    (archive / "Tỉnh X" / "Phú Mỹ" / "2024" / "mtcl.txt").write_bytes(src.read_bytes())
    out = tmp_path / "out"
    assert main(["extract", str(archive), "-o", str(out), "-q", "-j", "1",
                 "--path-template", "{province}/{locality}/{year}/*"]) == 0
    (d,) = [json.loads(p.read_text(encoding="utf-8")) for p in (out / "json").glob("*.json")]
    assert d["issuer"]["locality"] == "Phú Mỹ" and d["issuer"]["province"] == "Tỉnh X"
    assert d["field_provenance"]["issuer.locality"]["origin"] == "metadata"
    assert d["year"] == 2021  # the document says 2021: it wins, with a warning
    assert any(w["code"] == "conflict_metadata" and "2024" in w["message"] for w in d["warnings"])
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(f"path,locality,level\n{archive / 'Tỉnh X' / 'Phú Mỹ' / '2024' / 'mtcl.txt'},Bình An,xa\n",
                        encoding="utf-8")
    assert main(["extract", str(archive), "-o", str(out), "-q", "-j", "1", "--force", "--manifest",
                 str(manifest)]) == 0
    (d,) = [json.loads(p.read_text(encoding="utf-8")) for p in (out / "json").glob("*.json")]
    assert d["issuer"]["locality"] == "Bình An"
    assert any(w["code"] == "conflict_metadata" and "thanh_pho" in w["message"] for w in d["warnings"])
    assert main(["extract", str(archive), "-o", str(out), "--path-template", "{town}/*"]) == 2


def test_duplicates_are_reported_and_counted_once(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    src = next(CORPUS.glob("003_*.txt"))
    (archive / "a.txt").write_bytes(src.read_bytes())
    (archive / "b.txt").write_bytes(src.read_bytes() + b"\n\n")  # a re-export: other bytes, same decision
    (archive / "c.txt").write_bytes(src.read_bytes())  # the very same bytes
    out = tmp_path / "out"
    assert main(["extract", str(archive), "-o", str(out), "-q", "-j", "1"]) == 0
    rows = list(csv.DictReader((out / "duplicates.csv").read_text(encoding="utf-8-sig").splitlines()))
    # one group: the reading of a.txt and c.txt (the same bytes; the first by path ranks it before b.txt), b.txt
    assert [r["reason"] for r in rows] == ["representative", "identical file", "same issuer, number and date"]
    assert {r["group"] for r in rows} == {"1"}
    assert rows[0]["doc_id"] == rows[1]["doc_id"] == rows[2]["duplicate_of"] != rows[2]["doc_id"]
    assert rows[2]["path"].endswith("b.txt")
    comparison = (out / "comparison.csv").read_text(encoding="utf-8-sig").splitlines()
    assert comparison[0].count("An Biên 2026") == 1  # one column, not two
    feed = (out / "decisions.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(feed) == 1 and sorted(r["path"][-5:] for r in json.loads(feed[0])["renderings"]) == [
        "a.txt", "b.txt", "c.txt"]


def test_dask_cluster_gives_the_local_outputs(tmp_path: Path) -> None:
    from distributed import LocalCluster

    archive = make_archive(tmp_path / "archive", 10)
    local, remote = tmp_path / "local", tmp_path / "remote"
    run_batch([archive], local, jobs=2, progress=False)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      host="127.0.0.1") as cluster:
        stats = run_batch([archive], remote, jobs=2, cluster=cluster.scheduler_address, progress=False)
    assert stats.done == 10 and stats.failed == 0
    _same_outputs(local, remote)


def test_unreadable_and_odd_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    (archive / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(100))
    (archive.joinpath(os.fsdecode(b"t\xeam-l\xe0-latin1.txt"))).write_bytes(next(CORPUS.glob("004_*")).read_bytes())
    with (archive / "huge.txt").open("wb") as fh:
        fh.write(("Mục tiêu chất lượng năm 2024. " * 40).encode() * 50_000)  # ~ 50 MB
    out = tmp_path / "out"
    assert main(["extract", str(archive), "-o", str(out), "-q", "-j", "2"]) == 1
    errors = {Path(e["file"]).name: e for e in map(json.loads, (out / "errors.jsonl").read_text().splitlines())}
    assert "no such file" in errors["broken.txt"]["message"]
    assert "photo.jpg" not in errors  # a type mtcl does not read: skipped, not failed
    assert (out / "skipped.csv").read_text(encoding="utf-8-sig").splitlines()[1:] == [
        f"{archive / 'photo.jpg'},unsupported file type"]
    assert errors["huge.txt"]["error_class"] == "TooLarge"
    decisions = [json.loads(line) for line in (out / "decisions.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [d["source"]["path"].endswith("t\\xeam-l\\xe0-latin1.txt") for d in decisions] == [True]
