"""The supervision report as PDF: an HTML template printed by WeasyPrint."""

from __future__ import annotations

from django.template.loader import render_to_string

from motcua.reform.report.content import ReportContent
from motcua.reform.report.docx import MOTTO, NATIONAL


def render_html(content: ReportContent) -> str:
    return render_to_string(
        "reform/report/supervision.html",
        {"content": content, "national": NATIONAL, "motto": MOTTO},
    )


def render_pdf(content: ReportContent) -> bytes:
    from weasyprint import HTML  # heavy import, only where PDF is made

    return bytes(HTML(string=render_html(content)).write_pdf())
