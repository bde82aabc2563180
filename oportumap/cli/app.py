"""The ``oportumap`` application: every command group registered in one place."""

from __future__ import annotations

from typing import Annotated

import typer

from oportumap.cli import analyses, brief, demo, research, roads, spanish, validate
from oportumap.cli.common import set_debug, user_errors
from oportumap.cli.country import country_app
from oportumap.cli.recipe import rehacer_command, with_recipe
from oportumap.cli.track import outcomes_command, track_app

spanish.install()

app = typer.Typer(
    name="oportumap",
    help="Retornados y oportunidades: validar datos, mapas, brechas, listas de referencia. "
    "(Returnees and opportunities: validation, maps, gaps, referral lists.)",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

app.command("validate")(validate.validate)
app.command("sample")(demo.sample)
# Commands that make an output leave its recipe beside it (oportumap rehacer).
app.command("demo")(with_recipe(demo.demo))
app.command("research-export")(with_recipe(research.research_export))
app.command("referrals")(with_recipe(analyses.referrals_command))
app.command("profile")(with_recipe(analyses.profile))
app.command("map")(with_recipe(analyses.map_command))
app.command("plan")(with_recipe(analyses.plan))
app.command("brief")(with_recipe(brief.brief_command))
app.command("travel-times")(with_recipe(roads.travel_times_command))
app.add_typer(track_app, name="track")
app.command("outcomes")(with_recipe(outcomes_command))
app.add_typer(country_app)
app.command("rehacer")(rehacer_command)


@app.callback()
def global_options(
    debug: Annotated[bool, typer.Option(
        "--debug", help="Mostrar el detalle técnico (traceback) de un error, para "
        "reportarlo (show tracebacks)")] = False,
) -> None:
    """Retornados y oportunidades: validar datos, mapas, brechas, listas de referencia."""
    set_debug(debug)


# One error boundary for every command, whatever group it belongs to.
for _typer_app in (app, track_app, country_app):
    for _command in _typer_app.registered_commands:
        if _command.callback is not None:
            _command.callback = user_errors(_command.callback)


def main() -> None:  # pragma: no cover - console entry point
    """Entry point used by ``python -m oportumap``."""
    import sys

    try:
        app()
    finally:
        try:
            sys.stdout.flush()
        except BrokenPipeError:  # the reader (| head) went away: nothing left to say
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
