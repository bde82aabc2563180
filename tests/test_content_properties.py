"""Properties of reading by content (issue 22, Tests): a column's role depends neither on
its position nor on the file's name, and fuzzy matching never maps a word to a state,
interest, kind, place or occupation when an exact match for another exists."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oportumap import geography
from oportumap.files import RawTable
from oportumap.geography.names import place_key
from oportumap.loaders.evidence import value_evidence
from oportumap.loaders.roles import decide_roles
from oportumap.occupation_phrases import phrase_table
from oportumap.schema import RETURNEE_COLUMNS
from oportumap.text import normalize_text
from oportumap.vocabulary import (
    INTEREST,
    KIND,
    SERVICE_TYPE,
    STATUS,
    YES_NO,
    YES_NO_DOCUMENT,
    match,
)

WANTED = [*RETURNEE_COLUMNS, "municipio", "departamento", "phone"]

#: A registry whose columns are known only by their values, or by a header that their
#: values contradict (the capital's export, Xela's workbook, a Kobo form, all mixed).
OFFICE = pd.DataFrame({
    "Beneficiary ID": ["B1", "B2", "B3", "B4"],
    "Columna 3": ["Xela", "Mixco", "zona 18", "Sija"],
    "US Work Experience": ["Roofing; Framing", "Line cook", "None", "Body shop"],
    "Oficio en Guatemala": ["albañil", "cocinero", "ninguno", "mecánico automotriz"],
    "DPI (S/N)": ["S", "N", "PENDIENTE", "S"],
    "Case Worker": ["K. Smith", "A. Chávez", "K. Smith", "J. Morales"],
    "Vive en": ["Cobán", "Mixco", "Palencia", "Chinautla"],
    "¿Qué le interesa?": ["Empleo / formación", "negocio", "curso", "empleo formacion"],
})


def roles_of(frame: pd.DataFrame, name: str) -> dict[str, tuple[str, bool, float]]:
    table = decide_roles(RawTable(frame, name, 2), WANTED).table
    return {r.column: (r.role, bool(r.used), float(r.confidence))
            for r in table.itertuples(index=False)}


@settings(max_examples=20, deadline=None)
@given(order=st.permutations(list(OFFICE.columns)),
       name=st.sampled_from(["export_beneficiaries_2026-10-31.csv", "Hoja1.xlsx",
                             "vacantes.csv", "Perfil_-_all_versions.xlsx", "x.csv"]))
def test_roles_from_content_depend_neither_on_position_nor_on_file_name(order, name):
    reference = roles_of(OFFICE, "retornados.csv")
    assert roles_of(OFFICE[order], name) == reference
    # and what content says is what a person would say
    assert reference["Columna 3"][:2] == ("municipio", True)
    assert reference["Vive en"][:2] == ("municipio", False)  # equal claim: header decides
    assert reference["US Work Experience"][:2] == ("occupations_abroad", True)
    assert reference["Oficio en Guatemala"][:2] == ("occupations", True)
    assert reference["DPI (S/N)"][:2] == ("has_id_document", True)
    assert reference["Case Worker"][:2] == ("", False)


# --------------------------------------------------------------------------- vocabularies

VOCABULARIES = {"status": STATUS, "interest": INTEREST, "kind": KIND, "yes_no": YES_NO,
                "yes_no_document": YES_NO_DOCUMENT, "service_type": SERVICE_TYPE}
WORDS = [(name, word) for name, vocab in VOCABULARIES.items() for word in sorted(vocab.lookup)]


def typo(word: str, edit: int, letter: str, where: int) -> str:
    where = min(where, len(word))
    return [word, word[:where] + letter + word[where:], word[:where] + word[where + 1:],
            word[:where] + letter + word[where + 1:]][edit]


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(WORDS), st.integers(0, 3), st.sampled_from(list("abcdeilnorstu ")),
       st.integers(0, 20), st.booleans())
def test_an_exact_word_of_any_vocabulary_is_never_read_as_another_code(entry, edit, letter,
                                                                      where, several):
    name, word = entry
    vocab = VOCABULARIES[name]
    typed = typo(word, edit, letter, where)
    reading = match(pd.Series([typed]), vocab, several=several)
    key = normalize_text(typed)
    if key in vocab.lookup:
        # a word of the table: its own code, never a guess, never several
        assert reading.values[0] == vocab.lookup[key]
        assert not any("error de tecleo" in i.meaning for i in reading.interpretations)
    elif reading.values[0]:
        got = reading.values[0].split(";")
        assert all(code in vocab.codes for code in got)


MUNICIPALITIES = geography.get_country("GT").municipalities["muni_name"].tolist()
TRADES = phrase_table().query("code > 0")["phrase"].tolist()


def test_no_municipality_is_counted_as_a_trade_nor_any_trade_as_a_municipality():
    places = value_evidence(pd.Series(MUNICIPALITIES), "GT")
    assert (places["place"] == 1.0).all()
    assert not (places["occupation"].fillna(0) > 0).any(), places[places["occupation"] > 0]
    trades = value_evidence(pd.Series(TRADES), "GT")
    assert (trades["occupation"] == 1.0).all()
    assert not (trades["place"] > 0).any(), trades[trades["place"] > 0]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(MUNICIPALITIES + TRADES), st.integers(0, 3),
       st.sampled_from(list("aeionrs")), st.integers(0, 12))
def test_a_near_miss_never_beats_an_exact_word_of_the_other_vocabulary(word, edit, letter,
                                                                       where):
    typed = typo(word, edit, letter, where).strip()
    if not typed:
        return
    evidence = value_evidence(pd.Series([typed]), "GT")
    if not len(evidence):
        return
    row = evidence.iloc[0]
    geo = geography.get_country("GT")
    exact_place = place_key(typed) in (geo.official_lookup.keys() | geo.alias_lookup.keys())
    exact_trade = normalize_text(typed) in set(phrase_table().query("code > 0")["key"])
    if exact_place and not exact_trade:
        assert not row["occupation"] > 0  # a fuzzy trade never counts against a place
    if exact_trade and not exact_place:
        assert row["place"] == 0 and row["occupation"] == 1.0


@pytest.mark.parametrize("vocab", list(VOCABULARIES.values()), ids=list(VOCABULARIES))
def test_every_vocabulary_word_means_one_code(vocab):
    # building the lookup raises on a word under two codes; every code has a label
    assert len(vocab.lookup) >= len(vocab.codes)
    assert all(vocab.label(code) for code in vocab.codes)
