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
