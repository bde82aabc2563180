"""A streaming XLSX writer for large, typed tables (millions of rows in seconds).

openpyxl builds one Python object per cell, which takes minutes for a national referral list
(5 million rows x 20 columns). This writer lays a whole column out at once with numpy and
streams the sheet XML into the zip: text goes to the shared-string table (each distinct value
once), numbers stay numbers, dates are Excel dates with a date format, missing values are
empty cells. Sheets get a frozen header, an autofilter, column widths and optional list
validations (drop-downs). The files open in Excel, LibreOffice and openpyxl.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd

from oportumap.exports.cells import CELL_LIMIT, fit_text

#: Rows a sheet may hold besides the header (Excel's limit is 1,048,576 including it).
SHEET_ROWS = 1_048_575
_CHUNK = 200_000  # rows of XML built at a time (bounds memory)
#: Cell styles (index into cellXfs of styles.xml).
STYLE = {"general": 0, "date": 1, "decimal1": 2, "header": 3, "integer": 4, "decimal4": 5}
_EXCEL_EPOCH = np.datetime64("1899-12-30", "D")
_ILLEGAL = dict.fromkeys(i for i in range(32) if i not in (9, 10, 13))


@dataclass
class Sheet:
    """One sheet: a table, the style of each column and optional drop-down lists.

    ``styles`` maps a column to ``"text"``, ``"integer"``, ``"decimal1"``, ``"decimal4"``,
    ``"date"`` (guessed from the dtype when absent); ``choices`` maps a column to the list
    of values its drop-down offers; ``widths`` overrides column widths.
    """

    name: str
    table: pd.DataFrame
    styles: dict[str, str] = field(default_factory=dict)
    choices: dict[str, list[str]] = field(default_factory=dict)
    widths: dict[str, float] = field(default_factory=dict)
    #: Further small tables written below the main one (a blank row, then a bold header).
    below: list[pd.DataFrame] = field(default_factory=list)
    #: Whether this sheet's rows count in the progress bar.
    progress: bool = False


def _style_of(values: pd.Series, given: str | None) -> str:
    if given:
        return given
    if pd.api.types.is_datetime64_any_dtype(values):
        return "date"
    if pd.api.types.is_bool_dtype(values):
        return "text"
    if pd.api.types.is_integer_dtype(values):
        return "integer"
    if pd.api.types.is_float_dtype(values):
        return "decimal4"
    return "text"


class _Strings:
    """The workbook's shared-string table, filled column by column."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.count = 0
        self.cut = 0  # cells cut at Excel's limit

    def cells(self, values: pd.Series) -> np.ndarray:
        """The cell XML of each value: formatted once per distinct value, then indexed."""
        local, lookup = self._lookup(values)
        xml = np.array([f'<c t="s"><v>{i}</v></c>' if i >= 0 else "<c/>"
                        for i in lookup.tolist()], dtype=object)
        return xml[local]

    def codes(self, values: pd.Series) -> np.ndarray:
        """Shared-string index of each value (-1 for missing or empty)."""
        local, lookup = self._lookup(values)
        return lookup[local]

    def _lookup(self, values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
        """(code of each value among its distinct values, their shared-string index)."""
        from oportumap.privacy import neutralize_formulas

        if isinstance(values.dtype, pd.CategoricalDtype):  # categories are the distinct texts
            codes = values.cat.codes.to_numpy()
            uniques = values.cat.categories.to_numpy(dtype=object)
        else:
            codes, uniques = pd.factorize(values.astype("object"), use_na_sentinel=True)
        texts = pd.Series(uniques, dtype=object).map(
            lambda v: "" if v is None or v != v else str(v))
        texts = neutralize_formulas(pd.DataFrame({"v": texts}))["v"]  # never run as a formula
        long = (texts.str.len() > CELL_LIMIT).to_numpy()
        if long.any():  # cut with a visible mark; counted per cell for the report
            self.cut += int(np.isin(codes, np.flatnonzero(long)).sum())
        texts = texts.map(fit_text)  # distinct values only: no control characters
        lookup = np.empty(len(uniques) + 1, np.int64)
        lookup[-1] = -1
        index = self.index
        for i, value in enumerate(texts.tolist()):  # distinct values only
            lookup[i] = index.setdefault(value, len(index)) if value else -1
        self.count += int((codes >= 0).sum())
        return codes, lookup

    def xml(self) -> bytes:
        items = "".join(f'<si><t xml:space="preserve">{escape(s.translate(_ILLEGAL))}</t></si>'
                        for s in self.index)
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://'
                f'schemas.openxmlformats.org/spreadsheetml/2006/main" count="{self.count}" '
                f'uniqueCount="{len(self.index)}">{items}</sst>').encode()


