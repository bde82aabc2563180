"""Tables people can compute with: CSV, Excel and Parquet writers.

:func:`write_table` lays out a computed table for a person: human headers in Spanish (or
English), numbers as numbers rounded by what they measure (people whole, km 1 decimal,
minutes whole, shares as ``0.0%`` in Excel and percentages in CSV), dates as dates,
booleans as Sí/No, missing values as empty cells, counts suppressed for privacy («<5») as
text only in their own cells; Excel sheets get a frozen header, filters and readable
widths, and are split at Excel's row limit. Writes are atomic, never overwrite without
``force`` and never overwrite an input file. How each column is shown comes from the one
table in :mod:`oportumap.exports.columns`; the words from :mod:`oportumap.i18n`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from oportumap.countries import with_admin_words
from oportumap.errors import DataError
from oportumap.exports.cells import clean_frame
from oportumap.exports.columns import KIND_FORMATS, code_words, column_kind
from oportumap.files import atomic_path, refuse_input
from oportumap.files import read as files_read
from oportumap.i18n import column_label, text


def spanish_headers(columns: list[str], extra: dict[str, str] | None = None) -> list[str]:
    """Spanish header for each canonical column (unknown columns keep their name).

    Examples
    --------
    >>> spanish_headers(["muni_name", "gap_score", "x"], {"x": "Equis"})
    ['Municipio', 'Brecha (retornados sin plaza alcanzable, promedio)', 'Equis']
    """
    extra = extra or {}
    return [extra.get(c, column_label(c, "es")) for c in columns]


def _is_blank(values: pd.Series) -> pd.Series:
    """Missing values and empty strings (written as empty cells)."""
    return values.isna() | values.map(lambda v: isinstance(v, str) and not v.strip())


def display_values(values: pd.Series, column: str, lang: str = "es",
                   target: str = "excel") -> tuple[pd.Series, bool]:
    """Values of one column as they should appear in ``target``; and whether it is a share.

    Parameters
    ----------
    values : pandas.Series
        The column (numbers, booleans, dates or text; counts may already be suppressed
        text such as ``"<5"`` or ``"266"``).
    column : str
        Canonical column name (its kind comes from :func:`~oportumap.exports.columns.column_kind`).
    lang : {"es", "en"}
        Language of Sí/No.
    target : {"excel", "csv", "display"}
        Excel keeps shares as fractions at full precision (shown by the ``0.0%`` format)
        and dates as datetimes; CSV and display give percentages with 1 decimal (2
        significant digits below 0.1 %); CSV gives dates as dd/mm/aaaa. Codes (stages,
        kinds, statuses) become their words in every target.

    Returns
    -------
    (pandas.Series, bool)
        New values (same index) and True for a share column.

    Examples
    --------
    >>> v, share = display_values(pd.Series(["266", "<5", None]), "returnees")
    >>> v.tolist(), share
    ([266, '<5', None], False)
    >>> display_values(pd.Series([0.4922660479505027]), "share", target="csv")[0].tolist()
    [49.2]
    """
    kind = column_kind(column)
    if kind is None:
        kind = _guess_kind(values)
    if kind == "bool":
        return _as_yes_no(values, lang), False
    if kind == "date":
        return _as_dates(values, target), False
    if kind == "code":
        values = code_words(values, column, lang)
        kind = "text"
    if kind == "text":
        out = values.astype(object)
        return out.where(~_is_blank(out) | out.map(lambda v: isinstance(v, str)), None), False
    return _as_numbers(values, kind, target), kind == "share"


def _guess_kind(values: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(values):
        return "bool"
    if pd.api.types.is_datetime64_any_dtype(values):
        return "date"
    if pd.api.types.is_integer_dtype(values):
        return "integer"
    if pd.api.types.is_float_dtype(values):
        return "number"
    return "text"


def _as_yes_no(values: pd.Series, lang: str) -> pd.Series:
    yes, no = text("yes", lang), text("no", lang)
    words = {True: yes, False: no, "true": yes, "false": no, "True": yes, "False": no}

    def word(value: object) -> object:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return None
        if isinstance(value, bool | np.bool_):
            return yes if value else no
        return words.get(value, value)  # already a word (Sí/No) or text: keep it

    return pd.Series([word(v) for v in values.tolist()], index=values.index, dtype=object)


def _as_dates(values: pd.Series, target: str) -> pd.Series:
    parsed = pd.to_datetime(values, errors="coerce", format="mixed")
    original = values.astype(object)
    if target == "excel":
        dates = parsed.map(lambda t: None if pd.isna(t) else t.to_pydatetime())
    elif target == "display":
        dates = parsed.map(lambda t: None if pd.isna(t) else t.date())
    else:  # text: day first, as people in the region write dates
        dates = parsed.map(lambda t: None if pd.isna(t) else t.strftime("%d/%m/%Y"))
    # A cell that is not a date (free text) stays as written, never silently dropped.
    keep = parsed.isna() & ~_is_blank(original)
    return dates.astype(object).where(~keep, original)


def _as_numbers(values: pd.Series, kind: str, target: str) -> pd.Series:
    decimals = KIND_FORMATS[kind][0]
    if pd.api.types.is_bool_dtype(values):
        values = values.astype(float)
    numbers = pd.to_numeric(values.astype(object).where(~_is_blank(values), None),
                            errors="coerce")
    text_cells = numbers.isna() & ~_is_blank(values)
    if kind == "share" and target != "excel":
        # Percentages with 1 decimal; a rate too small for that keeps 2 significant
        # digits, so 5 placements of 7,233 read 0.069, never 0.
        percent = numbers * 100
        rounded = percent.round(1)
        tiny = (rounded == 0) & (percent != 0)
        if tiny.any():
            digits = 1 - np.floor(np.log10(percent[tiny].abs())).astype(int)
            rounded[tiny] = [round(v, int(d)) for v, d in zip(percent[tiny], digits,
                                                               strict=True)]
        decimals = 1
    elif kind == "share":  # a fraction at full precision: the 0.0% format rounds the view
        rounded, decimals = numbers, 4
    else:
        rounded = numbers.round(decimals)
    if not text_cells.any():
        return rounded.astype("Int64") if decimals == 0 else rounded.astype(float)
    # Suppressed counts («<5») and other text stay text, only in their own cells.
    cast = int if decimals == 0 else float
    cells = [original if is_text else (None if pd.isna(number) else cast(number))
             for number, original, is_text in zip(rounded.tolist(), values.tolist(),
                                                  text_cells.tolist(), strict=True)]
    return pd.Series(cells, index=values.index, dtype=object)


def _lay_out(frame: pd.DataFrame, lang: str, target: str, extra: dict[str, str] | None,
             human: bool, labels: str | None = None, country: str | None = None
             ) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """Values and headers of a table for ``target``; and each column's (name, kind)."""
    from oportumap.privacy import neutralize_formulas

    columns, kinds, headers = {}, [], []
    for position, column in enumerate(frame.columns):
        shown, share = display_values(frame.iloc[:, position], str(column), lang, target)
        columns[position] = shown
        kind = column_kind(str(column)) or _guess_kind(frame.iloc[:, position])
        kinds.append((str(column), kind))
        if extra and column in extra:
            label = extra[column]
        elif human:
            label = column_label(column, lang, labels)
        else:
            label = str(column)
        if country and human:  # «Distrito», «Cantón», «Provincia» for that country
            label = with_admin_words(label, country, lang)
        headers.append(f"{label} (%)" if share and target != "excel" else label)
    table = pd.DataFrame(columns, index=frame.index)
    table.columns = headers
    return neutralize_formulas(table), kinds


