"""How the municipalities' priority changes when reach is measured in road minutes.

The gap ranking (:func:`oportumap.access.municipality_profile`) in km uses straight-line
distance; in minutes with a road table it uses travel time. Where mountains and unpaved
roads make 40 km a 4-hour trip, municipalities enter the top of the ranking.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from oportumap.errors import DataError


@dataclass(frozen=True)
class RankingChange:
    """The top-``top`` municipalities by priority in km against in minutes.

    Attributes
    ----------
    top : int
        Size of the top compared.
    changed : int
        Municipalities in the top by minutes that were not in the top by km (as many
        left it).
    entered : pandas.DataFrame
        Those municipalities: ``muni_code``, ``muni_name``, ``dept_name``,
        ``rank_minutes``, ``rank_km`` (by rank in minutes).
    left : pandas.DataFrame
        The ones that left the top, same columns (by rank in km).
    ranks : pandas.DataFrame
        Every municipality with both ranks and ``shift`` (km rank - minutes rank: positive
        = more urgent in minutes).
    """

    top: int
    changed: int
    entered: pd.DataFrame
    left: pd.DataFrame
    ranks: pd.DataFrame


def ranking_change(profile_km: pd.DataFrame, profile_minutes: pd.DataFrame, *,
                   top: int = 20) -> RankingChange:
    """Compare two municipality profiles' priority ranks (km against minutes).

    Parameters
    ----------
    profile_km, profile_minutes : pandas.DataFrame
        :func:`oportumap.access.municipality_profile` results (``muni_code``,
        ``muni_name``, ``dept_name``, ``priority_rank``).
    top : int
        How many top-priority municipalities to compare.

    Examples
    --------
    >>> km = pd.DataFrame({"muni_code": ["a", "b", "c"], "muni_name": ["A", "B", "C"],
    ...                    "dept_name": "D", "priority_rank": [1, 2, 3]})
    >>> minutes = km.assign(priority_rank=[1, 3, 2])
    >>> r = ranking_change(km, minutes, top=2)
    >>> r.changed, r.entered["muni_name"].tolist(), r.left["muni_name"].tolist()
    (1, ['C'], ['B'])
    """
    if top < 1:
        raise DataError("top debe ser al menos 1")
    need = {"muni_code", "muni_name", "dept_name", "priority_rank"}
    for name, frame in (("km", profile_km), ("minutos", profile_minutes)):
        missing = need - set(frame.columns)
        if missing:
            raise DataError(f"perfil en {name}: faltan las columnas {sorted(missing)}")
    ranks = profile_km[["muni_code", "muni_name", "dept_name", "priority_rank"]].rename(
        columns={"priority_rank": "rank_km"}).merge(
        profile_minutes[["muni_code", "priority_rank"]].rename(
            columns={"priority_rank": "rank_minutes"}), on="muni_code", how="outer")
    ranks["shift"] = ranks["rank_km"] - ranks["rank_minutes"]
    in_km = ranks["rank_km"] <= top
    in_minutes = ranks["rank_minutes"] <= top
    columns = ["muni_code", "muni_name", "dept_name", "rank_minutes", "rank_km"]
    entered = ranks[in_minutes & ~in_km].sort_values("rank_minutes")[columns]
    left = ranks[in_km & ~in_minutes].sort_values("rank_km")[columns]
    return RankingChange(top, len(entered), entered.reset_index(drop=True),
                         left.reset_index(drop=True),
                         ranks.sort_values("rank_minutes").reset_index(drop=True))
