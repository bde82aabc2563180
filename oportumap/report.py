"""The read summary a person sees after any command reads a data folder (presentation only).

Every data command of the CLI and ``oportumap validate`` print the same summary: per file
how many rows were read, accepted, rejected and skipped as blank; the first reasons for
rejection (file, row, column, value, what to do); values that were interpreted rather
than read literally; columns nobody uses; files not recognised; and where the full list
of rejected rows is. This module only turns the tables that
:func:`oportumap.load_dataset` returns into lines of text; it computes nothing.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from oportumap.errors import Problem
from oportumap.i18n import text

#: Reasons and interpretations shown on screen before "... y N más".
SCREEN_LIMIT = 5


def _count(value: object) -> str:
    return "" if value is None or pd.isna(value) else f"{int(value):,}"


def content_label(content: object, lang: str = "es") -> str:
    """People's word for what a file holds (``"returnees"`` -> ``"Retornados"``)."""
    if content is None or (isinstance(content, float) and pd.isna(content)) or content == "":
        return ""
    return text(f"kind.{content}", lang)


def read_table(read_summary: pd.DataFrame, lang: str = "es") -> list[list[str]]:
    """Header and one row per file read: file, content, rows, accepted, rejected, blank.

    Examples
    --------
    >>> summary = pd.DataFrame([{"file": "retornados.csv", "content": "returnees",
    ...     "rows": 36, "accepted": 33, "rejected": 2, "blank": 1, "corrections": 1,
    ...     "unused_columns": ["Nombre"], "problem": ""}])
    >>> read_table(summary)[1]
    ['retornados.csv', 'Retornados', '36', '33', '2', '1']
    """
    header = [text(k, lang) for k in ("read.file", "read.content", "read.rows",
                                      "read.accepted", "read.rejected", "read.blank")]
    rows = [header]
    for r in read_summary.itertuples(index=False):
        if r.rows is None or pd.isna(r.rows):
            continue
        rows.append([r.file, content_label(r.content, lang), _count(r.rows),
                     _count(r.accepted), _count(r.rejected), _count(r.blank)])
    return rows


def _interpretation_lines(file: str, said, limit: int | None, lang: str) -> list[str]:
    """How a file's values were read, per column (questions first: they need an answer)."""
    if said is None or not isinstance(said, list | tuple) or not said:
        return []
    ordered = sorted(said, key=lambda i: not i.question)
    shown = ordered if limit is None else ordered[:limit]
    lines = [text("read.interpreted", lang).format(file=file)]
    for i in shown:
        if i.column is None and not i.value:  # about the whole file (its encoding)
            lines.append(text("read.file_note", lang).format(meaning=i.meaning))
            continue
        key = "read.question" if i.question else "read.interpretation"
        lines.append(text(key, lang).format(column=i.column or "", value=i.value,
                                            meaning=i.meaning, rows=_count(i.rows)))
    if len(ordered) > len(shown):
        lines.append(text("read.more_corrections", lang).format(
            n=f"{len(ordered) - len(shown):,}"))
    return lines


