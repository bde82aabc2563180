"""Self-contained HTML: inline every script and style from installed packages.

folium's default page loads Leaflet, jQuery, Bootstrap and icon fonts from CDNs, so a map
opened without internet is blank. Offline, oportumap keeps only what its maps use (Leaflet,
from the ``xstatic-leaflet`` package, and its own small helpers in ``oportumap/static``),
inlines them, turns Leaflet's CSS images into data URIs, and refuses to write a file that
would still load anything from outside.
"""

from __future__ import annotations

import base64
import functools
import re
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from oportumap.errors import DataError

if TYPE_CHECKING:  # pragma: no cover
    import folium

#: Any external reference a browser would fetch: script/link/img sources, CSS url(...).
EXTERNAL_REFERENCE = re.compile(
    r"""(?:<(?:script|link|img|iframe|source)\b[^>]*?\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:url\(\s*["']?\s*(?:https?:)?//)|(?:@import\s+["']?(?:https?:)?//)"""
    r"""|(?:L\.tileLayer\(\s*["'](?:https?:)?//)""",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=1)
def _leaflet() -> tuple[str, str]:
    data = resources.files("xstatic.pkg.leaflet") / "data"
    script = (data / "leaflet.js").read_text(encoding="utf-8")
    style = (data / "leaflet.css").read_text(encoding="utf-8")

    def inline_image(match: re.Match) -> str:
        name = match.group(1)
        image = data / "images" / name
        encoded = base64.b64encode(image.read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{encoded})"

    style = re.sub(r"url\(\s*['\"]?images/([\w.\-]+\.png)['\"]?\s*\)", inline_image, style)
    # the sourcemap comment would make developer tools request leaflet.js.map
    script = re.sub(r"//# sourceMappingURL=\S+", "", script)
    return script, style


@functools.lru_cache(maxsize=1)
def _helpers() -> tuple[str, str]:
    static = resources.files("oportumap") / "static"
    return ((static / "oportumap_map.js").read_text(encoding="utf-8"),
            (static / "oportumap_map.css").read_text(encoding="utf-8"))


def attach_helpers(m) -> None:
    """Put oportumap's map helpers (script and style) in a folium map's page header.

    So the map also works where folium renders it itself (a notebook cell showing the map,
    ``m.save``); :func:`render_html` inlines them only once.
    """
    from branca.element import Element

    helper_js, helper_css = _helpers()
    root = m.get_root()
    root.header.add_child(Element(f"<style>{helper_css}</style>"), name="om_css")
    root.header.add_child(Element(f"<script>{helper_js}</script>"), name="om_js")


def external_references(document: str) -> list[str]:
    """Every place in an HTML document that would make a browser fetch from the network.

    Examples
    --------
    >>> external_references('<script src="https://example.org/x.js"></script>')
    ['<script src="https://']
    >>> external_references('<p>see https://example.org</p>')
    []
    """
    return [m.group(0) for m in EXTERNAL_REFERENCE.finditer(document)]


def render_html(m, *, offline: bool = True) -> str:
    """The complete HTML document of a folium map (offline: self-contained).

    Raises
    ------
    DataError
        When ``offline`` and the page would still reference the network (for example an
        online tile layer was added): use ``offline=False`` for such a map.
    """
    helper_js, helper_css = _helpers()
    attached = "om_js" in m.get_root().header._children
    if not offline:
        attach_helpers(m)
        return m.get_root().render()
    import folium

    online_layers = [child for child in m._children.values()
                     if isinstance(child, folium.TileLayer)]
    if online_layers:
        raise DataError(
            "el mapa todavía carga recursos de internet (capa de mosaicos "
            f"'{online_layers[0].tile_name}'); quite las capas en línea (tiles) o guárdelo "
            "con offline=False"
        )
    saved = (m.default_js, m.default_css)
    m.default_js, m.default_css = [], []
    try:
        document = m.get_root().render()
    finally:
        m.default_js, m.default_css = saved
    leaflet_js, leaflet_css = _leaflet()
    # Functions passed to replace: inlined code may contain backslashes.
    # Leaflet first; the helpers need it (they sit in the header already when attached).
    head = f"<style>{leaflet_css}</style>\n<script>{leaflet_js}</script>\n"
    if not attached:
        head += f"<style>{helper_css}</style>\n<script>{helper_js}</script>\n"
    document = re.sub(r"<head>", lambda _: "<head>\n" + head, document, count=1)
    found = external_references(document)
    if found:
        raise DataError(
            "el mapa todavía carga recursos de internet "
            f"({', '.join(sorted(set(found))[:3])}); quite las capas en línea (tiles) o "
            "guárdelo con offline=False"
        )
    return document


def write_html(document: str, path: Path, *, force: bool = False) -> Path:
    """Write an HTML document atomically, refusing to overwrite without ``force``."""
    from oportumap.files import atomic_path

    if path.exists() and not force:
        raise DataError(f"{path}: ya existe; use --force (force=True) para reemplazarlo")
    path.parent.mkdir(parents=True, exist_ok=True)
    import re

    # No NUL/ESC... from a data file into the page (as exports.cells does for tables).
    document = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", document)
    with atomic_path(path) as tmp:
        tmp.write_text(document, encoding="utf-8")
    return path


def save_map(m: folium.Map, path: str | Path, *, offline: bool = True,
             force: bool = False) -> Path:
    """Write a map as one HTML file; offline (default) it needs no network at all.

    Offline, Leaflet's script and style and oportumap's own helpers are inlined from
    installed packages (``xstatic-leaflet``) and folium's CDN links (jQuery, Bootstrap,
    icon fonts) are dropped; the file is checked to load nothing from outside.
    ``offline=False`` keeps folium's CDN links (smaller file, needs internet).

    Parameters
    ----------
    m : folium.Map
        From :func:`opportunity_map`.
    path : str or Path
        Output ``.html`` file (written atomically).
    offline : bool
        Inline everything (default).
    force : bool
        Replace an existing file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from oportumap import load_sample, opportunity_map
    >>> out = save_map(opportunity_map(load_sample()), pathlib.Path(tempfile.mkdtemp()) / "m.html")
    >>> "cdn.jsdelivr" in out.read_text(encoding="utf-8")
    False
    """
    path = Path(path)
    if path.suffix.lower() not in (".html", ".htm"):
        raise DataError(f"{path.name}: use la extensión .html para el mapa")
    return write_html(render_html(m, offline=offline), path, force=force)
