"""Readers: one module per format, each turning bytes into the one `Document` model."""

from __future__ import annotations

from extract.document import Document
from extract.readers.text import ReaderError, read_text


def read_document(fmt: str, data: bytes) -> Document:
    if fmt in {"txt", "md", "html"}:
        return read_text(data)
    if fmt == "docx":
        from extract.readers.docx import read_docx

        return read_docx(data)
    if fmt == "doc":
        from extract.readers.doc import read_doc

        return read_doc(data)
    if fmt == "pdf":
        from extract.readers.pdf import read_pdf

        return read_pdf(data)
    raise ReaderError(f"no reader for '{fmt}' files")


__all__ = ["ReaderError", "read_document"]
