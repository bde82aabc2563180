"""Column rules shared by the readers: header aliases, value parsers, problem collection.

Every rule works on whole columns and records the failing rows in a :class:`Collector`,
so a reader can report every problem of a file at once, with the row number the user sees.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from oportumap.errors import DataError
from oportumap.files import RawTable
from oportumap.schema import COLUMN_ALIASES, FALLBACK_ALIASES
from oportumap.text import map_unique, normalize_text

REJECTED_COLUMNS = ["file", "sheet", "row", "column", "value", "reason"]


TRUE_VALUES = {"si", "s", "yes", "y", "true", "verdadero", "1", "x", "tiene", "con", "v",
               "positivo", "acepta", "autoriza"}
FALSE_VALUES = {"no", "n", "false", "falso", "0", "sin", "no tiene", "f", "negativo",
                "no acepta", "no autoriza"}
#: Ticks and crosses people type or paste into spreadsheets (normalising text would turn
#: them into blanks, so they are read before normalising).
TICK_VALUES = {"✓": True, "✔": True, "☑": True, "✅": True, "√": True,
               "✗": False, "✘": False, "☒": False, "❌": False, "×": False}

#: Canonical columns that several headers may feed at once (``Teléfono`` and ``Correo``
#: both go to ``contact``); their values are joined with " / ".
MULTI_COLUMNS = ("contact", "phone")
SEX_VALUES = {"f": "F", "femenino": "F", "mujer": "F", "female": "F", "woman": "F",
        "m": "M", "masculino": "M", "hombre": "M", "male": "M", "man": "M", "h": "M"}
INTEREST_VALUES = {
    "employment": "employment", "empleo": "employment", "trabajo": "employment",
    "trabajar": "employment", "job": "employment", "work": "employment",
    "entrepreneurship": "entrepreneurship", "emprendimiento": "entrepreneurship",
    "emprender": "entrepreneurship", "negocio": "entrepreneurship",
    "negocio propio": "entrepreneurship", "business": "entrepreneurship",
    "capital semilla": "entrepreneurship",
    "training": "training", "formacion": "training", "capacitacion": "training",
    "curso": "training", "estudiar": "training", "course": "training",
}
KIND_VALUES = {
    "vacancy": "vacancy", "vacante": "vacancy", "vacantes": "vacancy", "empleo": "vacancy",
    "job": "vacancy", "puesto": "vacancy", "trabajo": "vacancy",
    "training": "training", "formacion": "training", "curso": "training",
    "capacitacion": "training", "course": "training",
    "certification": "certification", "certificacion": "certification",
    "certificacion de competencias": "certification",
    "entrepreneurship": "entrepreneurship", "emprendimiento": "entrepreneurship",
    "capital semilla": "entrepreneurship", "seed capital": "entrepreneurship",
    "programa": "entrepreneurship", "programme": "entrepreneurship",
    "service": "service", "servicio": "service", "psicosocial": "service",
    "documentos": "service", "dpi": "service",
}

@dataclass
class Collector:
    """Accumulates row-level problems for one file, vectorised."""

    file: str
    first_row: int
    n_rows: int
    headers: dict[str, str | tuple[str, ...]]
    frames: list[pd.DataFrame] = field(default_factory=list)
    #: Row number in the file of each data row (blank rows skipped leave gaps); by default
    #: consecutive from ``first_row``.
    row_numbers: np.ndarray | None = None
    #: Sheet of each data row (stacked sheets of a workbook); None: no sheets.
    sheets: np.ndarray | None = None

    def sheet_of(self, positions: np.ndarray) -> np.ndarray | str:
        return "" if self.sheets is None else self.sheets[positions]

    def rows(self) -> np.ndarray:
        if self.row_numbers is None:
            return np.arange(self.n_rows) + self.first_row
        return self.row_numbers

    def header(self, column: str | None) -> str:
        """The column's header as written in the file (several joined with ' + ')."""
        if not column:
            return ""
        written = self.headers.get(column, column)
        return " + ".join(written) if isinstance(written, tuple) else written

    def add(self, mask: pd.Series | np.ndarray, column: str | None,
            values: pd.Series | Callable[[np.ndarray], pd.Series] | None,
            reason: str | pd.Series | Callable[[np.ndarray], pd.Series]) -> None:
        """Record ``reason`` for every row where ``mask`` is True.

        ``values`` and ``reason`` may be functions of the mask returning the values of the
        masked rows, so that display strings are only built for rows that fail.
        """
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        positions = np.flatnonzero(mask)
        if callable(reason):
            reason = reason(mask)
            reasons = reason.to_numpy() if isinstance(reason, pd.Series) else reason
        else:
            reasons = reason[mask].to_numpy() if isinstance(reason, pd.Series) else reason
        if callable(values):  # built only for the failing rows (cheap on a million rows)
            values = values(mask)
        shown = values[mask] if values is not None and len(values) == len(mask) else values
        self.frames.append(pd.DataFrame({
            "position": positions,
            "file": self.file,
            "sheet": self.sheet_of(positions),
            "row": self.rows()[positions],
            "column": self.header(column),
            "value": shown.astype(str).to_numpy() if shown is not None else "",
            "reason": reasons,
        }))

    def problems(self) -> pd.DataFrame:
        if not self.frames:
            return pd.DataFrame(columns=["position", *REJECTED_COLUMNS])
        # Stable: within a row, problems stay in the order the rules ran (file order).
        return pd.concat(self.frames, ignore_index=True).sort_values("position", kind="stable")


