"""The coordinators' referral workbook: who to call, about what, where, and whom to ring.

Lays out a :class:`~oportumap.referrals.ReferralResult` (computed elsewhere) for the people
who act on it: a «Resumen» sheet first, one sheet per department of residence (or one file
per department), and «Demanda no cubierta». Columns follow a coordinator's work: the person,
what is offered, where, whom to call, then the follow-up columns «Estado» (a drop-down,
pre-filled "Referido"), «Fecha estado» and «Nota» that ``oportumap track import`` reads back
by «ID referencia». Numbers are numbers, dates are dates, km have one decimal, missing
values are empty cells, text never runs as a formula.

Examples
--------
>>> import tempfile, pathlib
>>> from oportumap import load_sample
>>> from oportumap.referrals import referral_plan
>>> out = pathlib.Path(tempfile.mkdtemp()) / "referencias.xlsx"
>>> notes = write_referrals(referral_plan(load_sample()), out)
>>> import openpyxl
>>> openpyxl.load_workbook(out, read_only=True).sheetnames[0]
'Resumen'
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from oportumap.errors import DataError
from oportumap.i18n import text
from oportumap.vocabulary import STATUS_CODES

#: Follow-up states offered in «Estado», in pathway order (i18n keys ``status.*``): the one
#: list the importer reads back (:data:`oportumap.vocabulary.STATUS_CODES`).
STATUS_KEYS: tuple[str, ...] = STATUS_CODES
#: Columns of the coordinators' sheet, in the order a coordinator works (person -> what ->
#: where -> whom to call -> follow-up -> codes). Optional ones appear when the data has them.
SHEET_COLUMNS: tuple[str, ...] = (
    "referral_id", "returnee_id", "phone", "home_muni_name", "dept_name", "stage", "rank",
    "kind", "title", "reason", "start_date", "end_date", "capacity", "muni_name", "address",
    "distance_km", "minutes", "provider", "contact", "status", "status_date", "note",
    "opportunity_id", "muni_code", "home_muni_code", "score",
)
_OPTIONAL = {"referral_id", "phone", "address", "minutes"}
_STYLES = {"rank": "integer", "capacity": "integer", "distance_km": "decimal1",
           "minutes": "integer", "score": "decimal4", "start_date": "date",
           "end_date": "date", "status_date": "date"}
UNMET_SHEET_COLUMNS: tuple[str, ...] = (
    "dept_name", "muni_name", "stage", "occupation", "unmet", "unmet_reason", "nearest_title",
    "nearest_provider", "nearest_muni_name", "nearest_km", "returnees", "referred",
    "no_option", "capacity_full", "deferred", "muni_code", "isco", "nearest_id",
)


def statuses(lang: str = "es") -> list[str]:
    """The «Estado» drop-down values.

    Examples
    --------
    >>> statuses()[:3]
    ['Referido', 'Contactado', 'Inscrito']
    """
    return [text(f"status.{key}", lang) for key in STATUS_KEYS]


def headers(lang: str = "es", country: str = "GT") -> dict[str, str]:
    """Column headers of the referral and unmet-demand sheets in ``lang``, with the
    country's own admin words («Cantón», «Provincia» in Costa Rica)."""
    from oportumap.countries import with_admin_words

    keys = {*SHEET_COLUMNS, *UNMET_SHEET_COLUMNS} - {"unmet_reason"}
    out = {k: text(f"referrals.col.{k}", lang) for k in keys
           if k not in ("status", "status_date", "note")}
    out.update({"status": text("referrals.col.status", lang),
                "status_date": text("referrals.col.status_date", lang),
                "note": text("referrals.col.note", lang),
                "unmet_reason": text("referrals.col.unmet_reason", lang)})
    return {k: with_admin_words(v, country, lang) for k, v in out.items()}


#: Spanish headers (the explorer's table uses them too).
HEADERS_ES: dict[str, str] = {}


def _names(result) -> pd.DataFrame:
    places = getattr(result, "places", None)
    if places is None or not len(places):
        from oportumap.geography import get_country

        country = result.settings.get("country", "GT")
        places = get_country(country).municipalities[["muni_code", "muni_name", "dept_name"]]
    return pd.DataFrame(places).set_index("muni_code")


