"""Builds the archive-format renderings of the corpus samples (run: python scripts/make_fixtures.py).

For every sample STEM.txt it writes, beside it:
  STEM.docx       a Word file that looks like a real decision: a borderless two-column header table
                  (issuer | national motto), the objectives as Word auto-numbered paragraphs, plan tables with
                  a merged "Trách nhiệm" header over "Chủ trì | Phối hợp" where the plan has both, header rows
                  marked to repeat on every page, and a signature table
  STEM.pdf        that DOCX rendered by LibreOffice
and for the first sample also a scanned PDF (pages rasterised, no text layer), a legacy .doc, a DOCX saved
under a .doc name, and DOCX files typed in TCVN3 (.VnTime fonts) and VNI (VNI-Times). The files are
committed, so the tests need none of the tools used here (LibreOffice, pypdfium2, Pillow).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

HERE = Path(__file__).resolve().parent.parent / "corpus"
sys.path.insert(0, str(HERE.parent))

from extract.columns import header_roles  # noqa: E402
from extract.document import BlockKind  # noqa: E402
from extract.legacy import TCVN3  # noqa: E402
from extract.readers.text import read_text  # noqa: E402

_ITEM = re.compile(r"^(\d{1,2})\s*[.)]\s+(.*)$", re.S)
_ENCODE_TCVN3 = {v: k for k, v in TCVN3.items()}


def _encode_vni(text: str) -> str:
    """Unicode → VNI (the inverse of extract.legacy.decode_vni), for the VNI fixture."""
    import unicodedata

    from extract.legacy import _VNI_MARKS, _VNI_SINGLE

    singles = {v: k for k, v in _VNI_SINGLE.items()}
    marks = {(mod, tone, ch.isupper()): ch for ch, (mod, tone) in _VNI_MARKS.items()}
    out = []
    for ch in text:
        if ch in singles:
            out.append(singles[ch])
            continue
        d = unicodedata.normalize("NFD", ch)
        if len(d) == 1:
            out.append(ch)
            continue
        base, rest = d[0], d[1:]
        mod = "^" if "\u0302" in rest else "(" if "\u0306" in rest else ""
        tone = next((c for c in rest if c in "\u0300\u0301\u0303\u0309\u0323"), "")
        if "\u031b" in rest:  # horn: ơ, ư are single characters, the tone follows
            horn = {"o": "ơ", "u": "ư", "O": "Ơ", "U": "Ư"}[base]
            out.append(singles[horn] + (marks.get(("", tone, horn.isupper()), "") if tone else ""))
            continue
        upper = base.isupper()
        if base.lower() == "i" and tone:
            out.append(singles[unicodedata.normalize("NFC", base + tone)])
            continue
        out.append(base + marks.get((mod, tone, upper), ""))
    return "".join(out)


def _borders(table, visible: bool) -> None:  # type: ignore[no-untyped-def]
    """Every edge of the table: none (a layout table such as the header) or a thin single line (a grid)."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single" if visible else "nil")
        if visible:
            el.set(qn("w:sz"), "4")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def _repeat_header(row) -> None:  # type: ignore[no-untyped-def]
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _numbering(doc) -> str:  # type: ignore[no-untyped-def]
    """Adds a decimal list ("1.", "2.", …) to the document's numbering part; returns its numId."""
    numbering = doc.part.numbering_part.element
    absn = OxmlElement("w:abstractNum")
    absn.set(qn("w:abstractNumId"), "90")
    lvl = OxmlElement("w:lvl")
    lvl.set(qn("w:ilvl"), "0")
    for tag, val in (("w:start", "1"), ("w:numFmt", "decimal"), ("w:lvlText", "%1.")):
        el = OxmlElement(tag)
        el.set(qn("w:val"), val)
        lvl.append(el)
    absn.append(lvl)
    numbering.insert(0, absn)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "90")
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), "90")
    num.append(ref)
    numbering.append(num)
    return "90"


def _numbered(paragraph, num_id: str) -> None:  # type: ignore[no-untyped-def]
    p_pr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), "0")
    nid = OxmlElement("w:numId")
    nid.set(qn("w:val"), num_id)
    num_pr.append(ilvl)
    num_pr.append(nid)
    p_pr.append(num_pr)


