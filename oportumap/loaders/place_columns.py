"""The place columns of a row-per-person or row-per-opportunity file.

Municipality, department, district, a code or a point (one column or two) are turned into
the row's municipality and coordinates by :func:`oportumap.geography.locate.locate`; its
problems and interpretations are collected against the file's own headers. The count
reader (:mod:`oportumap.loaders.counts`) uses the same machinery.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from oportumap.countries import country_words
from oportumap.errors import DataError
from oportumap.files import RawTable
from oportumap.geography.locate import LocationText, locate
from oportumap.geography.registry import get_country
from oportumap.loaders.result import Corrections
from oportumap.validation import Collector, column_text
from oportumap.values import read_numbers


def _locate(frame: pd.DataFrame, headers: dict, raw: RawTable, col: Collector,
            fixes: Corrections, country: str, *, required: bool) -> pd.DataFrame:
    """The rows' municipalities and points (:func:`oportumap.geography.locate.locate`),
    its problems and interpretations collected against the file's own headers."""
    words = country_words(country)
    has_point_cols = "lat" in headers or "lon" in headers or raw.geometry_points is not None
    if "distrito" in headers and "municipio" not in headers and \
            get_country(country).districts is None:
        # A country registered without districts: «Distrito» holds its units' names.
        headers["municipio"] = headers.pop("distrito")
    if not (has_point_cols or "muni_code" in headers or "municipio" in headers):
        raise DataError(
            f"{raw.file}: no hay columna de ubicación; agregue una columna "
            f"'{words['admin2']}' (y '{words['admin1']}'), 'codigo_{words['admin2']}' o "
            "'latitud' y 'longitud'"
        )
    texts = LocationText(
        code=column_text(frame, headers, "muni_code"),
        name=column_text(frame, headers, "municipio"),
        department=(column_text(frame, headers, "departamento")
                    if "departamento" in headers else None),
        lat=column_text(frame, headers, "lat"), lon=column_text(frame, headers, "lon"),
        district=(column_text(frame, headers, "distrito") if "distrito" in headers
                  else None))
    # The decimal mark of each column is decided by all its values ("15,32145" in a Spanish
    # CSV); «N/D» is no point (blank for locate), and locate names unreadable ones.
    if headers.get("lat") is not None and headers.get("lat") == headers.get("lon"):
        # One column holds the whole point («15.04 -91.40 2210 5»): latitude, longitude.
        parts = texts.lat.str.strip().str.split(r"\s+", n=2, regex=True)
        texts = replace(texts, lat=parts.str[0].fillna(""), lon=parts.str[1].fillna(""))
    lat, lat_text = _coordinate(texts.lat, "lat" in headers, col, "lat")
    lon, lon_text = _coordinate(texts.lon, "lon" in headers, col, "lon")
    texts = replace(texts, lat=lat_text, lon=lon_text)
    # «0.000000, 0.000000» is a database's default for "no GPS", never a point in the
    # Gulf of Guinea: no point (the municipality locates the row), said per row.
    null_island = ((lat == 0) & (lon == 0)).fillna(False).to_numpy(dtype=bool)
    if null_island.any():
        from oportumap.i18n import text as words

        lat, lon = lat.mask(null_island), lon.mask(null_island)
        texts = replace(texts, lat=texts.lat.mask(null_island, ""),
                        lon=texts.lon.mask(null_island, ""))
        fixes.add(null_island, "lat", pd.Series("0, 0", index=frame.index),
                  words("values.no_gps", "es"))
    if raw.geometry_points is not None:
        lat = lat.fillna(raw.geometry_points["lat"].reset_index(drop=True))
        lon = lon.fillna(raw.geometry_points["lon"].reset_index(drop=True))
    return locate(texts, lat, lon, country=country, problem=col.add, interpret=fixes.add,
                  required=required, present=frozenset(headers))


def _coordinate(text: pd.Series, present: bool, col: Collector, role: str
                ) -> tuple[pd.Series, pd.Series]:
    """A coordinate column as numbers, and its text with «N/D»-like cells blanked.

    The decimal mark is decided by all the column's values ("15,32145" in a Spanish CSV);
    «N/D» is no point (blank for locate), and locate names unreadable ones. A file without
    the column has nothing to read (no million blank cells read one by one).
    """
    if not present:
        return pd.Series(np.nan, index=text.index, dtype="float64"), text
    reading = read_numbers(text, column=col.header(role))
    col.note(reading.interpretations)
    return reading.values, text.mask(reading.values.isna() & ~reading.rejected, "")
