"""The weekly pending list: referrals without news, from a store with hand-set dates."""

from __future__ import annotations

import datetime as dt
import os
import stat

import pandas as pd
from openpyxl import load_workbook
from typer.testing import CliRunner

from oportumap.cli import app
from oportumap.tracking import import_status, record_referrals
from oportumap.tracking.pending import pending_referrals

ISSUED = dt.datetime(2026, 10, 1, 9, 0)
TODAY = dt.date(2026, 11, 1)  # 31 days after issue


def _store(tmp_path):
    rows = [  # returnee, offer, stage, kind, provider, home municipality
        ("P-1", "V-1", "employment", "vacancy", "Empresa A", "1301"),
        ("P-2", "V-1", "employment", "vacancy", "Empresa A", "1301"),
        ("P-3", "T-1", "training", "training", "INTECAP", "1201"),
        ("P-4", "T-1", "training", "training", "INTECAP", "1201"),
        ("P-5", "V-2", "employment", "vacancy", "Empresa B", "0101"),
    ]
    table = pd.DataFrame(rows, columns=["returnee_id", "opportunity_id", "stage", "kind",
                                        "provider", "home_muni_code"])
    table = table.assign(muni_code=table["home_muni_code"], rank=1, score=0.5, reason="")
    db = tmp_path / "seguimiento.db"
    ids = record_referrals(db, table, as_of="2026-09-30", issued_at=ISSUED).referrals
    ref = dict(zip(ids["returnee_id"], ids["referral_id"], strict=True))
    csv = tmp_path / "estados.csv"
    csv.write_text(
        "ID referencia,Estado,Fecha estado\n"
        f"{ref['P-1']},Contactado,2026-10-05\n"   # 27 days without news
        f"{ref['P-2']},Contactado,2026-10-05\n{ref['P-2']},Colocado,2026-10-20\n"  # ended
        f"{ref['P-3']},Contactado,2026-10-25\n"   # 7 days: recent news
        f"{ref['P-4']},No se presentó,2026-10-10\n",  # ended
        encoding="utf-8")
    import_status(db, csv)
    return db, ref


def test_pending_lists_who_has_no_news_oldest_first(tmp_path):
    db, ref = _store(tmp_path)
    table = pending_referrals(db, days=15, today=TODAY)
    # P-5 was never updated (31 days since issue), P-1 was contacted 27 days ago;
    # P-2 was placed and P-4 did not show up (ended), P-3 had news 7 days ago
    assert table["returnee_id"].tolist() == ["P-5", "P-1"]
    assert table["days_waiting"].tolist() == [31, 27]
    assert table["current_status"].tolist() == ["referred", "contacted"]
    assert table["last_change"].tolist() == [dt.date(2026, 10, 1), dt.date(2026, 10, 5)]
    # a week's threshold catches P-3 too; a 30-day one only P-5
    assert set(pending_referrals(db, days=7, today=TODAY)["returnee_id"]) == {"P-5", "P-1",
                                                                            "P-3"}
    assert pending_referrals(db, days=30, today=TODAY)["returnee_id"].tolist() == ["P-5"]


def test_pending_command_writes_a_private_workbook_per_department(tmp_path, monkeypatch):
    db, _ = _store(tmp_path)
    monkeypatch.setattr("oportumap.tracking.pending.dt.date",
                        type("D", (dt.date,), {"today": staticmethod(lambda: TODAY)}))
    out = tmp_path / "pendientes.xlsx"
    old = os.umask(0)
    try:
        result = CliRunner().invoke(app, ["track", "pending", "--db", str(db), "--out",
                                          str(out), "--dias", "15"])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert "2 referencias pendientes" in result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # IDs and phones: owner only
    book = load_workbook(out)
    assert book.sheetnames == ["Guatemala", "Huehuetenango"]
    sheet = book["Huehuetenango"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["ID retornado", "Teléfono del retornado", "Etapa"]
    row = [c.value for c in sheet[2]]
    assert row[0] == "P-1" and "Contactado" in row and "Empleo" in row
    assert row[header.index("Días sin novedad")] == 27
    missing = CliRunner().invoke(app, ["track", "pending", "--db", str(tmp_path / "x.db"),
                                       "--out", str(tmp_path / "p.xlsx")])
    assert missing.exit_code == 1 and "no existe" in missing.output
    assert not (tmp_path / "x.db").exists()  # a mistyped store is never created