def build_docx(sample: Path, dest: Path, encoding: str | None = None) -> None:
    doc_model = read_text(sample.read_bytes())
    doc = Document()
    style = doc.styles["Normal"]
    font_name = {"tcvn3": ".VnTime", "vni": "VNI-Times"}.get(encoding or "", "Times New Roman")
    style.font.name = font_name
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:ascii"), font_name)
    style.element.rPr.rFonts.set(qn("w:hAnsi"), font_name)

    def enc(text: str) -> str:
        if encoding == "tcvn3":
            return "".join(_ENCODE_TCVN3.get(ch, ch) for ch in text.lower()) if text.isupper() else "".join(
                _ENCODE_TCVN3.get(ch, ch) for ch in text)
        if encoding == "vni":
            return _encode_vni(text)
        return text

    def add_run(p, text: str, bold: bool = False):  # type: ignore[no-untyped-def]
        run = p.add_run(enc(text))
        run.bold = bold
        if encoding == "tcvn3" and text.isupper():
            # capitals are typed in the ".VnTimeH" font, as clerks did
            run.font.name = ".VnTimeH"
        return run

    def para(text: str, bold: bool = False, center: bool = False):  # type: ignore[no-untyped-def]
        p = doc.add_paragraph()
        add_run(p, text, bold)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return p

    num_id = _numbering(doc)
    blocks = doc_model.blocks
    # the header table: what the text puts above its title, side by side as in a real decision
    left: list[str] = []
    right: list[str] = []
    start = 0
    for i, b in enumerate(blocks[:6]):
        if b.kind is not BlockKind.paragraph:
            break
        if re.match(r"^(CỘNG HO|Độc lập)", b.text) or re.search(r", ngày \d", b.text):
            right.append(b.text)
        elif b.text.upper() == b.text and not right and re.match(r"^(ỦY BAN|UBND|Ủy ban)", blocks[0].text):
            left.append(b.text)  # the issuer's lines, above or beside the national motto
        else:
            break
        start = i + 1
    if left or right:
        t = doc.add_table(rows=1, cols=2)
        _borders(t, visible=False)
        t.cell(0, 0).text = ""
        for k, line in enumerate(left):
            add_run(t.cell(0, 0).paragraphs[0] if k == 0 else t.cell(0, 0).add_paragraph(), line, bold=True)
        for k, line in enumerate(right):
            add_run(t.cell(0, 1).paragraphs[0] if k == 0 else t.cell(0, 1).add_paragraph(), line)
    expect = 1
    in_list = False
    for b in blocks[start:]:
        if b.kind is BlockKind.table:
            _table(doc, b, enc)
            continue
        m = _ITEM.match(b.text)
        if m and int(m.group(1)) == expect and not re.match(r"^\d+\s*[.)]\s*Mục tiêu\s+\d", b.text):
            p = para(m.group(2))
            _numbered(p, num_id)
            expect += 1
            in_list = True
            continue
        if in_list and ((b.text.upper() == b.text and len(b.text) > 8) or b.text.startswith("Nơi nhận")):
            expect, in_list = 1, False
        text = ("- " + b.text) if b.kind is BlockKind.list_item else b.text
        para(text, bold=b.bold or b.kind is BlockKind.heading, center=b.kind is BlockKind.heading)
    doc.save(dest)


def _table(doc, block, enc) -> None:  # type: ignore[no-untyped-def]
    rows = [r.texts() for r in block.rows]
    roles, header_rows = header_roles(block)
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    merged_header = header_rows == 1 and "lead" in roles and "support" in roles
    n_rows = len(rows) + (1 if merged_header else 0)
    t = doc.add_table(rows=n_rows, cols=width)
    _borders(t, visible=True)
    body = rows
    if merged_header:
        # a real plan's header: "Trách nhiệm" spans Chủ trì | Phối hợp; the other headers span both rows
        lead, support = roles.index("lead"), roles.index("support")
        top, sub = t.rows[0], t.rows[1]
        for c in range(width):
            if c in (lead, support):
                continue
            cell = t.cell(0, c).merge(t.cell(1, c))
            cell.text = enc(rows[0][c])
        span = t.cell(0, min(lead, support)).merge(t.cell(0, max(lead, support)))
        span.text = enc("Trách nhiệm")
        t.cell(1, lead).text = enc("Chủ trì")
        t.cell(1, support).text = enc("Phối hợp")
        _repeat_header(top)
        _repeat_header(sub)
        body = rows[1:]
        offset = 2
    else:
        for h in range(max(1, header_rows)):
            _repeat_header(t.rows[h])
        offset = 0
    for r, row in enumerate(body):
        for c, text in enumerate(row):
            cell = t.cell(r + offset, c)
            lines = text.split("\n")
            cell.text = enc(lines[0])
            for line in lines[1:]:
                cell.add_paragraph(enc(line))


def _soffice(src: Path, fmt: str, outdir: Path) -> Path:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", fmt,
                        "--outdir", str(outdir), str(src)], check=True, capture_output=True, timeout=300)
    return outdir / f"{src.stem}.{fmt.split(':')[0]}"


def _scan(pdf: Path, dest: Path) -> None:
    import pypdfium2 as pdfium
    from PIL import ImageFilter

    document = pdfium.PdfDocument(str(pdf))
    pages = [document[i].render(scale=200 / 72).to_pil().convert("L").filter(ImageFilter.GaussianBlur(0.6))
             for i in range(len(document))]
    pages[0].save(dest, save_all=True, append_images=pages[1:], resolution=200)


def main() -> int:
    if shutil.which("soffice") is None:
        print("LibreOffice (soffice) is needed to build the fixtures", file=sys.stderr)
        return 1
    samples = sorted(HERE.glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        for sample in samples:
            docx = HERE / f"{sample.stem}.docx"
            build_docx(sample, docx)
            pdf = _soffice(docx, "pdf", tmpdir)
            shutil.move(pdf, HERE / f"{sample.stem}.pdf")
            print("built", docx.name, f"{sample.stem}.pdf")
        first = samples[-1]  # a decision with a full header: every legacy form is made from it
        stem = first.stem
        _scan(HERE / f"{stem}.pdf", HERE / f"{stem}.scan.pdf")
        doc = _soffice(HERE / f"{stem}.docx", "doc", tmpdir)
        shutil.move(doc, HERE / f"{stem}.legacy.doc")
        # a clerk's re-save of the DOCX under a .doc name (other bytes than the .docx, so not a duplicate)
        named = Document(str(HERE / f"{stem}.docx"))
        named.core_properties.comments = "saved as .doc"
        named.save(str(HERE / f"{stem}.docx-named.doc"))
        build_docx(first, HERE / f"{stem}.tcvn3.docx", encoding="tcvn3")
        build_docx(first, HERE / f"{stem}.vni.docx", encoding="vni")
        print("built the scan, .doc, mislabelled .doc, TCVN3 and VNI renderings of", stem)
    return 0


if __name__ == "__main__":
    sys.exit(main())
