"""The work of reading a file at archive scale: a time budget that grows with the pages and keeps what was read when
it runs out, the render size of a scan, Tesseract in the process, pages read in parallel on a lent core, one
LibreOffice kept running (and restarted after a conversion that overruns), progress on a long file."""

from __future__ import annotations

import io
import os
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from extract.readers import ocr
from extract.readers.text import ReaderError
from extract.work import Budget, Cores, Work, current, page_ranges, working
from mtcl.batch import LocalPool, Progress
from mtcl.pipeline import FileError, process_bytes
from tests.conftest import CORPUS

SCAN = CORPUS / "004_1e65ec4dc84e8a72.scan.pdf"
LEGACY_DOC = CORPUS / "004_1e65ec4dc84e8a72.legacy.doc"


# --- the ruling lines, render size, Tesseract ---------------------------------------------------------------


def _runs_by_window(mask: np.ndarray, length: int) -> np.ndarray:
    """The definition: a pixel is on a ruling line when some window of `length` dark pixels along its row holds
    it."""
    out = np.zeros_like(mask)
    for r, row in enumerate(mask):
        for start in range(len(row) - length + 1):
            if row[start : start + length].all():
                out[r, start : start + length] = True
    return out


def test_ruling_line_runs_are_the_windows_of_dark_pixels() -> None:
    rng = np.random.default_rng(18)
    for _ in range(300):
        height, width = rng.integers(1, 12), rng.integers(1, 40)
        mask = rng.random((height, width)) < rng.random()
        length = int(rng.integers(1, 15))
        assert (ocr._runs(mask, length) == _runs_by_window(mask, length)).all()
        assert (ocr._column_runs(mask, length) == _runs_by_window(mask.T, length).T).all()


def test_render_size_is_300_dpi_of_the_sheet_within_a_pixel_budget() -> None:
    a4 = (595.0, 842.0)
    assert ocr.render_scale(*a4, image=a4) == pytest.approx(300 / 72)
    assert ocr.render_scale(*a4, image=None) == pytest.approx(300 / 72)
    # a 55.7 × 81.7 cm page box around a photo of an A4 sheet: read as that sheet at 300 dpi, not as 60 Mpx
    huge = (1580.0, 2317.0)
    scale = ocr.render_scale(*huge, image=huge)
    assert round(huge[1] * scale) == pytest.approx(3508, abs=1)
    # the same page box with no image to go by: as large as the pixel budget allows, no more
    scale = ocr.render_scale(*huge, image=None)
    assert huge[0] * huge[1] * scale**2 == pytest.approx(ocr.MAX_PIXELS, rel=1e-6)


def _photo_on_a_huge_page() -> bytes:
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(1580, 2317)
    photo = Image.new("L", (395, 579), 255)
    photo.paste(0, (40, 40, 355, 60))
    image = pdfium.PdfImage.new(pdf)
    image.set_bitmap(pdfium.PdfBitmap.from_pil(photo))
    image.set_matrix(pdfium.PdfMatrix().scale(1580, 2317))
    page.insert_obj(image)
    page.gen_content()
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def test_a_photo_on_a_huge_page_box_is_rendered_from_its_image() -> None:
    pdf = pdfium.PdfDocument(_photo_on_a_huge_page())
    try:
        pixels = ocr.render_page(pdf, 0)
    finally:
        pdf.close()
    assert pixels.shape == pytest.approx((3508, 2392), abs=2)  # 300 dpi of an A4 sheet, not of 55 × 82 cm
    assert pixels.dtype == np.uint8 and pixels.min() < 64  # the photo's bar is there


