"""What a table holds (returnees, a kind of opportunity, several kinds, follow-up states,
counts), decided by its file name, its sheet name and its columns, and every table of a
folder read with it (:func:`read_folder`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from oportumap.errors import DataError
from oportumap.files import OWN_OUTPUTS, TABLE_EXTENSIONS, RawTable, read_raw, read_tables
from oportumap.loaders.mapping import CONTENT_ROW
from oportumap.loaders.roles import _from_header, _lookup, header_words, role_hint
from oportumap.schema import (
    OPPORTUNITY_COLUMNS,
    OPTIONAL_OPPORTUNITY_COLUMNS,
    OPTIONAL_RETURNEE_COLUMNS,
    RETURNEE_COLUMNS,
)
from oportumap.text import normalize_text

#: Contents of a table besides the opportunity kinds.
RETURNEES, MIXED, FOLLOW_UP, AGGREGATE = "returnees", "mixed", "follow_up", "aggregate"

#: Word stems in file and sheet names -> content.
NAME_WORDS: tuple[tuple[str, str], ...] = (
    ("retornad", RETURNEES), ("returnee", RETURNEES), ("beneficiar", RETURNEES),
    ("deportad", RETURNEES), ("registro de personas", RETURNEES), ("perfil de personas",
                                                                   RETURNEES),
    ("referencia", FOLLOW_UP), ("seguimiento", FOLLOW_UP),
    ("por municipio", AGGREGATE),
    ("vacante", "vacancy"), ("vacanc", "vacancy"), ("empleo", "vacancy"),
    ("open position", "vacancy"), ("job", "vacancy"), ("puestos", "vacancy"),
    ("curso", "training"), ("formacion", "training"), ("capacitacion", "training"),
    ("training", "training"),
    ("certificac", "certification"), ("certification", "certification"),
    ("competencia", "certification"),
    ("emprend", "entrepreneurship"), ("capital semilla", "entrepreneurship"),
    ("programa", "entrepreneurship"), ("programme", "entrepreneurship"),
    ("servicio", "service"), ("service", "service"), ("directorio", "service"),
)
_RETURNEE_ONLY = ("sex", "age", "return_date", "consent", "interest", "has_id_document",
                  "needs_psychosocial", "experience_abroad", "occupations", "returnee_id")
_OPPORTUNITY_ONLY = ("title", "provider", "capacity", "start_date", "end_date", "kind",
                     "requires_certification", "opportunity_id")


def name_content(name: str) -> tuple[str | None, str]:
    """Content a file or sheet name says, and why (None when it says none, or several).

    Examples
    --------
    >>> name_content("Registro retornados Huehue-SM oct-nov 2025.xlsx")[0]
    'returnees'
    >>> name_content("Vacancies partners Q4 2026.xlsx")[0], name_content("Hoja1")[0]
    ('vacancy', None)
    >>> name_content("Oferta de empleo y formación")[0]
    'mixed'
    """
    key = " " + normalize_text(Path(name).stem if "." in name[-6:] else name).replace(
        "_", " ").replace("-", " ") + " "
    found = list(dict.fromkeys(c for word, c in NAME_WORDS if word in key))
    if RETURNEES in found:  # «retornados» wins over words of the opportunities
        return RETURNEES, f"el nombre «{name}» dice retornados"
    for special in (FOLLOW_UP, AGGREGATE):
        if special in found:
            return special, f"el nombre «{name}»"
    if len(found) == 1:
        return found[0], f"el nombre «{name}»"
    if len(found) > 1:
        return MIXED, f"el nombre «{name}» nombra varios tipos"
    return None, ""


def column_content(raw: RawTable) -> tuple[str | None, float, str]:
    """Content its columns say: returnees or opportunities (kind left open), with a
    confidence and the reason."""
    keys = {normalize_text(c) for c in raw.frame.columns}
    words = {w for c in raw.frame.columns for w in header_words(str(c))}
    if "id referencia" in keys or ("referencia" in words and "estado" in words):
        return FOLLOW_UP, 0.9, "columnas «ID referencia» y «Estado» (seguimiento)"
    lookup_r = _lookup([*RETURNEE_COLUMNS, "municipio", "departamento"])
    lookup_o = _lookup([*OPPORTUNITY_COLUMNS, "municipio", "departamento"])
    r = {x[0] for c in raw.frame.columns if (x := _from_header(str(c), lookup_r))} & set(
        _RETURNEE_ONLY)
    o = {x[0] for c in raw.frame.columns if (x := _from_header(str(c), lookup_o))} & set(
        _OPPORTUNITY_ONLY)
    counts = {"total", "mujeres", "hombres", "menores", "women", "men", "returnees"}
    if len(words & counts) >= 2 and len(r) <= 1 and "title" not in o:
        return AGGREGATE, 0.8, "columnas de conteos (total, mujeres, hombres)"
    if len(r) > len(o) and len(r) >= 2:
        return RETURNEES, min(1.0, 0.4 + 0.1 * len(r)), ("columnas de personas: "
                                                         + ", ".join(sorted(r)))
    if len(o) >= 2:
        kind = "kind" in o
        return (MIXED if kind else None), min(1.0, 0.4 + 0.1 * len(o)), (
            "columnas de oportunidades: " + ", ".join(sorted(o)))
    return None, 0.0, ""


#: Bytes under which a loose file's columns are looked at to tell a count table.
_SMALL = 2_000_000


def is_count_table(path: str | Path) -> bool:
    """Whether a file is a count table by municipality, by its name («... por
    municipio») or its columns (total, women, men and no person's columns).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "retornos_2026.csv"
    >>> _ = p.write_text("Municipio,Total,Mujeres,Hombres\\nCobán,9,<5,6\\n")
    >>> is_count_table(p)
    True
    """
    said = name_content(Path(path).name)[0]
    if said == AGGREGATE:
        return True
    if (said is not None and said != RETURNEES) or Path(path).stat().st_size > _SMALL:
        return False  # a count table is small: a large registry is not read twice
    try:
        raw = read_raw(path, header_hint=role_hint(["muni_code", "municipio", "departamento"]))
    except DataError:
        return False
    return column_content(raw)[0] == AGGREGATE


def decide_content(raw: RawTable, path: Path, several: bool) -> tuple[str | None, str, float]:
    """A table's content: sheet name (when a workbook has several tables), file name,
    then columns. Returns content, why and confidence."""
    sheet = ", ".join(dict.fromkeys(s for s in raw.sheet_of_rows().tolist() if s))
    by_columns, confidence, why_columns = column_content(raw)
    if by_columns in (FOLLOW_UP, AGGREGATE):
        return by_columns, why_columns, confidence
    candidates = []
    if several and sheet:
        candidates.append(name_content(sheet))
    candidates.append(name_content(path.name))
    for content, why in candidates:
        if content is None:
            continue
        if content == RETURNEES and by_columns not in (None, RETURNEES) and not several:
            continue  # «Retornados ... cursos»? The columns are opportunities: they win
        if content != RETURNEES and by_columns == RETURNEES:
            return RETURNEES, why_columns, confidence
        if content == MIXED and by_columns is None and "kind" not in why_columns:
            continue
        return content, why, 0.9
    if by_columns is not None:
        return by_columns, why_columns, confidence
    if confidence:  # opportunities, kind not said by names nor by a «tipo» column
        return MIXED, why_columns + "; el tipo no se sabe por el nombre", confidence
    return None, "ni el nombre ni las columnas dicen qué contiene", 0.0


@dataclass
class TableReading:
    """One table of a folder: what it holds and how it was read."""

    file: str
    sheets: list[str]
    content: str | None
    why: str
    confidence: float
    result: object | None = None  # ReadResult
    problem: str = ""
    skipped: list[str] = field(default_factory=list)


def table_name(table: TableReading, tables: list[TableReading]) -> str:
    """How a summary names a table: its file, and its sheets when the file has several
    tables («Oportunidades.xlsx, hoja Vacantes»)."""
    several = sum(t.file == table.file for t in tables) > 1
    return table.file + (f", hoja {', '.join(table.sheets)}" if several and table.sheets
                         else "")


def folder_files(folder: Path) -> list[Path]:
    """Table files of a folder: not hidden, not Excel lock files ``~$``, not our outputs."""
    from oportumap.loaders.mapping import ROLES_FILE

    files = [p for p in sorted(folder.iterdir())
             if p.is_file() and not p.name.startswith((".", "~$"))
             and p.suffix.lower() in TABLE_EXTENSIONS
             and p.name.lower() not in {*OWN_OUTPUTS, ROLES_FILE}]
    stems: dict[str, list[str]] = {}
    for p in files:
        stems.setdefault(p.stem.lower(), []).append(p.name)
    for stem, names in stems.items():
        if len(names) > 1:  # one table saved twice (CSV and Excel): which one is right?
            raise DataError(f"{folder}: hay varios archivos '{stem}' ({', '.join(names)}); "
                            "deje solo uno")
    return files


def read_folder(folder: str | Path, *, country: str = "GT", columns=None,
                progress: bool = False) -> list[TableReading]:
    """Read every table of every file of a folder, each with its content decided.

    Returns one :class:`TableReading` per table (a workbook may hold several); follow-up
    workbooks are listed with their content and not read; count tables are read as counts
    (:func:`oportumap.loaders.counts.read_returnee_counts`), never as registries.

    Examples
    --------
    >>> from oportumap.sample import sample_folder
    >>> [t.content for t in read_folder(sample_folder())][:1]
    ['certification']
    """
    from oportumap.loaders.mapping import ROLES_FILE, confirmed_roles, read_column_roles
    from oportumap.loaders.readers import read_opportunities, read_returnees

    folder = Path(folder)
    if columns is None and (folder / ROLES_FILE).exists():
        columns = read_column_roles(folder / ROLES_FILE)
    # Roles written as people's words are read once, here: a role that is none is said
    # before any file is read, not as each table's problem.
    columns = confirmed_roles(columns)
    hint = role_hint([*RETURNEE_COLUMNS, *OPPORTUNITY_COLUMNS, "municipio", "departamento",
                      "distrito", *OPTIONAL_RETURNEE_COLUMNS, *OPTIONAL_OPPORTUNITY_COLUMNS])
    out: list[TableReading] = []
    for path in folder_files(folder):
        try:
            tables = read_tables(path, header_hint=hint, progress=progress)
        except DataError as exc:
            out.append(TableReading(path.name, [], None, "", 0.0, problem=str(exc)))
            continue
        for raw in tables:
            sheets = list(dict.fromkeys(s for s in raw.sheet_of_rows().tolist() if s))
            content, why, confidence = decide_content(raw, path, len(tables) > 1)
            confirmed = _confirmed_content(columns, raw)
            if confirmed:
                content, why, confidence = confirmed, "confirmado en columnas.csv", 1.0
            reading = TableReading(path.name, sheets, content, why, confidence,
                                   skipped=list(raw.skipped))
            out.append(reading)
            try:
                if content == RETURNEES:
                    reading.result = read_returnees(raw, errors="report", country=country,
                                                    columns=columns)
                elif content == AGGREGATE:  # counts by municipality, never people
                    from oportumap.loaders.counts import read_returnee_counts

                    reading.result = read_returnee_counts(
                        raw, errors="report", country=country, columns=columns, source=path)
                elif content is not None and content != FOLLOW_UP:
                    reading.result = read_opportunities(
                        raw, errors="report", country=country, columns=columns,
                        kind=None if content == MIXED else content)
            except DataError as exc:
                reading.problem = str(exc)
    return out


def _confirmed_content(columns, raw: RawTable) -> str | None:
    if not isinstance(columns, pd.DataFrame) or not len(columns):
        return None
    rows = columns[(columns["file"].astype(str) == raw.file)
                   & (columns["column"].astype(str) == CONTENT_ROW)]
    return str(rows["role"].iloc[0]) if len(rows) and rows["role"].iloc[0] else None
