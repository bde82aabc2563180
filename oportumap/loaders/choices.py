"""A multiple choice written as one 0/1 column per option, gathered into one list.

KoboToolbox exports a ``select_multiple`` question as the choice names in one cell
(«albanil carpintero») *and/or* as one column per option holding 1 or 0
(«experiencia/ocupaciones/albanil», or «Oficios/Operador de montacargas» in an export with
labels). The option columns of one question share the header before the last «/». When
the question's own column is in the file they must say the same; when it is not, the
options marked are the answer. Either way the row reads one list, never counted twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from oportumap.text import normalize_text

#: Roles a multiple choice may answer (the others hold one value per cell).
OPTION_ROLES = ("occupations", "occupations_abroad", "interest")
#: Values of a column that marks an option: 1 chosen, 0 not (blank: not asked).
_MARKS = {"1": True, "0": False, "1.0": True, "0.0": False, "true": True,
          "false": False}
#: How the options marked are joined: occupations are read as a list, interests by name.
_JOIN = {"occupations": "; ", "occupations_abroad": "; ", "interest": " / "}


@dataclass(frozen=True)
class OptionGroup:
    """The 0/1 columns of one multiple-choice question.

    Attributes
    ----------
    question : str
        The header before the last «/» («experiencia/ocupaciones»).
    columns : tuple of str
        The option columns, in file order.
    """

    question: str
    columns: tuple[str, ...]

    @property
    def options(self) -> list[str]:
        """Each column's option as written after the question («albanil»)."""
        return [c[len(self.question) + 1:].strip() for c in self.columns]


def _marks(values: pd.Series) -> bool:
    """True when the column holds only 0/1 marks (and at least one)."""
    distinct = pd.unique(values.dropna().astype(str).str.strip().str.lower())
    distinct = [v for v in distinct if v != ""]
    return bool(distinct) and all(v in _MARKS for v in distinct)


def find_groups(frame: pd.DataFrame, role_of: Callable[[str], str | None]
                ) -> dict[str, OptionGroup]:
    """The option groups of a table, by the role their question answers.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table as read (text cells).
    role_of : callable
        Question header -> its role (from the question's own column when the file has
        it, else from the header as written), None when it is no multiple choice.

    Returns
    -------
    dict
        Role -> :class:`OptionGroup`; a question needs two option columns at least.

    Examples
    --------
    >>> f = pd.DataFrame({"oficios/albanil": ["1", "0"], "oficios/empacador": ["0", "1"],
    ...                   "municipio": ["Nahualá", "Sololá"]})
    >>> g = find_groups(f, lambda q: "occupations" if q == "oficios" else None)
    >>> g["occupations"].columns, g["occupations"].options
    (('oficios/albanil', 'oficios/empacador'), ['albanil', 'empacador'])
    """
    by_question: dict[str, list[str]] = {}
    for header in map(str, frame.columns):
        if "/" in header and not header.rsplit("/", 1)[1].startswith("_"):
            by_question.setdefault(header.rsplit("/", 1)[0], []).append(header)
    groups: dict[str, OptionGroup] = {}
    for question, headers in by_question.items():
        marked = [h for h in headers if _marks(frame[h])]
        if len(marked) < 2:
            continue
        role = role_of(question)
        if role in OPTION_ROLES and role not in groups:
            groups[role] = OptionGroup(question, tuple(marked))
    return groups


def option_rows(table: pd.DataFrame, groups: dict[str, OptionGroup],
                label: Callable[[str], str]) -> pd.DataFrame:
    """The roles table with each option column under its question's role, used.

    Examples
    --------
    >>> t = pd.DataFrame({"column": ["o/a", "o/b", "x"], "role": "", "why": "",
    ...                   "confidence": 0.0, "used": False})
    >>> option_rows(t, {"interest": OptionGroup("o", ("o/a", "o/b"))}, str)["used"].tolist()
    [True, True, False]
    """
    from oportumap.i18n import text

    table = table.copy()
    for role, group in groups.items():
        rows = table["column"].isin(group.columns)
        table.loc[rows, "role"] = role
        table.loc[rows, "why"] = text("roles.option_column").format(
            question=group.question, role=label(role))
        table.loc[rows, ["confidence", "used"]] = [0.9, True]
    return table


