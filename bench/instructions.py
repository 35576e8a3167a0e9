"""Instructions, not seconds: the pipeline and pypdfium2's plain text extraction on the corpus' digital PDFs, counted
by valgrind (`python bench/instructions.py`; needs valgrind, a few minutes).

On a shared machine the time of a run drifts by a fifth from one minute to the next, more than most changes gain;
the instructions a run executes do not (to ~0.1%, with hash seeds fixed and OpenBLAS's spinning threads off). Each
count is the difference between a process that runs N rounds after its warm-up and one that only warms up, so
that the interpreter's start, the imports and the models' loading cancel. Instructions are not time (PDFium's
C++ does more per cycle than the interpreter: the ratio of instructions is below the ratio of seconds), but a
change that removes instructions from the pipeline's Python removes time, and this says how much, reproducibly.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKER = """
import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from extract import memo
from mtcl.pipeline import process_file
import pypdfium2 as pdfium
mode, rounds = sys.argv[1], int(sys.argv[2])
files = [f for f in sorted(Path({corpus!r}).glob("*.pdf")) if ".scan." not in f.name]
for f in files:
    process_file(f)
for _ in range(rounds):
    for f in files:
        if mode == "pipeline":
            memo.clear()
            process_file(f)
        else:
            pdf = pdfium.PdfDocument(str(f))
            for page in pdf:
                page.get_textpage().get_text_range()
            pdf.close()
"""


def _count(mode: str, rounds: int) -> int:
    env = {**os.environ, "PYTHONHASHSEED": "0", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    code = WORKER.format(root=str(ROOT), corpus=str(ROOT / "corpus"))
    out = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                          sys.executable, "-c", code, mode, str(rounds)],
                         capture_output=True, text=True, env=env, check=True)
    m = re.search(r"I\s+refs:\s+([\d,]+)", out.stderr)
    if m is None:
        raise SystemExit(f"valgrind gave no count:\n{out.stderr[-2000:]}")
    return int(m.group(1).replace(",", ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=2, help="rounds of the six PDFs counted (after the warm-up)")
    ns = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (apt-get install valgrind): nothing counted", file=sys.stderr)
        return 2
    per_run = {}
    for mode in ("pipeline", "plain"):
        base, full = _count(mode, 0), _count(mode, ns.rounds)
        per_run[mode] = (full - base) / ns.rounds
        print(f"{mode}: {per_run[mode] / 1e6:,.0f} M instructions a round of the corpus' digital PDFs")
    print(f"pipeline ÷ plain: {per_run['pipeline'] / per_run['plain']:.2f} (in instructions)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
