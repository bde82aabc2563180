"""Each column's role, decided by its header AND its content, with a confidence.

A header is compared ignoring case, accents and punctuation («¿Cuenta con DPI?», Kobo's
``datos_personales/municipio``, «Edad (años)»), exactly, then by the words it contains,
then allowing a typo. Its values are then looked at on a sample of distinct values only
(a million rows cost as much as a thousand): 13-digit numbers are an ID-document number,
sí/no a flag, H/M/F sex, dates, municipality names, counts. Content corrects the header
(«DPI» holding 13-digit numbers is the document number, not «has a document») and finds
columns whose header says nothing. Distinct roles never collide; when two columns claim
one role the stronger wins and the other is reported unused — a file is never refused for
it. A role below :data:`USE_AT` is a question in the report, not used.

Every decision is one row of :data:`ROLE_COLUMNS`; ``columns=`` (a planner's corrected
``columnas.csv``) overrides them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from oportumap.files import RawTable
from oportumap.i18n import text
from oportumap.loaders.choices import (
    OptionGroup,
    find_groups,
    option_rows,
    other_columns,
)

# Role names (codes, labels, the extra roles) live in their own module; importable here.
from oportumap.loaders.role_names import COUNT_TABLE_ROLES as COUNT_TABLE_ROLES
from oportumap.loaders.role_names import EXTRA_ALIASES, role_label
from oportumap.loaders.role_names import known_roles as known_roles
from oportumap.loaders.role_names import role_from_label as role_from_label
from oportumap.schema import COLUMN_ALIASES, FALLBACK_ALIASES
from oportumap.text import normalize_text
from oportumap.validation import MULTI_COLUMNS

#: Columns of the role table (``ReadResult.roles``, ``columnas.csv``).
ROLE_COLUMNS = ["file", "sheet", "column", "role", "why", "confidence", "used"]
#: Confidence from which a role is used; below, it is a question.
USE_AT = 0.6
#: Distinct values looked at per column.
SAMPLE = 100

#: Words that carry no meaning in a header.
_STOP = {"de", "del", "la", "el", "los", "las", "en", "y", "o", "a", "por", "su",
         "sus", "que", "le", "se", "al", "the", "of", "un", "una"}
#: Kind of value each role holds, checked against the column's content.
VALUE_KIND: dict[str, str] = {
    "sex": "sex", "age": "number", "capacity": "number", "lat": "number", "lon": "number",
    "return_date": "date", "start_date": "date", "end_date": "date",
    "has_id_document": "yes_no", "needs_psychosocial": "yes_no", "consent": "yes_no",
    "requires_certification": "yes_no", "late_enrolment": "yes_no",
    "experience_abroad": "yes_no", "point": "geopoint",
    "id_document_number": "id_number",
}
#: Columns that mark a KoboToolbox export, and its metadata columns (never data).
KOBO_MARKS = {"_uuid", "_submission_time", "meta/instanceID", "_index", "__version__"}
KOBO_METADATA = {"start", "end", "today", "deviceid", "username", "simserial",
                 "subscriberid", "phonenumber", "meta/instanceID", "meta/deprecatedID",
                 "instanceID", "audit"}
#: Headers that name a role loosely: a column with the role's plain name wins over them.
WEAK = {"sede", "lugar", "location", "ciudad", "city", "area", "x", "y", "n", "no"}
#: A whole GPS point in one cell: «lat lon [altitude [precision]]» (KoboToolbox geopoint).
_GEOPOINT = re.compile(r"^-?\d{1,2}\.\d+\s+-?\d{1,3}\.\d+(\s+-?\d+(\.\d+)?){0,2}$")
_ID_NUMBER = re.compile(r"^\d{4}[\s-]?\d{4,5}[\s-]?\d{4,5}$|^\d{8}-\d$|^\d{13}$")


@dataclass
class Roles:
    """How one table's columns were understood.

    Attributes
    ----------
    headers : dict
        Role -> header as written (a tuple of headers for contacts and phones), only the
        roles used.
    table : pandas.DataFrame
        One row per column of the file (:data:`ROLE_COLUMNS`).
    """

    headers: dict[str, str | tuple[str, ...]]
    table: pd.DataFrame
    #: Role -> the 0/1 columns of its multiple-choice question (:mod:`.choices`).
    options: dict[str, OptionGroup] = field(default_factory=dict)
    #: Role -> the text column answering its question's «otro» (:mod:`.choices`).
    others: dict[str, str] = field(default_factory=dict)

    @property
    def unused(self) -> list[str]:
        return self.table.loc[~self.table["used"].astype(bool), "column"].tolist()

    @property
    def questions(self) -> pd.DataFrame:
        """Columns with a role below :data:`USE_AT`: a person should confirm them."""
        t = self.table
        return t[(t["role"] != "") & ~t["used"].astype(bool)
                 & (t["confidence"].astype(float) < USE_AT)]


def header_words(header: str) -> list[str]:
    """A header's meaningful words, ignoring accents, punctuation, groups and units.

    Examples
    --------
    >>> header_words("¿Cuenta con DPI?"), header_words("datos_personales/municipio")
    (['cuenta', 'con', 'dpi'], ['municipio'])
    >>> header_words("DPI (S/N)")
    ['dpi']
    """
    # A unit or a code list in brackets («(S/N)», «(M/F)», «(años)») is no group path.
    plain = re.sub(r"\(.*?\)", " ", str(header)).strip() or str(header)
    last = plain.replace("\\", "/").split("/")[-1] if "/" in plain and not \
        re.search(r"\w\s*/\s*\w+\s", plain) else plain
    words = normalize_text(last).replace("_", " ").split()
    return [w for w in words if w not in _STOP] or normalize_text(last).split()


def _lookup(columns: Sequence[str]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for role in [*columns, *EXTRA_ALIASES]:
        for alias in (*COLUMN_ALIASES.get(role, (role,)), *EXTRA_ALIASES.get(role, ())):
            key = " ".join(w for w in normalize_text(alias).replace("_", " ").split()
                           if w not in _STOP)
            lookup.setdefault(key, role)
    return lookup


def _from_header(header: str, lookup: dict[str, str]) -> tuple[str, float, str] | None:
    words = header_words(header)
    key = " ".join(words)
    whole = " ".join(w for w in normalize_text(header).replace("_", " ").split()
                     if w not in _STOP)
    for candidate in (key, whole):
        if candidate in lookup:
            return lookup[candidate], 1.0, f"encabezado «{header}»"
    # The longest alias whose words all appear in the header, in order.
    best = None
    for alias, role in lookup.items():
        parts = alias.split()
        if (parts and all(p in words for p in parts) and len(alias) >= 3
                and (best is None or len(alias) > len(best[0]))):
            best = (alias, role)
    if best is not None:
        return best[1], 0.85, f"el encabezado «{header}» contiene «{best[0]}»"
    from rapidfuzz import fuzz, process

    found = process.extractOne(key, list(lookup), scorer=fuzz.ratio, score_cutoff=88)
    if found is not None and len(key) >= 5:
        return lookup[found[0]], 0.7, f"el encabezado «{header}» se parece a «{found[0]}»"
    return None


def _content_kind(values: pd.Series) -> tuple[str | None, float]:
    """What a column's sample holds: id_number, geopoint, yes_no, sex, date, number,
    abroad (countries worked in) or None."""
    from oportumap.dates import read_dates
    from oportumap.values import read_numbers, read_sex, read_yes_no

    sample = values[values != ""]
    if not len(sample):
        return None, 0.0
    n = len(sample)
    ids = sample.str.strip().str.match(_ID_NUMBER).mean()
    if ids >= 0.8:
        return "id_number", float(ids)
    points = sample.str.strip().str.match(_GEOPOINT).mean()
    if points >= 0.8:
        return "geopoint", float(points)
    checks = []
    for kind, reader in (("yes_no", lambda v: read_yes_no(v, document=True)),
                         ("sex", read_sex)):
        try:
            got = reader(sample.reset_index(drop=True)).values
        except Exception:  # a reader refusing the sample means: not this kind
            continue
        checks.append((kind, float(got.notna().sum()) / n))
    try:
        dates = read_dates(sample.reset_index(drop=True), allow_future=True)
        checks.append(("date", float(dates.values.notna().sum()) / n))
    except Exception:  # noqa: BLE001 - not dates
        pass
    numbers = read_numbers(sample.reset_index(drop=True)).values
    checks.append(("number", float(numbers.notna().sum()) / n))
    # Where a person worked («eeuu», «mexico», «ninguno»): yes/no about work abroad, when
    # some value names a place abroad (plain sí/no stays a flag).
    plain = read_yes_no(sample.reset_index(drop=True)).values.notna()
    abroad = read_yes_no(sample.reset_index(drop=True), abroad=True).values.notna()
    if (abroad & ~plain).any():
        checks.append(("abroad", float(abroad.sum()) / n))
    kind, share = max(checks, key=lambda c: c[1])
    return (kind, share) if share >= 0.7 else (None, share)


def _sample(values: pd.Series) -> pd.Series:
    """Up to :data:`SAMPLE` distinct values from rows spread over the column (never a scan
    of a million rows)."""
    step = max(1, len(values) // 5000)
    spread = values.iloc[::step].astype(str).str.strip()
    return pd.Series(pd.unique(spread.to_numpy()), dtype=object).iloc[:SAMPLE]


def decide_roles(raw: RawTable, columns: Sequence[str], *, sheet: str = "",
                 confirmed: pd.DataFrame | None = None, country: str = "GT") -> Roles:
    """Each column's role for the canonical ``columns`` wanted, from header and content.

    Parameters
    ----------
    raw : RawTable
        The table as read.
    columns : sequence of str
        Canonical columns the reader wants (returnee or opportunity columns).
    sheet : str
        Sheet name for the table.
    confirmed : pandas.DataFrame, optional
        Roles confirmed by a person (``column``, ``role``; :func:`read_column_roles`):
        they win over anything this function would decide.
    country : str
        Country whose municipality names are looked for in text columns.

    Examples
    --------
    >>> frame = pd.DataFrame({"DPI": ["0000 12345 0101"], "¿Tiene DPI?": ["sí"]})
    >>> r = decide_roles(RawTable(frame, "r.csv", 2), ["has_id_document"])
    >>> sorted(r.headers.items())
    [('has_id_document', '¿Tiene DPI?'), ('id_document_number', 'DPI')]
    """
    lookup = _lookup(columns)
    fallback = {a: role for role, aliases in FALLBACK_ALIASES.items() if role in columns
                for a in aliases}
    given = _confirmed(confirmed)
    kobo = bool(KOBO_MARKS & {str(c) for c in raw.frame.columns})
    rows = []
    for header in raw.frame.columns:
        header = str(header)
        if header in given:
            role = given[header]
            rows.append([header, role, "confirmado por una persona (columnas.csv)", 1.0])
            continue
        if kobo and (header in KOBO_METADATA or header.startswith("_")):
            rows.append([header, "", "metadatos de KoboToolbox (no son datos de la persona "
                         "ni de la oportunidad)", 0.0])
            continue
        found = _from_header(header, lookup)
        if found is not None and found[1] >= 1.0 and " ".join(header_words(header)) in WEAK:
            # «Sede», «Lugar», «Ciudad»: a place, but a plainer column wins over them.
            found = (found[0], 0.8, found[2] + " (nombre que también usan otras columnas)")
        sample = None
        if (found is not None and found[1] >= 1.0 and found[0] not in VALUE_KIND
                and found[0] not in ("has_id_document", "returnee_id")):
            kind, share = None, 0.0  # a plain text role named exactly: nothing to check
        else:
            sample = _sample(raw.frame[header])
            kind, share = _content_kind(sample)
        content = _from_content(header, found, kind, sample, columns, country)
        if content is not None:
            rows.append([header, *content])
            continue
        if found is None:
            key = "_".join(header_words(header))
            if key in fallback:
                found = (fallback[key], 0.65, f"encabezado «{header}» (correlativo)")
        if found is None:
            if kind == "id_number":
                rows.append([header, "id_document_number", "valores de 13 dígitos o de "
                             "documento de identidad", round(0.6 + 0.3 * share, 2)])
            elif kind == "abroad" and "experience_abroad" in columns:
                rows.append([header, "experience_abroad", text("roles.content_abroad"),
                             round(0.6 + 0.3 * share, 2)])
            elif kind == "geopoint" and "lat" in columns:
                rows.append([header, "point", text("roles.content_geopoint"),
                             round(0.6 + 0.3 * share, 2)])
            elif kind == "sex" and "sex" in columns:
                rows.append([header, "sex", "valores H/M/F (sexo)", 0.65])
            else:
                rows.append([header, "", "", 0.0])
            continue
        role, confidence, why = found
        if role == "occupations" and _names_abroad(header_words(header)):
            # «Experiencia laboral en EEUU»: trades learned abroad, beside «Oficio».
            role, why = "occupations_abroad", why + "; " + text("roles.abroad_header")
        expected = VALUE_KIND.get(role)
        if role in ("has_id_document", "id_document_number") and kind in ("id_number",
                                                                         "yes_no"):
            new = "id_document_number" if kind == "id_number" else "has_id_document"
            if new != role:
                why += f"; sus valores son {_KIND_WORDS[kind]}"
            role = new
        elif (expected and kind and kind != expected and share >= 0.9
              and frozenset((kind, expected)) not in _COMPATIBLE):
            # An exact header keeps its role (the values are then checked row by row);
            # a header only resembling one does not win against its content.
            confidence = min(confidence, 0.8 if confidence >= 1.0 else 0.5)
            why += f"; pero sus valores parecen {_KIND_WORDS.get(kind, kind)}"
        elif expected and kind == expected:
            confidence = min(1.0, confidence + 0.1)
            why += f"; sus valores son {_KIND_WORDS.get(kind, kind)}"
        rows.append([header, role, why, round(confidence, 2)])
    table = pd.DataFrame(rows, columns=["column", "role", "why", "confidence"])
    table.insert(0, "sheet", sheet)
    table.insert(0, "file", raw.file)
    groups = _option_groups(raw, table, lookup, columns, given)
    options = table["column"].isin([c for g in groups.values() for c in g.columns])
    table.loc[options, ["role", "why", "confidence"]] = ["", "", 0.0]  # none competes
    roles = _settle(table, columns)
    roles.table = option_rows(roles.table, groups, role_label)
    roles.options = groups
    roles.others = other_columns(roles.table, roles.headers)
    for role, header in roles.others.items():
        row = roles.table["column"] == header
        roles.table.loc[row, "why"] = text("roles.other_column").format(
            question=roles.headers[role])
        roles.table.loc[row, "used"] = True
    return roles


def _option_groups(raw: RawTable, table: pd.DataFrame, lookup: dict[str, str],
                   columns: Sequence[str], given: dict[str, str]) -> dict[str, OptionGroup]:
    """Kobo's one 0/1 column per option, grouped by their question's role."""
    wanted = set(columns) | ({"occupations_abroad"} if "occupations" in columns else set())
    said = dict(zip(table["column"], table["role"], strict=True))

    def role_of(question: str) -> str | None:
        if question in said:  # the question's own column, as its role was decided
            return said[question] or None
        found = _from_header(question, lookup)
        if found is None or found[1] < 0.85:
            return None
        if found[0] == "occupations" and _names_abroad(header_words(question)):
            return "occupations_abroad"
        return found[0]

    free = raw.frame[[c for c in raw.frame.columns if str(c) not in given]]
    return {r: g for r, g in find_groups(free, role_of).items() if r in wanted}


def _names_abroad(words: list[str]) -> bool:
    from oportumap.loaders.evidence import names_abroad

    return names_abroad(words)


def _from_content(header: str, found: tuple[str, float, str] | None, kind: str | None,
                  sample: pd.Series | None, columns: Sequence[str], country: str
                  ) -> list | None:
    """[role, why, confidence] from a text column's values (occupations, municipalities),
    when its header names no role or one whose kind of value the column does not hold
    («US Work Experience» holding «Roofing; Framing»); None when content says nothing."""
    from oportumap.loaders.evidence import names_abroad, text_kind

    if kind is not None or sample is None or (found is not None and (
            found[0] not in VALUE_KIND or found[0] == "id_document_number")):
        return None
    what, share = text_kind(sample, country)
    words = header_words(header)
    pct = f"{share:.0%}"
    if what == "occupation" and "occupations" in columns:
        abroad = names_abroad(words) or (found is not None
                                         and found[0] == "experience_abroad")
        role = "occupations_abroad" if abroad else "occupations"
        why = text("roles.content_occupations").format(share=pct)
    elif what == "place" and "municipio" in columns and found is None:
        role, why = "municipio", text("roles.content_places").format(share=pct)
    else:
        return None
    if found is not None:
        why = f"{found[2]}; " + text("roles.content_instead").format(
            role=role_label(found[0])) + why
    return [role, why, round(0.6 + 0.3 * share, 2)]


#: Content kinds a column of the other kind may look like (0/1 counts, S/N sex or yes/no).
_COMPATIBLE = {frozenset(p) for p in (("number", "yes_no"), ("sex", "yes_no"),
                                      ("abroad", "yes_no"),
                                      ("number", "id_number"), ("number", "date"))}
_KIND_WORDS = {"abroad": "países donde trabajó", "geopoint": "puntos GPS",
               "id_number": "números de documento", "yes_no": "sí/no", "sex": "sexo",
               "date": "fechas", "number": "números"}


def _settle(table: pd.DataFrame, columns: Sequence[str]) -> Roles:
    """One column per role: the strongest (then the first); the others reported unused."""
    used = np.zeros(len(table), dtype=bool)
    headers: dict[str, str | tuple[str, ...]] = {}
    whys = table["why"].tolist()
    wanted = set(columns) | {"id_document_number"}
    if "occupations" in wanted:
        wanted.add("occupations_abroad")
    if "lat" in wanted:
        wanted.add("point")
    # Strongest first; equal strength is decided by the header itself (the role's more
    # usual name first: «plazas» before «cupos»), never by where the column stands, so a
    # shuffled file reads the same.
    order = sorted(range(len(table)), key=lambda i: (
        -float(table["confidence"].iat[i]),
        _alias_rank(table["role"].iat[i], table["column"].iat[i]),
        str(table["column"].iat[i])))
    for i in order:
        role, header = table["role"].iat[i], table["column"].iat[i]
        conf = float(table["confidence"].iat[i])
        if not role or role not in wanted:
            continue
        if conf < USE_AT:
            whys[i] += "; confianza baja: confírmelo en columnas.csv (no se usó)"
            continue
        if role in headers:
            if role in MULTI_COLUMNS:
                prev = headers[role]
                headers[role] = (*(prev if isinstance(prev, tuple) else (prev,)), header)
                used[i] = True
                continue
            whys[i] += (f"; la columna «{headers[role]}» ya da «{role_label(role)}» con "
                        "más confianza: esta no se usó")
            continue
        headers[role] = header
        used[i] = True
    if "point" in headers:
        # A whole point (Kobo's geopoint) is the source; the split columns repeat it.
        point = headers.pop("point")
        for role in ("lat", "lon"):
            if role in headers:
                i = table["column"].tolist().index(headers[role])
                used[i] = False
                whys[i] += "; " + text("roles.repeats_point").format(column=point)
            headers[role] = point
    if "returnee_id" in wanted and "returnee_id" not in headers and (
            "id_document_number" in headers):
        # No code column: the ID-document number identifies the person.
        headers["returnee_id"] = headers["id_document_number"]
        i = table["column"].tolist().index(headers["returnee_id"])
        whys[i] += "; también identifica a la persona (no hay columna de código)"
    # Keep file order for the joined columns (contacts read left to right).
    for role, written in list(headers.items()):
        if isinstance(written, tuple):
            headers[role] = tuple(h for h in table["column"] if h in written)
    table = table.assign(why=whys, used=used)
    return Roles(headers, table[ROLE_COLUMNS])


def _alias_rank(role: str, header: str) -> int:
    """Position of the header among the role's accepted names (unknown names last)."""
    aliases = [" ".join(w for w in normalize_text(a).replace("_", " ").split()
                        if w not in _STOP)
               for a in (*COLUMN_ALIASES.get(role, ()), *EXTRA_ALIASES.get(role, ()))]
    key = " ".join(header_words(header))
    return aliases.index(key) if key in aliases else len(aliases)


