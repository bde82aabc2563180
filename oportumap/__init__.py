"""oportumap: where returned migrants live, against where opportunities are.

Load a returnee registry extract and opportunity lists (vacancies, training,
certification, entrepreneurship programmes, services), place them on the map, measure
access and gaps per municipality, build referral lists along the reintegration pathway,
plan new capacity, and export offline maps and Excel lists.

Examples
--------
>>> import oportumap
>>> ds = oportumap.load_sample()
>>> len(oportumap.municipalities())
340
"""

from __future__ import annotations

import importlib
from typing import Any

from oportumap.errors import DataError

__version__ = "0.1.0"

# Public names -> module that defines them. Imported on first use so that
# `import oportumap` and the CLI start fast (geopandas, folium, pulp load lazily).
_LAZY: dict[str, str] = {
    "Dataset": "oportumap.dataset",
    "municipalities": "oportumap.geography",
    "departments": "oportumap.geography",
    "resolve_municipalities": "oportumap.geography",
    "register_country": "oportumap.geography",
    "read_returnees": "oportumap.loaders",
    "read_opportunities": "oportumap.loaders",
    "read_returnee_counts": "oportumap.loaders",
    "load_dataset": "oportumap.loaders",
    "write_table": "oportumap.exports.tables",
    "for_people": "oportumap.exports.tables",
    "load_sample": "oportumap.sample",
    "generate_sample": "oportumap.sample",
    "municipality_profile": "oportumap.access",
    "department_profile": "oportumap.access",
    "opportunity_map": "oportumap.maps",
    "save_map": "oportumap.maps",
    "static_map": "oportumap.maps",
    "plan_capacity": "oportumap.planning",
    "maximal_covering": "oportumap.planning",
    "coverage_curve": "oportumap.planning",
    "plan_seats": "oportumap.planning",
    "Explorer": "oportumap.widgets",
    "referral_list": "oportumap.referrals",
    "referral_plan": "oportumap.referrals",
    "unmet_demand": "oportumap.referrals",
    "match_occupations": "oportumap.skills",
    "outcomes": "oportumap.tracking.funnel",
    "travel_times": "oportumap.travel",
}

__all__ = ["DataError", "__version__", *_LAZY]


#: Sub-packages reachable as attributes after ``import oportumap`` (loaded on first use),
#: so ``oportumap.tracking.with_outcomes(...)`` works as the documentation writes it.
_SUBPACKAGES = ("access", "brief", "costs", "exports", "geography", "loaders", "maps",
                "planning", "privacy", "referrals", "skills", "tracking")


def __getattr__(name: str) -> Any:
    if name in _SUBPACKAGES:
        return importlib.import_module(f"oportumap.{name}")
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'oportumap' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
