"""Count tables: how many people returned to each municipality (an OCHA/HXL table, an
office's monthly report), read as counts, never as people.

Each row's municipality is found with the machinery of the registries (P-code «GT1301»,
INE code, name and department); each count column (total, women, men, minors) by header,
HXL hashtag and content (:mod:`oportumap.loaders.count_roles`). A protected count «<5»
is kept as what it is: between 1 and 4, never 0 nor blank (``women`` is NA, ``women_min``
1, ``women_max`` 4); «923+» is at least 923. Rows of totals and the hashtag line are no
data (said in ``skipped``); a row with a count that is no count is rejected naming file,
row, column and what to write. Accepted + rejected + blank rows = rows read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Literal, overload

import numpy as np
import pandas as pd

from oportumap.errors import DataError, Interpretation
from oportumap.files import RawTable, read_raw
from oportumap.i18n import text
from oportumap.loaders.count_roles import COUNT_ROLES, count_roles, hxl_tags
from oportumap.loaders.mapping import confirmed_for
from oportumap.loaders.result import (
    Corrections,
    Errors,
    ReadResult,
    check_errors_arg,
    finish,
    skip_blank,
)
from oportumap.loaders.roles import _confirmed, decide_roles, role_hint
from oportumap.validation import Collector, column_text, parse_dates
from oportumap.values import read_numbers

#: Columns of a read count table (``ReadResult.data``, ``Dataset.returnee_counts``): per
#: count, the exact value (NA when protected or blank) and its bounds (equal when exact;
#: «<5» gives 1 and 4; «923+» 923 and NA); the period the counts cover.
COUNT_COLUMNS = ["muni_code", *(f"{r}{s}" for r in COUNT_ROLES for s in ("", "_min", "_max")),
                 "period_start", "period_end"]
_PLACES = ["muni_code", "municipio", "departamento"]
_PROTECTED = re.compile(r"^(?:<|menos de)\s*(\d+)$")
_AT_LEAST = re.compile(r"^(\d+)\s*\+$")


@overload
def read_returnee_counts(path: str | Path | RawTable, *, errors: Literal["raise"] = ...,
                         country: str = ..., sheet: str | int | None = ...,
                         columns: pd.DataFrame | Mapping[str, str] | None = ...,
                         source: Path | None = ...) -> pd.DataFrame: ...


@overload
def read_returnee_counts(path: str | Path | RawTable, *, errors: Literal["report"],
                         country: str = ..., sheet: str | int | None = ...,
                         columns: pd.DataFrame | Mapping[str, str] | None = ...,
                         source: Path | None = ...) -> ReadResult: ...


def read_returnee_counts(
    path: str | Path | RawTable,
    *,
    errors: Errors = "raise",
    country: str = "GT",
    sheet: str | int | None = None,
    columns: pd.DataFrame | Mapping[str, str] | None = None,
    source: Path | None = None,
) -> pd.DataFrame | ReadResult:
    """Read a table of returnees counted by municipality (one row per municipality).

    Parameters
    ----------
    path : str, Path or RawTable
        CSV or Excel with a municipality (P-code, code or name and department) and counts
        (``Personas retornadas``/``Total``, ``Mujeres``, ``Hombres``, ``NNA``/``Menores``,
        ``Periodo``); a line of HXL hashtags under the header is read as evidence.
    errors : {"raise", "report"}
        As in :func:`~oportumap.loaders.read_returnees`.
    country : str
        Country whose municipalities the rows name.
    sheet : str or int, optional
        Excel sheet.
    columns : DataFrame or mapping, optional
        Column roles confirmed by a person (``columnas.csv``).
    source : Path, optional
        The file a :class:`RawTable` came from (for its HXL hashtags).

    Returns
    -------
    pandas.DataFrame or ReadResult
        :data:`COUNT_COLUMNS`, one row per municipality row accepted.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "retornos_por_municipio.csv"
    >>> _ = p.write_text("Municipio,P-code,Total,Mujeres\\n#adm2+name,#adm2+code,"
    ...                  "#affected+returnees,#affected+returnees+f\\nCobán,GT1601,12,<5\\n"
    ...                  "Total,,12,<5\\n", encoding="utf-8")
    >>> r = read_returnee_counts(p, errors="report")
    >>> r.data[["muni_code", "total", "women_min", "women_max"]].values.tolist()
    [['1601', 12, 1, 4]]
    >>> shown_counts(r.data)["women"].tolist(), r.rows_read
    (['<5'], 1)
    """
    from oportumap.loaders.place_columns import _locate  # the registries' place machinery

    check_errors_arg(errors)
    if not isinstance(path, RawTable):
        source = Path(path)
        path = read_raw(path, sheet=sheet, header_hint=role_hint(_PLACES))
    raw: RawTable = path
    given = confirmed_for(columns, raw)
    place = decide_roles(raw, _PLACES, confirmed=given, country=country)
    headers, roles = count_roles(raw.frame, hxl_tags(source, list(map(str, raw.frame.columns))),
                                 place.table, _confirmed(given))
    if not any(r in headers for r in COUNT_ROLES):
        raise DataError(text("counts.no_count_column").format(
            file=raw.file, found=", ".join(map(str, raw.frame.columns))))
    raw, row_numbers, blank_rows = skip_blank(raw)
    frame = raw.frame
    col = Collector(raw.file, raw.first_row, len(frame), headers, row_numbers=row_numbers,
                    sheets=raw.sheets if raw.sheets is None else raw.sheet_of_rows())
    fixes = Corrections(col)
    located = _locate(frame, {k: v for k, v in headers.items() if k in _PLACES}, raw, col,
                      fixes, country, required=True)
    _say_pcodes(column_text(frame, headers, "muni_code"), located["muni_code"], col)
    data = pd.DataFrame({"muni_code": located["muni_code"]})
    for role in COUNT_ROLES:
        exact, low, high = read_counts(column_text(frame, headers, role), col, role)
        data[role], data[role + "_min"], data[role + "_max"] = exact, low, high
    _check_sums(data, frame, headers, col)
    data["period_start"], data["period_end"] = _periods(
        column_text(frame, headers, "period"), col)
    written = pd.DataFrame({r: column_text(frame, headers, r) for r in COUNT_ROLES})
    first = next(r for r in COUNT_ROLES if r in headers)
    col.add((written == "").all(axis=1).to_numpy(), first, written[first],
            text("counts.no_count"))
    result = finish(data[COUNT_COLUMNS], col, raw, errors, "conteos", fixes,
                    roles.loc[~roles["used"], "column"].tolist(), blank_rows)
    if isinstance(result, ReadResult):
        roles.insert(0, "sheet", ", ".join(x for x in dict.fromkeys(
            raw.sheet_of_rows().tolist()) if x))
        roles.insert(0, "file", raw.file)
        result.roles = roles
    return result


def _say_pcodes(written: pd.Series, codes: pd.Series, col: Collector) -> None:
    """An OCHA P-code read as the national code is said once for the column."""
    pcode = written.str.match(r"^[A-Za-z]{2}\d+$") & codes.notna()
    if pcode.any():
        first = int(np.flatnonzero(pcode.to_numpy())[0])
        col.note([Interpretation(col.header("muni_code"), written.iloc[first], text(
            "counts.pcode").format(prefix=written.iloc[first][:2].upper(),
                                   code=codes.iloc[first]), int(pcode.sum()))])


def read_counts(written: pd.Series, col: Collector, role: str
                ) -> tuple[pd.Series, pd.Series, pd.Series]:
    """One count column: exact value, lower and upper bound (nullable integers).

    «<5» (also «menos de 5») is a protected count: NA, bounds 1 and 4; «923+» is at least
    923; blank is unknown (all NA). Each distinct value is read once.

    Examples
    --------
    >>> col = Collector("c.csv", 2, 4, {"women": "Mujeres"})
    >>> exact, low, high = read_counts(pd.Series(["212", "<5", "923+", ""]), col, "women")
    >>> exact.tolist(), low.tolist(), high.tolist()
    ([212, <NA>, <NA>, <NA>], [212, 1, 923, <NA>], [212, 4, <NA>, <NA>])
    """
    codes, uniques = pd.factorize(written.astype(str).str.strip(), sort=False)
    keys = [re.sub(r"\s+", " ", u.lower()) for u in uniques]
    low = np.full(len(uniques), np.nan)
    high = np.full(len(uniques), np.nan)
    exact = np.full(len(uniques), np.nan)
    special = np.zeros(len(uniques), dtype=bool)
    header = col.header(role)
    for i, key in enumerate(keys):
        counted = int((codes == i).sum())
        if m := _PROTECTED.match(key):
            limit = int(m.group(1))
            if limit >= 2:
                low[i], high[i], special[i] = 1, limit - 1, True
                col.note([Interpretation(header, uniques[i], text("counts.protected").format(
                    high=limit - 1), counted)])
        elif m := _AT_LEAST.match(key):
            low[i], special[i] = int(m.group(1)), True
            col.note([Interpretation(header, uniques[i], text("counts.at_least").format(
                low=int(m.group(1))), counted)])
    plain = [u if not s else "" for u, s in zip(uniques, special, strict=True)]
    numbers = read_numbers(pd.Series(plain, dtype=object), column=header, integer=True)
    col.note(numbers.interpretations)
    values = numbers.values.to_numpy(dtype=float)
    whole = ~np.isnan(values) & (values >= 0) & (values % 1 == 0)
    exact[whole] = low[whole] = high[whole] = values[whole]
    bad = (np.array([u != "" for u in uniques], dtype=bool) & ~special & ~whole)
    if len(uniques):
        rows = bad[codes] if len(codes) else np.zeros(0, dtype=bool)
        col.add(rows, role, written, text("counts.not_a_count"))

    def spread(values: np.ndarray) -> pd.Series:
        return pd.Series(pd.array(np.append(values, np.nan)[codes], dtype="Int64"),
                         index=written.index)

    return spread(exact), spread(low), spread(high)


def _check_sums(data: pd.DataFrame, frame: pd.DataFrame, headers: dict, col: Collector
                ) -> None:
    """Women and men, or minors alone, cannot be more than the total (bounds compared, so
    a «<5» never rejects a row it could fit)."""
    if "total" not in headers:
        return
    top = data["total_max"]
    parts = data["women_min"].fillna(0) + data["men_min"].fillna(0)
    for over, what in ((parts > top, "women+men"), (data["minors_min"] > top, "minors")):
        over = over.fillna(False).to_numpy(dtype=bool)
        roles = tuple(r for r in ("total", *what.split("+")) if r in headers)
        col.add(over, roles if len(roles) > 1 else "total", column_text(frame, headers,
                                                                       "total"),
                text("counts.more_than_total").format(
                    parts=" + ".join(col.header(r) for r in roles[1:]),
                    total=col.header("total")))


def _periods(written: pd.Series, col: Collector) -> tuple[pd.Series, pd.Series]:
    """«2026-01/2026-10» (an ISO interval), «oct-2026» (a month): first and last day."""
    parts = written.str.partition("/")[[0, 2]].set_axis([0, 1], axis=1)
    start_text = parts[0].str.strip()
    end_text = parts[1].str.strip().where(parts[1].str.strip() != "", start_text)
    said = len(col.interpretations)
    start = parse_dates(start_text, col, "period", allow_future=True)
    end = parse_dates(end_text, col, "period", allow_future=True, period_end=True)
    # «2026-01» alone would be said as a month; inside an interval the interval is said.
    halves = set(parts.loc[written.str.contains("/", regex=False), [0, 1]].stack()
                 .str.strip())
    col.interpretations[said:] = [i for i in col.interpretations[said:]
                                  if i.value not in halves]
    col.add((end < start).fillna(False).to_numpy(dtype=bool), "period", written,
            text("counts.period_order"))
    ranged = (written.str.contains("/", regex=False) & start.notna() & end.notna())
    for value in pd.unique(written[ranged]):
        at = written == value
        col.note([Interpretation(col.header("period"), value, text("counts.interval").format(
            start=start[at].iloc[0].strftime("%d/%m/%Y"),
            end=end[at].iloc[0].strftime("%d/%m/%Y")), int(at.sum()))])
    return start, end


def shown_counts(data: pd.DataFrame) -> pd.DataFrame:
    """Counts as a person reads them: «212», «<5» for a protected count, «923+», «».

    Examples
    --------
    >>> data = pd.DataFrame({r + s: pd.array([3, None], dtype="Int64")
    ...                      for r in COUNT_ROLES for s in ("", "_min", "_max")})
    >>> data.loc[1, ["women_min", "women_max"]] = [1, 4]
    >>> shown_counts(data)["women"].tolist()
    ['3', '<5']
    """
    out = pd.DataFrame(index=data.index)
    for role in COUNT_ROLES:
        exact, low, high = data[role], data[role + "_min"], data[role + "_max"]
        shown = exact.astype("string").fillna("")
        protected = exact.isna() & low.notna() & high.notna()
        shown[protected] = "<" + (high[protected] + 1).astype("string")
        open_ended = exact.isna() & low.notna() & high.isna()
        shown[open_ended] = low[open_ended].astype("string") + "+"
        out[role] = shown.astype(object)
    return out
