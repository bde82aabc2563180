"""Maps: interactive (folium, offline HTML) and printable (PNG/PDF), one concern per module.

Maps only *present* results computed elsewhere (:func:`oportumap.municipality_profile`).
They carry aggregates only: no returnee IDs, names or home points; counts of people under
the suppression threshold show as ``"<5"``; every user-supplied string is escaped (HTML
tooltips) or inserted as text (point popups). :func:`save_map` writes one self-contained
HTML file that opens with no network (:mod:`~oportumap.maps.offline`).

Modules: :mod:`~oportumap.maps.classify` (classes, colours, legend),
:mod:`~oportumap.maps.payload` (shapes and values a map carries),
:mod:`~oportumap.maps.search` (search index, labels), :mod:`~oportumap.maps.interactive`,
:mod:`~oportumap.maps.static`, :mod:`~oportumap.maps.offline`.
"""

from oportumap.maps.classify import KIND_STYLE, SCHEMES
from oportumap.maps.interactive import opportunity_map, plan_map
from oportumap.maps.offline import external_references, render_html, save_map, write_html
from oportumap.maps.payload import municipality_properties
from oportumap.maps.search import LABEL_ZOOM_REST, LABEL_ZOOMS, place_labels, search_index
from oportumap.maps.static import static_map

__all__ = ["KIND_STYLE", "LABEL_ZOOMS", "LABEL_ZOOM_REST", "SCHEMES", "external_references",
           "municipality_properties", "opportunity_map", "place_labels", "plan_map",
           "render_html", "save_map", "search_index", "static_map", "write_html"]
