"""Demo fees and payments: requirements for the fee-bearing demo procedures, the collecting
accounts of the district and of Bạch Đằng, and payments for a share of the demo dossiers —
cash and card at the desk, gateway payments through the sandbox protocol, and VietQR
transfers confirmed by weekly bank statements (with a duplicate and an unexplained credit in
them). Everything goes through the services, with times in the past. Idempotent.

The account numbers are illustrative, not real accounts.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from motcua.accounts.models import User
from motcua.catalog.models import Procedure
from motcua.catalog.selectors import procedure_version_in_force
from motcua.dossiers.constants import Channel, Status
from motcua.dossiers.models import Dossier
from motcua.payments import services
from motcua.payments.constants import Gate, Method
from motcua.payments.gateways import CallbackResult
from motcua.payments.models import AgencyBankAccount, Payment, PaymentRequirement
from motcua.payments.selectors import fee_bearing_procedure_codes

SEED = 20230520
SHARE_PAID = 0.7
ACCOUNTS = {
    "hbt": ("970415", "VietinBank", "113000209999", "UBND QUAN HAI BA TRUNG"),
    "hbt-bach-dang": ("970436", "Vietcombank", "0451000209999", "UBND PHUONG BACH DANG"),
}


def seed_demo_data(*, agencies: dict[str, Any], stdout: Any) -> None:
    requirements = _requirements(agencies)
    accounts = _accounts(agencies)
    stdout.write(f"payments: {requirements} payment requirements, {accounts} accounts added")
    if Payment.objects.exists():
        stdout.write(f"payments: {Payment.objects.count()} already present, nothing added")
        return
    dossiers = list(
        Dossier.objects.filter(fee_amount__gt=0, code__isnull=False)
        .exclude(status__in=[Status.DRAFT, Status.WITHDRAWN, Status.REFUSED, Status.STOPPED])
        .select_related("receiving_agency", "procedure_version__procedure", "submitted_by")
        .order_by("submitted_at", "id")
    )
    if not dossiers:
        stdout.write("payments: no fee-bearing demo dossiers, no payments")
        return
    counts = _payments(agencies, dossiers)
    stdout.write("payments: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


def _requirements(agencies: dict[str, Any]) -> int:
    codes = fee_bearing_procedure_codes(agency=agencies["hbt"])
    added = 0
    for procedure in Procedure.objects.filter(code__in=codes).order_by("code"):
        if PaymentRequirement.objects.filter(procedure=procedure).exists():
            continue
        version = procedure_version_in_force(code=procedure.code)
        online = version is not None and int(Channel.ONLINE) in [
            int(c) for c in (version.channels or [])
        ]
        # Copies and extracts are paid when asked for; larger files when the result is ready.
        per_item = version is not None and any(
            rule.kind in ("per_copy", "per_page") for rule in version.fees.all()
        )
        services.payment_requirement_set(
            actor=None,
            procedure=procedure,
            before_step=Gate.ACCEPT if per_item else Gate.RETURN,
            online_payment_enabled=online,
            note="Dữ liệu minh họa",
        )
        added += 1
    return added


def _accounts(agencies: dict[str, Any]) -> int:
    admin = User.objects.filter(is_superuser=True).first()
    added = 0
    for code, (bank_bin, bank, number, holder) in ACCOUNTS.items():
        agency = agencies.get(code)
        if agency is None or AgencyBankAccount.objects.filter(agency=agency).exists():
            continue
        AgencyBankAccount.objects.create(
            agency=agency,
            bank_bin=bank_bin,
            bank_name=bank,
            account_number=number,
            account_name=holder,
            updated_by=admin,
        )
        added += 1
    return added


def _desk_officer(dossier: Dossier) -> User:
    local = {"hbt-bach-dang": "motcua.bachdang", "hbt-minh-khai": "motcua.minhkhai"}
    return User.objects.get(username=local.get(dossier.receiving_agency.code, "motcua.hbt"))


def _payments(agencies: dict[str, Any], dossiers: list[Dossier]) -> dict[str, int]:
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not a secret
    counts: dict[str, int] = defaultdict(int)
    transfers: dict[dt.date, list[tuple[Payment, dt.datetime]]] = defaultdict(list)
    now = timezone.now()
    for dossier in dossiers:
        if rng.random() > SHARE_PAID:
            counts["unpaid"] += 1
            continue
        at = (dossier.received_at or dossier.submitted_at or now) + dt.timedelta(
            minutes=rng.randint(5, 90)
        )
        at = min(at, now - dt.timedelta(minutes=1))
        requirement = PaymentRequirement.objects.filter(
            procedure=dossier.procedure_version.procedure
        ).first()
        online = (
            dossier.channel == Channel.ONLINE
            and requirement is not None
            and requirement.online_payment_enabled
        )
        choice = rng.random()
        if online and choice < 0.5:
            _gateway(dossier, at, rng)
            counts["gateway"] += 1
        elif online and choice < 0.8 and services.bank_account_for(dossier.receiving_agency):
            payment = services.payment_qr_start(actor=dossier.submitted_by, dossier=dossier, at=at)
            week_end = timezone.localdate(at) + dt.timedelta(
                days=6 - timezone.localdate(at).weekday()
            )
            transfers[week_end].append((payment, at))
            counts["qr"] += 1
        else:
            card = rng.random() < 0.25
            services.payment_take_at_desk(
                actor=_desk_officer(dossier),
                dossier=dossier,
                method=Method.CARD if card else Method.CASH,
                card_reference=f"POS{rng.randint(100000, 999999)}" if card else "",
                at=at,
            )
            counts["card" if card else "cash"] += 1
    _statements(agencies, transfers, rng)
    return counts


def _gateway(dossier: Dossier, at: dt.datetime, rng: random.Random) -> None:
    """As if the payer approved at the sandbox and its notice arrived a minute later."""
    payment = services.payment_gateway_start(
        actor=dossier.submitted_by, dossier=dossier, gateway="sandbox", at=at
    )
    services.payment_result_apply(
        gateway="sandbox",
        result=CallbackResult(
            valid=True,
            reference=payment.reference,
            amount=payment.amount,
            gateway_txn_id=str(rng.randint(10**11, 10**12 - 1)),
            success=True,
            code="00",
            raw={"demo": "1"},
        ),
        kind="ipn",
        at=at + dt.timedelta(minutes=1),
    )


def _statements(
    agencies: dict[str, Any],
    transfers: dict[dt.date, list[tuple[Payment, dt.datetime]]],
    rng: random.Random,
) -> None:
    """One statement per week and collecting account, reconciled at the end of that week."""
    leader = User.objects.get(username="lanhdao.hbt")
    today = timezone.localdate()
    for week_end in sorted(transfers):
        by_account: dict[str, list[tuple[Payment, dt.datetime]]] = defaultdict(list)
        for payment, at in transfers[week_end]:
            account = services.bank_account_for(payment.agency)
            by_account[account.agency.code if account else "hbt"].append((payment, at))
        for code, rows in sorted(by_account.items()):
            lines = ["Ngày giao dịch;Số tiền ghi có;Nội dung;Mã giao dịch"]
            for n, (payment, at) in enumerate(rows, start=1):
                day = timezone.localdate(at)
                txn = f"FT{day:%y%m%d}{n:04d}{rng.randint(10, 99)}"
                lines.append(f"{day:%d/%m/%Y};{payment.amount};{payment.reference} NOP PHI;{txn}")
                if n == 1:  # the same transfer exported twice by the bank
                    lines.append(lines[-1])
            stray = f"FT{week_end:%y%m%d}9{rng.randint(100, 999)}"  # a credit no payment explains
            lines.append(f"{week_end:%d/%m/%Y};50000;chuyen tien nham;{stray}")
            upload = SimpleUploadedFile(
                f"sao-ke-{code}-{week_end:%Y%m%d}.csv", "\n".join(lines).encode("utf-8")
            )
            statement = services.statement_upload(
                actor=leader, agency=agencies[code], upload=upload
            )
            closing = min(week_end, today)
            at = dt.datetime.combine(
                closing, dt.time(16, 30), tzinfo=timezone.get_current_timezone()
            )
            services.statement_run(statement_id=statement.pk, now=min(at, timezone.now()))
