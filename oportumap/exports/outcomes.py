"""Outcome tables (:func:`oportumap.tracking.outcomes`) laid out for people.

The group gets the column it is (department code and name, municipality code and name,
provider, occupation, stage), so a provider is never repeated in «Grupo» and «Nombre» and
a stage reads «Empleo», never ``employment``; the Total row says «Total». The one writer
(:func:`oportumap.exports.tables.write_table`) then shows counts as whole numbers and rates
as fractions with a % format.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from oportumap.i18n import text

#: Columns the group becomes, per grouping.
GROUP_COLUMNS: dict[str, tuple[str, ...]] = {
    "department": ("dept_code", "dept_name"), "municipality": ("muni_code", "muni_name"),
    "provider": ("provider",), "occupation": ("occupation",), "stage": ("stage",),
}


def outcome_table(table: pd.DataFrame, by: str = "department", *, lang: str = "es"
                  ) -> pd.DataFrame:
    """The outcome table with its group as named columns (canonical names).

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["employment", "Total"], "name": ["", ""],
    ...                   "issued": [10, 10]})
    >>> outcome_table(t, "etapa").to_dict("list")
    {'stage': ['employment', 'Total'], 'issued': [10, 10]}
    """
    from oportumap.tracking.funnel import normalise_by

    by = normalise_by(by)
    columns = GROUP_COLUMNS[by]
    group = table["group"].astype(object)
    is_total = (group == "Total").to_numpy()
    unknown = (group.isna() | (group == "")).to_numpy()
    words = {"Total": text("outcome.total", lang)}
    first = group.where(~unknown, text("outcome.unknown", lang)).map(
        lambda v: words.get(v, v))
    out = pd.DataFrame({columns[0]: first.to_numpy()}, index=table.index)
    if len(columns) > 1:
        out[columns[1]] = table["name"].astype(object).where(~is_total, "").to_numpy()
    rest = table.drop(columns=["group", "name"])
    return pd.concat([out, rest], axis=1).reset_index(drop=True)


def write_outcomes(table: pd.DataFrame, path: str | Path, *, by: str = "department",
                   lang: str = "es", force: bool = False) -> list[str]:
    """Write an outcome table (shareable or not, as given) as CSV, Excel or Parquet.

    Excel gets «Cómo usar esta lista» first (what each column means) and prints one page
    wide.
    """
    from oportumap.exports.store import how_to_use
    from oportumap.exports.tables import write_table

    shown = outcome_table(table, by, lang=lang)
    guide = how_to_use(shown.columns, lang, follow_up=False, namespace="outcome") \
        if Path(path).suffix.lower() == ".xlsx" else None
    return write_table(shown, path, headers=lang, labels="outcome", force=force,
                       sheet_name=text("sheet.outcomes", lang), guide=guide)
