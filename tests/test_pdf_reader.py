"""The PDF reader's text layer: words by pdfplumber's rules from PDFium, what a ruling line is, and no text lost
in a table's box. Expected values are read off the fixture's own script (scripts/make_pdf_cases.py) and the
corpus PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.document import BlockKind, Document
from extract.readers.pdf import read_pdf
from extract.readers.pdf_pdfium import _goes_on
from tests.conftest import CORPUS

DATA = Path(__file__).resolve().parent / "data"
REAL = Path(__file__).resolve().parents[2] / "shared" / "real"


def _blocks(doc: Document) -> list[tuple[str, str, int | None, list[list[str]]]]:
    return [(b.kind.value, b.text, b.page, [r.texts() for r in b.rows]) for b in doc.blocks]


@pytest.fixture(scope="module")
def white_boxes() -> Document:
    return read_pdf((DATA / "pdf_white_boxes.pdf").read_bytes())


def test_white_boxes_under_a_paragraph_are_not_a_table(white_boxes: Document) -> None:
    # the paragraph's four lines, one paragraph: the white boxes under lines 2 and 3 show nothing
    first = white_boxes.blocks[0]
    assert first.kind is BlockKind.paragraph
    assert first.text == (
        "Trong bối cảnh khó khăn, thách thức nhưng được sự chỉ đạo của Tỉnh ủy, Ủy ban nhân dân tỉnh và giúp đỡ "
        "của các cơ quan, ban ngành, chính quyền địa phương các cấp, Hiệp hội tiếp tục khẳng định vai trò là "
        "trung tâm đoàn kết của cộng đồng doanh nghiệp.")
    assert not any("Tỉnh ủy" in t.text for t in white_boxes.tables())


def test_ruled_tables_are_read(white_boxes: Document) -> None:
    tables = [[r.texts() for r in t.rows] for t in white_boxes.tables()]
    assert tables == [[["Nhiệm vụ", "Đơn vị chủ trì"], ["Rà soát thủ tục", "Văn phòng"]],
                      [["Hàng rộng của bảng"], ["Ô hẹp"]]]


def test_words_in_a_tables_box_but_no_cell_are_kept(white_boxes: Document) -> None:
    # "Chữ ngoài ô" sits right of the narrow row: inside the table's box, in none of its cells
    beside = [b for b in white_boxes.blocks if "Chữ ngoài ô" in b.text]
    assert [(b.kind, b.text, b.page) for b in beside] == [(BlockKind.paragraph, "Chữ ngoài ô", 1)]


@pytest.mark.parametrize("stem", ["000", "001", "002", "003", "004", "005"])
def test_pdfium_reads_as_pdfminer_does(stem: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # the corpus PDFs (LibreOffice renderings: no white boxes, no widgets) read word by word from PDFium give the
    # same blocks as pdfplumber's own reading on pdfminer, the reference the PDFium words follow
    data = next(p for p in CORPUS.glob(f"{stem}_*.pdf") if ".scan." not in p.name).read_bytes()
    fast = _blocks(read_pdf(data))
    monkeypatch.setenv("MTCL_PDF_BACKEND", "pdfminer")
    assert fast == _blocks(read_pdf(data))


# character boxes: x0, x1, top, bottom
_H = (100.0, 109.0, 700.0, 714.0)


def test_a_word_goes_on_to_the_next_letter() -> None:
    assert _goes_on(_H, (109.0, 116.0, 700.0, 714.0), [])  # touching
    assert _goes_on(_H, (111.5, 118.0, 700.0, 714.0), [])  # 2.5 pt apart: within pdfplumber's 3 pt


def test_a_word_ends_at_a_gap_a_step_back_or_another_line() -> None:
    assert not _goes_on(_H, (112.5, 119.0, 700.0, 714.0), [])  # 3.5 pt apart
    assert not _goes_on(_H, (98.0, 105.0, 700.0, 714.0), [])  # before the letter it would follow
    assert not _goes_on(_H, (109.0, 116.0, 704.0, 718.0), [])  # a top 4 pt lower


def test_a_space_ends_a_word_unless_pdfium_inserted_it_between_touching_letters() -> None:
    def inserted(indexes: list[int]) -> bool:
        return indexes == [7]

    touching = (109.5, 116.0, 700.0, 714.0)  # 0.5 pt: under a tenth of the line's height (1.4 pt)
    assert _goes_on(_H, touching, [7], inserted)  # "H" + "IỆP", two runs PDFium split by a space
    assert not _goes_on(_H, touching, [6], inserted)  # a space of the page's own
    assert not _goes_on(_H, (111.0, 118.0, 700.0, 714.0), [7], inserted)  # 2 pt: "tịch UBND"


@pytest.mark.parametrize("stem", ["003", "005"])
def test_cells_are_pdfplumbers(stem: str) -> None:
    # the corpus PDFs whose plan tables run over many pages: every page's cells, as pdfplumber finds them
    import pypdfium2 as pdfium
    from pdfplumber.table import intersections_to_cells

    from extract.readers.pdf_pdfium import PdfiumPage, _cells, _Finder

    path = next(p for p in CORPUS.glob(f"{stem}_*.pdf") if ".scan." not in p.name)
    pdf = pdfium.PdfDocument(path.read_bytes())
    seen = 0
    for index in range(len(pdf)):
        finder = _Finder(PdfiumPage(pdf[index], index + 1))
        assert _cells(finder.intersections) == intersections_to_cells(finder.intersections)
        seen += len(finder.cells)
    assert seen > 50


def test_a_page_pdfium_cannot_read_is_read_by_pdfminer_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    import extract.readers.pdf as pdf_reader

    data = next(p for p in CORPUS.glob("001_*.pdf") if ".scan." not in p.name).read_bytes()
    expected = _blocks(read_pdf(data))

    class Broken:
        def __init__(self, page: object, number: int) -> None:
            raise RuntimeError("simulated")

    monkeypatch.setattr(pdf_reader, "PdfiumPage", Broken)
    doc = read_pdf(data)
    assert _blocks(doc) == expected
    slow = [m for code, m in doc.warnings if code == "pdf_slow_path"]
    assert slow and slow[0] == "page 1: PDFium could not read it (RuntimeError); read with pdfminer"


def test_pdfminer_reads_the_white_boxes_page_as_pdfium_does(white_boxes: Document,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    # the same rules on the pdfminer path (a page PDFium cannot read): white boxes are no table, "Chữ ngoài ô" is
    # in no cell and kept
    monkeypatch.setenv("MTCL_PDF_BACKEND", "pdfminer")
    doc = read_pdf((DATA / "pdf_white_boxes.pdf").read_bytes())
    assert "Chữ ngoài ô" in [b.text for b in doc.blocks if b.kind is BlockKind.paragraph]
    assert _blocks(doc) == _blocks(white_boxes)


def test_real_paragraph_over_white_boxes_reads_the_same_on_both_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    # the real 08 (../shared/real): its page-1 paragraph over white boxes, its other pages, on PDFium and pdfminer
    data = (REAL / "08_BaoCao_pdf-text-u01a3.pdf").read_bytes()
    fast = _blocks(read_pdf(data))
    assert not [b for b in fast if b[0] == "table" and "Tỉnh uỷ" in b[1]]
    monkeypatch.setenv("MTCL_PDF_BACKEND", "pdfminer")
    assert _blocks(read_pdf(data)) == fast


@pytest.mark.parametrize(("colour", "white"), [
    (1.0, True), (1, True), ((1.0,), True), ((1.0, 1.0, 1.0), True), ((0.0, 0.0, 0.0, 0.0), True),
    (0.0, False), ((0.5,), False), ((1.0, 1.0, 0.9), False), ((0.0, 0.0, 0.0, 1.0), False), (None, False),
    ("P0", False), ((1.0, 1.0), False),
])
def test_white_in_every_colour_space(colour: object, white: bool) -> None:
    from extract.readers.pdf import _white

    assert _white(colour) is white


@pytest.mark.parametrize(("cell", "read"), [
    ("Ủy ban nhân\ndân xã", "Ủy ban nhân dân xã"),  # a soft wrap between two words
    ("Phòng Lao động - TB&XH, phòn\ng Nội vụ", "Phòng Lao động - TB&XH, phòng Nội vụ"),  # a word cut mid-word
    ("Sở LĐTBX\nH", "Sở LĐTBXH"),  # an acronym cut before its last capital
    ("Sở KH\nA", "Sở KH A"),  # a vowel after capitals is a word of its own
    ("trước ngày 31/3/20\n24", "trước ngày 31/3/2024"),  # a date's year cut
    ("ngày 31/3/20\n2", "ngày 31/3/20 2"),  # not a year of four digits
    ("công tác cải cách hành chính-\nkiểm soát", "công tác cải cách hành chính-kiểm soát"),  # hyphen at the wrap
    ("- Văn hóa;\n- Xã hội", "- Văn hóa;\n- Xã hội"),  # a list's next bullet
    ("Phòng Văn hóa\n- Xã hội", "Phòng Văn hóa - Xã hội"),  # a name wrapped at its dash
    ("Quý I\n\n  năm 2025 ", "Quý I năm 2025"),  # blank lines and spaces
])
def test_cell_lines_unwrapped(cell: str, read: str) -> None:
    from extract.readers.pdf import _unwrap_cell

    assert _unwrap_cell(cell) == read
