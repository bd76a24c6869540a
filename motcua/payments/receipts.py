"""The electronic fee receipt (biên lai thu phí, lệ phí) as an A4 PDF.

Rendered with WeasyPrint on the documents app's official A4 base (agency block, national
heading, date line, signature block), so it looks like every other document the desk issues.
Receipts are always Vietnamese, whatever the interface language.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from motcua.documents.slips import qr_data_uri, slip_agency_header
from motcua.payments.constants import Method
from motcua.payments.fees import FeeBreakdown
from motcua.payments.models import Receipt
from motcua.payments.words import money_words


def receipt_context(receipt: Receipt, breakdown: FeeBreakdown | None) -> dict[str, Any]:
    payment = receipt.payment
    dossier = payment.dossier
    version = dossier.procedure_version
    paid_at = timezone.localtime(payment.paid_at or receipt.issued_at)
    lines: list[dict[str, Any]] = []
    if breakdown is not None:
        lines = [
            {"label": line.label, "detail": line.detail, "amount": line.amount}
            for line in breakdown.lines
            if line.amount
        ]
    verify_url = f"{settings.MOTCUA_PUBLIC_URL.rstrip('/')}/thanh-toan/{dossier.code}/"
    return {
        **slip_agency_header(receipt.agency),
        "number": receipt.label,
        "date": paid_at.date(),
        "payer_name": payment.payer_name or dossier.applicant_name,
        "payer_address": dossier.applicant_address,
        "dossier_code": dossier.code or "",
        "procedure_code": version.procedure.code,
        "procedure_name": version.name,
        "lines": lines,
        "fee_total": dossier.fee_amount,
        "amount": payment.amount,
        "amount_words": money_words(int(payment.amount)),
        "method": str(Method(payment.method).label),
        "method_code": payment.method,
        "reference": payment.reference,
        "gateway_txn_id": payment.gateway_txn_id or "",
        "bank_txn_id": payment.bank_txn_id or "",
        "card_reference": payment.card_reference,
        "paid_at": paid_at,
        "collector": (
            payment.received_by.display_name if payment.received_by else receipt.agency.name
        ),
        "verify_qr": qr_data_uri(verify_url),
        "verify_url": verify_url,
    }


def receipt_pdf(receipt: Receipt, breakdown: FeeBreakdown | None = None) -> bytes:
    from weasyprint import HTML

    context = receipt_context(receipt, breakdown)
    with translation.override("vi"):
        html = render_to_string("payments/receipt.html", context)
    result = HTML(string=html, base_url=None).write_pdf()
    assert result is not None  # noqa: S101 - write_pdf without a target returns bytes
    return bytes(result)


def receipt_pdf_ensure(*, receipt_id: int) -> Any:
    """The receipt's stored PDF, rendering and keeping it the first time. Idempotent: two
    workers racing both render, one keeps its file, the other's row is never referenced."""
    from django.db import transaction

    from motcua.documents.services import file_store_bytes
    from motcua.payments.fees import fee_breakdown_of

    receipt = Receipt.objects.select_related(
        "pdf",
        "agency",
        "agency__parent",
        "payment",
        "payment__received_by",
        "payment__dossier",
        "payment__dossier__procedure_version",
        "payment__dossier__procedure_version__procedure",
    ).get(pk=receipt_id)
    if receipt.pdf is not None:
        return receipt.pdf
    dossier = receipt.payment.dossier
    rules = [rule.spec() for rule in dossier.procedure_version.fees.all()]
    try:
        breakdown = fee_breakdown_of(rules, dossier.fee_quantities or {})
    except ValueError:  # quantities the calculator refuses: print the total only
        breakdown = None
    content = receipt_pdf(receipt, breakdown)
    name = f"bien-lai-{receipt.year}-{receipt.number:07d}.pdf"
    with transaction.atomic():
        locked = Receipt.objects.select_for_update().get(pk=receipt_id)
        if locked.pdf_id is None:
            locked.pdf = file_store_bytes(content=content, name=name)
            locked.save(update_fields=["pdf"])
        return locked.pdf