def _confirmed(confirmed: pd.DataFrame | Mapping[str, str] | None) -> dict[str, str]:
    if confirmed is None:
        return {}
    if isinstance(confirmed, Mapping):
        return {str(k): v for k, v in confirmed.items()}
    return dict(zip(confirmed["column"].astype(str), confirmed["role"].astype(str),
                    strict=True))


def role_hint(columns: Sequence[str]):
    """Scores a row as a header: known headers count 2, headers containing one count 1.

    Used to find the header row below titles and to tell tables from summary sheets.
    """
    lookup = _lookup(columns)

    def score(cells: list[str]) -> int:
        total = 0
        for cell in cells:
            if not cell or len(cell) > 60:
                continue
            words = header_words(cell)
            key = " ".join(words)
            if key in lookup:
                total += 2
            elif 0 < len(words) <= 5 and any(
                    alias in lookup and len(alias) >= 3 for alias in _spans(words)):
                total += 1
        return total // 2 if total else 0

    return score


def _spans(words: list[str]) -> list[str]:
    return [" ".join(words[i:j]) for i in range(len(words))
            for j in range(i + 1, min(len(words), i + 3) + 1)]


def role_questions(roles: Roles) -> list:
    """The low-confidence roles as questions for the read summary."""
    from oportumap.errors import Interpretation

    out = []
    for r in roles.questions.itertuples(index=False):
        out.append(Interpretation(r.column, "", text("roles.question").format(
            column=r.column, file=r.file, role=role_label(r.role)), 0, question=True))
    return out
