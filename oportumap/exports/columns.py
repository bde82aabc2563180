"""The one column catalogue: what each output column holds and how people see it.

Every writer (CSV, Excel, notebook tables, map popups) asks this module how to show a
column: its **kind** (``people`` whole numbers: people, seats, counts, ranks; ``average``
people per unit, 1 decimal; ``km`` 1 decimal; ``minutes`` whole; ``share`` a rate kept as
a fraction at full precision, shown with a ``0.0%`` format in Excel and as a percentage in
CSV; ``score`` 3 decimals; ``coordinate`` 5 decimals; ``days`` whole; ``date``; ``bool``
Sí/No; ``code`` an internal code always shown as its words; ``text``), its **unit**, and
its **label** (a key of the one word table, :mod:`oportumap.i18n`). Profile, plan,
referral, outcome and store tables share it, so the same column looks the same everywhere.

Examples
--------
>>> column_kind("returnees"), column_kind("certification_nearest_km")
('people', 'km')
>>> column_kind("share"), column_kind("vacancy_2sfca"), column_kind("consent")
('share', 'score', 'bool')
>>> code_word("stage", "id_document"), code_word("kind", "vacancy", "en")
('Documento de identidad', 'Vacancy')
>>> spec("distance_km")
ColumnSpec(kind='km', unit='km', decimals=1, excel_format='#,##0.0')
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from oportumap.i18n import has_text, text
from oportumap.schema import OPPORTUNITY_KINDS
from oportumap.text import date_text  # noqa: F401  (the one date-as-text rule)

#: Column kinds and how they are shown: (decimals, Excel number format). ``share`` keeps
#: full precision in the stored value (its format shows one decimal of a percentage).
KIND_FORMATS: dict[str, tuple[int | None, str | None]] = {
    "people": (0, "#,##0"),
    "average": (1, "#,##0.0"),
    "km": (1, "#,##0.0"),
    "minutes": (0, "#,##0"),
    "days": (0, "#,##0"),
    "share": (None, "0.0%"),
    "score": (3, "0.000"),
    "coordinate": (5, "0.00000"),
    "number": (2, "#,##0.00"),  # decimals in columns this table does not know
    "integer": (0, "0"),  # whole numbers in unknown columns (may be codes: no separator)
    "date": (None, "dd/mm/yyyy"),
    "bool": (None, None),
    "code": (None, None),
    "text": (None, None),
}
#: Unit of each kind (for labels and popups).
KIND_UNITS: dict[str, str | None] = {"km": "km", "minutes": "min", "days": "días",
                                     "share": "%", "people": "personas"}

#: Canonical column name -> kind (per-kind profile measures are added below).
COLUMN_KINDS: dict[str, str] = {
    # registry and opportunity columns
    "returnee_id": "text", "opportunity_id": "text", "muni_code": "text",
    "muni_name": "text", "dept_code": "text", "dept_name": "text",
    "lat": "coordinate", "lon": "coordinate", "sex": "code", "age": "people",
    "occupations": "text", "certifications": "text", "experience_abroad": "bool",
    "has_id_document": "bool", "needs_psychosocial": "bool", "interest": "code",
    "interests": "code",
    "return_date": "date", "consent": "bool", "kind": "code", "title": "text",
    "provider": "text", "occupation": "code", "capacity": "people",
    "location_source": "text", "start_date": "date", "end_date": "date",
    "requires_certification": "bool", "contact": "text", "phone": "text",
    "address": "text", "late_enrolment": "bool",
    # profiles
    "returnees": "people", "gap_score": "average", "priority_rank": "people",
    "kinds_out_of_reach": "people", "municipalities": "people",
    "municipalities_out_of_reach": "people", "placement_rate": "share",
    # plans
    "result": "code",
    "site": "text", "status": "code", "order": "people", "marginal_gain": "people",
    "assigned": "people", "demand": "people", "covered_before": "bool",
    "covered_after": "bool", "newly_covered": "bool", "unserved": "people",
    "coverage_state": "code", "p_new": "people", "covered": "people", "added": "people",
    "share": "share", "origin": "text", "seats": "people", "added_seats": "people",
    "served_before": "people", "served_after": "people",
    # referrals (laid out by oportumap.exports.referrals; the same kinds apply)
    "referral_id": "text", "rank": "people", "distance_km": "km", "minutes": "minutes",
    "score": "score", "referred": "people", "unmet": "people", "no_option": "people",
    "capacity_full": "people", "deferred": "people", "isco": "text", "stage": "code",
    "reason": "text", "note": "text", "status_date": "date", "home_muni_code": "text",
    "home_dept_code": "text", "home_muni_name": "text", "nearest_km": "km",
    # outcomes
    "group": "text", "name": "text", "issued": "people", "contacted": "people",
    "enrolled": "people", "certified": "people", "placed": "people", "no_show": "people",
    "contact_rate": "share", "enrolment_rate": "share", "certification_rate": "share",
    "median_days_to_placement": "days",
    # the follow-up store
    "run_id": "integer", "as_of": "date", "issued_at": "date", "current_status": "code",
    "current_status_date": "date", "source_file": "text", "sheet": "text", "row": "integer",
    "imported_at": "date", "import_id": "integer", "flags": "code", "event_id": "integer",
    "file_name": "text", "file_sha256": "text", "rows_read": "people",
    "accepted": "people", "events_added": "people",
    # data summaries and rejected rows
    "dataset": "code", "rows": "people", "rejected": "people", "file": "text",
    "column": "text", "value": "text",
    # follow-up (pending list), the humanitarian ecosystem, population and outcome layers
    "returnee_phone": "text", "provider_contact": "text", "last_change": "date",
    "days_waiting": "people", "muni_pcode": "text", "dept_pcode": "text",
    "population": "people", "returnees_per_10k": "average",
}

#: Per-kind profile measures (``certification_nearest_km`` ...): suffix -> kind.
MEASURE_KINDS: dict[str, str] = {
    "nearest_km": "km", "nearest_min": "minutes", "count": "people", "capacity": "people",
    "2sfca": "score", "e2sfca": "score", "returnees_per_place": "average",
    "unserved": "people",
}
for _kind in OPPORTUNITY_KINDS:
    for _measure, _column_kind in MEASURE_KINDS.items():
        COLUMN_KINDS[f"{_kind}_{_measure}"] = _column_kind

#: Code columns and where their words live in :mod:`oportumap.i18n` (first match wins;
#: a value with no word, such as a free-text occupation, is shown as written).
CODE_WORDS: dict[str, tuple[str, ...]] = {
    "stage": ("stage.",),
    "kind": ("referrals.kind.", "kind."),
    "status": ("status.", "plan.site."),
    "current_status": ("status.",),
    "occupation": ("occupation.", "stage.", "referrals.kind."),
    "interest": ("interest.",),
    # as words: a column of «M» alone would read back as a question (H/M or M/F?)
    "sex": ("sex.",),
    "interests": ("interest.",),
    "coverage_state": ("plan.state.",),
    "flags": ("flag.",),
    "dataset": ("kind.", "col."),
    "result": ("tracking.result.",),
}


@dataclass(frozen=True)
class ColumnSpec:
    """How one column is shown: its kind, unit, rounding and Excel number format."""

    kind: str
    unit: str | None
    decimals: int | None
    excel_format: str | None


def column_kind(column: str) -> str | None:
    """The kind of a canonical column (``None`` when the catalogue does not know it).

    Unknown columns are shown by their data type: numbers with 2 decimals, text as is.
    """
    return COLUMN_KINDS.get(str(column))


def spec(column: str) -> ColumnSpec | None:
    """Everything the catalogue says about ``column`` (None when unknown)."""
    kind = column_kind(column)
    if kind is None:
        return None
    decimals, excel_format = KIND_FORMATS[kind]
    return ColumnSpec(kind, KIND_UNITS.get(kind), decimals, excel_format)


def code_word(column: str, code: object, lang: str = "es") -> object:
    """The word people read for an internal ``code`` of ``column`` (unknown codes stay).

    Examples
    --------
    >>> code_word("status", "no_show"), code_word("occupation", "albañil")
    ('No se presentó', 'albañil')
    >>> code_word("interests", "employment;training")
    'Empleo, Formación'

    """
    if not isinstance(code, str) or not code:
        return code
    if ";" in code:  # several codes («employment;training»): each in words
        return ", ".join(str(code_word(column, part, lang)) for part in code.split(";"))
    for prefix in CODE_WORDS.get(str(column), ()):
        if has_text(prefix + code):
            return text(prefix + code, lang)
    return code


def code_words(values: pd.Series, column: str, lang: str = "es") -> pd.Series:
    """:func:`code_word` on every value, once per distinct value (vectorised)."""
    if str(column) not in CODE_WORDS:
        return values
    if isinstance(values.dtype, pd.CategoricalDtype):
        words = [code_word(column, c, lang) for c in values.cat.categories]
        if len(set(words)) == len(words):
            return values.cat.rename_categories(words)
        values = values.astype(object)
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    words = np.array([code_word(column, u, lang) for u in uniques] + [None], dtype=object)
    return pd.Series(words[codes], index=values.index, dtype=object)

