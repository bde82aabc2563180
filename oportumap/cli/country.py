"""``oportumap country``: register another country's boundaries once, list, remove."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from oportumap.cli.common import console, err_console, user_errors
from oportumap.errors import DataError

country_app = typer.Typer(
    name="country",
    help="Países: registrar los límites municipales de otro país (El Salvador, Honduras, "
    "Costa Rica, ...) una sola vez. (Register another country's boundaries.)",
    no_args_is_help=True,
)

_CODE = re.compile(r"[A-Za-z]{2,3}")


def _country_code(code: str) -> str:
    if not _CODE.fullmatch(code.strip()):
        raise DataError(f"código de país '{code}' no válido; use el código ISO de dos letras "
                        "(SV, HN, CR, ...)")
    return code.strip().upper()


@country_app.command("add")
@user_errors
def add(
    code: Annotated[str, typer.Argument(help="Código ISO del país (SV, HN, CR, ...)")],
    boundaries: Annotated[Path, typer.Option(
        "--boundaries", "-b", help="Archivo de límites tal como se publica (GeoJSON, "
        "GeoPackage, shapefile; cualquier sistema de coordenadas)", dir_okay=False)],
    code_column: Annotated[str, typer.Option(
        help="Columna con el código de cada municipio / cantón / distrito")],
    name_column: Annotated[str, typer.Option(help="Columna con su nombre")],
    dept_column: Annotated[str, typer.Option(
        help="Columna con el nombre del departamento / provincia")],
    dept_code_column: Annotated[str | None, typer.Option(
        help="Columna con el código del departamento / provincia (opcional)")] = None,
    name: Annotated[str | None, typer.Option(
        "--name", help="Nombre del país para mapas y mensajes")] = None,
    admin1: Annotated[str | None, typer.Option(
        help="Cómo se llama el primer nivel (departamento, provincia)")] = None,
    admin2: Annotated[str | None, typer.Option(
        help="Cómo se llama el nivel registrado (municipio, cantón, distrito)")] = None,
    id_document: Annotated[str | None, typer.Option(
        help="Documento de identidad (DUI, DNI, cédula, ...)")] = None,
    source: Annotated[str | None, typer.Option(
        help="Fuente de los límites, como se citará en los mapas")] = None,
    layer: Annotated[str | None, typer.Option(
        help="Capa a leer si el archivo tiene varias (GeoPackage)")] = None,
    aliases: Annotated[Path | None, typer.Option(
        "--aliases", help="CSV con más nombres que la gente escribe: alias,oficial"
        "[,departamento] (p. ej. 'Tegus,Distrito Central,Francisco Morazán')",
        dir_okay=False)] = None,
    swap_xy: Annotated[bool, typer.Option(
        "--swap-xy", help="Intercambiar x e y de los polígonos escritos como (latitud, "
        "longitud)")] = False,
    capitals: Annotated[str | None, typer.Option(
        "--capitals", help="Columna que dice qué unidad es la cabecera de su departamento "
        "(sí/no en esa fila, o el nombre de la cabecera en cada fila); sin ella, las "
        "cabeceras incluidas (El Salvador, Honduras, Costa Rica) o la unidad que se llama "
        "como su departamento")] = None,
    district_column: Annotated[str | None, typer.Option(
        "--district-column", help="Columna con el distrito dentro de cada municipio (El "
        "Salvador desde 2024: los 262 municipios de antes, p. ej. ADM3_ES); los nombres de "
        "distrito siguen sirviendo y se lee la columna «Distrito» de los registros")] = None,
    district_code_column: Annotated[str | None, typer.Option(
        "--district-code-column", help="Columna con el código del distrito (p. ej. "
        "ADM3_PCODE)")] = None,
    by_district: Annotated[bool, typer.Option(
        "--by-district", help="Registrar los distritos como unidades (262) en lugar de sus "
        "municipios (44); necesita --district-column y --district-code-column")] = False,
) -> None:
    """Registrar los límites de un país (se guardan y sirven en cada sesión posterior).

    Ejemplo (Costa Rica, archivo de cantones publicado):

      oportumap country add CR --boundaries cantones.gpkg --code-column COD_CANT
      --name-column NOM_CANT --dept-column NOM_PROV --dept-code-column COD_PROV
      --name "Costa Rica"

    El Salvador desde un archivo de distritos (COD-AB): los 44 municipios, con sus
    distritos:

      oportumap country add SV --boundaries slv_adm3.gpkg --code-column ADM2_PCODE
      --name-column ADM2_ES --dept-column ADM1_ES --district-column ADM3_ES
    """
    from oportumap.countries import complete_words, country_words
    from oportumap.geography import build_country
    from oportumap.geography.registry import remember, save_registered

    key = _country_code(code)
    if key == "GT":
        raise DataError("Guatemala ya viene incluida; no hace falta registrarla")
    if not boundaries.exists():
        raise DataError(f"{boundaries}: el archivo de límites no existe")
    words = complete_words({"admin1": admin1, "admin2": admin2, "id_document": id_document})
    default_name = country_words(key, registered=False)["country_name"] or key
    geo, report = build_country(
        key, boundaries, code_column=code_column, name_column=name_column,
        dept_column=dept_column, dept_code_column=dept_code_column,
        country_name=name or default_name, source=source, words=words, layer=layer,
        aliases=aliases, swap_xy=swap_xy, capitals_column=capitals,
        district_column=district_column, district_code_column=district_code_column,
        by_district=by_district)
    folder = save_registered(geo, report)
    remember(geo)
    w = {**country_words(key, registered=False), **geo.words}
    console.print(
        f"Registrado {geo.name} ({key}): {report['units']} {w['admin2_plural']} en "
        f"{report['departments']} {w['admin1_plural']}, leídos de {report['features']} "
        f"polígonos ({report['crs']} convertido a EPSG:4326)."
    )
    if report["merged"]:
        shown = ", ".join(f"{c} ({n} polígonos)" for c, n in list(report["merged"].items())[:8])
        more = "" if len(report["merged"]) <= 8 else f" y {len(report['merged']) - 8} más"
        count = len(report["merged"])
        units = f"1 {w['admin2']} dibujado" if count == 1 else \
            f"{count} {w['admin2_plural']} dibujados"
        console.print(f"Se unieron los polígonos de {units} en varias partes: {shown}{more}.")
    if report.get("districts"):
        console.print(_districts_line(geo, report, w))
    _print_checks(report, w)
    seats = report["seats"]
    how = [f"{n} de la columna {capitals} (leída como {seats['reading']})" if part == "column"
           else f"{n} de la tabla de cabeceras incluida" if part == "table"
           else f"{n} por llevar el nombre de su {w['admin1']}"
           for part, n in (("column", seats["column"]), ("table", seats["table"]),
                          ("name", seats["name"])) if n]
    console.print(f"Cabeceras de {w['admin1_plural']} (etiquetas de los mapas): "
                  f"{'; '.join(how) or 'ninguna encontrada'}.")
    if seats["missing"]:
        console.print(f"Sin cabecera: {', '.join(seats['missing'])} (sin etiqueta de capital; "
                      "indíquela con --capitals COLUMNA).")
    example = geo.municipalities.iloc[0]
    console.print(f"Códigos guardados como en el archivo, p. ej. '{example['muni_code']}' = "
                  f"{example['muni_name']}. Use --country {key} en los demás comandos.")
    console.print(f"Guardado en {folder}")


def _districts_line(geo, report: dict, w: dict[str, str]) -> str:
    """What the district column gave: names kept, or the units themselves."""
    from oportumap.countries import country_words
    from oportumap.i18n import text

    parents = geo.districts["parent_code"].nunique()
    key = "registered_by" if report.get("by_district") else "registered"
    # The level holding the districts keeps the country's own word (El Salvador:
    # municipio) even when the units registered are the districts.
    level = country_words(geo.code, registered=False)
    return text(f"places.district.{key}", "es").format(
        n=report["districts"], units=parents, admin2=level["admin2"],
        admin2_plural=level["admin2_plural"], admin3=w["admin3"],
        admin3_plural=w["admin3_plural"], Admin3=w["admin3"].capitalize())


def _print_checks(report: dict, w: dict[str, str]) -> None:
    """Every repair, water body, swap and name kept, as registration decided them."""
    repairs = report.get("repairs", [])
    if repairs:
        console.print(f"Se repararon {len(repairs)} polígonos:")
        for line in repairs:
            console.print(f"  - {line}")
    if report.get("water"):
        console.print(f"No son {w['admin2_plural']} (cuerpos de agua, no se registran): "
                      + ", ".join(report["water"]) + ".")
    if report.get("water_like_units"):
        console.print(f"Se registraron como {w['admin2_plural']} aunque su nombre parece de "
                      "un cuerpo de agua (tienen código, población y "
                      f"{w['admin1']}): " + ", ".join(report["water_like_units"]) + ".")
    for line in report.get("swapped", []):
        console.print(f"Se corrigió: {line}.")
    if report.get("department_names"):
        console.print(f"Los nombres de {w['admin1_plural']} de Natural Earth siguen "
                      "valiendo: " + ", ".join(report["department_names"]) + ".")
    if report.get("aliases"):
        console.print(f"Nombres propios agregados: {report['aliases']}.")
    if report.get("aliases_unmatched"):
        missed = report["aliases_unmatched"]
        console.print(f"{len(missed)} nombres del archivo de alias no corresponden a ningún "
                      f"{w['admin2']} del archivo de límites (no se usan): "
                      + "; ".join(missed[:10]) + ".")


@country_app.command("list")
@user_errors
def list_countries() -> None:
    """Mostrar los países disponibles: incluidos y registrados."""
    from oportumap.countries import country_words
    from oportumap.geography import BUNDLED_ADMIN1, departments
    from oportumap.geography.registry import registered

    rows = registered()
    table = Table(title="Países")
    for column in ("Código", "País", "Unidades", "Primer nivel", "Origen"):
        table.add_column(column)
    table.add_row("GT", "Guatemala", "340 municipios", "22 departamentos",
                  "incluido (MINFIN, INE)")
    done = {row["code"] for row in rows}
    for row in rows:
        table.add_row(row["code"], row["name"], str(row["units"]), str(row["departments"]),
                      f"registrado {row['registered_at']} en {row['folder']}")
    for key, country_name in BUNDLED_ADMIN1.items():
        if key not in done:
            w = country_words(key, registered=False)
            table.add_row(key, country_name, f"{w['admin2_plural']}: sin registrar",
                          f"{len(departments(key))} {w['admin1_plural']} (incluidos, "
                          "Natural Earth)",
                          f"registre sus {w['admin2_plural']}: "
                          f"oportumap country add {key} ...")
    console.print(table)


@country_app.command("aliases")
@user_errors
def aliases_command(
    code: Annotated[str, typer.Argument(help="Código del país (GT, SV, HN, CR, ...)")],
    aliases: Annotated[Path, typer.Option(
        "--aliases", help="CSV alias,oficial[,departamento][,nivel]: nombres que la gente "
        "escribe y el lugar oficial que significan", dir_okay=False)],
) -> None:
    """Agregar nombres de lugares (alias) a un país, Guatemala incluida; se guardan."""
    from oportumap.countries import country_words
    from oportumap.geography import clear_cache, department_table
    from oportumap.geography.aliases import add_user_aliases, read_aliases
    from oportumap.geography.resolve import resolve, resolve_departments

    key = _country_code(code)
    rows = read_aliases(aliases)
    path, total = add_user_aliases(key, rows)
    clear_cache(key)
    w = country_words(key)
    munis = rows[rows["level"] == "municipality"]
    depts = rows[rows["level"] == "department"]
    missed: list[str] = []
    if len(munis):
        table = department_table(key)
        if hasattr(table, "municipalities"):
            found = resolve(munis["alias"].tolist(), munis["department"].tolist(),
                            country=key)
            missed += [f"{a} ({m})" for a, m in zip(munis["alias"], found.messages,
                                                     strict=True) if m]
    if len(depts):
        _, ok = resolve_departments(depts["alias"].tolist(), country=key)
        missed += [f"{a}: {w['admin1']} '{o}' desconocido" for a, o, good in
                   zip(depts["alias"], depts["official"], ok, strict=True) if not good]
    console.print(f"{len(rows)} nombres agregados a {key} ({total} en total), guardados en "
                  f"{path}.")
    if missed:
        console.print(f"{len(missed)} no corresponden a ningún lugar de {key} y no se usan: "
                      + "; ".join(missed[:10]))


@country_app.command("remove")
@user_errors
def remove(code: Annotated[str, typer.Argument(help="Código del país registrado")]) -> None:
    """Borrar el registro de un país (sus límites guardados)."""
    from oportumap.geography.registry import remove_registered

    key = _country_code(code)
    if key == "GT":
        raise DataError("Guatemala viene incluida y no se puede borrar")
    if not remove_registered(key):
        err_console.print(f"El país {key} no está registrado; vea oportumap country list")
        raise typer.Exit(1)
    console.print(f"Registro de {key} borrado.")
