"""Public pages of the catalogue (no sign-in): search, detail, forms, fee quote, counts."""

from __future__ import annotations

import io

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from motcua.catalog import selectors
from motcua.catalog.constants import FeeKind, Level
from motcua.catalog.fees import FeeError, fee_compute
from motcua.catalog.forms import FeeQuoteForm, SearchForm
from motcua.catalog.models import ProcedureVersion

PAGE_SIZE = 20


def _version_or_404(code: str) -> ProcedureVersion:
    version = selectors.procedure_version_in_force(code=code)
    if version is None:
        raise Http404("procedure")
    return version


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    filters = selectors.SearchFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.SearchFilters(
            query=data["q"],
            field=data["linh_vuc"],
            level=data["cap"],
            agency=data["co_quan"],
            online_level=data["truc_tuyen"],
        )
    results = selectors.procedure_search(filters=filters, page_size=PAGE_SIZE)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("trang"))
    context = {"form": form, "page": page, "filters": filters}
    template = (
        "catalog/_results.html" if request.headers.get("HX-Request") else ("catalog/search.html")
    )
    return render(request, template, context)


def detail(request: HttpRequest, code: str) -> HttpResponse:
    version = _version_or_404(code)
    fees = list(version.fees.all())
    context = {
        "v": version,
        "components": version.components.all(),
        "fees": fees,
        "steps": version.steps.all(),
        "assignments": selectors.procedure_agencies(procedure=version.procedure),
        "quote_form": FeeQuoteForm(initial={"copies": 1, "pages": 1}),
        "has_quantity_fees": any(f.kind in (FeeKind.PER_PAGE, FeeKind.PER_COPY) for f in fees),
        "per_page": any(f.kind == FeeKind.PER_PAGE for f in fees),
    }
    return render(request, "catalog/detail.html", context)


def fee_quote(request: HttpRequest, code: str) -> HttpResponse:
    version = _version_or_404(code)
    form = FeeQuoteForm(request.GET)
    context: dict[str, object] = {"v": version, "form": form}
    if form.is_valid():
        try:
            context["total"] = fee_compute(
                [f.spec() for f in version.fees.all()],
                {"copies": form.cleaned_data["copies"], "pages": form.cleaned_data["pages"]},
            )
        except FeeError as exc:
            context["errors"] = exc.errors
    return render(request, "catalog/_fee_quote.html", context)


def form_download(request: HttpRequest, code: str, order: int) -> HttpResponse:
    """A blank Word form for a component: its title, and the e-form's fields as lines."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    version = _version_or_404(code)
    component = version.components.filter(order=order).exclude(form_code="").first()
    if component is None:
        raise Http404("form")
    doc = Document()
    for text, bold in (
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
        ("Độc lập - Tự do - Hạnh phúc", True),
        ("", False),
        (component.form_code.upper(), True),
    ):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text).bold = bold
    doc.add_paragraph(f"Kính gửi: {version.competent_agency or version.implementing_agency}")
    schema = version.eform()
    lines = [p.get("title") or n for n, p in schema.get("properties", {}).items()] or [
        "Họ, chữ đệm, tên người yêu cầu",
        "Số định danh cá nhân",
        "Nơi cư trú",
        "Nội dung đề nghị",
    ]
    for label in lines:
        doc.add_paragraph(f"{label}: " + "." * 60)
    doc.add_paragraph(f"Thủ tục: {version.name} (mã {version.procedure.code}).")
    sign = doc.add_paragraph(
        ".........., ngày ..... tháng ..... năm ........\nNGƯỜI YÊU CẦU\n"
        "(Ký, ghi rõ họ, chữ đệm, tên)"
    )
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    doc.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="mau-{code}-{order}.docx"'
    return response


def counts(request: HttpRequest) -> HttpResponse:
    """How many procedures are listed at each level and at each agency's desk, today."""
    day = timezone.localdate()
    data = selectors.catalogue_counts(on=day)
    context = {
        "day": day,
        "levels": [(label, data["by_level"][value]) for value, label in Level.choices],
        "total": data["total"],
        "rows": selectors.agency_catalogue_rows(on=day),
    }
    return render(request, "catalog/counts.html", context)
