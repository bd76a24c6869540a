"""Two notices for the same payment at the same instant (PostgreSQL: real row locks)."""

from __future__ import annotations

import os
import threading

import pytest
from django.db import connections

from motcua.payments.tests.conftest import load_procedures

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs PostgreSQL row locks (DATABASE_URL=postgres://…)",
    ),
]


def test_simultaneous_notices_confirm_once_and_number_receipts_without_gaps(demo_org):
    from motcua.accounts.models import User
    from motcua.catalog.models import Procedure
    from motcua.payments import services
    from motcua.payments.gateways import CallbackResult
    from motcua.payments.models import PaymentCallbackLog, Receipt
    from motcua.payments.tests.helpers import dossier_filed

    load_procedures()
    services.payment_requirement_set(
        actor=None,
        procedure=Procedure.objects.get(code="2.000635"),
        before_step="accept",
        online_payment_enabled=True,
    )
    resident = User.objects.get(username="dan.nguyenvanan")
    payments = [
        services.payment_gateway_start(
            actor=resident, dossier=dossier_filed(resident=resident), gateway="sandbox"
        )
        for _ in range(3)
    ]
    # Given four workers per payment delivering the same success notice at once
    barrier = threading.Barrier(12)
    errors: list[BaseException] = []

    def deliver(payment):
        try:
            barrier.wait(timeout=20)
            services.payment_result_apply(
                gateway="sandbox",
                result=CallbackResult(
                    valid=True,
                    reference=payment.reference,
                    amount=payment.amount,
                    gateway_txn_id=f"T{payment.pk}",
                    success=True,
                ),
                kind="ipn",
            )
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver, args=(p,)) for p in payments for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    # Then each payment was confirmed once, the others answered "already confirmed"
    assert Receipt.objects.count() == 3
    assert sorted(Receipt.objects.values_list("number", flat=True)) == [1, 2, 3]
    outcomes = list(PaymentCallbackLog.objects.values_list("outcome", flat=True))
    assert outcomes.count("applied") == 3
    assert outcomes.count("duplicate") == 9
