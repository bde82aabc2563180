"""Per-distinct results broadcast to every row give exactly what pandas would (issue 22, speed).

The readers compute each distinct value once and spread the answer to the rows; the fast
spread must not change a single value or dtype the rest of the package sees.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oportumap.text import spread

TEXT_OR_NONE = st.one_of(st.none(), st.text(max_size=6))


def slow(uniques, codes, index=None):
    return pd.Series(np.asarray(uniques, dtype=object)[np.asarray(codes, dtype=np.int64)],
                     index=index)


@settings(max_examples=150, deadline=None)
@given(st.lists(TEXT_OR_NONE, min_size=1, max_size=6), st.data())
def test_spread_is_the_series_pandas_builds(uniques, data):
    codes = data.draw(st.lists(st.integers(0, len(uniques) - 1), max_size=30))
    index = pd.RangeIndex(7, 7 + len(codes))
    pd.testing.assert_series_equal(spread(uniques, np.array(codes, dtype=np.int64), index),
                                   slow(uniques, codes, index))


@pytest.mark.parametrize("uniques", [
    ["municipality", "point"],  # text: Arrow strings in pandas 3
    [None, None],  # all missing: objects
    ["sí", np.nan, "no"],  # missing among text
    [1, "a"],  # mixed: objects, as pandas leaves them
    ["Cobán", "Sololá"],
])
def test_spread_keeps_dtype_values_and_index(uniques):
    codes = np.array([1, 0, 0, len(uniques) - 1, 1], dtype=np.int8)
    index = pd.Index([10, 11, 12, 13, 14])
    out = spread(uniques, codes, index)
    expected = slow(uniques, codes, index)
    pd.testing.assert_series_equal(out, expected)
    assert out.index.tolist() == [10, 11, 12, 13, 14]


def test_spread_of_no_rows_is_empty_like_pandas():
    out = spread(["a", "b"], np.array([], dtype=np.int64))
    pd.testing.assert_series_equal(out, slow(["a", "b"], []))
    assert len(out) == 0


@pytest.mark.parametrize("cells", [
    ["albañil", None, "cocinero y mesero", "", "albañil", "astronauta"],
    [None, None],
    ["trabajé en construcción", "roofing, framing", "  albañil  "],
])
def test_occupations_read_the_same_from_arrow_text_or_objects(cells):
    from oportumap.skills import occupation_readings

    index = pd.RangeIndex(3, 3 + len(cells))
    as_objects = occupation_readings(pd.Series(cells, dtype="object", index=index))
    as_text = occupation_readings(pd.Series(cells, dtype="str", index=index))
    pd.testing.assert_frame_equal(as_text, as_objects)
    blank = [c is None or not c.strip() for c in cells]
    assert (as_text["occupations"][blank] == "").all()
    assert (as_text["n_unrecognised"][blank] == 0).all()
    if "astronauta" in cells:  # not understood: kept as written and listed
        row = as_text.iloc[cells.index("astronauta")]
        assert (row["occupations"], row["unrecognised"]) == ("astronauta", "astronauta")
