"""The HTML report: self-contained, no console errors in headless Chromium, a screenshot taken."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from mtcl.cli import main

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is installed by scripts/system-deps.sh")


def _chromium(tmp: Path, url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    # the flags keep Chromium off the network (this machine has none) and quiet
    args = [CHROMIUM or "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={tmp / 'profile'}", "--enable-logging=stderr", "--v=0", *extra, url]
    return subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)


def _console_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def test_console_detector_catches_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text("<html><body><script>console.error('boom'); missing();</script></body></html>")
    lines = _console_lines(_chromium(tmp_path, bad.as_uri(), "--dump-dom").stderr)
    assert any("boom" in line for line in lines) and any("Uncaught" in line for line in lines)


def test_report_renders_without_console_errors(samples_output: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    assert main(["report", str(samples_output), "-o", str(report)]) == 0
    page = report.read_text(encoding="utf-8")
    assert not re.search(r"(?:src|href)=\"https?://", page), "the report must not load anything from the network"
    dom = _chromium(tmp_path, report.as_uri(), "--dump-dom")
    assert _console_lines(dom.stderr) == []
    assert dom.stdout.count("<figure") >= 10  # a chart per coded indicator
    assert "Tỷ lệ hài lòng của người dân, tổ chức" in dom.stdout
    for doc in (samples_output / "json").glob("*.json"):
        assert f'href="#doc-{doc.stem}"' in dom.stdout and f'id="warn-{doc.stem}"' in dom.stdout
    shot = tmp_path / "report.png"
    _chromium(tmp_path, report.as_uri(), f"--screenshot={shot}", "--window-size=1280,1600")
    assert shot.exists() and shot.stat().st_size > 10_000
