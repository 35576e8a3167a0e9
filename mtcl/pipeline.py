"""One file in, one Decision out: detect the format from the bytes, read, extract, normalize."""

from __future__ import annotations

import atexit
import gc
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from extract.doctype import classify
from extract.document import Document
from extract.readers import read_document
from extract.readers.text import ReaderError
from extract.structure import extract_structure, issued_date
from normalize.vocabulary import category_for, indicator_for, refine_clause
from schemas.models import Category, Decision, Issuer, Provenance, Signer, Source, Warning

MAX_BYTES = 200 * 1024 * 1024  # larger inputs are refused rather than risk the machine's memory
MAX_TEXT_BYTES = 20 * 1024 * 1024  # a decision as text is well under 1 MiB; 20 MiB is not a decision
TEXT_SUFFIXES = {"", ".txt", ".text", ".md", ".markdown", ".html", ".htm"}


class FileError(Exception):
    """A per-file failure with the pipeline stage it happened in; the batch goes on."""

    def __init__(self, stage: str, message: str, error_class: str | None = None) -> None:
        super().__init__(message)
        self.stage = stage
        self.error_class = error_class or "FileError"


@dataclass
class Result:
    decision: Decision
    document: Document


HEAD_BYTES = 2048  # what `sniff_format` reads of a file


def sniff_format(path: Path, head: bytes) -> str | None:
    """The format of a file from its first `HEAD_BYTES` bytes (and, for text, its name), or None when mtcl does
    not read that type of file (a photo, a spreadsheet, an archive: the batch skips it)."""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    suffix = path.suffix.lower()
    if suffix in {".html", ".htm"}:
        return "html"
    if suffix in {".md", ".markdown"}:
        return "md"
    if suffix in TEXT_SUFFIXES:
        return "txt"
    return None


def detect_format(path: Path, data: bytes) -> str:
    fmt = sniff_format(path, data[:HEAD_BYTES])
    if fmt is None:
        raise FileError("detect", f"unsupported file type '{path.suffix.lower()}' (supported: text, markdown, HTML, "
                                  "DOCX, DOC, PDF)", "UnsupportedFormat")
    return fmt


_CLAUSE_START = re.compile(r"[;.:\n\t]")


def _context(text: str, span: Provenance | None) -> tuple[str, str]:
    """(the few words just before the target, the whole source clause up to its end)."""
    if span is None:
        return "", ""
    start = span.start
    while start > 0 and not _CLAUSE_START.match(text[start - 1]) and span.start - start < 300:
        start -= 1
    before = " ".join(text[start : span.start].split()[-5:])
    return before, text[start : span.end]


def process_bytes(path: str, data: bytes, *, with_text: bool = False) -> Result:
    fmt = detect_format(Path(path), data)
    if fmt in {"txt", "md", "html"} and len(data) > MAX_TEXT_BYTES:
        raise FileError("read", f"text file too large for a decision ({len(data) // (1024 * 1024)} MiB > "
                                f"{MAX_TEXT_BYTES // (1024 * 1024)} MiB)", "TooLarge")
    try:
        document = read_document(fmt, data)
    except ReaderError as exc:
        raise FileError("read", str(exc), "ReaderError") from None
    sha = hashlib.sha256(data).hexdigest()
    x = extract_structure(document)
    h = x.header
    objectives = []
    for obj in x.objectives:
        clauses: dict[int, list] = {}
        for t in obj.targets:
            # the words that govern the number ("quán triệt 100% …") first, the whole clause only if needed
            before, clause = _context(document.text, t.provenance)
            t.indicator = indicator_for(t.metric, f"{before} {t.text}", t.unit) or indicator_for(
                t.metric, clause, t.unit)
            if t.provenance is not None:
                clauses.setdefault(t.provenance.end - len(clause), []).append(t)  # keyed by where it starts
        for group in clauses.values():
            for t, code in zip(group, refine_clause([t.indicator for t in group]), strict=True):
                t.indicator = code
        objectives.append(obj.model_copy(update={"category": Category(category_for(obj.text))}))
    doc_type, _evidence = classify(document.blocks, bool(objectives), h.title, h.doc_type)
    warnings = [Warning(code=c, message=m) for c, m in document.warnings] + x.warnings
    if h.second_document is not None:
        b = h.second_document
        warnings.append(Warning(
            code="second_document",
            message=(f"a second document ('{h.second_document_type}') begins at '{b.text.strip()[:60]}'; the header "
                     "is the first document's"),
            span=Provenance(start=b.start, end=b.end, page=b.page)))
    field_provenance = {
        {"issuer": "issuer.name", "signer": "signer.name"}.get(k, k): Provenance(start=b.start, end=b.end, page=b.page)
        for k, b in h.spans.items()
    }
    if doc_type != "mtcl_decision":
        warnings.insert(0, Warning(code="not_mtcl", message=f"not an MTCL decision (doc_type '{doc_type}')"))
    signer = None
    if h.signer_name or h.signer_title:  # a title read without a name (stamped over): the name is null
        signer = Signer(name=h.signer_name, title=h.signer_title, authority=h.signer_authority)  # type: ignore[arg-type]
    decision = Decision(
        doc_id=sha[:16],
        source=Source(path=path, format=fmt, sha256=sha, pages=document.pages, ocr=document.ocr,  # type: ignore[arg-type]
                      legacy_encoding=document.legacy_encoding),  # type: ignore[arg-type]
        doc_type=doc_type,  # type: ignore[arg-type]
        issuer=Issuer(name=h.issuer_name, level=h.level, locality=h.locality, province=h.province),  # type: ignore[arg-type]
        decision_number=h.decision_number,
        issued_on=issued_date(h),
        year=x.year,
        title=h.title,
        signer=signer,
        legal_bases=h.legal_bases,
        articles=h.articles,
        recipients=h.recipients,
        objectives=objectives,
        plan=x.plan,
        warnings=warnings,
        field_provenance=field_provenance,
        text=document.text if with_text else None,
    )
    _freeze_loaded()
    return Result(decision, document)


_frozen = False


def _freeze_loaded() -> None:
    """After a process's first document, what it loaded (spaCy, underthesea's CRF, the vocabulary tables, the
    schemas: some 100,000 objects that live as long as the process) is moved out of the cyclic garbage
    collector's sight. Its full collections otherwise walk all of them again every few thousand objects a
    document makes: a tenth to a quarter of a digital PDF's time (measured on the corpus PDFs). What that first
    document itself left alive is frozen with them, a bounded cost once per process."""
    global _frozen
    if not _frozen:
        gc.freeze()
        # and back in the collector's sight at exit, so that the interpreter's last collection frees them (frozen,
        # duckdb's nanobind objects are reported as leaked when the process ends)
        atexit.register(gc.unfreeze)
        _frozen = True


def process_file(path: Path, *, display_path: str | None = None, with_text: bool = False) -> Result:
    shown = display_path or str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise FileError("open", f"cannot read file: {exc.strerror}", type(exc).__name__) from None
    if size > MAX_BYTES:
        raise FileError("open", f"file too large ({size // (1024 * 1024)} MiB > {MAX_BYTES // (1024 * 1024)} MiB)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FileError("open", f"cannot read file: {exc.strerror}", type(exc).__name__) from None
    if not data.strip():
        raise FileError("read", "empty file: no text to read", "EmptyFile")
    return process_bytes(shown, data, with_text=with_text)
