"""Dossier codes (DOMAIN.md §7) and tracking secrets.

``{agency electronic ID}-{yymmdd}-{sequence}``: the sequence counts per receiving agency and
local day, at least four digits. The number comes from one atomic upsert on a counter row, so
it is unique under any concurrency; the row stays locked until the caller's transaction ends,
which is why services take a code as the last thing before they commit.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers.models import DossierCodeCounter
from motcua.organizations.models import Agency

#: No 0/O, 1/I/L: the secret is read off paper and typed by hand.
SECRET_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # noqa: S105 - an alphabet, not a secret
SECRET_LENGTH = 8


def code_format(*, electronic_id: str, day: dt.date, number: int) -> str:
    """Pure: the code for the ``number``-th dossier of ``day`` at an agency."""
    return f"{electronic_id}-{day:%y%m%d}-{number:04d}"


def code_next(*, agency: Agency, at: dt.datetime) -> str:
    """Hand out the next dossier code of ``agency`` for the local day of ``at``.

    Caller is inside the transaction that stores the code. A rolled-back transaction leaves a
    gap; a number is never handed out twice.
    """
    if not agency.electronic_id:
        raise ValidationError(
            {
                "receiving_agency": _(
                    "Cơ quan “%(name)s” chưa có mã định danh điện tử nên chưa cấp được mã hồ "
                    "sơ. Quản trị cần nhập mã định danh (dạng 000.00.07.H26)."
                )
                % {"name": agency.name}
            }
        )
    day = timezone.localtime(at).date()
    table = connection.ops.quote_name(DossierCodeCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (agency_id, day, last) VALUES (%s, %s, 1) "  # noqa: S608
            f"ON CONFLICT (agency_id, day) DO UPDATE SET last = {table}.last + 1 "
            "RETURNING last",
            [agency.pk, day],
        )
        row = cursor.fetchone()
    assert row is not None  # noqa: S101 - RETURNING always yields the row
    return code_format(electronic_id=agency.electronic_id, day=day, number=int(row[0]))


def secret_new() -> str:
    return "".join(secrets.choice(SECRET_ALPHABET) for _ in range(SECRET_LENGTH))


def secret_normalise(raw: str) -> str:
    """What a person typed, as stored: upper case, spaces and dashes dropped."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


def secret_matches(stored: str, given: str) -> bool:
    """Constant-time comparison, so the response time does not leak how much was right."""
    if not stored:
        return False
    return hmac.compare_digest(stored.encode(), secret_normalise(given).encode())