def gathered(frame: pd.DataFrame, role: str, group: OptionGroup) -> pd.Series:
    """Per row, the options marked 1, joined as the role reads a list ("" if none).

    Examples
    --------
    >>> f = pd.DataFrame({"o/albanil": ["1", "0", None], "o/empacador": ["1", "1", None]})
    >>> gathered(f, "occupations", OptionGroup("o", ("o/albanil", "o/empacador"))).tolist()
    ['albanil; empacador', 'empacador', '']
    """
    join = _JOIN.get(role, "; ")
    out = pd.Series("", index=frame.index, dtype=object)
    for column, option in zip(group.columns, group.options, strict=True):  # per column
        chosen = frame[column].astype(str).str.strip().str.lower().map(_MARKS).eq(True)
        chosen = chosen.to_numpy(dtype=bool)
        out = out.where(~chosen, np.where(out == "", option, out + join + option))
    return out


def _words(values: pd.Series) -> pd.Series:
    return values.fillna("").astype(str).map(
        lambda v: f" {normalize_text(v.replace('_', ' '))} ")


def disagreement(written: pd.Series, frame: pd.DataFrame, group: OptionGroup
                 ) -> pd.Series:
    """Rows whose question cell and option columns do not say the same.

    An option agrees when it is marked 1 and named in the cell, or marked 0 and not
    named; rows whose options are blank (question not asked) agree with any cell.

    Examples
    --------
    >>> f = pd.DataFrame({"o/albanil": ["1", "0"], "o/empacador": ["0", "0"]})
    >>> disagreement(pd.Series(["albanil", "empacador"]), f,
    ...              OptionGroup("o", ("o/albanil", "o/empacador"))).tolist()
    [False, True]
    """
    codes, uniques = pd.factorize(written.fillna("").astype(str), sort=False)
    cells = _words(pd.Series(uniques, dtype=object))
    out = np.zeros(len(written), dtype=bool)
    for column, option in zip(group.columns, group.options, strict=True):
        name = f" {normalize_text(option.replace('_', ' '))} "
        named = np.append(cells.map(lambda c, n=name: n in c).to_numpy(bool), False)
        mark = frame[column].astype(str).str.strip().str.lower().map(_MARKS)
        known = mark.notna().to_numpy(bool)
        out |= known & (mark.eq(True).to_numpy(bool) != named[codes])
    return pd.Series(out, index=written.index)


def _named(written: pd.Series, option: str) -> np.ndarray:
    """Rows whose cell names the option (as a whole word; «_» read as a space)."""
    codes, uniques = pd.factorize(written.fillna("").astype(str), sort=False)
    name = f" {normalize_text(option.replace('_', ' '))} "
    cells = _words(pd.Series(uniques, dtype=object))
    return np.append(cells.map(lambda c: name in c).to_numpy(bool), False)[codes]


def combine(frame: pd.DataFrame, headers: dict, groups: dict[str, OptionGroup]
            ) -> tuple[pd.DataFrame, list[tuple[np.ndarray, str, pd.Series, pd.Series]]]:
    """Each option group read into its role's column; what a person must be told.

    Without the question's own column, the options marked are the answer, in a column
    named as the question (its role's header then). With it, the cell is the answer;
    options marked 1 that the cell does not name are added and reported.

    Returns
    -------
    frame, notes
        The table with the answers (``headers`` updated in place) and, per role,
        ``(rows, role, written, interpretation)`` for :class:`Corrections`.

    Examples
    --------
    >>> f = pd.DataFrame({"o/albanil": ["1", "1"], "o/empacador": ["0", "1"],
    ...                   "o": ["albanil", "albanil"]})
    >>> h = {"occupations": "o"}
    >>> out, notes = combine(f, h, {"occupations": OptionGroup("o", ("o/albanil",
    ...                                                                "o/empacador"))})
    >>> out["o"].tolist(), notes[0][0].tolist()
    (['albanil', 'albanil empacador'], [False, True])
    """
    from oportumap.i18n import text

    notes = []
    for role, group in groups.items():
        marked = gathered(frame, role, group)
        question = headers.get(role)
        if not isinstance(question, str):
            frame = frame.assign(**{group.question: marked})
            headers[role] = group.question
            continue
        written = frame[question].fillna("").astype(str).str.strip()
        join = _JOIN.get(role, "; ")
        extra = pd.Series("", index=frame.index, dtype=object)
        for column, option in zip(group.columns, group.options, strict=True):
            chosen = frame[column].astype(str).str.strip().str.lower().map(_MARKS).eq(True)
            add = chosen.to_numpy(bool) & ~_named(written, option)
            extra = extra.where(~add, np.where(extra == "", option, extra + join + option))
        wrong = disagreement(written, frame, group).to_numpy(bool)
        # Choice names added to choice names stay one list of names («albanil
        # carpintero empacador»), read name by name like the cell.
        names = all(re.fullmatch(r"[a-z][a-z0-9_]*", o) for o in group.options)
        glue = np.where(names & written.str.fullmatch(r"[a-z][a-z0-9_ ]*"), " ", join)
        both = np.where(written == "", extra, written + glue + extra)
        frame = frame.assign(**{question: written.where(extra == "", both)})
        message = text("options.disagree")
        notes.append((wrong, role, written, pd.Series(
            [message.format(question=group.question, cell=c, marked=m or "—")
             for c, m in zip(written[wrong], marked[wrong], strict=True)],
            index=written.index[wrong]).reindex(written.index)))
    return frame, notes


