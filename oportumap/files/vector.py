"""GeoJSON and GeoPackage files read as a table of attributes plus a point per row.

Split out of :mod:`oportumap.files.read`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from oportumap.errors import DataError
from oportumap.files.table import RawTable


def _excel_text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp | __import__("datetime").datetime):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()



def _read_vector(path: Path) -> RawTable:
    import pyogrio

    try:
        frame = pyogrio.read_dataframe(path)
    except Exception:  # pyogrio wraps GDAL errors in several types (English)
        raise DataError(f"{path.name}: no se pudo leer como GeoJSON/GeoPackage (archivo "
                        "dañado o de otro formato); expórtelo de nuevo desde su programa de "
                        "mapas (QGIS: Exportar > Guardar objetos como... GeoJSON)") from None
    points = None
    if "geometry" in frame and frame.geometry.notna().any():
        geometry = frame.geometry
        if frame.crs is not None and not frame.crs.equals("EPSG:4326"):
            geometry = geometry.to_crs("EPSG:4326")
        is_point = (geometry.geom_type == "Point").to_numpy()
        points = pd.DataFrame({"lat": float("nan"), "lon": float("nan")},
                              index=frame.index)
        # .x/.y exist only for points: taken on the points alone (a polygon file given
        # where points are expected must not fail with a geometry library's English).
        points.loc[is_point, "lat"] = geometry[is_point].y.to_numpy()
        points.loc[is_point, "lon"] = geometry[is_point].x.to_numpy()
        # Non-point geometries (polygons, lines) give a point inside them, and say so.
        other = ~is_point & geometry.notna().to_numpy()
        if other.any():
            reps = geometry[other].representative_point()
            points.loc[other, "lat"] = reps.y.to_numpy()
            points.loc[other, "lon"] = reps.x.to_numpy()
            import warnings

            from oportumap.errors import Notice

            kinds = ", ".join(sorted(set(geometry[other].geom_type.dropna())))
            warnings.warn(Notice(
                f"{path.name}: {int(other.sum()):,} de {len(frame):,} geometrías no son "
                f"puntos ({kinds}); se usó un punto dentro de cada una. Si esperaba "
                "ubicaciones exactas, use un archivo de puntos o columnas lat/lon"),
                stacklevel=2)
    frame = pd.DataFrame(frame.drop(columns="geometry", errors="ignore"))
    frame = frame.map(_excel_text)
    return RawTable(frame, path.name, first_row=1, geometry_points=points)
