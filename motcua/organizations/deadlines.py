"""The deadline query shared by ``manage.py deadline`` and ``GET /api/v1/calendar/deadline``.

Both parse the same text inputs here, so they give the same answer and the same errors.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from motcua.core.clock import ClockError, LimitUnit, Pause
from motcua.organizations.calendars import calendar_for_agency
from motcua.organizations.models import Agency
from motcua.organizations.selectors import agency_resolve


class DeadlineInputError(ValueError):
    """Input that cannot be answered; ``errors`` maps each offending field to messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))


@dataclass(frozen=True)
class DeadlineAnswer:
    start: dt.datetime
    effective_start: dt.datetime
    limit: int
    unit: LimitUnit
    pauses: tuple[Pause, ...]
    agency: Agency | None
    due: dt.datetime


def parse_instant(text: str, *, field: str) -> dt.datetime:
    """ISO 8601 instant; without an offset it is read in the site's time zone."""
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except (ValueError, AttributeError) as exc:
        raise DeadlineInputError(
            {
                field: [
                    _("'%(v)s' không phải thời điểm ISO 8601, ví dụ 2026-03-06T15:00+07:00.")
                    % {"v": text}
                ]
            }
        ) from exc
    if value.tzinfo is None:
        value = value.replace(tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    return value


def deadline_compute(
    *,
    start: str,
    limit: str | int,
    unit: str,
    pauses: Sequence[str] = (),
    agency_code: str | None = None,
) -> DeadlineAnswer:
    errors: dict[str, list[str]] = {}

    def instant(text: str, field: str) -> dt.datetime | None:
        try:
            return parse_instant(text, field=field)
        except DeadlineInputError as exc:
            for k, v in exc.errors.items():
                errors.setdefault(k, []).extend(v)
            return None

    start_at = instant(start, "start")

    limit_value: int | None = None
    try:
        limit_value = int(str(limit).strip())
    except ValueError:
        errors.setdefault("limit", []).append(_("Thời hạn phải là số nguyên không âm, ví dụ 4."))
    if limit_value is not None and limit_value < 0:
        errors.setdefault("limit", []).append(_("Thời hạn không được âm."))

    unit_value: LimitUnit | None = None
    try:
        unit_value = LimitUnit(unit)
    except ValueError:
        errors.setdefault("unit", []).append(
            _("Đơn vị '%(u)s' không hợp lệ; dùng một trong: %(all)s.")
            % {"u": unit, "all": ", ".join(u.value for u in LimitUnit)}
        )

    parsed_pauses: list[Pause] = []
    for raw in pauses:
        parts = raw.split("/")
        if len(parts) != 2:
            errors.setdefault("pause", []).append(
                _("Khoảng tạm dừng '%(p)s' phải là hai thời điểm nối bằng '/'.") % {"p": raw}
            )
            continue
        p_start = instant(parts[0], "pause")
        p_end = instant(parts[1], "pause")
        if p_start and p_end:
            if p_end < p_start:
                errors.setdefault("pause", []).append(
                    _("Khoảng tạm dừng '%(p)s' kết thúc trước khi bắt đầu.") % {"p": raw}
                )
            else:
                parsed_pauses.append(Pause(start=p_start, end=p_end))

    agency: Agency | None = None
    code = agency_code or settings.MOTCUA_DEFAULT_AGENCY
    if code:
        try:
            agency = agency_resolve(code=code)
        except Agency.DoesNotExist:
            errors.setdefault("agency", []).append(_("Không có cơ quan mã '%(c)s'.") % {"c": code})

    if errors or start_at is None or limit_value is None or unit_value is None:
        raise DeadlineInputError(errors)

    calendar = calendar_for_agency(agency)
    parsed_pauses.sort(key=lambda p: p.start)
    try:
        due = calendar.due(start_at, limit_value, unit_value, parsed_pauses)
        effective = calendar.effective_start(start_at)
    except ClockError as exc:
        raise DeadlineInputError({exc.field: [str(exc)]}) from exc
    return DeadlineAnswer(
        start=start_at,
        effective_start=effective,
        limit=limit_value,
        unit=unit_value,
        pauses=tuple(parsed_pauses),
        agency=agency,
        due=due,
    )