def read_lines(
    read_summary: pd.DataFrame,
    rejected: pd.DataFrame,
    corrections: pd.DataFrame,
    *,
    rejected_path: str | Path | None = None,
    limit: int | None = SCREEN_LIMIT,
    lang: str = "es",
) -> list[str]:
    """The summary as lines of plain text (Spanish by default).

    Parameters
    ----------
    read_summary : pandas.DataFrame
        ``Dataset.read_summary`` (one row per file).
    rejected, corrections : pandas.DataFrame
        ``Dataset.rejected`` and ``Dataset.corrections``.
    rejected_path : str or Path, optional
        Where the full list of rejected rows was written.
    limit : int or None
        Reasons and interpretations listed before "... y N más"; None lists all (for the
        validation report file).
    lang : {"es", "en"}

    Returns
    -------
    list of str

    Examples
    --------
    >>> summary = pd.DataFrame([{"file": "retornados.csv", "content": "returnees",
    ...     "rows": 4, "accepted": 2, "rejected": 1, "blank": 1, "corrections": 1,
    ...     "unused_columns": ["Nombre"], "problem": ""}])
    >>> rejected = pd.DataFrame([{"file": "retornados.csv", "row": 5,
    ...     "column": "municipio", "value": "Atlantis",
    ...     "reason": "municipio 'Atlantis' desconocido"}])
    >>> corrections = pd.DataFrame([{"file": "retornados.csv", "row": 3,
    ...     "column": "municipio", "value": "Quetzaltenago",
    ...     "interpretation": "se interpretó 'Quetzaltenago' como Quetzaltenango "
    ...                       "(Quetzaltenango)"}])
    >>> for line in read_lines(summary, rejected, corrections,
    ...                        rejected_path="salidas/filas_rechazadas.csv"):
    ...     print(line)
    retornados.csv: 4 filas leídas, 2 aceptadas, 1 rechazadas, 1 filas vacías omitidas
      columnas no usadas en retornados.csv: Nombre
    Primeros motivos de rechazo (qué corregir):
      retornados.csv fila 5, columna 'municipio' (valor 'Atlantis'): municipio 'Atlantis' desconocido
    Valores interpretados (revíselos):
      Se interpretó 'Quetzaltenago' como Quetzaltenango (Quetzaltenango) (retornados.csv fila 3)
    Lista completa de filas rechazadas: salidas/filas_rechazadas.csv
    """  # noqa: E501
    lines: list[str] = []
    for r in read_summary.itertuples(index=False):
        if r.rows is None or pd.isna(r.rows):
            lines.append(text("read.not_used", lang).format(file=r.file, problem=r.problem))
            continue
        line = text("read.line", lang).format(file=r.file, rows=_count(r.rows),
                                              accepted=_count(r.accepted),
                                              rejected=_count(r.rejected))
        if r.blank:
            line += ", " + text("read.blank_line", lang).format(n=_count(r.blank))
        lines.append(line)
        if r.content == "aggregate":  # a count table: its rows are municipalities
            lines.append(text("read.counts_line", lang).format(n=_count(r.accepted)))
        if len(r.unused_columns):
            lines.append(text("read.unused", lang).format(
                file=r.file, columns=", ".join(r.unused_columns)))
        lines.extend(_interpretation_lines(r.file, getattr(r, "interpretations", None),
                                           limit, lang))
    shown = rejected if limit is None else rejected.head(limit)
    if len(rejected):
        lines.append(text("read.reasons", lang))
        for r in shown.itertuples(index=False):
            problem = Problem(r.file, int(r.row), r.column or None, r.value, r.reason)
            lines.append(f"  {problem}")
        if len(rejected) > len(shown):
            hidden = len(rejected) - len(shown)
            lines.append(text("read.more_reasons", lang).format(n=f"{hidden:,}"))
    shown = corrections if limit is None else corrections.head(limit)
    if len(corrections):
        lines.append(text("read.corrections", lang))
        for r in shown.itertuples(index=False):
            sentence = str(r.interpretation)
            lines.append(text("read.correction", lang).format(
                interpretation=sentence[:1].upper() + sentence[1:], file=r.file, row=r.row))
        if len(corrections) > len(shown):
            lines.append(text("read.more_corrections", lang).format(
                n=f"{len(corrections) - len(shown):,}"))
    lines.extend(_unrecognised_occupations(corrections, lang))
    if len(rejected) and rejected_path is not None:
        lines.append(text("read.full_list", lang).format(path=rejected_path))
    problems = read_summary["problem"].fillna("").astype(bool).any() if len(
        read_summary) else False
    if not len(rejected) and not problems:
        lines.append(text("read.all_ok", lang))
    return lines


def _unrecognised_occupations(corrections: pd.DataFrame, lang: str) -> list[str]:
    """One line counting occupations not understood (never hidden among the first
    interpretations), with where the first ones are: file, row, column, value."""
    if not len(corrections):
        return []
    marker = text("occupation.unrecognised", "es"), text("occupation.unrecognised", "en")
    found = corrections[corrections["interpretation"].astype(str).str.contains(
        "|".join(marker), regex=True)]
    if not len(found):
        return []
    where = text("read.where_column", lang)
    examples = "; ".join(where.format(file=r.file, row=r.row, column=r.column)
                         + f": «{r.value}»" for r in found.head(3).itertuples(index=False))
    more = len(found) - min(len(found), 3)
    if more:
        examples += f"; ... (+{more:,})"
    return [text("read.unrecognised_occupations", lang).format(n=f"{len(found):,}",
                                                                 examples=examples)]
