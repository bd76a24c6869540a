"""The supervision report as a Word document (python-docx)."""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from motcua.reform.report.content import ReportContent

FONT = "Times New Roman"  # Word's stand-in for the serif of official documents
NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def _set_font(document: DocxDocument) -> None:
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    for section in document.sections:
        section.top_margin = Cm(2)
        section.bottom_margin = Cm(2)
        section.left_margin = Cm(3)
        section.right_margin = Cm(1.5)


def _cell_text(cell: object, lines: list[tuple[str, bool]]) -> None:
    cell.text = ""  # type: ignore[attr-defined]
    paragraph = cell.paragraphs[0]  # type: ignore[attr-defined]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for i, (text, bold) in enumerate(lines):
        run = paragraph.add_run(("\n" if i else "") + text)
        run.bold = bold
        run.font.size = Pt(13)


def _heading(document: DocxDocument, content: ReportContent) -> None:
    header = document.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = header.rows[0].cells
    _cell_text(left, [(content.parent_label.upper(), False), (content.agency_label.upper(), True)])
    _cell_text(right, [(NATIONAL, True), (MOTTO, True)])
    place = document.add_paragraph()
    place.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    day = content.generated_on
    run = place.add_run(f"{content.place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}")
    run.italic = True
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("BÁO CÁO")
    run.bold = True
    run.font.size = Pt(14)
    sub = document.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = sub.add_run(
        "Kết quả thực hiện công tác cải cách hành chính, xây dựng chính quyền điện tử và "
        f"chuyển đổi số của {content.agency_name}"
    )
    run.bold = True
    period = document.add_paragraph()
    period.alignment = WD_ALIGN_PARAGRAPH.CENTER
    period.add_run(f"(Kỳ báo cáo: {content.period})").italic = True


def _table(document: DocxDocument, caption: str, header: list[str], rows: list[list[str]]) -> None:
    para = document.add_paragraph()
    para.add_run(caption).bold = True
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = str(text)


def render_docx(content: ReportContent) -> bytes:
    document = Document()
    _set_font(document)
    _heading(document, content)
    for section in content.sections:
        heading = document.add_paragraph()
        heading.add_run(section.title).bold = True
        for text in section.paragraphs:
            para = document.add_paragraph(text)
            para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        for table in section.tables:
            _table(document, table.caption, table.header, table.rows)
    document.add_paragraph()
    heading = document.add_paragraph()
    heading.add_run("Phụ lục: Nguồn số liệu").bold = True
    _table(
        document,
        "Mỗi số liệu trong báo cáo và nơi lấy số liệu",
        ["Số liệu", "Giá trị", "Nguồn (mô hình / bộ chọn và điều kiện lọc)"],
        [[f.label, f.value, f.source] for f in content.figures],
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
