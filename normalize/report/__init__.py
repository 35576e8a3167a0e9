"""`mtcl report`: one self-contained HTML page of an output folder (see page.py), with each decision once."""

from normalize.report.page import ReportError, write_report

__all__ = ["ReportError", "write_report"]
