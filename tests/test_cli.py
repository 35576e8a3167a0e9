"""The command line as a user meets it: usage errors in one line (exit 2), not tracebacks; what a run reads and
skips; what it says while it runs and when it resumes; --version and the defaults in every --help; and `make
run` setting up what the corpus needs."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mtcl import batch
from mtcl.cli import build_parser, main
from tests.conftest import CORPUS, ROOT


def _sample(folder: Path, name: str, stem: str = "003") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(next(CORPUS.glob(f"{stem}_*.txt")).read_bytes())
    return path


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mtcl.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, check=False)


def test_usage_errors_are_one_line_and_exit_2(tmp_path: Path) -> None:
    _sample(tmp_path / "in", "a.txt")
    a_file = tmp_path / "a_file"
    a_file.write_text("x")
    not_output = tmp_path / "not_output"
    not_output.mkdir()
    (not_output / "notes.txt").write_text("x")
    out = tmp_path / "out"
    out.mkdir()
    (out / "json").mkdir()  # an output folder (empty)
    cases = [
        (["extract", str(tmp_path / "in"), "-o", str(a_file)], "is a file"),
        (["report", str(out), "-o", str(tmp_path)], "is a folder"),
        (["report", str(not_output), "-o", str(tmp_path / "r.html")], "not an output folder of mtcl extract"),
        (["indicators", str(not_output)], "not an output folder of mtcl extract"),
        (["compare", str(not_output)], "not an output folder of mtcl extract"),
        (["indicators", str(a_file)], "not a directory"),
    ]
    for args, words in cases:
        done = _run(*args)
        assert done.returncode == 2, (args, done.stderr)
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and words in lines[0] and "Traceback" not in done.stderr, (args, done.stderr)
    assert a_file.read_text() == "x"  # left as it was


def test_version_and_defaults_in_every_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args(["--version"])
    assert exc.value.code == 0
    assert re.fullmatch(r"mtcl \d+\.\d+\.\d+\S*\n", capsys.readouterr().out)
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert set(commands) >= {"extract", "schema", "eval", "compare", "indicators", "serve", "report"}
    for name, sub in commands.items():
        text = sub.format_help()
        for action in sub._actions:
            if action.default not in (None, False, "==SUPPRESS==") and action.option_strings:
                assert f"(default: {action.default})" in " ".join(text.split()), (name, action.dest)
    assert "(default: 120.0)" in " ".join(commands["extract"].format_help().split())


def test_include_exclude_unsupported_and_the_output_inside_the_input(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "archive"
    _sample(src / "2024", "keep.txt", "003")
    _sample(src / "2024", "draft.txt", "002")
    _sample(src / "old", "keep_too.txt", "004")
    (src / "2024" / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(200))
    (src / "2024" / "sheet.xlsx.bak").write_bytes(b"junk")
    out = src / "out"  # inside the input folder: never read as input
    assert main(["extract", str(src), "-o", str(out), "-q", "-j", "1", "--exclude", "draft*",
                 "--exclude", "old/*"]) == 0
    err = capsys.readouterr().err
    assert "done 1," in err and "skipped 2 of an unsupported type" in err and "failed 0" in err
    assert [r["file"] for r in csv.DictReader((out / "skipped.csv").read_text(encoding="utf-8-sig").splitlines())] \
        == [str(src / "2024" / "photo.jpg"), str(src / "2024" / "sheet.xlsx.bak")]
    assert (out / "errors.csv").read_text(encoding="utf-8-sig").count("\n") == 1  # no failure
    # again, the output folder now full of JSON, CSV and XLSX files: none of it is read
    assert main(["extract", str(src), "-o", str(out), "-q", "-j", "1", "--include", "*.TXT",
                 "--exclude", "draft*"]) == 0
    err = capsys.readouterr().err
    assert "done 1, skipped 1 (unchanged)" in err and "unsupported" not in err
    paths = [r["source_path"] for r in csv.DictReader(
        (out / "csv" / "decisions.csv").read_text(encoding="utf-8-sig").splitlines())]
    assert sorted(Path(p).name for p in paths) == ["keep.txt", "keep_too.txt"]


def test_an_empty_input_folder_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty" / "sub").mkdir(parents=True)
    assert main(["extract", str(tmp_path / "empty"), "-o", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert "no files in" in err and "nothing to extract" in err
    assert not (tmp_path / "out").exists()
    _sample(tmp_path / "some", "a.txt")
    assert main(["extract", str(tmp_path / "some"), "-o", str(tmp_path / "out"), "--include", "*.pdf"]) == 0
    assert "no files that --include/--exclude keep" in capsys.readouterr().err


def test_progress_names_the_file_and_the_final_stage_and_a_resume_counts(tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str],
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch.Progress, "EVERY", 0.0)  # a log line per file (a terminal gets a bar)
    src = tmp_path / "in"
    names = ["a.txt", "b.txt", "c.txt"]
    for name, stem in zip(names, ["000", "003", "004"], strict=True):
        _sample(src, name, stem)
    out = tmp_path / "out"
    assert main(["extract", str(src), "-o", str(out), "-j", "1"]) == 0
    err = capsys.readouterr().err
    reading = re.findall(r"reading (\S+)", err)
    assert reading and set(reading) <= {str(src / n) for n in names[1:]}  # the file a worker is on
    assert "building the final tables" in err.split("done 3")[0].splitlines()[-1]
    total = int(re.search(r"warnings (\d+)", err).group(1))
    assert total > 0
    # a resume: one file new, the others unchanged
    _sample(src, "d.txt", "002")
    assert main(["extract", str(src), "-o", str(out), "-j", "1"]) == 0
    err = capsys.readouterr().err
    assert "resuming: 3 files unchanged since the last run are skipped, 1 to read" in err
    summary = err.strip().splitlines()[-1]
    assert summary.startswith("done 1, skipped 3 (unchanged)")
    feed = [json.loads(line) for line in (out / "decisions.jsonl").read_text(encoding="utf-8").splitlines()]
    real = sum(len(d["warnings"]) for d in feed)  # every warning of the four decisions, not only the new one's
    new = next(len(d["warnings"]) for d in feed if d["source"]["path"].endswith("d.txt"))
    assert f"warnings {real} (in all 4 files; {new} in the 1 read now)" in summary


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_sets_up_the_system_packages_first() -> None:
    # on a fresh machine the corpus' .doc needs LibreOffice and its scan Tesseract: `make run` installs them
    plan = subprocess.run(["make", "-n", "-B", "run"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    lines = plan.splitlines()
    deps = next(i for i, line in enumerate(lines) if "scripts/system-deps.sh" in line)
    extract = next(i for i, line in enumerate(lines) if "mtcl extract" in line)
    assert deps < extract
    script = (ROOT / "scripts" / "system-deps.sh").read_text(encoding="utf-8")
    assert "tesseract-ocr-vie" in script and "libreoffice-writer-nogui" in script
