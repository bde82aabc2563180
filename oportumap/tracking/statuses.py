"""The status vocabulary of a referral and the pathway order it follows.

Statuses (code, Spanish word a coordinator picks in «Estado»)
    ``referred`` Referido, ``contacted`` Contactado, ``enrolled`` Inscrito, ``attended``
    Asistió, ``certified`` Certificado, ``placed`` Colocado, ``business_started``
    Emprendimiento iniciado, ``no_show`` No se presentó, ``rejected`` Rechazado,
    ``closed`` Cerrado.

Pathway step (:data:`STEP`)
    referred 0 < contacted 1 < enrolled 2 < attended 3 < certified 4 < placed = business
    started 5. ``no_show``, ``rejected`` and ``closed`` end a referral and have no step.
    A status of step 2 or more with no earlier (same day or before) status of a lower
    step from 1 up is accepted and flagged ``skipped_step`` (e.g. Colocado without
    Contactado): not every offer goes through every step (a vacancy has no enrolment),
    but somebody must have been in touch.

What coordinators type is read by the one vocabulary matcher
(:data:`oportumap.vocabulary.STATUS`): typos, feminine forms and phrases are understood and
reported; a trailing «?» and a negated state are questions, never accepted.

Examples
--------
>>> parse_statuses(pd.Series(["Colocado", "no se presento", "PLACED", "???", ""])).tolist()
['placed', 'no_show', 'placed', None, '']
"""

from __future__ import annotations

import pandas as pd

from oportumap.i18n import text
from oportumap.vocabulary import STATUS, STATUS_CODES, match

#: Status codes in the order of the drop-down (also the tie order, see :mod:`.timeline`):
#: the one list of :mod:`oportumap.vocabulary`, shared with the workbook's drop-down.
STATUSES: tuple[str, ...] = STATUS_CODES
#: Pathway step of each progress status.
STEP: dict[str, int] = {"referred": 0, "contacted": 1, "enrolled": 2, "attended": 3,
                        "certified": 4, "placed": 5, "business_started": 5}
#: Statuses that count as "contacted or further" in outcomes.
CONTACTED = ("contacted", "enrolled", "attended", "certified", "placed", "business_started")
#: Statuses that count as "enrolled or further in a course or programme".
ENROLLED = ("enrolled", "attended", "certified")
#: Statuses that count as a placement (job or business started).
PLACED = ("placed", "business_started")

#: Statuses that use up a seat of the offer, per kind of offer (see :mod:`.capacity`).
SEAT_STATUSES: dict[str, tuple[str, ...]] = {
    "vacancy": ("placed",),
    "training": ("enrolled", "attended", "certified"),
    "certification": ("enrolled", "attended", "certified"),
    "entrepreneurship": ("enrolled", "business_started"),
}


def status_label(code: str, lang: str = "es") -> str:
    """The word a coordinator sees for a status code.

    Examples
    --------
    >>> status_label("business_started")
    'Emprendimiento iniciado'
    """
    return text(f"status.{code}", lang)


def parse_statuses(values: pd.Series) -> pd.Series:
    """Status codes for what coordinators typed: ``""`` when blank, ``None`` when unknown.

    A thin view of :func:`oportumap.vocabulary.match` with :data:`~oportumap.vocabulary.STATUS`
    (which also gives the message per row and the interpretations).
    """
    return match(values, STATUS).values
