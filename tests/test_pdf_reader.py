"""The PDF reader's text layer: words by pdfplumber's rules from PDFium, what a ruling line is, and no text lost
in a table's box. Expected values are read off the fixture's own script (scripts/make_pdf_cases.py) and the
corpus PDFs."""

from __future__ import annotations

import itertools
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


_TEXT_PDFS = [p for p in sorted(CORPUS.glob("*.pdf")) if ".scan." not in p.name] + [
    REAL / n for n in ("04_QuyetDinh_pdf-text.pdf", "08_BaoCao_pdf-text-u01a3.pdf", "12_ToTrinh_pdf-text-negative.pdf")]


def _pdfplumbers_tables(page: object) -> list:
    from pdfplumber.table import TableFinder

    return [(t.bbox, [(r.bbox, r.cells) for r in t.rows]) for t in TableFinder(page).tables]


@pytest.mark.parametrize("path", _TEXT_PDFS, ids=lambda p: p.name)
def test_tables_are_pdfplumbers(path: Path) -> None:
    # every page's tables (boxes, rows, cells, to the last bit) as pdfplumber's table finder finds them on the
    # same edges
    import pypdfium2 as pdfium

    from extract.readers.pdf_grid import grid_tables
    from extract.readers.pdf_pdfium import PdfiumPage

    data = path.read_bytes()
    pdf = pdfium.PdfDocument(data[data.find(b"%PDF-"):])
    for index in range(len(pdf)):
        page = PdfiumPage(pdf[index], index + 1)
        assert grid_tables(page.edges) == _pdfplumbers_tables(page), f"page {index + 1}"


@pytest.mark.parametrize("path", _TEXT_PDFS, ids=lambda p: p.name)
def test_words_read_with_what_earlier_pages_learnt_are_a_pages_own(path: Path) -> None:
    # the boxes learnt from a document's earlier pages (by page height) give every word the box it has when its
    # page is read alone
    import pypdfium2 as pdfium

    from extract.readers.pdf_pdfium import PdfiumPage

    data = path.read_bytes()
    pdf = pdfium.PdfDocument(data[data.find(b"%PDF-"):])
    shared: dict = {}
    for index in range(len(pdf)):
        alone = PdfiumPage(pdf[index], index + 1).words
        assert PdfiumPage(pdf[index], index + 1, shared).words == alone, f"page {index + 1}"
    assert len(pdf) < 2 or sum(len(known) for known in shared.values()) > 0


class _Edges:
    """A page of nothing but edges, for pdfplumber's table finder."""

    def __init__(self, edges: list[dict]) -> None:
        self.edges, self.bbox = edges, (0.0, 0.0, 600.0, 800.0)


def _edge(x0: float, top: float, x1: float, bottom: float) -> dict:
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0, "height": bottom - top,
            "orientation": "h" if top == bottom else "v", "object_type": "line", "doctop": top}


def test_grid_snaps_joins_and_drops_edges_as_pdfplumber() -> None:
    from extract.readers.pdf_grid import grid_tables

    # a 2 x 2 grid drawn as a clerk's Word table is: rules 1-2 pt off each other, a rule in two pieces with a
    # 2 pt gap, a stray 2 pt tick (under the 3 pt minimum) and a second table further down
    edges = [_edge(100, 100, 300, 100), _edge(100, 150.5, 190, 150.5), _edge(192, 151.5, 300, 151.5),
             _edge(99, 200, 301, 200), _edge(100, 100, 100, 200), _edge(201.5, 99, 201.5, 201),
             _edge(300, 100, 300, 200), _edge(150, 300, 150, 302),
             _edge(100, 400, 200, 400), _edge(100, 450, 200, 450), _edge(100, 500, 200, 500),
             _edge(100, 400, 100, 500), _edge(200, 400, 200, 500)]
    tables = grid_tables(edges)
    assert tables == _pdfplumbers_tables(_Edges(edges))
    assert [len(rows) for _, rows in tables] == [2, 2]
    (box, rows), (second, _) = tables
    # cells run between crossings, at the vertical rules' x (the rules' own ends do not count); the middle rule's
    # two pieces snapped to one line, 151, the mean of 150.5 and 151.5; rules are snapped across the whole page,
    # so the first table's x = 201.5 and the second's x = 200 both move to 200.75
    assert box == (100, 100, 300, 200) and second == (100, 400, 200.75, 500)
    assert rows[0][1] == [(100, 100, 200.75, 151.0), (200.75, 100, 300, 151.0)]
    assert rows[1][1] == [(100, 151.0, 200.75, 200), (200.75, 151.0, 300, 200)]