#: Kobo's «other» option, and the words of the text question that says which.
_OTHER = ("otro", "otra", "otros", "otras", "other")


def _words_of(header: str) -> list[str]:
    return normalize_text(header.rsplit("/", 1)[-1].replace("_", " ")).split()


def other_columns(table: pd.DataFrame, headers: dict) -> dict[str, str]:
    """Role -> the text column answering its question's «otro» («ocupacion_otra»).

    The column stands in the question's group, is not used for anything else and its
    header is the question's word (same first five letters) with «otro/otra/other».

    Examples
    --------
    >>> t = pd.DataFrame({"column": ["e/ocupaciones", "e/ocupacion_otra"],
    ...                   "used": [True, False]})
    >>> other_columns(t, {"occupations": "e/ocupaciones"})
    {'occupations': 'e/ocupacion_otra'}
    """
    found: dict[str, str] = {}
    free = table.loc[~table["used"].astype(bool), "column"].astype(str).tolist()
    for role in OPTION_ROLES:
        question = headers.get(role)
        if not isinstance(question, str) or not _words_of(question):
            continue
        group, stem = question.rpartition("/")[0], _words_of(question)[0][:5]
        for header in free:
            words = _words_of(header)
            if (header.rpartition("/")[0] == group and any(w in _OTHER for w in words)
                    and any(w[:5] == stem for w in words if w not in _OTHER)):
                found[role] = header
                break
    return found


def with_other(written: pd.Series, other: pd.Series
               ) -> tuple[pd.Series, np.ndarray]:
    """Cells whose «otro» is replaced by the text of the «other» question.

    Returns the cells (as ``;``-separated occupations where replaced) and the rows
    replaced. Read once per distinct pair of cells.

    Examples
    --------
    >>> cells, rows = with_other(pd.Series(["cocinero otro", "otro", "albanil"]),
    ...                          pd.Series(["body shop", "cortador de caña", ""]))
    >>> cells.tolist(), rows.tolist()
    (['cocinero; body shop', 'cortador de caña', 'albanil'], [True, True, False])
    """
    from oportumap.skills import choice_names

    written = written.fillna("").astype(str)
    other = other.fillna("").astype(str).str.strip()
    pairs = pd.DataFrame({"cell": written, "other": other})
    codes, uniques = pd.factorize(pd.MultiIndex.from_frame(pairs), sort=False)
    new, hit = [], []
    for cell, text in uniques:  # distinct pairs only
        tokens = cell.split()
        names = choice_names([cell.strip()])[0] or tokens
        if text and any(normalize_text(t) in _OTHER for t in tokens):
            new.append("; ".join(text if normalize_text(n) in _OTHER else n for n in names))
            hit.append(True)
        else:
            new.append(cell)
            hit.append(False)
    rows = np.asarray(hit, dtype=bool)[codes]
    out = pd.Series(np.asarray(new, dtype=object)[codes], index=written.index)
    return written.where(~rows, out), rows
