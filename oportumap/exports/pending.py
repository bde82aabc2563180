"""The weekly list of referrals to phone about: one sheet per department, oldest first.

The store keeps no phone numbers; given the data folder, the returnee's phone (when the
registry has one) and the provider's contact and the offer's title come from it. The file
carries returnee IDs and phones: it is created owner-only.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from oportumap.errors import DataError
from oportumap.exports.tables import write_table
from oportumap.i18n import text
from oportumap.tracking.statuses import status_label

#: Columns of the sheets, in the order a coordinator reads them (person, what, whom, since).
SHEET_COLUMNS = ["returnee_id", "returnee_phone", "stage", "kind", "title", "provider",
                 "provider_contact", "current_status", "last_change", "days_waiting",
                 "home_muni_name", "referral_id"]


def pending_sheets(table: pd.DataFrame, *, dataset=None, lang: str = "es"
                   ) -> dict[str, pd.DataFrame]:
    """The pending list as one table per department (name -> rows), words for codes.

    Examples
    --------
    >>> t = pd.DataFrame({"referral_id": ["A1"], "returnee_id": ["R-1"],
    ...     "opportunity_id": ["V-1"], "kind": ["vacancy"], "stage": ["employment"],
    ...     "provider": ["Empresa"], "home_muni_code": ["1301"], "home_dept_code": ["13"],
    ...     "issued_at": [pd.Timestamp("2026-10-01")], "current_status": ["contacted"],
    ...     "last_change": [pd.Timestamp("2026-10-05").date()], "days_waiting": [60]})
    >>> sheets = pending_sheets(t)
    >>> list(sheets), sheets["Huehuetenango"]["current_status"].tolist()
    (['Huehuetenango'], ['Contactado'])
    """
    from oportumap.geography import get_country

    out = table.copy()
    country = getattr(dataset, "country", "GT") if dataset is not None else "GT"
    munis = get_country(country).municipalities.set_index("muni_code")
    out["home_muni_name"] = out["home_muni_code"].map(munis["muni_name"]).fillna("")
    depts = munis.drop_duplicates("dept_code").set_index("dept_code")["dept_name"]
    out["dept_name"] = out["home_dept_code"].map(depts).fillna(text("brief.unknown", lang))
    out["returnee_phone"] = ""
    out["title"] = ""
    out["provider_contact"] = ""
    if dataset is not None:
        people = dataset.returnees.drop_duplicates("returnee_id").set_index(
            dataset.returnees.drop_duplicates("returnee_id")["returnee_id"].astype(str))
        if "phone" in people:
            out["returnee_phone"] = out["returnee_id"].astype(str).map(
                people["phone"]).fillna("")
        offers = dataset.opportunities.drop_duplicates("opportunity_id")
        offers = offers.set_index(offers["opportunity_id"].astype(str))
        out["title"] = out["opportunity_id"].astype(str).map(offers["title"]).fillna("")
        if "contact" in offers:
            out["provider_contact"] = out["opportunity_id"].astype(str).map(
                offers["contact"]).fillna("")
    out["current_status"] = out["current_status"].map(lambda s: status_label(s, lang))
    out["stage"] = out["stage"].map(lambda s: text(f"stage.{s}", lang) if s else "")
    out["kind"] = out["kind"].map(lambda k: text(f"kind.{k}", lang) if k else "")
    return {name: group[SHEET_COLUMNS].reset_index(drop=True)
            for name, group in out.groupby("dept_name", sort=True)}


def write_pending(table: pd.DataFrame, out: str | Path, *, dataset=None, lang: str = "es",
                  force: bool = False) -> int:
    """Write the pending list (one sheet per department) owner-only; return its rows."""
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise DataError(f"{out.name}: la lista de pendientes es un libro .xlsx")
    sheets = pending_sheets(table, dataset=dataset, lang=lang)
    if not sheets:
        sheets = {text("brief.none_pending", lang): pd.DataFrame(columns=SHEET_COLUMNS)}
    first, *rest = sheets.items()
    write_table(first[1], out, force=force, sheet_name=first[0], sheets=dict(rest),
                lang=lang, private=True)
    return len(table)
