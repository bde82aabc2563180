"""``oportumap research-export``: consent-only, pseudonymised, k-anonymous extracts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from oportumap.cli.common import (
    check_output,
    console,
    user_errors,
)
from oportumap.cli.options import (
    CountryOption,
    DataOption,
    ForceOption,
    QuietOption,
    RejectedOption,
    StrictOption,
)
from oportumap.cli.reading import (
    load_data,
)
from oportumap.errors import DataError


@user_errors
def research_export(
    data: DataOption,
    out: Annotated[Path, typer.Option("--out", "-o", help="Archivo .csv, .xlsx o .parquet")],
    key_file: Annotated[Path | None, typer.Option(
        help="Archivo con la clave secreta (o variable OPORTUMAP_KEY)")] = None,
    columns: Annotated[str | None, typer.Option(
        "--columns", help="Columnas a conservar, separadas por comas (por defecto "
        "muni_code,sex,age_band,return_month; además: interest, experience_abroad, "
        "has_id_document, needs_psychosocial, occupations, certifications)")] = None,
    k: Annotated[int, typer.Option("--k", min=2, help="Mínimo de personas por combinación "
                                   "de valores (k-anonimato)")] = 5,
    country: CountryOption = "GT",
    strict: StrictOption = False,
    rejected: RejectedOption = None,
    reuse_key: Annotated[bool, typer.Option(
        "--reuse-key", help="Aceptar una clave ya usada en otra entrega (NO recomendado: "
        "los seudónimos de ambas entregas se podrían unir)")] = False,
    force: ForceOption = False,
    quiet: QuietOption = False,
) -> None:
    """Extracto para investigación: solo con consentimiento, seudónimos, k-anonimato.

    Cada combinación de las columnas conservadas la comparten al menos --k personas
    (generaliza municipio -> departamento, mes -> trimestre -> año, bandas de 5 -> 10 años
    y, al final, suprime filas). Escribe junto al extracto un informe (.privacidad.txt)
    para el oficial de protección de datos. (Research extract: consent, keyed pseudonyms,
    k-anonymity, with a report.)
    """
    from oportumap.exports.tables import write_table
    from oportumap.privacy import check_key_reuse, read_key, record_release, research_extract

    key = read_key(str(key_file) if key_file else None)
    release = str(out.expanduser().resolve())
    check_key_reuse(key, release, allow_reuse=reuse_key)  # before reading anything
    report_path = out.with_name(out.stem + ".privacidad.txt")
    if report_path.exists() and not force:
        raise DataError(f"{report_path}: ya existe; use --force para reemplazarlo")
    wanted = [c.strip() for c in columns.split(",") if c.strip()] if columns else None
    check_output(out, force)
    dataset = load_data(data, quiet, out=out, country=country, strict=strict, rejected=rejected)
    departments = dataset.boundaries.set_index("muni_code")["dept_code"]
    result = research_extract(dataset.returnees, key, k=k, columns=wanted,
                              departments=departments)
    from oportumap.files import atomic_path

    write_table(result.data, out, force=force, private=True)
    with atomic_path(report_path) as tmp:
        tmp.write_text(result.report.to_text(), encoding="utf-8")
    record_release(key, release)
    r = result.report
    console.print(f"{out}: {r.released:,} personas con seudónimo; {r.without_consent:,} sin "
                  f"consentimiento excluidas, {r.suppressed:,} suprimidas; grupo mínimo "
                  f"{r.min_group_size} (k = {r.k}).", soft_wrap=True)
    console.print(f"Informe: {report_path}", soft_wrap=True)
