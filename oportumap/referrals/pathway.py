"""The reintegration pathway: every rule that decides who is referred to what, documented here.

This is the one file a planner's question ("why was she sent there?", "why was nobody sent to
this course?") is answered from. The rest of :mod:`oportumap.referrals` only carries these
rules out quickly (candidate search, allocation, reasons in words, unmet demand).

Who is considered
    Returnees with ``consent`` true and a location (home point or municipality). Everyone
    else is counted (``excluded_no_consent``, ``excluded_no_location``), never referred.

Pathway stages (in this order; a returnee gets the stages whose rule holds, see
:func:`stage_flags`)
    1. ``psychosocial``: ``needs_psychosocial`` is true -> nearest psychosocial service.
    2. ``id_document``: ``has_id_document`` is false -> nearest identity-document office
       (RENAP for Guatemala's DPI). Unknown values are not acted on: only recorded needs
       are referred.
    3. ``certification``: experience in an occupation that a certification standard
       recognises (``geodata/standard_occupations.csv``) and no certification in it yet ->
       certification offers of that standard. The standard follows the person's own
       occupation: a standard of their own trade (fit 1: a residential electrician ->
       popular-housing electrician, a prep cook -> everyday cooking, framing -> carpenter)
       always ranks above one that only recognises a related trade (fit 2, score times
       :data:`RELATED_STANDARD_FACTOR`); distance only orders offers of equal fit. A
       kitchen helper or dishwasher fits no cook's standard. The reason names the
       person's own occupation.
    4. ``training``: no recognised occupation, or ``interest`` is ``training`` -> courses
       (courses of the person's occupation score highest, any course scores at least
       :data:`TRAINING_FLOOR`).
    5. ``employment``: unless ``interest`` is ``entrepreneurship`` -> vacancies of the same
       or a related occupation (see :func:`oportumap.skills.similarity`); people with no
       recognised occupation are offered entry-level vacancies (ISCO major group 9 that do
       not require certification) with match :data:`ENTRY_LEVEL_MATCH`.
    6. ``entrepreneurship``: ``interest`` is ``entrepreneurship`` -> entrepreneurship and
       seed-capital programmes.

    How many referrals each stage may take (:data:`STAGE_QUOTA`) is filled in stage order
    until ``top`` is reached, so services come first and later stages use what is left.

Which offers can still be taken (as-of date, see :func:`offer_status`)
    The as-of date is ``as_of=`` (``--as-of``), by default the dataset's data date
    (``Dataset.data_date``), else today.

    - Any offer whose ``end_date`` is before the as-of date is closed: never referred. One
      that ends *on* the as-of date is still open.
    - Training and certification whose ``start_date`` is before the as-of date have started:
      not offered, unless the row says it takes late enrolment (column
      ``inscripcion_tardia`` / ``late_enrolment`` true).
    - Offers that start after the as-of date are referred and their reason says when they
      start ("inicia 06/10/2025"); the coordinator's file also carries the dates.
    - Blank dates never close an offer.

Services are classified, never dropped (see :func:`classify_services`)
    A ``service`` row's type is ``psychosocial``, ``id_document`` or ``other``. It comes from
    its ``occupation`` column (the ``tipo``/``área`` of the service) when filled; when blank,
    from its title and provider by :data:`SERVICE_KEYWORDS` (e.g. "Oficina RENAP" is an
    identity-document office, "Centro de Salud Mental" a psychosocial service). A filled
    type that names neither need is ``other`` (legal aid, shelter, ...). Rows whose type is
    blank and whose title and provider match no keyword stay unclassified and are listed by
    ``oportumap validate`` with file, row and what to write in the column.

Score of a candidate (0-1, higher is better)
    ``score = match x decay x certification x (1 - CAPACITY_WEIGHT + CAPACITY_WEIGHT x room)``

    - ``match``: occupation similarity (1 same ISCO unit group, 0.5 same minor group) times
      the confidence of both free-text matches; 1 for services and programmes.
    - ``decay = 0.5 ** (km / half_km)`` with ``half_km = max_km / 2`` for the kind: 1 at the
      door, 0.5 at half the maximum distance, 0.25 at the maximum; farther candidates are
      not considered (see :data:`DEFAULT_MAX_KM`). With a travel-time table, minutes replace
      km and ``max_minutes`` replaces ``max_km``. Without a table, ``max_minutes`` is turned
      into km through the distance estimate (:func:`oportumap.costs.estimate_minutes`).
    - ``certification``: 1, or :data:`CERTIFICATION_MISSING_FACTOR` when the vacancy
      requires a certification the person does not hold (the certification stage already
      proposes how to get it).
    - ``room = min(capacity, 10) / 10``: more places, slightly better odds.

    Ties are broken by distance, then by ``opportunity_id``. Each referral carries a short
    reason ("Coincide ocupación: Carpintero · 12 km · 3 plazas · inicia 06/10/2025").

Capacity-aware allocation
    No opportunity is referred to more than ``ceil(capacity_factor x capacity)`` people
    (default :data:`DEFAULT_CAPACITY_FACTOR`). Allocation runs in rounds. In each round every
    person asks, in each of their stages, for their best candidate still open; requests are
    served to people with fewer referrals so far in that stage first (so everyone gets a
    first vacancy before anyone gets a second), then best score first, then nearer, then
    ``opportunity_id``; among people of the same group (same origin and occupation) those
    with more slots left for the stage, then earlier ``return_date``, then input order, come
    first. People whose candidate filled up ask for their next one in the following round,
    until their stage quota is met or their candidates run out.

Unmet demand
    Per home municipality, stage and occupation, only where someone is unmet, sorted by the
    number unmet: why ("nada abierto a menos de 40 km", "todas las plazas asignadas", "lista
    completa con etapas anteriores") and the nearest open offer that would help (beyond the
    reach, or full).

Two occupations
    A person with two recognised occupations ("albañil; carpintero") gets candidates of both;
    the stage quota is shared (the first occupation takes the larger half, and either takes
    over what the other cannot use). For employment the second counts only when it is in
    another ISCO minor group (the first already reaches related vacancies).

Candidates and locations
    For each origin and each occupation (and whether certification is required), the
    :data:`DEFAULT_DEPTH` nearest open offers within the maximum distance are candidates.
    Distances are km on the WGS84 ellipsoid (:func:`oportumap.costs.distance_km`) from the
    returnee's home point when known (grouped in cells of :data:`HOME_CELL_DEG` degrees,
    about 5 km, measured from the mean point of the cell), otherwise from the municipal seat
    of the dataset's boundaries.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from oportumap.schema import REACH_KM, REACH_MINUTES, has_interest
from oportumap.schema import SERVICE_KEYWORDS as _SERVICE_KEYWORDS
from oportumap.text import normalize_text

#: Pathway stages in order, and the opportunity kind each refers to.
STAGES: tuple[str, ...] = ("psychosocial", "id_document", "certification", "training",
                           "employment", "entrepreneurship")
STAGE_KIND: dict[str, str] = {
    "psychosocial": "service", "id_document": "service", "certification": "certification",
    "training": "training", "employment": "vacancy", "entrepreneurship": "entrepreneurship",
}
#: Most referrals a stage may take in one person's list (filled in stage order up to ``top``).
STAGE_QUOTA: dict[str, int] = {
    "psychosocial": 1, "id_document": 1, "certification": 1, "training": 2,
    "employment": 5, "entrepreneurship": 2,
}
STAGE_QUOTA_MAX = 63  # need is stored in 6 bits of a sort key
#: Maximum great-circle distance (km) considered for each kind of opportunity.
DEFAULT_MAX_KM: dict[str, float] = REACH_KM
#: Maximum travel time (minutes) for each kind when a travel-time table is given.
DEFAULT_MAX_MINUTES: dict[str, float] = REACH_MINUTES
#: Each opportunity is referred to at most ``ceil(capacity_factor x capacity)`` people.
DEFAULT_CAPACITY_FACTOR = 3.0
#: Lowest occupation match of any course for a person in the training stage.
TRAINING_FLOOR = 0.3
#: Match of an entry-level vacancy for a person with no recognised occupation.
ENTRY_LEVEL_MATCH = 0.3
#: Match of a certification standard that only recognises a related trade (fit 2 in
#: ``geodata/standard_occupations.csv``). Below the lowest score any own-trade standard
#: can have within reach (0.25 decay x 0.82 room), so distance never puts it first.
RELATED_STANDARD_FACTOR = 0.2
#: Score factor when a vacancy requires a certification the person does not hold.
CERTIFICATION_MISSING_FACTOR = 0.5
#: Weight of the remaining-capacity term in the score.
CAPACITY_WEIGHT = 0.2
#: Size (degrees) of the cells home points are grouped in (0.05 degrees is about 5 km).
HOME_CELL_DEG = 0.05
#: Candidates kept per group and stage (the best ones); deeper ones are never reached.
DEFAULT_DEPTH = 30
#: Kinds whose start date closes enrolment (unless the row takes late enrolment).
STARTS_CLOSE_ENROLMENT: tuple[str, ...] = ("training", "certification")

#: Service types (``other`` services are kept and counted, but no stage refers to them).
SERVICE_TYPES: tuple[str, ...] = ("psychosocial", "id_document", "other")
#: Keywords that classify a service (one table, in :mod:`oportumap.schema`: the readers'
#: kind vocabulary uses the same words).
SERVICE_KEYWORDS = _SERVICE_KEYWORDS


def stage_flags(*, needs_psychosocial: np.ndarray, has_id_document: np.ndarray,
                certifiable: np.ndarray, has_occupation: np.ndarray,
                interest: np.ndarray, interests: np.ndarray | None = None
                ) -> dict[str, np.ndarray]:
    """Which stages each person enters (one boolean array per stage).

    ``needs_psychosocial`` and ``has_id_document`` are already resolved for unknown values
    (unknown need: no stage; unknown document: assumed held). ``certifiable`` is true when
    the person has experience a standard covers and no certification in it.
    ``interests`` (every interest stated, ``;``-joined; default ``interest``) lets a
    person who wants a job and a course («Empleo / formación») enter both stages; one
    who wants a business and no job is offered no vacancy.

    Examples
    --------
    >>> f = stage_flags(needs_psychosocial=np.array([True]),
    ...                 has_id_document=np.array([False]), certifiable=np.array([False]),
    ...                 has_occupation=np.array([False]),
    ...                 interest=np.array(["entrepreneurship"], dtype=object))
    >>> [s for s in STAGES if f[s][0]]
    ['psychosocial', 'id_document', 'training', 'entrepreneurship']
    >>> f = stage_flags(needs_psychosocial=np.array([False]),
    ...                 has_id_document=np.array([True]), certifiable=np.array([False]),
    ...                 has_occupation=np.array([True]),
    ...                 interest=np.array(["employment"], dtype=object),
    ...                 interests=np.array(["employment;training"], dtype=object))
    >>> [s for s in STAGES if f[s][0]]
    ['training', 'employment']
    """
    stated = interest if interests is None else np.where(
        pd.Series(interests, dtype=object).fillna("").to_numpy(object) != "", interests,
        interest)
    wants = {code: has_interest(stated, code)
             for code in ("employment", "entrepreneurship", "training")}
    return {
        "psychosocial": needs_psychosocial,
        "id_document": ~has_id_document,
        "certification": certifiable,
        "training": ~has_occupation | wants["training"],
        "employment": wants["employment"] | ~wants["entrepreneurship"],
        "entrepreneurship": wants["entrepreneurship"],
    }


def resolve_as_of(as_of, dataset) -> pd.Timestamp:
    """The as-of date: ``as_of`` if given, else the dataset's data date, else today.

    Examples
    --------
    >>> str(resolve_as_of("2025-09-30", None).date())
    '2025-09-30'
    >>> str(resolve_as_of("30 sep 2025", None).date())
    '2025-09-30'
    """
    from oportumap.errors import DataError

    value = as_of if as_of is not None else getattr(dataset, "data_date", None)
    if value is None:
        return pd.Timestamp.today().normalize()
    from oportumap.dates import read_dates

    # The one date reader (15/03/2025, 15.03.2025, «30 sep 2025», ISO): a cut-off date
    # needs its day and may be in the future (planning ahead).
    read = read_dates(pd.Series([value], dtype="object"), allow_future=True,
                      require_day=True)
    if pd.isna(read.values[0]):
        raise DataError(f"fecha de corte '{as_of}' no válida; use AAAA-MM-DD (p. ej. "
                        "2025-09-30)")
    return pd.Timestamp(read.values[0]).normalize()


def offer_status(opportunities: pd.DataFrame, as_of: pd.Timestamp
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Which offers can still be taken on ``as_of``, and which start later.

    Returns
    -------
    open, starts_later : numpy.ndarray of bool
        ``open``: not ended before ``as_of`` and, for training and certification, not
        started before it unless the row takes late enrolment. ``starts_later``: starts
        after ``as_of`` (the reason gives the date).

    Examples
    --------
    >>> o = pd.DataFrame({"kind": ["vacancy", "vacancy", "training", "training"],
    ...                   "start_date": pd.to_datetime([None, None, "2025-09-01",
    ...                                                 "2025-10-06"]),
    ...                   "end_date": pd.to_datetime(["2025-09-29", "2025-09-30", None,
    ...                                               None])})
    >>> is_open, later = offer_status(o, pd.Timestamp("2025-09-30"))
    >>> is_open.tolist(), later.tolist()
    ([False, True, False, True], [False, False, False, True])
    """
    n = len(opportunities)

    def dates(column: str) -> pd.Series:
        if column not in opportunities:
            return pd.Series(pd.NaT, index=opportunities.index)
        return pd.to_datetime(opportunities[column], errors="coerce")

    start, end = dates("start_date"), dates("end_date")
    kind = opportunities["kind"].astype("object").to_numpy() if "kind" in opportunities \
        else np.full(n, "", object)
    late = np.zeros(n, bool)
    if "late_enrolment" in opportunities:
        late = opportunities["late_enrolment"].astype("boolean").fillna(False).to_numpy(bool)
    ended = (end < as_of).to_numpy(dtype=bool)
    started = (start < as_of).to_numpy(dtype=bool)
    closed_enrolment = started & np.isin(kind, STARTS_CLOSE_ENROLMENT) & ~late
    starts_later = (start > as_of).to_numpy(dtype=bool)
    return ~ended & ~closed_enrolment, starts_later