#: Cell style of each column kind in the streaming writer (:mod:`oportumap.exports.xlsx`).
KIND_STYLES: dict[str, str] = {
    "people": "integer", "average": "decimal1", "km": "decimal1", "minutes": "integer",
    "days": "integer", "share": "percent", "score": "decimal3", "coordinate": "decimal5",
    "number": "decimal2", "integer": "code", "date": "date", "bool": "text",
    "code": "text", "text": "text",
}
#: Columns of free text that wrap in a wide column (notes, reasons).
WRAP_COLUMNS = frozenset({"note", "reason", "value"})


def write_table(
    frame: pd.DataFrame,
    path: str | Path,
    *,
    headers: str | dict[str, str] | None = "es",
    sheet_by: str | None = None,
    sheets: dict[str, pd.DataFrame] | None = None,
    force: bool = False,
    lang: str | None = None,
    sheet_name: str | None = None,
    labels: str | None = None,
    guide: pd.DataFrame | None = None,
    private: bool = False,
    hxl: bool = False,
    country: str | None = None,
) -> list[str]:
    """Write a table as CSV, Excel or Parquet, atomically and ready to compute with.

    The one writer of every table a person reads: each column is shown as the catalogue
    (:mod:`oportumap.exports.columns`) says — counts as whole numbers, rates as fractions
    at full precision with a ``0.0%`` format (percentages in CSV), km with 1 decimal,
    minutes whole, dates as dates (``dd/mm/aaaa`` where they are text), codes as their
    words, Sí/No, missing values as empty cells — under labels from the one word table
    (:mod:`oportumap.i18n`). Excel files come from the streaming writer
    (:mod:`oportumap.exports.xlsx`): frozen header, filters, widths that show the text,
    landscape pages one page wide with the header repeated on each.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table (canonical English column names).
    path : str or Path
        Output file; the extension chooses the format (``.csv``, ``.xlsx``, ``.parquet``).
    headers : "es", "en", dict or None
        ``"es"`` (default) or ``"en"``: human labels in that language
        (:func:`oportumap.i18n.column_label`); ``None`` keeps canonical names (for code);
        a dict gives labels that override them. Parquet always keeps canonical names and
        raw values (for code).
    sheet_by : str, optional
        Excel only: one sheet per value of this column (e.g. ``"dept_name"``).
    sheets : dict, optional
        Excel only: extra sheets (name -> table) written after the main one(s).
    force : bool
        Overwrite an existing file. Input files read in this session are never overwritten.
    lang : {"es", "en"}, optional
        Language of words in cells (Sí/No, codes) and sheet names (default: ``headers``
        when it is a language, else ``"es"``).
    sheet_name : str, optional
        Excel only: name of the main sheet (default "Datos" / "Data").
    labels : str, optional
        Namespace of narrower labels in :mod:`oportumap.i18n` (``"store.col"``,
        ``"outcome"``) tried before the general ``col.*`` ones.
    guide : pandas.DataFrame, optional
        Excel only: a first sheet «Cómo usar esta lista» (two text columns).
    private : bool
        Create the file owner-only (0600): for tables that carry returnee IDs, names,
        phones or exact points.
    hxl : bool
        CSV only: a second line of HXL hashtags (:data:`oportumap.exports.ecosystem.HXL_TAGS`)
        under the header, so the table loads into HDX tools.
    country : str, optional
        Headers use this country's admin words (:func:`oportumap.countries.with_admin_words`):
        a country registered by districts reads «Código distrito», «Distrito».

    Returns
    -------
    list of str
        Notes for the user (for example, that a sheet was split at Excel's row limit).

    Raises
    ------
    DataError
        Unknown extension, existing file without ``force``, or path is an input file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> write_table(pd.DataFrame({"muni_code": ["0101"], "title": ["=1+1"],
    ...                           "returnees": [12.0], "share": [0.4923]}), out)
    []
    >>> out.read_text(encoding="utf-8-sig").splitlines()
    ['Código municipio,Título,Retornados,Proporción cubierta (%)', "0101,'=1+1,12,49.2"]
    """
    from oportumap.exports.xlsx import Sheet, write_xlsx

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".parquet"):
        raise DataError(f"{path.name}: use una extensión .csv, .xlsx o .parquet para la salida")
    refuse_input(path)
    if path.exists() and not force:
        raise DataError(f"{path}: ya existe; use --force (force=True) para reemplazarlo")
    lang = lang or (headers if headers in ("es", "en") else "es")
    text("yes", lang)  # validates lang
    if suffix != ".parquet":  # no control characters, no cell over Excel's limit
        frame = clean_frame(frame, where=path.name)
        sheets = {name: clean_frame(table, where=path.name)
                  for name, table in (sheets or {}).items()}
    notes: list[str] = []  # atomic_path makes missing folders (errors in Spanish)
    if suffix == ".parquet":
        with atomic_path(path, private=private) as tmp:
            frame.to_parquet(tmp, index=False)
        return notes
    extra = headers if isinstance(headers, dict) else None
    human = headers is not None

    if suffix == ".csv":
        with atomic_path(path, private=private) as tmp:
            write_csv(frame, tmp, headers=headers, lang=lang, labels=labels, hxl=hxl,
                      country=country)
        return notes
    parts: list[tuple[str, pd.DataFrame]] = []
    if sheet_by is not None and sheet_by in frame and len(frame):
        for value, group in frame.groupby(sheet_by, sort=True, dropna=False):
            parts.append((str(value) if pd.notna(value) else text("map.no_data", lang), group))
    else:
        parts.append((sheet_name or text("sheet.data", lang), frame))
    parts.extend((sheets or {}).items())
    # files.read.EXCEL_MAX_ROWS is the one knob for Excel's limit (tests lower it).
    limit = files_read.EXCEL_MAX_ROWS - 1
    book: list[Sheet] = []
    if guide is not None:
        book.append(guide_sheet(guide, lang))
    for name, table in parts:
        chunks = [table.iloc[i: i + limit] for i in range(0, max(len(table), 1), limit)]
        if len(chunks) > 1:
            notes.append(
                f"La hoja '{name}' tiene {len(table):,} filas: se dividió en {len(chunks)} "
                f"hojas de hasta {limit:,} filas (límite de Excel)."
            )
        for i, chunk in enumerate(chunks):
            shown, kinds = _lay_out(chunk, lang, "excel", extra, human, labels, country)
            styles = {}
            for header, (column, kind) in zip(shown.columns, kinds, strict=True):
                styles[header] = "wrap" if column in WRAP_COLUMNS else KIND_STYLES[kind]
            book.append(Sheet(name if i == 0 else f"{name} ({i + 1})", shown, styles=styles))
    with atomic_path(path, private=private) as tmp:
        write_xlsx(book, tmp)
    return notes


