"""What a map's search box finds (official names, aliases, departments), and which places
are labelled at each zoom."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from oportumap.errors import DataError

if TYPE_CHECKING:  # pragma: no cover
    pass



def search_index(dataset) -> dict[str, dict]:
    """What the map's search box understands, from the geography's own lookup tables.

    Keys are normalised the way :func:`oportumap.text.normalize_text` does (the browser
    normalises typed text the same way): every municipality name, short form and alias the
    loaders accept (``"xela"``, ``"chichi"``, ``"guate"``...), municipality codes, and
    department names and aliases. Only municipalities drawn on the map are included.

    Returns
    -------
    dict
        ``{"m": {key: [muni codes]}, "d": {key: dept code}, "l": {key without articles:
        [muni codes]}, "a": abbreviations, "lead": leading words, "art": articles}``.

    Examples
    --------
    >>> from oportumap import load_sample
    >>> index = search_index(load_sample())
    >>> index["m"]["xela"], index["m"]["chichi"], index["d"]["solola"]
    (['0901'], ['1406'], '07')
    """
    from oportumap.geography import get_country
    from oportumap.text import normalize_text

    drawn = dataset.boundaries
    codes = set(drawn["muni_code"].astype(str))
    munis: dict[str, set[str]] = {}
    loose: dict[str, set[str]] = {}
    depts: dict[str, str] = {}
    try:
        geo = get_country(dataset.country)
        names, dept_names = geo.name_lookup, geo.dept_lookup
        loose_names = getattr(geo, "loose_lookup", {})
    except DataError:  # a country registered in another session: the drawn names only
        names, dept_names, loose_names = {}, {}, {}
    for key, found in names.items():
        munis.setdefault(key, set()).update(c for c in found if c in codes)
    for key, found in loose_names.items():
        loose.setdefault(key, set()).update(c for c in found if c in codes)
    for code, name, dept_code, dept_name in drawn[["muni_code", "muni_name", "dept_code",
                                                   "dept_name"]].astype(str).itertuples(
                                                       index=False):
        munis.setdefault(normalize_text(name), set()).add(code)
        munis.setdefault(normalize_text(code), set()).add(code)
        depts.setdefault(normalize_text(dept_name), dept_code)
    drawn_depts = set(drawn["dept_code"].astype(str))
    for key, dept in dept_names.items():
        if dept in drawn_depts and not key.isdigit():
            depts.setdefault(key, dept)
    index = {"m": {k: sorted(v) for k, v in sorted(munis.items()) if v and k},
             "d": dict(sorted(depts.items())),
             "l": {k: sorted(v) for k, v in sorted(loose.items()) if v and k not in munis}}
    # How the loaders read what people write ("sta", "s", "municipio de", articles): the
    # browser applies the same rewrites to the typed text before looking it up.
    try:
        from oportumap.geography import names as rules

        index.update(a={k: list(v) for k, v in rules.ABBREVIATIONS.items()},
                     lead=list(rules.LEADING_WORDS), art=sorted(rules.ARTICLES))
    except (ImportError, AttributeError):  # pragma: no cover - older geography module
        index.update(a={}, lead=[], art=[])
    return index

#: Zoom from which each rank of town (by seat population) gets its label; department
#: capitals are labelled at every zoom.
LABEL_ZOOMS = ((25, 8.5), (60, 9.5))

LABEL_ZOOM_REST = 10.5

def place_labels(boundaries: pd.DataFrame) -> list[list]:
    """Town labels for the map: ``[lat, lon, name, min_zoom]`` from the municipal seats.

    Department capitals (the ``dept_seat`` column of the geography: Guatemala's INE
    cabeceras, a registered country's seats from its ``--capitals`` column or the bundled
    capitals, see :func:`oportumap.geography.seats.department_seats`) show at every zoom;
    never "the first unit by code". The other seats appear by population as one zooms in
    (:data:`LABEL_ZOOMS`).

    Examples
    --------
    >>> from oportumap import load_sample
    >>> labels = place_labels(load_sample().boundaries)
    >>> sorted(p[2] for p in labels if p[3] == 0)[:3]
    ['Antigua Guatemala', 'Chimaltenango', 'Chiquimula']
    """
    seats = boundaries[["muni_code", "muni_name", "dept_code", "lat", "lon"]].copy()
    seats["population"] = (pd.to_numeric(boundaries["seat_population"], errors="coerce")
                           if "seat_population" in boundaries else np.nan)
    capital = (boundaries["dept_seat"].fillna(False).astype(bool) if "dept_seat" in boundaries
               else pd.Series(False, index=boundaries.index))
    keep = seats[["lat", "lon"]].notna().all(axis=1)
    seats, capital = seats[keep], capital[keep]
    rank = seats["population"].where(~capital).rank(ascending=False, method="first")
    zoom = pd.Series(LABEL_ZOOM_REST, index=seats.index)
    for top, level in reversed(LABEL_ZOOMS):
        zoom[rank <= top] = level
    zoom[capital] = 0
    seats = seats.assign(zoom=zoom).sort_values(["zoom", "population"],
                                                ascending=[True, False])
    return [[round(float(a), 5), round(float(b), 5), str(n), float(z) if z else 0]
            for a, b, n, z in seats[["lat", "lon", "muni_name", "zoom"]].itertuples(
                index=False)]