def test_a_red_seal_is_as_light_as_the_paper_without_its_red_and_black_and_blue_ink_stay_dark() -> None:
    sheet = Image.new("RGB", (600, 800), (250, 250, 245))
    sheet.paste((200, 30, 40), (50, 50, 250, 250))  # a seal's red
    sheet.paste((20, 20, 20), (300, 50, 500, 250))  # print
    sheet.paste((30, 40, 160), (50, 400, 250, 600))  # a pen's blue
    buffer = io.BytesIO()
    sheet.save(buffer, "PDF", resolution=72.0)
    pdf = pdfium.PdfDocument(buffer.getvalue())
    try:
        page = ocr.render_layers(pdf, 0)
    finally:
        pdf.close()
    scale = page.grey.shape[1] / 600
    at = lambda pixels, x, y: int(pixels[int(y * scale), int(x * scale)])  # noqa: E731
    assert at(page.unsealed, 150, 150) > 180 and at(page.unsealed, 150, 700) > 230  # the seal, the paper
    assert at(page.unsealed, 400, 150) < 60 and at(page.unsealed, 150, 500) < 60  # print, blue ink
    assert at(page.grey, 150, 150) < 120  # the page itself is read in its luminance, the seal dark
    assert page.red_ink[int(150 * scale), int(150 * scale)] and not page.red_ink[int(150 * scale), int(400 * scale)]


def test_a_picture_under_a_seal_is_read_again_without_the_red(monkeypatch: pytest.MonkeyPatch) -> None:
    grey = np.full((400, 600), 250, dtype=np.uint8)
    red_ink = np.zeros_like(grey, dtype=bool)
    red_ink[220:380, 300:560] = True  # a seal over the signature block
    page = ocr.Rendered(grey, grey.copy(), red_ink)

    def row(level: int, left: int, top: int, width: int, height: int, conf: float, text: str,
            line: tuple[int, int, int] = (1, 1, 1)) -> str:
        return "\t".join(map(str, (level, 1, *line, 1, left, top, width, height, conf, text)))

    # the page's own reading: a picture where the seal is, and a picture with no red (a photo, a QR code)
    page_tsv = "\n".join([row(5, 300, 220, 260, 160, 95.0, " "), row(5, 20, 20, 200, 150, 95.0, " ")])
    crops: list[tuple[int, int]] = []

    def again(pixels: np.ndarray, psm: int = 4, seconds: float | None = None) -> str:
        crops.append(pixels.shape)
        return "\n".join([row(5, 10, 10, 120, 30, 95.0, "KT."), row(5, 140, 10, 100, 30, 94.0, "CHỦ"),
                          row(5, 10, 60, 60, 30, 5.0, "-2%⁄#—", (1, 1, 2)),
                          row(5, 10, 120, 50, 30, 96.0, "Bùi", (1, 1, 3)),
                          row(5, 70, 120, 60, 30, 0.0, "thanh", (1, 1, 3))])

    monkeypatch.setattr(ocr, "recognize_tsv", again)
    words = ocr._under_seals(page_tsv, page, None)
    assert words is not None and len(crops) == 1  # only the picture the seal covers is read again
    assert [w["text"] for w in words] == ["KT.", "CHỦ", "Bùi", "thanh"]  # the seal's scraps dropped, letters kept
    assert (words[0]["x0"], words[0]["top"]) == (300 - ocr.PICTURE_MARGIN + 10, 220 - ocr.PICTURE_MARGIN + 10)
    assert words[0]["line"] != words[2]["line"] and all(w["line"][0] < 0 for w in words)
    assert ocr.unsure_letters(words) == ("thanh",)


def test_tesseract_in_the_process_reads_what_the_command_reads(tmp_path: Path) -> None:
    from extract.readers.tesseract import recognize_tsv

    pdf = pdfium.PdfDocument(SCAN)
    try:
        pixels = ocr.render_page(pdf, 0)
    finally:
        pdf.close()
    png = tmp_path / "page.png"
    Image.fromarray(pixels).save(png)
    command = subprocess.run(["tesseract", str(png), "stdout", "-l", "vie", "--psm", "4", "tsv"],
                             capture_output=True, text=True, check=True).stdout.splitlines()[1:]
    assert recognize_tsv(pixels, psm=4).splitlines() == command
    assert sum(row.startswith("5\t") for row in command) > 100  # the page's words, not an empty page


# --- the time budget ----------------------------------------------------------------------------------------


class _PagesOfTime(Work):
    """A clock that runs out after `pages` pages are read, whatever the machine's speed."""

    def __init__(self, pages: int) -> None:
        super().__init__(Budget(base=600))
        self.pages_of_time = pages

    def time_left(self) -> float | None:
        return 600.0 if self.done < self.pages_of_time else 0.0


