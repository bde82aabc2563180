"""Text cells that fit every output: no control characters, no cell over Excel's limit.

A provider name pasted with a NUL or an ESC byte, or a 100,000-character note, must not
break a workbook (Excel refuses control characters and cuts or rejects cells over 32,767
characters) nor travel raw into a CSV. Every text output passes its text cells here:
control characters are removed (tab and line breaks stay) and an over-long cell is cut
with a visible mark saying how long it was, and the cut is reported.
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd

from oportumap.errors import Notice

#: Most characters an Excel cell holds.
CELL_LIMIT = 32_767
#: C0 control characters except tab, line feed and carriage return; DEL.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def cut_mark(length: int) -> str:
    """The visible mark ending a cut cell."""
    return f" … [texto cortado: tenía {length:,} caracteres]"


def fit_text(value: str, *, limit: int = CELL_LIMIT) -> str:
    """``value`` without control characters and within ``limit`` characters.

    Examples
    --------
    >>> fit_text("Centro\\x00 de\\x1b formación\\x0b")
    'Centro de formación'
    >>> cut = fit_text("x" * 40_000)
    >>> len(cut), cut.endswith("[texto cortado: tenía 40,000 caracteres]")
    (32767, True)
    """
    value = CONTROL.sub("", value)
    if len(value) > limit:
        mark = cut_mark(len(value))
        value = value[:limit - len(mark)] + mark
    return value


def clean_frame(frame: pd.DataFrame, *, limit: int = CELL_LIMIT, where: str = ""
                ) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells fit (see :func:`fit_text`); cuts are reported.

    Work is per distinct value (a column of a million repeated names costs its distinct
    names). A :class:`~oportumap.errors.Notice` says how many cells were cut and where.

    Examples
    --------
    >>> clean_frame(pd.DataFrame({"a": ["ok\\x07", "sí"], "n": [1, 2]}))["a"].tolist()
    ['ok', 'sí']
    """
    out = frame.copy()
    cut: dict[str, int] = {}
    for position in range(out.shape[1]):
        values = out.iloc[:, position]
        categorical = isinstance(values.dtype, pd.CategoricalDtype)
        if categorical:
            codes = values.cat.codes.to_numpy()
            uniques = values.cat.categories.to_numpy(dtype=object)
        elif pd.api.types.is_object_dtype(values.dtype) or \
                pd.api.types.is_string_dtype(values.dtype):
            codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
            uniques = np.asarray(uniques, dtype=object)
        else:
            continue
        needs = np.array([isinstance(u, str) and (len(u) > limit or CONTROL.search(u)
                                                  is not None) for u in uniques], dtype=bool)
        if not needs.any():
            continue  # the usual case: nothing to copy
        long = np.array([isinstance(u, str) and len(u) > limit for u in uniques], dtype=bool)
        fixed = np.append(np.array([fit_text(u, limit=limit) if need else u
                                    for u, need in zip(uniques, needs, strict=True)],
                                   dtype=object), None)
        new = fixed[codes]  # code -1 (missing) -> the trailing None
        missing = codes < 0
        new[missing] = values.astype(object).to_numpy()[missing]  # keep None/NaN as they were
        out.isetitem(position, pd.Series(new, index=out.index, dtype=object))
        if long.any():
            counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
            cut[str(out.columns[position])] = int(counts[long].sum())
    if cut:
        listed = ", ".join(f"«{column}» ({n})" for column, n in cut.items())
        place = f"{where}: " if where else ""
        warnings.warn(Notice(f"{place}celdas de más de {limit:,} caracteres (límite de Excel) "
                             f"se cortaron con la marca «[texto cortado: ...]»: {listed}"),
                      stacklevel=2)
    return out
