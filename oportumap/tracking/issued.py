"""Load referral lists issued by another tool (or by hand) into the follow-up store.

A programme that issued its lists without oportumap still needs the follow-up: the
coordinators' returned workbooks can only be imported against referrals the store holds,
because each status date is checked against the day its referral was issued. This module
reads such a list (CSV or XLSX, one row per referral) and records it under the IDs it
carries: the «ID referencia» printed in the list is the one coordinators will send back.

What is read
    «ID referencia» and «Fecha de emisión» (required; «Datos al» in oportumap's own
    lists), «ID retornado», «Etapa» and either
    «ID oportunidad» or «Oportunidad» (the offer's title stands for its ID); optionally
    «Proveedor», «Municipio retornado» (with «Departamento» when given) / «Municipio
    oportunidad» (names or codes, resolved to codes when one municipality fits; a home
    name found in two departments takes the offer's department, said as an
    interpretation; else left blank) and «Tipo». Headers may be
    written with underscores (``id_referencia``) or in English.

Rules (accepted + already recorded + rejected = rows read)
    - An ID is kept as written, upper-cased and without spaces (the importer reads the
      coordinators' IDs the same way).
    - Rejected, with row, column and reason: no ID; an ID written twice in the list; no or
      unreadable issue date; no returnee; no offer.
    - An ID the store already holds is not recorded again (loading a list twice adds
      nothing); each issue date becomes one recorded run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from oportumap.dates import read_dates
from oportumap.errors import DataError, Interpretation
from oportumap.i18n import text
from oportumap.text import normalize_text
from oportumap.tracking.store import using
from oportumap.vocabulary import Vocabulary, match

#: Header words (normalised, ``_`` read as a space) for each column of an issued list.
ISSUED_ALIASES: dict[str, tuple[str, ...]] = {
    "referral_id": ("id referencia", "id de referencia", "referral id"),
    "issued": ("fecha emision", "fecha de emision", "emitida", "emitida el",
               "fecha de entrega", "issued", "issue date", "issued on", "date issued",
               # oportumap's own lists carry their data date: the day they were made
               "datos al", "data as of"),
    "returnee_id": ("id retornado", "id del retornado", "returnee id"),
    "stage": ("etapa", "stage"),
    "opportunity_id": ("id oportunidad", "id de oportunidad", "opportunity id"),
    "title": ("oportunidad", "oferta", "opportunity", "offer", "titulo"),
    "provider": ("proveedor", "provider"),
    "home_muni": ("municipio retornado", "municipio de residencia", "codigo municipio "
                  "residencia", "home municipality", "home municipality code"),
    "home_dept": ("departamento retornado", "departamento de residencia", "departamento",
                  "home department"),
    "muni": ("municipio oportunidad", "municipio de la oportunidad", "codigo municipio "
             "oportunidad", "opportunity municipality", "opportunity municipality code"),
    "kind": ("tipo", "kind"),
}
#: Columns of the rejected-rows table (as the status import writes them).
REJECTED_COLUMNS = ["file", "sheet", "row", "column", "value", "reason"]

#: Pathway stages as lists write them (labels ``stage.*`` in both languages, and more).
STAGE = Vocabulary(
    "vocab.what.stage",
    words={"psychosocial": ("Atención psicosocial", "Psicosocial"),
           "id_document": ("Documento de identidad", "Documentos", "Documento"),
           "certification": ("Certificación",),
           "training": ("Formación", "Capacitación", "Curso"),
           "employment": ("Empleo", "Trabajo"),
           "entrepreneurship": ("Emprendimiento",)},
    phrases={"psychosocial": ("salud mental", "psychosocial"),
             "id_document": ("dpi", "dui", "dni", "documentos de identidad",
                             "identity document", "documents"),
             "certification": ("certification",),
             "training": ("training", "course"),
             "employment": ("employment", "job"),
             "entrepreneurship": ("entrepreneurship", "capital semilla")},
    label_key="stage",
)


@dataclass
class IssuedSummary:
    """What loading one issued list did.

    Attributes
    ----------
    file : str
    rows_read, recorded, already, rejected : int
        ``recorded + already + rejected == rows_read``.
    rejected_rows : pandas.DataFrame
        :data:`REJECTED_COLUMNS`, one row per rejected row.
    interpretations : list of Interpretation
        Stages and dates not written as the store writes them.
    """

    file: str
    rows_read: int = 0
    recorded: int = 0
    already: int = 0
    rejected: int = 0
    rejected_rows: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=REJECTED_COLUMNS))
    interpretations: list[Interpretation] = field(default_factory=list)

    def message(self, lang: str = "es") -> str:
        """One line for people (Spanish by default).

        Examples
        --------
        >>> print(IssuedSummary("lista.csv", 40, 38, 1, 1).message())
        ... # doctest: +NORMALIZE_WHITESPACE
        lista.csv: 40 filas leídas, 38 referencias emitidas registradas, 1 ya registrada,
        1 rechazada
        """
        from oportumap.i18n import agree

        return agree(text("tracking.issued.line", lang).format(
            file=self.file, rows=self.rows_read, recorded=self.recorded,
            already=self.already, rejected=self.rejected))


def _field_of(header: object) -> str | None:
    key = normalize_text(header).replace("_", " ")
    for name, aliases in ISSUED_ALIASES.items():
        if key in {normalize_text(a) for a in aliases}:
            return name
    return None


def read_issued(path: str | Path) -> tuple[pd.DataFrame, str]:
    """The rows of an issued referral list, as written (nothing checked yet).

    Returns
    -------
    (pandas.DataFrame, str)
        Columns ``sheet``, ``row`` (as the user sees it) and each field of
        :data:`ISSUED_ALIASES` found (text); and the file name.

    Raises
    ------
    DataError
        Unreadable file, or no «ID referencia» or «Fecha de emisión» column.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "lista.csv"
    >>> _ = path.write_text("Referral ID;Issue date;Stage\\nab12;14/09/2026;Empleo\\n")
    >>> rows, name = read_issued(path)
    >>> rows[["row", "referral_id", "issued", "stage"]].values.tolist()
    [[2, 'ab12', '14/09/2026', 'Empleo']]
    """
    from oportumap.files import read_raw

    path = Path(path)

    def hint(cells: list[str]) -> int:
        return sum(_field_of(c) is not None for c in cells)

    raw = read_raw(path, header_hint=hint)
    found: dict[str, str] = {}
    for header in raw.frame.columns:
        name = _field_of(header)
        if name and name not in found:
            found[name] = header
    missing = [w for n, w in (("referral_id", "«ID referencia»"),
                              ("issued", "«Fecha de emisión»")) if n not in found]
    if missing:
        raise DataError(text("tracking.issued.missing").format(
            file=raw.file, columns=" y ".join(missing)))
    out = pd.DataFrame({"sheet": raw.sheet_of_rows(), "row": raw.numbers()})
    for name in ISSUED_ALIASES:
        out[name] = (raw.frame[found[name]].astype(str).str.strip().to_numpy(dtype=object)
                     if name in found else "")
    return out, raw.file


def _municipality_codes(values: pd.Series, country: str, departments: pd.Series | None = None
                        ) -> pd.Series:
    """Codes of the municipalities named (blank where none or several fit)."""
    from oportumap.geography.resolve import resolve

    named = values[values != ""]
    codes = pd.Series(None, index=values.index, dtype=object)
    if len(named):
        depts = None if departments is None else departments[named.index].reset_index(
            drop=True).fillna("")
        result = resolve(named.reset_index(drop=True), depts, country=country)
        found = result.codes.where(result.messages.isna())
        codes[named.index] = found.astype(object).where(found.notna(), None).to_numpy()
    return codes


def _homes(kept: pd.DataFrame, offer_codes: pd.Series, country: str
           ) -> tuple[pd.Series, list[Interpretation]]:
    """Home municipality codes; a name in two departments takes the offer's, and says so.

    People are referred to offers near home: when «La Libertad» could be in two
    departments and the offer is in Huehuetenango, La Libertad (Huehuetenango) is meant.
    """
    from oportumap.geography import get_country

    munis = get_country(country).municipalities.set_index("muni_code")
    given = kept["home_dept"].where(kept["home_dept"] != "") if "home_dept" in kept else None
    codes = _municipality_codes(kept["home_muni"], country, given)
    open_ = codes.isna() & (kept["home_muni"] != "") & offer_codes.notna()
    said: list[Interpretation] = []
    if open_.any():
        offer_dept = offer_codes[open_].map(munis["dept_code"])
        guessed = _municipality_codes(kept.loc[open_, "home_muni"], country, offer_dept)
        codes[guessed.index] = guessed
        hits = guessed.dropna()
        pairs = pd.DataFrame({"w": kept.loc[hits.index, "home_muni"], "c": hits})
        for (written, code), n in pairs.value_counts(sort=False).items():
            said.append(Interpretation("Municipio retornado", written, text(
                "tracking.issued.home_from_offer").format(
                    name=munis.at[code, "muni_name"], dept=munis.at[code, "dept_name"]),
                int(n)))
    return codes, said


def record_issued(db, path: str | Path, *, country: str = "GT") -> IssuedSummary:
    """Record the referrals of an issued list, under the IDs the list carries.

    Parameters
    ----------
    db : str, path, Store or None
        The store (created when missing).
    path : path
        CSV or XLSX list, one row per referral (see the module notes for its columns).
    country : str
        Country of the municipality names.

    Returns
    -------
    IssuedSummary

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "emitidas.csv").write_text(
    ...     "id_referencia,id_retornado,etapa,oportunidad,fecha_emision\\n"
    ...     "7M6ETZWF057J,QCH-0101,Empleo,Albañil,2026-09-14\\n"
    ...     "7M6ETZWF057J,QCH-0101,Empleo,Albañil,2026-09-14\\n")
    >>> print(record_issued(folder / "s.db", folder / "emitidas.csv").message())
    ... # doctest: +NORMALIZE_WHITESPACE
    emitidas.csv: 2 filas leídas, 1 referencia emitida registrada, 0 ya registradas,
    1 rechazada
    """
    rows, name = read_issued(path)
    blank = np.ones(len(rows), dtype=bool)
    for column in ISSUED_ALIASES:
        blank &= (rows[column] == "").to_numpy()
    rows = rows[~blank].reset_index(drop=True)
    summary = IssuedSummary(name, rows_read=len(rows))
    ids = rows["referral_id"].str.replace(r"\s+", "", regex=True).str.upper()
    when = read_dates(rows["issued"], column="Fecha de emisión", allow_future=True,
                      require_day=True)
    stages = match(rows["stage"].where(rows["stage"] != ""), STAGE, column="Etapa")
    offer = rows["opportunity_id"].where(rows["opportunity_id"] != "", rows["title"])
    summary.interpretations = [*stages.interpretations, *when.interpretations]
    left = np.ones(len(rows), dtype=bool)
    rejected = []

    def reject(mask, column: str, values, reason) -> None:
        nonlocal left
        mask = np.asarray(mask, dtype=bool) & left
        if mask.any():
            reasons = reason if isinstance(reason, str) else np.asarray(reason)[mask]
            rejected.append(pd.DataFrame({
                "file": name, "sheet": rows["sheet"].to_numpy()[mask],
                "row": rows["row"].to_numpy()[mask], "column": column,
                "value": np.asarray(values, dtype=object)[mask], "reason": reasons}))
            left &= ~mask

    reject(ids == "", "ID referencia", rows["referral_id"], text("tracking.issued.no_id"))
    reject(ids.str.len() > 16, "ID referencia", rows["referral_id"],
           text("tracking.issued.long_id"))
    reject(ids.duplicated(keep="first") & ids.ne(""), "ID referencia", rows["referral_id"],
           text("tracking.issued.twice"))
    reject(when.values.isna() & (rows["issued"] == ""), "Fecha de emisión", rows["issued"],
           text("tracking.issued.no_date"))
    reject(when.values.isna(), "Fecha de emisión", rows["issued"],
           when.problems.fillna("").to_numpy())
    reject(rows["returnee_id"] == "", "ID retornado", rows["returnee_id"],
           text("tracking.issued.no_returnee"))
    reject(offer == "", "Oportunidad", offer, text("tracking.issued.no_offer"))
    stage_problem = stages.values.isna() & (rows["stage"] != "")
    reject(stage_problem, "Etapa", rows["stage"], stages.problems.fillna("").to_numpy())
    kept = rows[left]
    offers = _municipality_codes(kept["muni"], country)
    homes, guessed = _homes(kept, offers, country)
    summary.interpretations += guessed
    table = pd.DataFrame({
        "referral_id": ids[left].to_numpy(), "returnee_id": kept["returnee_id"].to_numpy(),
        "opportunity_id": offer[left].to_numpy(),
        "stage": stages.values[left].astype(object).where(stages.values[left].notna(),
                                                          None).to_numpy(),
        "provider": kept["provider"].replace("", None).to_numpy(),
        "title": kept["title"].replace("", None).to_numpy(),
        "kind": kept["kind"].replace("", None).to_numpy(),
        "home_muni_code": homes.to_numpy(),
        "muni_code": offers.to_numpy(),
        "issued": when.values[left].dt.date.to_numpy(),
    })
    summary.recorded = _store(db, table, country)
    summary.rejected = int((~left).sum())
    summary.already = len(table) - summary.recorded
    if rejected:
        summary.rejected_rows = pd.concat(rejected, ignore_index=True)[
            REJECTED_COLUMNS].sort_values(["sheet", "row"], kind="stable").reset_index(
            drop=True)
    return summary


def _store(db, table: pd.DataFrame, country: str) -> int:
    """Insert ``table`` (IDs given), one run per issue date, in one transaction."""
    from oportumap.geography import get_country
    from oportumap.tracking.record import (
        RECORD_COLUMNS,
        _count_groups,
        _insert_postgresql,
        _insert_sqlite,
        _objects,
    )
    from oportumap.tracking.tables import runs

    if table.empty:
        return 0
    munis = get_country(country).municipalities
    dept_of = dict(zip(munis["muni_code"], munis["dept_code"], strict=True))
    recorded = 0
    with using(db, create=True) as store, store.write() as conn:
        for day, part in table.groupby("issued", sort=True):
            issued = dt.datetime.combine(day, dt.time())
            run_id = int(conn.execute(runs.insert().values(
                issued_at=issued, as_of=day, country=country, referrals=len(part)
            )).inserted_primary_key[0])
            n = len(part)
            columns = {c: _objects(part[c], n) if c in part else np.full(n, None, dtype=object)
                       for c in RECORD_COLUMNS if c not in ("run_id", "as_of", "issued_at")}
            columns["occupation"] = _objects(part["title"], n)
            columns["home_dept_code"] = np.array([dept_of.get(v) for v in
                                                  columns["home_muni_code"]], dtype=object)
            columns["dept_code"] = np.array([dept_of.get(v) for v in columns["muni_code"]],
                                            dtype=object)
            constants = {"run_id": run_id, "as_of": day, "issued_at": issued}
            if store.dialect == "sqlite":
                order = np.argsort(columns["referral_id"].astype(str), kind="stable")
                added = _insert_sqlite(conn, columns, order, constants)
            else:
                # its staging table lives until commit: one per issue date, so drop it
                conn.exec_driver_sql("DROP TABLE IF EXISTS referrals_in")
                added = _insert_postgresql(conn, columns, constants)
            _count_groups(conn, columns, run_id, added)
            recorded += int(added)
    return recorded