def test_time_running_out_keeps_the_pages_read_and_names_the_others() -> None:
    with working(_PagesOfTime(2)):
        result = process_bytes(str(SCAN), SCAN.read_bytes())
    warnings = {w.code: w.message for w in result.decision.warnings}
    assert "pages 3–9 of 9 were not read" in warnings["pages_not_read"]
    pages = {b.page for b in result.document.blocks}
    assert pages == {1, 2}
    assert result.decision.source.ocr and result.decision.source.pages == 9
    assert result.decision.title  # the first page's header was read


def test_time_running_out_before_any_page_is_a_clear_error() -> None:
    with working(_PagesOfTime(0)), pytest.raises(FileError, match="ran out before any page was read"):
        process_bytes(str(SCAN), SCAN.read_bytes())


def test_page_ranges() -> None:
    assert page_ranges([12, 3, 5, 6, 7, 8, 9]) == "3, 5–9, 12"
    assert page_ranges([4]) == "4"


def _reads_three_pages(path: str, shown: str, with_text: bool, meta: dict[str, Any] | None) -> dict[str, Any]:
    work = current()
    if shown == "hang":
        time.sleep(60)  # says nothing of its pages: killed at its base budget
    work.start_pages(3)
    work.add_ocr_pages(3)
    for _ in range(3):
        time.sleep(0.7)
        work.page_done()
    return {"ok": True, "allowed": work.allowed()}


def test_a_files_budget_grows_with_the_pages_it_reports() -> None:
    results: dict[str, dict[str, Any]] = {}
    events: list[tuple[str, dict[str, Any]]] = []
    # the base (1 s) is below what the file takes (2.1 s); its three OCR'd pages give it 1 + 3 × 2 s
    pool = LocalPool(jobs=1, timeout=1, memory_mb=0, with_text=False, func=_reads_three_pages,
                     budget=Budget(base=1, per_ocr_page=2))
    started = time.monotonic()
    try:
        pool.run([("a", "scan", None), ("b", "hang", None)], lambda p, s, r: results.__setitem__(s, r),
                 lambda s, info: events.append((s, dict(info))))
    finally:
        pool.close()
    assert time.monotonic() - started < 30
    assert results["scan"] == {"ok": True, "allowed": 7.0}
    assert results["hang"]["error_class"] == "Timeout"
    mine = [info for s, info in events if s == "scan"]
    assert mine[-1] == {"pages": 3, "done": 3, "ocr_pages": 3, "budget": 7.0}
    assert [info["done"] for info in mine] == sorted(info["done"] for info in mine)


# --- pages in parallel ----------------------------------------------------------------------------------------


class _LendsOne(Cores):
    def __init__(self, overbooked_after: int | None = None) -> None:
        self.lent = self.returned = 0
        self.checks = 0
        self.overbooked_after = overbooked_after
        self.lock = threading.Lock()

    def claim(self) -> bool:
        with self.lock:
            if self.lent:
                return False
            self.lent += 1
            return True

    def release(self) -> None:
        self.returned += 1

    def overbooked(self) -> bool:
        self.checks += 1
        return self.overbooked_after is not None and self.checks > self.overbooked_after


@pytest.fixture
def fake_pages(monkeypatch: pytest.MonkeyPatch) -> dict[int, int]:
    """read_page replaced by one that notes the thread each page was read by."""
    by_thread: dict[int, int] = {}

    def read(pixels: np.ndarray, seconds: float | None = None) -> ocr.PageText:
        time.sleep(0.05)
        by_thread[int(pixels[0, 0])] = threading.get_ident()
        return [], [], float(pixels[0, 0])

    monkeypatch.setattr(ocr, "read_page", read)
    return by_thread


def _page(index: int) -> np.ndarray:
    return np.full((2, 2), index, dtype=np.uint8)


def test_pages_are_read_in_parallel_on_a_lent_core(fake_pages: dict[int, int]) -> None:
    cores = _LendsOne()
    done = ocr.ocr_pages(_page, list(range(8)), Work(cores=cores))
    assert sorted(done) == list(range(8)) and all(done[i][2] == i for i in done)
    assert len(set(fake_pages.values())) == 2  # this thread and one on the lent core
    assert cores.returned == 1


