"""Workbooks printed as a coordinator prints them: LibreOffice, A4, landscape.

The referral workbook (and the store export) is converted to PDF with headless LibreOffice
(``soffice --headless --convert-to pdf``), each sheet exported on its own
(``SinglePageSheets`` off; one PDF per workbook, pages in sheet order). The test asserts
that every page is A4 landscape, that every sheet prints one page wide (the pages of a
sheet never outnumber its rows divided by what fits on a page, which they would if the
23 columns spilled onto 8 pages across), and that the page count is in proportion to the
rows. Pages are rendered with poppler (``pdftoppm``) for a person to look at.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

pytestmark = pytest.mark.libreoffice

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFINFO = shutil.which("pdfinfo")


@pytest.fixture(scope="module")
def tools():
    missing = [name for name, found in (("libreoffice-calc", SOFFICE),
                                        ("poppler-utils", PDFINFO)) if found is None]
    if missing:
        message = f"Debian {' and '.join(missing)} not installed (apt-get install -y ...)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"printing tests cannot run in CI: {message}")
        pytest.skip(message)


def to_pdf(path: Path, out: Path) -> Path:
    profile = out / "perfil_lo"
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), str(path)], check=True,
                   capture_output=True, timeout=600)
    pdf = out / (path.stem + ".pdf")
    assert pdf.exists(), f"LibreOffice wrote no PDF for {path.name}"
    return pdf


def pages(pdf: Path) -> list[tuple[float, float]]:
    """Width and height (points) of every page."""
    info = subprocess.run([PDFINFO, "-f", "1", "-l", "100000", str(pdf)], check=True,
                          capture_output=True, text=True).stdout
    return [(float(w), float(h)) for w, h in
            re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]


@pytest.fixture(scope="module")
def referral_book(tmp_path_factory, sample_once):
    sample = sample_once
    from oportumap.exports.referrals import write_referrals
    from oportumap.referrals import referral_plan

    out = tmp_path_factory.mktemp("impresion")
    path = out / "referencias.xlsx"
    result = referral_plan(sample)
    # two departments keep the PDF small; the layout is the same for all of them
    keep = result.referrals["home_muni_code"].astype(str).str[:2].isin(["13", "16"])
    from dataclasses import replace

    write_referrals(replace(result, referrals=result.referrals[keep.to_numpy()]
                            .reset_index(drop=True)), path)
    return path


def test_referral_workbook_prints_one_page_wide_on_a4_landscape(tools, referral_book,
                                                                tmp_path):
    pdf = to_pdf(referral_book, tmp_path)
    sizes = pages(pdf)
    assert sizes, "no pages"
    for width, height in sizes:  # A4 landscape: 842 x 595 points
        assert abs(width - 842) < 3 and abs(height - 595) < 3, (width, height)
    book = openpyxl.load_workbook(referral_book, read_only=True)
    rows = {ws.title: ws.max_row for ws in book.worksheets}
    # Rows a landscape A4 page holds at 11 pt with wrapped text: between ~8 (wrapped notes
    # and reasons) and ~40; one page wide means pages ~ rows / rows-per-page, never
    # columns-pages x row-pages.
    data_rows = sum(n - 1 for name, n in rows.items()
                    if name not in ("Cómo usar esta lista", "Resumen"))
    assert len(sizes) <= data_rows / 8 + 2 * len(rows), (len(sizes), data_rows)
    assert len(sizes) >= data_rows / 100, (len(sizes), data_rows)
    # One page wide with the header repeated: every page of a list shows both the first
    # printed column («ID referencia») and the last («Nota»), under the header row.
    text = subprocess.run([shutil.which("pdftotext") or "pdftotext", "-layout", str(pdf),
                           "-"], check=True, capture_output=True, text=True).stdout
    list_pages = [p for p in text.split("\f") if re.search(r"R-\d{6}", p)]
    assert len(list_pages) >= data_rows / 100  # a readable size: at most ~100 rows a page
    for page in list_pages:
        assert "ID referencia" in page and "Nota" in page and "Estado" in page
        assert "ID oportunidad" not in page  # codes for the computer are not printed
    # Rendered for a person to look at (first page of the list).
    subprocess.run([shutil.which("pdftoppm") or "pdftoppm", "-png", "-r", "50", "-f", "1",
                    "-l", "3", str(pdf), str(tmp_path / "pagina")], check=True)
    assert list(tmp_path.glob("pagina*.png"))


def test_pages_grow_with_rows_not_with_columns(tools, tmp_path):
    """Doubling the rows about doubles the pages; the 23 columns never add pages across."""
    import pandas as pd

    from oportumap.exports.tables import write_table

    def table(n: int) -> pd.DataFrame:
        return pd.DataFrame({f"c{i}": [f"texto {i}-{r}" for r in range(n)] for i in range(23)})

    counts = []
    for n in (150, 600):
        path = tmp_path / f"t{n}.xlsx"
        write_table(table(n), path, headers=None)
        counts.append(len(pages(to_pdf(path, tmp_path))))
    assert counts[0] >= 2 and 3 <= counts[1] / counts[0] <= 5, counts