def _cells(values: pd.Series, style: str, strings: _Strings) -> np.ndarray:
    """The XML of every cell of one column (object array of str; '' for empty cells)."""
    n = len(values)
    out = np.full(n, "<c/>", dtype=object)  # an empty cell keeps the next one in its column
    if style == "text":
        return strings.cells(values)
    if style == "date":  # empty date cells keep the format, ready for a typed date
        out[:] = f'<c s="{STYLE["date"]}"/>'
        days = pd.to_datetime(values, errors="coerce").to_numpy(dtype="datetime64[D]")
        ok = ~np.isnat(days)
        serial = (days[ok] - _EXCEL_EPOCH).astype(np.int64)
        out[ok] = f'<c s="{STYLE["date"]}"><v>' + serial.astype(str).astype(object) + "</v></c>"
        return out
    numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    ok = np.isfinite(numbers)
    if style == "integer":
        text = np.round(numbers[ok]).astype(np.int64).astype(str)
    else:  # shortest round-trip text of the rounded value (C speed, unlike "%" formatting)
        text = np.round(numbers[ok], 1 if style == "decimal1" else 4).astype(str)
    out[ok] = f'<c s="{STYLE[style]}"><v>' + text.astype(object) + "</v></c>"
    return out


def _column_letter(i: int) -> str:
    letters = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def _widths(sheet: Sheet) -> list[float]:
    sample = sheet.table.head(300)
    widths = []
    for column in sheet.table.columns:
        if column in sheet.widths:
            widths.append(sheet.widths[column])
            continue
        values = sample[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            longest = 10
        else:
            lengths = values.astype(str).str.len().fillna(0).to_numpy()
            longest = int(lengths.max()) if len(lengths) else 0
        widths.append(float(min(max(longest, len(str(column))) + 2, 60)))
    return widths


def _write_sheet(zf: zipfile.ZipFile, number: int, sheet: Sheet, strings: _Strings,
                 advance: Callable[[int], None]) -> None:
    table = sheet.table
    columns = list(table.columns)
    n_cols, n_rows = len(columns), len(table)
    last = _column_letter(max(n_cols - 1, 0))
    head = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http:'
            '//schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships">',
            f'<dimension ref="A1:{last}{n_rows + 1}"/>',
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
            'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>',
            '<sheetFormatPr defaultRowHeight="15"/><cols>']
    for i, width in enumerate(_widths(sheet)):
        head.append(f'<col min="{i + 1}" max="{i + 1}" width="{width:g}" customWidth="1"/>')
    head.append("</cols><sheetData>")
    header_codes = strings.codes(pd.Series([str(c) for c in columns], dtype=object))
    head.append('<row r="1">' + "".join(f'<c s="{STYLE["header"]}" t="s"><v>{c}</v></c>'
                                        for c in header_codes) + "</row>")
    styles = [_style_of(table[c], sheet.styles.get(c)) for c in columns]
    with zf.open(f"xl/worksheets/sheet{number}.xml", "w", force_zip64=True) as handle:
        handle.write("".join(head).encode("utf-8"))
        for start in range(0, n_rows, _CHUNK):
            part = table.iloc[start:start + _CHUNK]
            grid = np.empty((len(part), n_cols + 2), dtype=object)
            grid[:, 0], grid[:, -1] = "<row>", "</row>"
            for j, (column, style) in enumerate(zip(columns, styles, strict=True), start=1):
                grid[:, j] = _cells(part[column], style, strings)
            handle.write("".join(grid.ravel().tolist()).encode("utf-8"))  # one join per chunk
            if sheet.progress:
                advance(len(part))
        for block in sheet.below:
            rows = ['<row/><row>' + "".join(
                f'<c s="{STYLE["header"]}" t="s"><v>{c}</v></c>' for c in strings.codes(
                    pd.Series([str(c) for c in block.columns], dtype=object))) + "</row>"]
            cells = np.full(len(block), "<row>", dtype=object)
            for column in block.columns:
                cells = cells + _cells(block[column], _style_of(block[column], None), strings)
            rows.extend(c + "</row>" for c in cells.tolist())
            handle.write("".join(rows).encode("utf-8"))
        tail = ["</sheetData>"]
        if n_cols:
            tail.append(f'<autoFilter ref="A1:{last}{n_rows + 1}"/>')
        if sheet.choices:
            tail.append(f'<dataValidations count="{len(sheet.choices)}">')
            for column, options in sheet.choices.items():
                letter = _column_letter(columns.index(column))
                listed = ",".join(o.replace('"', "'") for o in options)
                tail.append(f'<dataValidation type="list" allowBlank="1" showErrorMessage="1" '
                            f'sqref="{letter}2:{letter}{max(n_rows + 1, 2)}"><formula1>'
                            f'"{escape(listed)}"</formula1></dataValidation>')
            tail.append("</dataValidations>")
        tail.append("</worksheet>")
        handle.write("".join(tail).encode("utf-8"))