def test_a_lent_core_goes_back_when_another_worker_needs_it(fake_pages: dict[int, int]) -> None:
    cores = _LendsOne(overbooked_after=0)
    done = ocr.ocr_pages(_page, list(range(8)), Work(cores=cores))
    assert sorted(done) == list(range(8))
    helper = [t for t in set(fake_pages.values()) if t != threading.get_ident()]
    assert len(helper) == 1 and list(fake_pages.values()).count(helper[0]) == 1  # one page, then gave it back
    assert cores.returned == 1


def test_without_a_batch_pages_are_read_by_one_thread(fake_pages: dict[int, int]) -> None:
    done = ocr.ocr_pages(_page, list(range(4)), Work())
    assert sorted(done) == list(range(4)) and set(fake_pages.values()) == {threading.get_ident()}


# --- progress -------------------------------------------------------------------------------------------------


def test_progress_shows_the_pages_of_a_long_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Progress, "LONG", 0.0)
    stream = io.StringIO()
    bar = Progress(total=2, enabled=True, stream=stream)
    bar.last -= 10  # the last line was printed long ago
    bar.pages("archive/to trinh/scan.pdf", {"pages": 54, "done": 12})
    assert stream.getvalue().splitlines()[-1].endswith("reading scan.pdf 12/54 pages")
    bar.step(False, "archive/other.docx")
    bar.step(False, "archive/to trinh/scan.pdf")
    last = stream.getvalue().splitlines()[-1]
    assert last.startswith("2/2 files") and "reading" not in last


# --- one LibreOffice per process ------------------------------------------------------------------------------


def _gone(group: int) -> bool:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def test_one_office_converts_file_after_file_and_is_restarted_after_one_that_overruns() -> None:
    from extract.readers import office
    from extract.readers.docx import read_docx

    python = office.uno_python()
    assert python, "python3-uno is missing: bash scripts/system-deps.sh"
    data = LEGACY_DOC.read_bytes()
    keeper = office.Office()
    try:
        first = read_docx(keeper.convert(data, 120, python))
        assert keeper.bridge is not None
        bridge, group, workdir = keeper.bridge.pid, keeper.office_group, keeper.workdir
        assert read_docx(keeper.convert(data, 120, python)).text == first.text
        assert keeper.bridge.pid == bridge  # the same office, not a start per file
        with pytest.raises(ReaderError, match=r"within .* restarted"):
            keeper.convert(data, 0.001, python)  # overruns its time: killed with its office
        assert keeper.bridge is None and _gone(group)
        assert not Path(workdir).exists() and not Path(office._pipe(workdir)[1]).exists()  # nothing left behind
        again = read_docx(keeper.convert(data, 120, python))
        assert keeper.bridge is not None and keeper.bridge.pid != bridge
        assert again.text == first.text
        workdir = keeper.workdir
    finally:
        keeper.close()
    assert not Path(workdir).exists() and not Path(office._pipe(workdir)[1]).exists()
    # what a LibreOffice started for the one file gives
    assert read_docx(office._convert_alone(data, 120)).text == first.text


def _converts_then_hangs(path: str, shown: str, with_text: bool, meta: dict[str, Any] | None) -> dict[str, Any]:
    from extract.readers import office

    office.to_docx(LEGACY_DOC.read_bytes())
    keeper = office._office
    assert keeper is not None
    Path(path).write_text(f"{keeper.office_group} {keeper.workdir}", encoding="utf-8")
    time.sleep(60)  # a hang after the conversion: the worker is killed, its office must not outlive it
    return {"ok": True}


def test_a_worker_killed_for_its_time_leaves_no_office_behind(tmp_path: Path) -> None:
    from extract.readers import office

    note = tmp_path / "office.txt"
    results: dict[str, dict[str, Any]] = {}
    pool = LocalPool(jobs=1, timeout=8, memory_mb=0, with_text=False, func=_converts_then_hangs)
    try:
        pool.run([(str(note), "doc", None)], lambda p, s, r: results.__setitem__(s, r))
    finally:
        pool.close()
    assert results["doc"]["error_class"] == "Timeout"
    group, workdir = note.read_text(encoding="utf-8").split(" ", 1)
    assert _gone(int(group))
    deadline = time.monotonic() + 10
    while Path(workdir).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not Path(workdir).exists() and not Path(office._pipe(workdir)[1]).exists()
