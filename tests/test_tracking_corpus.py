"""The coordinators' returned workbooks (corpus ``seguimiento_coordinadores``) end to end.

The issued list is loaded with ``oportumap track issued``, the four returned files are
imported with ``oportumap track import --rows`` (the real commands, in a throw-away home
and SQLite store), and what each row became and the final state of the 40 referrals are
compared with ``_esperado/seguimiento_coordinadores``; then again in the opposite order,
since the README says the result does not depend on it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest
from test_corpus import CORPUS

pytestmark = pytest.mark.skipif(CORPUS is None, reason="office corpus not available")

FILES = ["referencias_Quiche_Ana_oct2026.xlsx", "Copia de referencias Luis (2).xlsx",
         "seguimiento huehue nov.csv", "SM_referencias_octubre_FINAL_v2.xlsx"]
#: The README's "today": no date in the files falls between it and any later day, so the
#: import's own today (the clock) gives the same reading.
TODAY = dt.date(2026, 12, 5)
RESULT_WORDS = {"evento": "evento", "sin cambio": "sin cambio", "rechazada": "rechazada",
                "vacía": "vacía"}


def _folder() -> Path:
    return CORPUS / "seguimiento_coordinadores"


def _expected(name: str) -> pd.DataFrame:
    return pd.read_csv(CORPUS / "_esperado" / "seguimiento_coordinadores" / name, dtype=str,
                       keep_default_na=False)


def _run(tmp_path: Path, monkeypatch, order: list[str]) -> tuple[Path, pd.DataFrame, str]:
    """Load the issued list and import ``order`` with the CLI; (store, rows table, output)."""
    from typer.testing import CliRunner

    from oportumap.cli import app

    monkeypatch.chdir(tmp_path)
    db = tmp_path / "seguimiento.db"
    runner = CliRunner()
    issued = runner.invoke(app, ["track", "issued", str(_folder() / "_emitidas" /
                                                        "referencias_emitidas.csv"),
                                 "--db", str(db)])
    assert issued.exit_code == 0, issued.output
    assert "40 filas leídas, 40 referencias emitidas registradas, 0 ya registradas, " \
        "0 rechazadas" in issued.output
    done = runner.invoke(app, ["track", "import", *[str(_folder() / f) for f in order],
                               "--db", str(db), "--rows", str(tmp_path / "filas.csv")])
    assert done.exit_code == 0, done.output
    rows = pd.read_csv(tmp_path / "filas.csv", dtype=str, keep_default_na=False,
                       encoding="utf-8-sig")
    return db, rows, done.output


def _facts(reason: str) -> list[str]:
    """What an expected reason names: quoted values, dates, numbers."""
    return re.findall(r"«([^»]*)»", reason) + re.findall(r"\d+(?:/\d+)*", reason)


def _lead(reason: str) -> str:
    return re.split(r"[:(]", reason)[0].strip().lower()


def test_each_row_reads_as_the_readme_says(tmp_path, monkeypatch):
    assert dt.date.today() >= TODAY
    _, rows, output = _run(tmp_path, monkeypatch, FILES)
    want = _expected("seguimiento.csv")
    got = rows.rename(columns={"Archivo": "archivo", "Hoja": "hoja", "Fila": "fila"})
    both = want.merge(got, on=["archivo", "hoja", "fila"], how="outer", indicator=True)
    assert (both["_merge"] == "both").all(), both[both["_merge"] != "both"][
        ["archivo", "hoja", "fila", "_merge"]]
    assert both["Resultado"].tolist() == both["resultado"].map(RESULT_WORDS).tolist()
    events = both[both["resultado"] == "evento"]
    assert events["ID referencia"].tolist() == events["id_referencia"].tolist()
    assert events["Estado"].tolist() == events["estado"].tolist()
    shown = pd.to_datetime(events["Fecha estado"], format="%d/%m/%Y").dt.strftime("%Y-%m-%d")
    assert shown.tolist() == events["fecha_estado"].tolist()
    rejected = both[both["resultado"] == "rechazada"]
    assert rejected["Columna"].tolist() == rejected["columna_problema"].tolist()
    for _, r in rejected.iterrows():  # the reason says what the README's says, in Spanish
        said = f"{r['Valor']} {r['Motivo']}"
        assert _lead(r["motivo"]) in r["Motivo"].lower(), (r["motivo"], r["Motivo"])
        for fact in _facts(r["motivo"]):
            assert fact in said, (fact, r["Motivo"])
        if r["id_referencia"] != r["valor_problema"] and r["columna_problema"] == \
                "ID referencia":  # the close ID the slip stands for is named
            assert r["id_referencia"] in r["Motivo"]
    unchanged = both[both["resultado"] == "sin cambio"]
    for _, r in unchanged.iterrows():
        for fact in re.findall(r"«([^»]*)»", r["motivo"]):
            assert fact in r["Motivo"], (fact, r["Motivo"])
    # counts that reconcile, per file, as the command prints them
    for name, part in want.groupby("archivo"):
        n = part["resultado"].value_counts()
        events, same, bad = n.get("evento", 0), n.get("sin cambio", 0), n.get("rechazada", 0)
        line = next(x for x in output.splitlines() if x.startswith(f"{name}:"))
        assert f"{events + same + bad} filas leídas" in line
        assert f"({events} cambios de estado nuevos, {same} sin cambio)" in line
        assert f"{bad} rechazada" in line
        if n.get("vacía", 0):
            assert f"{n['vacía']} fila vacía" in line
    assert "fila 10: encabezado repetido" in output
    assert "«  7qgrjp3v1jnj » → 7QGRJP3V1JNJ" in output


def _final(db: Path) -> pd.DataFrame:
    """The 40 referrals' final state as ``estado_final.csv`` writes it."""
    from oportumap.tracking import conflicts, history
    from oportumap.tracking.export import store_tables
    from oportumap.tracking.statuses import status_label

    referrals = store_tables(db)["referrals"]
    events = history(db)
    clash = conflicts(db)
    out = pd.DataFrame({"id_referencia": referrals["referral_id"],
                        "id_retornado": referrals["returnee_id"]})
    current = referrals["current_status"].fillna("referred")
    out["estado_actual"] = current.map(status_label)
    out["fecha_estado"] = referrals["current_status_date"].fillna(
        referrals["issued_at"]).dt.strftime("%Y-%m-%d")
    out["eventos"] = out["id_referencia"].map(events["referral_id"].value_counts()).fillna(
        0).astype(int).astype(str)
    out["conflicto"] = out["id_referencia"].isin(clash["referral_id"]).map(
        {True: "sí", False: "no"})
    flagged = events[events["flags"].str.contains("skipped_step")]
    out["salta_etapas"] = out["id_referencia"].isin(flagged["referral_id"]).map(
        {True: "sí", False: "no"})
    return out.sort_values("id_referencia").reset_index(drop=True)