def _keyword_pattern(words: tuple[str, ...]) -> str:
    return r"\b(?:" + "|".join(sorted((w.replace(" ", r"\s+") for w in words), key=len,
                                      reverse=True)) + r")\b"


def classify_services(opportunities: pd.DataFrame) -> pd.Series:
    """Type of every ``service`` row: ``psychosocial``, ``id_document``, ``other`` or ``""``.

    From the row's ``occupation`` (its type) when filled, else from title and provider, by
    :data:`SERVICE_KEYWORDS`; ``""`` means unclassified (type blank and no keyword). Rows
    of other kinds get ``""``.

    Examples
    --------
    >>> o = pd.DataFrame({"kind": ["service"] * 4, "occupation": ["", "", "Asesoría legal",
    ...                   ""], "title": ["Oficina RENAP", "Centro de Salud Mental",
    ...                   "Bufete popular", "Ventanilla única"], "provider": [""] * 4})
    >>> classify_services(o).tolist()
    ['id_document', 'psychosocial', 'other', '']
    """
    out = pd.Series("", index=opportunities.index, dtype=object)
    if "kind" not in opportunities:
        return out
    is_service = (opportunities["kind"] == "service").to_numpy(dtype=bool)
    if not is_service.any():
        return out

    def text(column: str) -> pd.Series:
        if column not in opportunities:
            return pd.Series("", index=opportunities.index[is_service])
        values = opportunities.loc[is_service, column].astype("object").fillna("")
        return values.map(normalize_text).str.replace("_", " ")

    typed, named = text("occupation"), text("title") + " " + text("provider")
    from_type = pd.Series("", index=typed.index, dtype=object)
    for service, words in reversed(SERVICE_KEYWORDS.items()):
        from_type = from_type.where(~typed.str.contains(_keyword_pattern(words), regex=True),
                                    service)
    from_type = from_type.where(~typed.isin(("psychosocial",)), "psychosocial")
    from_type = from_type.where(~typed.isin(("id document", "id_document")), "id_document")
    from_type = from_type.where((from_type != "") | (typed == ""), "other")
    from_name = pd.Series("", index=typed.index, dtype=object)
    for service, words in reversed(SERVICE_KEYWORDS.items()):
        from_name = from_name.where(~named.str.contains(_keyword_pattern(words), regex=True),
                                    service)
    out.loc[typed.index] = from_type.where(typed != "", from_name)
    return out


