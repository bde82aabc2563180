"""Boundaries per country and municipality resolution.

Guatemala's 340 municipalities and 22 departments are bundled; other countries (El
Salvador, Honduras, Costa Rica, ...) are registered once from the user's own boundary file
(``oportumap country add`` or :func:`register_country`) and their first-level units ship
with the package. Every function takes ``country=`` (ISO 3166 alpha-2, ``"GT"`` by
default).

Modules: :mod:`~oportumap.geography.country` (boundaries),
:mod:`~oportumap.geography.registry` (which countries exist, kept between sessions),
:mod:`~oportumap.geography.register` (a user's boundary file),
:mod:`~oportumap.geography.names` (how names are written),
:mod:`~oportumap.geography.resolve` (names and codes to municipality codes).
"""

from __future__ import annotations

from oportumap.geography.country import (
    BUNDLED_ADMIN1,
    MUNICIPALITY_COLUMNS,
    Admin1Table,
    CountryGeography,
    normalize_code,
)
from oportumap.geography.register import (
    RegisteredCountry,
    RegistrationReport,
    build_country,
    register_country,
)
from oportumap.geography.registry import (
    clear_cache,
    department_table,
    departments,
    get_country,
    is_registered,
    load_registered,
    municipalities,
    registered,
    remove_registered,
    save_registered,
)
from oportumap.geography.resolve import (
    FUZZY_MARGIN,
    FUZZY_SCORE,
    Resolution,
    _resolve,
    resolve,
    resolve_department,
    resolve_departments,
    resolve_municipalities,
)

__all__ = [
    "BUNDLED_ADMIN1",
    "FUZZY_MARGIN",
    "FUZZY_SCORE",
    "MUNICIPALITY_COLUMNS",
    "Admin1Table",
    "CountryGeography",
    "RegisteredCountry",
    "RegistrationReport",
    "Resolution",
    "_resolve",
    "build_country",
    "clear_cache",
    "department_table",
    "departments",
    "get_country",
    "is_registered",
    "load_registered",
    "municipalities",
    "registered",
    "remove_registered",
    "save_registered",
    "normalize_code",
    "register_country",
    "resolve",
    "resolve_department",
    "resolve_departments",
    "resolve_municipalities",
]