def write_csv(frame: pd.DataFrame, target: Path, *, headers: str | dict[str, str] | None
              = "es", lang: str = "es", labels: str | None = None, hxl: bool = False,
              country: str | None = None) -> None:
    """Lay ``frame`` out as :func:`write_table` does and write it as CSV to ``target``
    (UTF-8 with BOM, so Excel reads the accents); not atomic: for callers that already
    write to a temporary path. With ``hxl`` the HXL hashtag row follows the header."""
    extra = headers if isinstance(headers, dict) else None
    frame = clean_frame(frame, where=Path(target).name)  # no control characters or overlong cells
    table, _kinds = _lay_out(frame, lang, "csv", extra, headers is not None, labels,
                             country)
    if hxl:
        from oportumap.exports.ecosystem import hxl_row

        tags = pd.DataFrame([hxl_row(list(frame.columns))], columns=table.columns)
        table = pd.concat([tags, table.astype(object)], ignore_index=True)
    table.to_csv(target, index=False, encoding="utf-8-sig")


def guide_sheet(guide: pd.DataFrame, lang: str = "es"):
    """The «Cómo usar esta lista» sheet: two wrapped text columns, printed one page wide.

    Examples
    --------
    >>> guide_sheet(pd.DataFrame({"a": ["x"], "b": ["y"]})).name
    'Cómo usar esta lista'
    """
    from oportumap.exports.xlsx import Sheet

    table = guide.astype(object).where(guide.notna(), None)
    first, second = table.columns[:2]
    return Sheet(text("sheet.how_to", lang), table, styles={first: "wrap", second: "wrap"},
                 widths={first: 30.0, second: 90.0})


