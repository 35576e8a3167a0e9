"""The evaluator on hand-made records: header fields scored right / wrong / missing, never a null as wrong."""

from __future__ import annotations

from mtcl.evaluate import Report, score_document


def _doc(**header: object) -> dict[str, object]:
    return {"objectives": [], "plan": [], **header}


def test_header_fields_are_right_wrong_or_missing() -> None:
    gold = _doc(decision_number="289/TTr-CAT-PC06", issued_on="2025-10-22", doc_type="submission",
                title=None, signer={"name": "Trương Minh Đương", "title": "Giám đốc", "authority": None})
    pred = _doc(decision_number="233/TTr-CAT-PC06", issued_on=None, doc_type="submission",
                title="Đề nghị ban hành", signer={"name": "trương minh đương", "title": None, "authority": None})
    report = Report()
    score_document(gold, pred, report, "x")
    number, date, dtype, title = (report.acc[f] for f in ("decision_number", "issued_on", "doc_type", "title"))
    assert (number.right, number.wrong, number.missing) == (0, 1, 0)
    assert (date.right, date.wrong, date.missing) == (0, 0, 1)  # unreadable: null, never a guess
    assert (dtype.right, dtype.wrong, dtype.missing) == (1, 0, 0)
    assert (title.right, title.wrong, title.missing) == (0, 1, 0)  # a value where gold has none is wrong
    assert report.acc["signer.name"].right == 1  # case is not scored
    assert report.acc["signer.title"].missing == 1
    assert report.acc["signer.authority"].right == 1  # both null


def test_a_files_rendering_is_a_tag_and_its_format_never_the_rest_of_its_name() -> None:
    from mtcl.evaluate import rendering

    assert rendering("corpus/004_x.scan.pdf") == "scan.pdf"
    assert rendering("corpus/004_x.docx-named.doc") == "docx-named.doc"
    assert rendering("corpus/000_x.txt") == "txt"
    # an archive's names carry dots of their own: the rendering is then the file's format
    assert rendering("src/514 SNV To trinh.signed.signed.kydauden (1).pdf") == "pdf"
    assert rendering("src/Tờ trình 1.2 bổ sung.docx") == "docx"
