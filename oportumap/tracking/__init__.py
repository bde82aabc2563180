"""Referral follow-up: every referral recorded, coordinators' workbooks imported, outcomes.

The loop
    1. :func:`record_referrals` stores each referral of a run with a stable
       ``referral_id`` (shown as «ID referencia» in the coordinators' workbook).
    2. Coordinators fill «Estado», «Fecha estado» and «Nota» in Excel;
       :func:`import_status` appends one event per change to an append-only history.
    3. :func:`outcomes` counts issued, contacted, enrolled, certified, placed, no-shows and
       rejections with funnel rates; :func:`seats_used` feeds filled seats back
       into the next referral run.

See :mod:`oportumap.tracking.store` for the database (SQLite file by default, PostgreSQL
by URL), :mod:`oportumap.tracking.statuses` for the status words and pathway order, and
:mod:`oportumap.tracking.importer` for the import rules.
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY: dict[str, str] = {
    "Store": "oportumap.tracking.store",
    "open_store": "oportumap.tracking.store",
    "upgrade": "oportumap.tracking.store",
    "record_referrals": "oportumap.tracking.record",
    "referral_ids": "oportumap.tracking.record",
    "import_status": "oportumap.tracking.importer",
    "record_issued": "oportumap.tracking.issued",
    "ImportSummary": "oportumap.tracking.importer",
    "history": "oportumap.tracking.timeline",
    "current_status": "oportumap.tracking.timeline",
    "conflicts": "oportumap.tracking.timeline",
    "outcomes": "oportumap.tracking.funnel",
    "shareable_outcomes": "oportumap.tracking.funnel",
    "placement_by_municipality": "oportumap.tracking.funnel",
    "with_outcomes": "oportumap.tracking.funnel",
    "seats_used": "oportumap.tracking.capacity",
    "referral_plan_tracked": "oportumap.tracking.capacity",
    "RecordedRun": "oportumap.tracking.record",
    "store_tables": "oportumap.tracking.export",
}

__all__ = list(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'oportumap.tracking' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
