"""Recipes: every command leaves beside its output how to make it again.

After a command succeeds, ``<output>.receta.json`` (``receta.json`` inside a folder output)
records the oportumap version, the command and its options as typed, the as-of date, the
name and SHA-256 of every input file (the data folder's files, a travel-time table) and,
with a follow-up store, its last event. ``oportumap rehacer RECETA`` runs the same
command again after checking that no input changed, and refuses with a clear message
when one did. The recipe's own hash (of what it depends on, not of the output) is shown
in the footer of shared outputs that have one (briefs), so a printed page can be traced.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import hashlib
import inspect
import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from oportumap.cli.common import console, user_errors
from oportumap.errors import DataError

F = TypeVar("F", bound=Callable)

#: The recipe of the command now running (its hash is cited in shared outputs).
CURRENT: contextvars.ContextVar[dict | None] = contextvars.ContextVar("recipe", default=None)

#: Files oportumap writes beside the data that are not inputs.
_NOT_INPUTS = (".receta.json", "receta.json", "filas_rechazadas.csv", "reporte_validacion.txt",
               "columnas.csv")

#: Options whose files are secrets or outputs, never hashed as inputs.
_NOT_HASHED = {"out", "rejected", "map_path", "key_file", "compare"}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _inputs(params: dict[str, Any]) -> list[dict[str, str]]:
    """Every input file the options point at: a data folder's files, a table."""
    found: list[dict[str, str]] = []
    for name, value in params.items():
        if name in _NOT_HASHED or not isinstance(value, Path) or not value.exists():
            continue
        files = (sorted(p for p in value.iterdir() if p.is_file()
                        and not p.name.startswith((".", "~$"))
                        and not p.name.endswith(_NOT_INPUTS))
                 if value.is_dir() else [value])
        found += [{"option": name, "path": str(p), "sha256": _sha256(p)} for p in files]
    return found


def _store_mark(db: str | None) -> dict | None:
    if not db:
        return None
    from oportumap.tracking.store import using

    try:
        from sqlalchemy import text

        with using(db) as store, store.read() as conn:
            row = conn.execute(text("SELECT COUNT(*), MAX(event_id), MAX(imported_at) FROM "
                                    "status_events")).one()
            runs = conn.execute(text("SELECT COUNT(*) FROM runs")).scalar()
    except Exception:  # noqa: BLE001 - a store that cannot be read is said, not fatal
        return {"db": str(db), "readable": False}
    return {"db": str(db), "events": int(row[0] or 0), "last_event": row[1],
            "last_import": str(row[2]) if row[2] else None, "runs": int(runs or 0)}


def _argv(ctx: typer.Context) -> list[str]:
    """The options as they would be typed, from the values the command received."""
    argv: list[str] = []
    for param in ctx.command.params:
        value = ctx.params.get(param.name)
        if param.name in ("force", "quiet") or value is None:
            continue
        if param.param_type_name == "argument":
            argv += [str(v) for v in (value if isinstance(value, list | tuple) else [value])]
            continue
        flag = max(param.opts, key=len)
        if getattr(param, "is_flag", False):
            if value and value != param.default:
                argv.append(flag)
            continue
        if value == param.default and not isinstance(value, Path):
            continue
        for item in value if isinstance(value, list | tuple) else [value]:
            argv += [flag, str(item)]
    return argv


def recipe_target(params: dict[str, Any]) -> Path | None:
    """Where the recipe of a command with these options goes (None: no output file)."""
    out = params.get("out")
    if not isinstance(out, Path):
        return None
    if out.is_dir() or not out.suffix:
        return out / "receta.json"
    return out.with_name(out.name + ".receta.json")


def build_recipe(ctx: typer.Context) -> dict:
    """The recipe of the command in ``ctx`` (before it runs: inputs as they are now)."""
    from oportumap import __version__

    params = dict(ctx.params)
    recipe = {
        "oportumap": __version__,
        "command": ctx.command_path.split()[1:],
        "options": _argv(ctx),
        "as_of": params.get("as_of"),
        "inputs": _inputs(params),
        "store": _store_mark(params.get("db")),
    }
    body = json.dumps(recipe, sort_keys=True, ensure_ascii=False, default=str)
    recipe["hash"] = hashlib.sha256(body.encode("utf-8")).hexdigest()[:12]
    return recipe


