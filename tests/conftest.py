from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = ROOT / "tests" / "gold"
DATA = ROOT / "tests" / "data"


def load_cases(name: str) -> list[dict]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def corpus_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus extracted once through the real command line."""
    from mtcl.cli import main

    out = tmp_path_factory.mktemp("out")
    code = main(["extract", str(CORPUS), "-o", str(out), "-j", "2", "-q"])
    assert code == 0
    return out


@pytest.fixture(scope="session")
def samples_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five sample decisions only (their text versions), extracted through the real command line: the
    comparison outputs are about localities and years, not about formats."""
    from mtcl.cli import main

    src = tmp_path_factory.mktemp("samples")
    for p in sorted(CORPUS.glob("*.txt")):
        (src / p.name).write_bytes(p.read_bytes())
    out = tmp_path_factory.mktemp("samples_out")
    code = main(["extract", str(src), "-o", str(out), "-j", "2", "-q"])
    assert code == 0
    return out