def referral_table(result, lang: str = "es") -> pd.DataFrame:
    """The coordinators' table (canonical column names, :data:`SHEET_COLUMNS` order).

    Examples
    --------
    >>> from oportumap import load_sample
    >>> from oportumap.referrals import referral_plan
    >>> t = referral_table(referral_plan(load_sample()))
    >>> list(t.columns[:4]), t["status"].iloc[0]
    (['referral_id', 'returnee_id', 'home_muni_name', 'dept_name'], 'Referido')
    """
    frame = result.referrals
    names = _names(result)
    n = len(frame)
    home = frame["home_muni_code"].astype(object)
    place = frame["muni_code"].astype(object)
    stage_words = {s: text(f"referrals.stage.{s}", lang) for s in frame["stage"].cat.categories}
    kind_words = {k: text(f"referrals.kind.{k}", lang) for k in frame["kind"].cat.categories}
    table = {
        "referral_id": frame["referral_id"] if "referral_id" in frame
        else pd.Series(np.full(n, None, dtype=object)),
        "returnee_id": frame["returnee_id"],
        "phone": frame["returnee_id"].map(result.phones) if getattr(result, "phones", None)
        is not None else None,
        "home_muni_name": pd.Categorical(home).map(names["muni_name"].to_dict()),
        "dept_name": pd.Categorical(home).map(names["dept_name"].to_dict()),
        "stage": frame["stage"].cat.rename_categories(stage_words),
        "rank": frame["rank"],
        "kind": frame["kind"].cat.rename_categories(kind_words),
        "title": frame["title"], "reason": frame["reason"],
        "start_date": frame["start_date"], "end_date": frame["end_date"],
        "capacity": frame["capacity"],
        "muni_name": pd.Categorical(place).map(names["muni_name"].to_dict()),
        "address": frame.get("address"),
        "distance_km": frame["distance_km"],
        "minutes": frame.get("minutes"),
        "provider": frame["provider"], "contact": frame["contact"],
        "status": pd.Categorical.from_codes(np.zeros(n, np.int8), [statuses(lang)[0]]),
        "status_date": pd.Series(np.full(n, np.datetime64("NaT"), "datetime64[ns]")),
        "note": pd.Series(np.full(n, None, dtype=object)),
        "opportunity_id": frame["opportunity_id"], "muni_code": frame["muni_code"],
        "home_muni_code": frame["home_muni_code"], "score": frame["score"],
    }
    out = pd.DataFrame({k: (v.to_numpy() if isinstance(v, pd.Series) else v)
                        for k, v in table.items() if v is not None or k not in _OPTIONAL})
    missing_dept = out["dept_name"].isna()
    if missing_dept.any():
        out["dept_name"] = out["dept_name"].astype(object).where(
            ~missing_dept, text("referrals.sheet.no_department", lang))
    return out


def unmet_table(result, lang: str = "es") -> pd.DataFrame:
    """Unmet demand for people (canonical names, :data:`UNMET_SHEET_COLUMNS` order)."""
    unmet = result.unmet_demand.copy()
    names = _names(result)
    unmet["stage"] = unmet["stage"].astype(object).map(
        lambda s: text(f"referrals.stage.{s}", lang))
    unmet["unmet_reason"] = unmet.get("reason", "")
    unmet["nearest_muni_name"] = unmet.get("nearest_muni_code", pd.Series(dtype=object)).map(
        names["muni_name"])
    return unmet[[c for c in UNMET_SHEET_COLUMNS if c in unmet]]