_STYLES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://'
           'schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="3">'
           '<numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" '
           'formatCode="0.0"/><numFmt numFmtId="166" formatCode="0.0000"/></numFmts>'
           '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/>'
           '<sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill>'
           '<patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
           '</fill></fills><borders count="1"><border><left/><right/><top/><bottom/>'
           '<diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" '
           'fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="6">'
           '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
           '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" '
           'applyNumberFormat="1"/>'
           '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" '
           'applyNumberFormat="1"/>'
           '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
           '<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
           '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" '
           'applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" '
           'xfId="0" builtinId="0"/></cellStyles></styleSheet>')


def sheet_name(name: str, used: set[str]) -> str:
    """A valid, unique Excel sheet name (31 characters, no ``[]:*?/\\``)."""
    clean = "".join("_" if ch in '[]:*?/\\' else ch for ch in str(name))[:31] or "Hoja"
    candidate, n = clean, 2
    while candidate.lower() in used:
        candidate = f"{clean[:26]} ({n})"
        n += 1
    used.add(candidate.lower())
    return candidate


def write_xlsx(sheets: list[Sheet], path: Path,
               advance: Callable[[int], None] | None = None) -> None:
    """Write ``sheets`` (already within Excel's row limit) to ``path`` (not atomic: the
    caller writes to a temporary path and renames)."""
    advance = advance or (lambda _n: None)
    strings = _Strings()
    names: list[str] = []
    used: set[str] = set()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for i, sheet in enumerate(sheets, start=1):
            if len(sheet.table) > SHEET_ROWS:
                raise ValueError(f"sheet {sheet.name!r} has more than {SHEET_ROWS} rows")
            names.append(sheet_name(sheet.name, used))
            _write_sheet(zf, i, sheet, strings, advance)
        zf.writestr("xl/sharedStrings.xml", strings.xml())
        zf.writestr("xl/styles.xml", _STYLES)
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(sheets) + 1))
        zf.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://'
            'schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default '
            'Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.'
            'xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
            'sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName='
            '"/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument'
            f'.spreadsheetml.sharedStrings+xml"/>{overrides}</Types>'))
        zf.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="'
            'http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="'
            'rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1))
        k = len(sheets)
        rels += (f'<Relationship Id="rId{k + 1}" Type="http://schemas.openxmlformats.org/'
                 'officeDocument/2006/relationships/styles" Target="styles.xml"/>'
                 f'<Relationship Id="rId{k + 2}" Type="http://schemas.openxmlformats.org/'
                 'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>')
        zf.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="'
            f'http://schemas.openxmlformats.org/package/2006/relationships">{rels}'
            '</Relationships>'))
        listed = "".join(f'<sheet name="{escape(name, {chr(34): "&quot;"})}" sheetId="{i}" '
                         f'r:id="rId{i}"/>' for i, name in enumerate(names, start=1))
        filters = "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
            f"'{escape(name.replace(chr(39), chr(39) * 2))}'!$A$1:$"
            f"{_column_letter(max(len(s.table.columns) - 1, 0))}${len(s.table) + 1}"
            "</definedName>"
            for i, (name, s) in enumerate(zip(names, sheets, strict=True)))
        zf.writestr("xl/workbook.xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://'
            'schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView/>'
            f'</bookViews><sheets>{listed}</sheets><definedNames>{filters}</definedNames>'
            '</workbook>'))
    if strings.cut:
        import warnings

        from oportumap.errors import Notice

        warnings.warn(Notice(f"{strings.cut:,} celdas de más de {CELL_LIMIT:,} caracteres "
                             "(límite de Excel) se cortaron con la marca «[texto cortado: "
                             "...]»"), stacklevel=2)