def test_grid_of_a_broken_drawing_is_pdfplumbers() -> None:
    from extract.readers.pdf_grid import grid_tables

    # a path with a coordinate that is not a number (a broken matrix): pdfplumber's own steps decide
    edges = [_edge(100, 100, 300, 100), _edge(100, 200, 300, 200), _edge(100, 100, 100, 200),
             _edge(300, 100, 300, 200), _edge(200, 100, 200, 200), dict(_edge(50, 50, 60, 50), x0=float("nan"))]
    assert grid_tables(edges) == _pdfplumbers_tables(_Edges(edges))
    assert len(grid_tables(edges)) == 1


def test_grid_equals_pdfplumber_on_random_rules() -> None:
    # random rules near a grid (merged cells, gaps, near misses, duplicates): the tables are pdfplumber's
    import random

    from extract.readers.pdf_grid import grid_tables

    rnd = random.Random(7)

    def jitter() -> float:  # on the rule, off it by less or more than the 3 pt tolerances
        return rnd.choice([0.0, 0.0, 0.25, -0.5, 1.5, 2.9, 3.1, 4.0])

    found = 0
    for _ in range(300):
        xs = sorted(rnd.sample(range(50, 550, 10), rnd.randint(2, 6)))
        ys = sorted(rnd.sample(range(50, 750, 10), rnd.randint(2, 8)))
        edges = []
        for y in ys:
            cuts = sorted(rnd.sample(xs, rnd.randint(2, len(xs))))
            for a, b in itertools.pairwise(cuts):
                if rnd.random() < 0.85:
                    yy = y + jitter()
                    edges.append(_edge(a + jitter(), yy, b + jitter(), yy))
        for x in xs:
            cuts = sorted(rnd.sample(ys, rnd.randint(2, len(ys))))
            for a, b in itertools.pairwise(cuts):
                if rnd.random() < 0.85:
                    xx = x + jitter()
                    edges.append(_edge(xx, a + jitter(), xx, b + jitter()))
        edges = [e for e in edges if e["x1"] >= e["x0"] and e["bottom"] >= e["top"]]
        rnd.shuffle(edges)
        tables = grid_tables(edges)
        assert tables == _pdfplumbers_tables(_Edges(edges))
        found += len(tables)
    assert found > 100  # 134 with this seed: most cases make tables


def test_a_page_pdfium_cannot_read_is_read_by_pdfminer_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    import extract.readers.pdf as pdf_reader

    data = next(p for p in CORPUS.glob("001_*.pdf") if ".scan." not in p.name).read_bytes()
    expected = _blocks(read_pdf(data))

    class Broken:
        def __init__(self, page: object, number: int, verticals: object = None) -> None:
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


def test_a_tables_words_go_to_the_cell_holding_their_centre() -> None:
    # a 2 x 2 grid whose left column is one cell over both rows; a cell holds x0 <= x < x1 and top <= y < bottom
    from extract.readers.pdf_grid import grid_tables
    from extract.readers.pdf_pdfium import _Table

    def edge(x0: float, x1: float, top: float, bottom: float) -> dict:
        return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0, "height": bottom - top,
                "orientation": "h" if top == bottom else "v"}

    edges = [edge(0, 200, 0, 0), edge(0, 200, 100, 100), edge(100, 200, 50, 50),
             edge(0, 0, 0, 100), edge(100, 100, 0, 100), edge(200, 200, 0, 100)]
    ((bbox, rows),) = grid_tables(edges)
    centres = {"A": (50, 75), "B": (50, 25), "C": (100, 25), "D": (150, 50), "E": (200, 75)}
    words = [{"text": t, "x0": x - 5, "x1": x + 5, "top": y - 5, "bottom": y + 5} for t, (x, y) in centres.items()]
    mids = sorted((y, i) for i, (_, y) in enumerate(centres.values()))
    table = _Table(bbox, rows, words, list(centres.values()), [i for _, i in mids])
    # B above A in the tall cell; C on the inner rule goes right; D on the middle rule goes down; E on the table's
    # right edge is in no cell, and no row has a place for the tall cell's second row
    assert table.extract() == [["B\nA", "C"], [None, "D"]]
    assert [w["text"] for w in words if "in_cell" not in w] == ["E"]


def test_cell_text_reads_lines_top_down_and_words_left_to_right() -> None:
    from extract.readers.pdf_pdfium import cell_text

    def w(text: str, x0: float, top: float) -> dict:
        return {"text": text, "x0": x0, "x1": x0 + 20, "top": top, "bottom": top + 12}

    # given in no order; tops within 3 pt of the one before chain into a line (100, 102, 104.5), 110 starts another
    words = [w("hạn", 80, 110), w("Phòng", 10, 102), w("Nội", 40, 100), w("đúng", 10, 110.5), w("vụ", 70, 104.5)]
    assert cell_text(words) == "Phòng Nội vụ\nđúng hạn"
    assert cell_text([w("một", 10, 50)]) == "một" and cell_text([]) == ""