def summary_tables(result, table: pd.DataFrame, lang: str = "es") -> list[pd.DataFrame]:
    """The «Resumen» sheet: people referred per department and stage; offers used and
    places not referred per kind; the run's settings."""
    stage_names = [text(f"referrals.stage.{s}", lang) for s in result.referrals["stage"]
                   .cat.categories]
    stage = table["stage"].astype(object)
    from oportumap.countries import with_admin_words

    dept = with_admin_words(text("referrals.col.dept_name", lang),
                            result.settings.get("country", "GT"), lang)
    person_stage = pd.DataFrame({"d": table["dept_name"].astype(object), "s": stage,
                                 "p": table["returnee_id"].to_numpy()}).drop_duplicates()
    by = pd.crosstab(person_stage["d"], person_stage["s"])
    order = [s for s in stage_names if s in by.columns]
    people = table.groupby("dept_name", observed=True)["returnee_id"].nunique()
    refs = table.groupby("dept_name", observed=True).size()
    main = pd.DataFrame({dept: by.index.astype(str),
                         text("referrals.summary.people", lang): people.reindex(by.index)
                         .to_numpy(),
                         text("referrals.summary.referrals", lang): refs.reindex(by.index)
                         .to_numpy()})
    for column in order:
        main[column] = by[column].to_numpy()
    total = {dept: text("referrals.summary.total", lang),
             text("referrals.summary.people", lang): int(table["returnee_id"].nunique()),
             text("referrals.summary.referrals", lang): len(table),
             **{c: int((person_stage["s"] == c).groupby(person_stage["p"]).any().sum())
                for c in order}}
    main = pd.concat([main, pd.DataFrame([total])], ignore_index=True)
    per_offer = pd.DataFrame({"id": table["opportunity_id"].to_numpy(),
                              "kind": table["kind"].astype(object).to_numpy(),
                              "capacity": table["capacity"].to_numpy()}).groupby(
        "id", sort=False).agg(kind=("kind", "first"), capacity=("capacity", "first"),
                              referrals=("kind", "size"))
    per_offer["left"] = np.maximum(per_offer["capacity"] - per_offer["referrals"], 0)
    used = per_offer.groupby("kind", sort=False).agg(
        offers=("capacity", "size"), referrals=("referrals", "sum"),
        seats=("capacity", "sum"), left=("left", "sum"))
    offers = pd.DataFrame({
        text("referrals.col.kind", lang): used.index.astype(str),
        text("referrals.summary.offers_used", lang): used["offers"].to_numpy(),
        text("referrals.summary.referrals", lang): used["referrals"].to_numpy(),
        text("referrals.summary.seats", lang): used["seats"].to_numpy(),
        text("referrals.summary.seats_left", lang): used["left"].to_numpy(),
    })
    as_of = result.settings.get("as_of")
    settings = pd.DataFrame({text("referrals.summary.as_of", lang): [
        pd.Timestamp(as_of) if as_of else pd.NaT]})
    return [main, offers, settings]


def _split(table: pd.DataFrame, name: str, limit: int) -> list[tuple[str, pd.DataFrame]]:
    if len(table) <= limit:
        return [(name, table)]
    return [(name if i == 0 else f"{name} ({i + 1})", table.iloc[s:s + limit])
            for i, s in enumerate(range(0, len(table), limit))]


def write_referrals(result, path: str | Path, *, lang: str = "es", force: bool = False,
                    by_department: bool = False, progress: bool = False,
                    sheet_rows: int | None = None) -> list[str]:
    """Write a referral run for coordinators: ``.xlsx``, ``.csv`` or ``.parquet``.

    Parameters
    ----------
    result : ReferralResult
        From :func:`oportumap.referrals.referral_plan`.
    path : str or Path
        Output file; the extension chooses the format. With ``by_department``, one file per
        department of residence beside it (``referencias_Petén.xlsx``, ...).
    lang : {"es", "en"}
        Headers, stage names and «Estado» values.
    force : bool
        Replace existing files.
    by_department : bool
        One file per department (each with its «Resumen» and «Demanda no cubierta»): the
        way to hand a national run (a million people) to departmental coordinators.
    progress : bool
        Show a progress bar (rich) while writing.
    sheet_rows : int, optional
        Rows per sheet before splitting (default: Excel's limit).

    Returns
    -------
    list of str
        Notes for the user (files written, sheets split, people left out, closed offers).

    Raises
    ------
    DataError
        Unknown extension or existing file without ``force``.
    """
    from oportumap.exports.xlsx import SHEET_ROWS
    from oportumap.files import atomic_path

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv", ".parquet"):
        raise DataError(f"{path.name}: use una extensión .xlsx, .csv o .parquet para la salida")
    table = referral_table(result, lang)
    unmet = unmet_table(result, lang)
    if by_department:
        groups = [(str(d), part) for d, part in table.groupby("dept_name", sort=True,
                                                              observed=True)]
        targets = [(path.with_name(f"{path.stem}_{_file_part(d)}{path.suffix}"), d, part)
                   for d, part in groups]
    else:
        targets = [(path, None, table)]
    for target, _d, _p in targets:
        if target.exists() and not force:
            raise DataError(f"{target}: ya existe; use --force (force=True) para reemplazarlo")
    path.parent.mkdir(parents=True, exist_ok=True)
    notes: list[str] = list(getattr(result, "notes", []))
    for key, count in (("no_consent", result.excluded_no_consent),
                       ("no_location", result.excluded_no_location)):
        if count:
            notes.append(text(f"referrals.note.{key}", lang).format(n=f"{count:,}"))
    bar, advance = _progress(progress, len(table), lang)
    try:
        for target, dept, part in targets:
            part_unmet = unmet if dept is None else unmet[unmet["dept_name"] == dept]
            with atomic_path(target) as tmp:
                if suffix == ".parquet":
                    out = part.copy()  # canonical names and stage codes, for code
                    out["stage"] = result.referrals["stage"].astype(object).to_numpy()[
                        part.index.to_numpy()]
                    out["kind"] = result.referrals["kind"].astype(object).to_numpy()[
                        part.index.to_numpy()]
                    out.to_parquet(tmp, index=False)
                    advance(len(part))
                elif suffix == ".csv":
                    _write_csv(part, tmp, lang, result.settings.get("country", "GT"))
                    advance(len(part))
                else:
                    notes.extend(_write_workbook(result, part, part_unmet, tmp, lang,
                                                 sheet_rows or SHEET_ROWS, advance))
            if by_department:
                notes.append(f"{target.name}: {len(part):,}")
    finally:
        if bar is not None:
            bar.stop()
    return notes


