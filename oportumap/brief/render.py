"""One department's brief as a self-contained HTML page (and, from it, an A4 PDF).

Everything is inline: the style, the SVG map and charts, and the brief's headline figures
as JSON (``<script type="application/json" id="om-figures">``, data only, never run) so a
later brief can say what changed. Nothing is loaded from the network.
"""

from __future__ import annotations

import html
import json

import pandas as pd

from oportumap.i18n import text

#: Style shared by screen and print; @page gives A4 pages with the page number, the data
#: date and the source on every printed page (WeasyPrint reads these rules).
STYLE = """
:root { --ink: #1b1b1b; --muted: #555; --line: #d0d0d0; --accent: #2b6ca3; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; color: var(--ink);
       margin: 0 auto; max-width: 60rem; padding: 1rem 1.2rem; line-height: 1.35;
       font-size: 14px; }
h1 { font-size: 1.55rem; margin: 0 0 .2rem; }
h2 { font-size: 1.1rem; margin: 1.2rem 0 .4rem; border-bottom: 2px solid var(--accent);
     padding-bottom: .15rem; break-after: avoid; }
.meta { color: var(--muted); font-size: .85rem; margin: 0 0 .8rem; }
.figures { display: flex; flex-wrap: wrap; gap: .5rem; margin: .6rem 0; }
.figure { flex: 1 1 9rem; border: 1px solid var(--line); border-radius: 4px;
          padding: .4rem .6rem; }
.figure b { display: block; font-size: 1.35rem; }
.figure span { color: var(--muted); font-size: .8rem; }
.cols { display: flex; flex-wrap: wrap; gap: .8rem; align-items: flex-start; }
.cols > div, .cols > figure { flex: 1 1 17rem; min-width: 0; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; margin: .3rem 0;
        break-inside: auto; }
th, td { border-bottom: 1px solid var(--line); padding: .25rem .35rem; text-align: left;
         vertical-align: top; overflow-wrap: break-word; hyphens: auto; }
th { background: #eef3f8; }
td.n, th.n { text-align: right; white-space: nowrap; }
tr { break-inside: avoid; }
thead { display: table-header-group; }
figure { margin: .4rem 0; }
figure svg { max-width: 100%; height: auto; }
.note { color: var(--muted); font-size: .8rem; }
ul.changes li { margin: .15rem 0; }
footer { color: var(--muted); font-size: .75rem; margin-top: 1.2rem;
         border-top: 1px solid var(--line); padding-top: .4rem; }
@page { size: A4; margin: 16mm 14mm 18mm 14mm;
        @bottom-left { content: string(source); font-size: 7.5pt; color: #555; }
        @bottom-right { content: "PAGE_WORD " counter(page) " / " counter(pages);
                        font-size: 7.5pt; color: #555; } }
.meta { string-set: source content(); }
@media screen and (max-width: 600px) {
  body { padding: .5rem; font-size: 13px; }
  table { font-size: .78rem; }
  th, td { padding: .2rem .2rem; overflow-wrap: anywhere; hyphens: auto; }
  .figure { flex-basis: 7rem; }
}
@media print { body { max-width: none; padding: 0; font-size: 9pt; }
               h1 { font-size: 15pt; } h2 { font-size: 11pt; margin-top: 8pt; }
               .figure b { font-size: 13pt; } table { font-size: 8pt; }
               th, td { padding: 1.5pt 3pt; }
               figure { break-inside: avoid; } figure.map svg { max-height: 120mm; }
               footer { margin-top: 6pt; } }
"""


def _e(value: object) -> str:
    return html.escape("" if value is None or (isinstance(value, float) and pd.isna(value))
                       else str(value))


