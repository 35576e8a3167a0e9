"""The archive's Word gold documents with commitments, rendered as a text PDF (LibreOffice) and as a scan (that PDF's
pages rasterised at 200 dpi, slightly blurred, no text layer), each with a copy of its gold file that every rendering
is scored against (`mtcl eval --only pdf|scan.pdf`).

Almost every archive document that commits to figures is filed as DOCX or .doc, while a province's archive holds the
same kind of document as signed PDFs and scans: this measures what the PDF and OCR paths lose on the same pages.

    python scripts/archive_renderings.py OUT        # OUT/in: STEM.docx|doc, STEM.pdf, STEM.scan.pdf; OUT/gold
    mtcl extract OUT/in -o OUT/out -j 2 && mtcl eval OUT/out OUT/gold --only scan.pdf
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold" / "archive"
SHARED = ROOT.parent / "shared"


def _fixtures():  # type: ignore[no-untyped-def]
    """scripts/make_fixtures.py, whose LibreOffice conversion and scan renderer the samples' renderings use."""
    spec = importlib.util.spec_from_file_location("make_fixtures", Path(__file__).with_name("make_fixtures.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(out: Path, gold: Path = GOLD, shared: Path = SHARED) -> list[str]:
    """Write the renderings and gold copies under `out`; the stems built."""
    (out / "in").mkdir(parents=True, exist_ok=True)
    (out / "gold").mkdir(parents=True, exist_ok=True)
    fixtures = _fixtures()
    stems = []
    for path in sorted(gold.glob("*.json")):
        g = json.loads(path.read_text(encoding="utf-8"))
        fmt = g["source"]["format"]
        if not g.get("objectives") or fmt not in ("docx", "doc"):
            continue
        stem = path.stem.replace(".", "_")  # the stem before the first dot names the document (mtcl/evaluate.py)
        word = out / "in" / f"{stem}.{fmt}"
        shutil.copy(shared / Path(g["source"]["path"]).relative_to("shared"), word)
        fixtures._scan(fixtures._soffice(word, "pdf", out / "in"), out / "in" / f"{stem}.scan.pdf")
        g["source"] = {**g["source"], "path": f"renderings/{stem}.{fmt}"}
        g["doc_id"] = f"rendering-{stem}"
        (out / "gold" / f"{stem}.json").write_text(json.dumps(g, ensure_ascii=False, indent=1), encoding="utf-8")
        stems.append(stem)
    return stems


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    if shutil.which("soffice") is None:
        print("LibreOffice (soffice) is needed: scripts/system-deps.sh installs it", file=sys.stderr)
        sys.exit(1)
    built = build(Path(sys.argv[1]))
    print(f"{len(built)} documents, 3 renderings each → {sys.argv[1]}/in")
