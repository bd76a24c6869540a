"""Demo data of oversight: the counters of whatever demo dossiers exist.

Demo dossiers are written through the services, so the event-log listener has counted them
already; this recomputes facts and counters from the logs and repairs any difference (for
instance dossiers created before this app was installed). Running it twice changes nothing.
"""

from __future__ import annotations

from typing import Any

from motcua.oversight.rollups import oversight_rebuild


def seed_demo_data(*, agencies: dict[str, Any], stdout: Any) -> None:
    report = oversight_rebuild(repair=True)
    state = "đã sửa" if report.repaired else "khớp"
    stdout.write(f"oversight: {report.dossiers} hồ sơ có số liệu, bộ đếm {state}")
