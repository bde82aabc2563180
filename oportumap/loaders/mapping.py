"""Column roles confirmed once, remembered: ``columnas.csv`` beside the data.

``oportumap validate`` writes how every column of every file was understood (file, sheet,
column, role, why, confidence, used) as ``columnas.csv`` in the data folder. A planner
opens it in Excel, corrects a role (writes another role's name, or «ninguno»), saves it;
every later command on that folder reads it and uses the corrected roles. In Python the
same table (or a ``{column: role}`` mapping) is the ``columns=`` argument of
:func:`~oportumap.loaders.load_dataset` and the readers; a role is read the same way in
both (:func:`role_named`: its code or its label, any case or accents).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from oportumap.errors import DataError
from oportumap.files import RawTable

#: The file beside the data that remembers column roles.
ROLES_FILE = "columnas.csv"
#: The row of a role table that records what a table holds (``column`` of that row).
CONTENT_ROW = "(contenido)"
#: What a table may hold, as written in ``columnas.csv``.
CONTENTS = ("returnees", "vacancy", "training", "certification", "entrepreneurship",
            "service", "mixed", "follow_up", "aggregate")


def content_label(content: str) -> str:
    """People's word for a table's content («Retornados», «Vacantes», ...)."""
    from oportumap.i18n import text

    if not content:
        return text("no").lower()
    try:
        return text("returnees" if content == "returnees" else f"kind.{content}")
    except Exception:  # noqa: BLE001 - contents without a label keep their code
        return content


def content_from_label(label: str) -> str | None:
    """A content written in ``columnas.csv``: code or label; None if unknown."""
    from oportumap.text import normalize_text

    key = normalize_text(label).replace(" ", "_")
    if key in ("no", "ninguno", ""):
        return ""
    for content in CONTENTS:
        if key in (content, normalize_text(content_label(content)).replace(" ", "_")):
            return content
    return None


def _headers(lang: str = "es") -> list[str]:
    from oportumap.i18n import text

    return [text(f"roles.{c}", lang) for c in
            ("file", "sheet", "column", "role", "why", "confidence", "used")]


def write_column_roles(roles: pd.DataFrame, folder: str | Path) -> Path:
    """Write ``columnas.csv`` (UTF-8 with BOM, opens in Excel) into ``folder``.

    Roles are written as people's words («Municipio», «Número de documento de
    identidad»); :func:`read_column_roles` reads them back, or their codes.

    Examples
    --------
    >>> import tempfile
    >>> t = pd.DataFrame({"file": ["r.csv"], "sheet": [""], "column": ["Sexo"],
    ...                   "role": ["sex"], "why": ["encabezado «Sexo»"],
    ...                   "confidence": [1.0], "used": [True]})
    >>> folder = tempfile.mkdtemp()
    >>> read_column_roles(write_column_roles(t, folder))["role"].tolist()
    ['sex']
    """
    from oportumap.files import atomic_path
    from oportumap.i18n import text
    from oportumap.loaders.roles import ROLE_COLUMNS, role_label

    out = roles[ROLE_COLUMNS].copy()
    content = out["column"] == CONTENT_ROW
    out["role"] = [content_label(r) if is_content else role_label(r) if r
                   else text("no").lower() for r, is_content in zip(out["role"], content,
                                                                     strict=True)]
    out["used"] = out["used"].map(lambda u: text("yes") if u else text("no"))
    out.columns = _headers()
    path = Path(folder) / ROLES_FILE
    with atomic_path(path) as tmp:
        out.to_csv(tmp, index=False, encoding="utf-8-sig")
    return path


def read_column_roles(path: str | Path) -> pd.DataFrame:
    """Read a (corrected) ``columnas.csv``: ``file``, ``sheet``, ``column``, ``role``.

    Raises
    ------
    DataError
        A role that is no role's name or code, naming the row to correct.
    """
    from oportumap.files import read_raw
    from oportumap.i18n import text

    path = Path(path)
    raw = read_raw(path)
    frame = raw.frame
    wanted = dict(zip(_headers(), ("file", "sheet", "column", "role", "why", "confidence",
                                   "used"), strict=True))
    english = dict(zip(_headers("en"), wanted.values(), strict=True))
    frame = frame.rename(columns={c: wanted.get(c, english.get(c, c)) for c in frame.columns})
    missing = [c for c in ("file", "column", "role") if c not in frame.columns]
    if missing:
        raise DataError(f"{path.name}: faltan las columnas {', '.join(missing)}; "
                        "bórrelo y vuelva a correr oportumap validate para escribirlo de nuevo")
    if "sheet" not in frame.columns:
        frame["sheet"] = ""
    where = text("roles.unknown_in_file")
    roles = [role_named(label, where.format(file=path.name, row=i + 2),
                        content=column == CONTENT_ROW)
             for i, (label, column) in enumerate(zip(frame["role"].tolist(),
                                                     frame["column"].tolist(), strict=True))]
    out = frame[["file", "sheet", "column"]].copy()
    out["role"] = roles
    return out.reset_index(drop=True)


def role_named(label: object, where: str, *, content: bool = False) -> str:
    """The role a person wrote for a column: its code or its label, any case or accents.

    The one reading of a written role: ``columnas.csv`` and the ``columns=`` mapping of
    :func:`~oportumap.loaders.load_dataset` and the readers both go through it
    (:func:`~oportumap.loaders.roles.role_from_label`), so «Distrito», «distrito» and
    «DISTRITO» are the same role wherever they are written.

    Parameters
    ----------
    label : object
        As written (blank, «no» or «ninguno»: the column is not used, ``""``).
    where : str
        Where it was written, for the message (file and row, or the mapping's column).
    content : bool
        A table's content (the ``(contenido)`` row), not a column's role.

    Returns
    -------
    str
        The role's code; ``""`` for a column not to be used.

    Raises
    ------
    DataError
        Naming the value and where it was written, and listing the roles to write
        (people's words, Spanish).

    Examples
    --------
    >>> role_named("Número de documento de identidad", "columns=")
    'id_document_number'
    >>> role_named("SEXO", "columns="), role_named("sex", "columns="), role_named("no", "x")
    ('sex', 'sex', '')
    >>> role_named("Sexso", "columns=, columna «S»")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    oportumap.errors.DataError: columns=, columna «S» (valor 'Sexso'): no es un rol conocido; ...
    """
    from oportumap.i18n import text
    from oportumap.loaders.roles import known_roles, role_from_label, role_label

    role = content_from_label(str(label)) if content else role_from_label(label)
    if role is not None:
        return role
    names = ([content_label(c) for c in CONTENTS] if content
             else [role_label(r) for r in known_roles()])
    key = "roles.unknown_content" if content else "roles.unknown"
    raise DataError(text(key).format(where=where, value=label,
                                     roles=", ".join(f"«{n}»" for n in names)))


def confirmed_roles(columns: pd.DataFrame | Mapping[str, str] | str | Path | None
                    ) -> pd.DataFrame | Mapping[str, str] | None:
    """Roles confirmed by a person, every written role read as its code (:func:`role_named`).

    A path is a ``columnas.csv``; a mapping is ``{header: role}`` with roles written as in
    ``columnas.csv`` (code or label); a table has ``file``, ``column`` and ``role``.

    Examples
    --------
    >>> confirmed_roles({"Zona": "Distrito", "Género": "sexo", "Extra": "ninguno"})
    {'Zona': 'distrito', 'Género': 'sex', 'Extra': ''}
    """
    from oportumap.i18n import text

    if columns is None:
        return None
    if isinstance(columns, str | Path):
        return read_column_roles(columns)
    where = text("roles.unknown_in_mapping")
    if isinstance(columns, Mapping):
        return {k: role_named(v, where.format(column=k)) for k, v in columns.items()}
    table = columns.copy()
    table["role"] = [role_named(r, where.format(column=c), content=c == CONTENT_ROW)
                     for r, c in zip(table["role"].tolist(), table["column"].tolist(),
                                     strict=True)]
    return table


def confirmed_for(columns: pd.DataFrame | Mapping[str, str] | str | Path | None,
                  raw: RawTable) -> pd.DataFrame | Mapping[str, str] | None:
    """The confirmed roles that apply to this table (its file, and sheet if written)."""
    columns = confirmed_roles(columns)
    if columns is None:
        return None
    if isinstance(columns, Mapping):
        return {k: v for k, v in columns.items() if k in raw.frame.columns}
    mine = columns[columns["file"].astype(str) == raw.file]
    sheets = {s for s in raw.sheet_of_rows().tolist() if s}
    if sheets and "sheet" in mine:
        mine = mine[mine["sheet"].astype(str).map(
            lambda s: not s or bool(set(x.strip() for x in s.split(",")) & sheets))]
    return mine[["column", "role"]] if len(mine) else None