def test_font_glyphs_repaired() -> None:
    from extract.quality import repair_glyphs

    # what fonts of real PDFs give for ư, Ư and Đ (../shared/real/08_BaoCao_pdf-text-u01a3.pdf)
    assert repair_glyphs("Trƣởng phòng ƢU TIÊN Ðảng ủy") == "Trưởng phòng ƯU TIÊN Đảng ủy"
    assert repair_glyphs("Đúng hạn") == "Đúng hạn"


def test_letter_runs_are_the_letter_pattern() -> None:
    # a page's quality counts runs of letters: found word by word, they are those of the pattern on the whole text
    import random
    import re

    from extract.quality import letter_runs

    # "m²": the superscript is a word character and no decimal digit; "_" and a combining mark end a run
    assert letter_runs("Tỷ lệ 98% m² a_b x\u0301y ngày10") == ["Tỷ", "lệ", "m²", "a", "b", "x", "y", "ngày"]
    pattern = re.compile(r"[^\W\d_]+")
    rnd = random.Random(3)
    pool = [*"aăâđêôơưyTỷlệĐ09_%.,-/²½Ⅳ\u0301\u0323", " ", "  ", "\t", "\n", "\u00a0", "\u2003", "\u200b"]
    for _ in range(20000):
        text = "".join(rnd.choice(pool) for _ in range(rnd.randint(0, 12)))
        assert letter_runs(text) == pattern.findall(text), repr(text)


def _line(text: str, page: int, top: float, *, full: bool = False, x0: float = 60.0, x1: float = 540.0):  # type: ignore[no-untyped-def]
    from extract.readers.pdf import _Item
    return _Item(top=top, x0=x0, x1=x1, kind="line", text=text, page=page, full=full)


def _paragraphs(items: list) -> list[str]:  # type: ignore[type-arg]
    from extract.readers.pdf import _build
    return [b.text for b in _build(items, 2, False, []).blocks]


def test_a_page_number_between_two_lines_of_a_paragraph_is_dropped() -> None:
    items = [_line("Tập trung thực hiện 4 chỉ tiêu chung, gồm: 100% công đoàn xây dựng kế hoạch, phổ biến", 1, 700,
                   full=True),
             _line("3", 1, 730, x0=296, x1=302),
             _line("PCMT trong cán bộ, đoàn viên; 100% cán bộ được trang bị kiến thức về PCMT.", 2, 58)]
    assert _paragraphs(items) == ["Tập trung thực hiện 4 chỉ tiêu chung, gồm: 100% công đoàn xây dựng kế hoạch, "
                                  "phổ biến PCMT trong cán bộ, đoàn viên; 100% cán bộ được trang bị kiến thức về "
                                  "PCMT."]


def test_a_number_inside_a_page_is_text() -> None:
    items = [_line("Số lượng hội viên:", 1, 100), _line("30", 1, 120, x0=60, x1=70),
             _line("Ghi chú: không", 1, 140)]
    assert "30" in _paragraphs(items)


def test_a_wrapped_line_opening_the_next_number_of_an_inline_enumeration_goes_on() -> None:
    items = [_line("Sở Khoa học và Công nghệ tập trung ứng dụng AI trong: (1) Hỗ trợ tra cứu thủ tục hành chính;",
                   1, 100, full=True),
             _line("(2) Phổ biến, giáo dục pháp luật; (3) Giám sát an ninh mạng.", 1, 115),
             _line("(1) Một danh sách thật;", 1, 130, full=True),
             _line("(2) mục thứ hai.", 1, 145)]
    assert _paragraphs(items) == [
        "Sở Khoa học và Công nghệ tập trung ứng dụng AI trong: (1) Hỗ trợ tra cứu thủ tục hành chính; "
        "(2) Phổ biến, giáo dục pháp luật; (3) Giám sát an ninh mạng.",
        "(1) Một danh sách thật;", "(2) mục thứ hai."]


@pytest.mark.parametrize(("read", "fixed"), [
    ("H. CHỈ TIÊU CHỦ YẾU THỰC HIỆN ĐẾN NĂM 2030", "II. CHỈ TIÊU CHỦ YẾU THỰC HIỆN ĐẾN NĂM 2030"),
    ("HI. NỘI DUNG, GIẢI PHÁP TRỌNG TÂM", "III. NỘI DUNG, GIẢI PHÁP TRỌNG TÂM"),
    ("VH. TỔ CHỨC THỰC HIỆN", "VII. TỔ CHỨC THỰC HIỆN"),
    ("H. Đức Trọng, Phó Giám đốc", "H. Đức Trọng, Phó Giám đốc"),  # an initial
    ("HI. OK", "HI. OK"),  # one word: not a heading
])
def test_ocr_roman_numeral_with_an_h(read: str, fixed: str) -> None:
    from extract.readers.ocr_words import repair_roman_heading
    assert repair_roman_heading(read) == fixed