def _table(frame: pd.DataFrame, headers: list[str], numeric: set[int] | None = None) -> str:
    numeric = numeric or set()
    head = "".join(f'<th class="n">{_e(h)}</th>' if i in numeric else f"<th>{_e(h)}</th>"
                   for i, h in enumerate(headers))
    rows = []
    for values in frame.itertuples(index=False):
        cells = "".join(f'<td class="n">{_e(v)}</td>' if i in numeric else f"<td>{_e(v)}</td>"
                        for i, v in enumerate(values))
        rows.append(f"<tr>{cells}</tr>")
    return (f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def _number(value: float | None, digits: int = 1) -> str:
    if value is None or pd.isna(value):
        return "—"
    return f"{value:,.{digits}f}".replace(",", " ")


def _percent(value: float | None) -> str:
    return "—" if value is None or pd.isna(value) else f"{100 * value:.1f} %"


def render_brief(figures, *, map_svg: str, charts: dict[str, str], context: dict,
                 changes: list[str] | None = None, lang: str = "es") -> str:
    """The brief's HTML page.

    Parameters
    ----------
    figures : BriefFigures
        Protected figures of the department.
    map_svg : str
        :func:`oportumap.brief.svg.department_map_svg`.
    charts : dict
        Name -> SVG of the small charts.
    context : dict
        ``label``, ``data_date``, ``source``, ``reach``, ``admin1``, ``admin2``,
        ``generated``, ``recipe`` (how to rebuild it), ``illustrative``.
    changes : list of str, optional
        "What changed" against the previous brief.
    lang : {"es", "en"}

    Returns
    -------
    str
        The whole HTML document.
    """
    t = lambda key: text(f"brief.{key}", lang)  # noqa: E731
    f = figures
    admin1 = context.get("admin1", "departamento")
    figures_html = "".join(
        f'<div class="figure"><b>{_e(value)}</b><span>{_e(label)}</span></div>' for value, label
        in [(f.returnees, t("returnees")),
            (_number(f.gap_score), t("gap")),
            (f"{f.rank} / {f.departments}", t("rank").format(admin1=admin1)),
            (f"{int(f.opportunities['offers'].sum()):,}".replace(",", " "), t("offers")),
            (f"{int(f.opportunities['seats'].sum()):,}".replace(",", " "), t("seats"))])
    trend = ""
    if f.trend:
        trend = (f'<p>{_e(t("trend").format(months=f.trend["months"], recent=f.trend["recent"], previous=f.trend["previous"], since=f.trend["recent_from"], until=f.trend["until"]))}'  # noqa: E501
                 + (f" <b>{_e(f.trend['change'])}</b>" if f.trend["change"] else "") + "</p>")
    offers = f.opportunities.assign(kind=[text(f"kind.{k}", lang) for k in
                                          f.opportunities["kind"]])
    offers = offers.assign(offers=offers["offers"].map("{:,}".format),
                           seats=offers["seats"].map("{:,}".format))
    priorities = f.priorities.assign(gap_score=[_number(v) for v in f.priorities["gap_score"]])
    parts = [
        f"<h1>{_e(t('title').format(admin1=admin1, name=f.dept_name))}</h1>",
        f'<p class="meta">{_e(context.get("label", ""))} · {_e(t("data_date"))}: '
        f'{_e(context.get("data_date") or "—")}'
        + (f" · {_e(text('map.illustrative', lang))}" if context.get("illustrative") else "")
        + "</p>",
        f'<h2>{_e(t("key_figures"))}</h2><div class="figures">{figures_html}</div>{trend}',
        '<div class="cols">'
        f'<div><h2>{_e(t("by_sex"))}</h2>'
        + _table(f.by_sex, [t("group"), t("people")], {1}) + "</div>"
        f'<div><h2>{_e(t("by_age"))}</h2>'
        + _table(f.by_age, [t("age"), t("people")], {1}) + "</div></div>",
        f'<h2>{_e(t("opportunities"))}</h2><div class="cols"><div>'
        + _table(offers, [t("kind"), t("offers"), t("seats")], {1, 2}) + "</div>"
        + f"<figure>{charts.get('seats', '')}</figure></div>",
        f'<h2>{_e(t("map"))}</h2><figure class="map">{map_svg}</figure>'
        f'<p class="note">{_e(t("map_note"))}</p>',
        f'<h2>{_e(t("priorities").format(admin2=context.get("admin2_plural", "municipios")))}'
        "</h2>"
        + _table(priorities[["rank", "muni_name", "returnees", "gap_score", "missing"]],
                 [t("rank_short"), context.get("admin2", "municipio").capitalize(),
                  t("returnees"), t("gap_short"), t("missing")], {0, 2, 3}),
    ]
    if f.referrals is not None:
        parts.append(f'<h2>{_e(t("referrals"))}</h2><div class="cols"><div>'
                     + _table(f.referrals, [t("stage"), t("people_referred")], {1})
                     + "</div><div>"
                     + f'<p><b>{_e(t("unmet"))}</b></p>'
                     + (_table(f.unmet, [t("stage"), t("occupation"), t("people_unmet")], {2})
                        if len(f.unmet) else f"<p>{_e(t('no_unmet'))}</p>")
                     + "</div></div>")
    if f.follow_up is not None:
        fu = f.follow_up
        providers = fu["providers"].assign(placement_rate=[
            _percent(v) for v in fu["providers"]["placement_rate"]])
        parts.append(
            f'<h2>{_e(t("follow_up"))}</h2><div class="cols"><div>'
            + _table(fu["funnel"], [t("step"), t("people")], {1})
            + f'<p>{_e(t("placement_rate"))}: <b>{_percent(fu["placement_rate"])}</b> '
            f'({_e(t("base"))}: {_e(fu["placement_base"])}) · '
            f'{_e(t("median_days"))}: {_number(fu["median_days_to_placement"], 0)}</p></div>'
            "<div>" + (_table(providers, [t("provider"), t("referred"), t("placement_rate")],
                              {1, 2}) if len(providers) else "") + "</div></div>")
    if changes:
        parts.append(f'<h2>{_e(t("changes"))}</h2><ul class="changes">'
                     + "".join(f"<li>{_e(c)}</li>" for c in changes) + "</ul>")
    parts.append(
        f'<h2>{_e(t("methods"))}</h2><p class="note">'
        + _e(t("methods_text").format(reach=context.get("reach", ""),
                                      threshold=f.settings.get("threshold", 5),
                                      source=context.get("source", "")))
        + "</p>"
        + (f'<p class="note">{_e(t("reproduce"))}: <code>{_e(context["recipe"])}</code></p>'
           if context.get("recipe") else ""))
    footer = (f'<footer>{_e(t("source"))}: {_e(context.get("source", ""))} · oportumap · '
              f'{_e(context.get("generated", ""))}</footer>')
    record = json.dumps(f.as_record(), ensure_ascii=False).replace("</", "<\\/")
    style = STYLE.replace("PAGE_WORD", t("page"))
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(t('title').format(admin1=admin1, name=f.dept_name))}"
            f"</title><style>{style}</style>"
            f'<script type="application/json" id="om-figures">{record}</script></head>'
            f"<body>{''.join(parts)}{footer}</body></html>")