@pytest.mark.parametrize("order", [FILES, FILES[::-1]], ids=["readme", "reversed"])
def test_final_state_of_the_forty_referrals_whatever_the_order(tmp_path, monkeypatch, order):
    db, _, output = _run(tmp_path, monkeypatch, order)
    want = _expected("estado_final.csv")[
        ["id_referencia", "id_retornado", "estado_actual", "fecha_estado", "eventos",
         "conflicto", "salta_etapas"]].sort_values("id_referencia").reset_index(drop=True)
    got = _final(db)
    pd.testing.assert_frame_equal(got, want)
    # the README's tally: Referido 10, Contactado 6, ... Cerrado 2
    tally = got["estado_actual"].value_counts()
    assert (tally["Referido"], tally["Contactado"], tally["Colocado"], tally["Cerrado"]) == \
        (10, 6, 6, 2)
    assert "1 conflicto con otro archivo" in output


def test_importing_everything_again_adds_nothing(tmp_path, monkeypatch):
    db, _, _ = _run(tmp_path, monkeypatch, FILES)
    from oportumap.tracking import history

    before = len(history(db))
    from typer.testing import CliRunner

    from oportumap.cli import app

    again = CliRunner().invoke(app, ["track", "import", *[str(_folder() / f) for f in FILES],
                                     "--db", str(db)])
    assert again.exit_code == 0, again.output
    assert again.output.count("ya importado antes") == 4
    assert len(history(db)) == before


def test_the_import_says_what_it_understood_of_every_value_the_readme_lists(tmp_path,
                                                                             monkeypatch):
    _, _, output = _run(tmp_path, monkeypatch, FILES)
    readme = (_folder() / "README.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| (Estado|Fecha estado|Id Referencia) \| «(.*?)» \| (.*?) \|$",
                        readme, re.M)
    assert len(listed) >= 25
    said = [line.strip() for line in output.splitlines() if line.startswith("    columna '")]
    for column, written, meaning in listed:
        column = "ID referencia" if column == "Id Referencia" else column
        mine = [line for line in said if line.startswith(f"columna '{column}'")]
        named = [line for line in mine if f"«{written}" in line or f"«{written.strip()}" in line]
        # each way of writing a date is said on its own line, named by its first value
        # («3/10/2026» and «15/09/2026» apart; «15/09/2026 (y 1 más)» only for the same way)
        lead = meaning.split(":")[0].split(" (")[0].lower()
        assert named, (column, written, meaning, mine)
        # and what it was read as is the README's meaning
        assert any(lead in line.split("→", 1)[1].lower() for line in named), \
            (column, written, meaning, named)
