"""The report page: one HTML file with its data, its script and Plotly's JavaScript inside, so that it opens
offline from anywhere (mailed, on a USB stick) and loads nothing from the network."""

from __future__ import annotations

import base64
import gzip
import importlib.util
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from normalize.compare import load_decisions
from normalize.report.archive import decision_groups
from normalize.report.data import TEXT_BUDGET, page_data
from normalize.writers import AtomicFile

HERE = Path(__file__).resolve().parent


class ReportError(Exception):
    """The report cannot be made (what to do is in the message)."""


def plotly_js() -> str:
    """plotly.js as the plotly package ships it (plotly/package_data/plotly.min.js), read without importing the
    package: the report needs the browser library only."""
    spec = importlib.util.find_spec("plotly")
    locations = list(spec.submodule_search_locations or []) if spec else []
    for folder in locations:
        path = Path(folder) / "package_data" / "plotly.min.js"
        if path.is_file():
            # the library goes inside a <script> element, which the first "</script" would end
            return path.read_text(encoding="utf-8").replace("</script", "<\\/script")
    raise ReportError("plotly.min.js not found: the report needs the 'plotly' package (pip install plotly)")


def _data_json(data: dict[str, Any]) -> str:
    # every "<" escaped: the JSON sits in a <script> element, and it holds the documents' own text
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


PACKED = "application/x-mtcl-json-gzip-base64"  # a type the browser neither runs nor parses


def pack(data: dict[str, Any]) -> str:
    """JSON, gzip-compressed, in base64: a decision's details take about a quarter of their JSON's bytes (its text
    and tasks are Vietnamese prose); the page unpacks them with the browser's DecompressionStream when opened."""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(gzip.compress(raw, compresslevel=6, mtime=0)).decode("ascii")


def render_data(index: dict[str, Any], details: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The page in pieces. Each decision's details are an element of their own (packed: `pack`), which the browser
    skips over until the decision is opened: a large archive's page opens as fast as its index parses."""
    css = (HERE / "style.css").read_text(encoding="utf-8")
    app = (HERE / "app.js").read_text(encoding="utf-8")
    yield "".join([
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>mtcl: mục tiêu chất lượng</title>", f"<style>{css}</style></head><body>",
        '<noscript><p class="noscript">Trang này cần JavaScript để hiện biểu đồ và bảng '
        "(this page needs JavaScript).</p></noscript>",
        (HERE / "body.html").read_text(encoding="utf-8"),
        f'<script type="application/json" id="mtcl-data">{_data_json(index)}</script>\n'])
    for d, detail in zip(index["decisions"], details, strict=True):
        yield f'<script type="{PACKED}" id="d-{d["id"]}">{pack(detail)}</script>\n'
    yield f"<script>{plotly_js()}</script><script>{app}</script></body></html>\n"


def write_report(out_dir: Path, path: Path, *, text_budget: int = TEXT_BUDGET) -> dict[str, int]:
    """Write the report of OUT to `path`; returns what it holds (decisions, files, targets)."""
    counted = decision_groups(out_dir, load_decisions(out_dir))
    index, details = page_data(out_dir, counted, text_budget=text_budget)
    with AtomicFile(path) as fh:
        for piece in render_data(index, details):
            fh.write(piece.encode("utf-8"))
    return {"decisions": len(index["decisions"]), "files": index["files"], "targets": len(index["targets"]),
            "excerpts": index["excerpts"]}
