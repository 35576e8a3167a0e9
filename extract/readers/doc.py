"""Reader for legacy Word 97-2003 .doc files: converted to DOCX by LibreOffice (headless, in a temporary
directory, with a time limit), then read by the DOCX reader."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from extract.document import Document
from extract.readers.docx import read_docx
from extract.readers.text import ReaderError

CONVERT_TIMEOUT = 120


def read_doc(data: bytes) -> Document:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ReaderError("legacy .doc needs LibreOffice: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory(prefix="mtcl-doc-") as tmp:
        src = Path(tmp) / "in.doc"
        src.write_bytes(data)
        try:
            proc = subprocess.run(
                [soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore",
                 "--convert-to", "docx:MS Word 2007 XML", "--outdir", tmp, str(src)],
                capture_output=True, timeout=CONVERT_TIMEOUT, check=False,
            )
        except subprocess.TimeoutExpired:
            raise ReaderError(f"LibreOffice did not convert the .doc within {CONVERT_TIMEOUT} s") from None
        out = Path(tmp) / "in.docx"
        if proc.returncode != 0 or not out.exists():
            raise ReaderError("LibreOffice could not convert the .doc (damaged or password-protected?)")
        return read_docx(out.read_bytes())
