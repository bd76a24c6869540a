"""Every state change of fees and payments.

Each public function is one transaction: it locks the dossier's ledger row (then the payment
row), checks the actor's right, changes only what it must, writes one audit event and, in
the same transaction, queues the e-mail the change calls for. Payment events are recorded in
the global audit trail (``payment.start``, ``payment.confirm``, ``payment.fail``,
``payment.expire``, ``payment.refund``…) with the dossier's code in their data; a
confirmed payment and a refund are also appended to the dossier's own event log (actions
``pay`` and ``refund``, status unchanged) so the dossier's timeline shows them.
"""

from motcua.payments.services.common import has_role, is_applicant_side, require_payable
from motcua.payments.services.desk import (
    FINANCE_ROLES,
    bank_account_set,
    payment_refund,
    payment_requirement_set,
    payment_take_at_desk,
    statement_line_refund,
)
from motcua.payments.services.online import (
    CallbackAnswer,
    QueryReport,
    bank_account_for,
    payment_callback_apply,
    payment_gateway_start,
    payment_qr_start,
    payment_result_apply,
    payments_expire,
    payments_query,
)
from motcua.payments.services.statements import statement_run, statement_upload

__all__ = [
    "FINANCE_ROLES",
    "CallbackAnswer",
    "QueryReport",
    "bank_account_for",
    "bank_account_set",
    "has_role",
    "is_applicant_side",
    "payment_callback_apply",
    "payment_gateway_start",
    "payment_qr_start",
    "payment_refund",
    "payment_requirement_set",
    "payment_result_apply",
    "payment_take_at_desk",
    "payments_expire",
    "payments_query",
    "require_payable",
    "statement_line_refund",
    "statement_run",
    "statement_upload",
]
