"""One family of exceptions a user can act on.

Every error raised because of the user's data or arguments is a :class:`DataError`
(a :class:`ValueError`), so notebooks and the CLI can catch one type and show the
message without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

#: How many problems one error message lists before summarising the rest.
MAX_LISTED_PROBLEMS = 20


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell (or row, or file) of the user's input.

    Attributes
    ----------
    file : str
        File name as the user knows it (``returnees.csv``).
    row : int or None
        Row number as the user sees it in the file (header is row 1 in CSV/Excel).
    column : str or None
        Column header as written in the file.
    value : str or None
        The offending value, shown back to the user.
    message : str
        What is wrong and what to do about it.
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" fila {self.row}"
        if self.column:
            where += f", columna '{self.column}'"
        if self.value is not None and self.value != "":
            where += f" (valor '{self.value}')"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Interpretation:
    """One way a value as written was understood (or could not be decided) in one column.

    Readers report every value they did not take literally ("34 años" -> 34, "Colocada" ->
    Colocado, "M" -> mujer in an H/M column) so a planner sees what was guessed.

    Attributes
    ----------
    column : str or None
        Column header as written in the file.
    value : str
        The value as written.
    meaning : str
        What it was read as, in words a person reads (Spanish unless asked otherwise).
    rows : int
        How many rows hold the value.
    question : bool
        True when nothing was decided: the value needs a person's answer (an ambiguous
        code, a state followed by "?"); the rows keep no value.

    Examples
    --------
    >>> print(Interpretation("Sexo", "M", "mujer (la columna usa H/M)", 6))
    columna 'Sexo': «M» → mujer (la columna usa H/M) (6 filas)
    """

    column: str | None
    value: str
    meaning: str
    rows: int = 1
    question: bool = False

    def __str__(self) -> str:
        where = f"columna '{self.column}': " if self.column else ""
        mark = "¿? " if self.question else ""
        plural = "fila" if self.rows == 1 else "filas"
        return f"{where}{mark}«{self.value}» → {self.meaning} ({self.rows} {plural})"


class DataError(ValueError):
    """The input cannot be used as given; the message says where and what to do.

    Parameters
    ----------
    message : str
        Summary line.
    problems : list of Problem, optional
        Row-level problems; up to ``MAX_LISTED_PROBLEMS`` are listed in the message.

    Examples
    --------
    >>> err = DataError("returnees.csv: 1 problema", [Problem("returnees.csv", 3, "edad", "-4",
    ...                 "la edad debe estar entre 0 y 120")])
    >>> print(err)
    returnees.csv: 1 problema
      - returnees.csv fila 3, columna 'edad' (valor '-4'): la edad debe estar entre 0 y 120
    """

    def __init__(self, message: str, problems: list[Problem] | None = None):
        self.summary = message
        self.problems = list(problems or [])
        super().__init__(self._render())

    def _render(self) -> str:
        lines = [self.summary]
        for problem in self.problems[:MAX_LISTED_PROBLEMS]:
            lines.append(f"  - {problem}")
        hidden = len(self.problems) - MAX_LISTED_PROBLEMS
        if hidden > 0:
            # No Python argument here: the same text reaches command-line users.
            lines.append(f"  ... y {hidden} problemas más (oportumap validate los lista "
                         "todos en filas_rechazadas.csv)")
        return "\n".join(lines)
