"""One matcher for every controlled vocabulary: what people type -> a canonical code.

A vocabulary is data: for each canonical code, the **words** of the official list (the
drop-down labels and their feminine and English forms) and the **phrases** people also write
("caso cerrado", "inicio emprendimiento", "rechazo la oferta"). Each distinct value goes
through these steps and stops at the first that answers:

1. blank, or a word meaning "no data" («N/D», «no sabe»): blank, no problem;
2. a trailing ``?`` (or leading ``¿``) is **doubt**: reported as a question, never accepted;
3. **exact**: the value is a word or phrase of the table (ignoring case, accents,
   punctuation and spaces). An exact match always wins;
4. **phrase**: the value contains words or phrases of exactly one code
   ("asistió al curso" -> attended); a negation right before them ("no contactado")
   gives the code's declared opposite, or a question when it has none;
5. **fuzzy** (typos): the closest official word, with the municipality rule of
   :mod:`oportumap.geography.resolve`: similarity (``rapidfuzz.fuzz.ratio``) at least
   :data:`FUZZY_SCORE`, :data:`FUZZY_MARGIN` points ahead of every other code and strictly
   fewer edits than any other code; never across a negation ("se presentó" is not
   "no se presentó"). Also per word inside a phrase ("inscirto en el curso").

Everything else is rejected with the list of valid words. Every value not written exactly
as its label is reported (:class:`~oportumap.errors.Interpretation`).

Examples
--------
>>> import pandas as pd
>>> r = match(pd.Series(["Colocada", "inscirto", "contactado?", "caso cerrado", ""]),
...           STATUS, column="Estado")
>>> r.values.tolist()
['placed', 'enrolled', None, 'closed', '']
"""

# The matcher and the tables are two modules; every name stays importable from here.
from oportumap.vocabulary.matcher import (
    FUZZY_MARGIN,
    FUZZY_SCORE,
    MIN_FUZZY_LENGTH,
    NEGATIONS,
    UNKNOWN_WORDS,
    Vocabulary,
    VocabularyReading,
    department_vocabulary,
    match,
    match_one,
)
from oportumap.vocabulary.tables import (
    ABROAD_PLACES,
    DOCUMENT_PENDING,
    INTEREST,
    KIND,
    SERVICE_TYPE,
    STATUS,
    STATUS_CODES,
    YES_NO,
    YES_NO_ABROAD,
    YES_NO_DOCUMENT,
)

__all__ = ["ABROAD_PLACES", "DOCUMENT_PENDING", "FUZZY_MARGIN", "FUZZY_SCORE", "INTEREST",
           "KIND", "MIN_FUZZY_LENGTH", "NEGATIONS", "SERVICE_TYPE", "STATUS", "STATUS_CODES",
           "UNKNOWN_WORDS", "YES_NO", "YES_NO_ABROAD", "YES_NO_DOCUMENT", "Vocabulary",
           "VocabularyReading", "department_vocabulary", "match", "match_one"]