def unclassified_services(opportunities: pd.DataFrame, file: str,
                          rows: np.ndarray | None = None) -> list[str]:
    """Lines for ``validate``: service rows whose type cannot be told, and what to write.

    ``rows`` are the file row numbers of ``opportunities`` (default: position + 2).

    Examples
    --------
    >>> o = pd.DataFrame({"kind": ["service"], "occupation": [""],
    ...                   "title": ["Ventanilla única"], "provider": [""]})
    >>> unclassified_services(o, "services.csv")[0][:33]
    'services.csv, fila 2: el servicio'
    """
    kinds = classify_services(opportunities)
    is_service = (opportunities.get("kind", pd.Series(dtype=object)) == "service")
    bad = np.flatnonzero(is_service.to_numpy(dtype=bool) & (kinds == "").to_numpy(dtype=bool))
    numbers = np.arange(len(opportunities)) + 2 if rows is None else np.asarray(rows)
    titles = opportunities["title"].astype("object").fillna("").to_numpy() \
        if "title" in opportunities else np.full(len(opportunities), "")
    return [f"{file}, fila {int(numbers[i])}: el servicio '{titles[i]}' no tiene tipo y su "
            "nombre no lo indica; escriba en la columna 'ocupacion' (tipo) psicosocial, "
            "documento de identidad u otro" for i in bad]
