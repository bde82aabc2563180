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
STYLE = {"general": 0, "date": 1, "decimal1": 2, "header": 3, "integer": 4, "decimal4": 5,
         "percent": 6, "wrap": 7, "decimal2": 8, "decimal3": 9, "decimal5": 10, "code": 11,
         "title": 12, "text": 13}
#: Decimals kept in the stored value of each numeric style (None: full precision).
_DECIMALS = {"integer": 0, "code": 0, "decimal1": 1, "decimal2": 2, "decimal3": 3,
             "decimal4": 4, "decimal5": 5, "percent": None}
_EXCEL_EPOCH = np.datetime64("1899-12-30", "D")
_ILLEGAL = dict.fromkeys(i for i in range(32) if i not in (9, 10, 13))


@dataclass
class Sheet:
    """One sheet: a table, the style of each column and optional drop-down lists.

    ``styles`` maps a column to ``"text"``, ``"wrap"`` (text that wraps, for notes),
    ``"integer"`` (``#,##0``), ``"code"`` (whole number without separator), ``"decimal1"``
    ... ``"decimal5"``, ``"percent"`` (a fraction at full precision shown as ``0.0%``) or
    ``"date"`` (guessed from the dtype when absent); text such as ``"<5"`` in a numeric
    column stays text in its own cell. ``choices`` maps a column to the list of values its
    drop-down offers (``prompts`` to the message shown when the cell is selected);
    ``widths`` overrides column widths. Every sheet prints landscape, one page wide, with
    its header row repeated on each page (``print_setup=False`` for none).
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
    #: Input message of each drop-down column (shown when a cell is selected).
    prompts: dict[str, str] = field(default_factory=dict)
    #: Landscape, one page wide, header row repeated on every printed page.
    print_setup: bool = True
    #: Print only the first N columns (the rest, codes for the computer, stay on screen).
    print_columns: int | None = None


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

    def cells(self, values: pd.Series, style: str = "") -> np.ndarray:
        """The cell XML of each value: formatted once per distinct value, then indexed."""
        local, lookup = self._lookup(values)
        attr = f' s="{STYLE[style]}"' if style else ""
        xml = np.array([f'<c{attr} t="s"><v>{i}</v></c>' if i >= 0 else "<c/>"
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
        return strings.cells(values, "text")
    if style == "date":  # empty date cells keep the format, ready for a typed date
        out[:] = f'<c s="{STYLE["date"]}"/>'
        if values.dtype == object:  # dates as objects; free text stays as written
            parsed = pd.to_datetime(values, errors="coerce", format="mixed")
            texts = (parsed.isna() & values.map(
                lambda v: isinstance(v, str) and bool(v.strip()))).to_numpy(dtype=bool)
            if texts.any():
                out[texts] = strings.cells(values[texts], "text")
            values = parsed
        days = pd.to_datetime(values, errors="coerce").to_numpy(dtype="datetime64[D]")
        ok = ~np.isnat(days)
        serial = (days[ok] - _EXCEL_EPOCH).astype(np.int64)
        out[ok] = f'<c s="{STYLE["date"]}"><v>' + serial.astype(str).astype(object) + "</v></c>"
        return out
    if style in ("wrap", "title", "header"):
        return strings.cells(values, style)
    if values.dtype == object:
        numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float,
                                                                  na_value=np.nan)
        # Text in a numeric column («<5», a note) stays text, only in its own cell.
        texts = np.isnan(numbers) & values.map(
            lambda v: isinstance(v, str) and bool(v.strip())).to_numpy(dtype=bool)
        if texts.any():
            out[texts] = strings.cells(values[texts], "text")
    else:
        numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float,
                                                                  na_value=np.nan)
    ok = np.isfinite(numbers)
    decimals = _DECIMALS.get(style, 4)
    if decimals == 0:
        text = np.round(numbers[ok]).astype(np.int64).astype(str)
    elif decimals is None:  # full precision: the format rounds what is shown, not the value
        text = numbers[ok].astype(str)
    else:  # shortest round-trip text of the rounded value (C speed, unlike "%" formatting)
        text = np.round(numbers[ok], decimals).astype(str)
    out[ok] = f'<c s="{STYLE[style]}"><v>' + text.astype(object) + "</v></c>"
    return out


def _lines(values: pd.Series, width: float) -> np.ndarray:
    """Lines each wrapped cell takes in a column ``width`` characters wide (at most 8)."""
    # once per distinct text (titles, providers and reasons repeat across millions of rows)
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes, uniques = values.cat.codes.to_numpy(), values.cat.categories.to_numpy(object)
    else:
        codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    sizes = np.array([len(str(u)) for u in uniques] + [0], dtype=np.int64)
    lengths = sizes[codes]  # code -1 (missing) takes the trailing 0
    per_line = max(width * 1.15 - 1, 1.0)  # proportional fonts fit ~1.15 chars per unit
    return np.clip(np.ceil(lengths / per_line), 1, 8).astype(np.int64)


def _height(lines: int) -> str:
    return f' ht="{15 * lines}" customHeight="1"' if lines > 1 else ""


def _attr(value: str) -> str:
    return escape(value.translate(_ILLEGAL), {'"': "&quot;"})


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
            shown = values.astype(object)
            lengths = shown.where(shown.notna(), "").map(lambda v: len(str(v))).to_numpy()
            longest = int(lengths.max()) if len(lengths) else 0
        if sheet.styles.get(column) == "wrap":  # notes wrap: wide, but never the page
            widths.append(40.0)
            continue
        # Headers wrap (bold, on up to 3 lines), so a long header never widens a column.
        header = max(min(len(str(column)), 14), max((len(w) for w in str(column).split()),
                                                    default=0))
        widths.append(float(min(max(longest, header) + 2, 50)))
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
            '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' if sheet.print_setup else "",
            f'<dimension ref="A1:{last}{n_rows + 1}"/>',
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
            'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>',
            '<sheetFormatPr defaultRowHeight="15"/><cols>']
    widths = _widths(sheet)
    for i, width in enumerate(widths):
        head.append(f'<col min="{i + 1}" max="{i + 1}" width="{width:g}" customWidth="1"/>')
    head.append("</cols><sheetData>")
    header_codes = strings.codes(pd.Series([str(c) for c in columns], dtype=object))
    header_lines = max([_lines(pd.Series([str(c)]), w)[0] for c, w in zip(
        columns, widths, strict=True)] or [1])
    head.append(f'<row r="1"{_height(header_lines)}>' + "".join(
        f'<c s="{STYLE["header"]}" t="s"><v>{c}</v></c>' for c in header_codes) + "</row>")
    styles = [_style_of(table[c], sheet.styles.get(c)) for c in columns]
    with zf.open(f"xl/worksheets/sheet{number}.xml", "w", force_zip64=True) as handle:
        handle.write("".join(head).encode("utf-8"))
        for start in range(0, n_rows, _CHUNK):
            part = table.iloc[start:start + _CHUNK]
            grid = np.empty((len(part), n_cols + 2), dtype=object)
            grid[:, 0], grid[:, -1] = "<row>", "</row>"
            wrapped = [(c, w) for c, w, st in zip(columns, widths, styles, strict=True)
                       if st == "wrap"]
            if wrapped:  # wrapped text gets the height it needs (spreadsheets do not grow
                # rows by themselves when they open a file)
                lines = np.max([_lines(part[c], w) for c, w in wrapped], axis=0)
                tall = lines > 1
                grid[tall, 0] = np.array(
                    [f'<row{_height(n)}>' for n in range(int(lines.max()) + 1)],
                    dtype=object)[lines[tall]]
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
                prompt = sheet.prompts.get(column)
                message = (f' showInputMessage="1" promptTitle="{_attr(str(column)[:32])}" '
                           f'prompt="{_attr(prompt[:255])}"') if prompt else ""
                tail.append(f'<dataValidation type="list" allowBlank="1" showErrorMessage="1"'
                            f'{message} sqref="{letter}2:{letter}{max(n_rows + 1, 2)}">'
                            f'<formula1>"{escape(listed)}"</formula1></dataValidation>')
            tail.append("</dataValidations>")
        if sheet.print_setup:
            tail.append('<printOptions gridLines="1"/><pageMargins left="0.4" right="0.4" '
                        'top="0.5" bottom="0.5" header="0.3" footer="0.3"/><pageSetup '
                        'paperSize="9" orientation="landscape" fitToWidth="1" '
                        'fitToHeight="0"/><headerFooter><oddFooter>&amp;C&amp;A, &amp;P / &amp;N'
                        '</oddFooter></headerFooter>')
        tail.append("</worksheet>")
        handle.write("".join(tail).encode("utf-8"))


_NUMBER_FORMATS = {164: "dd/mm/yyyy", 165: "#,##0.0", 166: "0.0000", 167: "0.0%",
                   168: "#,##0.00", 169: "0.000", 170: "0.00000", 171: "#,##0"}
#: (numFmtId, font, wrap) of each cell style, in :data:`STYLE` order.
_XF = [(0, 0, False), (164, 0, False), (165, 0, False), (0, 1, True), (171, 0, False),
       (166, 0, False), (167, 0, False), (0, 0, True), (168, 0, False), (169, 0, False),
       (170, 0, False), (1, 0, False), (0, 2, False), (0, 0, False)]


def _styles_xml() -> str:
    formats = "".join(f'<numFmt numFmtId="{i}" formatCode="{escape(code)}"/>'
                      for i, code in _NUMBER_FORMATS.items())
    xfs = "".join(
        f'<xf numFmtId="{fmt}" fontId="{font}" fillId="0" borderId="0" xfId="0"'
        + (' applyNumberFormat="1"' if fmt else "") + (' applyFont="1"' if font else "")
        # every cell top-aligned, so a row with wrapped text reads as one line of a list
        + (' applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf>' if wrap
           else ' applyAlignment="1"><alignment vertical="top"/></xf>')
        for fmt, font, wrap in _XF)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://'
            'schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<numFmts count="{len(_NUMBER_FORMATS)}">{formats}</numFmts>'
            '<fonts count="3"><font><sz val="11"/><name val="Calibri"/></font><font><b/>'
            '<sz val="11"/><name val="Calibri"/></font><font><b/><sz val="14"/><name '
            'val="Calibri"/></font></fonts><fills count="2"><fill>'
            '<patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
            '</fill></fills><borders count="1"><border><left/><right/><top/><bottom/>'
            '<diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" '
            'fillId="0" borderId="0" applyAlignment="1"><alignment vertical="top"/></xf>'
            f'</cellStyleXfs><cellXfs count="{len(_XF)}">{xfs}'
            '</cellXfs><cellStyles count="1"><cellStyle name="Normal" '
            'xfId="0" builtinId="0"/></cellStyles></styleSheet>')


_STYLES = _styles_xml()


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
        filters += "".join(
            f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">'
            f"'{escape(name.replace(chr(39), chr(39) * 2))}'!$1:$1</definedName>"
            for i, (name, s) in enumerate(zip(names, sheets, strict=True))
            if s.print_setup and len(s.table.columns))
        filters += "".join(
            f'<definedName name="_xlnm.Print_Area" localSheetId="{i}">'
            f"'{escape(name.replace(chr(39), chr(39) * 2))}'!$A$1:$"
            f"{_column_letter(s.print_columns - 1)}${len(s.table) + 1}</definedName>"
            for i, (name, s) in enumerate(zip(names, sheets, strict=True))
            if s.print_setup and s.print_columns)
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
