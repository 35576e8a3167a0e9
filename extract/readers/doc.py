"""Reader for legacy Word 97-2003 .doc files: converted to DOCX by LibreOffice (one office kept running per process,
`extract/readers/office.py`, with a time limit per file), then read by the DOCX reader."""

from __future__ import annotations

from extract.document import Document
from extract.readers.docx import read_docx
from extract.readers.office import CONVERT_TIMEOUT, to_docx
from extract.work import current


def read_doc(data: bytes) -> Document:
    left = current().time_left()
    seconds = CONVERT_TIMEOUT if left is None else max(1.0, min(CONVERT_TIMEOUT, left))
    return read_docx(to_docx(data, seconds))
