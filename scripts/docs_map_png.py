"""Write the small picture of the demo map shown by the README and the docs.

It is the ``map.png`` that ``oportumap demo`` writes (the illustrative sample, municipalities
coloured by returnees, counts below 5 as «<5»), made smaller for a web page::

    python scripts/docs_map_png.py            # -> docs/_static/mapa_demo.png

Rerun it when the map's look or the sample changes.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "_static" / "mapa_demo.png"
WIDTH = 720  # px: readable on a page, small enough for the README (≤ ~200 KB)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "demo"
        subprocess.run([sys.executable, "-m", "oportumap", "demo", "--out", str(out)],
                       check=True, stdout=subprocess.DEVNULL)
        image = Image.open(out / "map.png").convert("RGB")
    height = round(image.height * WIDTH / image.width)
    small = image.resize((WIDTH, height), Image.LANCZOS)
    # a 128-colour palette keeps the choropleth's classes and the text sharp at a fraction
    # of the size of a full-colour PNG
    small = small.quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    small.save(TARGET, optimize=True)
    print(f"{TARGET.relative_to(ROOT)}: {WIDTH}×{height}, {TARGET.stat().st_size / 1e3:.0f} KB")


if __name__ == "__main__":
    main()