@pytest.mark.parametrize(("read", "sure", "fixed"), [
    # Tesseract is sure of each word: a marked word stays as read, though the word list has a word the other way
    ("địa bàn cấp tỉnh không ma túy", "địa bàn cấp tỉnh không ma túy", "địa bàn cấp tỉnh không ma túy"),
    ("các hội quần chúng do Đảng, Nhà nước", "các hội quần chúng do đảng nhà nước",
     "các hội quần chúng do Đảng, Nhà nước"),
    ("cấp 20 triệu đồng cho Hội", "cấp triệu đồng cho hội", "cấp 20 triệu đồng cho Hội"),
    # … while the mark a shaped vowel lost is put back, the one misreading it makes when sure
    ("Tô chức có thâm quyền", "tô chức có thâm quyền", "Tổ chức có thẩm quyền"),
    ("Đội ứng cứu sự cô mạng", "đội ứng cứu sự cô mạng", "Đội ứng cứu sự cố mạng"),
    # of two spellings the word list scores alike ("sự cơ", "sự cố"), the one running text writes there
    ("Đội ứng cứu sự có mạng, máy tính", "", "Đội ứng cứu sự cố mạng, máy tính"),
    # an unsure word's other marks are read as the word list says
    ("xây dựng lực lượng tỉnh nhuệ, hiện đại", "xây dựng lực lượng nhuệ hiện đại",
     "xây dựng lực lượng tinh nhuệ, hiện đại"),
    # a word with one neighbour as read stays, though the other neighbour takes the first too
    ("Ban thường trực ban chấp hành", "", "Ban thường trực ban chấp hành"),
])
def test_ocr_repair_keeps_what_tesseract_is_sure_of(read: str, sure: str, fixed: str) -> None:
    from extract.readers.ocr_words import repair_ocr_text
    assert repair_ocr_text(read, frozenset(sure.split())) == fixed


def test_sure_words_are_sure_wherever_they_occur() -> None:
    from extract.readers.ocr import SURE_WORD, sure_words
    words = [{"text": "tỉnh", "conf": SURE_WORD + 5}, {"text": "Lâm", "conf": SURE_WORD + 1},
             {"text": "Đồng,", "conf": SURE_WORD - 30}, {"text": "TỈNH", "conf": SURE_WORD - 1}]
    assert sure_words(words) == frozenset({"lâm"})


def test_footnotes_at_a_pages_foot_go_after_the_body() -> None:
    from extract.readers.pdf import _build, _Item, _mark_footnotes

    def line(text: str, page: int, top: float, height: float = 12.0, full: bool = True) -> _Item:
        return _Item(top=top, x0=60.0, x1=540.0, kind="line", text=text, page=page, full=full, height=height)

    page1 = [line(f"Dòng {n} của đoạn văn bản chính trình bày kết quả", 1, 60 + 17 * n) for n in range(8)]
    page1 += [line("a) Tính đến ngày 15/11/2025, toàn tỉnh đã thu nhận 3.918.008 lượt hồ sơ; 2.846.632 tài khoản",
                   1, 700),
              line("6 19 nhiệm vụ trọng tâm:", 1, 740, height=8.0, full=False),
              line("- Nhiệm vụ đã triển khai: (1) Triển khai cấp Phiếu lý lịch tư pháp trên VNeID;", 1, 750, height=8.0,
                   full=False),
              line("8", 1, 780, full=False)]
    _mark_footnotes(page1)
    assert [i.text[:6] for i in page1 if i.footnote] == ["6 19 n", "- Nhiệ"]
    page2 = [line("định danh điện tử mức 2 cho công dân từ đủ 14 tuổi, đạt 97%.", 2, 60, full=False)]
    items = [i for i in page1 + page2 if not i.footnote] + [i for i in page1 if i.footnote]
    texts = [b.text for b in _build(items, 2, False, []).blocks]
    assert any(t.endswith("2.846.632 tài khoản định danh điện tử mức 2 cho công dân từ đủ 14 tuổi, đạt 97%.")
               for t in texts)
    assert texts[-1].startswith("- Nhiệm vụ đã triển khai")


def test_small_letters_with_no_notes_number_are_no_footnotes() -> None:
    from extract.readers.pdf import _Item, _mark_footnotes

    lines = [_Item(top=60 + 17 * n, x0=60, x1=540, kind="line", text=f"Dòng {n} của văn bản", height=12.0)
             for n in range(8)]
    lines.append(_Item(top=800, x0=60, x1=300, kind="line", text="Nơi nhận: Như trên", height=9.0))
    _mark_footnotes(lines)
    assert not any(i.footnote for i in lines)
