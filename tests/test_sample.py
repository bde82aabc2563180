"""The illustrative sample: shape, calibration, determinism, files."""

from __future__ import annotations

import pandas as pd

import oportumap
from oportumap.sample import (
    CERTIFICATION_STANDARDS,
    TOP_MUNICIPALITIES_2025,
    generate_sample,
    write_sample,
)


def test_bundled_sample_shape(sample):
    r, o = sample.returnees, sample.opportunities
    assert sample.illustrative
    assert len(r) == 5000
    assert r["muni_code"].str[:2].nunique() == 22  # every department
    counts = o["kind"].value_counts()
    assert counts["vacancy"] >= 1000
    assert set(counts.index) == {"vacancy", "training", "certification", "entrepreneurship",
                                 "service"}
    certs = o[o["kind"] == "certification"]
    assert set(certs["title"]) == set(CERTIFICATION_STANDARDS)
    # First cohorts: Totonicapán and Quetzaltenango offer all twelve standards.
    for code in ("0801", "0901"):
        assert certs.loc[certs["muni_code"] == code, "title"].nunique() == 12
    services = o[o["kind"] == "service"]
    assert set(services["occupation"]) == {"psychosocial", "id_document"}


def test_sample_is_weighted_like_real_returns(sample):
    by_muni = sample.returnees["muni_code"].value_counts()
    assert by_muni.index[0] == "0101"  # Guatemala city: most returns in 2025
    top = by_muni.head(15).index
    assert len(set(top) & set(TOP_MUNICIPALITIES_2025)) >= 10
    by_dept = sample.returnees["muni_code"].str[:2].value_counts()
    assert by_dept.index[0] == "13"  # Huehuetenango


def test_generator_is_deterministic_and_scales():
    a = generate_sample(3000, 500, n_training=100, seed=7)
    b = generate_sample(3000, 500, n_training=100, seed=7)
    c = generate_sample(3000, 500, n_training=100, seed=8)
    pd.testing.assert_frame_equal(a.returnees, b.returnees)
    pd.testing.assert_frame_equal(a.opportunities, b.opportunities)
    assert not a.returnees["muni_code"].equals(c.returnees["muni_code"])
    kinds = a.opportunities["kind"].value_counts()
    assert kinds["vacancy"] == 500
    assert kinds["training"] + kinds["certification"] == 100 + 105 + 48


def test_written_files_read_back_identically(tmp_path):
    written = write_sample(tmp_path, n_returnees=800, n_vacancies=150, seed=3)
    assert written["returnees.csv"] == 800
    generated = generate_sample(800, 150, seed=3)
    loaded = oportumap.load_dataset(tmp_path)
    assert loaded.rejected.empty
    pd.testing.assert_series_equal(loaded.returnees["muni_code"],
                                   generated.returnees["muni_code"].astype(object),
                                   check_names=False, check_dtype=False)
    assert loaded.opportunities["capacity"].sum() == generated.opportunities["capacity"].sum()
    home = generated.returnees["lat"].notna()
    assert loaded.returnees["lat"].notna().sum() == home.sum()
