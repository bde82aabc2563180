"""Text files read through Arrow give exactly the table pandas' reader gives (issue 22, speed).

The fast reader is only an optimisation: for every file, the table, row numbers, what was
set apart and every explanation of a broken file must be the ones pandas' reader gives.
"""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oportumap.errors import DataError
from oportumap.files import delimited as read_module
from oportumap.files.arrow_csv import _arrow_text_dtype, read_csv_arrow
from oportumap.files.read import read_raw

pytestmark = pytest.mark.skipif(_arrow_text_dtype() is None,
                                reason="pandas without Arrow text: pandas' reader only")


def _read(path, monkeypatch, fast: bool):
    """``read_raw`` through Arrow (when it accepts the file) or through pandas only."""
    used = []

    def arrow(*args, **kwargs):
        frame = read_csv_arrow(*args, **kwargs)
        used.append(frame is not None)
        return frame

    monkeypatch.setattr(read_module, "read_csv_arrow",
                        arrow if fast else (lambda *a, **k: None))
    try:
        raw = read_raw(path, header_hint=lambda cells: sum(1 for c in cells if c))
    except DataError as exc:
        return ("error", str(exc)), any(used)
    numbers = raw.numbers().tolist()
    return ("table", raw.frame, raw.first_row, numbers, raw.skipped), any(used)


def _same(fast, slow) -> None:
    assert fast[0] == slow[0], (fast, slow)
    if fast[0] == "error":
        assert fast == slow
        return
    assert list(fast[1].columns) == list(slow[1].columns)
    assert fast[1].dtypes.tolist() == slow[1].dtypes.tolist()
    assert fast[1].equals(slow[1])
    assert fast[2:] == slow[2:]


FILES = {
    # name: (bytes, Arrow expected to read it)
    "plain": ("id;municipio;edad\nR1;Cobán;34\nR2;Sololá;\n".encode(), True),
    "spaces after the separator": ("id; municipio\nR1;  Cobán \nR2;   \n".encode(), True),
    "BOM and CRLF": ("\ufeffid,municipio\r\nR1,Cobán\r\n".encode(), True),
    "title rows": ("Registro de retornados;;\nOficina X\nid;municipio;edad\nR1;Cobán;3\n"
                   .encode(), True),
    "title and blank line above the header": (
        "Registro de retornados\n\nid;municipio;edad\nR1;Cobán;3\n".encode(), True),
    "total under the table": ("id;municipio\nR1;Cobán\nTOTAL;1\n".encode(), True),
    "note under the table": (
        "id;municipio\nR1;Cobán\nDatos de la oficina regional, noviembre\n".encode(), False),
    "blank line inside": ("id;municipio\nR1;Cobán\n\nR2;Sololá\n".encode(), True),
    "quoted separator": ('id,nombre\nR1,"Pérez, Juan"\n'.encode(), False),
    "cell on two lines": ('id;nota\nR1;"línea uno\nlínea dos"\nR2;x\n'.encode(), False),
    "unclosed quote on the last line": ('id;municipio\nR1;"Cobán'.encode(), False),
    "escaped quote": ('id;nombre\nR1;"El ""Chino"" Pérez"\n'.encode(), False),
    "quote after a space": ('id;nombre\nR1; "Pérez; Juan"\n'.encode(), False),
    "row too long": ("id;municipio\nR1;Cobán;extra\n".encode(), False),
    "empty extra fields": ("id;municipio\nR1;Cobán;;\n".encode(), False),
    "row too short": ("id;municipio;edad\nR1;Cobán\n".encode(), False),
    "repeated header": ("id;id;municipio\nR1;R2;Cobán\n".encode(), False),
    "blank header": ("id;;municipio\nR1;x;Cobán\n".encode(), False),
    "header only": (b"id;municipio\n", False),
    "unterminated quote": ('id;municipio\nR1;"Cobán\n'.encode(), False),
    "not UTF-8": ("id;municipio\nR1;Cobán\n".encode("cp1252"), False),
    "bad byte after a good start": (b"id;municipio\nR1;Cob\xe1n\n", False),
}


@pytest.mark.parametrize("name", list(FILES))
def test_arrow_reads_what_pandas_reads_or_steps_aside(name, tmp_path, monkeypatch):
    data, arrow_reads = FILES[name]
    path = tmp_path / "retornados.csv"
    path.write_bytes(data)
    fast, used = _read(path, monkeypatch, fast=True)
    slow, _ = _read(path, monkeypatch, fast=False)
    _same(fast, slow)
    assert used == arrow_reads


def test_tab_separated_and_spaces_keep_tabs(tmp_path, monkeypatch):
    path = tmp_path / "retornados.tsv"
    path.write_bytes("id\tmunicipio\n R1\t\tCobán\n".replace("\t\t", "\t").encode())
    fast, used = _read(path, monkeypatch, fast=True)
    slow, _ = _read(path, monkeypatch, fast=False)
    _same(fast, slow)
    assert used and fast[1]["id"].tolist() == ["R1"]


CELL = st.one_of(st.text(alphabet=list('ab ;,"\nÁñ\t'), max_size=5),  # quoting: pandas
                 st.text(alphabet=list("ab Áñ\t.-"), max_size=5))  # plain: Arrow


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(CELL, min_size=2, max_size=2), min_size=1, max_size=5),
       pad=st.lists(st.booleans(), min_size=1, max_size=10), sep=st.sampled_from([";", ","]))
def test_any_small_file_reads_the_same_both_ways(rows, pad, sep, tmp_path, monkeypatch):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\n")
    writer.writerow(["id", "nombre"])
    for i, row in enumerate(rows):  # some cells written with a space after the separator
        writer.writerow([(" " if pad[i % len(pad)] else "") + c for c in row])
    path = tmp_path / "r.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    fast, used = _read(path, monkeypatch, fast=True)
    slow, _ = _read(path, monkeypatch, fast=False)
    _same(fast, slow)
    assert used or '"' in buffer.getvalue() or "\n\n" in buffer.getvalue()
