"""An interactive explorer for JupyterLab (ipywidgets 8).

``display(Explorer(load_sample()))`` is all a planner types: choose a department and a
municipality, the kinds of opportunity, an occupation, the reach (km), what colours the
map and the language; the map, the profile and the referral list follow, and two buttons
export the current map (offline HTML) and the current referral list (Excel).

Everything shown is computed by the public API (:func:`~oportumap.municipality_profile`,
:func:`~oportumap.referrals.referral_plan`, :func:`~oportumap.opportunity_map`); results are
cached per reach so moving between municipalities is instant.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from oportumap.i18n import text
from oportumap.schema import OPPORTUNITY_KINDS
from oportumap.text import normalize_series, normalize_text

_ALL = "__all__"
_COLOR_OPTIONS = ("returnees", "gap_score", "priority_rank", "vacancy_2sfca",
                  "training_2sfca", "certification_2sfca")
_UI = {
    "es": {"department": "Departamento", "municipality": "Municipio", "all": "(todos)",
           "kinds": "Oportunidades", "occupation": "Ocupación", "reach": "Alcance (km)",
           "color": "Colorear por", "lang": "Idioma", "folder": "Carpeta",
           "export_map": "Exportar mapa (HTML)", "export_refs": "Exportar referencias (XLSX)",
           "referrals": "Referencias", "of": "de", "people": "personas", "ready": "Listo.",
           "profile": "Perfil", "saved": "Guardado", "shown": "mostrando las primeras"},
    "en": {"department": "Department", "municipality": "Municipality", "all": "(all)",
           "kinds": "Opportunities", "occupation": "Occupation", "reach": "Reach (km)",
           "color": "Colour by", "lang": "Language", "folder": "Folder",
           "export_map": "Export map (HTML)", "export_refs": "Export referrals (XLSX)",
           "referrals": "Referrals", "of": "of", "people": "people", "ready": "Ready.",
           "profile": "Profile", "saved": "Saved", "shown": "showing the first"},
}
#: Rows of the referral table drawn in the notebook (the export has them all).
SHOWN_ROWS = 200


def _table_html(frame: pd.DataFrame) -> str:
    """A small HTML table; every cell escaped."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
                   for row in frame.itertuples(index=False))
    return (f'<table class="om-table" style="font-size:12px"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>")


class Explorer:
    """Map, municipality profile and referral list, driven by a few controls.

    Parameters
    ----------
    dataset : Dataset
        The data to explore (``oportumap.load_sample()`` or your own).
    lang : {"es", "en"}
        Initial language.
    out_dir : str or Path
        Where the export buttons write (``oportumap-exports`` by default).
    travel_times : str, Path or DataFrame, optional
        The travel-time file ``profile``, ``plan`` and ``referrals`` accept (read by
        :func:`oportumap.costs.read_travel_times`); reach is then in minutes.

    Attributes
    ----------
    department, municipality, kinds, occupation, max_km, color_by, lang : ipywidgets
        The controls; set their ``.value`` from code to drive the explorer.
    map_html, profile_html, referrals_html, status : ipywidgets.HTML
        What is shown.
    widget : ipywidgets.VBox
        The whole explorer (displayed by ``display(explorer)``).

    Examples
    --------
    >>> from oportumap import load_sample
    >>> explorer = Explorer(load_sample())
    >>> explorer.municipality.value = "1412"  # Joyabaj
    >>> "Joyabaj" in explorer.profile_html.value
    True
    """

    def __init__(self, dataset, *, lang: str = "es", out_dir: str | Path = "oportumap-exports",
                 travel_times=None):
        import ipywidgets as w

        from oportumap.costs import read_travel_times

        self.dataset = dataset
        self.travel_times = (read_travel_times(travel_times, country=dataset.country)
                             if travel_times is not None
                             and not isinstance(travel_times, pd.DataFrame) else travel_times)
        self._profiles: dict[float, pd.DataFrame] = {}
        self._plans: dict[tuple[float, str], object] = {}
        self._updating = False
        ui = _UI[lang]
        wide = {"style": {"description_width": "120px"}, "layout": w.Layout(width="380px")}
        munis = dataset.boundaries.sort_values(["dept_name", "muni_name"])
        depts = munis[["dept_code", "dept_name"]].drop_duplicates().sort_values("dept_name")
        self.department = w.Dropdown(options=[(ui["all"], _ALL), *zip(depts["dept_name"],
                                                                      depts["dept_code"],
                                                                      strict=True)],
                                     value=_ALL, description=ui["department"], **wide)
        self.municipality = w.Dropdown(description=ui["municipality"], **wide)
        self.kinds = w.SelectMultiple(
            options=[(text(f"kind.{k}", lang), k) for k in OPPORTUNITY_KINDS],
            value=tuple(OPPORTUNITY_KINDS), rows=5, description=ui["kinds"], **wide)
        self.occupation = w.Combobox(options=self._occupation_options(), value="",
                                     description=ui["occupation"], ensure_option=False,
                                     **wide)
        self.max_km = w.FloatSlider(value=40.0, min=5.0, max=200.0, step=5.0,
                                    continuous_update=False, description=ui["reach"], **wide)
        self.color_by = w.Dropdown(options=list(_COLOR_OPTIONS), value="returnees",
                                   description=ui["color"], **wide)
        self.lang = w.ToggleButtons(options=["es", "en"], value=lang,
                                    description=ui["lang"],
                                    style={"description_width": "120px",
                                           "button_width": "60px"})
        self.folder = w.Text(value=str(out_dir), description=ui["folder"], **wide)
        self.export_map_button = w.Button(description=ui["export_map"], icon="map")
        self.export_referrals_button = w.Button(description=ui["export_refs"], icon="table")
        self.map_html = w.HTML()
        self.profile_html = w.HTML()
        self.referrals_html = w.HTML()
        self.status = w.HTML()
        self.last_exports: list[Path] = []
        self._fill_municipalities()
        for control in (self.department, self.municipality, self.kinds, self.occupation,
                        self.max_km, self.color_by, self.lang):
            control.observe(self._changed, names="value")
        self.export_map_button.on_click(lambda _b: self.export_map())
        self.export_referrals_button.on_click(lambda _b: self.export_referrals())
        controls = w.VBox([self.department, self.municipality, self.kinds, self.occupation,
                           self.max_km, self.color_by, self.lang, self.folder,
                           w.HBox([self.export_map_button, self.export_referrals_button]),
                           self.status])
        self.widget = w.VBox([w.HBox([controls, self.profile_html]), self.map_html,
                              self.referrals_html])
        self.refresh()

    # ------------------------------------------------------------------ display

    def _ipython_display_(self) -> None:  # pragma: no cover - exercised in notebooks
        from IPython.display import display

        display(self.widget)

    # ------------------------------------------------------------------ state

    def _occupation_options(self) -> list[str]:
        from oportumap import skills

        codes = skills.person_codes(self.dataset.returnees["occupations"], slots=1)[0][:, 0]
        labels = sorted({skills.label(int(c), "es") for c in set(codes.tolist()) if c})
        return labels

    def _fill_municipalities(self) -> None:
        ui = _UI[self.lang.value if hasattr(self, "lang") else "es"]
        munis = self.dataset.boundaries
        if self.department.value != _ALL:
            munis = munis[munis["dept_code"] == self.department.value]
        munis = munis.sort_values("muni_name")
        self.municipality.options = [(ui["all"], _ALL), *zip(munis["muni_name"],
                                                             munis["muni_code"], strict=True)]
        self.municipality.value = _ALL

    def _changed(self, change) -> None:
        if self._updating:
            return
        self._updating = True
        try:
            if change["owner"] is self.department:
                self._fill_municipalities()
            elif change["owner"] is self.municipality and change["new"] != _ALL:
                code = change["new"]
                dept = self.dataset.boundaries.set_index("muni_code").loc[code, "dept_code"]
                if self.department.value != dept:
                    self.department.value = dept
                    self._fill_municipalities()
                    self.municipality.value = code
        finally:
            self._updating = False
        self.refresh()

    def profile(self) -> pd.DataFrame:
        """Municipality profile at the current reach (cached)."""
        from oportumap.access import municipality_profile

        key = float(self.max_km.value)
        if key not in self._profiles:
            self._profiles[key] = municipality_profile(self.dataset, max_km=key,
                                                       travel_times=self.travel_times)
        return self._profiles[key]

    def _plan(self):
        from oportumap.referrals import referral_plan

        key = (float(self.max_km.value), self.lang.value)
        if key not in self._plans:
            self._plans[key] = referral_plan(self.dataset, max_km=key[0], lang=key[1],
                                             travel_times=self.travel_times)
        return self._plans[key]

    def selected_codes(self) -> list[str]:
        """Municipality codes of the current selection."""
        munis = self.dataset.boundaries
        if self.municipality.value not in (None, _ALL):
            return [self.municipality.value]
        if self.department.value != _ALL:
            return munis.loc[munis["dept_code"] == self.department.value, "muni_code"].tolist()
        return munis["muni_code"].tolist()

    def current_referrals(self) -> pd.DataFrame:
        """Referrals of returnees living in the selection, filtered by kind and occupation."""
        refs = self._plan().referrals
        refs = refs[refs["home_muni_code"].isin(self.selected_codes())
                    & refs["kind"].isin(self.kinds.value)]
        wanted = normalize_text(self.occupation.value)
        if wanted:
            people = self.dataset.returnees.set_index("returnee_id")["occupations"]
            from oportumap import skills

            label_codes = {normalize_text(skills.label(int(c), "es")): int(c)
                           for c in skills.occupations()["isco"]}
            code = label_codes.get(wanted)
            if code is not None:
                codes = skills.person_codes(people, slots=2)[0]
                keep = set(people.index[(codes == code).any(axis=1)])
            else:
                keep = set(people.index[normalize_series(people).str.contains(wanted,
                                                                              regex=False)])
            refs = refs[refs["returnee_id"].isin(keep)]
        return refs.reset_index(drop=True)

    def current_map(self):
        """The folium map for the current controls (zoomed to the selection)."""
        from oportumap.maps import opportunity_map

        fmap = opportunity_map(self.dataset, profile=self.profile(), color_by=self.color_by.value,
                               kinds=list(self.kinds.value) or None, lang=self.lang.value)
        codes = self.selected_codes()
        if len(codes) < len(self.dataset.boundaries):
            box = self.dataset.boundaries[self.dataset.boundaries["muni_code"].isin(codes)]
            west, south, east, north = box.total_bounds
            fmap.fit_bounds([[south, west], [north, east]])
        return fmap

    # ------------------------------------------------------------------ views

    def refresh(self) -> None:
        """Recompute what the controls ask for and redraw the three panels."""
        from oportumap.offline import render_html

        ui = _UI[self.lang.value]
        document = render_html(self.current_map())
        self.map_html.value = (f'<iframe title="mapa" srcdoc="{html.escape(document)}" '
                               'style="width:100%;height:560px;border:0"></iframe>')
        self.profile_html.value = self._profile_view(ui)
        refs = self.current_referrals()
        people = refs["returnee_id"].nunique()
        shown = refs.head(SHOWN_ROWS)[["returnee_id", "rank", "stage", "title", "provider",
                                       "distance_km", "reason"]]
        if self.lang.value == "es":
            from oportumap.exports.referrals import HEADERS_ES

            shown = shown.rename(columns=HEADERS_ES)
        note = (f" ({ui['shown']} {SHOWN_ROWS})" if len(refs) > SHOWN_ROWS else "")
        self.referrals_html.value = (f"<h4>{ui['referrals']}: {len(refs):,} · {people:,} "
                                     f"{ui['people']}{note}</h4>{_table_html(shown)}")
        self.status.value = ui["ready"]

    def _profile_view(self, ui: dict) -> str:
        from oportumap.access import department_profile
        from oportumap.privacy import shareable_profile

        profile = self.profile()
        lang = self.lang.value
        if self.municipality.value not in (None, _ALL):
            row = shareable_profile(profile).set_index("muni_code").loc[self.municipality.value]
            lines = [(text("municipality", lang), row["muni_name"]),
                     (text("department", lang), row["dept_name"]),
                     (text("returnees", lang), row["returnees"]),
                     (text("gap_score", lang), row["gap_score"]),
                     (text("priority_rank", lang), row["priority_rank"])]
            for kind in OPPORTUNITY_KINDS:
                lines.append((f"{text('kind.' + kind, lang)}: km",
                              f"{row[f'{kind}_nearest_km']:.1f}"
                              if pd.notna(row[f"{kind}_nearest_km"]) else "—"))
                lines.append((f"{text('kind.' + kind, lang)}: {text('capacity', lang)}",
                              int(row[f"{kind}_capacity"])))
            table = pd.DataFrame(lines, columns=[ui["profile"], ""])
            return _table_html(table)
        if self.department.value != _ALL:
            depts = shareable_profile(department_profile(profile))
            row = depts[depts["dept_code"] == self.department.value]
            cols = ["dept_name", "municipalities", "returnees", "gap_score", "priority_rank"]
            return _table_html(row[cols])
        top = shareable_profile(profile).head(10)
        return _table_html(top[["priority_rank", "muni_name", "dept_name", "returnees",
                                "gap_score"]])

    # ------------------------------------------------------------------ exports

    def export_map(self) -> Path:
        """Write the current map as offline HTML into the export folder."""
        from oportumap.maps import save_map

        path = self._export_path("mapa", ".html")
        save_map(self.current_map(), path)
        self._exported(path)
        return path

    def export_referrals(self) -> Path:
        """Write the current referral list (selection and filters) as the coordinators'
        workbook (:func:`oportumap.exports.referrals.write_referrals`)."""
        from dataclasses import replace

        from oportumap.exports.referrals import write_referrals

        path = self._export_path("referencias", ".xlsx")
        plan = self._plan()
        unmet = plan.unmet_demand[plan.unmet_demand["muni_code"].isin(self.selected_codes())]
        write_referrals(replace(plan, referrals=self.current_referrals(), unmet_demand=unmet),
                        path, lang=self.lang.value)
        self._exported(path)
        return path

    def _export_path(self, stem: str, suffix: str) -> Path:
        folder = Path(self.folder.value)
        folder.mkdir(parents=True, exist_ok=True)
        selection = (self.municipality.value if self.municipality.value not in (None, _ALL)
                     else self.department.value if self.department.value != _ALL else "todo")
        path = folder / f"{stem}_{selection}{suffix}"
        n = 2
        while path.exists():  # never overwrite an earlier export
            path = folder / f"{stem}_{selection}_{n}{suffix}"
            n += 1
        return path

    def _exported(self, path: Path) -> None:
        self.last_exports.append(path)
        self.status.value = f"{_UI[self.lang.value]['saved']}: {html.escape(str(path))}"
