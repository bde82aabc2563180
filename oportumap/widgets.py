"""An interactive explorer for JupyterLab (ipywidgets 8).

``display(Explorer(load_sample()))`` is all a planner types: choose a department and a
municipality, the kinds of opportunity, an occupation, the reach of each kind (km, with
the profile's defaults: certification 150 km, vacancies 40 km...; or minutes when a
travel-time table is given), what colours the map (human names for every profile
column) and the language; the map, the profile and the referral list follow, with
Spanish headers (English with ``lang="en"``), and two buttons export the current map
(offline HTML) and the current referral list (Excel).

Everything shown is computed by the public API (:func:`~oportumap.municipality_profile`,
:func:`~oportumap.referrals.referral_plan`, :func:`~oportumap.opportunity_map`); results are
cached per reach so moving between municipalities is instant.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from oportumap.countries import with_admin_words
from oportumap.exports.tables import for_people
from oportumap.i18n import column_label, text
from oportumap.schema import OPPORTUNITY_KINDS, REACH_KM, REACH_MINUTES
from oportumap.text import normalize_series, normalize_text

_ALL = "__all__"
#: Profile columns that are not measures (never offered to colour the map).
_NOT_MEASURES = ("muni_code", "muni_name", "dept_code", "dept_name")


def _ui(key: str, lang: str) -> str:
    """Explorer word from the one table in :mod:`oportumap.i18n`."""
    return text(f"explorer.{key}", lang)
#: Rows of the referral table drawn in the notebook (the export has them all).
SHOWN_ROWS = 200


def _cell(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".")
    return str(value)


def _table_html(frame: pd.DataFrame) -> str:
    """A small HTML table; every cell escaped, missing values empty."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row)
                   + "</tr>" for row in frame.itertuples(index=False))
    return (f'<table class="om-table" style="font-size:12px"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>")


class Explorer:
    """Map, municipality profile and referral list, driven by a few controls.

    Parameters
    ----------
    dataset : Dataset
        The data to explore (``oportumap.load_sample()`` or your own).
    lang : {"es", "en"}
        Initial language (labels, choices, table headers, map).
    out_dir : str or Path
        Where the export buttons write (``oportumap-exports`` by default).
    travel_times : str, Path or pandas.DataFrame, optional
        The travel-time file ``profile``, ``plan`` and ``referrals`` accept (read by
        :func:`oportumap.costs.read_travel_times`): the explorer then starts in
        "minutos" mode, one slider per kind at :data:`oportumap.schema.REACH_MINUTES`
        (the km sliders stay one click away).

    Attributes
    ----------
    department, municipality, kinds, occupation, color_by, lang : ipywidgets
        The controls; set their ``.value`` from code to drive the explorer.
    reach : dict of ipywidgets.IntSlider
        One slider per kind of opportunity, in km (defaults
        :data:`oportumap.schema.REACH_KM`, as in the profile).
    reach_minutes : dict of ipywidgets.IntSlider
        The same in minutes (used in "minutos" mode, with ``travel_times``).
    reach_mode : ipywidgets.ToggleButtons
        ``"km"`` or ``"min"`` (minutes only with ``travel_times``).
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
    >>> explorer.reach["certification"].value, explorer.reach["vacancy"].value
    (150, 40)
    """

    def __init__(self, dataset, *, lang: str = "es", out_dir: str | Path = "oportumap-exports",
                 travel_times=None):
        import ipywidgets as w

        from oportumap.costs import read_travel_times

        text("yes", lang)  # validates lang
        self.dataset = dataset
        self.travel_times = (read_travel_times(travel_times, country=dataset.country)
                             if travel_times is not None
                             and not isinstance(travel_times, pd.DataFrame) else travel_times)
        self._profiles: dict[tuple, pd.DataFrame] = {}
        self._plans: dict[tuple, object] = {}
        self._updating = False
        wide = {"style": {"description_width": "120px"}, "layout": w.Layout(width="380px")}
        self.department = w.Dropdown(description=_ui("department", lang), **wide)
        self.municipality = w.Dropdown(description=_ui("municipality", lang), **wide)
        self.kinds = w.SelectMultiple(
            options=[(text(f"kind.{k}", lang), k) for k in OPPORTUNITY_KINDS],
            value=tuple(OPPORTUNITY_KINDS), rows=5, description=_ui("kinds", lang), **wide)
        self.occupation = w.Combobox(options=self._occupation_options(), value="",
                                     description=_ui("occupation", lang), ensure_option=False,
                                     **wide)
        # Reach in whole km and minutes (a slider reading «40.00» km claims a precision
        # no one has).
        slider = {"min": 5, "step": 5, "continuous_update": False, "readout_format": "d",
                  **wide}
        self.reach = {k: w.IntSlider(value=int(round(REACH_KM[k])), max=300, **slider)
                      for k in OPPORTUNITY_KINDS}
        self.reach_minutes = {k: w.IntSlider(value=int(round(REACH_MINUTES[k])), max=480,
                                             **slider) for k in OPPORTUNITY_KINDS}
        self.reach_mode = w.ToggleButtons(options=[(_ui("km", lang), "km"),
                                                   (_ui("minutes", lang), "min")],
                                          value="km" if travel_times is None else "min",
                                          description=_ui("reach_mode", lang),
                                          disabled=travel_times is None,
                                          style={"description_width": "120px",
                                                 "button_width": "80px"})
        self.color_by = w.Dropdown(description=_ui("color", lang), **wide)
        self.lang = w.ToggleButtons(options=["es", "en"], value=lang,
                                    description=_ui("lang", lang),
                                    style={"description_width": "120px",
                                           "button_width": "60px"})
        self.folder = w.Text(value=str(out_dir), description=_ui("folder", lang), **wide)
        # Buttons as wide as their words: «Exportar referencias (XLSX)» is never cut.
        fit = w.Layout(width="auto", min_width="max-content")
        self.export_map_button = w.Button(icon="map", layout=fit)
        self.export_referrals_button = w.Button(icon="table", layout=fit)
        self.export_profile_button = w.Button(icon="table", layout=fit)
        self.map_html = w.HTML()
        self.profile_html = w.HTML()
        self.referrals_html = w.HTML()
        self.status = w.HTML()
        self.reach_title = w.HTML()
        self.last_exports: list[Path] = []
        self._reach_box = w.VBox()
        self._relabel()
        self.color_by.value = "returnees"
        self._fill_departments()
        self._fill_municipalities()
        self._show_reach()
        for control in (self.department, self.municipality, self.kinds, self.occupation,
                        self.color_by, self.lang, self.reach_mode,
                        *self.reach.values(), *self.reach_minutes.values()):
            control.observe(self._changed, names="value")
        self.export_map_button.on_click(lambda _b: self.export_map())
        self.export_referrals_button.on_click(lambda _b: self.export_referrals())
        self.export_profile_button.on_click(lambda _b: self.export_profile())
        controls = w.VBox([self.department, self.municipality, self.kinds, self.occupation,
                           self.reach_title, self.reach_mode, self._reach_box, self.color_by,
                           self.lang, self.folder,
                           w.HBox([self.export_map_button, self.export_referrals_button,
                                   self.export_profile_button],
                                  layout=w.Layout(flex_flow="row wrap")),
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

    def _color_columns(self) -> list[str]:
        """Every measure of the profile (its columns minus names and codes)."""
        return [c for c in self.profile().columns if c not in _NOT_MEASURES]

    def _relabel(self) -> None:
        """Words of every control in the current language (from :mod:`oportumap.i18n`)."""
        lang = self.lang.value
        for key, control in (("department", self.department),
                             ("municipality", self.municipality), ("kinds", self.kinds),
                             ("occupation", self.occupation), ("color", self.color_by),
                             ("lang", self.lang), ("folder", self.folder),
                             ("reach_mode", self.reach_mode)):
            control.description = with_admin_words(_ui(key, lang), self.dataset.country, lang)
        self.export_map_button.description = _ui("export_map", lang)
        self.export_referrals_button.description = _ui("export_refs", lang)
        self.export_profile_button.description = _ui("export_profile", lang)
        self.reach_title.value = f"<b>{html.escape(_ui('reach_title', lang))}</b>"
        for kind in OPPORTUNITY_KINDS:
            name = text(f"kind.{kind}", lang)
            self.reach[kind].description = f"{name} (km)"
            self.reach_minutes[kind].description = f"{name} (min)"
        kinds = self.kinds.value
        self.kinds.options = [(text(f"kind.{k}", lang), k) for k in OPPORTUNITY_KINDS]
        self.kinds.value = kinds
        mode = self.reach_mode.value
        self.reach_mode.options = [(_ui("km", lang), "km"), (_ui("minutes", lang), "min")]
        self.reach_mode.value = mode
        colour = self.color_by.value
        self.color_by.options = [(column_label(c, lang), c) for c in self._color_columns()]
        if colour in dict(self.color_by.options).values():
            self.color_by.value = colour

    def _show_reach(self) -> None:
        sliders = self.reach_minutes if self.reach_mode.value == "min" else self.reach
        self._reach_box.children = tuple(sliders.values())

    def _fill_departments(self) -> None:
        lang = self.lang.value
        depts = self.dataset.boundaries[["dept_code", "dept_name"]].drop_duplicates()
        depts = depts.sort_values("dept_name")
        value = self.department.value
        self.department.options = [(_ui("all", lang), _ALL),
                                   *zip(depts["dept_name"], depts["dept_code"], strict=True)]
        self.department.value = value if value is not None else _ALL

    def _fill_municipalities(self, keep: bool = False) -> None:
        lang = self.lang.value
        munis = self.dataset.boundaries
        if self.department.value != _ALL:
            munis = munis[munis["dept_code"] == self.department.value]
        munis = munis.sort_values("muni_name")
        value = self.municipality.value
        self.municipality.options = [(_ui("all", lang), _ALL),
                                     *zip(munis["muni_name"], munis["muni_code"], strict=True)]
        self.municipality.value = value if keep and value is not None else _ALL

    def _changed(self, change) -> None:
        if self._updating:
            return
        self._updating = True
        try:
            owner = change["owner"]
            if owner is self.department:
                self._fill_municipalities()
            elif owner is self.municipality and change["new"] != _ALL:
                code = change["new"]
                dept = self.dataset.boundaries.set_index("muni_code").loc[code, "dept_code"]
                if self.department.value != dept:
                    self.department.value = dept
                    self._fill_municipalities()
                    self.municipality.value = code
            elif owner is self.lang:
                self._relabel()
                self._fill_departments()
                self._fill_municipalities(keep=True)
            elif owner is self.reach_mode:
                self._show_reach()
        finally:
            self._updating = False
        self.refresh()

    def reach_setting(self) -> tuple[str, dict[str, float]]:
        """The reach the controls ask for: ``("km", {kind: km})`` or ``("min", {...})``.

        Examples
        --------
        >>> from oportumap import load_sample
        >>> Explorer(load_sample()).reach_setting()[1]["certification"]
        150.0
        """
        if self.reach_mode.value == "min" and self.travel_times is not None:
            return "min", {k: float(s.value) for k, s in self.reach_minutes.items()}
        return "km", {k: float(s.value) for k, s in self.reach.items()}

    def _reach_arguments(self) -> dict:
        unit, values = self.reach_setting()
        if unit != "min":
            return {"max_km": values}
        return {"max_minutes": values, "travel_times": self.travel_times}

    def profile(self) -> pd.DataFrame:
        """Municipality profile at the current reach of each kind (cached)."""
        from oportumap.access import municipality_profile

        unit, values = self.reach_setting()
        key = (unit, *values.values())
        if key not in self._profiles:
            self._profiles[key] = municipality_profile(self.dataset,
                                                       **self._reach_arguments())
        return self._profiles[key]

    def _plan(self):
        from oportumap.referrals import referral_plan

        unit, values = self.reach_setting()
        key = (unit, *values.values(), self.lang.value)
        if key not in self._plans:
            self._plans[key] = referral_plan(self.dataset, lang=self.lang.value,
                                             **self._reach_arguments())
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
        from oportumap.maps.offline import render_html

        lang = self.lang.value
        document = render_html(self.current_map())
        self.map_html.value = (f'<iframe title="mapa" srcdoc="{html.escape(document)}" '
                               'style="width:100%;height:560px;border:0"></iframe>')
        self.profile_html.value = self._profile_view()
        refs = self.current_referrals()
        people = refs["returnee_id"].nunique()
        shown = refs.head(SHOWN_ROWS)[["returnee_id", "rank", "stage", "title", "provider",
                                       "distance_km", "reason"]].copy()
        shown["stage"] = shown["stage"].astype(object).map(
            lambda v: text(f"stage.{v}", lang) if isinstance(v, str) else v)
        note = (f" ({_ui('shown', lang)} {SHOWN_ROWS})" if len(refs) > SHOWN_ROWS else "")
        table = _table_html(for_people(shown, lang, country=self.dataset.country))
        self.referrals_html.value = (
            f"<h4>{_ui('referrals', lang)}: {len(refs):,} · {people:,} "
            f"{_ui('people', lang)}{note}</h4>{table}")
        self.status.value = _ui("ready", lang)

    def _profile_view(self) -> str:
        from oportumap.access import department_profile
        from oportumap.privacy import shareable_profile

        profile = self.profile()
        lang = self.lang.value
        unit, _values = self.reach_setting()
        if self.municipality.value not in (None, _ALL):
            row = shareable_profile(profile, lang=lang)
            row = row[row["muni_code"] == self.municipality.value]
            nearest = "nearest_min" if unit == "min" else "nearest_km"
            columns = ["muni_name", "dept_name", "returnees", "gap_score", "priority_rank",
                       *[f"{k}_{m}" for k in OPPORTUNITY_KINDS for m in (nearest, "capacity")]]
            shown = for_people(row[[c for c in columns if c in row]], lang,
                                country=self.dataset.country)
            table = pd.DataFrame({_ui("profile", lang): list(shown.columns),
                                  _ui("value", lang): ["—" if v in ("", None) or v != v else v
                                                       for v in shown.iloc[0].tolist()]})
            return _table_html(table)
        if self.department.value != _ALL:
            depts = shareable_profile(department_profile(profile), municipalities=profile,
                                      lang=lang)
            row = depts[depts["dept_code"] == self.department.value]
            cols = ["dept_name", "municipalities", "returnees", "gap_score", "priority_rank"]
            return _table_html(for_people(row[cols], lang, country=self.dataset.country))
        top = shareable_profile(profile, lang=lang).head(10)
        return _table_html(for_people(top[["priority_rank", "muni_name", "dept_name",
                                           "returnees", "gap_score"]], lang,
                                      country=self.dataset.country))

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

    def export_profile(self) -> Path:
        """Write the access profile of the selection (small counts protected) with the one
        table writer (:func:`oportumap.exports.tables.write_table`), in the country's words."""
        from oportumap.exports.tables import write_table
        from oportumap.privacy import shareable_profile

        lang = self.lang.value
        path = self._export_path("perfil" if lang == "es" else "profile", ".xlsx")
        profile = shareable_profile(self.profile(), lang=lang)
        profile = profile[profile["muni_code"].isin(self.selected_codes())]
        write_table(profile, path, headers=lang, lang=lang, country=self.dataset.country)
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
        self.status.value = f"{_ui('saved', self.lang.value)}: {html.escape(str(path))}"