# --------------------------------------------------------------------------- headers


def alias_lookup(columns: Sequence[str]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for canonical in columns:
        for alias in COLUMN_ALIASES.get(canonical, (canonical,)):
            lookup.setdefault(normalize_text(alias).replace(" ", "_"), canonical)
    return lookup


def header_key(header: str) -> str:
    return normalize_text(header).replace(" ", "_")


def canonical_headers(raw: RawTable, columns: Sequence[str]) -> dict[str, str | tuple[str, ...]]:
    """Map canonical column -> header as written; raises on duplicated meanings.

    Columns in :data:`MULTI_COLUMNS` (contacts, phones) may come from several headers and
    map to a tuple of them.
    """
    lookup = alias_lookup(columns)
    found: dict[str, str | tuple[str, ...]] = {}
    for header in raw.frame.columns:
        canonical = lookup.get(header_key(header))
        if canonical is None:
            continue
        if canonical in found:
            if canonical in MULTI_COLUMNS:
                previous = found[canonical]
                found[canonical] = (*(previous if isinstance(previous, tuple) else
                                      (previous,)), header)
                continue
            raise DataError(
                f"{raw.file}: las columnas '{found[canonical]}' y '{header}' significan lo "
                f"mismo ({canonical}); deje solo una"
            )
        found[canonical] = header
    for canonical, aliases in FALLBACK_ALIASES.items():
        if canonical in columns and canonical not in found:
            keys = {header_key(h): h for h in raw.frame.columns
                    if header_key(h) not in lookup}
            match = next((keys[a] for a in aliases if a in keys), None)
            if match is not None:
                found[canonical] = match
    return found


def unused_columns(raw: RawTable, headers: dict[str, str | tuple[str, ...]]) -> list[str]:
    """Headers of the file that no canonical column uses, in file order.

    Examples
    --------
    >>> frame = pd.DataFrame({"id": ["A"], "Nombre": ["Ana"], "municipio": ["Mixco"]})
    >>> unused_columns(RawTable(frame, "r.csv", 2), {"returnee_id": "id",
    ...                                               "municipio": "municipio"})
    ['Nombre']
    """
    used: set[str] = set()
    for written in headers.values():
        used.update(written if isinstance(written, tuple) else (written,))
    return [str(c) for c in raw.frame.columns if c not in used]


def header_hint(columns: Sequence[str]):
    lookup = alias_lookup(columns)
    return lambda cells: sum(1 for c in cells if header_key(c) in lookup)


# --------------------------------------------------------------------------- value rules


def column_text(frame: pd.DataFrame, headers: dict[str, str | tuple[str, ...]], column: str
                ) -> pd.Series:
    """The column's cells as stripped text ("" when blank or when the file lacks it)."""
    if column not in headers:
        return pd.Series("", index=frame.index, dtype="str")
    written = headers[column]
    parts = []
    for header in written if isinstance(written, tuple) else (written,):
        values = frame[header]
        if not pd.api.types.is_string_dtype(values):
            values = values.astype(str)
        parts.append(values.fillna("").str.strip())
    out = parts[0]
    for more in parts[1:]:  # several contact columns: "5555-1234 / ana@correo.gt"
        joined = (out + " / " + more).where(more != "", out)
        out = joined.where(out != "", more)
    return out


def parse_number(values: pd.Series) -> pd.Series:
    """Numbers written with ``.`` or ``,`` as decimal separator."""
    cleaned = values.str.replace(" ", "", regex=False)
    comma_decimal = cleaned.str.contains(",", regex=False) & ~cleaned.str.contains(".",
                                                                                   regex=False)
    cleaned = cleaned.where(~comma_decimal, cleaned.str.replace(",", ".", regex=False))
    return pd.to_numeric(cleaned, errors="coerce")


def parse_bool(values: pd.Series, col: Collector, column: str) -> pd.Series:
    """Yes/no cells: sí/si/s/x/✓/1/verdadero/yes/true and no/n/0/falso/✗/false.

    Blank is unknown (NA); anything else is a problem recorded in ``col`` (never a silent
    unknown).

    Examples
    --------
    >>> c = Collector("r.csv", 2, 4, {})
    >>> parse_bool(pd.Series(["✓", "Sí", "✗", "quizás"]), c, "consent").tolist()
    [True, True, False, <NA>]
    >>> c.problems()["value"].tolist()
    ['quizás']
    """
    def meaning(distinct: pd.Series) -> pd.Series:  # each distinct cell once
        out = []
        for value in distinct:
            tick = TICK_VALUES.get(str(value).strip())
            key = normalize_text(value)
            out.append(tick if tick is not None else True if key in TRUE_VALUES
                       else False if key in FALSE_VALUES else None)
        return pd.Series(out, dtype="object")

    out = map_unique(values, meaning).astype("boolean")
    bad = (values.str.strip() != "") & out.isna()
    col.add(bad, column, values, "valor no reconocido; escriba sí o no (también valen "
            "x, ✓, 1, no, 0)")
    return out


def parse_dates(values: pd.Series, col: Collector, column: str) -> pd.Series:
    """dd/mm/yyyy (Guatemalan usage), yyyy-mm-dd and Excel serial numbers."""
    parsed = map_unique(values, parse_date_values).astype("datetime64[ns]")
    bad = (values != "") & parsed.isna()
    col.add(bad, column, values,
            "fecha no válida; use dd/mm/aaaa (p. ej. 15/03/2024) o aaaa-mm-dd")
    return parsed


def parse_date_values(text: pd.Series) -> pd.Series:
    text = text.where(text != "", None).astype("object")
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    for fmt in ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y", "%d-%m-%Y", "%d/%m/%y"):
        parsed = parsed.fillna(pd.to_datetime(text, format=fmt, errors="coerce"))
    serial = pd.to_numeric(text, errors="coerce")  # Excel day numbers
    from_serial = pd.to_datetime(serial.where(serial.between(20000, 80000)), unit="D",
                                 origin="1899-12-30", errors="coerce")
    return parsed.fillna(from_serial)


def check_ids(ids: pd.Series, col: Collector, column: str) -> None:
    empty = ids == ""
    col.add(empty, column, ids, "falta el identificador; cada fila necesita un ID único")
    dup = ids.duplicated(keep="first") & ~empty
    if dup.any():
        first_row = pd.Series(col.rows(), index=ids.index)
        first_seen = first_row.groupby(ids).transform("min")
        reason = "ID repetido (aparece antes en la fila " + first_seen.astype(str) + \
            "); cada fila necesita un ID único"
        col.add(dup, column, ids, reason)
