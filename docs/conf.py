"""Sphinx configuration of the oportumap documentation.

The site builds offline with ``-W`` (warnings are errors): no intersphinx, no remote
images or fonts. The seven notebooks in ``notebooks/`` are copied next to these pages and
executed once at build time by myst-nb (cached in ``docs/_build/.jupyter_cache``), so the
pages show their tables, charts and maps.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

import oportumap  # noqa: E402

project = "oportumap"
author = "oportumap contributors"
copyright = "oportumap contributors, MIT"
version = release = oportumap.__version__
language = "es"

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
    "myst_nb",
]

# --- the notebooks: copied from notebooks/ (their one home) at every build -------------
NOTEBOOKS = HERE / "cuadernos"
NOTEBOOKS.mkdir(exist_ok=True)
for stale in NOTEBOOKS.glob("*.ipynb"):
    if not (ROOT / "notebooks" / stale.name).exists():
        stale.unlink()
for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
    target = NOTEBOOKS / notebook.name
    if not target.exists() or target.read_bytes() != notebook.read_bytes():
        shutil.copyfile(notebook, target)

nb_execution_mode = "cache"
nb_execution_cache_path = str(HERE / "_build" / ".jupyter_cache")
nb_execution_timeout = 600
nb_execution_raise_on_error = True  # a failing notebook fails the build
nb_execution_show_tb = True
nb_merge_streams = True
# maps are self-contained HTML (the notebooks display them inlined); show HTML first
# widgets need JavaScript from a CDN to draw: none on these pages (the explorer's map is
# shown self-contained by its notebook instead)
nb_ipywidgets_js: dict = {}
nb_mime_priority_overrides = [
    ("html", "application/vnd.jupyter.widget-view+json", None),
]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# --- the API reference: generated from the numpydoc docstrings --------------------------
autosummary_generate = True
autosummary_imported_members = False
autodoc_typehints = "none"  # the numpydoc Parameters sections give each type, in words
autodoc_default_options = {"members": True, "undoc-members": False, "show-inheritance": False}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_validation_checks: set[str] = set()

# --- pages -----------------------------------------------------------------------------
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "**.ipynb_checkpoints",
                    "jupyter_execute"]


html_theme = "pydata_sphinx_theme"
html_title = "oportumap"
html_static_path = ["_static"]
templates_path = ["_templates"]
html_last_updated_fmt = None
html_theme_options = {
    # nothing fetched by the reader's browser from elsewhere: no icons from CDNs,
    # no analytics, no version switcher JSON
    "icon_links": [],
    "navbar_end": ["theme-switcher", "navbar-icon-links"],
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "footer_start": ["copyright"],
    "footer_end": [],
}
html_context = {"default_mode": "light"}


def setup(app):
    # CSV samples in the guide (input files, travel-time tables) are shown as plain text:
    # Pygments has no "csv" lexer and -W would turn the fallback into an error
    from pygments.lexers.special import TextLexer

    app.add_lexer("csv", TextLexer)