def render_index(rows: list[dict], *, context: dict, lang: str = "es") -> str:
    """An index page linking every department's brief (HTML and PDF when made)."""
    t = lambda key: text(f"brief.{key}", lang)  # noqa: E731
    cells = []
    for r in rows:
        pdf = f'<a href="{_e(r["pdf"])}">PDF</a>' if r.get("pdf") else ""
        cells.append(f'<tr><td>{r["rank"]}</td><td><a href="{_e(r["html"])}">{_e(r["name"])}'
                     f'</a></td><td class="n">{_e(r["returnees"])}</td>'
                     f'<td class="n">{_number(r["gap"])}</td><td>{pdf}</td></tr>')
    body = "".join(cells)
    admin1 = context.get("admin1", "departamento")
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(t('index_title'))}</title><style>{STYLE.replace('PAGE_WORD', t('page'))}"
            f"</style></head><body><h1>{_e(t('index_title'))}</h1>"
            f'<p class="meta">{_e(context.get("label", ""))} · {_e(t("data_date"))}: '
            f'{_e(context.get("data_date") or "—")}</p>'
            f"<table><thead><tr><th>{_e(t('rank_short'))}</th><th>{_e(admin1.capitalize())}"
            f'</th><th class="n">{_e(t("returnees"))}</th><th class="n">{_e(t("gap_short"))}'
            f"</th><th></th></tr></thead><tbody>{body}</tbody></table>"
            f'<footer>{_e(t("source"))}: {_e(context.get("source", ""))}</footer>'
            "</body></html>")
