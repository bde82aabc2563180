"""Occupation taxonomy, free-text matching and certification standards (oportumap.skills)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from oportumap import skills
from oportumap.text import normalize_text

# Occupations the issue names as "what people actually write".
WRITTEN = {
    "albañil": "7112", "ayudante de construcción": "9313", "cocinero": "5120",
    "mesero": "5131", "jardinero": "6113", "soldador": "7212", "electricista": "7411",
    "tablayeso": "7123", "pintor automotriz": "7132", "uñas acrílicas": "5142",
    "call center bilingüe": "4222", "agricultor": "6111", "cortador de café": "9211",
    "operador de maquinaria": "8342", "conductor": "8322", "bodeguero": "4321",
}


@pytest.mark.parametrize(("text", "code"), sorted(WRITTEN.items()))
def test_written_occupations_match_exactly(text, code):
    row = skills.match_occupations([text]).iloc[0]
    assert (row["isco"], row["confidence"], row["status"]) == (code, 1.0, "exact")


def test_matching_ignores_accents_case_and_punctuation():
    m = skills.match_occupations(["ALBAÑIL", "albanil.", "  Albañil  ", "Tabla-Yeso"])
    assert m["isco"].tolist() == ["7112", "7112", "7112", "7123"]
    assert (m["confidence"] == 1.0).all()


@pytest.mark.parametrize(("typo", "code"), [
    ("albañl", "7112"), ("electrisista", "7411"), ("cosinero", "5120"),
    ("carpintro", "7115"), ("soldadr", "7212"), ("call centre", "4222"),
])
def test_typos_match_with_lower_confidence(typo, code):
    row = skills.match_occupations([typo]).iloc[0]
    assert row["isco"] == code
    assert row["status"] == "fuzzy"
    assert skills.DEFAULT_CUTOFF / 100 <= row["confidence"] < 1.0


def test_unmatched_and_ambiguous_text_stays_visible():
    m = skills.match_occupations(["astronauta", "ninguno", "ayudante"])
    assert m["text"].tolist() == ["astronauta", "ninguno", "ayudante"]
    assert m["isco"].isna().all()
    assert (m["confidence"] == 0).all()
    # "ninguno" is understood as no occupation; "ayudante" alone could be any helper.
    assert m["status"].tolist() == ["unmatched", "none", "ambiguous"]


def test_isco_codes_are_taken_as_given():
    m = skills.match_occupations(["7115", "CIUO 7112", "ISCO-08 5120"])
    assert m["isco"].tolist() == ["7115", "7112", "5120"]
    assert m["status"].tolist() == ["code"] * 3


def test_one_row_per_distinct_token_with_counts():
    texts = pd.Series(["albañil; pintor", "albañil", "pintor;albañil", None, ""])
    m = skills.match_occupations(texts)
    assert m["text"].tolist() == ["albañil", "pintor"]
    assert m.set_index("text")["count"].to_dict() == {"albañil": 3, "pintor": 2}


def test_occupation_codes_primary_and_all():
    values = pd.Series(["cocinero; mesero", "astronauta; soldador", "", None],
                       index=[10, 11, 12, 13])
    primary = skills.occupation_codes(values)
    assert primary.index.tolist() == [10, 11, 12, 13]
    assert primary.tolist()[:2] == ["5120", "7212"]
    assert primary.isna().tolist() == [False, False, True, True]
    assert skills.occupation_codes(values, how="all").tolist() == [
        ["5120", "5131"], ["7212"], [], []]


def test_person_codes_scale_with_distinct_values_not_rows():
    values = pd.Series(["albañil; carpintero", "cocinero"] * 50_000)
    codes, conf = skills.person_codes(values)
    assert codes.shape == (100_000, 2)
    assert codes[0].tolist() == [7112, 7115] and codes[1].tolist() == [5120, 0]
    assert conf[1].tolist() == [1.0, 0.0]


def test_similarity_same_unit_minor_group_and_unrelated():
    assert skills.similarity("7115", "7115") == 1.0
    assert skills.similarity("7112", "7115") == skills.MINOR_GROUP_SIMILARITY == 0.5
    assert skills.similarity(7112, 5120) == 0.0
    assert skills.similarity("", "7112") == 0.0 and skills.similarity(None, None) == 0.0
    grid = skills.similarity(np.array([7112, 7115, 5120]), np.array([[7115], [5120]]))
    assert grid.tolist() == [[0.5, 1.0, 0.0], [0.0, 0.0, 1.0]]


def test_taxonomy_is_consistent():
    occ = skills.occupations()
    assert occ["isco"].str.fullmatch(r"\d{4}").all()
    assert occ["isco"].is_unique
    assert (occ["label_es"] != "").all() and (occ["label_en"] != "").all()
    seen: dict[str, str] = {}
    for code, synonyms in zip(occ["isco"], occ["synonyms"], strict=True):
        for synonym in synonyms:
            key = normalize_text(synonym)
            assert key, f"empty synonym under {code}"
            assert seen.setdefault(key, code) == code, f"'{synonym}' under {code} and " \
                f"{seen[key]}"


def test_twelve_certification_standards_map_to_taxonomy_codes():
    std = skills.certification_standards()
    assert len(std) == 12 and std["standard_id"].is_unique
    known = set(skills.occupations()["isco"])
    for codes in std["isco_codes"]:
        assert set(codes) <= known
    first = std.set_index("title_es")["isco"].to_dict()
    assert first["Instalador de tablayeso"] == "7123"
    assert first["Albañil (trabajador de la construcción)"] == "7112"
    assert first["Jardinero (sembrador paisajista)"] == "6113"
    assert first["Escultor de uñas acrílicas"] == "5142"
    assert first["Enderezado y pintura automotriz"] == "7213"
    assert first["Soldador estructural"] == "7212"


def test_certifications_held_from_free_text():
    held = skills.certified_codes(pd.Series(["Carpintero", "", "soldador estructural; "
                                                                 "Cocinero gourmet"]))
    # Certified as gourmet cook: certified in the standard's own trade (chef), not in
    # every cook's occupation.
    assert held.tolist() == [[7115], [], [7212, 7214, 3434]]
    assert skills.standard_of(pd.Series(["Electricista industrial"])).tolist() == ["CS-05"]


def test_sample_vocabulary_is_fully_matched():
    """Cross-check with the sample generator: every string it writes has a code."""
    from oportumap import sample

    texts = [*sample.RETURNEE_OCCUPATIONS, *sample.VACANCY_TITLES,
             *sample.CERTIFICATION_STANDARDS, *sample.TRAINING_COURSES]
    m = skills.match_occupations(texts)
    assert m["isco"].notna().all(), m.loc[m["isco"].isna(), "text"].tolist()
    assert (m["status"] == "exact").all()
    standards = skills.standard_of(pd.Series(list(sample.CERTIFICATION_STANDARDS)))
    assert standards.tolist() == [f"CS-{i:02d}" for i in range(1, 13)]