def _file_part(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name.replace(" ", "_"))


def _progress(enabled: bool, total: int, lang: str):
    if not enabled:
        return None, lambda _n: None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    bar = Progress("[progress.description]{task.description}", BarColumn(),
                   MofNCompleteColumn(), TimeElapsedColumn(), transient=False)
    task = bar.add_task("Escribiendo referencias" if lang == "es" else "Writing referrals",
                        total=total)
    bar.start()
    return bar, lambda n: bar.advance(task, n)


def _write_csv(table: pd.DataFrame, tmp: Path, lang: str, country: str = "GT") -> None:
    from oportumap.privacy import neutralize_formulas

    out = table.copy()
    for column in ("start_date", "end_date", "status_date"):
        out[column] = pd.to_datetime(out[column]).dt.strftime("%Y-%m-%d")
    out = neutralize_formulas(out).rename(columns=headers(lang, country))
    out.to_csv(tmp, index=False, encoding="utf-8-sig")


def _write_workbook(result, table: pd.DataFrame, unmet: pd.DataFrame, tmp: Path, lang: str,
                    limit: int, advance: Callable[[int], None]) -> list[str]:
    from oportumap.exports.xlsx import Sheet, write_xlsx

    names = headers(lang, result.settings.get("country", "GT"))
    notes = []
    summary = summary_tables(result, table, lang)
    sheets = [Sheet(text("referrals.sheet.summary", lang), summary[0], below=summary[1:])]
    status = names["status"]
    styles = {names[k]: v for k, v in _STYLES.items() if k in names}
    for dept, part in table.groupby("dept_name", sort=True, observed=True):
        chunks = _split(part, str(dept), limit)
        if len(chunks) > 1:
            notes.append(f"«{dept}»: {len(part):,} filas en {len(chunks)} hojas (límite de "
                         "Excel).")
        for name, chunk in chunks:
            sheets.append(Sheet(name, chunk.rename(columns=names), styles=styles,
                                choices={status: statuses(lang)}, progress=True))
    from oportumap.countries import with_admin_words

    country = result.settings.get("country", "GT")
    muni_code = (text("municipality", lang) + " (código)" if lang == "es"
                 else "Municipality code")
    unmet_named = unmet.rename(columns={
        **names, "muni_name": with_admin_words(text("referrals.col.muni", lang), country, lang),
        "muni_code": with_admin_words(muni_code, country, lang)})
    for name, chunk in _split(unmet_named, text("referrals.sheet.unmet", lang), limit):
        sheets.append(Sheet(name, chunk, styles={names["nearest_km"]: "decimal1"}))
    write_xlsx(sheets, tmp, advance)
    return notes


HEADERS_ES.update(headers("es"))
