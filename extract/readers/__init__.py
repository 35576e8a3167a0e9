"""Readers: one module per format, each turning bytes into the one `Document` model."""

from __future__ import annotations

from extract.document import Document
from extract.readers.text import ReaderError, read_text


def read_document(fmt: str, data: bytes) -> Document:
    if fmt in {"txt", "md", "html"}:
        return read_text(data)
    raise ReaderError(f"no reader for '{fmt}' files yet (text, markdown and HTML are supported)")


__all__ = ["ReaderError", "read_document"]
