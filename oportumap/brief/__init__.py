"""Department briefs: one page a coordination meeting can read, offline and in print.

:func:`department_brief` assembles one department's brief from the same computations as
the other commands (profile, referrals, follow-up outcomes), protected like every shared
output; :func:`write_briefs` writes one self-contained HTML file per department (and an A4
PDF with WeasyPrint), an index, and says what changed against earlier briefs.

Modules: :mod:`~oportumap.brief.figures` (the protected numbers),
:mod:`~oportumap.brief.svg` (map and charts as inline SVG),
:mod:`~oportumap.brief.render` (the HTML page).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from oportumap.brief.figures import (
    BriefFigures,
    department_figures,
    protect_group,
    protect_total,
)
from oportumap.brief.render import render_brief, render_index
from oportumap.brief.svg import bar_chart_svg, department_map_svg
from oportumap.errors import DataError
from oportumap.i18n import text

__all__ = ["Brief", "BriefFigures", "department_brief", "department_outcomes",
           "protect_group", "protect_total", "read_previous", "what_changed",
           "write_briefs"]


@dataclass
class Brief:
    """One department's brief.

    Attributes
    ----------
    figures : BriefFigures
        The protected numbers it shows.
    html : str
        The self-contained page.
    file_stem : str
        File name without extension (``informe_huehuetenango``).
    """

    figures: BriefFigures
    html: str
    file_stem: str

    def pdf(self) -> bytes:
        """The page as an A4 PDF (WeasyPrint), page numbers and source on every page."""
        try:
            from weasyprint import HTML
        except ImportError as exc:  # pragma: no cover - a runtime dependency
            raise DataError("falta WeasyPrint para escribir PDF; instálelo con "
                            "pip install weasyprint") from exc
        import logging

        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        logging.getLogger("fontTools").setLevel(logging.ERROR)
        return HTML(string=self.html).write_pdf()


def _slug(name: str) -> str:
    from oportumap.text import normalize_text

    return re.sub(r"[^a-z0-9]+", "_", normalize_text(name)).strip("_") or "departamento"


def department_outcomes(db, dataset, dept_code: str) -> dict[str, pd.DataFrame]:
    """Follow-up outcomes for a department: its people's funnel and its providers' rates.

    Returns ``{"department": one row (or empty), "provider": providers with offers in the
    department}``, as :func:`oportumap.tracking.funnel.outcomes` counts them.
    """
    from oportumap.tracking.funnel import outcomes

    by_dept = outcomes(db, by="department", country=dataset.country, total=False)
    row = by_dept[by_dept["group"].astype(str) == str(dept_code)]
    munis = set(dataset.boundaries.loc[dataset.boundaries["dept_code"] == dept_code,
                                       "muni_code"])
    local = set(dataset.opportunities.loc[dataset.opportunities["muni_code"].isin(munis),
                                          "provider"].astype(str))
    by_provider = outcomes(db, by="provider", country=dataset.country, total=False)
    return {"department": row.reset_index(drop=True),
            "provider": by_provider[by_provider["group"].astype(str).isin(local)]
            .reset_index(drop=True)}


def _reach_words(settings: dict, lang: str) -> str:
    if settings.get("max_minutes"):
        minutes = settings["max_minutes"]
        value = ", ".join(f"{text('kind.' + k, lang).lower()} {v:g} min"
                          for k, v in minutes.items()) if isinstance(minutes, dict) \
            else f"{minutes:g} min"
        return text("brief.reach_minutes", lang).format(reach=value)
    from oportumap.schema import REACH_KM

    km = settings.get("max_km") or REACH_KM
    value = ", ".join(f"{text('kind.' + k, lang).lower()} {v:g} km" for k, v in km.items()) \
        if isinstance(km, dict) else f"{km:g} km"
    return text("brief.reach_km", lang).format(reach=value)


def department_brief(dataset, department: str, *, profile: pd.DataFrame | None = None,
                     referral_result=None, db=None, previous: dict | None = None,
                     settings: dict | None = None, lang: str = "es",
                     recipe: str = "") -> Brief:
    """One department's brief as a self-contained HTML page.

    Parameters
    ----------
    dataset : Dataset
        The data.
    department : str
        Department code or name.
    profile : pandas.DataFrame, optional
        :func:`oportumap.municipality_profile` (computed when missing; pass it to reuse one
        profile for every department and to use travel times).
    referral_result : ReferralResult, optional
        :func:`oportumap.referral_plan` of the dataset (computed when missing).
    db : str, path or Store, optional
        A follow-up store: adds the funnel, placement rate and providers' rates.
    previous : dict, optional
        The headline figures of an earlier brief (:func:`read_previous`), for "what
        changed".
    settings : dict, optional
        ``max_km`` / ``max_minutes`` used, for the methods section.
    lang : {"es", "en"}
    recipe : str
        The command that rebuilds it, shown under "methods".

    Returns
    -------
    Brief

    Examples
    --------
    >>> from oportumap import load_sample
    >>> brief = department_brief(load_sample(), "Huehuetenango")
    >>> brief.file_stem, "<svg" in brief.html, "http" in brief.html.split("<body>")[0]
    ('informe_huehuetenango', True, False)
    """
    from oportumap.access import municipality_profile
    from oportumap.countries import country_words
    from oportumap.referrals import referral_plan

    text("yes", lang)  # validates lang
    profile = municipality_profile(dataset) if profile is None else profile
    if referral_result is None:
        referral_result = referral_plan(dataset, lang=lang)
    code = department_figures(dataset, department, profile=profile, lang=lang).dept_code
    outcomes = department_outcomes(db, dataset, code) if db is not None else None
    figures = department_figures(dataset, code, profile=profile,
                                 referral_result=referral_result, outcomes=outcomes,
                                 lang=lang)
    words = country_words(dataset.country, lang)
    seats = figures.opportunities
    charts = {"seats": bar_chart_svg([text(f"kind.{k}", lang) for k in seats["kind"]],
                                     seats["seats"].tolist(),
                                     title=text("brief.seats", lang))}
    context = {
        "label": dataset.label, "data_date": _date_text(dataset.data_date),
        "source": _source(dataset), "admin1": words["admin1"],
        "admin2": words["admin2"], "admin2_plural": words["admin2_plural"],
        "reach": _reach_words(settings or {}, lang),
        "generated": dt.date.today().strftime("%d/%m/%Y"), "recipe": recipe,
        "illustrative": getattr(dataset, "illustrative", False),
    }
    changes = what_changed(previous, figures.as_record(), lang=lang) if previous else None
    page = render_brief(figures, map_svg=department_map_svg(dataset, profile, code, lang=lang),
                        charts=charts, context=context, changes=changes, lang=lang)
    stem = ("informe_" if lang == "es" else "brief_") + _slug(figures.dept_name)
    return Brief(figures=figures, html=page, file_stem=stem)


def _date_text(value: str | None) -> str:
    if not value:
        return ""
    parsed = pd.to_datetime(value, errors="coerce")
    return "" if pd.isna(parsed) else parsed.strftime("%d/%m/%Y")


def _source(dataset) -> str:
    from oportumap.geography import get_country

    try:
        boundaries = get_country(dataset.country).source
    except DataError:
        boundaries = ""
    return "; ".join(x for x in (dataset.label, boundaries) if x)


def read_previous(folder: str | Path) -> dict[str, dict]:
    """Headline figures of the briefs in ``folder`` (by department code), for comparison."""
    found: dict[str, dict] = {}
    for path in sorted(Path(folder).glob("*.html")):
        page = path.read_text(encoding="utf-8", errors="replace")
        match = re.search(r'<script type="application/json" id="om-figures">(.*?)</script>',
                          page, flags=re.S)
        if not match:
            continue
        try:
            record = json.loads(match.group(1).replace("<\\/", "</"))
        except json.JSONDecodeError:
            continue
        if isinstance(record, dict) and "dept_code" in record:
            found[str(record["dept_code"])] = record
    return found


def _count(value: object) -> int | None:
    text_value = str(value).replace(" ", "").replace(",", "")
    return int(text_value) if text_value.isdigit() else None


def what_changed(before: dict, after: dict, *, lang: str = "es") -> list[str]:
    """What changed between two briefs of a department, in words (protected counts are
    only said to be protected, never differenced).

    Examples
    --------
    >>> what_changed({"returnees": "120", "rank": 3, "gap_score": 40.0,
    ...               "seats": {"vacancy": 10}, "priorities": ["A"]},
    ...              {"returnees": "150", "rank": 2, "gap_score": 38.5,
    ...               "seats": {"vacancy": 25}, "priorities": ["A", "B"]})[:2]
    ['Retornados: 120 → 150 (+30)', 'Prioridad: 3 → 2']
    """
    t = lambda key: text(f"brief.{key}", lang)  # noqa: E731
    lines = []
    old, new = _count(before.get("returnees")), _count(after.get("returnees"))
    if old is not None and new is not None and old != new:
        lines.append(f"{t('returnees')}: {old:,} → {new:,} ({new - old:+,})".replace(",", " "))
    elif before.get("returnees") != after.get("returnees"):
        lines.append(f"{t('returnees')}: {before.get('returnees')} → {after.get('returnees')}")
    if before.get("rank") != after.get("rank"):
        lines.append(f"{t('rank_short')}: {before.get('rank')} → {after.get('rank')}")
    gap_old, gap_new = before.get("gap_score"), after.get("gap_score")
    if gap_old is not None and gap_new is not None and abs(gap_new - gap_old) >= 0.05:
        lines.append(f"{t('gap_short')}: {gap_old:.1f} → {gap_new:.1f}")
    for kind in sorted(set(before.get("seats", {})) | set(after.get("seats", {}))):
        a, b = before.get("seats", {}).get(kind, 0), after.get("seats", {}).get(kind, 0)
        if a != b:
            lines.append(f"{t('seats')} ({text('kind.' + kind, lang).lower()}): {a:,} → {b:,}"
                         .replace(",", " "))
    added = [m for m in after.get("priorities", []) if m not in before.get("priorities", [])]
    if added:
        lines.append(t("new_priorities").format(names=", ".join(added)))
    return lines or [t("no_changes")]


def write_briefs(dataset, out: str | Path, *, departments: list[str] | None = None,
                 db=None, pdf: bool = False, compare: str | Path | None = None,
                 profile: pd.DataFrame | None = None, referral_result=None,
                 settings: dict | None = None, lang: str = "es", recipe: str = "",
                 force: bool = False, progress=None) -> list[Path]:
    """Write the briefs of ``departments`` (all when None) and, for several, an index.

    Parameters
    ----------
    dataset : Dataset
    out : str or Path
        Folder for the files (``informe_<departamento>.html`` and ``.pdf``, ``indice.html``).
    departments : list of str, optional
        Codes or names; every department with municipalities when None.
    db, compare, profile, referral_result, settings, lang, recipe
        As in :func:`department_brief`; ``compare`` is a folder of earlier briefs.
    pdf : bool
        Also write each brief as an A4 PDF.
    force : bool
        Replace existing files.
    progress : callable, optional
        Called with each department's name as it is done.

    Returns
    -------
    list of Path
        Files written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from oportumap import load_sample
    >>> files = write_briefs(load_sample(), pathlib.Path(tempfile.mkdtemp()),
    ...                      departments=["Totonicapán"])
    >>> [f.name for f in files]
    ['informe_totonicapan.html']
    """
    from oportumap.access import municipality_profile
    from oportumap.files import atomic_path
    from oportumap.referrals import referral_plan

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    profile = municipality_profile(dataset) if profile is None else profile
    if referral_result is None:
        referral_result = referral_plan(dataset, lang=lang)
    codes = departments or (dataset.boundaries.drop_duplicates("dept_code")
                            .sort_values("dept_code")["dept_code"].tolist())
    previous = read_previous(compare) if compare else {}
    briefs = []
    for department in codes:
        code = department_figures(dataset, department, profile=profile, lang=lang).dept_code
        brief = department_brief(dataset, code, profile=profile,
                                 referral_result=referral_result, db=db,
                                 previous=previous.get(code), settings=settings, lang=lang,
                                 recipe=recipe)
        briefs.append(brief)
        if progress is not None:
            progress(brief.figures.dept_name)
    targets = [out / f"{b.file_stem}.html" for b in briefs]
    if pdf:
        targets += [out / f"{b.file_stem}.pdf" for b in briefs]
    index = out / ("indice.html" if lang == "es" else "index.html")
    if len(briefs) > 1:
        targets.append(index)
    existing = [p.name for p in targets if p.exists()]
    if existing and not force:
        raise DataError(f"{out}: ya existen {', '.join(existing[:3])}"
                        + (f" y {len(existing) - 3} más" if len(existing) > 3 else "")
                        + "; use --force para reemplazarlos")
    written = []
    for brief in briefs:  # render everything first, then write: all or nothing
        documents = [(out / f"{brief.file_stem}.html", brief.html.encode("utf-8"))]
        if pdf:
            documents.append((out / f"{brief.file_stem}.pdf", brief.pdf()))
        for path, content in documents:
            with atomic_path(path) as tmp:
                tmp.write_bytes(content)
            written.append(path)
    if len(briefs) > 1:
        rows = sorted(({"rank": b.figures.rank, "name": b.figures.dept_name,
                        "html": f"{b.file_stem}.html",
                        "pdf": f"{b.file_stem}.pdf" if pdf else None,
                        "returnees": b.figures.returnees, "gap": b.figures.gap_score}
                       for b in briefs), key=lambda r: r["rank"])
        from oportumap.countries import country_words

        context = {"label": dataset.label, "data_date": _date_text(dataset.data_date),
                   "source": _source(dataset),
                   "admin1": country_words(dataset.country, lang)["admin1"]}
        with atomic_path(index) as tmp:
            tmp.write_text(render_index(rows, context=context, lang=lang), encoding="utf-8")
        written.append(index)
    return written

