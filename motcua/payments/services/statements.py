"""Reconciliation: a bank statement is uploaded, read in the background, and each credit is
matched to a VietQR payment by the reference in its description and its amount.

A line is:

- **matched** — the reference names a VietQR payment of the statement's agency (or its
  subtree) for exactly that amount, not settled yet: the payment is confirmed (receipt,
  e-mail), even if it had expired (the money did arrive);
- **no payment** — no reference, or a reference no VietQR payment has;
- **amount differs** — the payment exists but the credit is for another amount;
- **duplicate** — its bank transaction id was seen before (earlier in the file or in an
  earlier statement), or it is a second credit for a reference already settled;
- ignored (debits, zero) or invalid (unreadable date, amount or missing transaction id).

Each line is its own transaction, so a large file shows progress and a crash leaves every
finished line finished; running the job again only picks up lines still pending.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.core.audit import audit_record
from motcua.organizations.models import Agency
from motcua.payments.constants import SETTLED, LineStatus, Method, StatementStatus
from motcua.payments.models import Payment, StatementImport, StatementLine
from motcua.payments.references import reference_find
from motcua.payments.services.common import (
    confirm,
    ledger_lock,
    lock_payment,
    now_or,
    require_role,
)
from motcua.payments.services.desk import FINANCE_ROLES
from motcua.payments.statement_files import StatementError, is_xlsx, read_statement


def _read_upload(upload: Any) -> bytes:
    limit = settings.MOTCUA_UPLOAD_MAX_BYTES
    size = getattr(upload, "size", None)
    if isinstance(size, int) and size > limit:
        raise ValidationError(
            {
                "file": [
                    _("Tệp sao kê lớn quá %(n)s MiB. Hãy tách theo tháng.")
                    % {"n": limit // (1024 * 1024)}
                ]
            }
        )
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise ValidationError({"file": [_("Tệp sao kê quá lớn. Hãy tách theo tháng.")]})
    if not content:
        raise ValidationError(
            {"file": [_("Tệp sao kê trống. Hãy chọn đúng tệp tải từ ngân hàng.")]}
        )
    return bytes(content)


def _check_xlsx(content: bytes, name: str) -> None:
    """Run the documents app's checks (ZIP bombs, macros, unsafe names) on a workbook."""
    import io

    from motcua.documents.inspection import UploadRejected, inspect_file

    try:
        inspect_file(
            io.BytesIO(content), name=name, allowed_kinds=frozenset({"xlsx"}), max_pdf_pages=1
        )
    except UploadRejected as exc:
        raise ValidationError({"file": [exc.reason]}) from exc


@transaction.atomic
def statement_upload(*, actor: User, agency: Agency, upload: Any) -> StatementImport:
    """Keep the uploaded statement and queue its reconciliation (after commit)."""
    require_role(
        actor,
        FINANCE_ROLES,
        agency,
        _("Chỉ lãnh đạo hoặc quản trị của cơ quan được đối soát sao kê."),
    )
    name = (getattr(upload, "name", "") or "sao-ke").rsplit("/", 1)[-1][:200]
    content = _read_upload(upload)
    if is_xlsx(content):
        _check_xlsx(content, name)
    elif not name.lower().endswith((".csv", ".txt")):
        raise ValidationError(
            {"file": [_("Chỉ nhận sao kê dạng .csv hoặc .xlsx. Hãy xuất lại từ ngân hàng.")]}
        )
    statement = StatementImport(
        agency=agency, original_name=name, created_by=actor, created_at=timezone.now()
    )
    statement.file.save(
        "sao-ke.xlsx" if is_xlsx(content) else "sao-ke.csv", ContentFile(content), save=False
    )
    statement.save()
    audit_record(
        actor=actor,
        action="payment.statement_upload",
        obj=statement,
        agency_id=agency.pk,
        data={"file": name, "size": len(content)},
    )
    from motcua.payments.tasks import statement_reconcile_task

    statement_id = statement.pk
    transaction.on_commit(lambda: statement_reconcile_task.enqueue(statement_id))
    return statement


def statement_run(*, statement_id: int, now: dt.datetime | None = None) -> StatementImport:
    """Read (once) and reconcile a statement, recording progress as it goes. Idempotent."""
    statement = StatementImport.objects.get(pk=statement_id)
    if statement.status in (StatementStatus.DONE, StatementStatus.FAILED):
        return statement
    if not statement.lines.exists():
        with statement.file.open("rb") as stream:
            content = stream.read()
        try:
            parsed = read_statement(content)
        except Exception as exc:  # a broken file must end the job, whatever the reader raised
            message = (
                str(exc)
                if isinstance(exc, StatementError)
                else _("Không đọc được tệp sao kê (%(e)s). Hãy xuất lại tệp từ ngân hàng.")
                % {"e": type(exc).__name__}
            )
            statement.status = StatementStatus.FAILED
            statement.error = message[:500]
            statement.finished_at = timezone.now()
            statement.save(update_fields=["status", "error", "finished_at"])
            return statement
        StatementLine.objects.bulk_create(
            [
                StatementLine(
                    statement=statement,
                    row=p.row,
                    booked_on=p.booked_on,
                    amount=p.amount,
                    description=p.description,
                    bank_txn_id=p.bank_txn_id,
                    status=LineStatus.INVALID if p.error else LineStatus.PENDING,
                    note=p.error[:255],
                )
                for p in parsed
            ],
            batch_size=500,
        )
    statement.status = StatementStatus.RUNNING
    statement.total = statement.lines.count()
    statement.save(update_fields=["status", "total"])
    pending = list(
        statement.lines.filter(status=LineStatus.PENDING)
        .order_by("row")
        .values_list("pk", flat=True)
    )
    for done, line_id in enumerate(pending, start=1):
        _line_reconcile(line_id, statement, now_or(now))
        if done % 25 == 0:
            _progress(statement)
    _progress(statement)
    statement.status = StatementStatus.DONE
    statement.finished_at = timezone.now()
    statement.save(update_fields=["status", "finished_at"])
    audit_record(
        actor=None,
        action="payment.statement_reconcile",
        obj=statement,
        agency_id=statement.agency_id,
        data={
            "total": statement.total,
            "matched": statement.matched_count,
            "unmatched": statement.unmatched_count,
            "duplicate": statement.duplicate_count,
        },
    )
    return statement


