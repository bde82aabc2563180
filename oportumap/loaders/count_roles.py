"""Which column of a count table (returnees aggregated by municipality) holds which count.

A count table's columns are found by their header («Personas retornadas», «Mujeres»,
«NNA», «Periodo») and, when the file has a line of HXL hashtags under the header (as OCHA
tables uploaded to HDX have), by the hashtag too (``#affected+returnees+f`` is the women,
``#adm2+code`` the municipality's P-code). Content confirms: a count column holds whole
numbers or protected counts («<5»), a code column P-codes («GT1301»). Every decision is
one row of the role table (:data:`oportumap.loaders.roles.ROLE_COLUMNS`).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd

from oportumap.loaders.roles import header_words
from oportumap.text import normalize_text

#: Count roles of a count table, in the order a table lists them.
COUNT_ROLES = ("total", "women", "men", "minors")
#: Header words per role; the first role whose words a header has wins (girls are
#: minors before they are women; «Total mujeres» is the women).
_HEADER_WORDS: tuple[tuple[str, frozenset[str]], ...] = (
    ("minors", frozenset({"nna", "menores", "ninas", "ninos", "adolescentes", "children",
                          "minors", "menor", "child"})),
    ("women", frozenset({"mujeres", "mujer", "women", "female", "femenino", "femenina",
                         "females", "f"})),
    ("men", frozenset({"hombres", "hombre", "men", "male", "masculino", "males", "m"})),
    ("total", frozenset({"total", "personas", "retornados", "retornadas", "returnees",
                         "casos", "cantidad", "count", "retornos", "returns", "people"})),
    ("period", frozenset({"periodo", "period", "fecha", "mes", "month", "date", "ano",
                          "year", "reported"})),
)
#: HXL attributes per role; the hashtag itself must be a count of people.
_HXL_ATTRIBUTES: tuple[tuple[str, frozenset[str]], ...] = (
    ("minors", frozenset({"children", "minors", "infants", "adolescents", "child"})),
    ("women", frozenset({"f", "female", "women"})),
    ("men", frozenset({"m", "male", "men"})),
)
_PLACE_ROLES = ("muni_code", "municipio", "departamento")
_HXL_COUNTS = {"#affected", "#reached", "#targeted", "#inneed", "#population", "#returnees"}
_HXL_PLACES = {("#adm2", "code"): "muni_code", ("#adm2", "pcode"): "muni_code",
               ("#adm2", "name"): "municipio", ("#adm1", "name"): "departamento"}
#: A P-code: ISO country letters and the national code («GT1301», «SV1401», «HN0501»).
_PCODE = re.compile(r"^[A-Za-z]{2}\d{2,}$")
_COUNT_TEXT = re.compile(r"^(<\s*\d+|\d[\d.,\s]*\+?|menos de \d+)$")


def hxl_tags(path: Path | None, headers: list[str]) -> dict[str, str]:
    """Header -> HXL hashtag, from the line of hashtags under a delimited file's header.

    Excel workbooks and files without hashtags give ``{}`` (headers alone then decide).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "c.csv"
    >>> _ = p.write_text("Municipio,Mujeres\\n#adm2+name,#affected+f\\nCobán,3\\n")
    >>> hxl_tags(p, ["Municipio", "Mujeres"])
    {'Municipio': '#adm2+name', 'Mujeres': '#affected+f'}
    """
    if path is None or not Path(path).is_file() or Path(path).suffix.lower() not in (
            ".csv", ".txt", ".tsv"):
        return {}
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
        head = [handle.readline() for _ in range(12)]
    sample = "".join(head)
    delimiter = max(",;\t|", key=sample.count)
    lines = list(csv.reader(head, delimiter=delimiter))
    wanted = [h.strip() for h in headers]
    for i in range(1, len(lines)):
        cells = [c.strip() for c in lines[i]]
        tags = [c for c in cells if c]
        if tags and sum(c.startswith("#") for c in tags) >= max(2, 0.6 * len(tags)):
            above = [c.strip() for c in lines[i - 1]]
            return {h: t.lower().replace(" ", "") for h, t in zip(above, cells, strict=False)
                    if h in wanted and t.startswith("#")}
    return {}


def _from_hxl(tag: str) -> str | None:
    base, *attributes = tag.split("+")
    if (base, attributes[0] if attributes else "") in _HXL_PLACES and len(attributes) == 1:
        return _HXL_PLACES[(base, attributes[0])]
    if base == "#date":
        return "period"
    if base in _HXL_COUNTS:
        for role, words in _HXL_ATTRIBUTES:
            if words & set(attributes):
                return role
        return "total"
    return None


def _from_words(header: str) -> str | None:
    words = set(header_words(header))
    for role, known in _HEADER_WORDS:
        if words & known:
            return role
    return None


def _content_share(values: pd.Series, pattern: re.Pattern) -> float:
    sample = pd.Series(pd.unique(values.astype(str).str.strip().to_numpy()))
    sample = sample[sample != ""].iloc[:100]
    if not len(sample):
        return 0.0
    return float(sample.map(lambda v: bool(pattern.match(normalize_text(v)))).mean())


def count_roles(frame: pd.DataFrame, tags: dict[str, str], place_roles: pd.DataFrame,
                confirmed: dict[str, str] | None = None
                ) -> tuple[dict[str, str], pd.DataFrame]:
    """Role of each column of a count table; returns role -> header and the role table.

    ``place_roles`` is the role table :func:`~oportumap.loaders.roles.decide_roles` gave
    for the place columns (municipality, department, code): a hashtag or P-code content
    corrects it; counts and the period are decided here. ``confirmed`` (header -> role,
    from ``columnas.csv``) wins over everything.

    Examples
    --------
    >>> frame = pd.DataFrame({"Lugar": ["GT1301"], "Mujeres": ["<5"], "Total": ["9"]})
    >>> empty = pd.DataFrame(columns=["column", "role", "why", "confidence", "used"])
    >>> headers, _ = count_roles(frame, {}, empty)
    >>> sorted(headers.items())
    [('muni_code', 'Lugar'), ('total', 'Total'), ('women', 'Mujeres')]
    """
    placed = {str(r.column): (str(r.role), str(r.why), float(r.confidence), bool(r.used))
              for r in place_roles.itertuples(index=False)}
    rows = []
    confirmed = confirmed or {}
    for header in map(str, frame.columns):
        role, why, confidence = "", "", 0.0
        if header in confirmed:
            rows.append([header, confirmed[header], "confirmado por una persona "
                         "(columnas.csv)", 1.0])
            continue
        if header in placed and placed[header][3]:
            role, why, confidence = placed[header][:3]
        by_words = _from_words(header)
        if not role and by_words:
            role, why, confidence = by_words, f"encabezado «{header}»", 0.9
        tag = tags.get(header)
        by_tag = _from_hxl(tag) if tag else None
        if by_tag and by_tag == role:
            why, confidence = why + f" y etiqueta HXL {tag}", 1.0
        elif by_tag:
            why = f"etiqueta HXL {tag}" + (f" (el encabezado decía {role})" if role else "")
            role, confidence = by_tag, 1.0
        values = frame[header]
        if role in COUNT_ROLES:
            share = _content_share(values, _COUNT_TEXT)
            if share >= 0.9:
                why += "; sus valores son conteos"
            else:
                why += "; pero muchos valores no son conteos (se revisan fila por fila)"
        elif role != "muni_code" and _content_share(values, _PCODE) >= 0.9:
            lengths = values.astype(str).str.strip().str.len()
            if lengths.max() >= 6 and (not role or by_tag is None):  # «GT1301», not «GT13»
                role, why, confidence = "muni_code", "sus valores son P-codes de municipio", 0.9
            elif not by_tag:
                role, why, confidence = "", "P-codes de departamento (el nombre lo da)", 0.0
        rows.append([header, role, why, round(confidence, 2)])
    table = pd.DataFrame(rows, columns=["column", "role", "why", "confidence"])
    # One column per role: the most confident (the first on a tie); the others unused.
    order = table.sort_values("confidence", ascending=False, kind="stable")
    first = order[order["role"].isin(COUNT_ROLES + ("period", *_PLACE_ROLES))
                  ].drop_duplicates("role")
    table["used"] = table.index.isin(first.index)
    later = (table["role"] != "") & ~table["used"]
    table.loc[later, "why"] = table.loc[later, "why"] + "; otra columna da ese dato con más " \
        "confianza: esta no se usó"
    headers = {r.role: r.column for r in table[table["used"]].itertuples(index=False)}
    return headers, table
