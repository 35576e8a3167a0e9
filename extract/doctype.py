"""What kind of document this is, from its own title words (`vocab/doc_types.tsv`)."""

from __future__ import annotations

from extract import vocab
from extract.document import Block, BlockKind


def classify(blocks: list[Block], has_objectives: bool, title: str | None,
             letterhead_type: str | None = None) -> tuple[str, str | None]:
    """(doc_type, the evidence). A quality-objectives document with objectives is `mtcl_decision`; otherwise
    the letterhead's type line (`extract/letterhead.py`, which also reads OCR-misread capitals) decides."""
    if has_objectives and title and "mục tiêu chất lượng" in title.lower():
        return "mtcl_decision", title
    if has_objectives and any("mục tiêu chất lượng" in b.text.lower() for b in blocks[:40]):
        return "mtcl_decision", "mục tiêu chất lượng"
    if letterhead_type:
        return letterhead_type, title
    for b in blocks[:25]:
        if b.kind is BlockKind.table:
            continue
        text = b.text.strip()
        for words, doc_type in vocab.table("doc_types"):
            if text.startswith(words) and (text.isupper() or words == "V/v" or len(text) < 40):
                return doc_type, text
    return "other", None