def for_people(frame: pd.DataFrame, lang: str = "es", *, country: str | None = None
               ) -> pd.DataFrame:
    """A table ready to show a person: human column names, Sí/No, sensible rounding.

    Columns are renamed with :func:`column_label`; each is shown by its kind
    (:mod:`oportumap.exports.columns`): people and minutes as whole numbers, km and
    averages with 1 decimal, shares as percentages with 1 decimal (header "(%)"), ratios
    with 3 decimals, booleans as Sí/No, dates as dates; missing values are shown empty
    (``""``). Counts
    suppressed as text («<5») stay text. Row labels that name a column or a kind of
    opportunity are translated as well. Use it to display tables in notebooks; files are
    written by :func:`write_table` with the same rules.

    Parameters
    ----------
    frame : pandas.DataFrame
        A table with canonical column names.
    lang : {"es", "en"}
        Language of headers and Sí/No.
    country : str, optional
        Headers use this country's admin words («Cantón», «Distrito»).

    Returns
    -------
    pandas.DataFrame
        A new table; ``frame`` is not changed.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"muni_name": ["Joyabaj"], "returnees": [12.0],
    ...                   "share": [0.49226], "covered_after": [True],
    ...                   "certification_nearest_km": [151.2649]})
    >>> for_people(t).to_dict("records")
    [{'Municipio': 'Joyabaj', 'Retornados': 12, 'Proporción cubierta (%)': 49.2, \
'Cubierto después': 'Sí', 'Certificación: más cercana (km)': 151.3}]
    >>> list(for_people(t, lang="en").columns)[:2]
    ['Municipality', 'Returnees']
    >>> from oportumap import load_sample
    >>> summary = for_people(load_sample().summary())
    >>> list(summary.columns), int(summary.loc["Certificación", "Filas"])
    (['Filas', 'Plazas / cupos'], 48)
    """
    columns, names = {}, []
    for position, column in enumerate(frame.columns):
        values, share = display_values(frame.iloc[:, position], str(column), lang, "display")
        missing = values.isna()
        # Shown empty, not as NaN, <NA> or None.
        columns[position] = values.astype(object).where(~missing, "") if missing.any() else values
        label = column_label(column, lang)
        if country:
            label = with_admin_words(label, country, lang)
        names.append(f"{label} (%)" if share else label)
    out = pd.DataFrame(columns, index=frame.index)
    out.columns = names
    if not isinstance(frame.index, pd.RangeIndex):
        # Row labels that name a column or a kind (``Dataset.summary()``) are words too.
        out.index = [column_label(v, lang) if isinstance(v, str) else v for v in out.index]
    return out
