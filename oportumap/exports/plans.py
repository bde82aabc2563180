"""The sheets of a capacity plan (:func:`oportumap.planning.plan_capacity`) for people.

Presentation only: the plan is computed by :mod:`oportumap.planning`; here it becomes the
selected sites, a notes sheet (what was planned, the reach, the solver status, why fewer
sites than requested, and what "seats" and "returnees assigned" mean), the coverage curve
and the municipalities, with counts suppressed for sharing (:mod:`oportumap.privacy`) and
words from :mod:`oportumap.i18n`. :func:`oportumap.exports.tables.write_table` writes them.
"""

from __future__ import annotations

import pandas as pd

from oportumap.i18n import text


def plan_notes(plan, *, lang: str = "es") -> pd.DataFrame:
    """What a person needs to read the plan: one line per note.

    Examples
    --------
    >>> from oportumap import load_sample
    >>> from oportumap.planning import plan_capacity
    >>> notes = plan_notes(plan_capacity(load_sample(), p_new=1, max_km=40))
    >>> notes.iloc[2, 0]
    'Estado del solucionador: Óptimo'
    """
    from oportumap.privacy import suppress_counts

    result = plan.result
    before, after = suppress_counts([result.covered_before, result.covered_after]).tolist()
    lines = [
        f"{text('plan.note.kind', lang)}: {text('kind.' + plan.kind, lang)}",
        f"{text('plan.note.reach', lang)}: {plan.max_cost:g} {plan.unit}",
        f"{text('plan.note.solver', lang)}: {result.status_text(lang)}",
        f"{text('plan.note.result', lang)}: "
        + text("plan.note.covered", lang).format(before=before, after=after,
                                                  n=len(result.selected)),
    ]
    message = result.message(lang)
    if message:
        lines.append(message[0].upper() + message[1:] + ".")
    lines.append(text("plan.note.seats", lang))
    lines.append(text("plan.note.assigned_cap" if plan.capacity is not None
                      else "plan.note.assigned_uncap", lang))
    lines.append(text("plan.note.suppressed", lang))
    return pd.DataFrame({text("sheet.notes", lang): lines})


def plan_sheets(plan, *, lang: str = "es") -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """Tables for an Excel plan: selected sites first, then notes, curve and municipalities.

    The curve uses the plan's own inputs (same demand, standard, reach in km or minutes,
    existing sites and seats). Counts of people are suppressed below the threshold (the
    plan is meant for sharing).

    Examples
    --------
    >>> from oportumap import load_sample
    >>> from oportumap.planning import plan_capacity
    >>> sites, sheets = plan_sheets(plan_capacity(load_sample(), p_new=1, max_km=40))
    >>> list(sheets)
    ['Notas', 'Curva de cobertura', 'Municipios']
    """
    from oportumap.planning import status_text
    from oportumap.privacy import suppress_shared

    # Which columns count people and how they are protected: the one rule in privacy.
    curve = plan.curve() if plan.demand is not None else pd.DataFrame()
    if len(curve):
        # covered(p) - covered(p-1) = added: the curve stops before the first site that
        # adds 1-4 people, or the difference would give that count back.
        added = pd.to_numeric(curve["added"], errors="coerce")
        small = ((added > 0) & (added < 5)).cumsum().to_numpy() > 0
        curve = curve[~small]
        curve = suppress_shared(curve, lang=lang, totals=False).assign(
            status=curve["status"].map(lambda v: status_text(v, lang)))
    # Sums of demand are published by coverage state (the notes' totals): complements
    # are chosen within each.
    municipalities = suppress_shared(
        plan.municipalities, count="demand", lang=lang,
        groups=[c for c in ("coverage_state", "covered_before", "covered_after")
                if c in plan.municipalities])
    if "coverage_state" in municipalities:
        municipalities["coverage_state"] = municipalities["coverage_state"].map(
            lambda v: text(f"plan.state.{v}", lang))
    sites_table = suppress_shared(plan.sites, lang=lang)
    site_words = {"nueva": text("plan.site_new", lang),
                  "existente": text("plan.site_existing", lang)}
    sites_table["status"] = sites_table["status"].map(lambda v: site_words.get(v, v))
    sheets = {text("sheet.notes", lang): plan_notes(plan, lang=lang),
              text("sheet.curve", lang): curve,
              text("sheet.municipalities", lang): municipalities}
    return sites_table, {k: v for k, v in sheets.items() if len(v)}