def _progress(statement: StatementImport) -> None:
    lines = statement.lines
    statement.processed = lines.exclude(status=LineStatus.PENDING).count()
    statement.matched_count = lines.filter(status=LineStatus.MATCHED).count()
    statement.unmatched_count = lines.filter(
        status__in=[LineStatus.NO_PAYMENT, LineStatus.AMOUNT_DIFFERS]
    ).count()
    statement.duplicate_count = lines.filter(status=LineStatus.DUPLICATE).count()
    statement.other_count = lines.filter(
        status__in=[LineStatus.IGNORED, LineStatus.INVALID]
    ).count()
    statement.save(
        update_fields=[
            "processed",
            "matched_count",
            "unmatched_count",
            "duplicate_count",
            "other_count",
        ]
    )


def _set(line: StatementLine, status: str, note: str, payment: Payment | None = None) -> None:
    line.status = status
    line.note = note[:255]
    line.payment = payment
    line.save(update_fields=["status", "note", "payment", "reference"])


@transaction.atomic
def _line_reconcile(line_id: int, statement: StatementImport, now: dt.datetime) -> None:
    line = StatementLine.objects.select_for_update().get(pk=line_id)
    if line.status != LineStatus.PENDING:
        return
    if line.amount is None or line.amount <= 0:
        _set(line, LineStatus.IGNORED, _("Khoản ghi nợ hoặc bằng 0: không đối soát."))
        return
    seen = (
        StatementLine.objects.filter(
            bank_txn_id=line.bank_txn_id, statement__agency_id=statement.agency_id
        )
        .exclude(pk=line.pk)
        .exclude(status__in=[LineStatus.PENDING, LineStatus.INVALID])
        .filter(Q(statement=statement, row__lt=line.row) | ~Q(statement=statement))
        .order_by("statement_id", "row")
        .first()
    )
    line.reference = reference_find(line.description) or ""
    if seen is not None:
        where = (
            _("dòng %(r)s của tệp này") % {"r": seen.row}
            if seen.statement_id == statement.pk
            else _("sao kê “%(f)s”") % {"f": seen.statement.original_name}
        )
        _set(
            line,
            LineStatus.DUPLICATE,
            _("Giao dịch ngân hàng %(t)s đã có ở %(w)s.") % {"t": line.bank_txn_id, "w": where},
            seen.payment,
        )
        return
    if not line.reference:
        _set(line, LineStatus.NO_PAYMENT, _("Nội dung chuyển khoản không có mã thanh toán."))
        return
    agency_path = Agency.objects.values_list("path", flat=True).get(pk=statement.agency_id)
    found = (
        Payment.objects.filter(reference=line.reference, agency__path__startswith=agency_path)
        .values_list("pk", "dossier_id", "method")
        .first()
    )
    if found is None or found[2] != Method.QR:
        _set(
            line,
            LineStatus.NO_PAYMENT,
            _("Mã %(r)s không phải khoản chuyển khoản nào của cơ quan.") % {"r": line.reference},
        )
        return
    ledger = ledger_lock(found[1])
    payment = lock_payment(found[0])
    if line.amount != payment.amount:
        _set(
            line,
            LineStatus.AMOUNT_DIFFERS,
            _("Nhận %(got)s đồng, khoản thanh toán là %(want)s đồng.")
            % {
                "got": f"{line.amount:,}".replace(",", "."),
                "want": f"{payment.amount:,}".replace(",", "."),
            },
            payment,
        )
        return
    if payment.status in SETTLED:
        _set(
            line,
            LineStatus.DUPLICATE,
            _("Mã %(r)s đã được thanh toán (giao dịch %(t)s); khoản này chuyển lần hai.")
            % {"r": payment.reference, "t": payment.bank_txn_id or payment.gateway_txn_id or ""},
            payment,
        )
        return
    if Payment.objects.filter(bank_txn_id=line.bank_txn_id).exists():
        _set(
            line,
            LineStatus.DUPLICATE,
            _("Giao dịch ngân hàng %(t)s đã xác nhận khoản khác.") % {"t": line.bank_txn_id},
            payment,
        )
        return
    receipt = confirm(
        payment, ledger=ledger, actor=None, at=now, via="statement", bank_txn_id=line.bank_txn_id
    )
    _set(
        line,
        LineStatus.MATCHED,
        _("Đã xác nhận thanh toán, biên lai số %(n)s.") % {"n": receipt.label},
        payment,
    )
