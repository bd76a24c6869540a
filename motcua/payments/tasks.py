"""Background work of payments: render receipts, reconcile statements, expire payments.

Every task is safe to run twice (a worker that dies after the work but before recording
it simply does it again with the same result).
"""

from __future__ import annotations

from django_tasks import task


@task()
def receipt_render_task(receipt_id: int) -> str:
    from motcua.payments.receipts import receipt_pdf_ensure

    return str(receipt_pdf_ensure(receipt_id=receipt_id).pk)


@task()
def statement_reconcile_task(statement_id: int) -> str:
    from motcua.payments.services import statement_run

    return str(statement_run(statement_id=statement_id).status)


@task()
def payments_expire_task() -> int:
    from motcua.payments.services import payments_expire

    return payments_expire()


@task()
def sandbox_ipn_task(txn_no: str) -> str:
    from motcua.payments.sandbox import sandbox_ipn_send

    return sandbox_ipn_send(txn_no=txn_no)
