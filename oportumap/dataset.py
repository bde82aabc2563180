"""The canonical bundle every analysis takes: returnees + opportunities + boundaries."""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd

from oportumap.errors import DataError


@dataclass
class Dataset:
    """Returnees, opportunities and municipal boundaries of one country, validated.

    Attributes
    ----------
    returnees : pandas.DataFrame
        One row per returnee, canonical columns (see :mod:`oportumap.schema`).
    opportunities : pandas.DataFrame
        One row per opportunity of every ``kind`` (vacancy, training, certification,
        entrepreneurship, service), each with ``opportunity_id``, ``capacity``, ``muni_code``
        and a point (``lat``/``lon``).
    boundaries : geopandas.GeoDataFrame
        Municipalities of ``country`` (see :func:`oportumap.municipalities`).
    country : str
        Country code (``"GT"``).
    rejected : pandas.DataFrame
        Rows that failed validation, with ``file``, ``row``, ``column``, ``value`` and
        ``reason`` (empty when everything was accepted).
    corrections : pandas.DataFrame
        Accepted values read non-literally (a misspelt name interpreted, an occupation
        list split): ``file``, ``row``, ``column``, ``value``, ``interpretation``.
    read_summary : pandas.DataFrame
        One row per file of the folder: ``file``, ``content`` (``returnees`` or the kind;
        empty for files not recognised), ``rows`` (accepted + rejected + blank),
        ``accepted``, ``rejected``, ``blank``, ``corrections``, ``unused_columns`` and
        ``problem`` (why a whole file was not used).
    source : str
        Where the data was read from (a local path). For messages on this computer only:
        shared outputs never print it (they show ``label``).
    label : str
        Data label shown on every shared output (maps, plans, the explorer), e.g.
        ``"Oficina Occidente, 30/09/2025"``; :func:`oportumap.load_dataset` defaults it to
        the data folder's name, never its path.
    data_date : str or None
        Date of the data (ISO), shown on maps.
    illustrative : bool
        True for the bundled synthetic sample, so outputs can say so.
    returnee_counts : pandas.DataFrame
        Returnees counted by municipality, from count tables of the folder (not people):
        ``muni_code``, per count (``total``, ``women``, ``men``, ``minors``) the exact
        value (NA when protected «<5» or blank) and its bounds ``_min``/``_max`` («<5» is 1
        to 4), ``period_start``/``period_end``, ``file`` and ``row``. Empty when the folder
        has none.

    Examples
    --------
    >>> from oportumap import load_sample
    >>> ds = load_sample()
    >>> sorted(ds.opportunities["kind"].unique())
    ['certification', 'entrepreneurship', 'service', 'training', 'vacancy']
    """

    returnees: pd.DataFrame
    opportunities: pd.DataFrame
    boundaries: gpd.GeoDataFrame
    country: str = "GT"
    rejected: pd.DataFrame = field(default_factory=pd.DataFrame)
    corrections: pd.DataFrame = field(default_factory=pd.DataFrame)
    read_summary: pd.DataFrame = field(default_factory=pd.DataFrame)
    source: str = ""
    label: str = ""
    data_date: str | None = None
    illustrative: bool = False
    returnee_counts: pd.DataFrame = field(default_factory=pd.DataFrame)

    def __post_init__(self) -> None:
        """Check the bundle can be analysed: the tables and the key columns are there.

        Raises
        ------
        DataError
            Naming what is missing, so a hand-built Dataset fails here and not deep inside
            an analysis.
        """
        for name, kind in (("returnees", pd.DataFrame), ("opportunities", pd.DataFrame),
                           ("boundaries", gpd.GeoDataFrame)):
            value = getattr(self, name)
            if not isinstance(value, kind):
                raise DataError(f"Dataset.{name} debe ser un {kind.__name__} (recibido "
                                f"{type(value).__name__})")
        missing = {
            "returnees": {"returnee_id"} - set(self.returnees.columns),
            "opportunities": ({"opportunity_id", "kind", "capacity"}
                              - set(self.opportunities.columns)
                              if len(self.opportunities.columns) else set()),
            "boundaries": {"muni_code"} - set(self.boundaries.columns),
        }
        for name, columns in missing.items():
            if columns:
                raise DataError(f"Dataset.{name}: faltan las columnas "
                                f"{', '.join(sorted(columns))}")
        if not isinstance(self.country, str) or not self.country.strip():
            raise DataError("Dataset.country debe ser un código de país, p. ej. 'GT'")
        self.country = self.country.strip().upper()

    def opportunities_of(self, kind: str) -> pd.DataFrame:
        """Opportunities of one kind (``"vacancy"``, ``"training"``, ...)."""
        return self.opportunities[self.opportunities["kind"] == kind]

    def summary(self) -> pd.DataFrame:
        """Counts a planner checks first: returnees, and opportunities and capacity by kind.

        Examples
        --------
        >>> from oportumap import load_sample
        >>> int(load_sample().summary().loc["returnees", "rows"])
        5000
        """
        rows = {"returnees": {"rows": len(self.returnees), "capacity": pd.NA}}
        grouped = self.opportunities.groupby("kind")["capacity"].agg(["size", "sum"])
        for kind, (size, total) in grouped.iterrows():
            rows[kind] = {"rows": int(size), "capacity": int(total)}
        rows["rejected"] = {"rows": len(self.rejected), "capacity": pd.NA}
        return pd.DataFrame.from_dict(rows, orient="index")

    def __repr__(self) -> str:
        kinds = self.opportunities["kind"].value_counts().to_dict() if len(
            self.opportunities) else {}
        return (
            f"Dataset(country={self.country!r}, returnees={len(self.returnees)}, "
            f"opportunities={kinds}, rejected={len(self.rejected)})"
        )
