"""Data protection: small-cell suppression, keyed pseudonyms, formula-injection guard.

Returnees are a vulnerable population. Everything meant for wide sharing (HTML maps,
profiles, plans) carries aggregates only, and counts below :data:`SUPPRESSION_THRESHOLD`
are shown as ``"<5"``. Referral lists carry the returnee ID the coordinator already holds;
research exports (:func:`research_extract`) hold only people who consented, replace the ID
with a keyed pseudonym (HMAC-SHA256 with a key the user keeps) and are k-anonymous on every
column they keep. :func:`people_derived_columns` is the one list of columns that count
people or are computed from such counts; :func:`suppress_shared` applies the one rule
every shared output (maps, profiles, plans, the explorer) uses.
"""

from oportumap.privacy.core import (
    KEY_ENVIRONMENT_VARIABLE,
    SUPPRESSION_THRESHOLD,
    neutralize_formulas,
    pseudonymize_ids,
    read_key,
    suppress_counts,
    suppress_frame,
)
from oportumap.privacy.research import (
    DEFAULT_RESEARCH_COLUMNS,
    GENERALISATION_LADDERS,
    GENERALISATION_ORDER,
    RESEARCH_COLUMNS,
    SENSITIVE_COLUMNS,
    PrivacyReport,
    ResearchExtract,
    check_key_reuse,
    key_fingerprint,
    record_release,
    research_extract,
)
from oportumap.privacy.shared import (
    PEOPLE_COUNT_COLUMNS,
    people_count_columns,
    people_derived_columns,
    shareable_profile,
    suppress_shared,
)

__all__ = [
    "DEFAULT_RESEARCH_COLUMNS", "GENERALISATION_LADDERS", "GENERALISATION_ORDER",
    "KEY_ENVIRONMENT_VARIABLE", "PEOPLE_COUNT_COLUMNS", "RESEARCH_COLUMNS", "SENSITIVE_COLUMNS",
    "SUPPRESSION_THRESHOLD", "PrivacyReport", "ResearchExtract", "neutralize_formulas",
    "people_count_columns", "people_derived_columns", "pseudonymize_ids", "read_key",
    "research_extract", "check_key_reuse", "key_fingerprint",
    "record_release", "shareable_profile", "suppress_counts", "suppress_frame",
    "suppress_shared",
]
