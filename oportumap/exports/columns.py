"""What kind of value each output column holds, in one table.

Every writer (CSV, Excel, notebook tables) asks :func:`column_kind` how to show a column:
``people`` (whole numbers: people, seats, counts, ranks), ``average`` (people per unit, 1
decimal), ``km`` (1 decimal), ``minutes`` (whole), ``share`` (a fraction: ``0.0%`` in
Excel, a percentage with 1 decimal in CSV), ``score`` (ratios such as places per returnee,
3 decimals), ``coordinate`` (5 decimals), ``date``, ``bool`` (Sí/No) and ``text``. Profile,
plan and referral tables share it, so the same column looks the same everywhere.

Examples
--------
>>> column_kind("returnees"), column_kind("certification_nearest_km")
('people', 'km')
>>> column_kind("share"), column_kind("vacancy_2sfca"), column_kind("consent")
('share', 'score', 'bool')
"""

from __future__ import annotations

from oportumap.schema import OPPORTUNITY_KINDS

#: Column kinds and how they are shown: (decimals, Excel number format).
KIND_FORMATS: dict[str, tuple[int | None, str | None]] = {
    "people": (0, "#,##0"),
    "average": (1, "#,##0.0"),
    "km": (1, "#,##0.0"),
    "minutes": (0, "#,##0"),
    "share": (3, "0.0%"),
    "score": (3, "0.000"),
    "coordinate": (5, "0.00000"),
    "number": (2, "#,##0.00"),  # decimals in columns this table does not know
    "integer": (0, "0"),  # whole numbers in unknown columns (may be codes: no separator)
    "date": (None, "yyyy-mm-dd"),
    "bool": (None, None),
    "text": (None, None),
}

#: Canonical column name -> kind (per-kind profile measures are added below).
COLUMN_KINDS: dict[str, str] = {
    # registry and opportunity columns
    "returnee_id": "text", "opportunity_id": "text", "muni_code": "text",
    "muni_name": "text", "dept_code": "text", "dept_name": "text",
    "lat": "coordinate", "lon": "coordinate", "sex": "text", "age": "people",
    "occupations": "text", "certifications": "text", "experience_abroad": "bool",
    "has_id_document": "bool", "needs_psychosocial": "bool", "interest": "text",
    "return_date": "date", "consent": "bool", "kind": "text", "title": "text",
    "provider": "text", "occupation": "text", "capacity": "people",
    "location_source": "text", "start_date": "date", "end_date": "date",
    "requires_certification": "bool", "contact": "text",
    # profiles
    "returnees": "people", "gap_score": "average", "priority_rank": "people",
    "kinds_out_of_reach": "people", "municipalities": "people",
    "municipalities_out_of_reach": "people",
    # plans
    "site": "text", "status": "text", "order": "people", "marginal_gain": "people",
    "assigned": "people", "demand": "people", "covered_before": "bool",
    "covered_after": "bool", "newly_covered": "bool", "unserved": "people",
    "coverage_state": "text", "p_new": "people", "covered": "people", "added": "people",
    "share": "share", "origin": "text", "seats": "people", "added_seats": "people",
    "served_before": "people", "served_after": "people",
    # referrals (laid out by oportumap.exports.referrals; the same kinds apply)
    "rank": "people", "distance_km": "km", "minutes": "minutes", "score": "score",
    "referred": "people", "unmet": "people", "no_option": "people",
    "capacity_full": "people", "deferred": "people", "isco": "text",
    # data summaries
    "rows": "people", "rejected": "people",
    # follow-up (pending list)
    "referral_id": "text", "returnee_phone": "text", "provider_contact": "text",
    "current_status": "text", "last_change": "date", "days_waiting": "people",
    "home_muni_name": "text", "stage": "text",
    # the humanitarian ecosystem
    "muni_pcode": "text", "dept_pcode": "text",
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


def column_kind(column: str) -> str | None:
    """The kind of a canonical column (``None`` when the table does not know it).

    Unknown columns are shown by their data type: numbers with 2 decimals, text as is.
    """
    return COLUMN_KINDS.get(str(column))
