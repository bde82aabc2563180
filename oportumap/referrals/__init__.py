"""Referral lists along the reintegration pathway, one concern per module.

- :mod:`~oportumap.referrals.pathway`: the rules (stages, which offers can still be taken,
  service types, score) and their documentation. Start there.
- :mod:`~oportumap.referrals.inputs`: people and offers as arrays.
- :mod:`~oportumap.referrals.candidates`: nearest open offers and their scores.
- :mod:`~oportumap.referrals.plan`: the run end to end (:func:`referral_plan`) and the
  capacity-aware allocation.
- :mod:`~oportumap.referrals.reasons`: the referral table and its reasons in words.
- :mod:`~oportumap.referrals.unmet`: unmet demand, why, and what would help.

The coordinators' workbook is written by :func:`oportumap.exports.referrals.write_referrals`
(presentation layer).

Examples
--------
>>> import oportumap
>>> table = oportumap.referral_list(oportumap.load_sample(), top=3)
>>> int(table["rank"].max()) <= 3
True

``oportumap.referrals`` is this package. Before version 0.2 it was also the function now
called :func:`referral_list`; calling the package still works, with a
:class:`DeprecationWarning`, and will stop working in a later version.
"""

from __future__ import annotations

import sys
import types
import warnings
from typing import Any

import pandas as pd

from oportumap.referrals.pathway import (
    CAPACITY_WEIGHT,
    CERTIFICATION_MISSING_FACTOR,
    DEFAULT_CAPACITY_FACTOR,
    DEFAULT_DEPTH,
    DEFAULT_MAX_KM,
    DEFAULT_MAX_MINUTES,
    ENTRY_LEVEL_MATCH,
    HOME_CELL_DEG,
    SERVICE_KEYWORDS,
    STAGE_KIND,
    STAGE_QUOTA,
    STAGES,
    TRAINING_FLOOR,
    classify_services,
    offer_status,
)
from oportumap.referrals.plan import (
    REFERRAL_COLUMNS,
    REMAINING_COLUMNS,
    UNMET_COLUMNS,
    ReferralResult,
    id_document_word,
    referral_list,
    referral_plan,
    remaining_seats,
    unmet_demand,
)

__all__ = [
    "CAPACITY_WEIGHT", "CERTIFICATION_MISSING_FACTOR", "DEFAULT_CAPACITY_FACTOR",
    "DEFAULT_DEPTH", "DEFAULT_MAX_KM", "DEFAULT_MAX_MINUTES", "ENTRY_LEVEL_MATCH",
    "HOME_CELL_DEG", "REFERRAL_COLUMNS", "SERVICE_KEYWORDS", "STAGES", "STAGE_KIND",
    "STAGE_QUOTA", "TRAINING_FLOOR", "UNMET_COLUMNS", "ReferralResult", "classify_services",
    "id_document_word", "offer_status", "referral_list", "referral_plan", "remaining_seats",
    "unmet_demand", "REMAINING_COLUMNS",
]


class _CallablePackage(types.ModuleType):
    """This package, still callable as the function it used to share its name with."""

    def __call__(self, *args: Any, **kwargs: Any) -> pd.DataFrame:
        warnings.warn("oportumap.referrals(...) se llama ahora oportumap.referral_list(...); "
                      "el nombre anterior dejará de funcionar en una versión próxima",
                      DeprecationWarning, stacklevel=2)
        return referral_list(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
