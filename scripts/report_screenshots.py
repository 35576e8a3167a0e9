"""The README's screenshots of the report: `python scripts/report_screenshots.py [OUT] [DEST]` (after `make run`:
OUT is output/, DEST docs/). The charts as the page opens, and a decision opened from the satisfaction chart's first
point, its value marked in the text; 960 pixels wide, in few colours, so that they stay small in the repository."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _small(src: Path, dest: Path) -> None:
    from PIL import Image

    im = Image.open(src).convert("RGB")
    im = im.resize((960, round(im.height * 960 / im.width)), Image.Resampling.LANCZOS)
    im.quantize(colors=96, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(dest, optimize=True)


def main() -> None:
    from normalize.report import write_report
    from tests.cdp import Browser

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "output"
    dest = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "docs"
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="mtcl-shots-") as tmp:
        page = Path(tmp) / "report.html"
        write_report(out, page)
        with Browser(Path(tmp) / "profile", width=1280, height=900) as b:
            b.open(page.as_uri())
            b.wait_for("document.querySelectorAll('.chart-card[data-drawn]').length >= 2")
            time.sleep(0.3)
            b.screenshot(Path(tmp) / "charts.png")
            first = b.js("document.querySelector('.chart-card[data-key=\"satisfaction_rate|%\"] .plot')"
                         ".data[0].customdata[0][0]")
            doc = b.js(f"JSON.parse(document.getElementById('mtcl-data').textContent).decisions["
                       f"JSON.parse(document.getElementById('mtcl-data').textContent).targets[{first}].d].id")
            b.js(f"location.hash = 'doc={doc}&t={first}'")
            b.wait_for("!!document.querySelector('#doc-text mark.current')")
            b.js("window.scrollTo(0, 0)")
            time.sleep(0.3)
            b.screenshot(Path(tmp) / "decision.png")
        _small(Path(tmp) / "charts.png", dest / "report-charts.png")
        _small(Path(tmp) / "decision.png", dest / "report-decision.png")
    print(f"wrote {dest / 'report-charts.png'} and {dest / 'report-decision.png'}")


if __name__ == "__main__":
    main()