def with_recipe(func: F) -> F:
    """Write the command's recipe beside its output when it succeeds."""

    @functools.wraps(func)
    def wrapper(*args, recipe_context: typer.Context, **kwargs):
        ctx = recipe_context
        try:  # a recipe is a by-product: a path it cannot use is the command's to explain
            target = recipe_target(ctx.params)
            recipe = build_recipe(ctx) if target is not None else None
        except OSError:
            target = recipe = None
        token = CURRENT.set(recipe)
        try:
            result = func(*args, **kwargs)
        finally:
            CURRENT.reset(token)
        if recipe is not None and target is not None and target.parent.exists():
            from oportumap.files import atomic_path

            recipe["made_at"] = dt.datetime.now().isoformat(timespec="seconds")
            with atomic_path(target) as tmp:
                tmp.write_text(json.dumps(recipe, ensure_ascii=False, indent=2, default=str)
                               + "\n", encoding="utf-8")
        return result

    # The error boundary must wrap this wrapper too (wraps copied the inner one's mark).
    wrapper._oportumap_boundary = False
    # Typer gives the command's context to a parameter annotated typer.Context.
    signature = inspect.signature(func, eval_str=True)
    wrapper.__signature__ = signature.replace(parameters=[
        *signature.parameters.values(),
        inspect.Parameter("recipe_context", inspect.Parameter.KEYWORD_ONLY,
                          annotation=typer.Context)])
    return wrapper  # type: ignore[return-value]


def changed_inputs(recipe: dict) -> list[str]:
    """The inputs of ``recipe`` that are missing or differ now, in words."""
    problems = []
    for item in recipe.get("inputs", []):
        path = Path(item["path"])
        if not path.exists():
            problems.append(f"{path}: ya no existe")
        elif _sha256(path) != item["sha256"]:
            problems.append(f"{path}: cambió desde que se hizo la receta")
    return problems


@user_errors
def rehacer_command(
    ctx: typer.Context,
    recipe_path: Annotated[Path, typer.Argument(
        help="La receta (archivo .receta.json o receta.json) que dejó el comando",
        exists=True, dir_okay=False)],
) -> None:
    """Rehacer una salida desde su receta, comprobando que las entradas no cambiaron.

    Vuelve a ejecutar el mismo comando con las mismas opciones y reemplaza la salida;
    se niega si un archivo de entrada cambió o ya no existe. (Rebuild an output.)
    """
    try:
        recipe = json.loads(recipe_path.read_text(encoding="utf-8"))
        command, options = list(recipe["command"]), list(recipe["options"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DataError(f"{recipe_path}: no es una receta de oportumap legible; use el "
                        "archivo .receta.json que dejó el comando") from exc
    problems = changed_inputs(recipe)
    if problems:
        raise DataError("no se puede rehacer igual: " + "; ".join(problems)
                        + ". Vuelva a ejecutar el comando con los datos de hoy si eso es lo "
                        "que quiere.")
    from oportumap import __version__

    if recipe.get("oportumap") != __version__:
        console.print(f"Aviso: la receta es de oportumap {recipe.get('oportumap')}; esta es "
                      f"{__version__}. El resultado puede diferir.", markup=False)
    root = ctx.find_root().command
    target = root
    for name in command:
        target = target.get_command(ctx, name) if hasattr(target, "get_command") else None
        if target is None:
            raise DataError(f"{recipe_path}: el comando '{' '.join(command)}' no existe en "
                            "esta versión de oportumap")
    force = ["--force"] if any(p.name == "force" for p in target.params) else []
    console.print("Rehaciendo: oportumap " + " ".join(command + options), markup=False)
    try:
        root.main(args=[*command, *options, *force], prog_name="oportumap",
                  standalone_mode=False)
    except typer.Exit as exc:
        if exc.exit_code:
            raise
    except SystemExit as exc:
        if exc.code:
            raise typer.Exit(int(exc.code)) from None
